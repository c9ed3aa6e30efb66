//! Coupons, promo codes and unique catalog offers: campaigns, their codes, limits and
//! redemptions.
//!
//! Rules (times are the emulator clock):
//! - A campaign is created disabled and runs inside its validity periods (none: always). The
//!   `/v2` routes read and write the first period as `date_start`/`date_end`, the `/v3` routes
//!   the whole `promotion_periods` list; both are views of the same stored campaign.
//! - Codes are 1..128 ASCII letters and digits, case-sensitive, unique across the project (a
//!   coupon code cannot also be a promo code). They are added one by one or generated, up to
//!   100 000 per call, in one transaction.
//! - A redemption checks, in this order: the code exists, its campaign is enabled and inside a
//!   validity period (422/9810 once it is over, 404 before it starts or while disabled), the
//!   per-code, per-player and total limits (422/9804), the attribute conditions against the
//!   player's attributes (422/9808), the unit choices; then it counts the use and, for a
//!   coupon, grants the bonus items in the same transaction.
//! - A promo code is applied to a cart: the use is *reserved* (it counts against every limit)
//!   until the code is removed from the cart or replaced by another one. The cart holds the
//!   code's bonus items as free items, and its discounts are reported as rewards. A unique
//!   catalog offer code is entered the same way; it unlocks the offer's items for the player
//!   and counts as used.
//! - Per-player limits may start over on a schedule (daily, weekly or monthly at a whole hour
//!   with a UTC offset). Xsolla's coupon and promo-code bodies have no field for it; a seed
//!   entry sets it with `user_limit_reset`.
//!
//! This module holds the stored campaign, its counters and the [`Family`] trait; the rest is
//! split by concern:
//! - `errors`: the Xsolla errors of the code calls;
//! - `families`: how coupon, promo-code and unique-offer bodies map onto [`Fields`];
//! - `validate`: the rules a code, a cart id and a campaign definition must follow;
//! - `campaigns`: creating, reading, changing and deleting campaigns;
//! - `generate`: adding, generating and listing codes;
//! - `limits`: per-code and per-player limits;
//! - `paging`: pages of a campaign's codes that cost the page, not the offset;
//! - `redeem`: the checks of a redemption and a coupon's redemption;
//! - `cart`: promo codes and unique offer codes applied to a cart;
//! - `rewards`: items and rewards as the player sees them;
//! - `seed`: the seed sections.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use xsolla_liveops::models::common::{AttributeCondition, LocalizedText, RecurrentSchedule};
use xsolla_liveops::models::promotions::{
    BonusItem, CartDiscount, DiscountedItemInput, PeriodForm, PriceCondition, PromotionPeriod,
};
use xsolla_liveops::{ExternalId, PromotionId, Sku};

use crate::error::{ApiError, ApiResult};
use crate::schedule;

mod campaigns;
mod cart;
mod errors;
mod families;
mod generate;
mod limits;
mod paging;
mod redeem;
mod rewards;
mod seed;
mod validate;

pub use campaigns::{create, delete, get, list, redeemable, set_enabled, update};
pub use cart::{pay_cart, redeem_promo, remove_promo};
pub use errors::code_not_found;
pub use families::{CampaignKind, Coupon, PromoCode, UniqueOffer};
pub use generate::{add_code, generate, list_codes};
pub use limits::{LimitChange, change_user_limit, code_limits, user_limit};
pub use redeem::{check, redeem_coupon};
pub use rewards::{coupon_rewards, promo_rewards};
pub use seed::seed;
pub use validate::{check_code, valid_code};

/// The longest code.
pub const MAX_CODE_LEN: usize = 128;
/// The most codes one generate call makes.
pub const MAX_GENERATED: u32 = 100_000;
/// Length of a generated code.
pub const GENERATED_LEN: usize = 12;

/// Which family a campaign belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A coupon: its bonus items are granted on redemption.
    Coupon,
    /// A promo code: applied to a cart.
    #[serde(rename = "promocode")]
    PromoCode,
    /// A unique catalog offer: unlocks catalog items.
    #[serde(rename = "unique_catalog_offer")]
    UniqueOffer,
}

impl Kind {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Coupon => "coupon",
            Self::PromoCode => "promocode",
            Self::UniqueOffer => "unique_catalog_offer",
        }
    }
}

