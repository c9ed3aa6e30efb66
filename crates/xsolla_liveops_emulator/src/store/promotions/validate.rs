//! The rules a discount or bonus body must meet, one named check a rule. Every check answers
//! with Xsolla's 422/1102 validation error naming the property ("The property `…` …"); the
//! composed checks run the rules in a fixed order, so a body breaking several rules always
//! hears of the same one.

use xsolla_liveops::Sku;
use xsolla_liveops::models::common::{AttributeCondition, Decimal, IntervalType, LocalizedText};
use xsolla_liveops::models::discounts::{
    DiscountAttributeConditions, ItemSku, PriceConditionInput,
};
use xsolla_liveops::models::promotions::{
    ApiVersion, BonusItem, BonusItemInput, LimitScheduleInput, PeriodForm, PriceCondition,
    PriceOperator, PromotionLimitsInput, PromotionPeriod,
};

use super::money::{SCALE, fixed};
use crate::error::{ApiError, ApiResult};
use crate::schedule;
use crate::store::Cache;

/// 422/1102 on `property`: "The property `…` {text}".
fn invalid(property: &str, text: impl std::fmt::Display) -> ApiError {
    ApiError::validation(property, format!("The property `{property}` {text}"))
}

// ---------------------------------------------------------------------------------------------
// Name and periods
// ---------------------------------------------------------------------------------------------

/// Checks a promotion name: five-letter locale keys, text in at least one.
pub(super) fn check_name(name: &LocalizedText) -> ApiResult<()> {
    name_keys_are_locales(name)?;
    if name.is_empty() {
        return Err(invalid("name", "must have text in at least one locale"));
    }
    Ok(())
}

/// 422/1102 on `name.{key}`: every key is a locale like `en-US`.
fn name_keys_are_locales(name: &LocalizedText) -> ApiResult<()> {
    for key in name.0.keys() {
        let b = key.as_bytes();
        let ok = b.len() == 5
            && b[0].is_ascii_lowercase()
            && b[1].is_ascii_lowercase()
            && b[2] == b'-'
            && b[3].is_ascii_uppercase()
            && b[4].is_ascii_uppercase();
        if !ok {
            return Err(ApiError::validation(
                &format!("name.{key}"),
                format!(
                    "The property name.{key} is not defined and the definition does not allow additional properties"
                ),
            ));
        }
    }
    Ok(())
}

/// Checks validity windows written in the form `P`: each ends after it starts, each ends when
/// there are several, and none overlap. Errors name the `/v2` (`date_start`, `date_end`) or
/// `/v3` (`promotion_periods[i].…`) property.
pub(super) fn check_periods<P: PeriodForm>(periods: &[PromotionPeriod]) -> ApiResult<()> {
    let v2 = matches!(P::VERSION, ApiVersion::V2);
    for (i, p) in periods.iter().enumerate() {
        let property = end_property(v2, i);
        period_ends_after_start(&property, p)?;
        period_ends_when_several(&property, p, periods.len())?;
    }
    periods_do_not_overlap(periods)
}

/// The property of period `i`'s end in the form it was written in.
fn end_property(v2: bool, i: usize) -> String {
    if v2 {
        "date_end".to_owned()
    } else {
        format!("promotion_periods[{i}].date_until")
    }
}

/// 422/1102: a period ends after it starts.
fn period_ends_after_start(property: &str, p: &PromotionPeriod) -> ApiResult<()> {
    match p.date_until {
        Some(until) if until <= p.date_from => Err(invalid(property, "must be after the start")),
        _ => Ok(()),
    }
}

/// 422/1102: with several periods, each has an end.
fn period_ends_when_several(property: &str, p: &PromotionPeriod, count: usize) -> ApiResult<()> {
    if count > 1 && p.date_until.is_none() {
        return Err(invalid(
            property,
            "is required when several periods are given",
        ));
    }
    Ok(())
}

