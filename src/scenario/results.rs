//! What a sweep keeps on disk: the manifest (every scenario and
//! candidate), one result file per finished scenario, and the robustness
//! counts drawn from them. The runner (`sweep.rs`), the tables
//! (`tables.rs`) and the report read and write through here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::grid::ScenarioSpec;
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
    /// unless timings were asked for ([`SweepOptions::timings`](super::sweep::SweepOptions::timings)), so that a
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
    /// The existing sites of the inputs (open in every scenario), by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub existing: Vec<CandidateInfo>,
    /// What demand weights count (the sweep's `demand_label`; empty: unnamed).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub demand_label: String,
    /// The currency of money figures (the sweep's `currency`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub currency: String,
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
            existing: Vec::new(),
            demand_label: String::new(),
            currency: String::new(),
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

    /// The same manifest with the existing sites (sorted by id, each once),
    /// drawn on the report's map and written to robustness.geojson.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::scenario::{CandidateInfo, Manifest};
    /// let site = |id: &str| CandidateInfo { id: id.into(), name: String::new(), lat: 0.0, lon: 0.0 };
    /// let m = Manifest::new(&[], vec![]).with_existing(vec![site("b"), site("a"), site("b")]);
    /// assert_eq!(m.existing.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["a", "b"]);
    /// ```
    pub fn with_existing(mut self, mut existing: Vec<CandidateInfo>) -> Self {
        existing.sort_by(|a, b| a.id.cmp(&b.id));
        existing.dedup_by(|a, b| a.id == b.id);
        self.existing = existing;
        self
    }
}

pub(super) fn result_path(dir: &Path, index: usize) -> PathBuf {
    dir.join("results").join(format!("{index:06}.json"))
}

pub(super) fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `value` as JSON, atomically; `point` names the write for the
/// kill tests' pause (`pause.rs`).
pub(super) fn write_json<T: Serialize>(path: &Path, value: &T, point: &str) -> Result<()> {
    write_atomic(path, |w| {
        let mut bytes = serde_json::to_vec_pretty(value)?;
        bytes.push(b'\n');
        crate::pause::write_all(point, w, &bytes)
    })
}

/// Removes the temporary files that a writer killed midway left in
/// `folder` (`.NAME.tmp-PID`, see [`write_atomic`]) for each final NAME
/// that `ours` claims; returns how many went.
pub(super) fn remove_temps(folder: &Path, ours: impl Fn(&str) -> bool) -> Result<usize> {
    let entries = match std::fs::read_dir(folder) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(io_err(folder)(e)),
    };
    let mut removed = 0;
    for entry in entries {
        let entry = entry.map_err(io_err(folder))?;
        let name = entry.file_name();
        let Some(final_name) = name.to_str().and_then(temp_of) else {
            continue;
        };
        if ours(final_name) {
            let path = entry.path();
            std::fs::remove_file(&path).map_err(io_err(&path))?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// The final name a temporary file `.NAME.tmp-PID` stands for.
fn temp_of(name: &str) -> Option<&str> {
    let (final_name, pid) = name.strip_prefix('.')?.rsplit_once(".tmp-")?;
    (!pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())).then_some(final_name)
}

/// The scenario index of a result file's name (`NNNNNN.json`).
pub(super) fn result_index(name: &str) -> Option<usize> {
    name.strip_suffix(".json")?.parse().ok()
}

pub(super) fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T> {
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

/// Reads a sweep folder's `manifest.json` and checks what could lead a
/// merge astray: each scenario's name must be a safe folder name (the
/// folder `scenarios/NAME/` of its plan files, never outside the output
/// folder) and each index must appear once.
pub(super) fn read_manifest(dir: &Path) -> Result<Manifest> {
    let path = dir.join("manifest.json");
    let manifest: Manifest = read_json(&path)?;
    let mut seen = std::collections::HashSet::new();
    for (i, e) in manifest.scenarios.iter().enumerate() {
        let fail = |key: &str, msg: String| {
            Error::input(crate::InputProblem::new(
                path.display().to_string(),
                None,
                Some(&format!("scenarios[{i}].{key}")),
                msg,
            ))
        };
        if let Some(why) = super::grid::unsafe_folder_name(&e.name) {
            return Err(fail("name", format!("{:?} is refused: {why}", e.name)));
        }
        if !seen.insert(e.index) {
            return Err(fail(
                "index",
                format!("scenario index {} is listed twice", e.index),
            ));
        }
    }
    Ok(manifest)
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
    let manifest = read_manifest(dir)?;
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
/// assert_eq!(r, [Robustness { site, chosen: 0, share: 0.0, weighted_share: 0.0 }]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Robustness {
    /// The candidate.
    pub site: CandidateInfo,
    /// Scenarios choosing it.
    pub chosen: usize,
    /// `chosen / scenarios with a plan` (0 when none has a plan).
    pub share: f64,
    /// The share with each scenario counted by `1 / (its new sites)`, so a
    /// site chosen in a wave of 10 weighs as much as 6 picks in waves of 60
    /// (0 when no scenario with a plan opens a site).
    pub weighted_share: f64,
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
    let mut counts: BTreeMap<&str, (usize, f64)> = BTreeMap::new();
    let mut with_plan = 0usize;
    let mut votes = 0.0;
    for r in results {
        if matches!(r.outcome.status.as_str(), "optimal" | "feasible") {
            with_plan += 1;
            let k = r.outcome.new_sites.len();
            if k > 0 {
                votes += 1.0 / k as f64;
            }
            for id in &r.outcome.new_sites {
                let c = counts.entry(id.as_str()).or_default();
                c.0 += 1;
                c.1 += 1.0 / k as f64;
            }
        }
    }
    manifest
        .candidates
        .iter()
        .map(|c| {
            let (chosen, vote) = counts.get(c.id.as_str()).copied().unwrap_or((0, 0.0));
            Robustness {
                site: c.clone(),
                chosen,
                share: if with_plan > 0 {
                    chosen as f64 / with_plan as f64
                } else {
                    0.0
                },
                weighted_share: if votes > 0.0 { vote / votes } else { 0.0 },
            }
        })
        .collect()
}
