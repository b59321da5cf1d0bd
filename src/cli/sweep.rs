//! `siteplan sweep`: solve many scenarios in parallel; `sweep merge`:
//! combine shard folders.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use clap::{Args, Subcommand};
use siteplan::scenario::{self, OnProgress, Progress, Shard, SweepOptions};

#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    after_help = "Examples:\n  \
    siteplan sweep --config data/scenarios/china_sweep.toml --out out/china-sweep\n  \
    siteplan sweep --config sweep.toml --out out/shard-0 --shard 0/4\n  \
    siteplan sweep --config sweep.toml --out /work/out/shard-$JOB_COMPLETION_INDEX --shard auto/4\n  \
    siteplan sweep merge out/shard-0 out/shard-1 out/shard-2 out/shard-3 --out out/sweep\n\n\
    Sweep files are described in docs/CONFIG.md (Sweeps); running on many machines in docs/SCALE_OUT.md."
)]
pub struct SweepArgs {
    #[command(subcommand)]
    pub command: Option<SweepCommand>,
    /// Sweep file: base settings (the keys of `plan --config`), a [grid] and/or [[scenario]] entries.
    #[arg(long, value_name = "FILE.toml", required = true)]
    pub config: Option<PathBuf>,
    /// Output folder: results/, summary.csv, robustness.csv, robustness.geojson, report.html.
    #[arg(long, value_name = "DIR", required = true)]
    pub out: Option<PathBuf>,
    /// Scenarios solved at once, each on one thread [default: the number of CPUs].
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Run only shard K of N (scenario index mod N = K); auto/N reads K from
    /// JOB_COMPLETION_INDEX (Kubernetes) or SLURM_ARRAY_TASK_ID (Slurm).
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Skip scenarios whose result is already in DIR/results/.
    #[arg(long)]
    pub resume: bool,
    /// Write each scenario's plan (summary.json, sites.csv, assignment.csv, plan.geojson) under DIR/scenarios/NAME/.
    #[arg(long)]
    pub write_plans: bool,
    /// Put each solve's seconds into summary.csv and report.html (they then differ from run to run).
    #[arg(long)]
    pub timings: bool,
    /// Memory budget of the sweep (8GiB, 500MB, 2G; default: the scenarios' max_memory, else 3/4 of the memory available).
    #[arg(long, value_name = "SIZE")]
    pub max_memory: Option<siteplan::memory::Bytes>,
}

#[derive(Debug, Subcommand)]
pub enum SweepCommand {
    /// Combine shard folders of one sweep into one, with its tables and report.
    Merge(MergeArgs),
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Shard folders (each written by `sweep --shard`).
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Output folder (may be one of the shard folders).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Put each solve's seconds into summary.csv and report.html.
    #[arg(long)]
    pub timings: bool,
}

pub fn run(a: SweepArgs, quiet: bool) -> anyhow::Result<()> {
    if let Some(SweepCommand::Merge(m)) = a.command {
        scenario::merge(&m.dirs, &m.out, m.timings)?;
        if !quiet {
            writeln!(
                std::io::stdout().lock(),
                "merged {} folders into {}: summary.csv, robustness.csv, robustness.geojson, report.html",
                m.dirs.len(),
                m.out.display()
            )?;
        }
        return Ok(());
    }
    let usage = |m: &str| siteplan::Error::Usage(m.into());
    let config = a.config.ok_or_else(|| usage("--config is required"))?;
    let out = a.out.ok_or_else(|| usage("--out is required"))?;
    let shard = a
        .shard
        .as_deref()
        .map(str::parse::<Shard>)
        .transpose()
        .map_err(siteplan::Error::Usage)?;
    if a.jobs == Some(0) {
        return Err(usage("--jobs must be at least 1").into());
    }
    // Results kept so far (done, total; total is 0 until the solves start),
    // for the message of a sweep stopped by Ctrl-C.
    let kept = Arc::new((AtomicUsize::new(0), AtomicUsize::new(0)));
    let seen = Arc::clone(&kept);
    let opts = SweepOptions {
        jobs: a.jobs.unwrap_or(SweepOptions::default().jobs),
        shard,
        resume: a.resume,
        timings: a.timings,
        progress: if quiet {
            Progress::Quiet
        } else {
            Progress::Auto
        },
        on_progress: Some(OnProgress::new(move |done, total| {
            seen.0.fetch_max(done, Ordering::SeqCst);
            seen.1.store(total, Ordering::SeqCst);
        })),
        max_memory: a.max_memory,
    };
    let start = std::time::Instant::now();
    let r = match scenario::run_sweep_file(&config, &out, &opts, a.write_plans) {
        Err(siteplan::Error::Interrupted) if kept.1.load(Ordering::SeqCst) > 0 => {
            let (done, total) = (kept.0.load(Ordering::SeqCst), kept.1.load(Ordering::SeqCst));
            return Err(super::Stopped(format!(
                "interrupted: {done} of {total} scenarios kept; run again with --resume"
            ))
            .into());
        }
        r => r?,
    };
    if quiet {
        return Ok(());
    }
    let secs = start.elapsed().as_secs_f64();
    let mut o = std::io::stdout().lock();
    let scope = match shard {
        Some(s) => format!("shard {s}: {} of {} scenarios", r.selected, r.total),
        None => format!("{} scenarios", r.total),
    };
    writeln!(
        o,
        "sweep: {scope}; solved {}, skipped {}, without a plan {} ({secs:.1} s, {:.1} scenarios/s)",
        r.solved,
        r.skipped,
        r.failed,
        r.solved as f64 / secs.max(1e-9)
    )?;
    if shard.is_some() {
        writeln!(
            o,
            "wrote {}/results/; combine the shards with `siteplan sweep merge … --out DIR`",
            out.display()
        )?;
    } else {
        writeln!(
            o,
            "wrote {}: summary.csv, robustness.csv, robustness.geojson, report.html",
            out.display()
        )?;
    }
    Ok(())
}
