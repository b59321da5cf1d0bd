//! Running many scenarios in parallel, keeping each result on disk as soon
//! as it is known, and assembling the sweep's tables from those results.
//!
//! Layout of a sweep folder:
//!
//! ```text
//! DIR/manifest.json        every scenario (index, name, varied parameters) and every candidate site
//! DIR/results/NNNNNN.json  one finished scenario each, written atomically
//! DIR/summary.csv          one row per scenario, in index order
//! DIR/robustness.csv       per candidate site: in how many scenarios it is chosen
//! DIR/robustness.geojson   the same as map points
//! DIR/report.html          the scenario table, objective charts and the robustness map
//! ```
//!
//! Because every table is assembled from `results/`, a run killed midway
//! loses nothing already finished, `--resume` only runs what is missing, and
//! merging shard folders gives exactly what one machine would have written.
//!
//! The result files and manifest are in [`super::results`], the tables in
//! `tables.rs`; their items are re-exported here.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::grid::ScenarioSpec;
use super::results::{
    io_err, read_json, read_manifest, remove_temps, result_index, result_path, write_json,
};
pub use super::results::{
    read_results, robustness, CandidateInfo, Manifest, ManifestEntry, Robustness, ScenarioOutcome,
    ScenarioResult,
};
use super::shard::Shard;
pub use super::tables::assemble;
use crate::error::{Error, Result};
use crate::io::write_atomic;

/// How progress is shown.
///
/// # Examples
///
/// ```
/// use siteplan::scenario::{Progress, SweepOptions};
/// assert_eq!(SweepOptions::default().progress, Progress::Quiet);
/// let shown = SweepOptions { progress: Progress::Auto, ..Default::default() };
/// assert_eq!(shown.progress, Progress::Auto);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Nothing.
    Quiet,
    /// A progress bar on a terminal, periodic lines otherwise.
    Auto,
}

/// Called with (scenarios done, scenarios of this run) when a sweep
/// starts and each time a result is kept, from the sweep's worker threads.
///
/// # Examples
///
/// ```
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// use std::sync::Arc;
/// use siteplan::prelude::*;
/// use siteplan::scenario::OnProgress;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let specs = expand(&toml::from_str("[grid]\nseed = [1, 2, 3]")?)?;
/// let manifest = Manifest::new(&specs, vec![]);
/// let done = Arc::new(AtomicUsize::new(0));
/// let seen = Arc::clone(&done);
/// let opts = SweepOptions {
///     on_progress: Some(OnProgress::new(move |n, total| {
///         assert_eq!(total, 3);
///         seen.fetch_max(n, Ordering::SeqCst);
///     })),
///     ..Default::default()
/// };
/// let dir = tempfile::tempdir()?;
/// run_sweep(dir.path(), &specs, &manifest, &opts, |_| ScenarioOutcome::default())?;
/// assert_eq!(done.load(Ordering::SeqCst), 3);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct OnProgress(std::sync::Arc<dyn Fn(usize, usize) + Send + Sync>);

impl OnProgress {
    /// Wraps `f(done, total)`.
    ///
    /// ```
    /// let hook = siteplan::scenario::OnProgress::new(|done, total| assert!(done <= total));
    /// hook.call(1, 2);
    /// ```
    pub fn new(f: impl Fn(usize, usize) + Send + Sync + 'static) -> Self {
        OnProgress(std::sync::Arc::new(f))
    }

    /// Calls the hook.
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// static LAST: AtomicUsize = AtomicUsize::new(0);
    /// let hook = siteplan::scenario::OnProgress::new(|done, _| LAST.store(done, Ordering::SeqCst));
    /// hook.call(7, 9);
    /// assert_eq!(LAST.load(Ordering::SeqCst), 7);
    /// ```
    pub fn call(&self, done: usize, total: usize) {
        (self.0)(done, total)
    }
}

impl std::fmt::Debug for OnProgress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OnProgress(..)")
    }
}

/// Options of a sweep run.
///
/// # Examples
///
/// By default every scenario runs, one per available core, quietly:
///
/// ```
/// use siteplan::scenario::{Shard, SweepOptions};
/// let d = SweepOptions::default();
/// assert!(d.jobs >= 1);
/// assert_eq!((d.shard, d.resume, d.timings), (None, false, false));
/// let second_half = SweepOptions { jobs: 2, shard: Some("1/2".parse()?), ..d };
/// assert_eq!(second_half.shard, Some(Shard { k: 1, n: 2 }));
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Clone)]
pub struct SweepOptions {
    /// Scenarios solved at once (each solve single-threaded).
    pub jobs: usize,
    /// Only this shard's scenarios; the tables are then left to `merge`.
    pub shard: Option<Shard>,
    /// Skip scenarios whose result file exists.
    pub resume: bool,
    /// Write wall-clock seconds into summary.csv (makes it run-dependent).
    pub timings: bool,
    /// Progress display.
    pub progress: Progress,
    /// Told how many scenarios are done, for a front end's own display.
    pub on_progress: Option<OnProgress>,
    /// Memory budget of the whole sweep (`None`: the smallest `max_memory`
    /// of its scenarios, else [`crate::memory::default_budget`]); a sweep
    /// estimated to need more is refused before its matrices are built.
    pub max_memory: Option<crate::memory::Bytes>,
}

