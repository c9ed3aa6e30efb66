//! The server-side half of [`upsell`](super) (feature `admin`): admin request and response
//! bodies, re-exported there.

use super::*;
use crate::error::Error;

/// How the upsell picks its items.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UpsellType {
    /// The SKUs listed in the setting.
    FixedList,
    /// The project's best sellers (of the last 30 days).
    MostSellable,
    /// Items with a running promotion.
    OnlyPromotions,
    /// A type this crate does not know yet.
    #[serde(untagged)]
    Other(String),
}

/// A game key of a unit (one per DRM) in the upsell setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpsellUnitItem {
    /// Item id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_id: Option<ItemId>,
    /// SKU.
    pub sku: Sku,
    /// Item kind.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub item_type: Option<ItemType>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<LocalizedText>,
    /// DRM name (`"Steam"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drm_name: Option<String>,
    /// DRM id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drm_sku: Option<String>,
}

/// An item of the upsell setting as the admin API reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpsellConfigItem {
    /// Item id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_id: Option<ItemId>,
    /// SKU.
    pub sku: Sku,
    /// Item kind.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub item_type: Option<ItemType>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<LocalizedText>,
    /// Bundle kind, for bundles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle_type: Option<BundleType>,
    /// Unit kind (`game`), for units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_type: Option<String>,
    /// Game keys of a unit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unit_items: Vec<UpsellUnitItem>,
}

/// The project's upsell setting as the admin API reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpsellConfig {
    /// Upsell is on.
    pub is_enabled: bool,
    /// How items are picked.
    #[serde(rename = "type")]
    pub upsell_type: UpsellType,
    /// The listed items (empty unless `fixed_list`).
    #[serde(default)]
    pub items: Vec<UpsellConfigItem>,
}

/// Answer of the admin upsell read. Xsolla documents a one-element array; a bare object (what
/// the emulator answers) decodes too, and each form is written back as it came.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum UpsellConfigAnswer {
    /// A bare object.
    Single(UpsellConfig),
    /// An array (one element, or none when the project has no upsell).
    List(Vec<UpsellConfig>),
}

impl UpsellConfigAnswer {
    /// The setting, if the project has one.
    pub fn config(&self) -> Option<&UpsellConfig> {
        match self {
            Self::Single(c) => Some(c),
            Self::List(list) => list.first(),
        }
    }

    /// The setting, if the project has one.
    pub fn into_config(self) -> Option<UpsellConfig> {
        match self {
            Self::Single(c) => Some(c),
            Self::List(list) => list.into_iter().next(),
        }
    }
}

/// Create or update body of the upsell setting (`oneOf` by `type`).
///
/// A fixed list names its SKUs; the two automatic types take an empty list, which is always
/// written out as `[]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum UpsellInput {
    /// Offer the listed SKUs.
    FixedList {
        /// Upsell is on.
        is_enabled: bool,
        /// SKUs to offer.
        items: Vec<Sku>,
    },
    /// Offer the project's best sellers.
    MostSellable {
        /// Upsell is on.
        is_enabled: bool,
        /// Always empty.
        #[serde(default)]
        items: Vec<Sku>,
    },
    /// Offer items with a running promotion.
    OnlyPromotions {
        /// Upsell is on.
        is_enabled: bool,
        /// Always empty.
        #[serde(default)]
        items: Vec<Sku>,
    },
}

impl UpsellInput {
    /// A fixed list of SKUs, enabled.
    pub fn fixed_list<S: Into<Sku>>(skus: impl IntoIterator<Item = S>) -> Self {
        Self::FixedList {
            is_enabled: true,
            items: skus.into_iter().map(Into::into).collect(),
        }
    }

    /// The best sellers, enabled.
    pub fn most_sellable() -> Self {
        Self::MostSellable {
            is_enabled: true,
            items: Vec::new(),
        }
    }

    /// Items with a running promotion, enabled.
    pub fn only_promotions() -> Self {
        Self::OnlyPromotions {
            is_enabled: true,
            items: Vec::new(),
        }
    }

    /// The same setting, switched on or off.
    pub fn enabled(mut self, on: bool) -> Self {
        match &mut self {
            Self::FixedList { is_enabled, .. }
            | Self::MostSellable { is_enabled, .. }
            | Self::OnlyPromotions { is_enabled, .. } => *is_enabled = on,
        }
        self
    }

    /// Whether the setting is on.
    pub fn is_enabled(&self) -> bool {
        match self {
            Self::FixedList { is_enabled, .. }
            | Self::MostSellable { is_enabled, .. }
            | Self::OnlyPromotions { is_enabled, .. } => *is_enabled,
        }
    }

    /// The type.
    pub fn upsell_type(&self) -> UpsellType {
        match self {
            Self::FixedList { .. } => UpsellType::FixedList,
            Self::MostSellable { .. } => UpsellType::MostSellable,
            Self::OnlyPromotions { .. } => UpsellType::OnlyPromotions,
        }
    }

    /// The SKUs sent.
    pub fn items(&self) -> &[Sku] {
        match self {
            Self::FixedList { items, .. }
            | Self::MostSellable { items, .. }
            | Self::OnlyPromotions { items, .. } => items,
        }
    }
}

impl TryFrom<UpsellConfig> for UpsellInput {
    type Error = Error;

    /// The update body for a setting read back. Fails with [`Error::InvalidInput`] for a type
    /// this crate does not know.
    fn try_from(config: UpsellConfig) -> Result<Self, Error> {
        let is_enabled = config.is_enabled;
        match config.upsell_type {
            UpsellType::FixedList => Ok(Self::FixedList {
                is_enabled,
                items: config.items.into_iter().map(|i| i.sku).collect(),
            }),
            UpsellType::MostSellable => Ok(Self::MostSellable {
                is_enabled,
                items: Vec::new(),
            }),
            UpsellType::OnlyPromotions => Ok(Self::OnlyPromotions {
                is_enabled,
                items: Vec::new(),
            }),
            UpsellType::Other(kind) => Err(Error::InvalidInput(format!(
                "unknown upsell type {kind:?} cannot be written back"
            ))),
        }
    }
}
