//! Everything a notebook or a small program needs, in one import.
//!
//! ```
//! use siteplan::prelude::*;
//!
//! // A generated market: 10 cities, 90 towns, 3 existing stores, 40 candidates.
//! let market = generate(&MarketParams::new().cities(10).towns(90).existing(3).candidates(40).seed(1));
//! let problem = market.problem()?;
//! let costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(60.0)))?;
//! let spec = ModelSpec::new(ModelKind::MaxCoverage).with_new_sites(5).with_cutoff(60.0);
//! let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
//! assert_eq!(plan.new.len(), 5);
//!
//! let after = evaluate(&problem, &costs, &plan.open_flags(problem.sites().len()), Some(60.0));
//! println!("{}", summary(&problem, &plan, Some(60.0)));
//! let svg = PlanView::new(&problem, &plan)?.with_cutoff(Some(60.0)).svg_string(&SvgOptions::default());
//! assert!(svg.contains("<svg") && after.covered_weight > 0.0);
//! # Ok::<(), siteplan::Error>(())
//! ```
//!
//! What it brings in:
//!
//! - **problems**: [`Problem`], [`ProblemBuilder`], [`DemandPoint`],
//!   [`Site`], [`SiteStatus`], the readers [`read_problem`],
//!   [`read_demand`], [`read_sites`], [`read_costs`], and generated markets
//!   ([`generate`], [`try_generate`], [`MarketParams`], [`Market`],
//!   [`Region`], [`BBox`]);
//! - **travel costs**: [`Haversine`], [`OdMatrix`], [`TravelCost`],
//!   [`Reach`], [`Km`], [`CostMatrix`];
//! - **models and solving**: [`ModelKind`], [`ModelSpec`], [`solve()`],
//!   [`SolveParams`], [`Method`], [`Plan`], [`PlanStatus`], [`Assignment`],
//!   [`SolveStats`], settings files ([`PlanConfig`]) and the market-entry
//!   model ([`MarketEntryParams`], [`MarketEntryPlan`], [`city_sites`]; solve
//!   it with [`crate::pipeline::solve_entry`]);
//! - **scoring**: [`evaluate()`], [`Evaluation`], [`open_flags`];
//! - **outputs as values or files**: [`PlanView`], [`summary`] /
//!   [`PlanSummary`] (whose `Display` is a short text summary),
//!   [`summary_json_string`], [`sites_csv_string`],
//!   [`assignment_csv_string`], [`write_plan`], SVG maps ([`SvgOptions`],
//!   [`svg_string`], [`write_svg`], [`Borders`]), GeoJSON
//!   ([`GeoJsonOptions`], [`plan_geojson_string`], [`write_plan_geojson`]),
//!   reports ([`Report`], [`before_after`], [`report_html_string`],
//!   [`report_md_string`]);
//! - **sweeps**: [`expand`], [`run_sweep`], [`ScenarioSpec`],
//!   [`ScenarioOutcome`], [`SweepOptions`], [`SweepReport`], [`Manifest`],
//!   [`CandidateInfo`], [`Progress`], [`read_results`], [`robustness`],
//!   [`Robustness`];
//! - **errors**: [`Error`], [`Result`].
//!
//! Module paths stay available too: [`io`], [`scenario`], [`synth`].

pub use crate::config::PlanConfig;
pub use crate::error::{Error, Result};
pub use crate::evaluate::{evaluate, open_flags, Evaluation};
pub use crate::io::tables::{assignment_csv_string, sites_csv_string};
pub use crate::io::{
    before_after, plan_geojson_string, read_costs, read_demand, read_problem, read_sites,
    report_html_string, report_md_string, svg_string, write_plan_geojson, write_svg, Borders,
    GeoJsonOptions, PlanView, Report, SvgOptions,
};
pub use crate::models::market_entry::{city_sites, MarketEntryParams, MarketEntryPlan};
pub use crate::models::{ModelKind, ModelSpec};
pub use crate::output::summary::{summary, summary_json_string, PlanSummary, Summary};
pub use crate::output::write_plan;
pub use crate::plan::{Assignment, Plan, PlanStatus, SolveStats};
pub use crate::problem::{DemandPoint, Problem, ProblemBuilder, Site, SiteStatus};
pub use crate::scenario::sweep::{read_results, robustness, Robustness};
pub use crate::scenario::{
    expand, run_sweep, run_sweep_file, CandidateInfo, Manifest, Progress, ScenarioOutcome,
    ScenarioSpec, SweepOptions, SweepReport,
};
pub use crate::solve::{solve, Method, SolveParams};
pub use crate::synth::{generate, try_generate, BBox, Market, MarketParams, Region};
pub use crate::travel::{CostMatrix, Haversine, OdMatrix, Reach, TravelCost};
pub use crate::units::Km;
pub use crate::{io, scenario, synth};
