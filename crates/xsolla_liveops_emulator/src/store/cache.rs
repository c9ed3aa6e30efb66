//! The definitions kept in memory: one field per feature, each filled by its module's `load`.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use xsolla_liveops::models::daily::AdminDailyChain;

use super::catalog::Item;
use super::offer::OfferChainDoc;
use super::{codes, personalization, promotions, rewards};

/// Definitions kept in memory, always equal to what the database holds.
#[derive(Debug, Default)]
pub struct Cache {
    /// Catalog items by SKU.
    pub items: HashMap<String, Arc<Item>>,
    /// Daily chains by id, in their stored (admin) form.
    pub daily: BTreeMap<i64, Arc<AdminDailyChain>>,
    /// Offer chains by id.
    pub offer: BTreeMap<i64, Arc<OfferChainDoc>>,
    /// Coupon, promo-code and unique-catalog-offer campaigns.
    pub codes: codes::CodeCache,
    /// Discounts and bonuses by promotion id.
    pub promotions: BTreeMap<i64, Arc<promotions::PromotionDoc>>,
    /// Personalized-catalog rules by rule id.
    pub rules: BTreeMap<i64, Arc<personalization::RuleDoc>>,
    /// Value points by SKU.
    pub value_points: BTreeMap<String, Arc<rewards::ValuePoint>>,
    /// What one unit of an item earns, by item SKU: `(value point SKU, amount)` in value
    /// point order, the disabled ones too (see [`rewards::points_of_item`]).
    pub earnings: HashMap<String, Vec<(String, i64)>>,
    /// Reward chains by id.
    pub reward: BTreeMap<i64, Arc<rewards::RewardChainDoc>>,
    /// The project's upsell setting, if any.
    pub upsell: Option<Arc<xsolla_liveops::models::upsell::UpsellInput>>,
}
