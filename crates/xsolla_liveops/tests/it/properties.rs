//! Property: every model reads back exactly what it writes. The inputs are the documented
//! examples of Xsolla's spec (requests and answers of every LiveOps operation) with random
//! edits (keys removed, values nulled or replaced); whenever a model accepts an input, writing
//! it and reading the result again must give the same value.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use xsolla_liveops::models::{
    codes, common, coupons, daily, discounts, limits, offer, personalization, promo_codes,
    promotions, rewards, unique_offers, upsell,
};

use crate::common::spec::spec;

/// Every request and answer example of the spec, plus the test fixtures.
fn documents() -> Vec<Value> {
    let mut out = Vec::new();
    let mut push = |v: &Value| {
        if let Some(e) = v.get("example") {
            out.push(e.clone());
        }
        if let Some(map) = v.get("examples").and_then(Value::as_object) {
            out.extend(map.values().filter_map(|e| e.get("value").cloned()));
        }
    };
    fn walk(v: &Value, push: &mut dyn FnMut(&Value)) {
        match v {
            Value::Object(map) => {
                if let Some(Value::Object(content)) = map.get("content")
                    && let Some(json) = content.get("application/json")
                {
                    push(json);
                }
                map.values().for_each(|c| walk(c, push));
            }
            Value::Array(items) => items.iter().for_each(|c| walk(c, push)),
            _ => {}
        }
    }
    walk(&spec()["paths"], &mut push);
    walk(&spec()["components"], &mut push);
    for text in [
        include_str!("fixtures/coupons.json"),
        include_str!("fixtures/daily_chains.json"),
        include_str!("fixtures/discounts.json"),
        include_str!("fixtures/offer_chains.json"),
        include_str!("fixtures/promo_codes.json"),
        include_str!("fixtures/unique_offers.json"),
    ] {
        let v: Value = serde_json::from_str(text).unwrap();
        out.extend(v.as_object().unwrap().values().cloned());
    }
    out
}

/// One edit at one place of a document.
#[derive(Debug, Clone)]
enum Edit {
    Remove,
    Null,
    Text(String),
    Int(i64),
    Bool(bool),
    EmptyList,
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        Just(Edit::Remove),
        Just(Edit::Null),
        "[a-zA-Z0-9_.:+-]{0,12}".prop_map(Edit::Text),
        any::<i64>().prop_map(Edit::Int),
        (-3i64..3).prop_map(Edit::Int),
        any::<bool>().prop_map(Edit::Bool),
        Just(Edit::EmptyList),
    ]
}

/// Applies `edit` at the `at`-th place (depth-first, modulo the count of places).
fn apply(doc: &mut Value, at: usize, edit: &Edit) {
    fn count(v: &Value) -> usize {
        match v {
            Value::Object(m) => m.values().map(|c| 1 + count(c)).sum(),
            Value::Array(a) => a.iter().map(|c| 1 + count(c)).sum(),
            _ => 0,
        }
    }
    fn go(v: &mut Value, at: &mut usize, edit: &Edit) -> bool {
        let keys: Vec<String> = match v {
            Value::Object(m) => m.keys().cloned().collect(),
            Value::Array(a) => (0..a.len()).map(|i| i.to_string()).collect(),
            _ => return false,
        };
        for key in keys {
            if *at == 0 {
                let replacement = match edit {
                    Edit::Remove => None,
                    Edit::Null => Some(Value::Null),
                    Edit::Text(s) => Some(Value::String(s.clone())),
                    Edit::Int(n) => Some(Value::from(*n)),
                    Edit::Bool(b) => Some(Value::Bool(*b)),
                    Edit::EmptyList => Some(Value::Array(Vec::new())),
                };
                match (v, replacement) {
                    (Value::Object(m), Some(r)) => {
                        m.insert(key, r);
                    }
                    (Value::Object(m), None) => {
                        m.remove(&key);
                    }
                    (Value::Array(a), r) => {
                        let i: usize = key.parse().unwrap();
                        match r {
                            Some(r) => a[i] = r,
                            None => {
                                a.remove(i);
                            }
                        }
                    }
                    _ => {}
                }
                return true;
            }
            *at -= 1;
            let child = match v {
                Value::Object(m) => m.get_mut(&key),
                Value::Array(a) => a.get_mut(key.parse::<usize>().unwrap()),
                _ => None,
            };
            if let Some(child) = child
                && go(child, at, edit)
            {
                return true;
            }
        }
        false
    }
    let n = count(doc);
    if n > 0 {
        let mut at = at % n;
        go(doc, &mut at, edit);
    }
}

