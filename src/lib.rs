//! # siteplan
//!
//! Plans retail sales-and-service networks: where to open the next sites,
//! given demand, existing sites, candidates, competitors and costs.
//!
//! Data flows from validated inputs ([`Problem`]) through a great-circle
//! spatial index ([`spatial::PointIndex`]) into a sparse [`CostMatrix`], which
//! [`evaluate()`] scores for any set of open sites.
//!
//! ```
//! use siteplan::{evaluate, DemandPoint, Haversine, Km, Problem, Reach, Site, SiteStatus, TravelCost};
//!
//! let problem = Problem::builder()
//!     .demand(DemandPoint::new("shanghai", 31.22, 121.46, 24.9e6))
//!     .demand(DemandPoint::new("suzhou", 31.30, 120.60, 5.3e6))
//!     .demand(DemandPoint::new("hangzhou", 30.29, 120.16, 6.2e6))
//!     .site(Site::new("sh-1", 31.23, 121.47).with_status(SiteStatus::Existing))
//!     .site(Site::new("hz-1", 30.28, 120.15))
//!     .build()?;
//! let costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(150.0)))?;
//! let only_existing = evaluate(&problem, &costs, &[true, false], Some(50.0));
//! let both = evaluate(&problem, &costs, &[true, true], Some(50.0));
//! assert!(both.covered_weight > only_existing.covered_weight);
//! # Ok::<(), siteplan::Error>(())
//! ```
#![deny(missing_docs)]

pub mod config;
pub mod curve;
pub mod error;
pub mod evaluate;
pub mod io;
pub mod market;
pub mod models;
pub mod plan;
pub mod problem;
pub mod scenario;
pub mod solve;
pub mod spatial;
pub mod synth;
pub mod travel;
pub mod units;

pub use error::{Error, InputProblem, InputProblems, Result};
pub use evaluate::{evaluate, Evaluation};
pub use models::ModelKind;
pub use plan::{Assignment, Plan, PlanStatus, SolveStats};
pub use problem::{DemandPoint, Problem, ProblemBuilder, Site, SiteStatus};
pub use travel::{
    CostMatrix, CostSource, Haversine, OdMatrix, Reach, Row, SiteColumns, TravelCost,
};
pub use units::{Km, EARTH_RADIUS_KM};
