//! Coupon and promo codes: [`PreviewCode`] shows what a code gives, [`RedeemCode`] redeems it.
//!
//! The player's input is cleaned first (surrounding whitespace and invisible characters go,
//! case stays), then verified, which tells a coupon from a promo code. Outcomes are typed:
//! [`CodePreviewed`], [`CodeRedeemed`] (with [`RewardsGranted`](crate::RewardsGranted)), or
//! [`CodeRejected`] with a [`CodeRejectReason`].

use std::sync::Arc;

use bevy_app::prelude::*;
use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;
use xsolla_liveops::models::codes::{CodeKind, CodeVerification};
use xsolla_liveops::models::common::ItemType;
use xsolla_liveops::models::coupons::CouponRedemption;
use xsolla_liveops::models::promo_codes::PromoCodeRedemption;
use xsolla_liveops::models::promotions::{BonusReward, RewardItem, SelectedUnitItems};
use xsolla_liveops::{Client, Code, CodeError, CodeRejection, Error, Sku};

use crate::core::DispatchStage;
use crate::error::LiveOpsError;
use crate::feature::{FeatureResource, LiveOpsFeature, RegisterFeature};
use crate::group::{FeaturePlugin, refuse};
use crate::outcome::{GrantSource, GrantedItem, LiveOpsFailed, LiveOpsRequest, RewardsGranted};
use crate::requests::{Admission, RequestBook};
use crate::runtime::{Done, LiveOpsRuntime, note_rejection, report_failure};
use crate::session::{Credentials, LiveOpsSession};

/// Coupon and promo codes: previews and redemptions.
#[derive(Debug, Clone, Copy, Default)]
pub struct CodesPlugin;

impl Plugin for CodesPlugin {
    fn build(&self, app: &mut App) {
        Self::declare(app);
        app.register_feature::<CodeRedemptions>().add_systems(
            PostUpdate,
            dispatch.run_if(codes_to_send).in_set(DispatchStage::Send),
        );
    }
}

impl FeaturePlugin for CodesPlugin {
    const FEATURE: LiveOpsFeature = LiveOpsFeature::CODES;

    fn declare(app: &mut App) {
        app.init_resource::<CodeRedemptions>()
            .add_message::<PreviewCode>()
            .add_message::<RedeemCode>()
            .add_message::<CodePreviewed>()
            .add_message::<CodeRedeemed>()
            .add_message::<CodeRejected>();
    }

    fn refuse_requests(app: &mut App) {
        refuse::<PreviewCode>(app, Self::FEATURE, |p| LiveOpsRequest::PreviewCode {
            code: Code(p.input.trim().to_owned()),
        });
        refuse::<RedeemCode>(app, Self::FEATURE, |r| LiveOpsRequest::RedeemCode {
            code: Code(r.input.trim().to_owned()),
        });
    }
}

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
    /// A coupon's items, granted now (and reported by [`RewardsGranted`]); a promo code's bonus
    /// items, which come with the purchase of the cart it was applied to.
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
#[derive(Resource, Default)]
pub struct CodeRedemptions {
    previews: RequestBook<Code>,
    redeems: RequestBook<Code, SelectedUnitItems>,
}

impl std::fmt::Debug for CodeRedemptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CodeRedemptions")
            .field(
                "busy",
                &self
                    .previews
                    .pending()
                    .chain(self.redeems.pending())
                    .count(),
            )
            .finish()
    }
}

impl CodeRedemptions {
    /// True while this code is being checked or redeemed, or waits for a token.
    pub fn is_busy(&self, code: &Code) -> bool {
        self.previews.contains(code) || self.redeems.contains(code)
    }

    /// True while any code is being checked or redeemed.
    pub fn any_busy(&self) -> bool {
        self.previews
            .pending()
            .chain(self.redeems.pending())
            .next()
            .is_some()
    }
}

impl FeatureResource for CodeRedemptions {
    const FEATURE: LiveOpsFeature = LiveOpsFeature::CODES;

