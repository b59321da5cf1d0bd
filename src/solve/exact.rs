//! Exact solves through good_lp (microlp by default, HiGHS with `--features highs`).

use crate::error::{Error, Result};
use crate::models::ModelSpec;
use crate::plan::Plan;
use crate::problem::Problem;
use crate::solve::SolveParams;
use crate::travel::CostMatrix;

/// True when the model is small enough for the exact route under `Method::Auto`.
pub fn is_small(_problem: &Problem, costs: &CostMatrix, _spec: &ModelSpec) -> bool {
    costs.n_pairs() <= 50_000
}

/// Solves exactly (or until the time limit).
pub fn solve(
    _problem: &Problem,
    _costs: &CostMatrix,
    spec: &ModelSpec,
    _params: &SolveParams,
) -> Result<Plan> {
    Err(Error::Usage(format!(
        "the exact solver for {} is not available yet",
        spec.kind
    )))
}
