//! A local, stateful emulator of the Xsolla LiveOps API.
