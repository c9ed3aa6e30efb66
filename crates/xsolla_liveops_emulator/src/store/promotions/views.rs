//! Read forms: a discount or bonus as the admin API reads it in the `/v2` or `/v3` form, its
//! limits with their reset dates, and the all-promotions list (which also lists coupon,
//! promo-code and unique-offer campaigns).

use std::sync::Arc;

use serde_json::Value;
use xsolla_liveops::models::common::{DateTime, RecurrentScheduleState};
use xsolla_liveops::models::discounts::{
    BonusPromotion, BundleType, DiscountPromotion, ListedCondition, ListedItem, ListedPeriod,
    ListedReward, PromotionItem, PromotionSummary, PromotionType,
};
use xsolla_liveops::models::promotions::{
    ApiVersion, BonusItem, CartDiscount, LimitScheduleState, LimitTotal, PeriodForm,
    PromotionLimits, PromotionPeriod,
};
use xsolla_liveops::{PromotionId, Sku};

use super::{Kind, PromotionDoc};
use crate::store::Cache;
use crate::store::codes::{CodePromotion, Kind as CodeKind};
use crate::store::offer::fill_reset_dates;

/// The limits as the admin API reads them back, with the reset dates at `now`.
pub fn limits_view(doc: &PromotionDoc, now: i64) -> Option<PromotionLimits> {
    let l = doc.limits.as_ref()?;
    Some(PromotionLimits {
        per_user: l.per_user.map(|total| LimitTotal { total }),
        per_item: None,
        recurrent_schedule: l.recurrent_schedule.as_ref().map(|s| {
            let mut per_user = RecurrentScheduleState {
                schedule: s.per_user.clone(),
                reset_next_date: None,
                displayable_reset_start_date: None,
                displayable_reset_next_date: None,
            };
            fill_reset_dates(&mut per_user, doc.schedule_since, now);
            LimitScheduleState { per_user }
        }),
    })
}

/// A discount as the admin API reads it in the form `P`.
pub fn discount_view<P: PeriodForm>(doc: &PromotionDoc, now: i64) -> DiscountPromotion<P> {
    DiscountPromotion {
        id: PromotionId(doc.id),
        period: P::from_periods(doc.periods.clone()),
        is_enabled: doc.is_enabled,
        name: doc.name.clone(),
        discount: Some(CartDiscount {
            percent: doc.percent.clone(),
        }),
        items: doc.items.as_deref().map(promotion_items),
        attribute_conditions: doc.attribute_conditions.clone(),
        limits: limits_view(doc, now),
        price_conditions: doc.price_conditions.clone(),
        excluded_promotions: doc.excluded_promotions.clone(),
    }
}

/// A bonus promotion as the admin API reads it in the form `P`.
pub fn bonus_view<P: PeriodForm>(doc: &PromotionDoc, now: i64) -> BonusPromotion<P> {
    BonusPromotion {
        id: PromotionId(doc.id),
        period: P::from_periods(doc.periods.clone()),
        name: doc.name.clone(),
        is_enabled: doc.is_enabled,
        condition: doc.condition.as_deref().map(promotion_items),
        bonus: Some(doc.bonus.clone()),
        attribute_conditions: doc.flat_conditions(),
        limits: limits_view(doc, now),
        excluded_promotions: doc.excluded_promotions.clone(),
        price_conditions: doc.price_conditions.clone(),
    }
}

/// Items as the admin read forms list them.
fn promotion_items(skus: &[Sku]) -> Vec<PromotionItem> {
    skus.iter()
        .map(|s| PromotionItem {
            sku: Some(s.clone()),
        })
        .collect()
}

/// Validity windows as the all-promotions list shows them in the form `P`: all of them
/// (`/v3`), or the first as a date pair (`/v2`).
fn listed_period<P: PeriodForm>(periods: &[PromotionPeriod]) -> ListedPeriod {
    match P::VERSION {
        ApiVersion::V3 => ListedPeriod::Periods {
            promotion_periods: periods.to_vec(),
        },
        ApiVersion::V2 => ListedPeriod::Dates {
            date_start: periods.first().map(|w| w.date_from.into()),
            date_end: periods.first().and_then(|w| w.date_until).map(Into::into),
        },
    }
}

/// Bonus items as the all-promotions list shows them.
fn listed_rewards(cache: &Cache, bonus: &[BonusItem]) -> Vec<ListedReward> {
    bonus
        .iter()
        .map(|b| ListedReward {
            item: listed_item(cache, &b.sku),
            quantity: b.quantity,
        })
        .collect()
}

