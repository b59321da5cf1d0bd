//! Plan settings: what `siteplan plan` takes as flags or as a TOML file
//! (`--config`), and what a scenario sweep varies. Every key is documented
//! in docs/CONFIG.md.
//!
//! Paths in a file are relative to the file's folder. Unknown keys are an
//! error that names the key. Command-line flags override the file
//! ([`PlanConfig::override_with`]).
//!
//! ```
//! use siteplan::config::PlanConfig;
//! use siteplan::ModelKind;
//! let c = PlanConfig::from_toml_str(r#"
//!     demand = "cities.csv"
//!     sites = ["existing.csv", "candidates.csv"]
//!     model = "max-coverage"
//!     new_sites = 10
//!     cutoff = 50
//! "#, "/data/cn".as_ref())?;
//! assert_eq!(c.model, Some(ModelKind::MaxCoverage));
//! assert_eq!(c.sites.as_ref().unwrap()[1], std::path::Path::new("/data/cn/candidates.csv"));
//! let spec = c.spec()?;
//! assert_eq!(spec.cutoff, Some(50.0));
//! # Ok::<(), siteplan::Error>(())
//! ```

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::curve::CurveRange;
use crate::error::{Error, InputProblem, Result};
use crate::models::choice::Decay;
use crate::models::market_entry::{EntrySettings, MarketEntryParams};
use crate::models::market_share::{ShareParams, MAX_DENSE_PAIRS};
use crate::models::{ModelKind, ModelSpec};
use crate::problem::Problem;
use crate::solve::{Method, SolveParams};
use crate::travel::Reach;

/// Default number of nearest sites kept per demand point for p-median,
/// fixed-charge and p-center when neither a cutoff nor `k_nearest` is given.
pub const DEFAULT_K_NEAREST: usize = 50;

/// Country borders drawn on maps when `borders` is not set and this file
/// (relative to the working folder) exists: Natural Earth 1:50m.
pub const DEFAULT_BORDERS: &str = "data/borders/countries_50m.geojson";

/// Where the shipped borders are looked for when none are named: the
/// [`DEFAULT_BORDERS`] path under the working folder, then in the source
/// tree siteplan was built from, then two and three folders above the
/// running executable (`target/release/`). `None` when none of them exists.
///
/// # Examples
///
/// ```
/// // The tests run in the source tree, which ships the borders.
/// let found = siteplan::config::default_borders().unwrap();
/// assert!(found.ends_with(siteplan::config::DEFAULT_BORDERS));
/// ```
pub fn default_borders() -> Option<PathBuf> {
    let rel = Path::new(DEFAULT_BORDERS);
    let mut places = vec![
        rel.to_path_buf(),
        Path::new(env!("CARGO_MANIFEST_DIR")).join(rel),
    ];
    if let Ok(exe) = std::env::current_exe() {
        for up in exe.ancestors().skip(2).take(2) {
            places.push(up.join(rel));
        }
    }
    places.into_iter().find(|p| p.is_file())
}

/// One path or a list of paths.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(PathBuf),
    Many(Vec<PathBuf>),
}

