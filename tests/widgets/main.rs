//! The widgets in every state, driven through egui_kittest by label and role, and the icon
//! loader against a local HTTP server, and `LiveOpsUiPlugin` in a headless app.

mod codes;
mod daily;
mod fixtures;
mod hub;
mod icons;
mod offers;
mod plugin;
mod rewards;
mod sign_in;
mod upsell;
