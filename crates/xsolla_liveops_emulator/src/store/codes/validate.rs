//! The rules a code, a cart id, an external id and a campaign definition must follow, beyond
//! what the body's schema expresses. Each rule is a small check answering 422/1102 with the
//! property it concerns; [`validate`] runs the definition's checks in a fixed order, so the
//! first broken rule is the one reported.

use xsolla_liveops::Sku;
use xsolla_liveops::models::common::Decimal;
use xsolla_liveops::models::promotions::{
    BonusItem, DiscountedItemInput, PriceCondition, PriceOperator, PromotionPeriod,
};

use super::errors::invalid;
use super::{Fields, Kind, MAX_CODE_LEN, MAX_GENERATED};
use crate::error::{ApiError, ApiResult};
use crate::store::Cache;

/// The most attribute conditions a campaign holds.
const MAX_ATTRIBUTE_CONDITIONS: usize = 100;
/// The longest external id.
const MAX_EXTERNAL_ID_LEN: usize = 255;
/// The longest cart id.
const MAX_CART_ID_LEN: usize = 64;

/// Whether `code` has the form of a code: 1..128 ASCII letters and digits.
pub fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= MAX_CODE_LEN
        && code.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// 422/1102 unless `code` has the form of a code.
pub fn check_code(property: &str, code: &str) -> ApiResult<()> {
    if valid_code(code) {
        Ok(())
    } else {
        Err(ApiError::validation(
            property,
            format!(
                "The property `{property}` must be 1 to {MAX_CODE_LEN} letters and digits (^[a-zA-Z0-9]+$)"
            ),
        ))
    }
}

/// 422/1102 unless a cart id is `current` or 1..64 letters, digits, `-` and `_`.
pub fn check_cart_id(id: &str) -> ApiResult<()> {
    let ok = !id.is_empty()
        && id.len() <= MAX_CART_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'));
    if ok {
        Ok(())
    } else {
        Err(invalid("cart.id", "must be `current` or a cart id"))
    }
}

/// 422/1102 unless an external id is 1..255 Latin letters, digits, `.`, `-` and `_`.
pub(super) fn check_external_id(id: &str) -> ApiResult<()> {
    let ok = !id.is_empty()
        && id.len() <= MAX_EXTERNAL_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    if ok {
        Ok(())
    } else {
        Err(invalid(
            "external_id",
            "must be 1 to 255 Latin letters, digits, periods, dashes and underscores",
        ))
    }
}

/// 422/1102 unless a generate call asks for 1..=100 000 codes.
pub(super) fn check_generate_count(count: u32) -> ApiResult<()> {
    if (1..=MAX_GENERATED).contains(&count) {
        Ok(())
    } else {
        Err(invalid(
            "count",
            format!("must be between 1 and {MAX_GENERATED}"),
        ))
    }
}

/// Checks a definition against the rules the schema cannot express and against the catalog.
pub fn validate(cache: &Cache, kind: Kind, f: &Fields) -> ApiResult<()> {
    check_name_locales(f)?;
    check_name_has_text(f)?;
    check_periods(&f.periods)?;
    check_limit("redeem_total_limit", f.redeem_total_limit)?;
    check_limit("redeem_user_limit", f.redeem_user_limit)?;
    check_limit("redeem_code_limit", f.redeem_code_limit)?;
    check_condition_count(f)?;
    check_bonus_items(cache, &f.bonus)?;
    check_unlocked_items(cache, &f.items)?;
    check_offer_has_items(kind, f)?;
    check_discount(f)?;
    check_discounted_items(cache, &f.discounted_items)?;
    check_price_conditions("price_conditions", &f.price_conditions)?;
    check_price_conditions("item_price_conditions", &f.item_price_conditions)
}

/// Whether a name key is a locale: `en` or `en-US`.
fn locale_key(key: &str) -> bool {
    let b = key.as_bytes();
    (b.len() == 5
        && b[0].is_ascii_lowercase()
        && b[1].is_ascii_lowercase()
        && b[2] == b'-'
        && b[3].is_ascii_uppercase()
        && b[4].is_ascii_uppercase())
        || (b.len() == 2 && b.iter().all(u8::is_ascii_lowercase))
}

/// 422/1102 on `name.{key}` for a name key that is not a locale.
fn check_name_locales(f: &Fields) -> ApiResult<()> {
    match f.name.0.keys().find(|k| !locale_key(k)) {
        Some(bad) => Err(ApiError::validation(
            &format!("name.{bad}"),
            format!("The property name.{bad} is not a locale like en-US"),
        )),
        None => Ok(()),
    }
}

/// 422/1102 on `name` when no language has text.
fn check_name_has_text(f: &Fields) -> ApiResult<()> {
    let blank = f
        .name
        .0
        .values()
        .all(|v| v.as_deref().is_none_or(str::is_empty));
    if blank {
        Err(invalid("name", "must have text in at least one language"))
    } else {
        Ok(())
    }
}

/// Each period in turn: it ends after it starts, and it has an end when there are several.
fn check_periods(periods: &[PromotionPeriod]) -> ApiResult<()> {
    let several = periods.len() > 1;
    for (i, p) in periods.iter().enumerate() {
        check_period_order(i, p)?;
        check_period_has_end(i, p, several)?;
    }
    Ok(())
}

/// 422/1102 on `promotion_periods[i].date_until` when it is not after `date_from`.
fn check_period_order(i: usize, p: &PromotionPeriod) -> ApiResult<()> {
    match p.date_until {
        Some(until) if until <= p.date_from => Err(invalid(
            &format!("promotion_periods[{i}].date_until"),
            "must be after date_from",
        )),
        _ => Ok(()),
    }
}

