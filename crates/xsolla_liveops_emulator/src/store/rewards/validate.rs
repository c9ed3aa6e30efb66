//! The rules a value point, its item rewards and a reward chain body must meet, one named
//! check a rule. Each check answers with the error Xsolla gives for that rule: a 422/1102
//! validation error naming the property (reward chain rules say "Invalid reward chain
//! configuration: …"), or a 404/4001 for an item that does not exist. The composed checks run
//! the rules in a fixed order, so a body breaking several rules always hears of the same one.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use xsolla_liveops::StepId;
use xsolla_liveops::models::common::{AttributeCondition, IntervalType, LocalizedText};
use xsolla_liveops::models::rewards::{
    ItemValuePointsInput, MediaType, RewardChainInput, RewardItemInput, RewardStepUpdate,
    ValuePointInput,
};

use super::value_points::{ValuePoint, used_by_chain};
use super::{MAX_PATCH, MAX_REWARDS, MAX_STEPS, item_not_found};
use crate::error::{ApiError, ApiResult};
use crate::store::Cache;
use crate::store::catalog::{self, Item};
use crate::{schedule, validate};

// ---------------------------------------------------------------------------------------------
// Value points
// ---------------------------------------------------------------------------------------------

/// Checks a value point body: a valid SKU, localized texts, and media that are images or
/// videos.
pub(super) fn check_value_point(input: &ValuePointInput) -> ApiResult<()> {
    sku_is_valid(input)?;
    texts_are_localized(&[
        ("name", Some(&input.name)),
        ("description", input.description.as_ref()),
        ("long_description", input.long_description.as_ref()),
    ])?;
    media_are_images_or_videos(input)
}

/// 422/1102 on the text's property: every text given uses Xsolla's language keys (and
/// `name` has text in at least one), checked in the order listed.
fn texts_are_localized(texts: &[(&str, Option<&LocalizedText>)]) -> ApiResult<()> {
    for (property, text) in texts {
        if let Some(text) = text {
            validate::localized(property, text)?;
        }
    }
    Ok(())
}

/// 422/1102 on `sku`: "The property `sku` has an invalid value".
fn sku_is_valid(input: &ValuePointInput) -> ApiResult<()> {
    if catalog::valid_sku(&input.sku.0) {
        return Ok(());
    }
    Err(ApiError::validation(
        "sku",
        format!("The property `sku` has an invalid value: {:?}", input.sku.0),
    ))
}

/// 422/1102 on `media_list`: every medium is an `image` or a `video`.
fn media_are_images_or_videos(input: &ValuePointInput) -> ApiResult<()> {
    for (i, media) in input.media_list.iter().flatten().enumerate() {
        if matches!(media.media_type, MediaType::Other(_)) {
            return Err(ApiError::validation(
                "media_list",
                format!("The property `media_list[{i}].type` must be `image` or `video`"),
            ));
        }
    }
    Ok(())
}

/// 422/1102 on `sku`: a new value point's SKU is neither a value point's nor a catalog item's.
pub(super) fn sku_is_new(cache: &Cache, sku: &str) -> ApiResult<()> {
    if cache.value_points.contains_key(sku) || cache.items.contains_key(sku) {
        return Err(ApiError::validation(
            "sku",
            format!("An item with sku = '{sku}' already exists"),
        ));
    }
    Ok(())
}

/// 422/1102 on `sku`: a replacement keeps the SKU of the path.
pub(super) fn sku_is_the_path_sku(input: &ValuePointInput, sku: &str) -> ApiResult<()> {
    if input.sku.0 != sku {
        return Err(ApiError::validation(
            "sku",
            "The property `sku` must be the SKU in the path",
        ));
    }
    Ok(())
}

/// 422/1102 on `is_clan`: a value point stays a clan one, or a player one, for good.
pub(super) fn clan_kind_is_unchanged(
    input: &ValuePointInput,
    existing: &ValuePoint,
) -> ApiResult<()> {
    if input.is_clan.is_some_and(|c| c != existing.doc.is_clan) {
        return Err(ApiError::validation(
            "is_clan",
            "The property `is_clan` cannot be changed after the value point is created",
        ));
    }
    Ok(())
}

