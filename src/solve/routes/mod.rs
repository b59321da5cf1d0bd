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
/// market-entry.
mod market_entry;
/// p-center.
mod p_center;
/// market-share and target-share.
mod share;
/// What a model's entry holds.
mod types;

pub(crate) use types::Routes;

/// The routes of `kind`.
///
/// This is the one dispatch table of the models.
pub(crate) fn find(kind: ModelKind) -> Option<&'static Routes> {
    match kind {
        ModelKind::PMedian => Some(&allocation::P_MEDIAN),
        ModelKind::FixedCharge => Some(&allocation::FIXED_CHARGE),
        ModelKind::MaxCoverage => Some(&coverage::MAX_COVERAGE),
        ModelKind::SetCover => Some(&coverage::SET_COVER),
        ModelKind::PCenter => Some(&p_center::P_CENTER),
        ModelKind::MarketShare => Some(&share::MARKET_SHARE),
        ModelKind::TargetShare => Some(&share::TARGET_SHARE),
        ModelKind::MarketEntry => Some(&market_entry::MARKET_ENTRY),
    }
}

/// [`find`], for callers that need an entry.
pub(crate) fn of(kind: ModelKind) -> Result<&'static Routes> {
    find(kind).ok_or_else(|| crate::Error::Usage(format!("no route solves {kind}")))
}