impl Default for SweepOptions {
    fn default() -> Self {
        SweepOptions {
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            shard: None,
            resume: false,
            timings: false,
            progress: Progress::Quiet,
            on_progress: None,
            max_memory: None,
        }
    }
}

/// What a sweep run did.
///
/// # Examples
///
/// A sharded run, then a resumed one that finds its results on disk:
///
/// ```
/// use siteplan::prelude::*;
/// use siteplan::scenario::Shard;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let specs = expand(&toml::from_str("[grid]\nseed = [1, 2, 3]")?)?;
/// let manifest = Manifest::new(&specs, vec![]);
/// let dir = tempfile::tempdir()?;
/// let ok = |_: &ScenarioSpec| ScenarioOutcome { status: "optimal".into(), ..Default::default() };
/// let opts = SweepOptions { shard: Some(Shard { k: 0, n: 2 }), ..Default::default() };
/// let first = run_sweep(dir.path(), &specs, &manifest, &opts, ok)?;
/// // Shard 0 of 2 holds scenarios 0 and 2.
/// assert_eq!(first, SweepReport { total: 3, selected: 2, solved: 2, skipped: 0, failed: 0 });
/// let opts = SweepOptions { resume: true, ..Default::default() };
/// let rest = run_sweep(dir.path(), &specs, &manifest, &opts, ok)?;
/// assert_eq!((rest.selected, rest.skipped, rest.solved), (3, 2, 1));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SweepReport {
    /// Scenarios in the sweep.
    pub total: usize,
    /// Scenarios this run was responsible for (its shard).
    pub selected: usize,
    /// Scenarios solved now.
    pub solved: usize,
    /// Scenarios skipped because their result existed (`resume`).
    pub skipped: usize,
    /// Scenarios that ended without a plan.
    pub failed: usize,
}