    fn pending(&self) -> Vec<LiveOpsRequest> {
        let previews = self
            .previews
            .pending()
            .map(|code| LiveOpsRequest::PreviewCode { code: code.clone() });
        let redeems = self
            .redeems
            .pending()
            .map(|code| LiveOpsRequest::RedeemCode { code: code.clone() });
        previews.chain(redeems).collect()
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
        .map(|b| {
            let mut item = reward_item(&b.item);
            item.quantity = b.quantity;
            item
        })
        .collect()
}

fn reward_item(item: &RewardItem) -> GrantedItem {
    GrantedItem {
        sku: item.sku.clone(),
        name: item
            .name
            .as_ref()
            .and_then(|n| n.resolve("en").map(str::to_owned)),
        quantity: item.quantity.unwrap_or(1),
        item_type: item
            .item_type
            .clone()
            .unwrap_or(ItemType::Other(String::new())),
        image_url: item.image_url.clone(),
        description: item.description.clone(),
        contents: item.content.iter().map(reward_item).collect(),
    }
}

/// The items a code grants, a unit as the item the player picked (with that item's name, not
/// the unit's name and picture).
fn rewards_of(verification: &CodeVerification, picks: &SelectedUnitItems) -> Vec<GrantedItem> {
    let bonus = verification.bonus();
    let mut items = bonus_items(bonus);
    for (item, reward) in items.iter_mut().zip(bonus) {
        let Some(choice) = picks.get(&item.sku) else {
            continue;
        };
        let picked = reward.item.unit_items.iter().find(|u| &u.sku == choice);
        item.sku = choice.clone();
        item.name = picked.and_then(|u| u.name.clone());
        item.image_url = None;
        item.description = None;
        if let Some(kind) = picked.and_then(|u| u.item_type.clone()) {
            item.item_type = kind;
        }
    }
    items
}

fn codes_to_send(
    previews: Res<Messages<PreviewCode>>,
    redeems: Res<Messages<RedeemCode>>,
    state: Res<CodeRedemptions>,
    session: Res<LiveOpsSession>,
) -> bool {
    !previews.is_empty()
        || !redeems.is_empty()
        || (session.is_ready() && (state.previews.has_held() || state.redeems.has_held()))
}

/// What code requests read and write besides the state.
#[derive(SystemParam)]
struct CodeDesk<'w> {
    session: Res<'w, LiveOpsSession>,
    runtime: Res<'w, LiveOpsRuntime>,
    rejected: MessageWriter<'w, CodeRejected>,
    failed: MessageWriter<'w, LiveOpsFailed>,
}

/// A code request to send: a preview, or a redemption with the player's picks.
enum Job {
    Preview,
    Redeem(SelectedUnitItems),
}

/// Cleans inputs, checks the session, and starts previews and redemptions.
fn dispatch(
    mut previews: MessageReader<PreviewCode>,
    mut redeems: MessageReader<RedeemCode>,
    mut state: ResMut<CodeRedemptions>,
    mut desk: CodeDesk,
) {
    let mut jobs: Vec<(Code, Job, Credentials, bool)> = Vec::new();
    for released in state.previews.release(&desk.session) {
        jobs.push((
            released.key,
            Job::Preview,
            released.credentials,
            released.resent,
        ));
    }
    for released in state.redeems.release(&desk.session) {
        jobs.push((
            released.key,
            Job::Redeem(released.payload),
            released.credentials,
            released.resent,
        ));
    }
    for preview in previews.read() {
        let Some(code) = accept(&preview.input, &desk.session, &mut desk.rejected) else {
            continue;
        };
        match state.previews.admit(code.clone(), (), &desk.session) {
            Admission::Send(credentials, ()) => jobs.push((code, Job::Preview, credentials, false)),
            Admission::Held | Admission::Duplicate => {}
            Admission::Refused(error) => {
                desk.failed.write(LiveOpsFailed {
                    request: LiveOpsRequest::PreviewCode { code },
                    error,
                });
            }
        }
    }
    for redeem in redeems.read() {
        let Some(code) = accept(&redeem.input, &desk.session, &mut desk.rejected) else {
            continue;
        };
        let picks = redeem.selected_unit_items.clone();
        match state.redeems.admit(code.clone(), picks, &desk.session) {
            Admission::Send(credentials, picks) => {
                jobs.push((code, Job::Redeem(picks), credentials, false));
            }
            Admission::Held | Admission::Duplicate => {}
            Admission::Refused(error) => {
                desk.failed.write(LiveOpsFailed {
                    request: LiveOpsRequest::RedeemCode { code },
                    error,
                });
            }
        }
    }
    for (code, job, credentials, resent) in jobs {
        let sent = Sent {
            code: code.clone(),
            player: credentials.player.clone(),
            serial: credentials.serial,
            resent,
        };
        let (request, result) = match job {
            Job::Preview => (
                LiveOpsRequest::PreviewCode { code: code.clone() },
                desk.runtime.send(&credentials, move |client| async move {
                    let reply = client
                        .codes()
                        .verify(sent.code.clone())
                        .send_with_meta()
                        .await;
                    let date = reply.as_ref().ok().and_then(|r| r.server_date);
                    Done::new(date, move |world| {
                        on_previewed(world, sent, reply.map(|r| r.value))
                    })
                }),
            ),
            Job::Redeem(picks) => (
                LiveOpsRequest::RedeemCode { code: code.clone() },
                desk.runtime
                    .send(&credentials, move |client| redeem_code(client, sent, picks)),
            ),
        };
        if let Err(error) = result {
            state.previews.finish(&code);
            state.redeems.finish(&code);
            desk.failed.write(LiveOpsFailed { request, error });
        }
    }
}

