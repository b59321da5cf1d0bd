//! The request and inputs the examples of [`super`] start from.

use std::path::PathBuf;
use std::sync::Arc;

use super::{Inputs, PlanRequest};
use crate::error::Result;
use crate::models::ModelSpec;
use crate::solve::SolveParams;
use crate::travel::{Haversine, Reach, TravelCost};

/// A request and inputs for the examples of this module: a generated
/// market, max-coverage with 2 new sites within 60 km.
#[doc(hidden)]
pub fn doc_fixture() -> Result<(PlanRequest, Inputs)> {
    use crate::synth::{generate, MarketParams};
    let market = generate(
        &MarketParams::new()
            .cities(4)
            .towns(20)
            .existing(1)
            .candidates(6)
            .seed(2),
    );
    let problem = market.problem()?;
    let costs = Haversine.cost_matrix(&problem, Reach::cutoff(crate::units::Km(60.0)))?;
    let request = PlanRequest {
        demand: PathBuf::from("demand.csv"),
        sites: vec![PathBuf::from("sites.csv")],
        od_costs: None,
        spec: ModelSpec::new(crate::models::ModelKind::MaxCoverage)
            .with_new_sites(2)
            .with_cutoff(60.0),
        k_nearest: None,
        params: SolveParams::default(),
        curve: None,
        title: None,
        demand_label: None,
        currency: None,
        borders: None,
        lines: false,
        timings: false,
        out: PathBuf::from("siteplan-out"),
        max_memory: None,
    };
    Ok((request, Inputs::new(Arc::new(problem), Arc::new(costs))))
}
