//! Unique catalog offer operations (admin only): offers, their codes and their activation.
//! Players enter these codes through the promo code calls.
//!
//! Unique catalog offers are the [`UniqueOffer`] family of the
//! [code campaigns](super::campaigns): the operations here are generic campaign operations
//! under their unique offer names. The family has no player calls and no user or code limits.

pub use super::campaigns::UniqueOffer;

#[cfg(feature = "admin")]
pub use admin::*;

#[cfg(feature = "admin")]
mod admin {
    use super::UniqueOffer;
    use crate::api::campaigns::{
        ActivateCampaign, CreateCampaign, CreateCampaignCode, DeactivateCampaign, DeleteCampaign,
        GenerateCampaignCodes, GetCampaign, ListCampaignCodes, ListCampaigns, UpdateCampaign,
    };
    use crate::models::promotions::Periods;

    /// `POST /v3/project/{project_id}/admin/unique_catalog_offer` (`/v2/…` for a `DateRange`
    /// body): creates a unique catalog offer, disabled (201).
    pub type CreateUniqueOffer<P = Periods> = CreateCampaign<UniqueOffer, P>;
    /// `GET /v3/project/{project_id}/admin/unique_catalog_offer` (`/v2/…` with `P` =
    /// `DateRange`): lists unique catalog offers.
    pub type ListUniqueOffers<P = Periods> = ListCampaigns<UniqueOffer, P>;
    /// `GET /v3/project/{project_id}/admin/unique_catalog_offer/{external_id}` (`/v2/…` with
    /// `P` = `DateRange`).
    pub type GetUniqueOffer<P = Periods> = GetCampaign<UniqueOffer, P>;
    /// `PUT /v3/project/{project_id}/admin/unique_catalog_offer/{external_id}` (`/v2/…` for a
    /// `DateRange` body): replaces a unique catalog offer (204).
    pub type UpdateUniqueOffer<P = Periods> = UpdateCampaign<UniqueOffer, P>;
    /// `DELETE /v3/project/{project_id}/admin/unique_catalog_offer/{external_id}` (or `/v2/…`).
    pub type DeleteUniqueOffer = DeleteCampaign<UniqueOffer>;
    /// `PUT /v2/project/{project_id}/admin/unique_catalog_offer/{external_id}/activate`.
    pub type ActivateUniqueOffer = ActivateCampaign<UniqueOffer>;
    /// `PUT /v2/project/{project_id}/admin/unique_catalog_offer/{external_id}/deactivate`.
    pub type DeactivateUniqueOffer = DeactivateCampaign<UniqueOffer>;
    /// `POST /v2/project/{project_id}/admin/unique_catalog_offer/{external_id}/code`.
    pub type CreateUniqueOfferCode = CreateCampaignCode<UniqueOffer>;
    /// `GET /v2/project/{project_id}/admin/unique_catalog_offer/{external_id}/code`.
    pub type ListUniqueOfferCodes = ListCampaignCodes<UniqueOffer>;
    /// `PUT /v2/project/{project_id}/admin/unique_catalog_offer/{external_id}/code/generate`.
    pub type GenerateUniqueOfferCodes = GenerateCampaignCodes<UniqueOffer>;
}

#[cfg(all(feature = "client", feature = "admin"))]
pub use handlers::*;

#[cfg(all(feature = "client", feature = "admin"))]
mod handlers {
    use super::UniqueOffer;
    use crate::api::campaigns::AdminCampaigns;
    use crate::client::Admin;

    impl<'a> Admin<'a> {
        /// Unique catalog offers administration.
        pub fn unique_offers(&self) -> AdminUniqueOffers<'a> {
            self.campaigns()
        }
    }

    /// Unique catalog offers administration calls (`client.admin().unique_offers()`).
    pub type AdminUniqueOffers<'a> = AdminCampaigns<'a, UniqueOffer>;
}
