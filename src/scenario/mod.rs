//! Scenarios: sweep files, their expansion, and parallel sweeps.

mod charts;
pub mod grid;
mod report;
pub mod results;
pub mod runner;
pub mod shard;
pub mod sweep;
mod tables;

pub use grid::{expand, ScenarioSpec};
pub use runner::{run_sweep_file, run_sweep_table};
pub use shard::Shard;
pub use sweep::{
    assemble, merge, run_sweep, CandidateInfo, Manifest, OnProgress, Progress, ScenarioOutcome,
    ScenarioResult, SweepOptions, SweepReport,
};
