//! Identifier newtypes, so a chain id is never passed where a step number belongs, and the
//! path-segment encoding they share with every operation's path. The bottom of the crate: it
//! imports none of its other modules.

use std::fmt;

use serde::{Deserialize, Serialize};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Characters left as they are in a path segment: letters, digits and `-._~`.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes a string path segment (an external id, SKU or code), so that `/`, `?` or
/// `..` in user input can never change which route is called.
pub fn segment(raw: &str) -> String {
    match raw {
        "." => "%2E".to_owned(),
        ".." => "%2E%2E".to_owned(),
        _ => utf8_percent_encode(raw, SEGMENT).to_string(),
    }
}

/// A value that fills a `{name}` placeholder of an `impl_endpoint!` path.
///
/// Numeric ids print as numbers; string ids, SKUs and codes go through [`segment`], so user
/// input can never leave its place in the path.
pub(crate) trait PathSegment {
    /// The value as it appears in the path, already encoded.
    fn path_segment(&self) -> String;
}

/// A fixed segment chosen by a type, such as a campaign family's `coupon`.
impl PathSegment for &str {
    fn path_segment(&self) -> String {
        segment(self)
    }
}

macro_rules! int_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl PathSegment for $name {
            fn path_segment(&self) -> String {
                self.0.to_string()
            }
        }

        impl From<i64> for $name {
            fn from(v: i64) -> Self {
                Self(v)
            }
        }
    };
}

macro_rules! str_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl PathSegment for $name {
            fn path_segment(&self) -> String {
                segment(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(v: &str) -> Self {
                Self(v.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(v: String) -> Self {
                Self(v)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

int_id!(
    /// A store project id (`44056`); it appears in every path.
    ProjectId
);
int_id!(
    /// A daily chain id.
    DailyChainId
);
int_id!(
    /// An offer chain id.
    OfferChainId
);
int_id!(
    /// A reward chain id.
    RewardChainId
);
int_id!(
    /// A step id (reward chains address steps by id, daily and offer chains by number).
    StepId
);
int_id!(
    /// A 1-based step number in a daily or offer chain.
    StepNumber
);
int_id!(
    /// A numeric promotion id (discounts, bonuses, the common promotion calls).
    PromotionId
);
int_id!(
    /// A catalog item id.
    ItemId
);
int_id!(
    /// An order id (offer-chain claims and purchases).
    OrderId
);
int_id!(
    /// A personalized-catalog rule id.
    RuleId
);
int_id!(
    /// The id of a Xsolla Login OAuth 2.0 client (a public client: a game sends no secret).
    OAuthClientId
);
str_id!(
    /// A promotion's external id (`"coupon_44056_1"`): coupons, promo codes, unique catalog offers.
    ExternalId
);
str_id!(
    /// An item SKU (`"health_potion"`).
    Sku
);

/// A coupon, promo-code or unique-offer code as the player typed it.
///
/// Codes are case-sensitive, 1..128 letters and digits. [`Code::parse`] trims surrounding
/// whitespace and invisible characters (zero-width spaces, BOM, soft hyphens) that copy and paste
/// brings, keeps the case, and rejects anything else.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Code(pub String);

/// Why a string is not a valid code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CodeError {
    /// Nothing left after trimming.
    #[error("the code is empty")]
    Empty,
    /// Longer than 128 characters.
    #[error("the code is longer than 128 characters")]
    TooLong,
    /// A character other than an ASCII letter or digit.
    #[error("the code may only contain letters and digits, found {0:?}")]
    BadCharacter(char),
}

/// The longest code Xsolla accepts.
pub const MAX_CODE_LEN: usize = 128;

fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}'
    )
}

fn is_invisible(c: char) -> bool {
    c.is_whitespace() || is_zero_width(c)
}

impl Code {
    /// Cleans and validates a code typed or pasted by a player.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        let trimmed = input.trim_matches(is_invisible);
        let cleaned: String = trimmed.chars().filter(|c| !is_zero_width(*c)).collect();
        if cleaned.is_empty() {
            return Err(CodeError::Empty);
        }
        if let Some(bad) = cleaned.chars().find(|c| !c.is_ascii_alphanumeric()) {
            return Err(CodeError::BadCharacter(bad));
        }
        if cleaned.len() > MAX_CODE_LEN {
            return Err(CodeError::TooLong);
        }
        Ok(Self(cleaned))
    }

    /// The code text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl PathSegment for Code {
    fn path_segment(&self) -> String {
        segment(&self.0)
    }
}

impl std::str::FromStr for Code {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_parse_trims_invisible_characters_and_keeps_case() {
        assert_eq!(
            Code::parse("  \u{200B}WINTER2025\u{FEFF}\n")
                .unwrap()
                .as_str(),
            "WINTER2025"
        );
        assert_eq!(Code::parse("AbC\u{00AD}d").unwrap().as_str(), "AbCd");
        assert_eq!(Code::parse(" \t "), Err(CodeError::Empty));
        assert_eq!(Code::parse("WIN TER"), Err(CodeError::BadCharacter(' ')));
        assert_eq!(Code::parse("abc-1"), Err(CodeError::BadCharacter('-')));
        assert_eq!(Code::parse(&"a".repeat(129)), Err(CodeError::TooLong));
        assert!(Code::parse(&"a".repeat(128)).is_ok());
    }
}
