//! Shared test support.
#![allow(dead_code)]

pub mod orlib;
pub mod xml;