/// What an admin body defines, whatever its family and validity form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Fields {
    /// Name per locale.
    pub name: LocalizedText,
    /// Validity windows; empty means always.
    #[serde(default)]
    pub periods: Vec<PromotionPeriod>,
    /// Items granted (coupons) or given with the cart (promo codes).
    #[serde(default)]
    pub bonus: Vec<BonusItem>,
    /// Items unlocked (unique catalog offers).
    #[serde(default)]
    pub items: Vec<Sku>,
    /// Redemptions of all codes together.
    #[serde(default)]
    pub redeem_total_limit: Option<i64>,
    /// Redemptions per player.
    #[serde(default)]
    pub redeem_user_limit: Option<i64>,
    /// Redemptions per code.
    #[serde(default)]
    pub redeem_code_limit: Option<i64>,
    /// Conditions on the player's attributes.
    #[serde(default)]
    pub attribute_conditions: Vec<AttributeCondition>,
    /// Cart-wide discount (promo codes).
    #[serde(default)]
    pub discount: Option<CartDiscount>,
    /// Per-item discounts (promo codes).
    #[serde(default)]
    pub discounted_items: Vec<DiscountedItemInput>,
    /// Conditions on the cart total (promo codes).
    #[serde(default)]
    pub price_conditions: Vec<PriceCondition>,
    /// Conditions on item prices (promo codes).
    #[serde(default)]
    pub item_price_conditions: Vec<PriceCondition>,
    /// Promotions that must not stack (promo codes).
    #[serde(default)]
    pub excluded_promotions: Vec<PromotionId>,
}

/// A stored campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodePromotion {
    /// Row id (the `promotion_id` of the code-limit listing).
    pub id: i64,
    /// Family.
    pub kind: Kind,
    /// External id, unique within the family.
    pub external_id: ExternalId,
    /// Enabled by the activate call.
    pub is_enabled: bool,
    /// When per-player counts start over (seed only; Xsolla's bodies have no such field).
    #[serde(default)]
    pub user_limit_reset: Option<RecurrentSchedule>,
    /// The definition.
    pub def: Fields,
}

impl CodePromotion {
    /// Whether `now` lies in a validity window.
    pub fn in_period(&self, now: i64) -> bool {
        self.def.periods.is_empty()
            || self.def.periods.iter().any(|p| {
                p.date_from.timestamp() <= now
                    && p.date_until.is_none_or(|until| now < until.timestamp())
            })
    }

    /// Whether every validity window closed before `now` (the campaign is over, not pending).
    pub fn has_ended(&self, now: i64) -> bool {
        !self.def.periods.is_empty()
            && self
                .def
                .periods
                .iter()
                .all(|p| p.date_until.is_some_and(|until| until.timestamp() <= now))
    }

    /// Start of the per-player reset period at `now` (0 without a schedule).
    pub fn user_period(&self, now: i64) -> i64 {
        self.user_limit_reset
            .as_ref()
            .map_or(0, |s| schedule::bounds(s, now).0)
    }
}

/// The campaigns in memory, by id and by family and external id.
#[derive(Debug, Default)]
pub struct CodeCache {
    /// By row id.
    pub by_id: BTreeMap<i64, Arc<CodePromotion>>,
    /// Row id by family and external id.
    pub by_external: HashMap<(Kind, String), i64>,
    /// Where the pages of code lists continue (see `paging`).
    pub cursors: paging::Cursors,
}

/// Loads every campaign into the cache.
pub fn load(conn: &Connection, all: &mut crate::store::Cache) -> ApiResult<()> {
    let cache = &mut all.codes;
    let mut stmt = conn.prepare_cached("SELECT id, doc FROM code_promotions")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, doc) = row?;
        let p: CodePromotion = serde_json::from_str(&doc)
            .map_err(|e| ApiError::internal("code promotion document", e))?;
        cache
            .by_external
            .insert((p.kind, p.external_id.as_ref().to_owned()), id);
        cache.by_id.insert(id, Arc::new(p));
    }
    Ok(())
}

/// The counts of a campaign that change with every redemption.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counters {
    /// Redemptions done.
    pub used: i64,
    /// Redemptions held by carts.
    pub reserved: i64,
    /// Number of codes.
    pub codes: i64,
}

/// Reads a campaign's counters.
pub fn counters(conn: &Connection, id: i64) -> ApiResult<Counters> {
    Ok(conn
        .prepare_cached("SELECT used, reserved, codes_count FROM code_promotions WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(Counters {
                used: r.get(0)?,
                reserved: r.get(1)?,
                codes: r.get(2)?,
            })
        })
        .optional()?
        .unwrap_or_default())
}

/// A validity form ([`Periods`](xsolla_liveops::models::promotions::Periods) or
/// [`DateRange`](xsolla_liveops::models::promotions::DateRange)) that handlers can move across
/// threads.
pub trait Form: PeriodForm + Send + Sync + 'static {}

impl<P: PeriodForm + Send + Sync + 'static> Form for P {}

/// A family of code campaigns, one of the client's [`CampaignKind`] markers: how its admin
/// bodies (`CampaignKind::New`, `CampaignKind::Input`) and read form (`CampaignKind::Admin`)
/// map onto [`Fields`].
pub trait Family: CampaignKind {
    /// The family, as stored.
    const KIND: Kind;
    /// External id and definition of a creation body.
    fn split<P: Form>(body: Self::New<P>) -> (ExternalId, Fields);
    /// Definition of an update body.
    fn fields<P: Form>(body: Self::Input<P>) -> Fields;
    /// The admin read form of a stored campaign.
    fn view<P: Form>(p: &CodePromotion, c: Counters) -> Self::Admin<P>;
}
