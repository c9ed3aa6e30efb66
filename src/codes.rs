//! Coupon and promo codes: [`PreviewCode`] shows what a code gives, [`RedeemCode`] redeems it;
//! both are request kinds on the shared lifecycle.
//!
//! The player's input is cleaned first (surrounding whitespace and invisible characters go,
//! case stays), then verified, which tells a coupon from a promo code. Outcomes are typed:
//! [`CodePreviewed`], [`CodeRedeemed`] (with [`RewardsGranted`] for a coupon), or
//! [`CodeRejected`] with a [`CodeRejectReason`].

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, OnceLock};

use bevy_app::prelude::*;
use bevy_ecs::prelude::*;
use xsolla_liveops::models::codes::{CodeKind, CodeVerification};
use xsolla_liveops::models::common::ItemType;
use xsolla_liveops::models::coupons::CouponRedemption;
use xsolla_liveops::models::promo_codes::PromoCodeRedemption;
use xsolla_liveops::models::promotions::{BonusReward, RewardItem, SelectedUnitItems};
use xsolla_liveops::{Client, Code, CodeRejection, Error, Reply, Sku};

use crate::error::LiveOpsError;
use crate::feature::{FeaturePlugin, FeatureResource, RegisterFeature};
use crate::feature_id::LiveOpsFeature;
use crate::messages::{LiveOpsRequest, PreviewCode, RedeemCode};
use crate::outcome::{
    CodePreviewed, CodeRedeemed, CodeRejectReason, CodeRejected, GrantSource, GrantedItem,
    RewardsGranted, emit,
};
use crate::requests::book::{Entry, RequestBook};
use crate::requests::{RequestKind, add_kind, fail, send_again};
use crate::runtime::MaybeSend;
use crate::session::LiveOpsSession;

/// Coupon and promo codes: previews and redemptions.
#[derive(Debug, Clone, Copy, Default)]
pub struct CodesPlugin;

impl Plugin for CodesPlugin {
    fn build(&self, app: &mut App) {
        Self::declare(app);
        app.register_feature::<CodeRedemptions>();
        add_kind::<PreviewCode>(app);
        add_kind::<RedeemCode>(app);
        app.add_observer(tally_grants);
    }
}

impl FeaturePlugin for CodesPlugin {
    fn declare(app: &mut App) {
        app.init_resource::<CodeRedemptions>();
    }
}

/// Codes being previewed or redeemed (their buttons should be disabled).
#[derive(Resource, Default)]
pub struct CodeRedemptions {
    previews: RequestBook<PreviewCode>,
    redeems: RequestBook<RedeemCode>,
    /// Every grant reported to this player so far, per SKU as it arrives in the inventory:
    /// what a redemption's check subtracts from the inventory's growth.
    reported: Owned,
}

/// How many of each SKU the player owns, or was reported as granted.
type Owned = HashMap<Sku, i64>;

/// Counts each reported grant for the player's redemption checks.
fn tally_grants(granted: On<RewardsGranted>, codes: Option<ResMut<CodeRedemptions>>) {
    let Some(mut codes) = codes else {
        return;
    };
    for item in granted.inventory_items() {
        *codes.reported.entry(item.sku).or_default() += item.quantity;
    }
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
            .map(|code| PreviewCode::new(code.as_str()).into());
        let redeems = self
            .redeems
            .pending()
            .map(|code| RedeemCode::new(code.as_str()).into());
        previews.chain(redeems).collect()
    }
}

/// The cleaned code of the player's input; malformed input and a missing login are rejected
/// at once.
fn accept(world: &mut World, input: &str) -> Option<Code> {
    let reason = match Code::parse(input) {
        Err(e) => CodeRejectReason::Malformed(e),
        Ok(_) if world.resource::<LiveOpsSession>().player().is_none() => {
            CodeRejectReason::NeedsLogin
        }
        Ok(code) => return Some(code),
    };
    let input = Code::parse(input).map_or_else(|_| input.trim().to_owned(), |c| c.0);
    emit(world, CodeRejected { input, reason });
    None
}

/// A refusal with a code rejection reason is a [`CodeRejected`]; anything else fails.
fn refuse_code<R: RequestKind<Key = Code>>(
    world: &mut World,
    entry: Entry<R>,
    error: LiveOpsError,
) {
    match error.client().and_then(reason) {
        Some(reason) => emit(
            world,
            CodeRejected {
                input: entry.key.0,
                reason,
            },
        ),
        None => fail::<R>(world, &entry, error),
    }
}

/// A preview: `GET …/promocode/code/{code}` (coupons and promo codes alike). A read: after an
/// ambiguous answer it is read again until answered.
impl RequestKind for PreviewCode {
    type Feature = CodeRedemptions;
    type Message = Self;
    type Key = Code;
    type Payload = ();
    type Context = ();
    type Answer = CodeVerification;
    type Check = CodeVerification;

