//! User limits on promotions and items.