/// An item as the all-promotions list shows it, described from the catalog.
fn listed_item(cache: &Cache, sku: &Sku) -> ListedItem {
    let item = cache.items.get(&sku.0);
    let input = item.map(|i| &i.input);
    ListedItem {
        sku: Some(sku.clone()),
        external_id: None,
        name: input.map(|i| i.name.normalized()),
        item_type: input.map(|i| i.item_type.clone()),
        bundle_type: input.and_then(|i| i.bundle_type.clone()).map(|b| {
            serde_json::from_value(Value::String(b.clone())).unwrap_or(BundleType::Other(b))
        }),
        description: input
            .and_then(|i| i.description.as_ref())
            .and_then(|d| d.resolve("en"))
            .map(str::to_owned),
        image_url: input.and_then(|i| i.image_url.clone()),
        inventory_options: None,
        content: None,
        unit_items: None,
        is_enabled: None,
        redeem_total_limit: None,
        redeem_user_limit: None,
        redeem_code_limit: None,
    }
}

/// A promotion as the all-promotions list shows it, with dates in the form `P`.
pub fn summary<P: PeriodForm>(cache: &Cache, doc: &PromotionDoc, now: i64) -> PromotionSummary {
    let condition_skus = match doc.kind {
        Kind::Discount => doc.items.as_ref(),
        Kind::Bonus => doc.condition.as_ref(),
    };
    PromotionSummary {
        id: PromotionId(doc.id),
        period: listed_period::<P>(&doc.periods),
        name: doc.name.clone(),
        promotion_type: Some(match (doc.kind, &doc.condition) {
            (Kind::Discount, _) => PromotionType::ItemDiscount,
            (Kind::Bonus, Some(_)) => PromotionType::ItemBonus,
            (Kind::Bonus, None) => PromotionType::CartBonus,
        }),
        is_enabled: doc.is_enabled,
        bonus: Some(listed_rewards(cache, &doc.bonus)),
        condition: condition_skus.map(|skus| {
            skus.iter()
                .map(|s| ListedCondition {
                    item: listed_item(cache, s),
                })
                .collect()
        }),
        discount: doc.percent.as_ref().map(|p| CartDiscount {
            percent: Some(p.clone()),
        }),
        limits: limits_view(doc, now),
    }
}

/// `(total, active, inactive)` counts of the promotions `keep` accepts.
pub fn counts<'a>(docs: impl Iterator<Item = &'a Arc<PromotionDoc>>) -> (u64, u64, u64) {
    docs.fold((0, 0, 0), |(t, a, i), d| {
        if d.is_enabled {
            (t + 1, a + 1, i)
        } else {
            (t + 1, a, i + 1)
        }
    })
}

/// A coupon, promo-code or unique-catalog-offer campaign (store/codes.rs) as the
/// all-promotions list shows it: the campaign itself is the condition (its external id and
/// redemption limits), its bonus items the rewards. Its id is the campaign's row id, which is
/// its own sequence: it may equal a discount's or bonus's id.
pub fn code_summary<P: PeriodForm>(cache: &Cache, p: &CodePromotion) -> PromotionSummary {
    let mut campaign = ListedItem {
        sku: None,
        external_id: Some(p.external_id.clone()),
        name: None,
        item_type: None,
        bundle_type: None,
        description: None,
        image_url: None,
        inventory_options: None,
        content: None,
        unit_items: None,
        is_enabled: Some(p.is_enabled),
        redeem_total_limit: p.def.redeem_total_limit,
        redeem_user_limit: p.def.redeem_user_limit,
        redeem_code_limit: p.def.redeem_code_limit,
    };
    campaign.name = Some(p.def.name.clone());
    PromotionSummary {
        id: PromotionId(p.id),
        period: listed_period::<P>(&p.def.periods),
        name: p.def.name.clone(),
        promotion_type: Some(match p.kind {
            CodeKind::Coupon => PromotionType::CouponBonus,
            CodeKind::PromoCode => PromotionType::PromocodeBonusDiscount,
            CodeKind::UniqueOffer => PromotionType::Other("unique_catalog_offer".to_owned()),
        }),
        is_enabled: p.is_enabled,
        bonus: Some(listed_rewards(cache, &p.def.bonus)),
        condition: Some(vec![ListedCondition { item: campaign }]),
        discount: p.def.discount.clone(),
        limits: None,
    }
}

/// The validity of a promotion as a date pair (`/v2` form), for code that shows one window.
pub fn first_window(doc: &PromotionDoc) -> (Option<DateTime>, Option<DateTime>) {
    doc.periods
        .first()
        .map_or((None, None), |p| (Some(p.date_from), p.date_until))
}
