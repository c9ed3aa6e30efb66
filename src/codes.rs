//! Coupon and promo codes: [`PreviewCode`] shows what a code gives, [`RedeemCode`] redeems it.
//!
//! The player's input is cleaned first (surrounding whitespace and invisible characters go,
//! case stays), then verified, which tells a coupon from a promo code. Outcomes are typed:
//! [`CodePreviewed`], [`CodeRedeemed`] (with [`RewardsGranted`](crate::RewardsGranted)), or
//! [`CodeRejected`] with a [`CodeRejectReason`].

use std::collections::HashSet;
use std::sync::Arc;

use bevy_ecs::prelude::*;
use xsolla_liveops::models::codes::{CodeKind, CodeVerification};
use xsolla_liveops::models::coupons::CouponRedemption;
use xsolla_liveops::models::promo_codes::PromoCodeRedemption;
use xsolla_liveops::models::promotions::{BonusReward, SelectedUnitItems};
use xsolla_liveops::{Client, Code, CodeError, CodeRejection, Error, Sku};

use crate::net::{Done, Held, LiveOpsNet, report_failure, take_requests};
use crate::outcome::{GrantSource, GrantedItem, LiveOpsRequest, RewardsGranted};
use crate::session::LiveOpsSession;

/// Shows what a code gives, without redeeming it; answered by [`CodePreviewed`] or
/// [`CodeRejected`].
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct PreviewCode {
    /// The code as the player typed or pasted it.
    pub input: String,
}

/// Redeems a code; answered by [`CodeRedeemed`] or [`CodeRejected`].
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct RedeemCode {
    /// The code as the player typed or pasted it.
    pub input: String,
    /// The player's picks when the code offers a choice: unit SKU → chosen item SKU.
    pub selected_unit_items: SelectedUnitItems,
}

impl RedeemCode {
    /// Redeems `input` with no unit choice.
    pub fn new(input: impl Into<String>) -> Self {
        Self {
            input: input.into(),
            selected_unit_items: SelectedUnitItems::new(),
        }
    }

    /// Adds the player's pick for one unit.
    pub fn select(mut self, unit: impl Into<Sku>, item: impl Into<Sku>) -> Self {
        self.selected_unit_items.insert(unit.into(), item.into());
        self
    }
}

/// What a code gives, before redeeming it.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct CodePreviewed {
    /// The cleaned code.
    pub code: Code,
    /// Coupon, promo code, …, with its rewards.
    pub verification: CodeVerification,
}

/// A code was redeemed.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct CodeRedeemed {
    /// The cleaned code.
    pub code: Code,
    /// Coupon or promo code.
    pub kind: CodeKind,
    /// Items granted (a promo code may also have applied a discount to the cart).
    pub items: Vec<GrantedItem>,
}

/// Why a code was turned down.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CodeRejectReason {
    /// No such code.
    Unknown,
    /// The code's or the player's redemptions are spent.
    UsedUp,
    /// The promotion is not running now.
    Expired,
    /// The code exists but not for this player (region, personalization).
    NotApplicable,
    /// The player is not logged in.
    NeedsLogin,
    /// The input is not a code: empty, too long, or with other characters than letters and
    /// digits.
    Malformed(CodeError),
}

/// A code was turned down; nothing was granted.
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct CodeRejected {
    /// The input, cleaned when it could be.
    pub input: String,
    /// Why.
    pub reason: CodeRejectReason,
}

/// Codes being previewed or redeemed (their buttons should be disabled).
#[derive(Resource, Debug, Default)]
pub struct CodeRedemptions {
    busy: HashSet<Code>,
}

impl CodeRedemptions {
    /// True while this code is being checked or redeemed.
    pub fn is_busy(&self, code: &Code) -> bool {
        self.busy.contains(code)
    }

    /// True while any code is being checked or redeemed.
    pub fn any_busy(&self) -> bool {
        !self.busy.is_empty()
    }
}

fn reason(error: &Error) -> Option<CodeRejectReason> {
    if error.is_unauthorized() {
        return Some(CodeRejectReason::NeedsLogin);
    }
    Some(match error.api()?.code_rejection()? {
        CodeRejection::Unknown => CodeRejectReason::Unknown,
        CodeRejection::UsedUp => CodeRejectReason::UsedUp,
        CodeRejection::Expired => CodeRejectReason::Expired,
        CodeRejection::NotApplicable => CodeRejectReason::NotApplicable,
        _ => return None,
    })
}

fn bonus_items(bonus: &[BonusReward]) -> Vec<GrantedItem> {
    bonus
        .iter()
        .map(|b| GrantedItem {
            sku: b.item.sku.clone(),
            name: b
                .item
                .name
                .as_ref()
                .and_then(|n| n.resolve("en").map(str::to_owned)),
            quantity: b.quantity,
            item_type: b.item.item_type.clone().unwrap_or(
                xsolla_liveops::models::common::ItemType::Other(String::new()),
            ),
        })
        .collect()
}

fn rewards_of(verification: &CodeVerification, picks: &SelectedUnitItems) -> Vec<GrantedItem> {
    let bonus = match verification {
        CodeVerification::Coupon { rewards, .. } => &rewards.bonus,
        CodeVerification::PromoCode { rewards, .. } | CodeVerification::Other { rewards, .. } => {
            &rewards.bonus
        }
    };
    let mut items = bonus_items(bonus);
    // A unit is granted as the item the player picked.
    for item in &mut items {
        if let Some(choice) = picks.get(&item.sku) {
            item.sku = choice.clone();
            item.name = None;
        }
    }
    items
}

