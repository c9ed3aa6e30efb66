//! Items and rewards as the player sees them: the items of a redemption or a cart, and the
//! reward previews of a coupon or a promo code.

use serde_json::{Map, Value};
use xsolla_liveops::Sku;
use xsolla_liveops::models::coupons::CouponRewards;
use xsolla_liveops::models::promo_codes::PromoCodeRewards;
use xsolla_liveops::models::promotions::{
    BonusReward, DiscountedItem, DiscountedPrice, ItemName, ItemPrice, RewardItem, StoreItem,
    UnitItem,
};

use super::redeem::is_unit;
use super::{CodePromotion, Kind};
use crate::store::Cache;
use crate::store::catalog::Item;

/// A catalog item as a redemption answer shows it.
pub(super) fn store_item(
    cache: &Cache,
    sku: &str,
    quantity: i64,
    locale: &str,
    free: bool,
) -> StoreItem {
    let mut extra = Map::new();
    extra.insert("attributes".to_owned(), Value::Array(Vec::new()));
    extra.insert("virtual_prices".to_owned(), Value::Array(Vec::new()));
    let mut out = StoreItem {
        sku: Sku(sku.to_owned()),
        name: None,
        item_type: None,
        virtual_item_type: None,
        description: None,
        image_url: None,
        groups: Vec::new(),
        quantity,
        is_free: free,
        price: None,
        can_be_bought: None,
        promotions: Vec::new(),
        vp_rewards: Vec::new(),
        limits: None,
        periods: None,
        inventory_options: None,
        extra,
    };
    if let Some(item) = cache.items.get(sku) {
        let i = &item.input;
        out.name = i.name.resolve(locale).map(str::to_owned);
        out.item_type = Some(i.item_type.clone());
        out.description = i
            .description
            .as_ref()
            .and_then(|d| d.resolve(locale))
            .map(str::to_owned);
        out.image_url.clone_from(&i.image_url);
        if !free && let Some(price) = &i.price {
            out.price = Some(ItemPrice::Price(DiscountedPrice {
                amount: price.amount.clone(),
                amount_without_discount: Some(price.amount.clone()),
                currency: price.currency.clone(),
            }));
        }
    }
    out
}

/// An item as the reward previews show it; `localized` keeps names per language (coupons).
fn reward_item(
    cache: &Cache,
    sku: &Sku,
    quantity: Option<i64>,
    locale: &str,
    localized: bool,
) -> RewardItem {
    let Some(item) = cache.items.get(&sku.0) else {
        return RewardItem {
            sku: sku.clone(),
            name: None,
            item_type: None,
            virtual_item_type: None,
            bundle_type: None,
            description: None,
            image_url: None,
            quantity,
            inventory_options: None,
            content: Vec::new(),
            unit_items: Vec::new(),
        };
    };
    let i = &item.input;
    let unit = is_unit(item);
    RewardItem {
        sku: sku.clone(),
        name: if localized {
            Some(ItemName::Localized(i.name.normalized()))
        } else {
            i.name.resolve(locale).map(|t| ItemName::Text(t.to_owned()))
        },
        item_type: Some(i.item_type.clone()),
        virtual_item_type: None,
        bundle_type: i.bundle_type.clone(),
        description: i
            .description
            .as_ref()
            .and_then(|d| d.resolve(locale))
            .map(str::to_owned),
        image_url: i.image_url.clone(),
        quantity,
        inventory_options: None,
        content: if unit {
            Vec::new()
        } else {
            i.content
                .iter()
                .map(|c| reward_item(cache, &c.sku, Some(c.quantity), locale, localized))
                .collect()
        },
        unit_items: if unit {
            unit_items(cache, item, locale)
        } else {
            Vec::new()
        },
    }
}

fn unit_items(cache: &Cache, unit: &Item, locale: &str) -> Vec<UnitItem> {
    unit.input
        .content
        .iter()
        .map(|c| {
            let known = cache.items.get(&c.sku.0);
            UnitItem {
                sku: c.sku.clone(),
                name: known.and_then(|k| k.input.name.resolve(locale).map(str::to_owned)),
                item_type: known.map(|k| k.input.item_type.clone()),
                is_free: known.map(|k| k.is_free()),
                drm_name: None,
                drm_sku: None,
            }
        })
        .collect()
}

fn bonus_rewards(
    cache: &Cache,
    p: &CodePromotion,
    locale: &str,
    localized: bool,
) -> (Vec<BonusReward>, bool) {
    let bonus: Vec<BonusReward> = p
        .def
        .bonus
        .iter()
        .map(|b| BonusReward {
            item: reward_item(cache, &b.sku, None, locale, localized),
            quantity: b.quantity,
        })
        .collect();
    let selectable = bonus.iter().any(|b| !b.item.unit_items.is_empty());
    (bonus, selectable)
}

/// What a coupon grants, as a player sees it.
pub fn coupon_rewards(cache: &Cache, p: &CodePromotion, locale: &str) -> CouponRewards {
    let (bonus, is_selectable) = bonus_rewards(cache, p, locale, true);
    CouponRewards {
        bonus,
        is_selectable,
        discount: None,
    }
}

/// What a promo code gives, as a player sees it (a unique catalog offer gives no rewards).
pub fn promo_rewards(cache: &Cache, p: &CodePromotion, locale: &str) -> PromoCodeRewards {
    if p.kind == Kind::UniqueOffer {
        return PromoCodeRewards::default();
    }
    let (bonus, is_selectable) = bonus_rewards(cache, p, locale, false);
    let discounted: Vec<DiscountedItem> = p
        .def
        .discounted_items
        .iter()
        .map(|d| {
            let item = reward_item(cache, &d.sku, None, locale, false);
            DiscountedItem {
                sku: d.sku.clone(),
                discount: d.discount.clone(),
                name: item.name.and_then(|n| n.resolve(locale).map(str::to_owned)),
                item_type: item.item_type,
                description: item.description,
                image_url: item.image_url,
                unit_items: item.unit_items,
            }
        })
        .collect();
    PromoCodeRewards {
        bonus,
        discount: p.def.discount.clone(),
        discounted_items: Some(discounted),
        is_selectable,
    }
}
