//! Building blocks shared by coupon, promo-code and unique-offer promotions.
