//! `migc.toml`.