/// 422/1102 on `promotion_periods`: no two periods overlap.
fn periods_do_not_overlap(periods: &[PromotionPeriod]) -> ApiResult<()> {
    let mut sorted: Vec<&PromotionPeriod> = periods.iter().collect();
    sorted.sort_by_key(|p| p.date_from);
    if sorted
        .windows(2)
        .any(|w| w[0].date_until.is_none_or(|u| u > w[1].date_from))
    {
        return Err(invalid("promotion_periods", "must not overlap"));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Attribute conditions
// ---------------------------------------------------------------------------------------------

/// Checks a list of attribute conditions the way every promotion and rule body needs: 1 to
/// 100 conditions, each on a well-formed attribute with a value that fits its type.
pub fn check_conditions(property: &str, conditions: &[AttributeCondition]) -> ApiResult<()> {
    if conditions.is_empty() || conditions.len() > 100 {
        return Err(invalid(property, "must hold 1 to 100 conditions"));
    }
    for (i, c) in conditions.iter().enumerate() {
        attribute_is_well_formed(&format!("{property}[{i}].attribute"), c)?;
        value_fits_type(&format!("{property}[{i}].value"), c)?;
    }
    Ok(())
}

/// 422/1102: an attribute is 1 to 255 letters, digits, `-`, `_` or `.`.
fn attribute_is_well_formed(property: &str, c: &AttributeCondition) -> ApiResult<()> {
    let attr = c.attribute();
    if attr.is_empty()
        || attr.len() > 255
        || !attr
            .chars()
            .all(|ch| ch.is_alphanumeric() || matches!(ch, '-' | '_' | '.'))
    {
        return Err(invalid(
            property,
            "must be 1 to 255 letters, digits, `-`, `_` or `.`",
        ));
    }
    Ok(())
}

/// 422/1102: a value is at most 255 characters and parses as the condition's type.
fn value_fits_type(property: &str, c: &AttributeCondition) -> ApiResult<()> {
    let (value, ok) = match c {
        AttributeCondition::String { value, .. } => (value, true),
        AttributeCondition::Number { value, .. } => (value, value.parse::<f64>().is_ok()),
        AttributeCondition::Date { value, .. } => (
            value,
            chrono::DateTime::parse_from_rfc3339(value).is_ok()
                || chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok(),
        ),
    };
    if value.len() > 255 || !ok {
        return Err(invalid(property, "does not fit the condition's type"));
    }
    Ok(())
}

/// Checks a discount's conditions: each group of the grouped form (as
/// `attribute_conditions[i]`), or the one list of the flat forms.
pub(super) fn check_condition_groups(
    conditions: Option<&DiscountAttributeConditions>,
) -> ApiResult<()> {
    match conditions {
        Some(DiscountAttributeConditions::Groups(groups)) => {
            for (i, g) in groups.iter().enumerate() {
                check_conditions(&format!("attribute_conditions[{i}]"), g)?;
            }
        }
        Some(c) => {
            for g in c.groups() {
                check_conditions("attribute_conditions", g)?;
            }
        }
        None => {}
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Prices and limits
// ---------------------------------------------------------------------------------------------

/// Checks price conditions, when given (see [`check_price_conditions`]), and returns them in
/// stored form.
pub(super) fn check_optional_price_conditions(
    conditions: Option<&[PriceConditionInput]>,
) -> ApiResult<Option<Vec<PriceCondition>>> {
    conditions.map(check_price_conditions).transpose()
}

/// Checks price conditions (at least one, each with a known operator and a price of up to 4
/// decimals) and returns them in stored form.
fn check_price_conditions(conditions: &[PriceConditionInput]) -> ApiResult<Vec<PriceCondition>> {
    if conditions.is_empty() {
        return Err(invalid(
            "price_conditions",
            "must hold at least one condition",
        ));
    }
    conditions
        .iter()
        .enumerate()
        .map(|(i, c)| {
            price_operator_is_known(i, c)?;
            price_has_up_to_4_decimals(i, c)?;
            Ok(PriceCondition {
                operator: c.operator.clone(),
                value: c.value.clone(),
            })
        })
        .collect()
}

/// 422/1102 on `price_conditions[i].operator`: one of ge, gt, le, lt, eq, ne.
fn price_operator_is_known(i: usize, c: &PriceConditionInput) -> ApiResult<()> {
    if let PriceOperator::Other(op) = &c.operator {
        return Err(invalid(
            &format!("price_conditions[{i}].operator"),
            format!("has an invalid value {op:?}: expected ge, gt, le, lt, eq or ne"),
        ));
    }
    Ok(())
}

/// 422/1102 on `price_conditions[i].value`: digits with up to 4 decimals.
fn price_has_up_to_4_decimals(i: usize, c: &PriceConditionInput) -> ApiResult<()> {
    let v = c.value.as_str();
    let (int, frac) = v.split_once('.').unwrap_or((v, "0"));
    if int.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || frac.is_empty()
        || frac.len() > 4
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(invalid(
            &format!("price_conditions[{i}].value"),
            "does not match the regex pattern ^\\d+(\\.\\d{1,4})?$",
        ));
    }
    Ok(())
}

/// 422/1102 on `discount.percent`: 0 to 100 with at most 2 decimals.
pub(super) fn percent_is_0_to_100(percent: &Decimal) -> ApiResult<()> {
    let text = percent.as_str();
    let two_places = text.split_once('.').is_none_or(|(_, f)| f.len() <= 2);
    match fixed(text) {
        Some(p) if two_places && p <= 100 * SCALE => Ok(()),
        _ => Err(invalid(
            "discount.percent",
            "must be a decimal string from 0 to 100 with at most 2 decimals",
        )),
    }
}

/// Checks the limits, when given: a per-user limit of at least 1, and a reset schedule only
/// with a per-user limit, resetting daily or less often.
pub(super) fn check_limits(limits: Option<&PromotionLimitsInput>) -> ApiResult<()> {
    let Some(limits) = limits else {
        return Ok(());
    };
    if let Some(n) = limits.per_user
        && n < 1
    {
        return Err(invalid("limits.per_user", "must be at least 1"));
    }
    if let Some(LimitScheduleInput { per_user }) = &limits.recurrent_schedule {
        if limits.per_user.is_none() {
            return Err(invalid(
                "limits.per_user",
                "is required with a reset schedule",
            ));
        }
        let property = "limits.recurrent_schedule.per_user";
        if per_user.interval_type() == IntervalType::Hourly {
            return Err(invalid(
                &format!("{property}.interval_type"),
                "must be daily, weekly or monthly",
            ));
        }
        schedule::validate(property, per_user)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Items
// ---------------------------------------------------------------------------------------------

/// 422/1102 on `items`: a discount covers listed items or, with `price_conditions`, the items
/// whose price meets them, never both; returns the checked items.
pub(super) fn items_or_price_conditions(
    cache: &Cache,
    items: Option<&[ItemSku]>,
    price_conditions: Option<&[PriceCondition]>,
) -> ApiResult<Option<Vec<Sku>>> {
    match (items, price_conditions) {
        (Some(_), Some(_)) => Err(invalid(
            "items",
            "must be null when price_conditions are given",
        )),
        (None, None) => Err(invalid("items", "is required")),
        (Some(items), None) => check_skus(cache, "items", items).map(Some),
        (None, Some(_)) => Ok(None),
    }
}

/// Checks a list of items (at least one, each known to the catalog and listed once) and
/// returns their SKUs.
pub(super) fn check_skus(cache: &Cache, property: &str, skus: &[ItemSku]) -> ApiResult<Vec<Sku>> {
    if skus.is_empty() {
        return Err(invalid(property, "must hold at least one item"));
    }
    let mut out: Vec<Sku> = Vec::with_capacity(skus.len());
    for (i, s) in skus.iter().enumerate() {
        let property = format!("{property}[{i}].sku");
        item_exists(cache, &property, &s.sku)?;
        if out.contains(&s.sku) {
            return Err(invalid(&property, "repeats an item already listed"));
        }
        out.push(s.sku.clone());
    }
    Ok(out)
}

/// 422/1102: the item is in the catalog.
fn item_exists(cache: &Cache, property: &str, sku: &Sku) -> ApiResult<()> {
    if !cache.items.contains_key(&sku.0) {
        return Err(invalid(
            property,
            format!("names an unknown item: sku = '{sku}'"),
        ));
    }
    Ok(())
}

/// Checks a bonus's items (each known to the catalog, granted at least once) and returns them
/// in stored form. The spec lets `bonus` be null: a bonus promotion may grant nothing (yet).
pub(super) fn check_bonus_items(
    cache: &Cache,
    bonus: Vec<BonusItemInput>,
) -> ApiResult<Vec<BonusItem>> {
    let mut out = Vec::with_capacity(bonus.len());
    for (i, BonusItemInput { sku, quantity }) in bonus.into_iter().enumerate() {
        item_exists(cache, &format!("bonus[{i}].sku"), &sku)?;
        if quantity < 1 {
            return Err(invalid(
                &format!("bonus[{i}].quantity"),
                "must be at least 1",
            ));
        }
        out.push(BonusItem { sku, quantity });
    }
    Ok(out)
}