    fn book(feature: &CodeRedemptions) -> &RequestBook<Self> {
        &feature.previews
    }

    fn book_mut(feature: &mut CodeRedemptions) -> &mut RequestBook<Self> {
        &mut feature.previews
    }

    fn admit(world: &mut World, preview: &Self) -> Option<Entry<Self>> {
        accept(world, &preview.input).map(|key| Entry { key, payload: () })
    }

    fn context(_: &CodeRedemptions, _: &Entry<Self>) {}

    fn send(
        client: Client,
        entry: &Entry<Self>,
        (): &(),
    ) -> impl Future<Output = Result<Reply<CodeVerification>, Error>> + MaybeSend + 'static {
        let code = entry.key.clone();
        async move { client.codes().verify(code).send_with_meta().await }
    }

    fn succeeded(world: &mut World, entry: Entry<Self>, (): (), verification: CodeVerification) {
        emit(
            world,
            CodePreviewed {
                code: entry.key,
                verification,
            },
        );
    }

    fn check(
        client: Client,
        entry: &Entry<Self>,
        (): &(),
    ) -> Option<impl Future<Output = Result<Reply<CodeVerification>, Error>> + MaybeSend + 'static>
    {
        Some(Self::send(client, entry, &()))
    }

    fn settle(
        world: &mut World,
        entry: Entry<Self>,
        (): (),
        verification: CodeVerification,
        _: LiveOpsError,
    ) {
        Self::succeeded(world, entry, (), verification);
    }

    fn refused(world: &mut World, entry: Entry<Self>, error: LiveOpsError) {
        refuse_code(world, entry, error);
    }

    fn request(entry: &Entry<Self>) -> LiveOpsRequest {
        PreviewCode::new(entry.key.as_str()).into()
    }
}

/// What a redemption learns on its way, read when its outcome is applied.
#[derive(Default, Clone)]
pub(crate) struct Verified {
    /// The verification's answer: the kind of code and what it grants with the player's
    /// picks.
    found: Arc<OnceLock<(CodeKind, Vec<GrantedItem>)>>,
    /// A coupon's: what the player owned just before it was redeemed.
    owned_before: Arc<OnceLock<Owned>>,
    /// The grants reported to the player when the redemption was sent.
    reported_before: Owned,
}

/// What a check of an ambiguous redemption found.
pub(crate) struct CodeState {
    verdict: Verdict,
    /// What the player owns now (read for a coupon whose inventory was read before).
    owned: Option<Owned>,
}

enum Verdict {
    /// The code verifies: this player may redeem it (again, for a code with uses left).
    Redeemable,
    /// Turned down, for this reason.
    Rejected(CodeRejectReason),
}

/// How many of each SKU the player owns: inventory items and virtual currency balances.
async fn owned(client: &Client) -> Result<Owned, Error> {
    let items = client.inventory().items().all().await?;
    let balance = client.inventory().currency_balance().send().await?;
    let mut owned = Owned::new();
    for item in items {
        *owned.entry(item.sku.clone()).or_default() += item.count();
    }
    for currency in balance.items {
        *owned.entry(currency.sku).or_default() += currency.amount;
    }
    Ok(owned)
}

/// Whether the player's inventory grew by the coupon's items since it was read before the
/// redemption, beyond what other grants reported meanwhile explain.
fn inventory_shows(verified: &Verified, now: &Owned, reported: &Owned) -> bool {
    let (Some((_, items)), Some(before)) = (verified.found.get(), verified.owned_before.get())
    else {
        return false;
    };
    let mut wanted = Owned::new();
    for item in items.iter().flat_map(GrantedItem::unpacked) {
        *wanted.entry(item.sku).or_default() += item.quantity;
    }
    let get = |map: &Owned, sku: &Sku| map.get(sku).copied().unwrap_or(0);
    !wanted.is_empty()
        && wanted.iter().all(|(sku, quantity)| {
            let grew = get(now, sku) - get(before, sku);
            let explained = get(reported, sku) - get(&verified.reported_before, sku);
            grew - explained >= *quantity
        })
}

/// A redemption: the code is verified (which tells a coupon from a promo code and names what
/// it grants), then redeemed (`POST …/coupon/redeem` or `…/promocode/redeem`); a coupon's
/// redemption reads the player's inventory just before. After an ambiguous answer the code is
/// verified (and the inventory read) again until the server answers: the request redeemed
/// the code when the code is now used up for the player, or when the inventory grew by the
/// coupon's items beyond the grants reported meanwhile (a coupon the player may redeem more
/// than once). A grant made outside the plugin in that moment (a purchase on the web) could
/// be taken for the coupon's; a consumption could hide it, and then the redemption fails.
impl RequestKind for RedeemCode {
    type Feature = CodeRedemptions;
    type Message = Self;
    type Key = Code;
    type Payload = SelectedUnitItems;
    type Context = Verified;
    type Answer = ();
    type Check = CodeState;

