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

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use super::grid::ScenarioSpec;
use super::shard::Shard;
use crate::error::{Error, Result};
use crate::io::write_atomic;

/// A candidate site as the robustness outputs list it.
///
/// # Examples
///
/// Candidates from a generated market, as a sweep lists them:
///
/// ```
/// use siteplan::prelude::*;
/// let market = generate(&MarketParams::new().cities(3).towns(6).existing(1).candidates(4));
/// let candidates: Vec<CandidateInfo> = market.sites.iter()
///     .filter(|s| s.status == SiteStatus::Candidate)
///     .map(|s| CandidateInfo {
///         id: s.id.clone(),
///         name: s.name.clone().unwrap_or_default(),
///         lat: s.lat,
///         lon: s.lon,
///     })
///     .collect();
/// assert_eq!(candidates.len(), 4);
/// assert_eq!(candidates[0].id, "s0002"); // s0001 is the existing store
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateInfo {
    /// Site id.
    pub id: String,
    /// Display name (may be empty).
    pub name: String,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
}

/// What one scenario's solve produced (or why it did not).
///
/// # Examples
///
/// Only `optimal` and `feasible` outcomes count as plans; the others are
/// failures of the sweep:
///
/// ```
/// use siteplan::prelude::*;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let specs = expand(&toml::from_str("[grid]\nbudget = [0, 100]")?)?;
/// let manifest = Manifest::new(&specs, vec![]);
/// let dir = tempfile::tempdir()?;
/// let report = run_sweep(dir.path(), &specs, &manifest, &SweepOptions::default(), |spec| {
///     if spec.settings["budget"].as_integer() == Some(0) {
///         ScenarioOutcome {
///             status: "infeasible".into(),
///             reason: Some("no budget for any site".into()),
///             ..Default::default()
///         }
///     } else {
///         ScenarioOutcome { status: "optimal".into(), objective: Some(42.0), ..Default::default() }
///     }
/// })?;
/// assert_eq!((report.solved, report.failed), (2, 1));
/// let (_, results) = read_results(dir.path())?;
/// assert_eq!(results[0].outcome.reason.as_deref(), Some("no budget for any site"));
/// assert_eq!(results[1].outcome.objective, Some(42.0));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScenarioOutcome {
    /// `optimal`, `feasible`, `infeasible`, `no-solution` or `error`.
    pub status: String,
    /// The model's objective.
    pub objective: Option<f64>,
    /// The best proven bound.
    pub bound: Option<f64>,
    /// Relative gap.
    pub gap: Option<f64>,
    /// Ids of the new sites chosen.
    pub new_sites: Vec<String>,
    /// Percentage of the total weight covered.
    pub coverage_pct: Option<f64>,
    /// Profit, for models that have one.
    pub profit: Option<f64>,
    /// Wall-clock seconds of the solve; `None` (null in the result file)
    /// unless timings were asked for ([`SweepOptions::timings`]), so that a
    /// sweep's files are the same from run to run.
    #[serde(default)]
    pub seconds: Option<f64>,
    /// Why there is no plan (infeasible, error, time limit without a plan).
    pub reason: Option<String>,
}

/// A finished scenario as stored in `results/NNNNNN.json`.
///
/// # Examples
///
/// ```
/// use siteplan::scenario::{ScenarioOutcome, ScenarioResult};
/// let r = ScenarioResult {
///     index: 3,
///     name: "cutoff=50".into(),
///     params: vec![("cutoff".into(), "50".into())],
///     outcome: ScenarioOutcome { status: "optimal".into(), new_sites: vec!["s0007".into()], ..Default::default() },
/// };
/// let json = serde_json::to_string(&r).unwrap();
/// assert!(json.contains(r#""name":"cutoff=50""#));
/// assert_eq!(serde_json::from_str::<ScenarioResult>(&json).unwrap(), r);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioResult {
    /// Scenario index.
    pub index: usize,
    /// Scenario name.
    pub name: String,
    /// The varied parameters.
    pub params: Vec<(String, String)>,
    /// The outcome.
    pub outcome: ScenarioOutcome,
}

