//! Command-line arguments (what the user typed) and the subcommands.

use clap::{Parser, Subcommand};

mod generate;
mod render;
mod validate;

mod plan;
mod plan_args;
mod sweep;

/// Plans retail sales-and-service networks from CSV files.
#[derive(Debug, Parser)]
#[command(name = "siteplan", version, about, long_about = None)]
pub struct Cli {
    /// Print no progress or summaries (errors still go to stderr).
    #[arg(long, short, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per run
pub enum Command {
    /// Solve a location model and write the plan: tables, plan.geojson, plan.svg, report.html/.md.
    Plan(plan_args::PlanArgs),
    /// Check input files and print a short summary of them.
    Validate(validate::ValidateArgs),
    /// Write a synthetic market (demand.csv, sites.csv) for examples and benchmarks.
    Generate(generate::GenerateArgs),
    /// Draw a plan.geojson as an SVG map.
    Render(render::RenderArgs),
    /// Solve many scenarios of a sweep file in parallel (or merge shard folders: `sweep merge`).
    Sweep(sweep::SweepArgs),
}

/// Runs the chosen subcommand.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Plan(a) => plan::run(a, cli.quiet),
        Command::Validate(a) => validate::run(a, cli.quiet),
        Command::Generate(a) => generate::run(a, cli.quiet),
        Command::Render(a) => render::run(a, cli.quiet),
        Command::Sweep(a) => sweep::run(a, cli.quiet),
    }
}
