//! Shared test support.
#![allow(dead_code)]

pub mod entry;
pub mod hostile;
pub mod maps;
pub mod orlib;
pub mod outputs;
pub mod xml;
