//! Unique catalog offers: codes that unlock catalog items.