    fn book(feature: &CodeRedemptions) -> &RequestBook<Self> {
        &feature.redeems
    }

    fn book_mut(feature: &mut CodeRedemptions) -> &mut RequestBook<Self> {
        &mut feature.redeems
    }

    fn admit(world: &mut World, redeem: &Self) -> Option<Entry<Self>> {
        accept(world, &redeem.input).map(|key| Entry {
            key,
            payload: redeem.selected_unit_items.clone(),
        })
    }

    fn context(codes: &CodeRedemptions, _: &Entry<Self>) -> Verified {
        Verified {
            reported_before: codes.reported.clone(),
            ..Verified::default()
        }
    }

    fn send(
        client: Client,
        entry: &Entry<Self>,
        verified: &Verified,
    ) -> impl Future<Output = Result<Reply<()>, Error>> + MaybeSend + 'static {
        let code = entry.key.clone();
        let picks = entry.payload.clone();
        let verified = verified.clone();
        async move {
            let verification = client.codes().verify(code.clone()).send().await?;
            let kind = verification.kind();
            if kind == CodeKind::Coupon {
                // What the player owns just before settles a lost answer of a coupon they may
                // redeem more than once. Without it the coupon is not redeemed yet: `found`
                // stays empty, which tells a check that nothing was sent.
                let _ = verified.owned_before.set(owned(&client).await?);
            }
            let _ = verified
                .found
                .set((kind.clone(), rewards_of(&verification, &picks)));
            let reply = match kind {
                CodeKind::Coupon => {
                    let body = CouponRedemption {
                        coupon_code: code,
                        selected_unit_items: picks,
                    };
                    client
                        .coupons()
                        .redeem(body)
                        .send_with_meta()
                        .await?
                        .map(|_| ())
                }
                _ => {
                    let body = PromoCodeRedemption {
                        coupon_code: code,
                        cart: None,
                        selected_unit_items: picks,
                    };
                    client
                        .promo_codes()
                        .redeem(body)
                        .send_with_meta()
                        .await?
                        .map(|_| ())
                }
            };
            Ok(reply)
        }
    }

    fn succeeded(world: &mut World, entry: Entry<Self>, verified: Verified, (): ()) {
        redeemed(world, entry.key, verified);
    }

    fn check(
        client: Client,
        entry: &Entry<Self>,
        verified: &Verified,
    ) -> Option<impl Future<Output = Result<Reply<CodeState>, Error>> + MaybeSend + 'static> {
        let code = entry.key.clone();
        let read_inventory = verified.owned_before.get().is_some();
        Some(async move {
            let (verdict, reply) = match client.codes().verify(code).send_with_meta().await {
                Ok(reply) => (Verdict::Redeemable, reply.map(|_| ())),
                Err(error) => match reason(&error) {
                    Some(reason) => (
                        Verdict::Rejected(reason),
                        Reply {
                            value: (),
                            status: 422,
                            server_date: None,
                            attempts: 1,
                        },
                    ),
                    None => return Err(error),
                },
            };
            let owned = if read_inventory {
                Some(owned(&client).await?)
            } else {
                None
            };
            Ok(reply.map(|()| CodeState { verdict, owned }))
        })
    }

    fn settle(
        world: &mut World,
        entry: Entry<Self>,
        verified: Verified,
        state: CodeState,
        error: LiveOpsError,
    ) {
        let found = verified.found.get().is_some();
        let used_up = matches!(state.verdict, Verdict::Rejected(CodeRejectReason::UsedUp));
        let granted = state.owned.as_ref().is_some_and(|now| {
            inventory_shows(
                &verified,
                now,
                &world.resource::<CodeRedemptions>().reported,
            )
        });
        match state.verdict {
            // The verification that comes first got no answer: the redemption was not sent.
            Verdict::Redeemable if !found => send_again::<Self>(world, entry),
            _ if found && (used_up || granted) => redeemed(world, entry.key, verified),
            _ => fail::<Self>(world, &entry, error),
        }
    }

    fn refused(world: &mut World, entry: Entry<Self>, error: LiveOpsError) {
        refuse_code(world, entry, error);
    }

    fn request(entry: &Entry<Self>) -> LiveOpsRequest {
        RedeemCode {
            input: entry.key.0.clone(),
            selected_unit_items: entry.payload.clone(),
        }
        .into()
    }
}

/// Reports a redemption: a coupon's items are in the inventory now; a promo code's come with
/// the cart's purchase, so they are not reported as granted.
fn redeemed(world: &mut World, code: Code, verified: Verified) {
    let Some((kind, items)) = verified.found.get().cloned() else {
        return;
    };
    if kind == CodeKind::Coupon {
        emit(
            world,
            RewardsGranted {
                source: GrantSource::Code { code: code.clone() },
                items: items.clone(),
            },
        );
    }
    emit(world, CodeRedeemed { code, kind, items });
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