/// Runs every selected scenario with `run` on `opts.jobs` threads, writing
/// each result to `dir/results/` as it finishes; then, unless sharded,
/// assembles the tables. A scenario whose `run` panics is recorded with
/// status `error`; the others carry on.
///
/// A stop asked for while it runs ([`crate::stop::request`], Ctrl-C) ends
/// it with [`Error::Interrupted`]: no new scenario starts, and a scenario
/// that was being solved is not recorded (its solve was cut short), so
/// `resume` solves it again; every result already kept stays. Temporary
/// files left by an earlier run killed while writing are removed first.
///
/// # Examples
///
/// ```
/// use siteplan::scenario::{expand, run_sweep, sweep, CandidateInfo, Manifest, ScenarioOutcome, SweepOptions};
/// let file: toml::Table = toml::from_str("[grid]\nnew_sites = [1, 2]")?;
/// let specs = expand(&file)?;
/// let sites = ["a", "b"].map(|id| CandidateInfo { id: id.into(), name: String::new(), lat: 0.0, lon: 0.0 });
/// let manifest = Manifest::new(&specs, sites.to_vec());
/// let dir = tempfile::tempdir()?;
/// // A stand-in for a solve: the first `new_sites` candidates.
/// let report = run_sweep(dir.path(), &specs, &manifest, &SweepOptions::default(), |spec| {
///     let n = spec.settings["new_sites"].as_integer().unwrap() as usize;
///     ScenarioOutcome {
///         status: "optimal".into(),
///         new_sites: ["a", "b"][..n].iter().map(|s| s.to_string()).collect(),
///         ..Default::default()
///     }
/// })?;
/// assert_eq!((report.solved, report.failed), (2, 0));
/// let (manifest, results) = sweep::read_results(dir.path())?;
/// let robust = sweep::robustness(&manifest, &results);
/// assert_eq!((robust[0].chosen, robust[1].chosen), (2, 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run_sweep<F>(
    dir: &Path,
    specs: &[ScenarioSpec],
    manifest: &Manifest,
    opts: &SweepOptions,
    run: F,
) -> Result<SweepReport>
where
    F: Fn(&ScenarioSpec) -> ScenarioOutcome + Sync,
{
    interrupted()?;
    std::fs::create_dir_all(dir.join("results")).map_err(io_err(dir))?;
    let manifest_path = dir.join("manifest.json");
    if opts.resume && manifest_path.exists() {
        let old: Manifest = read_json(&manifest_path)?;
        if &old != manifest {
            return Err(Error::Usage(format!(
                "{}: --resume needs the same scenarios as the earlier run, but the sweep file now expands differently",
                manifest_path.display()
            )));
        }
    }
    const TABLES: [&str; 4] = [
        "summary.csv",
        "robustness.csv",
        "robustness.geojson",
        "report.html",
    ];
    let unsharded = opts.shard.is_none();
    remove_temps(dir, |n| {
        n == "manifest.json" || (unsharded && TABLES.contains(&n))
    })?;
    write_json(&manifest_path, manifest, "manifest")?;
    let selected: Vec<&ScenarioSpec> = specs
        .iter()
        .filter(|s| opts.shard.is_none_or(|sh| sh.includes(s.index)))
        .collect();
    let todo: Vec<&ScenarioSpec> = selected
        .iter()
        .copied()
        .filter(|s| !(opts.resume && result_path(dir, s.index).exists()))
        .collect();
    let mut report = SweepReport {
        total: specs.len(),
        selected: selected.len(),
        skipped: selected.len() - todo.len(),
        ..SweepReport::default()
    };
    let todo_set: std::collections::HashSet<usize> = todo.iter().map(|s| s.index).collect();
    remove_temps(&dir.join("results"), |n| {
        result_index(n).is_some_and(|i| todo_set.contains(&i))
    })?;
    let done = AtomicUsize::new(0);
    let failed = AtomicUsize::new(0);
    let progress = ProgressSink::new(opts.progress, todo.len());
    let (skipped, selected_count) = (report.skipped, report.selected);
    let hook = |n: usize| {
        if let Some(h) = &opts.on_progress {
            h.call(skipped + n, selected_count);
        }
    };
    hook(0);
    // Plain worker threads taking the next scenario in index order: exactly
    // `jobs` solves run at once. (In a rayon pool, a worker waiting for a
    // solve's own thread pool would steal more scenarios and start them.)
    let next = AtomicUsize::new(0);
    let errors: std::sync::Mutex<Vec<(usize, Error)>> = std::sync::Mutex::new(Vec::new());
    let worker = || loop {
        if crate::stop::requested() {
            break;
        }
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(spec) = todo.get(i) else { break };
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(spec)))
            .unwrap_or_else(|panic| ScenarioOutcome {
                status: "error".into(),
                reason: Some(panic_text(&panic)),
                ..ScenarioOutcome::default()
            });
        if crate::stop::requested() {
            // Possibly cut short: not a result; --resume solves it again.
            break;
        }
        let mut outcome = outcome;
        if !opts.timings {
            outcome.seconds = None;
        }
        if !matches!(outcome.status.as_str(), "optimal" | "feasible") {
            failed.fetch_add(1, Ordering::Relaxed);
        }
        let result = ScenarioResult {
            index: spec.index,
            name: spec.name.clone(),
            params: spec.params.clone(),
            outcome,
        };
        if let Err(e) = write_json(&result_path(dir, spec.index), &result, "result") {
            errors
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((spec.index, e));
            continue;
        }
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        progress.tick(n);
        hook(n);
    };
    let workers = opts.jobs.max(1).min(todo.len());
    std::thread::scope(|sc| {
        let handles: Vec<_> = (0..workers)
            .map(|n| {
                std::thread::Builder::new()
                    .name(format!("sweep-{n}"))
                    .stack_size(8 << 20)
                    .spawn_scoped(sc, worker)
            })
            .collect();
        for h in handles {
            if let Err(e) = h {
                errors.lock().unwrap_or_else(|e| e.into_inner()).push((
                    usize::MAX,
                    Error::Solver(format!("cannot start a worker thread: {e}")),
                ));
            }
        }
    });
    progress.finish();
    let mut errors = errors.into_inner().unwrap_or_else(|e| e.into_inner());
    errors.sort_by_key(|e| e.0);
    if let Some((_, e)) = errors.into_iter().next() {
        return Err(e);
    }
    interrupted()?;
    report.solved = todo.len();
    report.failed = failed.into_inner();
    if unsharded {
        assemble(dir, opts.timings)?;
    }
    Ok(report)
}

/// [`Error::Interrupted`] once a stop has been asked for.
fn interrupted() -> Result<()> {
    if crate::stop::requested() {
        Err(Error::Interrupted)
    } else {
        Ok(())
    }
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    let msg = p
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    format!("internal error: {msg}")
}

