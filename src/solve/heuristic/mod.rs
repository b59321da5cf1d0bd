//! siteplan's own heuristic-and-bound engine.

use crate::error::{Error, Result};
use crate::models::ModelSpec;
use crate::plan::Plan;
use crate::problem::Problem;
use crate::solve::SolveParams;
use crate::travel::CostMatrix;

/// Solves with greedy construction, swap local search and a Lagrangian bound.
pub fn solve(
    _problem: &Problem,
    _costs: &CostMatrix,
    spec: &ModelSpec,
    _params: &SolveParams,
) -> Result<Plan> {
    Err(Error::Usage(format!(
        "the heuristic engine for {} is not available yet",
        spec.kind
    )))
}
