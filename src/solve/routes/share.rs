//! The share models' entries in the route table: every route goes to
//! [`crate::solve::share`], whose greedy, swaps and bounds stop after the
//! swaps under `Method::Heuristic` and branch under `Method::Exact` and
//! `Method::Auto`. They read whole choice sets themselves, so no route
//! widens cost rows for them; they have no capacities.

use super::types::{Engine, OwnExact, Routes};
use crate::error::Result;
use crate::plan::Plan;
use crate::solve::heuristic::Call;
use crate::solve::share;

/// market-share: maximise the demand (or profit) captured.
pub(super) static MARKET_SHARE: Routes = SHARE;

/// target-share: fewest new sites that reach the target share.
pub(super) static TARGET_SHARE: Routes = SHARE;

/// One entry for both models: `share::solve` reads the model from the spec.
const SHARE: Routes = Routes {
    mip: |ctx| share::solve(ctx.problem, ctx.costs, ctx.spec, ctx.params),
    engine: Some(Engine {
        solve: search,
        capacities: true,
    }),
    own_exact: Some(OwnExact {
        solve: search,
        capacities: true,
        mip_when_small: false,
    }),
    lp_bound: None,
};

/// The share search on the engine's call (`params.method` says whether it
/// branches).
fn search(c: &Call) -> Result<Plan> {
    share::solve(c.problem, c.costs, c.spec, c.params)
}
