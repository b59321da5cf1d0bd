//! `report.html` and `report.md`: a plan's facts for people.
//!
//! Both hold the same facts: the plan's model and status; summary figures
//! before (existing sites only) and after (existing + new sites), both
//! scored by [`evaluate`](crate::evaluate()) so they compare like with like;
//! the new sites; a table per province or country; and, when a curve is
//! supplied, coverage versus the number of new sites. `report.html` is one
//! self-contained file (inline CSS, SVG, data and the vendored Leaflet for
//! its interactive map; nothing fetched, no network) that
//! opens from disk; `report.md` suits terminals and pull requests.
//!
//! Output is deterministic (no dates, fixed number formatting) and every
//! piece of input text is escaped.

mod content;
mod curve;
mod entry;
mod entry_years;
mod figures;
mod html;
mod markdown;
mod numbers;
#[cfg(test)]
mod tests;
mod webmap;

pub use content::*;
pub use entry::*;
pub use entry_years::*;
pub use figures::*;
pub use html::*;
pub use markdown::*;
