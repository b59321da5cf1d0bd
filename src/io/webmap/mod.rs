//! The interactive map of `report.html`: [Leaflet](https://leafletjs.com)
//! 1.9.4, vendored under `assets/leaflet/` with its licence and inlined
//! into the page, so the report stays one file that opens offline (no
//! tiles, no network).
//!
//! A [`WebMap`] is what the map shows: layers of points (each with a hover
//! label and a click popup), numbered markers keyed to a table (a row with
//! `data-site="ID"` flies the map to its marker and opens its popup),
//! assignment lines, and country borders from the shipped Natural Earth
//! file. [`WebMap::html`] writes the map's `<div>`, its data (JSON) and
//! the script; [`page_head`] the style sheets and [`page_scripts`] Leaflet
//! itself, once per page. Output is deterministic: the same map gives the
//! same bytes.

mod model;
mod page;

pub use model::*;
pub use page::*;
