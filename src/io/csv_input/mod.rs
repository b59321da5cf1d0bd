//! CSV readers for demand, sites and OD costs, with precise error reports.
//!
//! Accepted: UTF-8 with or without BOM, LF or CRLF line ends, quoted fields,
//! columns in any order (names matched case-insensitively), unknown extra
//! columns (ignored) and a missing final newline. Every problem is reported
//! as `file:line: column "name": what was found and what was expected`, up to
//! [`MAX_REPORTED_PROBLEMS`] per file.
//!
//! Large files are parsed in parallel: the body is cut into chunks at line
//! ends outside quoted fields, each chunk is parsed on its own, and the
//! results are joined in file order, so rows, ids and reported problems are
//! the same whatever the number of threads.

mod files;
mod table;
#[cfg(test)]
mod tests;

pub use files::*;
