//! What one model's entry in the route table holds ([`Routes`]).

use crate::error::Result;
use crate::models::{Decoder, Formulation, ModelSpec};
use crate::plan::Plan;
use crate::problem::Problem;
use crate::solve::heuristic::Call;
use crate::solve::mip::Ctx;
use crate::travel::CostMatrix;

/// How one location model is solved.
pub(crate) struct Routes {
    /// The MIP route: formulates the model, solves it on the backend
    /// within the time limit and reads the plan back.
    pub mip: fn(&Ctx) -> Result<Plan>,
    /// The heuristic engine's search with a Lagrangian bound; `None`: the
    /// engine does not solve the model (`--method heuristic` is a usage
    /// error naming the exact method, and `auto` takes the MIP route at any
    /// size).
    pub engine: Option<Engine>,
    /// siteplan's own branch-and-bound, which `auto` and `exact` prefer to
    /// the MIP route where it fits (`solve::own_branch_and_bound_fits`).
    pub own_exact: Option<OwnExact>,
    /// With HiGHS: the LP relaxation that gives an engine plan a second
    /// bound.
    #[cfg_attr(not(feature = "highs"), allow(dead_code))]
    pub lp_bound: Option<LpBound>,
}

/// The heuristic engine's route for a model.
pub(crate) struct Engine {
    /// The search.
    pub solve: fn(&Call) -> Result<Plan>,
    /// The search respects site capacities (or the model has none); when
    /// false, a capacitated request under `--method heuristic` takes the
    /// MIP route instead.
    pub capacities: bool,
}

/// siteplan's own branch-and-bound for a model.
pub(crate) struct OwnExact {
    /// The search, proving optimality within the gap or stopping at the
    /// time limit.
    pub solve: fn(&Call) -> Result<Plan>,
    /// It solves the model with site capacities in force (or the model has
    /// none); when false it fits only requests without capacities.
    pub capacities: bool,
    /// `auto` and `exact` still send the model to the MIP route when it
    /// keeps at most [`crate::solve::exact::AUTO_MAX_PAIRS`] pairs (its LP
    /// bound is the stronger on small coverage models).
    pub mip_when_small: bool,
}

/// A model's formulation and the decoder of its solutions.
pub(crate) type Formulated = (Formulation, Decoder);

/// The LP relaxation that bounds a model's engine plan (used with the
/// `highs` feature).
#[cfg_attr(not(feature = "highs"), allow(dead_code))]
pub(crate) struct LpBound {
    /// The formulation whose relaxation bounds the engine's model; `None`
    /// where it does not (the two models differ).
    pub formulate: fn(&Problem, &CostMatrix, &ModelSpec) -> Option<Result<Formulated>>,
    /// From the LP optimum and the solver's slack to a bound on the plan's
    /// objective.
    pub bound: fn(f64, f64) -> f64,
}
