//! The one dispatch table: for every location model, the routes that can
//! solve it ([`Routes`]), each model's entry in its own file here.
//!
//! The routing policy (`solve::route`, `solve::solve_growing`) decides
//! *which* route a request takes from these entries: the MIP route
//! ([`crate::solve::exact`]), the heuristic engine
//! ([`crate::solve::heuristic`]) or siteplan's own branch-and-bound.
//! Adding a model adds one arm to [`find`] and its file (docs/ARCHITECTURE.md,
//! "Adding a model").

use crate::error::Result;
use crate::models::ModelKind;

/// p-median and fixed-charge.
mod allocation;
/// Max-coverage and set cover.
mod coverage;
/// p-center.
mod p_center;
/// market-share and target-share.
mod share;
/// What a model's entry holds.
mod types;

pub(crate) use types::Routes;

/// The routes of `kind`; `None` for market entry, which is not solved by
/// the location-model solvers ([`crate::solve::market_entry`]).
///
/// This is the one dispatch table of the location models.
pub(crate) fn find(kind: ModelKind) -> Option<&'static Routes> {
    match kind {
        ModelKind::PMedian => Some(&allocation::P_MEDIAN),
        ModelKind::FixedCharge => Some(&allocation::FIXED_CHARGE),
        ModelKind::MaxCoverage => Some(&coverage::MAX_COVERAGE),
        ModelKind::SetCover => Some(&coverage::SET_COVER),
        ModelKind::PCenter => Some(&p_center::P_CENTER),
        ModelKind::MarketShare => Some(&share::MARKET_SHARE),
        ModelKind::TargetShare => Some(&share::TARGET_SHARE),
        ModelKind::MarketEntry => None,
    }
}

/// [`find`], or the usage error that sends market entry to its own route.
pub(crate) fn of(kind: ModelKind) -> Result<&'static Routes> {
    find(kind).ok_or_else(market_entry_route)
}

/// The error for a market-entry request sent to the location-model solvers.
fn market_entry_route() -> crate::Error {
    crate::Error::Usage(
        "market-entry is not solved by the location-model solvers: use \
         siteplan::pipeline::run_entry (or solve_entry), or `siteplan plan --config scenario.toml` \
         with model = \"market-entry\" and a [market_entry] table"
            .into(),
    )
}
