//! Unique catalog offers: what only unique offers have (SKU lists, no bonus). The calls every
//! campaign family shares are tested per family in `campaigns`.

use crate::common::spec::examples;
use serde_json::{Value, json};
use xsolla_liveops::models::promotions::{DateRange, PeriodForm, Periods};
use xsolla_liveops::models::unique_offers::{
    AdminUniqueOffer, AdminUniqueOfferPage, NewUniqueOffer, UniqueOfferInput,
};

fn fixtures() -> Value {
    serde_json::from_str(include_str!("fixtures/unique_offers.json")).unwrap()
}

const ONE: &str = "/v2/project/{project_id}/admin/unique_catalog_offer/{external_id}";

#[test]
fn documented_v3_examples_hold_their_values() {
    let f = fixtures();
    let created: NewUniqueOffer = serde_json::from_value(f["create_v3_request"].clone()).unwrap();
    assert_eq!(created.offer.items.len(), 2);
    let update: UniqueOfferInput = serde_json::from_value(f["update_v3_request"].clone()).unwrap();
    assert_eq!(update.validity.promotion_periods[0].date_until, None);
    let page: AdminUniqueOfferPage = serde_json::from_value(f["list_v3"].clone()).unwrap();
    let offer = page.items[0].clone();
    assert_eq!(offer.items[0].0, "booster_mega_1");

    // The /v2 read of the same offer converts to the /v3 form and back.
    let v2: AdminUniqueOffer<DateRange> =
        serde_json::from_value(examples("GET", ONE).responses[0].2.clone()).unwrap();
    let periods = v2.validity.to_periods();
    assert_eq!(periods.len(), 1);
    assert_eq!(Periods::from_periods(periods.clone()).to_periods(), periods);
    assert_eq!(DateRange::from_periods(periods), v2.validity);

    // The update body of an offer read back lists its SKUs.
    let body = serde_json::to_value(UniqueOfferInput::from(offer)).unwrap();
    assert_eq!(body["items"], json!(["booster_mega_1"]));
    // SKUs only: objects in `items` are refused, as Xsolla does.
    let mut bad = f["update_v3_request"].clone();
    bad["items"] = json!([{"sku": "elven_sword"}]);
    assert!(serde_json::from_value::<UniqueOfferInput>(bad).is_err());
    let mut bad = f["create_v3_request"].clone();
    bad["bonus"] = json!([]);
    assert!(serde_json::from_value::<NewUniqueOffer>(bad).is_err());
}
