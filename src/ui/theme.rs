//! One source for the widgets' colours and sizes, with a dark and a light variant.

use bevy_egui::egui::{self, Color32, CornerRadius, Stroke, Vec2};

/// Colours and sizes of every widget. [`LiveOpsTheme::dark`] and [`LiveOpsTheme::light`] are the
/// built-in variants; a game can start from one and change fields.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveOpsTheme {
    /// Dark (`true`) or light base visuals.
    pub dark: bool,
    /// Background of a tile or card.
    pub tile_fill: Color32,
    /// Outline of a tile.
    pub tile_stroke: Color32,
    /// Highlight: the claimable tile, the next step, primary buttons.
    pub accent: Color32,
    /// Text on accent-coloured fills.
    pub on_accent: Color32,
    /// Claimed steps.
    pub claimed: Color32,
    /// Missed steps and rejections.
    pub danger: Color32,
    /// Locked and upcoming steps, secondary text.
    pub muted: Color32,
    /// Warnings: data from the cache, awaiting payment, offline.
    pub warning: Color32,
    /// Badge background.
    pub badge: Color32,
    /// Badge text.
    pub on_badge: Color32,
    /// Icon edge in points.
    pub icon_size: f32,
    /// Width of a daily tile in points.
    pub tile_width: f32,
    /// Corner radius of tiles and cards.
    pub corner_radius: u8,
}

impl Default for LiveOpsTheme {
    fn default() -> Self {
        Self::dark()
    }
}

impl LiveOpsTheme {
    /// Dark variant.
    pub fn dark() -> Self {
        Self {
            dark: true,
            tile_fill: Color32::from_rgb(0x2a, 0x2d, 0x36),
            tile_stroke: Color32::from_rgb(0x45, 0x49, 0x56),
            accent: Color32::from_rgb(0xf2, 0xb1, 0x34),
            on_accent: Color32::from_rgb(0x1b, 0x1b, 0x1f),
            claimed: Color32::from_rgb(0x5c, 0xc8, 0x7a),
            danger: Color32::from_rgb(0xe8, 0x5d, 0x5d),
            muted: Color32::from_rgb(0x9a, 0x9f, 0xae),
            warning: Color32::from_rgb(0xf0, 0x9a, 0x3e),
            badge: Color32::from_rgb(0xe0, 0x3e, 0x52),
            on_badge: Color32::WHITE,
            icon_size: 40.0,
            tile_width: 92.0,
            corner_radius: 6,
        }
    }

    /// Light variant.
    pub fn light() -> Self {
        Self {
            dark: false,
            tile_fill: Color32::from_rgb(0xf4, 0xf5, 0xf8),
            tile_stroke: Color32::from_rgb(0xc9, 0xcd, 0xd6),
            accent: Color32::from_rgb(0xc9, 0x7a, 0x00),
            on_accent: Color32::WHITE,
            claimed: Color32::from_rgb(0x1f, 0x8a, 0x44),
            danger: Color32::from_rgb(0xc0, 0x2b, 0x2b),
            muted: Color32::from_rgb(0x5f, 0x64, 0x70),
            warning: Color32::from_rgb(0xa8, 0x5a, 0x00),
            badge: Color32::from_rgb(0xd0, 0x22, 0x3a),
            on_badge: Color32::WHITE,
            icon_size: 40.0,
            tile_width: 92.0,
            corner_radius: 6,
        }
    }

    /// egui's base visuals matching the variant, for the hub window.
    pub fn visuals(&self) -> egui::Visuals {
        let mut v = if self.dark {
            egui::Visuals::dark()
        } else {
            egui::Visuals::light()
        };
        v.selection.bg_fill = self.accent;
        v.selection.stroke = Stroke::new(1.0, self.on_accent);
        v.hyperlink_color = self.accent;
        v
    }

    /// The frame of a tile or card.
    pub fn tile_frame(&self, highlighted: bool) -> egui::Frame {
        egui::Frame::new()
            .fill(self.tile_fill)
            .stroke(Stroke::new(
                if highlighted { 2.0 } else { 1.0 },
                if highlighted {
                    self.accent
                } else {
                    self.tile_stroke
                },
            ))
            .corner_radius(CornerRadius::same(self.corner_radius))
            .inner_margin(egui::Margin::same(6))
    }

    /// The size icons are drawn at.
    pub fn icon_vec(&self) -> Vec2 {
        Vec2::splat(self.icon_size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dark_and_light_differ_where_it_shows() {
        let (dark, light) = (LiveOpsTheme::dark(), LiveOpsTheme::light());
        assert!(dark.visuals().dark_mode);
        assert!(!light.visuals().dark_mode);
        assert_ne!(dark.tile_fill, light.tile_fill);
        assert_eq!(LiveOpsTheme::default(), dark);
    }
}