/// 422/1102 on `sku`: a value point a reward chain counts cannot be deleted.
pub(super) fn unused_by_chains(cache: &Cache, sku: &str) -> ApiResult<()> {
    if used_by_chain(cache, sku) {
        return Err(ApiError::validation(
            "sku",
            format!("The value point '{sku}' is used by a reward chain: delete the chain first"),
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Items that earn value points
// ---------------------------------------------------------------------------------------------

/// Checks a list of item rewards: at most [`MAX_PATCH`] in a partial update, and for each
/// entry in order an amount of at least 0, a SKU listed once, an item in the catalog.
pub(super) fn check_item_rewards(
    cache: &Cache,
    items: &[ItemValuePointsInput],
    replace: bool,
) -> ApiResult<()> {
    if !replace {
        patch_within_limit(items)?;
    }
    let mut seen = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        amount_is_not_negative(i, item)?;
        listed_once(i, item, &mut seen)?;
        item_exists(&cache.items, &item.sku.0)?;
    }
    Ok(())
}

/// 422/1102 on `body`: a partial update changes at most [`MAX_PATCH`] items.
fn patch_within_limit(items: &[ItemValuePointsInput]) -> ApiResult<()> {
    if items.len() > MAX_PATCH {
        return Err(ApiError::validation(
            "body",
            format!("At most {MAX_PATCH} items can be updated in one request"),
        ));
    }
    Ok(())
}

/// 422/1102 on `[i].amount`: an amount is at least 0 (0 removes the item).
fn amount_is_not_negative(i: usize, item: &ItemValuePointsInput) -> ApiResult<()> {
    if item.amount < 0 {
        return Err(ApiError::validation(
            &format!("[{i}].amount"),
            format!("The property `[{i}].amount` must be at least 0"),
        ));
    }
    Ok(())
}

/// 422/1102 on `[i].sku`: an item appears once in a list.
fn listed_once<'a>(
    i: usize,
    item: &'a ItemValuePointsInput,
    seen: &mut HashSet<&'a str>,
) -> ApiResult<()> {
    if !seen.insert(item.sku.0.as_str()) {
        return Err(ApiError::validation(
            &format!("[{i}].sku"),
            format!("The item with sku = '{}' is listed twice", item.sku),
        ));
    }
    Ok(())
}

/// 404/4001: the item is in the catalog.
fn item_exists(items: &HashMap<String, Arc<Item>>, sku: &str) -> ApiResult<()> {
    if !items.contains_key(sku) {
        return Err(item_not_found(sku));
    }
    Ok(())
}

/// 404/4001: a seed's item rewards name a value point of the same seed.
pub(super) fn seeded_value_point(value_points: &[ValuePointInput], vp_sku: &str) -> ApiResult<()> {
    if !value_points.iter().any(|v| v.sku.0 == vp_sku) {
        return Err(item_not_found(vp_sku));
    }
    Ok(())
}

/// Checks a seeded item reward: an item in the catalog (404/4001), earning at least 1 point
/// (422/1102 on `amount`).
pub(super) fn check_seeded_item_reward(
    items: &HashMap<String, Arc<Item>>,
    item: &ItemValuePointsInput,
) -> ApiResult<()> {
    item_exists(items, &item.sku.0)?;
    if item.amount < 1 {
        return Err(ApiError::validation(
            "amount",
            "Seeded item value points must be at least 1",
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Reward chains
// ---------------------------------------------------------------------------------------------

/// 422/1102 with Xsolla's "Invalid reward chain configuration" text.
fn invalid(property: &str, text: &str) -> ApiError {
    ApiError::validation(
        property,
        format!("Invalid reward chain configuration: {text}"),
    )
}

/// Checks the chain-level fields of a create or update body and the number of its steps;
/// returns the chain's value point.
pub(super) fn check_chain<'a>(
    cache: &'a Cache,
    head: &RewardChainInput,
    steps: &[RewardStepUpdate],
) -> ApiResult<&'a ValuePoint> {
    texts_are_localized(&[
        ("name", Some(&head.name)),
        ("description", head.description.as_ref()),
        ("long_description", head.long_description.as_ref()),
        ("popup_header", head.popup_header.as_ref()),
        ("popup_instruction", head.popup_instruction.as_ref()),
    ])?;
    ends_after_start(head)?;
    let vp = value_point_exists(cache, head)?;
    if vp.doc.is_clan {
        clan_chain_has_popup_texts(head)?;
    } else {
        player_chain_has_no_clan_fields(head)?;
    }
    resets_weekly_or_monthly(head)?;
    at_most_100_conditions("attribute_conditions", head.attribute_conditions.as_ref())?;
    step_count_in_range(steps)?;
    Ok(&**vp)
}

/// 422/1102 on `date_end`: a chain ends after it starts.
fn ends_after_start(head: &RewardChainInput) -> ApiResult<()> {
    match head.date_end {
        Some(end) if end <= head.date_start => {
            Err(invalid("date_end", "date_end must be after date_start"))
        }
        _ => Ok(()),
    }
}

/// 422/1102 on `value_point.sku`: the chain counts a value point that exists.
fn value_point_exists<'a>(
    cache: &'a Cache,
    head: &RewardChainInput,
) -> ApiResult<&'a Arc<ValuePoint>> {
    let vp_sku = &head.value_point.sku.0;
    cache.value_points.get(vp_sku).ok_or_else(|| {
        invalid(
            "value_point.sku",
            &format!("value point with sku = '{vp_sku}' not found"),
        )
    })
}

/// 422/1102 on `popup_header` or `popup_instruction`: a clan chain has both.
fn clan_chain_has_popup_texts(head: &RewardChainInput) -> ApiResult<()> {
    for (property, text) in [
        ("popup_header", &head.popup_header),
        ("popup_instruction", &head.popup_instruction),
    ] {
        if text.is_none() {
            return Err(ApiError::validation(
                property,
                format!("The property `{property}` is required for a clan reward chain"),
            ));
        }
    }
    Ok(())
}

/// 422/1102 on `clan_type`: only a clan value point's chain has a clan type or popup image.
fn player_chain_has_no_clan_fields(head: &RewardChainInput) -> ApiResult<()> {
    if head.is_clan() || head.popup_image_url.is_some() {
        return Err(invalid(
            "clan_type",
            "clan fields need a clan value point (`is_clan: true`)",
        ));
    }
    Ok(())
}

/// A valid schedule (see [`schedule::validate`]), and 422/1102 on
/// `recurrent_schedule.interval_type` unless it resets weekly or monthly.
fn resets_weekly_or_monthly(head: &RewardChainInput) -> ApiResult<()> {
    let Some(s) = &head.recurrent_schedule else {
        return Ok(());
    };
    schedule::validate("recurrent_schedule", s)?;
    if !matches!(
        s.interval_type(),
        IntervalType::Weekly | IntervalType::Monthly
    ) {
        return Err(invalid(
            "recurrent_schedule.interval_type",
            "reward chains reset weekly or monthly",
        ));
    }
    Ok(())
}

/// 422/1102 on the property: at most 100 attribute conditions.
fn at_most_100_conditions(property: &str, c: Option<&Vec<AttributeCondition>>) -> ApiResult<()> {
    if c.is_some_and(|c| c.len() > 100) {
        return Err(invalid(property, "at most 100 conditions"));
    }
    Ok(())
}

/// 422/1102 on `steps`: a chain has 1 to [`MAX_STEPS`] steps.
fn step_count_in_range(steps: &[RewardStepUpdate]) -> ApiResult<()> {
    if steps.is_empty() || steps.len() > MAX_STEPS {
        return Err(invalid(
            "steps",
            &format!("a chain has 1 to {MAX_STEPS} steps"),
        ));
    }
    Ok(())
}

/// Checks step `i`: a localized, non-empty name, a price of at least 1, 1 to
/// [`MAX_REWARDS`] rewards, each of them valid.
pub(super) fn check_step(cache: &Cache, i: usize, step: &RewardStepUpdate) -> ApiResult<()> {
    step_has_a_name(i, step)?;
    price_is_at_least_one(i, step)?;
    reward_count_in_range(i, step)?;
    for (j, reward) in step.reward.iter().enumerate() {
        check_reward(cache, &format!("steps[{i}].reward[{j}]"), reward)?;
    }
    Ok(())
}

/// 422/1102 on `steps[i].name`: Xsolla's language keys, and text in at least one.
fn step_has_a_name(i: usize, step: &RewardStepUpdate) -> ApiResult<()> {
    let property = format!("steps[{i}].name");
    validate::localized(&property, &step.name)?;
    if step.name.is_empty() {
        return Err(invalid(&property, "every step has a name"));
    }
    Ok(())
}

/// 422/1102 on `steps[i].price.amount`: a step costs at least 1 value point.
fn price_is_at_least_one(i: usize, step: &RewardStepUpdate) -> ApiResult<()> {
    if step.price.amount < 1 {
        return Err(invalid(
            &format!("steps[{i}].price.amount"),
            "the price is at least 1 value point",
        ));
    }
    Ok(())
}

/// 422/1102 on `steps[i].reward`: a step grants 1 to [`MAX_REWARDS`] rewards.
fn reward_count_in_range(i: usize, step: &RewardStepUpdate) -> ApiResult<()> {
    if step.reward.is_empty() || step.reward.len() > MAX_REWARDS {
        return Err(invalid(
            &format!("steps[{i}].reward"),
            &format!("every step grants 1 to {MAX_REWARDS} rewards"),
        ));
    }
    Ok(())
}

/// Checks the reward at `property`: a quantity of at least 1 (422/1102 on `.quantity`), an
/// item in the catalog (422/1102 on `.sku`), at most 100 conditions.
fn check_reward(cache: &Cache, property: &str, reward: &RewardItemInput) -> ApiResult<()> {
    if reward.quantity < 1 {
        return Err(invalid(
            &format!("{property}.quantity"),
            "quantity must be at least 1",
        ));
    }
    if !cache.items.contains_key(&reward.sku.0) {
        return Err(invalid(
            &format!("{property}.sku"),
            &format!("item with sku = '{}' not found", reward.sku),
        ));
    }
    at_most_100_conditions(
        &format!("{property}.attribute_conditions"),
        reward.attribute_conditions.as_ref(),
    )
}

/// 422/1102 on `steps[i].step_id`: a step sent with an id is a step of this chain (`own`),
/// sent once (`used`: the ids of the steps before it).
pub(super) fn own_step_id(i: usize, sid: StepId, own: &[i64], used: &[i64]) -> ApiResult<i64> {
    if own.contains(&sid.0) && !used.contains(&sid.0) {
        return Ok(sid.0);
    }
    Err(invalid(
        &format!("steps[{i}].step_id"),
        &format!("step {sid} does not belong to this reward chain"),
    ))
}
