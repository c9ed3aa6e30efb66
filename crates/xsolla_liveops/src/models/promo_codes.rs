//! Promo codes: codes that grant discounts and bonus items.