/// The settings of one plan. Every field is optional so that a file and
/// command-line flags can be layered; [`PlanConfig::spec`] and
/// [`PlanConfig::params`] check what each model needs.
///
/// # Examples
///
/// Settings built in code; unset values take their documented defaults.
///
/// ```
/// use siteplan::prelude::*;
/// let c = PlanConfig {
///     model: Some(ModelKind::PMedian),
///     new_sites: Some(3),
///     method: Some(Method::Heuristic),
///     ..Default::default()
/// };
/// let spec = c.spec()?;
/// assert_eq!((spec.kind, spec.new_sites, spec.capacities), (ModelKind::PMedian, Some(3), true));
/// let params = c.params()?;
/// assert_eq!((params.method, params.time_limit, params.threads), (Method::Heuristic, 60.0, 1));
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanConfig {
    /// Demand CSV.
    pub demand: Option<PathBuf>,
    /// Site CSVs (concatenated in order).
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Option::is_none"
    )]
    pub sites: Option<Vec<PathBuf>>,
    /// OD cost CSV; when given, the only source of travel cost.
    pub costs: Option<PathBuf>,
    /// The model.
    pub model: Option<ModelKind>,
    /// Number of new sites (an upper limit for fixed-charge).
    pub new_sites: Option<usize>,
    /// Cutoff: coverage radius (max-coverage, set-cover) or hard reach
    /// (p-median, fixed-charge, p-center); km, or the OD matrix's unit.
    pub cutoff: Option<f64>,
    /// Set cover: percentage of the total weight to cover (partial cover).
    pub min_coverage: Option<f64>,
    /// Fixed-charge: most the new sites' fixed costs may add up to.
    pub budget: Option<f64>,
    /// Fixed-charge: serve each demand point from one site.
    pub single_source: Option<bool>,
    /// Respect site capacities (default true).
    pub capacities: Option<bool>,
    /// Nearest sites kept per demand point when there is no cutoff
    /// (p-median, fixed-charge, p-center; default [`DEFAULT_K_NEAREST`]).
    pub k_nearest: Option<usize>,
    /// Time limit in seconds (default 60).
    pub time_limit: Option<f64>,
    /// `auto`, `exact` or `heuristic` (default `auto`).
    pub method: Option<Method>,
    /// Relative optimality gap (default 1e-4).
    pub gap: Option<f64>,
    /// Threads of one solve (default 1).
    pub threads: Option<usize>,
    /// Seed (default 0).
    pub seed: Option<u64>,
    /// Output folder.
    pub out: Option<PathBuf>,
    /// Scenario name shown in the map title and the reports (also `name`).
    #[serde(alias = "name")]
    pub title: Option<String>,
    /// What the demand weights count, for the reports (`people`,
    /// `cars per year`; default: "demand weight").
    pub demand_label: Option<String>,
    /// The currency of money figures in the reports (`EUR`).
    pub currency: Option<String>,
    /// Country borders GeoJSON for the map (default
    /// [`DEFAULT_BORDERS`] when that file exists).
    pub borders: Option<PathBuf>,
    /// One assignment line per demand point in `plan.geojson` and on the
    /// maps (default false).
    pub lines: Option<bool>,
    /// Write the solve's wall-clock seconds into `summary.json` (default
    /// false: `seconds` is null, so files are byte-identical across runs).
    pub timings: Option<bool>,
    /// Also solve for every number of new sites in this range
    /// (`"0..=60"`) and write `curve.csv` and the chart.
    pub curve: Option<CurveRange>,
    /// Share models: distance decay, `power:λ`, `exponential:β` or
    /// `logit:β` (default `power:2`).
    pub decay: Option<Decay>,
    /// Share models: the outside option's weight per demand point
    /// (default 1.0).
    pub outside_weight: Option<f64>,
    /// target-share: the share of total demand to reach, in (0, 1].
    pub target_share: Option<f64>,
    /// Share models: existing stores may close (default false).
    pub allow_closures: Option<bool>,
    /// market-share: profit per unit of captured demand (maximise profit).
    pub margin: Option<f64>,
    /// market-entry: the model's settings, the `[market_entry]` table
    /// (docs/MARKET_ENTRY.md); its `countries` and `duties` paths are
    /// relative to the file's folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market_entry: Option<MarketEntryParams>,
    /// Memory budget: a plan estimated to need more is refused before its
    /// cost matrix is built (`"8GiB"`, `"500MB"`, `"2G"` or a number of
    /// bytes; default 3/4 of the memory available, see [`crate::memory`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_memory: Option<crate::memory::Bytes>,
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<Vec<PathBuf>>, D::Error> {
    Ok(Some(match OneOrMany::deserialize(d)? {
        OneOrMany::One(p) => vec![p],
        OneOrMany::Many(v) => v,
    }))
}

