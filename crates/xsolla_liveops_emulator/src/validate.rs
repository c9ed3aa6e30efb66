//! Checks shared by admin bodies, beyond what serde already enforces.

use xsolla_liveops::models::common::LocalizedText;

use crate::error::{ApiError, ApiResult};

const LANGS: &[&str] = &[
    "en", "ar", "bg", "cn", "cs", "de", "es", "fr", "he", "it", "ja", "ko", "pl", "pt", "ro", "ru",
    "th", "tr", "tw", "vi", "km", "id", "lo", "my", "ph", "ne",
];

const LONG_LANGS: &[&str] = &[
    "en-US", "ar-AE", "bg-BG", "zh-CN", "cs-CZ", "de-DE", "es-ES", "fr-FR", "he-IL", "it-IT",
    "ja-JP", "ko-KR", "pl-PL", "pt-BR", "ro-RO", "ru-RU", "th-TH", "tr-TR", "zh-TW", "vi-VN",
    "km-KH", "id-ID", "lo-LA", "my-MM", "ph-PH", "ne-NP",
];

/// A localized text must use Xsolla's language keys and hold at least one text.
pub fn localized(property: &str, text: &LocalizedText) -> ApiResult<()> {
    if let Some(bad) = text
        .0
        .keys()
        .find(|k| !LANGS.contains(&k.as_str()) && !LONG_LANGS.contains(&k.as_str()))
    {
        return Err(ApiError::validation(
            &format!("{property}.{bad}"),
            format!(
                "The property {bad} is not defined and the definition does not allow additional properties"
            ),
        ));
    }
    if property == "name" && text.is_empty() {
        return Err(ApiError::validation(
            property,
            "The property `name` must have text in at least one language",
        ));
    }
    Ok(())
}
