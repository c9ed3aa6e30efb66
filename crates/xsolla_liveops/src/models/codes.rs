//! Looking up and verifying promotion codes.