impl PlanConfig {
    /// Reads a TOML file; relative paths become relative to its folder.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::config::PlanConfig;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("plan.toml");
    /// std::fs::write(&path, "demand = \"cities.csv\"\nmodel = \"p-median\"\nnew_sites = 4\n")?;
    /// let c = PlanConfig::load(&path)?;
    /// assert_eq!(c.demand, Some(dir.path().join("cities.csv")));
    /// assert_eq!(c.new_sites, Some(4));
    ///
    /// // An unknown key is an input error that names the file.
    /// std::fs::write(&path, "cutof = 50\n")?;
    /// let err = PlanConfig::load(&path).unwrap_err();
    /// assert!(matches!(err, siteplan::Error::Input(_)));
    /// assert!(err.to_string().contains("plan.toml") && err.to_string().contains("cutof"));
    /// # Ok(()) }
    /// ```
    pub fn load(path: &Path) -> Result<PlanConfig> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::input(InputProblem::new(
                path.display().to_string(),
                None,
                None,
                format!("cannot read: {e}"),
            ))
        })?;
        let base = path.parent().unwrap_or(Path::new(""));
        PlanConfig::from_toml_str(&text, base).map_err(|e| match e {
            Error::Input(mut p) => {
                for q in &mut p.problems {
                    q.file = path.display().to_string();
                }
                Error::Input(p)
            }
            e => e,
        })
    }

    /// Parses TOML text; relative paths are joined to `base`.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::config::PlanConfig;
    /// use std::path::Path;
    /// let c = PlanConfig::from_toml_str("sites = \"stores.csv\"\nname = \"north\"", Path::new("/data"))?;
    /// // One path or a list; `name` is another spelling of `title`.
    /// assert_eq!(c.sites, Some(vec![Path::new("/data/stores.csv").to_path_buf()]));
    /// assert_eq!(c.title.as_deref(), Some("north"));
    /// assert!(PlanConfig::from_toml_str("new_sites = \"ten\"", Path::new("")).is_err());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn from_toml_str(text: &str, base: &Path) -> Result<PlanConfig> {
        // Straight from the text, so that errors keep their place in it.
        let c: PlanConfig =
            toml::from_str(text).map_err(|e| Error::input(toml_problem("config", text, &e)))?;
        Ok(c.joined(base))
    }

    /// Reads settings from a TOML table (a sweep's scenario settings);
    /// relative paths are joined to `base`.
    ///
    /// # Examples
    ///
    /// Settings of each scenario of a sweep:
    ///
    /// ```
    /// use siteplan::config::PlanConfig;
    /// use siteplan::scenario::expand;
    /// use std::path::Path;
    /// let file: toml::Table = toml::from_str(r#"
    ///     demand = "demand.csv"
    ///     model = "max-coverage"
    ///     [grid]
    ///     cutoff = [20, 40]
    /// "#).unwrap();
    /// let specs = expand(&file)?;
    /// let configs = specs.iter()
    ///     .map(|s| PlanConfig::from_table(&s.settings, Path::new("/sweeps")))
    ///     .collect::<Result<Vec<_>, _>>()?;
    /// assert_eq!(configs[1].cutoff, Some(40.0));
    /// assert_eq!(configs[1].demand.as_deref(), Some(Path::new("/sweeps/demand.csv")));
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn from_table(table: &toml::Table, base: &Path) -> Result<PlanConfig> {
        let c: PlanConfig = table.clone().try_into().map_err(|e: toml::de::Error| {
            Error::input(InputProblem::new(
                "config",
                None,
                None,
                e.message().to_string(),
            ))
        })?;
        Ok(c.joined(base))
    }

    /// These settings with relative paths joined to `base`.
    fn joined(mut self, base: &Path) -> PlanConfig {
        let c = &mut self;
        let join = |p: &mut PathBuf| {
            if p.is_relative() && !base.as_os_str().is_empty() {
                *p = base.join(&*p);
            }
        };
        for p in [&mut c.demand, &mut c.costs, &mut c.out, &mut c.borders]
            .into_iter()
            .flatten()
        {
            join(p);
        }
        for p in c.sites.iter_mut().flatten() {
            join(p);
        }
        c.market_entry = c.market_entry.take().map(|m| m.resolve_paths(base));
        self
    }

    /// These settings with every value set in `other` taking precedence.
    ///
    /// ```
    /// use siteplan::config::PlanConfig;
    /// let file = PlanConfig { new_sites: Some(5), cutoff: Some(30.0), ..Default::default() };
    /// let flags = PlanConfig { new_sites: Some(8), ..Default::default() };
    /// let c = file.override_with(flags);
    /// assert_eq!((c.new_sites, c.cutoff), (Some(8), Some(30.0)));
    /// ```
    pub fn override_with(self, other: PlanConfig) -> PlanConfig {
        PlanConfig {
            demand: other.demand.or(self.demand),
            sites: other.sites.or(self.sites),
            costs: other.costs.or(self.costs),
            model: other.model.or(self.model),
            new_sites: other.new_sites.or(self.new_sites),
            cutoff: other.cutoff.or(self.cutoff),
            min_coverage: other.min_coverage.or(self.min_coverage),
            budget: other.budget.or(self.budget),
            single_source: other.single_source.or(self.single_source),
            capacities: other.capacities.or(self.capacities),
            k_nearest: other.k_nearest.or(self.k_nearest),
            time_limit: other.time_limit.or(self.time_limit),
            method: other.method.or(self.method),
            gap: other.gap.or(self.gap),
            threads: other.threads.or(self.threads),
            seed: other.seed.or(self.seed),
            out: other.out.or(self.out),
            title: other.title.or(self.title),
            demand_label: other.demand_label.or(self.demand_label),
            currency: other.currency.or(self.currency),
            borders: other.borders.or(self.borders),
            lines: other.lines.or(self.lines),
            timings: other.timings.or(self.timings),
            curve: other.curve.or(self.curve),
            decay: other.decay.or(self.decay),
            outside_weight: other.outside_weight.or(self.outside_weight),
            target_share: other.target_share.or(self.target_share),
            allow_closures: other.allow_closures.or(self.allow_closures),
            margin: other.margin.or(self.margin),
            market_entry: other.market_entry.or(self.market_entry),
            max_memory: other.max_memory.or(self.max_memory),
        }
    }

    /// The model spec these settings ask for (the model is required).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::config::PlanConfig;
    /// use siteplan::ModelKind;
    /// let c = PlanConfig { model: Some(ModelKind::FixedCharge), budget: Some(2e6), ..Default::default() };
    /// let spec = c.spec()?;
    /// assert_eq!((spec.budget, spec.single_source, spec.capacities), (Some(2e6), false, true));
    /// // No model, or a negative cutoff, is a usage error.
    /// assert!(PlanConfig::default().spec().is_err());
    /// assert!(PlanConfig { cutoff: Some(-1.0), ..c }.spec().is_err());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn spec(&self) -> Result<ModelSpec> {
        let kind = self
            .model
            .ok_or_else(|| Error::Usage("no model given (model / --model)".into()))?;
        if kind == ModelKind::MarketEntry {
            return self.entry_spec();
        }
        if self.market_entry.is_some() {
            return Err(Error::Usage(format!(
                "[market_entry] applies to model = \"market-entry\", not {kind}"
            )));
        }
        if let Some(c) = self.cutoff {
            if !(c.is_finite() && c >= 0.0) {
                return Err(Error::Usage(format!(
                    "cutoff {c}: expected a finite number ≥ 0"
                )));
            }
        }
        let mut spec = ModelSpec::new(kind);
        spec.new_sites = self.new_sites;
        spec.cutoff = self.cutoff;
        spec.min_coverage_pct = self.min_coverage;
        spec.budget = self.budget;
        spec.single_source = self.single_source.unwrap_or(false);
        spec.capacities = self.capacities.unwrap_or(true);
        spec.share = self.share_params()?;
        if kind == ModelKind::TargetShare && spec.share.target_share.is_none() {
            return Err(Error::Usage(
                "target-share needs a target share (target_share / --target-share, e.g. 0.25)"
                    .into(),
            ));
        }
        if kind == ModelKind::MarketShare
            && spec.new_sites.is_none()
            && spec.budget.is_none()
            && spec.share.margin.is_none()
        {
            return Err(Error::Usage(
                "market-share needs new_sites / --new-sites N or budget / --budget B \
                 (or margin / --margin M to maximise profit)"
                    .into(),
            ));
        }
        Ok(spec)
    }

    /// The market-entry spec: its `[market_entry]` settings (defaults where
    /// absent), checked; the location-model keys are refused, naming the
    /// key, its flag and where the model's own setting lives.
    fn entry_spec(&self) -> Result<ModelSpec> {
        let unused: [(&str, bool); 14] = [
            ("costs / --costs", self.costs.is_some()),
            ("new_sites / --new-sites", self.new_sites.is_some()),
            (
                "cutoff / --cutoff (set cutoff_km in [market_entry])",
                self.cutoff.is_some(),
            ),
            ("min_coverage / --min-coverage", self.min_coverage.is_some()),
            (
                "budget / --budget (set budget in [market_entry])",
                self.budget.is_some(),
            ),
            (
                "single_source / --single-source",
                self.single_source.is_some(),
            ),
            (
                "capacities / --no-capacities (set store_capacity in [market_entry])",
                self.capacities.is_some(),
            ),
            ("k_nearest / --k-nearest", self.k_nearest.is_some()),
            (
                "curve / --curve (set curve_duties_pct in [market_entry])",
                self.curve.is_some(),
            ),
            (
                "decay / --decay (set decay in [market_entry])",
                self.decay.is_some(),
            ),
            (
                "outside_weight / --outside-weight",
                self.outside_weight.is_some(),
            ),
            ("target_share / --target-share", self.target_share.is_some()),
            (
                "allow_closures / --allow-closures",
                self.allow_closures.is_some(),
            ),
            (
                "margin / --margin (set gross_margin_pct in [market_entry])",
                self.margin.is_some(),
            ),
        ];
        let bad: Vec<&str> = unused.iter().filter(|u| u.1).map(|u| u.0).collect();
        if !bad.is_empty() {
            return Err(Error::Usage(format!(
                "market-entry does not take {}",
                bad.join(", ")
            )));
        }
        let params = self.market_entry.clone().unwrap_or_default();
        params.validate()?;
        let mut spec =
            ModelSpec::new(ModelKind::MarketEntry).with_entry(EntrySettings::new(params));
        // Store capacity is the model's own setting (`store_capacity`).
        spec.capacities = false;
        Ok(spec)
    }

    /// The share models' settings (defaults of [`ShareParams`] where
    /// unset), checked.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::config::PlanConfig;
    /// let c = PlanConfig { decay: Some("exponential:0.05".parse()?), outside_weight: Some(0.5),
    ///     ..Default::default() };
    /// let s = c.share_params().unwrap();
    /// assert_eq!((s.decay.to_string(), s.outside_weight), ("exponential:0.05".to_string(), 0.5));
    /// assert!(PlanConfig { target_share: Some(0.0), ..c }.share_params().is_err());
    /// # Ok::<(), String>(())
    /// ```
    pub fn share_params(&self) -> Result<ShareParams> {
        let d = ShareParams::default();
        let s = ShareParams {
            decay: self.decay.unwrap_or(d.decay),
            outside_weight: self.outside_weight.unwrap_or(d.outside_weight),
            target_share: self.target_share,
            allow_closures: self.allow_closures.unwrap_or(false),
            margin: self.margin,
        };
        s.validate()?;
        Ok(s)
    }

    /// The solver settings (defaults of [`SolveParams`] where unset).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::config::PlanConfig;
    /// use siteplan::solve::SolveParams;
    /// let c = PlanConfig { time_limit: Some(5.0), threads: Some(0), ..Default::default() };
    /// let p = c.params()?;
    /// assert_eq!((p.time_limit, p.threads), (5.0, 1)); // at least one thread
    /// assert_eq!(p.gap, SolveParams::default().gap);
    /// assert!(PlanConfig { time_limit: Some(0.0), ..c }.params().is_err());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn params(&self) -> Result<SolveParams> {
        let d = SolveParams::default();
        let p = SolveParams {
            method: self.method.unwrap_or(d.method),
            time_limit: self.time_limit.unwrap_or(d.time_limit),
            gap: self.gap.unwrap_or(d.gap),
            threads: self.threads.unwrap_or(d.threads).max(1),
            seed: self.seed.unwrap_or(d.seed),
        };
        if !(p.time_limit.is_finite() && p.time_limit > 0.0) {
            return Err(Error::Usage(format!(
                "time limit {}: expected a positive number of seconds",
                p.time_limit
            )));
        }
        if !(p.gap.is_finite() && p.gap >= 0.0) {
            return Err(Error::Usage(format!(
                "gap {}: expected a finite number ≥ 0",
                p.gap
            )));
        }
        Ok(p)
    }

    /// Which pairs the cost matrix keeps for this model: the cutoff when
    /// one is given (coverage models need one); otherwise the
    /// `k_nearest` (default [`DEFAULT_K_NEAREST`]) nearest sites, or every
    /// pair when there are no more sites than that.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::config::PlanConfig;
    /// use siteplan::{DemandPoint, ModelKind, Problem, Site};
    /// let p = Problem::builder().demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    ///     .site(Site::new("s", 0.0, 0.0)).build()?;
    /// let c = PlanConfig { model: Some(ModelKind::PMedian), ..Default::default() };
    /// assert_eq!(c.reach(&p)?, siteplan::Reach::all());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn reach(&self, problem: &Problem) -> Result<Reach> {
        let spec = self.spec()?;
        reach_for(spec.kind, spec.cutoff, self.k_nearest, problem)
    }
}

