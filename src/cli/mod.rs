//! Command-line arguments (what the user typed) and the subcommands.

use std::sync::atomic::{AtomicUsize, Ordering};

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

/// A command stopped by Ctrl-C: the one line it prints (after
/// `siteplan: `); the process exits with 130.
#[derive(Debug)]
pub struct Stopped(pub String);

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Stopped {}

/// From now on Ctrl-C asks the running command to stop
/// ([`siteplan::stop::request`]); it notices at its next check, writes
/// nothing more and ends with exit code 130. A second Ctrl-C ends the
/// process at once.
fn catch_ctrl_c() {
    static PRESSES: AtomicUsize = AtomicUsize::new(0);
    // Without a handler (one failed to install) Ctrl-C keeps its default.
    let _ = ctrlc::set_handler(|| {
        if PRESSES.fetch_add(1, Ordering::SeqCst) == 0 {
            siteplan::stop::request();
        } else {
            eprintln!("siteplan: interrupted again; stopped at once");
            std::process::exit(130);
        }
    });
}

/// `Err(Interrupted)` once Ctrl-C was pressed: checked before a command
/// writes its outputs.
pub(crate) fn check_stop() -> siteplan::Result<()> {
    if siteplan::stop::requested() {
        Err(siteplan::Error::Interrupted)
    } else {
        Ok(())
    }
}

/// Runs the chosen subcommand.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    let stoppable = match &cli.command {
        Command::Sweep(a) => a.command.is_none(),
        Command::Plan(_) | Command::Generate(_) | Command::Render(_) => true,
        Command::Validate(_) => false,
    };
    if stoppable {
        catch_ctrl_c();
    }
    run_command(cli).map_err(|e| match e.downcast_ref::<siteplan::Error>() {
        Some(siteplan::Error::Interrupted) => Stopped("interrupted; nothing written".into()).into(),
        _ => e,
    })
}

fn run_command(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Plan(a) => plan::run(a, cli.quiet),
        Command::Validate(a) => validate::run(a, cli.quiet),
        Command::Generate(a) => generate::run(a, cli.quiet),
        Command::Render(a) => render::run(a, cli.quiet),
        Command::Sweep(a) => sweep::run(a, cli.quiet),
    }
}
