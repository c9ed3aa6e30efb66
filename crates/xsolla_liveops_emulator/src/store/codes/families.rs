//! The three families of code campaigns, the client's [`CampaignKind`] markers: how their
//! admin bodies map onto [`Fields`] and how a stored campaign reads back in each family's
//! admin form. The body and read types are the client's (`CampaignKind::New`, `Input`,
//! `Admin`), so the emulator and the client cannot disagree on them.

use xsolla_liveops::ExternalId;
pub use xsolla_liveops::api::campaigns::{CampaignKind, Coupon, PromoCode, UniqueOffer};
use xsolla_liveops::models::coupons::{AdminCoupon, CouponInput, NewCoupon};
use xsolla_liveops::models::promo_codes::{AdminPromoCode, NewPromoCode, PromoCodeInput};
use xsolla_liveops::models::promotions::{BonusItem, BonusItemInput, DiscountedItem, LimitState};
use xsolla_liveops::models::unique_offers::{AdminUniqueOffer, NewUniqueOffer, UniqueOfferInput};

use super::{CodePromotion, Counters, Family, Fields, Form, Kind};

fn bonus_items(input: Vec<BonusItemInput>) -> Vec<BonusItem> {
    input
        .into_iter()
        .map(|b| BonusItem {
            sku: b.sku,
            quantity: b.quantity,
        })
        .collect()
}

/// The total-limit state of a campaign with a total limit.
fn total_state(p: &CodePromotion, c: Counters) -> Option<LimitState> {
    p.def.redeem_total_limit.map(|total| LimitState {
        available: (total - c.used - c.reserved).max(0),
        reserved: c.reserved,
        used: c.used,
    })
}

/// The number of codes as the admin forms report it.
fn codes_count(c: Counters) -> Option<u64> {
    Some(u64::try_from(c.codes).unwrap_or(0))
}

impl Family for Coupon {
    const KIND: Kind = Kind::Coupon;

    fn split<P: Form>(body: NewCoupon<P>) -> (ExternalId, Fields) {
        (body.external_id, Self::fields(body.coupon))
    }

    fn fields<P: Form>(c: CouponInput<P>) -> Fields {
        Fields {
            name: c.name,
            periods: c.validity.to_periods(),
            bonus: bonus_items(c.bonus),
            redeem_total_limit: c.redeem_total_limit,
            redeem_user_limit: c.redeem_user_limit,
            redeem_code_limit: c.redeem_code_limit,
            attribute_conditions: c.attribute_conditions,
            ..Fields::default()
        }
    }

    fn view<P: Form>(p: &CodePromotion, c: Counters) -> AdminCoupon<P> {
        let d = &p.def;
        AdminCoupon {
            external_id: p.external_id.clone(),
            name: d.name.clone(),
            validity: P::from_periods(d.periods.clone()),
            bonus: d.bonus.clone(),
            is_enabled: p.is_enabled,
            redeem_total_limit: d.redeem_total_limit,
            redeem_user_limit: d.redeem_user_limit,
            redeem_code_limit: d.redeem_code_limit,
            total_limit_state: total_state(p, c),
            total_codes_count: codes_count(c),
            attribute_conditions: d.attribute_conditions.clone(),
        }
    }
}

impl Family for PromoCode {
    const KIND: Kind = Kind::PromoCode;

    fn split<P: Form>(body: NewPromoCode<P>) -> (ExternalId, Fields) {
        (body.external_id, Self::fields(body.promo_code))
    }

    fn fields<P: Form>(c: PromoCodeInput<P>) -> Fields {
        Fields {
            name: c.name,
            periods: c.validity.to_periods(),
            bonus: bonus_items(c.bonus),
            items: Vec::new(),
            redeem_total_limit: c.redeem_total_limit,
            redeem_user_limit: c.redeem_user_limit,
            redeem_code_limit: c.redeem_code_limit,
            attribute_conditions: c.attribute_conditions,
            discount: c.discount.filter(|d| d.percent.is_some()),
            discounted_items: c.discounted_items,
            price_conditions: c.price_conditions,
            item_price_conditions: c.item_price_conditions,
            excluded_promotions: c.excluded_promotions,
        }
    }

    fn view<P: Form>(p: &CodePromotion, c: Counters) -> AdminPromoCode<P> {
        let d = &p.def;
        AdminPromoCode {
            external_id: p.external_id.clone(),
            name: d.name.clone(),
            validity: P::from_periods(d.periods.clone()),
            bonus: d.bonus.clone(),
            is_enabled: p.is_enabled,
            redeem_total_limit: d.redeem_total_limit,
            redeem_user_limit: d.redeem_user_limit,
            redeem_code_limit: d.redeem_code_limit,
            discount: d.discount.clone(),
            discounted_items: (!d.discounted_items.is_empty()).then(|| {
                d.discounted_items
                    .iter()
                    .map(|i| DiscountedItem {
                        sku: i.sku.clone(),
                        discount: i.discount.clone(),
                        name: None,
                        item_type: None,
                        description: None,
                        image_url: None,
                        unit_items: Vec::new(),
                    })
                    .collect()
            }),
            total_limit_state: total_state(p, c),
            total_codes_count: codes_count(c),
            attribute_conditions: d.attribute_conditions.clone(),
            price_conditions: d.price_conditions.clone(),
            item_price_conditions: d.item_price_conditions.clone(),
            excluded_promotions: d.excluded_promotions.clone(),
        }
    }
}

impl Family for UniqueOffer {
    const KIND: Kind = Kind::UniqueOffer;

    fn split<P: Form>(body: NewUniqueOffer<P>) -> (ExternalId, Fields) {
        (body.external_id, Self::fields(body.offer))
    }

    fn fields<P: Form>(c: UniqueOfferInput<P>) -> Fields {
        Fields {
            name: c.name,
            periods: c.validity.to_periods(),
            items: c.items,
            redeem_total_limit: c.redeem_total_limit,
            redeem_user_limit: c.redeem_user_limit,
            redeem_code_limit: c.redeem_code_limit,
            ..Fields::default()
        }
    }

    fn view<P: Form>(p: &CodePromotion, c: Counters) -> AdminUniqueOffer<P> {
        let d = &p.def;
        AdminUniqueOffer {
            external_id: p.external_id.clone(),
            name: d.name.clone(),
            validity: P::from_periods(d.periods.clone()),
            items: d.items.clone(),
            is_enabled: p.is_enabled,
            redeem_total_limit: d.redeem_total_limit,
            redeem_user_limit: d.redeem_user_limit,
            redeem_code_limit: d.redeem_code_limit,
            total_limit_state: total_state(p, c),
            total_codes_count: codes_count(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_properties_of_flattened_bodies_are_refused() {
        let err = crate::extract::decode::<NewCoupon>(
            br#"{"external_id":"a","name":{"en-US":"A"},"bogus":1}"#,
        )
        .unwrap_err();
        assert_eq!(err.code, 1102, "{}", err.message);
        assert!(err.message.contains("bogus"), "{}", err.message);
    }
}