/// The sweep's list of scenarios and candidates, identical in every shard.
///
/// # Examples
///
/// ```
/// use siteplan::scenario::{expand, CandidateInfo, Manifest};
/// let specs = expand(&toml::from_str("[grid]\nnew_sites = [1, 2, 3]").unwrap())?;
/// let site = CandidateInfo { id: "s1".into(), name: "Harbour".into(), lat: 31.2, lon: 121.5 };
/// let m = Manifest::new(&specs, vec![site]).with_title("Coastal sweep");
/// assert_eq!(m.scenarios.len(), 3);
/// assert_eq!(m.scenarios[2].name, "new_sites=3");
/// assert_eq!((m.candidates.len(), m.title.as_str()), (1, "Coastal sweep"));
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Scenarios: index, name, varied parameters.
    pub scenarios: Vec<ManifestEntry>,
    /// Every candidate site of every scenario's inputs, by id.
    pub candidates: Vec<CandidateInfo>,
    /// Title of the sweep report (empty: the folder's default).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// Country borders (GeoJSON) drawn under the report's map, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub borders: Option<PathBuf>,
}

/// One scenario in the manifest.
///
/// # Examples
///
/// ```
/// use siteplan::scenario::{expand, sweep::ManifestEntry, Manifest};
/// let specs = expand(&toml::from_str("[grid]\ncutoff = [20, 40]").unwrap())?;
/// let m = Manifest::new(&specs, vec![]);
/// let e: &ManifestEntry = &m.scenarios[1];
/// assert_eq!((e.index, e.name.as_str()), (1, "cutoff=40"));
/// assert_eq!(e.params, [("cutoff".to_string(), "40".to_string())]);
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// Scenario index.
    pub index: usize,
    /// Scenario name.
    pub name: String,
    /// The varied parameters.
    pub params: Vec<(String, String)>,
}

impl Manifest {
    /// The manifest of a list of scenarios and candidates (sorted by id,
    /// each id once).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::scenario::{expand, CandidateInfo, Manifest};
    /// let specs = expand(&toml::from_str("[grid]\nseed = [1, 2]").unwrap())?;
    /// let site = |id: &str| CandidateInfo { id: id.into(), name: String::new(), lat: 0.0, lon: 0.0 };
    /// let m = Manifest::new(&specs, vec![site("s2"), site("s1"), site("s2")]);
    /// let ids: Vec<&str> = m.candidates.iter().map(|c| c.id.as_str()).collect();
    /// assert_eq!(ids, ["s1", "s2"]);
    /// assert_eq!(m.scenarios.len(), 2);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn new(specs: &[ScenarioSpec], mut candidates: Vec<CandidateInfo>) -> Self {
        candidates.sort_by(|a, b| a.id.cmp(&b.id));
        candidates.dedup_by(|a, b| a.id == b.id);
        Manifest {
            scenarios: specs
                .iter()
                .map(|s| ManifestEntry {
                    index: s.index,
                    name: s.name.clone(),
                    params: s.params.clone(),
                })
                .collect(),
            candidates,
            title: String::new(),
            borders: None,
        }
    }

    /// The same manifest with a report title.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::scenario::{expand, Manifest};
    /// let specs = expand(&toml::from_str("[grid]\nseed = [1, 2]").unwrap())?;
    /// let plain = Manifest::new(&specs, vec![]);
    /// assert!(!serde_json::to_string(&plain).unwrap().contains("title")); // empty: left out
    /// let titled = plain.with_title("Seeds");
    /// assert!(serde_json::to_string(&titled).unwrap().contains(r#""title":"Seeds""#));
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// The same manifest with a borders file for the report's map.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::scenario::{expand, Manifest};
    /// use std::path::PathBuf;
    /// let specs = expand(&toml::from_str("[grid]\nseed = [1, 2]").unwrap())?;
    /// let m = Manifest::new(&specs, vec![]).with_borders(Some(PathBuf::from("borders.geojson")));
    /// assert_eq!(m.borders, Some(PathBuf::from("borders.geojson")));
    /// assert_eq!(m.with_borders(None).borders, None);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn with_borders(mut self, borders: Option<PathBuf>) -> Self {
        self.borders = borders;
        self
    }
}

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
}

