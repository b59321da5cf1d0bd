//! The market-entry model's entry in the route table: every route goes to
//! [`crate::solve::market_entry`], whose greedy, local search and
//! Lagrangian bound run under every method, followed by its exact MIP
//! under `Method::Exact` (and under `Method::Auto` when the instance is
//! small). Its rows are the cutoff of its settings, never cut to the
//! nearest, so no route widens them; store capacity is in its settings.

use super::types::{Engine, OwnExact, Routes};
use crate::error::Result;
use crate::plan::Plan;
use crate::solve::heuristic::Call;
use crate::solve::market_entry;

/// market-entry: countries entered and centers opened year by year.
pub(super) static MARKET_ENTRY: Routes = Routes {
    mip: |ctx| market_entry::solve_spec(ctx.problem, ctx.costs, ctx.spec, ctx.params),
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

/// The market-entry solve on the engine's call (`params.method` says
/// whether its MIP runs).
fn search(c: &Call) -> Result<Plan> {
    market_entry::solve_spec(c.problem, c.costs, c.spec, c.params)
}
