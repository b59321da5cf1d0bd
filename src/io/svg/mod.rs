//! `plan.svg`: a map of a plan a person reads at a glance.
//!
//! Country borders (Natural Earth, optional) under demand circles sized by
//! weight (area ∝ weight, radius capped) and coloured by coverage, existing
//! sites (navy squares), new sites (orange stars, labelled), competitors
//! (purple triangles), unopened candidates (small grey diamonds), optional
//! assignment lines, a legend, a scale bar in km and the scenario title.
//!
//! The projection is equirectangular with longitudes scaled by the cosine of
//! the view's middle latitude, which keeps shapes true near that latitude —
//! right for a country or a continent. The view fits the data with a margin.
//! Output is deterministic: fixed number formatting (1 decimal), fixed
//! drawing order, no clock or random input. Borders are clipped to the view
//! and thinned to points at least 0.5 px apart.

mod borders;
mod draw;
mod frame;
mod legend;
mod options;
mod share;
#[cfg(test)]
mod tests;
mod text;
mod write;

pub use borders::*;
pub(crate) use draw::{write_svg_element, write_svg_element_filled};
pub use options::*;
pub use share::*;
pub(crate) use text::num;
pub use text::*;
pub use write::*;