impl Default for SweepOptions {
    fn default() -> Self {
        SweepOptions {
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            shard: None,
            resume: false,
            timings: false,
            progress: Progress::Quiet,
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

fn result_path(dir: &Path, index: usize) -> PathBuf {
    dir.join("results").join(format!("{index:06}.json"))
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    write_atomic(path, |w| {
        serde_json::to_writer_pretty(&mut *w, value)?;
        w.write_all(b"\n")
    })
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T> {
    let bytes = std::fs::read(path).map_err(io_err(path))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        Error::input(crate::InputProblem::new(
            path.display().to_string(),
            Some(e.line() as u64),
            None,
            format!("not a siteplan sweep file: {e}"),
        ))
    })
}

/// Runs every selected scenario with `run` on `opts.jobs` threads, writing
/// each result to `dir/results/` as it finishes; then, unless sharded,
/// assembles the tables. A scenario whose `run` panics is recorded with
/// status `error`; the others carry on.
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
    write_json(&manifest_path, manifest)?;
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
    let done = AtomicUsize::new(0);
    let failed = AtomicUsize::new(0);
    let progress = ProgressSink::new(opts.progress, todo.len());
    // Plain worker threads taking the next scenario in index order: exactly
    // `jobs` solves run at once. (In a rayon pool, a worker waiting for a
    // solve's own thread pool would steal more scenarios and start them.)
    let next = AtomicUsize::new(0);
    let errors: std::sync::Mutex<Vec<(usize, Error)>> = std::sync::Mutex::new(Vec::new());
    let worker = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(spec) = todo.get(i) else { break };
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(spec)))
            .unwrap_or_else(|panic| ScenarioOutcome {
                status: "error".into(),
                reason: Some(panic_text(&panic)),
                ..ScenarioOutcome::default()
            });
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
        if let Err(e) = write_json(&result_path(dir, spec.index), &result) {
            errors
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((spec.index, e));
        }
        progress.tick(done.fetch_add(1, Ordering::Relaxed) + 1);
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
    report.solved = todo.len();
    report.failed = failed.into_inner();
    if opts.shard.is_none() {
        assemble(dir, opts.timings)?;
    }
    Ok(report)
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
    let manifest: Manifest = read_json(&first.join("manifest.json"))?;
    for d in &dirs[1..] {
        let m: Manifest = read_json(&d.join("manifest.json"))?;
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
    write_json(&out.join("manifest.json"), &manifest)?;
    assemble(out, timings)
}

/// Reads every scenario's result in index order.
///
/// # Examples
///
/// ```
/// use siteplan::prelude::*;
/// use siteplan::scenario::Shard;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let specs = expand(&toml::from_str("[grid]\nseed = [1, 2, 3]")?)?;
/// let manifest = Manifest::new(&specs, vec![]);
/// let dir = tempfile::tempdir()?;
/// let ok = |_: &ScenarioSpec| ScenarioOutcome { status: "optimal".into(), ..Default::default() };
/// // Only shard 0 of 3 has run: two scenarios have no result yet.
/// let opts = SweepOptions { shard: Some(Shard { k: 0, n: 3 }), ..Default::default() };
/// run_sweep(dir.path(), &specs, &manifest, &opts, ok)?;
/// assert!(read_results(dir.path()).is_err());
/// run_sweep(dir.path(), &specs, &manifest, &SweepOptions::default(), ok)?;
/// let (read, results) = read_results(dir.path())?;
/// assert_eq!(read, manifest);
/// let order: Vec<usize> = results.iter().map(|r| r.index).collect();
/// assert_eq!(order, [0, 1, 2]);
/// # Ok(()) }
/// ```
pub fn read_results(dir: &Path) -> Result<(Manifest, Vec<ScenarioResult>)> {
    let manifest: Manifest = read_json(&dir.join("manifest.json"))?;
    let mut missing = Vec::new();
    let mut results = Vec::with_capacity(manifest.scenarios.len());
    for e in &manifest.scenarios {
        let p = result_path(dir, e.index);
        if p.exists() {
            results.push(read_json::<ScenarioResult>(&p)?);
        } else {
            missing.push(format!("{} ({})", e.index, e.name));
        }
    }
    if !missing.is_empty() {
        let n = missing.len();
        missing.truncate(10);
        return Err(Error::Usage(format!(
            "{}: {n} scenario(s) have no result yet: {}{}; run the missing shards, or sweep again with --resume",
            dir.display(),
            missing.join(", "),
            if n > 10 { ", …" } else { "" }
        )));
    }
    Ok((manifest, results))
}

