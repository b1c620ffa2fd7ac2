//! The binary's parts beside `main.rs`: arguments, subcommands, and `agree`'s inputs.

pub(crate) mod agree;
pub(crate) mod args;
pub(crate) mod commands;
