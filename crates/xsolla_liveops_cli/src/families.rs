//! The families of resources the tool handles as one shape each: code campaigns (coupons, promo
//! codes, unique offers) and promotions (discounts, bonuses), both generic families of the
//! client, and the chains Xsolla edits only while they are switched off (daily and offer
//! chains), which the client serves through two handlers with the same calls.
//!
//! Each trait adds to a family what the tool needs and the client leaves to each member: the
//! resource kind, the key a body is matched by, and the fields of a resource read back.

use futures_util::{StreamExt, TryStreamExt, stream};
use serde::Serialize;
use serde::de::DeserializeOwned;
use xsolla_liveops::api::campaigns::{CampaignKind, Coupon, PromoCode, UniqueOffer};
use xsolla_liveops::api::discounts::{Bonus, Discount, PromotionKind};
use xsolla_liveops::models::common::LocalizedText;
use xsolla_liveops::models::daily::DailyChainInput;
use xsolla_liveops::models::offer::OfferChainInput;
use xsolla_liveops::models::promotions::Periods;
use xsolla_liveops::{Client, DailyChainId, Endpoint, Error, OfferChainId, Request};

use crate::project::{Kind, read};

/// Sends a call whose answer is not needed.
pub async fn send<E: Endpoint>(call: Request<'_, E>) -> Result<(), Error> {
    call.send().await.map(drop)
}

/// The campaign kinds, in the order a campaign's external id is looked up.
pub const CAMPAIGN_KINDS: [Kind; 3] = [Kind::Coupon, Kind::PromoCode, Kind::UniqueOffer];

/// A family of code campaigns as the tool reads and writes it (`/v3` bodies).
pub trait Campaign: CampaignKind {
    /// The resource kind of the family.
    const KIND: Kind;

    /// The campaign's key: the external id of its creation body.
    fn external_id(body: &Self::New<Periods>) -> &str;

    /// Whether a campaign read back is enabled, and how many codes it holds.
    fn state(read: &Self::Admin<Periods>) -> (bool, u64);
}

/// Implements [`Campaign`] for families whose bodies name these fields alike.
macro_rules! campaign {
    ($($family:ident),*) => {$(
        impl Campaign for $family {
            const KIND: Kind = Kind::$family;

            fn external_id(body: &Self::New<Periods>) -> &str {
                &body.external_id.0
            }

            fn state(read: &Self::Admin<Periods>) -> (bool, u64) {
                (read.is_enabled, read.total_codes_count.unwrap_or(0))
            }
        }
    )*};
}

campaign!(Coupon, PromoCode, UniqueOffer);

/// Evaluates `$body` with `$K` naming the campaign family of the kind `$kind`; a kind that is
/// not a campaign's is taken for a unique offer.
macro_rules! with_campaign {
    ($kind:expr, $K:ident => $body:expr) => {
        match $kind {
            $crate::project::Kind::Coupon => {
                type $K = ::xsolla_liveops::api::campaigns::Coupon;
                $body
            }
            $crate::project::Kind::PromoCode => {
                type $K = ::xsolla_liveops::api::campaigns::PromoCode;
                $body
            }
            _ => {
                type $K = ::xsolla_liveops::api::campaigns::UniqueOffer;
                $body
            }
        }
    };
}

pub(crate) use with_campaign;

/// A kind of promotion (discounts, bonuses) as the tool reads and writes it (`/v3` bodies).
pub trait Promotion: PromotionKind {
    /// The resource kind of the family.
    const KIND: Kind;

    /// The localized name a promotion is matched by.
    fn name(body: &Self::Input<Periods>) -> &LocalizedText;

    /// A promotion read back: its id, whether it is enabled, and its body; `None` when it
    /// cannot be written as a body.
    fn read_back(read: Self::Promotion<Periods>) -> Option<(i64, bool, Self::Input<Periods>)>;
}

/// Implements [`Promotion`] for kinds whose bodies name these fields alike.
macro_rules! promotion {
    ($($kind:ident),*) => {$(
        impl Promotion for $kind {
            const KIND: Kind = Kind::$kind;

            fn name(body: &Self::Input<Periods>) -> &LocalizedText {
                &body.name
            }

            fn read_back(
                read: Self::Promotion<Periods>,
            ) -> Option<(i64, bool, Self::Input<Periods>)> {
                let (id, enabled) = (read.id.0, read.is_enabled);
                let body = <Self::Input<Periods>>::try_from(read).ok()?;
                Some((id, enabled, body))
            }
        }
    )*};
}