/// Cleans inputs, checks the session, and starts previews and redemptions.
#[allow(clippy::too_many_arguments)]
pub(crate) fn dispatch(
    mut previews: MessageReader<PreviewCode>,
    mut redeems: MessageReader<RedeemCode>,
    mut held: ResMut<Held<RedeemCode>>,
    mut state: ResMut<CodeRedemptions>,
    session: Res<LiveOpsSession>,
    net: Res<LiveOpsNet>,
    mut rejected: MessageWriter<CodeRejected>,
) {
    let previews: Vec<PreviewCode> = previews.read().cloned().collect();
    for preview in previews {
        let Some(code) = accept(&preview.input, &session, &mut rejected) else {
            continue;
        };
        if !state.busy.insert(code.clone()) {
            continue;
        }
        net.spawn(&session, move |client| async move {
            let reply = client.codes().verify(code.clone()).send_with_meta().await;
            let date = reply.as_ref().ok().and_then(|r| r.server_date);
            Done::new(date, move |world| {
                on_previewed(world, code, reply.map(|r| r.value))
            })
        });
    }
    // A player whose token ran out keeps their redemptions; they go once a token is back.
    let redeems: Vec<RedeemCode> = if session.player().is_some() {
        take_requests(&mut redeems, &mut held, &session)
    } else {
        redeems.read().cloned().collect()
    };
    for redeem in redeems {
        let Some(code) = accept(&redeem.input, &session, &mut rejected) else {
            continue;
        };
        if !state.busy.insert(code.clone()) {
            continue;
        }
        let picks = redeem.selected_unit_items;
        net.spawn(&session, move |client| redeem_code(client, code, picks));
    }
}

/// The cleaned code, or a rejection for malformed input or a missing login.
fn accept(
    input: &str,
    session: &LiveOpsSession,
    rejected: &mut MessageWriter<CodeRejected>,
) -> Option<Code> {
    let code = match Code::parse(input) {
        Ok(code) => code,
        Err(e) => {
            rejected.write(CodeRejected {
                input: input.trim().to_owned(),
                reason: CodeRejectReason::Malformed(e),
            });
            return None;
        }
    };
    if session.player().is_none() {
        rejected.write(CodeRejected {
            input: code.0,
            reason: CodeRejectReason::NeedsLogin,
        });
        return None;
    }
    Some(code)
}

async fn redeem_code(client: Client, code: Code, picks: SelectedUnitItems) -> Done {
    let verified = client.codes().verify(code.clone()).send_with_meta().await;
    let verification = match verified {
        Ok(reply) => reply.value,
        Err(error) => {
            let date = None;
            return Done::new(date, move |world| {
                on_rejected(world, code, LiveOpsRequest::RedeemCode, error)
            });
        }
    };
    let kind = verification.kind();
    let items = rewards_of(&verification, &picks);
    let result = match kind {
        CodeKind::Coupon => {
            let body = CouponRedemption {
                coupon_code: code.clone(),
                selected_unit_items: picks,
            };
            client
                .coupons()
                .redeem(body)
                .send_with_meta()
                .await
                .map(|r| r.server_date)
        }
        _ => {
            let body = PromoCodeRedemption {
                coupon_code: code.clone(),
                cart: None,
                selected_unit_items: picks,
            };
            client
                .promo_codes()
                .redeem(body)
                .send_with_meta()
                .await
                .map(|r| r.server_date)
        }
    };
    match result {
        Ok(date) => Done::new(date, move |world| on_redeemed(world, code, kind, items)),
        Err(error) if error.is_ambiguous() => {
            // The redemption may have gone through: a code whose limits are now spent for the
            // player was redeemed by this call.
            let again = client.codes().verify(code.clone()).send().await;
            let used_up = matches!(&again, Err(e) if reason(e) == Some(CodeRejectReason::UsedUp));
            Done::new(None, move |world| {
                if used_up {
                    on_redeemed(world, code, kind, items);
                } else {
                    world.resource_mut::<CodeRedemptions>().busy.remove(&code);
                    report_failure(world, LiveOpsRequest::RedeemCode, error);
                }
            })
        }
        Err(error) => Done::new(None, move |world| {
            on_rejected(world, code, LiveOpsRequest::RedeemCode, error)
        }),
    }
}

fn on_previewed(world: &mut World, code: Code, result: Result<CodeVerification, Error>) {
    match result {
        Ok(verification) => {
            world.resource_mut::<CodeRedemptions>().busy.remove(&code);
            world.write_message(CodePreviewed { code, verification });
        }
        Err(error) => on_rejected(world, code, LiveOpsRequest::PreviewCode, error),
    }
}

fn on_redeemed(world: &mut World, code: Code, kind: CodeKind, items: Vec<GrantedItem>) {
    world.resource_mut::<CodeRedemptions>().busy.remove(&code);
    world.write_message(RewardsGranted {
        source: GrantSource::Code { code: code.clone() },
        items: items.clone(),
    });
    world.write_message(CodeRedeemed { code, kind, items });
}

fn on_rejected(world: &mut World, code: Code, request: LiveOpsRequest, error: Error) {
    world.resource_mut::<CodeRedemptions>().busy.remove(&code);
    match reason(&error) {
        Some(reason) => {
            if reason == CodeRejectReason::NeedsLogin {
                // Also ends the session, as any 401 does.
                report_failure(world, request, Arc::new(error));
            }
            world.write_message(CodeRejected {
                input: code.0,
                reason,
            });
        }
        None => report_failure(world, request, error),
    }
}