/// The one rule for which pairs a cost matrix keeps, shared by
/// [`PlanConfig::reach`] and [`crate::pipeline::PlanRequest::reach`].
pub(crate) fn reach_for(
    kind: ModelKind,
    cutoff: Option<f64>,
    k_nearest: Option<usize>,
    problem: &Problem,
) -> Result<Reach> {
    if kind.is_share() {
        // The choice set is part of the model: whole rows, never cut.
        return match cutoff {
            Some(c) => Ok(Reach::cost_cutoff(c)),
            None if problem.demand().len().saturating_mul(problem.sites().len())
                > MAX_DENSE_PAIRS =>
            {
                Err(Error::Usage(format!(
                    "{kind} without a cutoff puts all {} × {} pairs in the choice sets \
                     (more than {MAX_DENSE_PAIRS}): give a cutoff (cutoff / --cutoff)",
                    problem.demand().len(),
                    problem.sites().len()
                )))
            }
            None => Ok(Reach::all()),
        };
    }
    if let Some(c) = cutoff {
        let mut r = Reach::cost_cutoff(c);
        r.k_nearest = k_nearest;
        return Ok(r);
    }
    if kind.is_coverage() {
        return Err(Error::Usage(format!(
            "{kind} needs a coverage cutoff (cutoff / --cutoff)"
        )));
    }
    let k = k_nearest.unwrap_or(DEFAULT_K_NEAREST);
    if k == 0 {
        return Err(Error::Usage("k_nearest must be at least 1".into()));
    }
    Ok(if k >= problem.sites().len() {
        Reach::all()
    } else {
        Reach::k_nearest(k)
    })
}

/// A TOML error of `text` (the file `file`) as an input problem, at the
/// line where the parser stopped.
///
/// ```
/// use siteplan::config::toml_problem;
/// let text = "model = \"p-median\"\nnew_sites = = 3\n";
/// let e = toml::from_str::<toml::Table>(text).unwrap_err();
/// let p = toml_problem("plan.toml", text, &e);
/// assert_eq!((p.file.as_str(), p.line), ("plan.toml", Some(2)));
/// ```
pub fn toml_problem(file: &str, text: &str, e: &toml::de::Error) -> InputProblem {
    let line = e.span().map(|span| {
        let at = span.start.min(text.len());
        let before = text.as_bytes()[..at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        before as u64 + 1
    });
    InputProblem::new(file, line, None, e.message().trim_end().to_string())
}
