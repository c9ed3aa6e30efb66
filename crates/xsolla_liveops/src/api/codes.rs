//! Looking up and verifying promotion codes: which promotion a code belongs to, and whether the
//! player can use it.

use crate::endpoint::impl_endpoint;
use crate::ids::Code;
use crate::models::codes::CodeVerification;

/// `GET /v2/project/{project_id}/promotion/code/{code}/verify`: tells a coupon from a promo
/// code and what it gives the player; refused codes answer 404/9811 or 422 (9804, 9808), see
/// [`ApiError::code_rejection`](crate::ApiError::code_rejection).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyCode {
    /// The code the player typed.
    pub code: Code,
}

impl_endpoint! {
    VerifyCode -> CodeVerification,
    GET "/v2/project/{project}/promotion/code/{code}/verify" (code),
    auth(User)
}

#[cfg(feature = "admin")]
pub use admin::*;

#[cfg(feature = "admin")]
mod admin {
    use super::*;
    use crate::models::codes::RedeemablePromotion;

    /// `GET /v2/project/{project_id}/admin/promotion/redeemable/code/{code}`: the coupon or promo
    /// code promotion a code belongs to (404/9811 for an unknown code).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GetRedeemablePromotion {
        /// The code.
        pub code: Code,
    }

    impl_endpoint! {
        GetRedeemablePromotion -> RedeemablePromotion,
        GET "/v2/project/{project}/admin/promotion/redeemable/code/{code}" (code),
        auth(Admin)
    }
}

#[cfg(feature = "client")]
pub use handlers::*;

#[cfg(feature = "client")]
mod handlers {
    use super::*;
    use crate::client::{Client, Request};

    impl Client {
        /// Promotion code checks for the current player.
        pub fn codes(&self) -> Codes<'_> {
            Codes(self)
        }
    }

    /// Promotion code checks for the current player (`client.codes()`).
    #[derive(Debug, Clone, Copy)]
    pub struct Codes<'a>(&'a Client);

    impl<'a> Codes<'a> {
        /// Whether a code is a coupon or a promo code, what it gives, and whether the player
        /// can use it. Call it before redeeming to pick the right redeem call.
        pub fn verify(&self, code: Code) -> Request<'a, VerifyCode> {
            self.0.request(VerifyCode { code })
        }
    }

    #[cfg(feature = "admin")]
    pub use admin_handlers::*;

    #[cfg(feature = "admin")]
    mod admin_handlers {
        use super::*;
        use crate::client::Admin;

        impl<'a> Admin<'a> {
            /// Promotion code lookups.
            pub fn codes(&self) -> AdminCodes<'a> {
                AdminCodes(self.client())
            }
        }

        /// Promotion code lookups (`client.admin().codes()`).
        #[derive(Debug, Clone, Copy)]
        pub struct AdminCodes<'a>(&'a Client);

        impl<'a> AdminCodes<'a> {
            /// The coupon or promo code promotion a code belongs to.
            pub fn redeemable(&self, code: Code) -> Request<'a, GetRedeemablePromotion> {
                self.0.request(GetRedeemablePromotion { code })
            }
        }
    }
}
