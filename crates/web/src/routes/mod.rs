//! Handlers, one module per audience; each has its own `router()`.

pub mod dejeuners;
pub mod feeds;
pub mod health;
pub mod manage;
pub mod organiser;
pub mod organiser_tools;
pub mod public;
