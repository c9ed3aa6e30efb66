//! What the promotion tests share: creating a discount or a bonus through the `/v3` admin API.

use xsolla_liveops::models::discounts::{BonusPromotionInput, DiscountPromotionInput};
use xsolla_liveops::models::promotions::Periods;
use xsolla_liveops::{Client, PromotionId};

/// Creates a discount; its id.
pub async fn create_discount(c: &Client, body: DiscountPromotionInput<Periods>) -> PromotionId {
    c.admin()
        .discounts()
        .create(body)
        .send()
        .await
        .unwrap()
        .promotion_id
}

/// Creates a bonus promotion; its id.
pub async fn create_bonus(c: &Client, body: BonusPromotionInput<Periods>) -> PromotionId {
    c.admin()
        .bonuses()
        .create(body)
        .send()
        .await
        .unwrap()
        .promotion_id
}