/// How often each candidate is chosen across the scenarios that have a plan.
///
/// # Examples
///
/// ```
/// use siteplan::scenario::{CandidateInfo, Manifest};
/// use siteplan::scenario::sweep::{robustness, Robustness};
/// let site = CandidateInfo { id: "s1".into(), name: String::new(), lat: 1.0, lon: 2.0 };
/// let r: Vec<Robustness> = robustness(&Manifest::new(&[], vec![site.clone()]), &[]);
/// // No scenario has a plan: chosen nowhere, share 0.
/// assert_eq!(r, [Robustness { site, chosen: 0, share: 0.0 }]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Robustness {
    /// The candidate.
    pub site: CandidateInfo,
    /// Scenarios choosing it.
    pub chosen: usize,
    /// `chosen / scenarios with a plan` (0 when none has a plan).
    pub share: f64,
}

/// Counts, for every candidate, the scenarios that choose it.
///
/// Scenarios without a plan (any status but `optimal` and `feasible`)
/// count for nothing, not even in the share's denominator.
///
/// # Examples
///
/// ```
/// use siteplan::scenario::{CandidateInfo, Manifest, ScenarioOutcome, ScenarioResult};
/// use siteplan::scenario::sweep::robustness;
/// let site = |id: &str| CandidateInfo { id: id.into(), name: String::new(), lat: 0.0, lon: 0.0 };
/// let manifest = Manifest::new(&[], vec![site("a"), site("b"), site("c")]);
/// let result = |index: usize, status: &str, chosen: &[&str]| ScenarioResult {
///     index,
///     name: format!("s{index}"),
///     params: vec![],
///     outcome: ScenarioOutcome {
///         status: status.into(),
///         new_sites: chosen.iter().map(|s| s.to_string()).collect(),
///         ..Default::default()
///     },
/// };
/// let results = [
///     result(0, "optimal", &["a", "b"]),
///     result(1, "feasible", &["a"]),
///     result(2, "error", &["c"]),
/// ];
/// let r = robustness(&manifest, &results);
/// let chosen: Vec<(usize, f64)> = r.iter().map(|x| (x.chosen, x.share)).collect();
/// assert_eq!(chosen, [(2, 1.0), (1, 0.5), (0, 0.0)]);
/// ```
pub fn robustness(manifest: &Manifest, results: &[ScenarioResult]) -> Vec<Robustness> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut with_plan = 0usize;
    for r in results {
        if matches!(r.outcome.status.as_str(), "optimal" | "feasible") {
            with_plan += 1;
            for id in &r.outcome.new_sites {
                *counts.entry(id.as_str()).or_default() += 1;
            }
        }
    }
    manifest
        .candidates
        .iter()
        .map(|c| {
            let chosen = counts.get(c.id.as_str()).copied().unwrap_or(0);
            Robustness {
                site: c.clone(),
                chosen,
                share: if with_plan > 0 {
                    chosen as f64 / with_plan as f64
                } else {
                    0.0
                },
            }
        })
        .collect()
}

