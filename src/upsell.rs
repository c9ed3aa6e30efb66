//! Upsell: [`UpsellPlugin`] and the items the project offers on top of a purchase, in the
//! [`UpsellItems`] resource.

use bevy_app::prelude::*;
use bevy_ecs::prelude::*;
use xsolla_liveops::models::upsell::UpsellItem;
use xsolla_liveops::{Client, Error, Reply};

use crate::cache::DataOrigin;
use crate::feature::{
    FeaturePlugin, FeatureResource, FeatureState, ReadState, RegisterFeature, feature_data,
};
use crate::feature_id::LiveOpsFeature;
use crate::messages::LiveOpsRequest;

/// Upsell: reads the items offered on top of a purchase.
#[derive(Debug, Clone, Copy, Default)]
pub struct UpsellPlugin;

impl Plugin for UpsellPlugin {
    fn build(&self, app: &mut App) {
        Self::declare(app);
        app.register_state_feature::<UpsellItems>();
    }
}

impl FeaturePlugin for UpsellPlugin {
    fn declare(app: &mut App) {
        app.init_resource::<UpsellItems>();
    }
}

/// The project's upsell items for the player.
#[derive(Resource, Debug, Default)]
pub struct UpsellItems {
    /// The items, as last read.
    pub items: Vec<UpsellItem>,
    /// Where [`UpsellItems::items`] came from.
    pub origin: DataOrigin,
    reads: ReadState,
}

impl UpsellItems {
    /// True while the items are being read.
    pub fn is_loading(&self) -> bool {
        self.reads.loading
    }
}

impl FeatureResource for UpsellItems {
    const FEATURE: LiveOpsFeature = LiveOpsFeature::UPSELL;

    fn pending(&self) -> Vec<LiveOpsRequest> {
        Vec::new()
    }

    fn loaded(&self) -> bool {
        self.origin == DataOrigin::Network
    }
}

impl FeatureState for UpsellItems {
    type Data = Vec<UpsellItem>;

    feature_data!(items);

    async fn read(client: Client) -> Result<Reply<Self::Data>, Error> {
        let reply = client.upsell().items().send_with_meta().await?;
        Ok(reply.map(|r| r.items))
    }
}
