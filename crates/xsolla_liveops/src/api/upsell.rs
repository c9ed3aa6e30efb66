//! Upsell: the project's offer of extra items at checkout.
