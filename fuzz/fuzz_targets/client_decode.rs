//! The client's response decoding, for every operation's output (the LiveOps API, orders and
//! inventory, Xsolla Login): any bytes a server may answer with decode to a value or to
//! `Error::Decode`, never a panic. A decoded value serializes, and
//! what it serializes to decodes again (the emulator answers with the same models).

#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::Serialize;
use serde::de::DeserializeOwned;
use xsolla_liveops::client::decode;
use xsolla_liveops::models::promotions::{DateRange, Periods};
use xsolla_liveops::models::{
    codes, common, coupons, daily, discounts, inventory, login, offer, orders, personalization,
    promo_codes, promotions, rewards, unique_offers, upsell,
};

fn check<T: DeserializeOwned + Serialize>(body: &[u8]) {
    if let Ok(value) = decode::<T>(200, body) {
        let again = serde_json::to_vec(&value).expect("a decoded value serializes");
        if let Err(e) = decode::<T>(200, &again) {
            panic!(
                "{} does not decode what it serializes to: {e}\n{}",
                std::any::type_name::<T>(),
                String::from_utf8_lossy(&again)
            );
        }
    }
}

macro_rules! all {
    ($body:expr; $($t:ty),* $(,)?) => {
        $(check::<$t>($body);)*
    };
}

fuzz_target!(|body: &[u8]| {
    // The error bodies the client keeps whole: Xsolla's, and Login's envelope.
    let _ = serde_json::from_slice::<xsolla_liveops::ErrorBody>(body);
    check::<login::LoginErrorBody>(body);
    all!(body;
        common::NoContent,
        daily::ClientDailyChain, daily::ClientDailyChainPage, daily::AdminDailyChain,
        daily::AdminDailyChainPage, daily::CreatedDailyChain,
        offer::ClientOfferChain, offer::ClientOfferChainPage, offer::AdminOfferChain,
        offer::AdminOfferChainPage, offer::CreatedOfferChain, offer::ClaimedOfferStep,
        offer::OfferStepOrder,
        upsell::UpsellItemsPage, upsell::UpsellConfigAnswer,
        rewards::ClientRewardChainPage, rewards::ClientValuePoint, rewards::ValuePointPage,
        rewards::AdminValuePoint, rewards::CreatedValuePoint, rewards::ItemValuePointsList,
        rewards::AdminRewardChain, rewards::AdminRewardChainPage, rewards::CreatedRewardChain,
        rewards::ClanUpdate, Vec<rewards::ClanContributor>,
        coupons::RedeemedCoupon, coupons::CouponRewards,
        coupons::AdminCoupon<Periods>, coupons::AdminCoupon<DateRange>,
        promotions::PromotionPage<coupons::AdminCoupon<Periods>>,
        promotions::PromotionPage<coupons::AdminCoupon<DateRange>>,
        promo_codes::Cart, promo_codes::PromoCodeRewards,
        promo_codes::AdminPromoCode<Periods>, promo_codes::AdminPromoCode<DateRange>,
        promotions::PromotionPage<promo_codes::AdminPromoCode<Periods>>,
        promotions::PromotionPage<promo_codes::AdminPromoCode<DateRange>>,
        unique_offers::AdminUniqueOffer<Periods>, unique_offers::AdminUniqueOffer<DateRange>,
        promotions::PromotionPage<unique_offers::AdminUniqueOffer<Periods>>,
        promotions::PromotionPage<unique_offers::AdminUniqueOffer<DateRange>>,
        promotions::CreatedPromotion, promotions::CreatedCode, promotions::GeneratedCodes,
        promotions::CodeList, promotions::CodeLimitPage, promotions::UserLimit,
        discounts::DiscountPromotion<Periods>, discounts::DiscountPromotion<DateRange>,
        discounts::BonusPromotion<Periods>, discounts::BonusPromotion<DateRange>,
        discounts::PromotionList<discounts::DiscountPromotion<Periods>>,
        discounts::PromotionList<discounts::DiscountPromotion<DateRange>>,
        discounts::PromotionList<discounts::BonusPromotion<Periods>>,
        discounts::PromotionList<discounts::BonusPromotion<DateRange>>,
        discounts::PromotionSummaryList, discounts::CreatedPromotionId,
        codes::CodeVerification, codes::RedeemablePromotion,
        personalization::CatalogRule, personalization::CatalogRulePage,
        personalization::CatalogRuleSummaries, personalization::CreatedCatalogRule,
        orders::Order, orders::ItemOrder, orders::VirtualOrder,
        inventory::InventoryItemsPage, inventory::CurrencyBalance,
        login::TokenSet, login::LoginUrl, Option<login::LoginUrl>, login::UserDetails,
    );
});