/// Reads `doc` as `T`; when it reads, writes it and reads it back: the two must be equal.
/// Returns whether `T` accepted the document.
fn reads_back<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(
    doc: &Value,
) -> Result<bool, TestCaseError> {
    let Ok(first) = serde_json::from_value::<T>(doc.clone()) else {
        return Ok(false);
    };
    let written = serde_json::to_value(&first).map_err(|e| {
        TestCaseError::fail(format!("{}: cannot write: {e}", std::any::type_name::<T>()))
    })?;
    let second = serde_json::from_value::<T>(written.clone()).map_err(|e| {
        TestCaseError::fail(format!(
            "{} does not read its own output {written}: {e}",
            std::any::type_name::<T>()
        ))
    })?;
    prop_assert_eq!(
        &first,
        &second,
        "{} from {}",
        std::any::type_name::<T>(),
        doc
    );
    Ok(true)
}

macro_rules! every_model {
    ($doc:expr, $accepted:expr; $($t:ty),* $(,)?) => {
        $( if reads_back::<$t>($doc)? { $accepted.insert(std::any::type_name::<$t>()); } )*
    };
}

fn check(
    doc: &Value,
    accepted: &mut std::collections::BTreeSet<&'static str>,
) -> Result<(), TestCaseError> {
    every_model!(doc, accepted;
        codes::CodeKind,
        codes::CodeVerification,
        common::LocalizedText,
        common::Price,
        common::OrderOperator,
        common::StringOperator,
        common::AttributeCondition,
        common::IntervalType,
        common::RecurrentSchedule,
        common::RecurrentScheduleState,
        common::ClientSchedule,
        common::PageQuery,
        common::ItemType,
        common::ClientRewardItem,
        common::StepItemInput,
        coupons::CouponRedemption,
        coupons::RedeemedCoupon,
        coupons::CouponRewards,
        coupons::CouponInput,
        coupons::NewCoupon,
        coupons::AdminCoupon,
        daily::DailyChainType,
        daily::DailyStepStatus,
        daily::ClientDailyStep,
        daily::ClientDailyChain,
        daily::AdminStepItem,
        daily::AdminDailyStep,
        daily::AdminDailyChain,
        daily::DailyStepInput,
        daily::DailyChainInput,
        daily::CreatedDailyChain,
        discounts::ItemSku,
        discounts::PromotionItem,
        discounts::PercentDiscountInput,
        discounts::PriceConditionInput,
        discounts::DiscountAttributeConditions,
        discounts::DiscountPromotionInput,
        discounts::DiscountPromotion,
        discounts::BonusPromotionInput,
        discounts::BonusPromotion,
        discounts::CreatedPromotionId,
        discounts::PromotionType,
        discounts::ListedPeriod,
        discounts::BundleType,
        discounts::ListedItem,
        discounts::ListedReward,
        discounts::ListedCondition,
        discounts::PromotionSummary,
        limits::UserLimitTarget,
        limits::UserLimitRefresh,
        offer::ValuePointReward,
        offer::LoyaltyPointReward,
        offer::ClientOfferStep,
        offer::ClientOfferChain,
        offer::PaymentToken,
        offer::OfferStepOrder,
        offer::AdminOfferItem,
        offer::AdminOfferStep,
        offer::AdminOfferChain,
        offer::OfferItemInput,
        offer::OfferStepInput,
        offer::OfferChainInput,
        offer::CreatedOfferChain,
        personalization::RuleItemRef,
        personalization::RuleItem,
        personalization::CatalogRule,
        personalization::CatalogRuleInput,
        personalization::CatalogRulePatch,
        personalization::CatalogRuleSummary,
        personalization::CatalogRuleSummaries,
        personalization::CreatedCatalogRule,
        promo_codes::CartRef,
        promo_codes::PromoCodeRedemption,
        promo_codes::PromoCodeRemoval,
        promo_codes::PromoCodeRewards,
        promo_codes::Cart,
        promo_codes::PromoCodeInput,
        promo_codes::NewPromoCode,
        promo_codes::AdminPromoCode,
        promotions::PromotionPeriod,
        promotions::Periods,
        promotions::DateRange,
        promotions::UserExternalId,
        promotions::BonusItemInput,
        promotions::BonusItem,
        promotions::PercentDiscount,
        promotions::CartDiscount,
        promotions::DiscountedItemInput,
        promotions::PriceOperator,
        promotions::PriceCondition,
        promotions::LimitState,
        promotions::PromotionLimitsInput,
        promotions::LimitScheduleInput,
        promotions::PromotionLimits,
        promotions::LimitTotal,
        promotions::LimitScheduleState,
        promotions::LimitUser,
        promotions::UserLimitChange,
        promotions::UserLimit,
        promotions::UserLimitState,
        promotions::CodeLimitState,
        promotions::CodeLimit,
        promotions::CodeLimitPage,
        promotions::CodeInput,
        promotions::CreatedCode,
        promotions::CodeEntry,
        promotions::CodeList,
        promotions::GenerateCodes,
        promotions::GeneratedCodes,
        promotions::CreatedPromotion,
        promotions::ItemName,
        promotions::UnitItem,
        promotions::Consumable,
        promotions::ExpirationPeriod,
        promotions::InventoryOptions,
        promotions::RewardItem,
        promotions::BonusReward,
        promotions::DiscountedItem,
        promotions::ItemGroup,
        promotions::DiscountedPrice,
        promotions::ItemPrice,
        promotions::ValuePointReward,
        promotions::ItemLimitState,
        promotions::ItemLimits,
        promotions::ItemPromotion,
        promotions::ItemPromotionDiscount,
        promotions::StoreItem,
        rewards::ClanType,
        rewards::ClanContributor,
        rewards::StepPrice,
        rewards::ClientValuePoint,
        rewards::RewardChainItem,
        rewards::ClientRewardStep,
        rewards::ClientRewardChain,
        rewards::ClanUpdate,
        rewards::MaybeLocalized,
        rewards::MediaType,
        rewards::MediaItem,
        rewards::AdminValuePoint,
        rewards::ValuePointInput,
        rewards::CreatedValuePoint,
        rewards::ItemValuePoints,
        rewards::ItemValuePointsList,
        rewards::ItemValuePointsInput,
        rewards::ChainValuePoint,
        rewards::AdminRewardItem,
        rewards::AdminRewardStep,
        rewards::AdminRewardChain,
        rewards::ValuePointRef,
        rewards::RewardItemInput,
        rewards::RewardStepInput,
        rewards::RewardChainInput,
        rewards::RewardStepUpdate,
        rewards::RewardChainUpdate,
        rewards::CreatedRewardChain,
        unique_offers::UniqueOfferInput,
        unique_offers::NewUniqueOffer,
        unique_offers::AdminUniqueOffer,
        upsell::TextOrLocalized,
        upsell::BundleType,
        upsell::ItemGroup,
        upsell::ItemAttributeValue,
        upsell::ItemAttribute,
        upsell::ItemPrice,
        upsell::VirtualPrice,
        upsell::Consumable,
        upsell::ExpirationUnit,
        upsell::ExpirationPeriod,
        upsell::InventoryOptions,
        upsell::VirtualItemType,
        upsell::PromotionDiscount,
        upsell::PromotionBonus,
        upsell::PromotionUserLimit,
        upsell::PromotionLimits,
        upsell::ItemPromotion,
        upsell::ItemUserLimit,
        upsell::ItemGlobalLimit,
        upsell::ItemLimits,
        upsell::SalePeriod,
        upsell::UpsellItem,
        upsell::UpsellType,
        upsell::UpsellUnitItem,
        upsell::UpsellConfigItem,
        upsell::UpsellConfig,
        upsell::UpsellConfigAnswer,
        upsell::UpsellInput
    );
    Ok(())
}

#[test]
fn every_model_reads_back_what_it_writes() {
    let docs = documents();
    assert!(docs.len() > 100, "only {} examples found", docs.len());
    let mut accepted = std::collections::BTreeSet::new();
    // The examples as documented.
    for doc in &docs {
        check(doc, &mut accepted).unwrap();
    }
    // With random edits.
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(512);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let n = docs.len();
    runner
        .run(
            &(
                0..n,
                proptest::collection::vec((any::<usize>(), edit()), 1..4),
            ),
            |(i, edits)| {
                let mut doc = docs[i].clone();
                for (at, e) in &edits {
                    apply(&mut doc, *at, e);
                }
                check(&doc, &mut std::collections::BTreeSet::new())
            },
        )
        .unwrap();
    assert!(
        accepted.len() > 60,
        "only {} models read an example: {accepted:?}",
        accepted.len()
    );
}
