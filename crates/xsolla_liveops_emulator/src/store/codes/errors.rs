//! The Xsolla errors of the code calls, with the status, error code and message Xsolla
//! answers them with.

use axum::http::StatusCode;

use super::Kind;
use crate::error::{ApiError, codes};

impl Kind {
    /// 404 for an admin call on a campaign that does not exist (4001 with a 9802 message, as
    /// Xsolla documents it).
    pub fn not_found(self) -> ApiError {
        ApiError::raw(
            StatusCode::NOT_FOUND,
            codes::NOT_FOUND,
            format!("[0401-9802]: {} not found", self.campaign_word()),
        )
    }

    /// 404 for a limit call on a campaign that does not exist (errorCode 9802).
    pub fn limit_not_found(self) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            9802,
            format!("{} not found", self.campaign_word()),
        )
    }

    /// 404 for a player's code that does not exist, or whose campaign is off or out of time.
    pub fn invalid_code(self) -> ApiError {
        let what = match self {
            Self::Coupon => "coupon",
            Self::PromoCode | Self::UniqueOffer => "promo",
        };
        ApiError::raw(
            StatusCode::NOT_FOUND,
            codes::NOT_FOUND,
            format!("[0401-9807]: Enter valid {what} code."),
        )
    }

    /// 422/4511: a player's remaining uses would leave `0..=limit`.
    pub(super) fn limit_out_of_range(self) -> ApiError {
        let what = match self {
            Self::Coupon | Self::UniqueOffer => "coupon",
            Self::PromoCode => "promo code",
        };
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            4511,
            format!("Available {what} limit is out of range."),
        )
    }

    /// The campaign's name in the 9802 messages.
    fn campaign_word(self) -> &'static str {
        match self {
            Self::PromoCode => "Promocode",
            Self::Coupon | Self::UniqueOffer => "Coupon",
        }
    }
}

/// 404/9811 of the code lookups (verify, redeemable).
pub fn code_not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, 9811, "Code not found.")
}

/// 422/9810: the code's campaign is over (Xsolla's code for an expired code).
pub fn code_expired() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        9810,
        "Sorry, this code is expired.",
    )
}

/// 422/9804: a limit of the code, the player or the campaign is spent.
pub fn limit_reached() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        9804,
        "You have reached the coupon redemption limit.",
    )
}

/// 422/9808: the player's attributes do not meet the campaign's conditions.
pub fn not_available() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        9808,
        "Coupon is not available in your region.",
    )
}

/// 422/9803: the code is taken (by this or another campaign).
pub fn code_exists() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        9803,
        "The code already exists.",
    )
}

/// 422/4509: the campaign has no per-player limit.
pub fn no_user_limit() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        4509,
        "Promotion does not have configured user limits.",
    )
}

/// 422/4509 for the code-limit listing of a campaign without a per-code limit.
pub fn no_code_limit() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        4509,
        "Promotion does not have configured code limits.",
    )
}

/// 422/1102 naming `property`: "The property `{property}` {text}".
pub(super) fn invalid(property: &str, text: impl std::fmt::Display) -> ApiError {
    ApiError::validation(property, format!("The property `{property}` {text}"))
}