/// Writes summary.csv, robustness.csv, robustness.geojson and report.html
/// from the results in `dir`.
///
/// # Examples
///
/// A sharded run leaves the tables out; assembling writes them once every
/// result is there:
///
/// ```
/// use siteplan::prelude::*;
/// use siteplan::scenario::{assemble, Shard};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let specs = expand(&toml::from_str("[grid]\nnew_sites = [1, 2]")?)?;
/// let site = CandidateInfo { id: "s1".into(), name: "Harbour".into(), lat: 31.2, lon: 121.5 };
/// let manifest = Manifest::new(&specs, vec![site]);
/// let dir = tempfile::tempdir()?;
/// let opts = SweepOptions { shard: Some(Shard { k: 0, n: 1 }), ..Default::default() };
/// run_sweep(dir.path(), &specs, &manifest, &opts, |_| ScenarioOutcome {
///     status: "optimal".into(),
///     new_sites: vec!["s1".into()],
///     ..Default::default()
/// })?;
/// assert!(!dir.path().join("summary.csv").exists());
/// assemble(dir.path(), false)?;
/// for f in ["summary.csv", "robustness.csv", "robustness.geojson", "report.html"] {
///     assert!(dir.path().join(f).exists(), "{f}");
/// }
/// let robust = std::fs::read_to_string(dir.path().join("robustness.csv"))?;
/// assert_eq!(robust.lines().nth(1), Some("s1,Harbour,31.2,121.5,2,1"));
/// # Ok(()) }
/// ```
pub fn assemble(dir: &Path, timings: bool) -> Result<()> {
    let (manifest, results) = read_results(dir)?;
    // Varied keys in order of first appearance.
    let mut keys: Vec<&str> = Vec::new();
    for e in &manifest.scenarios {
        for (k, _) in &e.params {
            if !keys.contains(&k.as_str()) {
                keys.push(k);
            }
        }
    }
    let summary = dir.join("summary.csv");
    write_atomic(&summary, |w| {
        let mut c = csv::Writer::from_writer(w);
        let mut header = vec!["index", "name"];
        header.extend(keys.iter().copied());
        header.extend([
            "status",
            "objective",
            "bound",
            "gap",
            "new_site_count",
            "coverage_pct",
            "profit",
            "seconds",
            "reason",
        ]);
        c.write_record(&header)?;
        for r in &results {
            let o = &r.outcome;
            let mut row = vec![r.index.to_string(), r.name.clone()];
            for k in &keys {
                let v = r.params.iter().find(|(pk, _)| pk == k).map(|p| p.1.clone());
                row.push(v.unwrap_or_default());
            }
            row.push(o.status.clone());
            row.push(opt_num(o.objective));
            row.push(opt_num(o.bound));
            row.push(opt_num(o.gap));
            row.push(o.new_sites.len().to_string());
            row.push(opt_num(o.coverage_pct));
            row.push(opt_num(o.profit));
            row.push(if timings {
                opt_num(o.seconds)
            } else {
                String::new()
            });
            row.push(o.reason.clone().unwrap_or_default());
            c.write_record(&row)?;
        }
        c.flush()
    })?;
    let robust = robustness(&manifest, &results);
    write_atomic(&dir.join("robustness.csv"), |w| {
        let mut c = csv::Writer::from_writer(w);
        c.write_record(["site_id", "name", "lat", "lon", "chosen", "share"])?;
        for r in &robust {
            c.write_record([
                r.site.id.clone(),
                r.site.name.clone(),
                num(r.site.lat),
                num(r.site.lon),
                r.chosen.to_string(),
                num(r.share),
            ])?;
        }
        c.flush()
    })?;
    write_atomic(&dir.join("robustness.geojson"), |w| {
        serde_json::to_writer(&mut *w, &RobustnessCollection(&robust, results.len()))?;
        w.write_all(b"\n")
    })?;
    super::report::write_report(dir, &manifest, &results, &robust, &keys, timings)
}

/// A number for tables: shortest round-trip form, rounded to 9 significant
/// decimals so that tiny float noise never shows.
fn num(v: f64) -> String {
    let r = (v * 1e9).round() / 1e9;
    if r == 0.0 {
        "0".into()
    } else {
        format!("{r}")
    }
}

fn opt_num(v: Option<f64>) -> String {
    v.map(num).unwrap_or_default()
}

/// RFC 7946 FeatureCollection of candidate points with their robustness.
struct RobustnessCollection<'a>(&'a [Robustness], usize);

impl Serialize for RobustnessCollection<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        #[derive(Serialize)]
        struct Geometry {
            #[serde(rename = "type")]
            kind: &'static str,
            coordinates: [f64; 2],
        }
        #[derive(Serialize)]
        struct Props<'a> {
            id: &'a str,
            name: &'a str,
            chosen: usize,
            share: f64,
            scenarios: usize,
        }
        #[derive(Serialize)]
        struct Feature<'a> {
            #[serde(rename = "type")]
            kind: &'static str,
            geometry: Geometry,
            properties: Props<'a>,
        }
        let round6 = |v: f64| (v * 1e6).round() / 1e6;
        let features: Vec<Feature> = self
            .0
            .iter()
            .map(|r| Feature {
                kind: "Feature",
                geometry: Geometry {
                    kind: "Point",
                    coordinates: [round6(r.site.lon), round6(r.site.lat)],
                },
                properties: Props {
                    id: &r.site.id,
                    name: &r.site.name,
                    chosen: r.chosen,
                    share: (r.share * 1e6).round() / 1e6,
                    scenarios: self.1,
                },
            })
            .collect();
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("type", "FeatureCollection")?;
        m.serialize_entry("features", &features)?;
        m.end()
    }
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
                    "{bar:40} {pos}/{len} scenarios  {per_sec}  ETA {eta}",
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
