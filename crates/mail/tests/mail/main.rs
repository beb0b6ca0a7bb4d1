//! Integration tests of `tisser-mail`: one binary, one module per concern.

// Helpers outside `#[test]` functions panic on purpose too: a failed set-up is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod message;
mod render;
mod transport;
