//! Solving the market-entry model ([`crate::models::market_entry`]).
//!
//! Three parts, all deterministic:
//!
//! 1. **Greedy with country bundles, then local search** (always run; it is
//!    the plan on large instances and the warm start of the exact solve).
//!    A move is either a single opening (or earlier opening) in a country
//!    already entered, scored by its exact marginal profit, or the *entry
//!    bundle* of a country not yet entered: the centers a greedy would open
//!    there in a given year, scored by their summed gains minus the entry
//!    cost (a single center rarely pays an entry cost alone). The best move
//!    is committed until none gains. Local search then tries dropping a
//!    center, moving its opening year, adding one, swapping it with one of
//!    its nearest candidates and leaving a whole country, keeping every
//!    change that raises the profit within the yearly and budget limits,
//!    and exchanges the opening years of two centers.
//! 2. **A Lagrangian upper bound**: constraints (2) (one center per city),
//!    (6) (openings per year) and (7) (budget) are relaxed with multipliers
//!    λ, μ, ν ≥ 0; the relaxed problem splits by country and is solved
//!    exactly (each candidate picks its best opening year at or after its
//!    country's entry year; each country its best entry year or none).
//!    Subgradient steps (Polyak) lower it; the smallest value found is a
//!    proven bound on the optimal profit. Without cross-border service it
//!    is then tightened country by country: each country's term is at most
//!    its own optimum without yearly or budget limits, which the MIP finds
//!    for countries small enough.
//! 3. **The exact MIP** through good_lp (microlp, also when the `highs`
//!    feature is on) for small instances, warm-started with the
//!    heuristic plan and stopped at the time limit.

#![allow(clippy::needless_range_loop)]

mod bound;
mod heuristic;
mod model;
mod route;
mod sensitivity;

pub(crate) use model::solve_spec;
pub use model::{instance, report, spec_doc_fixture};
pub use route::*;
pub use sensitivity::*;