/// Combines shard folders into `out`, then assembles the tables: the result
/// is exactly what a single run would have written. Every shard must come
/// from the same sweep (identical manifests), and together they must hold
/// every scenario.
///
/// # Examples
///
/// Two shards, run as two machines would, merged into one folder:
///
/// ```
/// use siteplan::prelude::*;
/// use siteplan::scenario::{merge, Shard};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let specs = expand(&toml::from_str("[grid]\nnew_sites = [1, 2]\ncutoff = [20, 40]")?)?;
/// let manifest = Manifest::new(&specs, vec![]);
/// let dir = tempfile::tempdir()?;
/// let mut shards = Vec::new();
/// for k in 0..2 {
///     let shard_dir = dir.path().join(format!("shard{k}"));
///     let opts = SweepOptions { shard: Some(Shard { k, n: 2 }), ..Default::default() };
///     run_sweep(&shard_dir, &specs, &manifest, &opts, |_| ScenarioOutcome {
///         status: "optimal".into(),
///         ..Default::default()
///     })?;
///     shards.push(shard_dir);
/// }
/// let out = dir.path().join("all");
/// merge(&shards, &out, false)?;
/// let summary = std::fs::read_to_string(out.join("summary.csv"))?;
/// assert_eq!(summary.lines().count(), 1 + 4); // header + every scenario
/// assert!(summary.starts_with("index,name,new_sites,cutoff,status,"));
/// // One shard alone does not hold every scenario.
/// assert!(merge(&shards[..1], &dir.path().join("half"), false).is_err());
/// # Ok(()) }
/// ```
pub fn merge(dirs: &[PathBuf], out: &Path, timings: bool) -> Result<()> {
    let first = dirs
        .first()
        .ok_or_else(|| Error::Usage("merge needs at least one sweep folder".into()))?;
    let manifest = read_manifest(first)?;
    for d in &dirs[1..] {
        let m = read_manifest(d)?;
        if m != manifest {
            return Err(Error::Usage(format!(
                "{} and {} come from different sweeps (their manifest.json differ)",
                first.display(),
                d.display()
            )));
        }
    }
    std::fs::create_dir_all(out.join("results")).map_err(io_err(out))?;
    for d in dirs {
        for entry in &manifest.scenarios {
            let src = result_path(d, entry.index);
            if !src.exists() {
                continue;
            }
            let dst = result_path(out, entry.index);
            if dst.exists() && src.canonicalize().ok() != dst.canonicalize().ok() {
                let a = std::fs::read(&src).map_err(io_err(&src))?;
                let b = std::fs::read(&dst).map_err(io_err(&dst))?;
                if a != b {
                    return Err(Error::Usage(format!(
                        "scenario {} ({}) has different results in {} and another folder",
                        entry.index,
                        entry.name,
                        d.display()
                    )));
                }
            } else if !dst.exists() {
                let bytes = std::fs::read(&src).map_err(io_err(&src))?;
                write_atomic(&dst, |w| w.write_all(&bytes))?;
            }
        }
    }
    write_json(&out.join("manifest.json"), &manifest, "manifest")?;
    assemble(out, timings)
}

/// Shows progress: a bar on a terminal, a line every few seconds otherwise.
struct ProgressSink {
    bar: Option<indicatif::ProgressBar>,
    lines: bool,
    total: usize,
    start: std::time::Instant,
    last: std::sync::Mutex<std::time::Instant>,
}

impl ProgressSink {
    fn new(mode: Progress, total: usize) -> Self {
        use std::io::IsTerminal;
        let on = mode == Progress::Auto && total > 0;
        let terminal = std::io::stderr().is_terminal();
        let bar = (on && terminal).then(|| {
            let b = indicatif::ProgressBar::new(total as u64);
            b.set_style(
                indicatif::ProgressStyle::with_template(
                    "solving {bar:40} {pos}/{len} scenarios done, {elapsed} so far, about {eta} left",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            b
        });
        let now = std::time::Instant::now();
        ProgressSink {
            bar,
            lines: on && !terminal,
            total,
            start: now,
            last: std::sync::Mutex::new(now),
        }
    }

    fn tick(&self, done: usize) {
        if let Some(b) = &self.bar {
            b.set_position(done as u64);
        } else if self.lines {
            let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
            if done == self.total || last.elapsed().as_secs_f64() >= 5.0 {
                *last = std::time::Instant::now();
                let secs = self.start.elapsed().as_secs_f64().max(1e-9);
                let rate = done as f64 / secs;
                let eta = (self.total - done) as f64 / rate.max(1e-9);
                eprintln!(
                    "sweep: {done}/{} scenarios done ({rate:.1}/s, ETA {eta:.0} s)",
                    self.total
                );
            }
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
