//! Coupon operations: redeeming codes (player) and managing coupon promotions (admin).
//!
//! Coupons are the [`Coupon`] family of the [code campaigns](super::campaigns): every operation
//! here is a generic campaign operation under its coupon name.

pub use super::campaigns::Coupon;
use super::campaigns::{GetCampaignRewards, RedeemCampaignCode};

/// `POST /v2/project/{project_id}/coupon/redeem`: redeems a coupon code; the answer lists the
/// items granted. Never retried automatically.
pub type RedeemCoupon = RedeemCampaignCode<Coupon>;

/// `GET /v2/project/{project_id}/coupon/code/{coupon_code}/rewards`: what a coupon code grants,
/// and whether the player must pick unit items first.
pub type GetCouponRewards = GetCampaignRewards<Coupon>;

#[cfg(feature = "admin")]
pub use admin::*;

#[cfg(feature = "admin")]
mod admin {
    use super::Coupon;
    use crate::api::campaigns::{
        ActivateCampaign, CreateCampaign, CreateCampaignCode, DeactivateCampaign,
        DecreaseCampaignUserLimit, DeleteCampaign, GenerateCampaignCodes, GetCampaign,
        GetCampaignUserLimit, IncreaseCampaignUserLimit, ListCampaignCodeLimits, ListCampaignCodes,
        ListCampaigns, SetCampaignUserLimit, UpdateCampaign,
    };
    use crate::models::promotions::Periods;

    /// `POST /v3/project/{project_id}/admin/coupon` (`/v2/…` for a `DateRange` body): creates a
    /// coupon promotion, disabled (201).
    pub type CreateCoupon<P = Periods> = CreateCampaign<Coupon, P>;
    /// `GET /v3/project/{project_id}/admin/coupon` (`/v2/…` with `P` = `DateRange`): lists
    /// coupon promotions.
    pub type ListCoupons<P = Periods> = ListCampaigns<Coupon, P>;
    /// `GET /v3/project/{project_id}/admin/coupon/{external_id}` (`/v2/…` with `P` =
    /// `DateRange`).
    pub type GetCoupon<P = Periods> = GetCampaign<Coupon, P>;
    /// `PUT /v3/project/{project_id}/admin/coupon/{external_id}` (`/v2/…` for a `DateRange`
    /// body): replaces a coupon promotion (204).
    pub type UpdateCoupon<P = Periods> = UpdateCampaign<Coupon, P>;
    /// `DELETE /v3/project/{project_id}/admin/coupon/{external_id}` (or `/v2/…`).
    pub type DeleteCoupon = DeleteCampaign<Coupon>;
    /// `PUT /v2/project/{project_id}/admin/coupon/{external_id}/activate`.
    pub type ActivateCoupon = ActivateCampaign<Coupon>;
    /// `PUT /v2/project/{project_id}/admin/coupon/{external_id}/deactivate`.
    pub type DeactivateCoupon = DeactivateCampaign<Coupon>;
    /// `POST /v2/project/{project_id}/admin/coupon/{external_id}/code`: adds one code.
    pub type CreateCouponCode = CreateCampaignCode<Coupon>;
    /// `GET /v2/project/{project_id}/admin/coupon/{external_id}/code`: the promotion's codes.
    pub type ListCouponCodes = ListCampaignCodes<Coupon>;
    /// `PUT /v2/project/{project_id}/admin/coupon/{external_id}/code/generate`.
    pub type GenerateCouponCodes = GenerateCampaignCodes<Coupon>;
    /// `GET /v2/project/{project_id}/admin/user/limit/coupon/external_id/{external_id}`.
    pub type GetCouponUserLimit = GetCampaignUserLimit<Coupon>;
    /// `POST /v2/project/{project_id}/admin/user/limit/coupon/external_id/{external_id}`.
    pub type IncreaseCouponUserLimit = IncreaseCampaignUserLimit<Coupon>;
    /// `PUT /v2/project/{project_id}/admin/user/limit/coupon/external_id/{external_id}`.
    pub type SetCouponUserLimit = SetCampaignUserLimit<Coupon>;
    /// `DELETE /v2/project/{project_id}/admin/user/limit/coupon/external_id/{external_id}`.
    pub type DecreaseCouponUserLimit = DecreaseCampaignUserLimit<Coupon>;
    /// `GET /v2/project/{project_id}/admin/code/limit/coupon/external_id/{external_id}`.
    pub type ListCouponCodeLimits = ListCampaignCodeLimits<Coupon>;
}

#[cfg(feature = "client")]
pub use handlers::*;

#[cfg(feature = "client")]
mod handlers {
    use super::Coupon;
    use crate::api::campaigns::Campaigns;
    use crate::client::Client;

    impl Client {
        /// Coupon calls for the current player.
        pub fn coupons(&self) -> Coupons<'_> {
            self.campaigns()
        }
    }

    /// Coupon calls for the current player (`client.coupons()`): `redeem` and `rewards`.
    pub type Coupons<'a> = Campaigns<'a, Coupon>;

    #[cfg(feature = "admin")]
    pub use admin_handlers::*;

    #[cfg(feature = "admin")]
    mod admin_handlers {
        use super::Coupon;
        use crate::api::campaigns::AdminCampaigns;
        use crate::client::Admin;

        impl<'a> Admin<'a> {
            /// Coupon promotions administration.
            pub fn coupons(&self) -> AdminCoupons<'a> {
                self.campaigns()
            }
        }

        /// Coupon promotions administration calls (`client.admin().coupons()`).
        pub type AdminCoupons<'a> = AdminCampaigns<'a, Coupon>;
    }
}