promotion!(Discount, Bonus);

/// Daily chains, as a [`SwitchedChain`].
#[derive(Debug, Clone, Copy, Default)]
pub struct DailyChains;

/// Offer chains, as a [`SwitchedChain`].
#[derive(Debug, Clone, Copy, Default)]
pub struct OfferChains;

/// A kind of chain that Xsolla edits only while it is switched off, with step ids kept by step
/// number: daily and offer chains.
pub trait SwitchedChain {
    /// The resource kind.
    const KIND: Kind;
    /// The create and update body.
    type Input: Serialize + DeserializeOwned;

    /// The localized name a chain is matched by.
    fn name(body: &Self::Input) -> &LocalizedText;
    /// Every chain of the project, with its steps, as id and body.
    async fn read_all(
        client: &Client,
        concurrency: usize,
    ) -> Result<Vec<(i64, Self::Input)>, Error>;
    /// Creates a chain.
    async fn create(client: &Client, body: Self::Input) -> Result<(), Error>;
    /// Whether the chain is switched on now.
    async fn is_enabled(client: &Client, id: i64) -> Result<bool, Error>;
    /// Switches the chain on or off, whichever it is not.
    async fn toggle(client: &Client, id: i64) -> Result<(), Error>;
    /// Replaces a chain.
    async fn update(client: &Client, id: i64, body: Self::Input) -> Result<(), Error>;
    /// Deletes a chain.
    async fn delete(client: &Client, id: i64) -> Result<(), Error>;
}

/// Implements [`SwitchedChain`] for each marker over the client's handler of its chain kind.
macro_rules! switched_chain {
    ($($marker:ident: $kind:ident, $handler:ident, $id:ident, $input:ty);*) => {$(
        impl SwitchedChain for $marker {
            const KIND: Kind = Kind::$kind;
            type Input = $input;

            fn name(body: &$input) -> &LocalizedText {
                &body.name
            }

            /// Lists the chains; one a list gives without steps is read on its own.
            async fn read_all(
                client: &Client,
                concurrency: usize,
            ) -> Result<Vec<(i64, $input)>, Error> {
                let admin = client.admin();
                let chains = read(|| admin.$handler().list().all()).await?;
                stream::iter(chains)
                    .map(|c| async move {
                        let c = if c.steps.is_empty() {
                            read(|| admin.$handler().get(c.id).send()).await?
                        } else {
                            c
                        };
                        Ok::<_, Error>((c.id.0, <$input>::from(c)))
                    })
                    .buffered(concurrency)
                    .try_collect()
                    .await
            }

            async fn create(client: &Client, body: $input) -> Result<(), Error> {
                send(client.admin().$handler().create(body)).await
            }

            async fn is_enabled(client: &Client, id: i64) -> Result<bool, Error> {
                let chain = client.admin().$handler().get($id(id)).send().await?;
                Ok(chain.is_enabled)
            }

            async fn toggle(client: &Client, id: i64) -> Result<(), Error> {
                send(client.admin().$handler().toggle($id(id))).await
            }

            async fn update(client: &Client, id: i64, body: $input) -> Result<(), Error> {
                send(client.admin().$handler().update($id(id), body)).await
            }

            async fn delete(client: &Client, id: i64) -> Result<(), Error> {
                send(client.admin().$handler().delete($id(id))).await
            }
        }
    )*};
}

switched_chain! {
    DailyChains: DailyChain, daily_chains, DailyChainId, DailyChainInput;
    OfferChains: OfferChain, offer_chains, OfferChainId, OfferChainInput
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::KINDS;

    #[test]
    fn the_campaign_kinds_are_the_kinds_with_codes() {
        let with_codes: Vec<Kind> = KINDS
            .iter()
            .filter(|i| i.has_codes)
            .map(|i| i.kind)
            .collect();
        assert_eq!(with_codes, CAMPAIGN_KINDS);
    }
}
