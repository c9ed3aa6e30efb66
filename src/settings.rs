//! [`LiveOpsSettings`]: what the systems read of the plugin's configuration.

use std::time::Duration;

use bevy_ecs::prelude::*;
use xsolla_liveops::OAuthClientId;
use xsolla_liveops::models::login::DeviceType;

/// Settings the systems read, copied from the plugin.
#[derive(Resource, Debug, Clone)]
pub struct LiveOpsSettings {
    /// See [`LiveOpsCorePlugin::refresh_interval`](crate::LiveOpsCorePlugin::refresh_interval).
    pub refresh_interval: Duration,
    /// See [`LiveOpsCorePlugin::expiry_warning`](crate::LiveOpsCorePlugin::expiry_warning).
    pub expiry_warning: Duration,
    /// See [`LiveOpsCorePlugin::offline_retry`](crate::LiveOpsCorePlugin::offline_retry).
    pub offline_retry: Duration,
    /// See [`LiveOpsCorePlugin::sandbox_payments`](crate::LiveOpsCorePlugin::sandbox_payments).
    pub sandbox_payments: bool,
    /// See [`LiveOpsCorePlugin::paystation_url`](crate::LiveOpsCorePlugin::paystation_url).
    pub paystation_url: Option<String>,
    /// See [`LiveOpsCorePlugin::order_check_interval`](crate::LiveOpsCorePlugin::order_check_interval).
    pub order_check_interval: Duration,
    /// See [`LiveOpsCorePlugin::order_tracking_limit`](crate::LiveOpsCorePlugin::order_tracking_limit).
    pub order_tracking_limit: Duration,
    /// See [`LiveOpsCorePlugin::connect_timeout`](crate::LiveOpsCorePlugin::connect_timeout).
    pub connect_timeout: Duration,
    /// See [`LiveOpsCorePlugin::request_timeout`](crate::LiveOpsCorePlugin::request_timeout).
    pub request_timeout: Duration,
    /// See [`LiveOpsCorePlugin::login_url`](crate::LiveOpsCorePlugin::login_url).
    pub login_url: String,
    /// See [`LiveOpsCorePlugin::login_client_id`](crate::LiveOpsCorePlugin::login_client_id).
    pub login_client_id: Option<OAuthClientId>,
    /// See [`LiveOpsCorePlugin::remember_sign_in`](crate::LiveOpsCorePlugin::remember_sign_in).
    pub remember_sign_in: bool,
    /// See [`LiveOpsCorePlugin::guest_device_type`](crate::LiveOpsCorePlugin::guest_device_type).
    pub device_type: DeviceType,
}
