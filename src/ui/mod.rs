//! In-game LiveOps widgets on bevy_egui (cargo feature `egui`, on by default).
//!
//! Two ways to use them:
//! - the pure widgets ([`DailyCalendar`], [`OfferTrack`], [`UpsellCard`], [`CodeDialog`],
//!   [`RewardChainProgress`], [`Toasts`], [`hub_button`], [`status_line`], or the whole
//!   [`show_hub`]) inside any egui layout: each takes a view of a feature's state and the
//!   server clock through a [`UiCx`] and returns the player's [`UiAction`]; none touches the
//!   `World` or the network;
//! - [`LiveOpsUiPlugin`], the ready hub, which draws them from the plugin's resources and turns
//!   actions into request messages.
//!
//! Texts come from one overridable table ([`UiStrings`], English and German built in), colours
//! from one theme ([`LiveOpsTheme`], dark and light), item icons from an [`IconCache`] loading
//! on the plugin's runtime with a placeholder and a bundled fallback.

mod codes;
mod common;
mod daily;
mod hub;
mod icons;
mod offers;
mod plugin;
mod rewards;
mod sign_in;
mod strings;
mod tabs;
mod theme;
mod toasts;
mod upsell;

pub use codes::{CodeDialog, CodeOutcome, rejection_text};
pub use common::{Freshness, UiAction, UiCx};
pub use daily::DailyCalendar;
pub use hub::{HubState, HubTab, HubView, hub_body, show_hub};
pub use icons::{
    FALLBACK_ICON_PNG, IconCache, IconSource, IconState, MAX_ICON_BYTES, MAX_ICON_EDGE, NoIcons,
    decode as decode_icon,
};
pub use offers::OfferTrack;
pub use plugin::{
    LiveOpsHub, LiveOpsHubCommand, LiveOpsIcons, LiveOpsUiAction, LiveOpsUiPlugin,
    LiveOpsUiSettings, LiveOpsUiSystems, liveops_ui_wants_keyboard, liveops_ui_wants_pointer,
};
pub use rewards::RewardChainProgress;
pub use sign_in::{SignInPanel, SignInView, failure_text as sign_in_failure_text};
pub use strings::{Text, UiStrings};
pub use tabs::{Busy, CodesTab, DailyTab, OffersTab, RewardsTab, UpsellTab};
pub use theme::LiveOpsTheme;
pub use toasts::{Connection, GrantLine, ToastKind, Toasts, hub_button, status_line, tab_label};
pub use upsell::UpsellCard;
