//! Coupons: codes that grant items.
