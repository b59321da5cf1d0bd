//! # siteplan
//!
//! Plans retail sales-and-service networks: where to open the next sites,
//! given demand, existing sites, candidates, competitors and costs.
//!
//! ## From a generated market to a map, end to end
//!
//! [`prelude`] brings in everything used here. The market is synthetic
//! ([`synth`]): made-up places drawn from a seed.
//!
//! ```
//! use siteplan::prelude::*;
//!
//! // 1. A market: 20 cities and 200 towns, 5 existing stores, 60 candidate sites.
//! let market = generate(
//!     &MarketParams::new().cities(20).towns(200).existing(5).candidates(60).seed(7).region(Region::Europe),
//! );
//! let problem = market.problem()?;
//!
//! // 2. Travel costs: great-circle km, pairs within the 50 km coverage cutoff.
//! let cutoff = 50.0;
//! let costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(cutoff)))?;
//!
//! // 3. Max-coverage: the 8 new sites that bring the most people within 50 km.
//! let spec = ModelSpec::new(ModelKind::MaxCoverage).with_new_sites(8).with_cutoff(cutoff);
//! let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
//! assert_eq!(plan.new.len(), 8);
//!
//! // 4. Evaluate: coverage with the existing stores only, then with the new ones.
//! let n = problem.sites().len();
//! let existing: Vec<bool> = problem.sites().iter().map(|s| s.status == SiteStatus::Existing).collect();
//! let before = evaluate(&problem, &costs, &existing, Some(cutoff));
//! let after = evaluate(&problem, &costs, &plan.open_flags(n), Some(cutoff));
//! assert!(after.covered_weight > before.covered_weight);
//! println!(
//!     "coverage {:.1}% -> {:.1}%",
//!     100.0 * before.covered_weight / before.total_weight,
//!     100.0 * after.covered_weight / after.total_weight,
//! );
//!
//! // 5. Outputs as strings: a short summary, CSV tables, GeoJSON and an SVG map.
//! println!("{}", summary(&problem, &plan, Some(cutoff)));
//! let sites_csv = sites_csv_string(&problem, &plan);
//! let view = PlanView::new(&problem, &plan)?
//!     .with_evaluation(&after)
//!     .with_cutoff(Some(cutoff))
//!     .with_title("Generated market, 8 new sites");
//! let geojson = view.geojson_string(&GeoJsonOptions::default());
//! let svg = view.svg_string(&SvgOptions::default());
//! assert!(sites_csv.starts_with("id,name,status,opened,new,"));
//! assert!(geojson.starts_with(r#"{"type":"FeatureCollection""#));
//! assert!(svg.contains("<svg"));
//! # Ok::<(), siteplan::Error>(())
//! ```
//!
//! The examples (`cargo run --release --example synthetic_quickstart`,
//! `china_expansion`, `europe_entry`, `sweep_robustness`) and the Jupyter
//! notebook `examples/notebooks/siteplan.ipynb` (docs/NOTEBOOKS.md) go further.
//!
//! ## The pieces
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
#[doc(hidden)]
pub mod fuzzing;
pub mod io;
pub mod market;
pub mod memory;
pub mod models;
pub mod output;
mod pause;
pub mod pipeline;
pub mod plan;
pub mod prelude;
pub mod problem;
pub mod scenario;
pub mod solve;
pub mod spatial;
pub mod stop;
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