/// 422/1102 on `promotion_periods[i].date_until` when one of several periods has no end.
fn check_period_has_end(i: usize, p: &PromotionPeriod, several: bool) -> ApiResult<()> {
    if several && p.date_until.is_none() {
        Err(invalid(
            &format!("promotion_periods[{i}].date_until"),
            "is required when several periods are given",
        ))
    } else {
        Ok(())
    }
}

/// 422/1102 for a limit below 1 (`null` means no limit).
fn check_limit(property: &str, limit: Option<i64>) -> ApiResult<()> {
    match limit {
        Some(n) if n < 1 => Err(invalid(property, "must be at least 1 (or null: no limit)")),
        _ => Ok(()),
    }
}

/// 422/1102 for more than 100 attribute conditions.
fn check_condition_count(f: &Fields) -> ApiResult<()> {
    if f.attribute_conditions.len() > MAX_ATTRIBUTE_CONDITIONS {
        Err(invalid(
            "attribute_conditions",
            "holds at most 100 conditions",
        ))
    } else {
        Ok(())
    }
}

/// 422/1102 ("Item with sku = … not found") for a SKU missing from the catalog.
fn check_sku(cache: &Cache, property: &str, sku: &Sku) -> ApiResult<()> {
    if cache.items.contains_key(&sku.0) {
        Ok(())
    } else {
        Err(ApiError::validation(
            property,
            format!("Item with sku = '{sku}' not found"),
        ))
    }
}

/// Each bonus item in turn: a catalog item, at least one of it.
fn check_bonus_items(cache: &Cache, bonus: &[BonusItem]) -> ApiResult<()> {
    for (i, b) in bonus.iter().enumerate() {
        check_sku(cache, &format!("bonus[{i}].sku"), &b.sku)?;
        check_bonus_quantity(i, b)?;
    }
    Ok(())
}

/// 422/1102 on `bonus[i].quantity` below 1.
fn check_bonus_quantity(i: usize, b: &BonusItem) -> ApiResult<()> {
    if b.quantity < 1 {
        Err(invalid(
            &format!("bonus[{i}].quantity"),
            "must be at least 1",
        ))
    } else {
        Ok(())
    }
}

/// Every item a unique offer unlocks is in the catalog.
fn check_unlocked_items(cache: &Cache, items: &[Sku]) -> ApiResult<()> {
    for (i, sku) in items.iter().enumerate() {
        check_sku(cache, &format!("items[{i}]"), sku)?;
    }
    Ok(())
}

/// 422/1102 on `items` for a unique offer that unlocks nothing.
fn check_offer_has_items(kind: Kind, f: &Fields) -> ApiResult<()> {
    if kind == Kind::UniqueOffer && f.items.is_empty() {
        Err(invalid("items", "must list at least one item"))
    } else {
        Ok(())
    }
}

/// The cart-wide discount, if any, is a valid percentage.
fn check_discount(f: &Fields) -> ApiResult<()> {
    match f.discount.as_ref().and_then(|d| d.percent.as_ref()) {
        Some(p) => check_percent("discount.percent", p),
        None => Ok(()),
    }
}

/// Each discounted item in turn: a catalog item, a valid percentage.
fn check_discounted_items(cache: &Cache, items: &[DiscountedItemInput]) -> ApiResult<()> {
    for (i, d) in items.iter().enumerate() {
        check_sku(cache, &format!("discounted_items[{i}].sku"), &d.sku)?;
        check_percent(
            &format!("discounted_items[{i}].discount.percent"),
            &d.discount.percent,
        )?;
    }
    Ok(())
}

/// 422/1102 unless a percentage is above 0, at most 100, with at most two decimals.
fn check_percent(property: &str, percent: &Decimal) -> ApiResult<()> {
    let text = percent.as_str();
    let two_places = text.split_once('.').is_none_or(|(_, frac)| frac.len() <= 2);
    let value = percent.to_f64();
    if !two_places || text.starts_with('-') || value <= 0.0 || value > 100.0 {
        return Err(invalid(
            property,
            "must be a percentage above 0 and at most 100, like \"10.00\"",
        ));
    }
    Ok(())
}

/// Each price condition in turn: a known operator, a non-negative amount.
fn check_price_conditions(property: &str, conditions: &[PriceCondition]) -> ApiResult<()> {
    for (i, c) in conditions.iter().enumerate() {
        check_price_operator(&format!("{property}[{i}].operator"), &c.operator)?;
        check_price_value(&format!("{property}[{i}].value"), &c.value)?;
    }
    Ok(())
}

/// 422/1102 for an operator other than ge, gt, le, lt, eq and ne.
fn check_price_operator(property: &str, operator: &PriceOperator) -> ApiResult<()> {
    match operator {
        PriceOperator::Other(op) => Err(invalid(
            property,
            format!("has an unknown operator {op:?}; expected ge, gt, le, lt, eq or ne"),
        )),
        _ => Ok(()),
    }
}

/// 422/1102 unless an amount is non-negative with at most four decimals.
fn check_price_value(property: &str, value: &Decimal) -> ApiResult<()> {
    let text = value.as_str();
    let ok = !text.starts_with('-') && text.split_once('.').is_none_or(|(_, frac)| frac.len() <= 4);
    if ok {
        Ok(())
    } else {
        Err(invalid(property, "must match ^\\d+(\\.\\d{1,4})?$"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_letters_and_digits() {
        assert!(valid_code("WELCOME2025"));
        assert!(valid_code(&"a".repeat(128)));
        assert!(!valid_code(&"a".repeat(129)));
        assert!(!valid_code(""));
        assert!(!valid_code("WIN-TER"));
        assert!(!valid_code("wínter"));
    }

    #[test]
    fn locale_keys() {
        assert!(locale_key("en-US") && locale_key("en"));
        assert!(!locale_key("EN-us") && !locale_key("english"));
    }
}