/// What a code request's answer is applied with.
struct Sent {
    code: Code,
    player: Arc<str>,
    serial: u64,
    resent: bool,
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

async fn redeem_code(client: Client, sent: Sent, picks: SelectedUnitItems) -> Done {
    let code = sent.code.clone();
    let verification = match client.codes().verify(code.clone()).send_with_meta().await {
        Ok(reply) => reply.value,
        Err(error) => {
            return Done::new(None, move |world| {
                on_refused(world, sent, Redo::Redeem(picks), error)
            });
        }
    };
    let kind = verification.kind();
    let items = rewards_of(&verification, &picks);
    let result = match kind {
        CodeKind::Coupon => {
            let body = CouponRedemption {
                coupon_code: code.clone(),
                selected_unit_items: picks.clone(),
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
                selected_unit_items: picks.clone(),
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
                    world
                        .resource_mut::<CodeRedemptions>()
                        .redeems
                        .finish(&code);
                    report_failure(
                        world,
                        LiveOpsRequest::RedeemCode { code },
                        error.into(),
                        Some(sent.serial),
                    );
                }
            })
        }
        Err(error) => Done::new(None, move |world| {
            on_refused(world, sent, Redo::Redeem(picks), error)
        }),
    }
}

fn on_previewed(world: &mut World, sent: Sent, result: Result<CodeVerification, Error>) {
    match result {
        Ok(verification) => {
            world
                .resource_mut::<CodeRedemptions>()
                .previews
                .finish(&sent.code);
            world.write_message(CodePreviewed {
                code: sent.code,
                verification,
            });
        }
        Err(error) => on_refused(world, sent, Redo::Preview, error),
    }
}

fn on_redeemed(world: &mut World, code: Code, kind: CodeKind, items: Vec<GrantedItem>) {
    world
        .resource_mut::<CodeRedemptions>()
        .redeems
        .finish(&code);
    // A coupon's items are in the inventory now; a promo code's come with the cart's purchase,
    // so they are not reported as granted.
    if kind == CodeKind::Coupon {
        world.write_message(RewardsGranted {
            source: GrantSource::Code { code: code.clone() },
            items: items.clone(),
        });
    }
    world.write_message(CodeRedeemed { code, kind, items });
}

/// What to send again after a 401.
enum Redo {
    Preview,
    Redeem(SelectedUnitItems),
}

fn on_refused(world: &mut World, sent: Sent, redo: Redo, error: Error) {
    let code = sent.code.clone();
    let request = match redo {
        Redo::Preview => LiveOpsRequest::PreviewCode { code: code.clone() },
        Redo::Redeem(_) => LiveOpsRequest::RedeemCode { code: code.clone() },
    };
    let error = LiveOpsError::from(error);
    if error.is_unauthorized() {
        note_rejection(world, &error, Some(sent.serial));
        let mut state = world.resource_mut::<CodeRedemptions>();
        let held = match redo {
            Redo::Preview => state
                .previews
                .hold_again(code.clone(), (), sent.player, sent.resent),
            Redo::Redeem(picks) => {
                state
                    .redeems
                    .hold_again(code.clone(), picks, sent.player, sent.resent)
            }
        };
        if held {
            // The server did nothing: the request goes out again with the next token.
            return;
        }
    }
    let mut state = world.resource_mut::<CodeRedemptions>();
    match request {
        LiveOpsRequest::PreviewCode { .. } => state.previews.finish(&code),
        _ => state.redeems.finish(&code),
    }
    match error.client().and_then(reason) {
        Some(reason) => {
            world.write_message(CodeRejected {
                input: code.0,
                reason,
            });
        }
        None => report_failure(world, request, error, Some(sent.serial)),
    }
}
