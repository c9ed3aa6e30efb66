//! Promo code operations: applying codes to a cart (player) and managing promo code
//! promotions (admin).
//!
//! Promo codes are the [`PromoCode`] family of the [code campaigns](super::campaigns): the
//! operations here are generic campaign operations under their promo code names, plus
//! [`RemovePromoCode`], which only promo codes have.

pub use super::campaigns::PromoCode;
use super::campaigns::{GetCampaignRewards, RedeemCampaignCode};
use crate::endpoint::impl_endpoint;
use crate::models::promo_codes::PromoCodeRemoval;

/// `POST /v2/project/{project_id}/promocode/redeem`: applies a promo code to a cart; the
/// answer is the recalculated cart. Never retried automatically.
pub type RedeemPromoCode = RedeemCampaignCode<PromoCode>;

/// `GET /v2/project/{project_id}/promocode/code/{promocode_code}/rewards`: what a promo code
/// gives, and whether the player must pick unit items first.
pub type GetPromoCodeRewards = GetCampaignRewards<PromoCode>;

/// `PUT /v2/project/{project_id}/promocode/remove`: takes the promo code off a cart; the
/// answer is the cart priced without it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RemovePromoCode {
    /// The cart.
    pub body: PromoCodeRemoval,
}

impl_endpoint! {
    RemovePromoCode -> crate::models::promo_codes::Cart,
    PUT "/v2/project/{project}/promocode/remove",
    auth(User), body(body)
}

#[cfg(feature = "admin")]
pub use admin::*;

#[cfg(feature = "admin")]
mod admin {
    use super::PromoCode;
    use crate::api::campaigns::{
        ActivateCampaign, CreateCampaign, CreateCampaignCode, DeactivateCampaign,
        DecreaseCampaignUserLimit, DeleteCampaign, GenerateCampaignCodes, GetCampaign,
        GetCampaignUserLimit, IncreaseCampaignUserLimit, ListCampaignCodeLimits, ListCampaignCodes,
        ListCampaigns, SetCampaignUserLimit, UpdateCampaign,
    };
    use crate::models::promotions::Periods;

    /// `POST /v3/project/{project_id}/admin/promocode` (`/v2/…` for a `DateRange` body):
    /// creates a promo code promotion, disabled (201).
    pub type CreatePromoCode<P = Periods> = CreateCampaign<PromoCode, P>;
    /// `GET /v3/project/{project_id}/admin/promocode` (`/v2/…` with `P` = `DateRange`): lists
    /// promo code promotions.
    pub type ListPromoCodes<P = Periods> = ListCampaigns<PromoCode, P>;
    /// `GET /v3/project/{project_id}/admin/promocode/{external_id}` (`/v2/…` with `P` =
    /// `DateRange`).
    pub type GetPromoCode<P = Periods> = GetCampaign<PromoCode, P>;
    /// `PUT /v3/project/{project_id}/admin/promocode/{external_id}` (`/v2/…` for a `DateRange`
    /// body): replaces a promo code promotion (204).
    pub type UpdatePromoCode<P = Periods> = UpdateCampaign<PromoCode, P>;
    /// `DELETE /v3/project/{project_id}/admin/promocode/{external_id}` (or `/v2/…`).
    pub type DeletePromoCode = DeleteCampaign<PromoCode>;
    /// `PUT /v2/project/{project_id}/admin/promocode/{external_id}/activate`.
    pub type ActivatePromoCode = ActivateCampaign<PromoCode>;
    /// `PUT /v2/project/{project_id}/admin/promocode/{external_id}/deactivate`.
    pub type DeactivatePromoCode = DeactivateCampaign<PromoCode>;
    /// `POST /v2/project/{project_id}/admin/promocode/{external_id}/code`: adds one code.
    pub type CreatePromoCodeCode = CreateCampaignCode<PromoCode>;
    /// `GET /v2/project/{project_id}/admin/promocode/{external_id}/code`: the promotion's codes.
    pub type ListPromoCodeCodes = ListCampaignCodes<PromoCode>;
    /// `PUT /v2/project/{project_id}/admin/promocode/{external_id}/code/generate`.
    pub type GeneratePromoCodeCodes = GenerateCampaignCodes<PromoCode>;
    /// `GET /v2/project/{project_id}/admin/user/limit/promocode/external_id/{external_id}`.
    pub type GetPromoCodeUserLimit = GetCampaignUserLimit<PromoCode>;
    /// `POST /v2/project/{project_id}/admin/user/limit/promocode/external_id/{external_id}`.
    pub type IncreasePromoCodeUserLimit = IncreaseCampaignUserLimit<PromoCode>;
    /// `PUT /v2/project/{project_id}/admin/user/limit/promocode/external_id/{external_id}`.
    pub type SetPromoCodeUserLimit = SetCampaignUserLimit<PromoCode>;
    /// `DELETE /v2/project/{project_id}/admin/user/limit/promocode/external_id/{external_id}`.
    pub type DecreasePromoCodeUserLimit = DecreaseCampaignUserLimit<PromoCode>;
    /// `GET /v2/project/{project_id}/admin/code/limit/promocode/external_id/{external_id}`.
    pub type ListPromoCodeCodeLimits = ListCampaignCodeLimits<PromoCode>;
}

#[cfg(feature = "client")]
pub use handlers::*;

#[cfg(feature = "client")]
mod handlers {
    use super::{PromoCode, RemovePromoCode};
    use crate::api::campaigns::Campaigns;
    use crate::client::{Client, Request};
    use crate::models::promo_codes::{CartRef, PromoCodeRemoval};

    impl Client {
        /// Promo code calls for the current player.
        pub fn promo_codes(&self) -> PromoCodes<'_> {
            self.campaigns()
        }
    }

    /// Promo code calls for the current player (`client.promo_codes()`): `redeem`, `rewards`
    /// and [`remove`](Campaigns::remove).
    pub type PromoCodes<'a> = Campaigns<'a, PromoCode>;

    impl<'a> Campaigns<'a, PromoCode> {
        /// Takes the promo code off a cart (`None`: the current cart).
        pub fn remove(&self, cart: Option<CartRef>) -> Request<'a, RemovePromoCode> {
            self.client().request(RemovePromoCode {
                body: PromoCodeRemoval { cart },
            })
        }
    }

    #[cfg(feature = "admin")]
    pub use admin_handlers::*;

    #[cfg(feature = "admin")]
    mod admin_handlers {
        use super::PromoCode;
        use crate::api::campaigns::AdminCampaigns;
        use crate::client::Admin;

        impl<'a> Admin<'a> {
            /// Promo code promotions administration.
            pub fn promo_codes(&self) -> AdminPromoCodes<'a> {
                self.campaigns()
            }
        }

        /// Promo code promotions administration calls (`client.admin().promo_codes()`).
        pub type AdminPromoCodes<'a> = AdminCampaigns<'a, PromoCode>;
    }
}
