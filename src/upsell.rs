//! Upsell: the items the project offers on top of a purchase, in the [`Upsell`] resource.

use bevy_ecs::prelude::*;
use xsolla_liveops::Client;
use xsolla_liveops::models::upsell::UpsellItem;

use crate::cache::DataOrigin;
use crate::feature::{FeatureState, on_fetched};
use crate::net::{Done, LiveOpsNet, LiveOpsSettings};
use crate::outcome::LiveOpsFeature;
use crate::refresh::{RefreshLiveOps, wants_refresh};
use crate::session::LiveOpsSession;

/// The project's upsell items for the player.
#[derive(Resource, Debug, Default)]
pub struct Upsell {
    /// The items, as last read.
    pub items: Vec<UpsellItem>,
    /// Where [`Upsell::items`] came from.
    pub origin: DataOrigin,
    loading: bool,
    read_again: bool,
}

impl Upsell {
    /// True while the items are being read.
    pub fn is_loading(&self) -> bool {
        self.loading
    }
}

impl FeatureState for Upsell {
    const FEATURE: LiveOpsFeature = LiveOpsFeature::Upsell;
    type Data = Vec<UpsellItem>;
    fn data_mut(&mut self) -> &mut Self::Data {
        &mut self.items
    }
    fn origin_mut(&mut self) -> &mut DataOrigin {
        &mut self.origin
    }
    fn loading_mut(&mut self) -> &mut bool {
        &mut self.loading
    }
    fn read_again_mut(&mut self) -> &mut bool {
        &mut self.read_again
    }
}

/// Reads the upsell when asked.
pub(crate) fn dispatch(
    mut refresh: MessageReader<RefreshLiveOps>,
    mut upsell: ResMut<Upsell>,
    session: Res<LiveOpsSession>,
    net: Res<LiveOpsNet>,
    settings: Res<LiveOpsSettings>,
) {
    let wanted = wants_refresh(&mut refresh, &settings, LiveOpsFeature::Upsell);
    if wanted && upsell.loading {
        upsell.read_again = true;
    }
    if wanted && !upsell.loading {
        upsell.loading = net.spawn(&session, fetch);
    }
}

async fn fetch(client: Client) -> Done {
    let reply = client.upsell().items().send_with_meta().await;
    let date = reply.as_ref().ok().and_then(|r| r.server_date);
    Done::new(date, move |world| {
        on_fetched::<Upsell>(world, 0, reply.map(|r| r.value.items))
    })
}
