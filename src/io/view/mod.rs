//! A plan seen through its problem: what every output (GeoJSON, SVG map,
//! reports) draws or tabulates.
//!
//! [`PlanView`] bundles a [`Problem`](crate::Problem), a [`Plan`](crate::Plan) and the figures derived
//! from them once: each site's role and served weight, each demand point's
//! site, cost and coverage. [`MapData`] is the owned, drawing-only subset of
//! it, which the SVG map takes and the GeoJSON reader gives back.

mod drawn;
mod extent;
mod map;
mod parts;
mod plan_view;
mod roles;

pub use drawn::*;
pub use extent::*;
pub use map::*;
pub use parts::*;
pub use plan_view::*;
pub use roles::*;
