//! Discounts and bonus promotions, and calls common to all promotions.
