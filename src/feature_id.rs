//! [`LiveOpsFeature`]: the name of a feature, used by every layer.

/// Names a LiveOps feature: in [`RefreshLiveOps`](crate::RefreshLiveOps), [`LiveOpsBadges`](crate::LiveOpsBadges), errors and failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LiveOpsFeature(&'static str);

impl LiveOpsFeature {
    /// Daily chains.
    pub const DAILY: Self = Self("daily");
    /// Offer chains.
    pub const OFFERS: Self = Self("offers");
    /// Upsell.
    pub const UPSELL: Self = Self("upsell");
    /// Coupon and promo codes.
    pub const CODES: Self = Self("codes");
    /// Reward chains and value points.
    pub const REWARDS: Self = Self("rewards");
    /// Orders of paid offer steps and items, tracked until they are final.
    pub const PURCHASES: Self = Self("purchases");
    /// Signing players in through Xsolla Login, and keeping them signed in.
    pub const SIGN_IN: Self = Self("sign_in");

    /// A short lowercase name: `"daily"`, `"offers"`, ….
    pub const fn name(self) -> &'static str {
        self.0
    }
}

impl std::fmt::Display for LiveOpsFeature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}
