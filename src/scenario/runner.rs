//! Running a sweep file: every scenario's settings become a plan (the keys
//! of `siteplan plan --config`, docs/CONFIG.md) solved single-threaded,
//! several scenarios at once ([`super::run_sweep`]).
//!
//! Inputs are shared: a pre-pass over the scenarios reads each distinct
//! demand/sites pair once, derives each distinct reweighted problem once,
//! and builds each distinct cost matrix once (keyed by inputs and reach,
//! in order of first appearance, so the work is the same on every run).
//! The solves then only borrow them. Memory thus grows with the number of
//! distinct inputs, not with the number of scenarios; results go to disk
//! as each scenario finishes.
//!
//! Keys a sweep file adds to the plan keys:
//!
//! - `title` (top level): the report's title.
//! - `borders` (top level): a GeoJSON of country borders for the report's
//!   map; by default `borders/countries_50m.geojson` beside the first
//!   scenario's demand file, when it exists.
//! - `weighting` (per scenario): `population` (the demand file's `weight`
//!   column, the default) or `uniform` (every demand point weighs 1).
//! - `weight_exponent` (per scenario, default 1): each weight is raised to
//!   this power, e.g. 0.8 damps the largest cities.
//! - `model = "market-entry"`: the scenario takes the same way, with its
//!   `[market_entry]` settings, and reports its profit.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::{Table, Value};

use super::grid::{expand, ScenarioSpec};
use super::results::{CandidateInfo, Manifest, ScenarioOutcome};
use super::sweep::{run_sweep, SweepOptions, SweepReport};
use crate::config::PlanConfig;
use crate::error::{Error, InputProblem, Result};
use crate::io;
use crate::models::market_entry::MarketEntryPlan;
use crate::output::PlanFolder;
use crate::pipeline::{self, PlanOutcome, PlanRequest};
use crate::plan::{Plan, PlanStatus};
use crate::problem::{Problem, SiteStatus};
use crate::spatial::PointIndex;
use crate::travel::{CostMatrix, Haversine, OdMatrix, Reach, TravelCost};

/// The model name that routes a scenario to the market-entry solver.
pub const MARKET_ENTRY: &str = crate::models::ModelKind::MarketEntry.as_str();

/// Keys of a sweep file's top level that are not scenario settings.
const SWEEP_ONLY_KEYS: [&str; 2] = ["title", "borders"];

/// Runs the sweep file `config` into the folder `out`: expands its
/// scenarios, solves those of `opts.shard` (all by default) on `opts.jobs`
/// threads, and, unless sharded, writes summary.csv, robustness.csv,
/// robustness.geojson and report.html. With `write_plans`, each solved
/// scenario's plan files go to `out/scenarios/NAME/`.
///
/// Settings errors (unknown keys, missing files, a model without its
/// required keys) stop the sweep before any solve; a scenario that has no
/// plan (infeasible, time limit) is recorded with its status and reason and
/// the others carry on.
///
/// ```
/// use siteplan::scenario::{run_sweep_file, SweepOptions};
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("demand.csv"), "id,lat,lon,weight\na,31.2,121.5,10\nb,31.3,121.4,5\nc,30.3,120.2,8\n")?;
/// std::fs::write(dir.path().join("sites.csv"), "id,lat,lon\ns1,31.2,121.5\ns2,30.3,120.2\n")?;
/// std::fs::write(dir.path().join("sweep.toml"), r#"
///     demand = "demand.csv"
///     sites = "sites.csv"
///     model = "max-coverage"
///     [grid]
///     new_sites = [1, 2]
///     cutoff = [20, 50]
/// "#)?;
/// let out = dir.path().join("out");
/// let report = run_sweep_file(&dir.path().join("sweep.toml"), &out, &SweepOptions::default(), false)?;
/// assert_eq!((report.total, report.solved, report.failed), (4, 4, 0));
/// assert!(out.join("summary.csv").exists() && out.join("report.html").exists());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run_sweep_file(
    config: &Path,
    out: &Path,
    opts: &SweepOptions,
    write_plans: bool,
) -> Result<SweepReport> {
    let text = std::fs::read_to_string(config).map_err(|e| {
        Error::input(InputProblem::new(
            config.display().to_string(),
            None,
            None,
            format!("cannot read: {e}"),
        ))
    })?;
    let file: Table = toml::from_str(&text).map_err(|e| {
        Error::input(crate::config::toml_problem(
            &config.display().to_string(),
            &text,
            &e,
        ))
    })?;
    let base_dir = config.parent().unwrap_or(Path::new("")).to_path_buf();
    run_sweep_table(file, &base_dir, config, out, opts, write_plans)
}

/// [`run_sweep_file`] on a sweep file already parsed (built in code, or
/// from a Python dict): paths in it are relative to `base_dir`, and
/// `config` only names the sweep in messages and in the default title
/// (its file stem).
///
/// ```
/// use siteplan::scenario::{run_sweep_table, SweepOptions};
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("demand.csv"), "id,lat,lon,weight\na,31.2,121.5,10\nb,30.3,120.2,8\n")?;
/// std::fs::write(dir.path().join("sites.csv"), "id,lat,lon\ns1,31.2,121.5\ns2,30.3,120.2\n")?;
/// let file: toml::Table = toml::from_str(r#"
///     demand = "demand.csv"
///     sites = "sites.csv"
///     model = "max-coverage"
///     cutoff = 20
///     [grid]
///     new_sites = [1, 2]
/// "#)?;
/// let out = dir.path().join("out");
/// let report = run_sweep_table(file, dir.path(), "in-code".as_ref(), &out, &SweepOptions::default(), false)?;
/// assert_eq!((report.total, report.solved), (2, 2));
/// assert!(out.join("robustness.csv").exists());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run_sweep_table(
    mut file: Table,
    base_dir: &Path,
    config: &Path,
    out: &Path,
    opts: &SweepOptions,
    write_plans: bool,
) -> Result<SweepReport> {
    let base_dir = base_dir.to_path_buf();
    let in_file = |m: &str| Error::Usage(format!("{}: {m}", config.display()));
    let title = match file.remove("title") {
        Some(Value::String(s)) => s,
        Some(_) => return Err(in_file("title: expected a string")),
        None => format!(
            "Sweep {}",
            config
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        ),
    };
    let borders = match file.remove("borders") {
        Some(Value::String(s)) => Some(join(&base_dir, Path::new(&s))),
        Some(_) => return Err(in_file("borders: expected a file name")),
        None => None,
    };
    debug_assert!(SWEEP_ONLY_KEYS.iter().all(|k| !file.contains_key(*k)));
    let specs = expand(&file).map_err(|e| match e {
        Error::Usage(m) => in_file(&m),
        e => e,
    })?;
    let inputs = Inputs::prepare(&specs, &base_dir, config, opts)?;
    let borders = borders
        .or_else(|| inputs.default_borders())
        .filter(|p| p.exists())
        .map(|p| p.canonicalize().unwrap_or(p));
    let text_key = |k: &str| {
        file.get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let mut manifest = Manifest::new(&specs, inputs.candidates())
        .with_existing(inputs.sites_with(SiteStatus::Existing));
    manifest.demand_label = text_key("demand_label");
    manifest.currency = text_key("currency");
    let manifest = manifest.with_title(title).with_borders(borders);
    run_sweep(out, &specs, &manifest, opts, |spec| {
        inputs.run(spec, out, write_plans, opts.timings)
    })
}

fn join(base: &Path, p: &Path) -> PathBuf {
    if p.is_relative() && !base.as_os_str().is_empty() {
        base.join(p)
    } else {
        p.to_path_buf()
    }
}

/// How a scenario reweights demand.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Weighting {
    uniform: bool,
    exponent: f64,
}

impl Weighting {
    /// Reads and removes `weighting` and `weight_exponent` from `t`.
    fn take(t: &mut Table) -> Result<Weighting> {
        let uniform = match t.remove("weighting") {
            None => false,
            Some(Value::String(s)) => match s.as_str() {
                "population" => false,
                "uniform" => true,
                "population_gdp" => {
                    return Err(Error::Usage(
                        "weighting = \"population_gdp\": the shipped data have no GDP (or income) figure per city or region to weight by; use weight_exponent to damp large cities instead (docs/CONFIG.md, Sweeps)".into(),
                    ))
                }
                other => {
                    return Err(Error::Usage(format!(
                        "weighting = {other:?}: expected \"population\" (the demand file's weight column) or \"uniform\""
                    )))
                }
            },
            Some(_) => return Err(Error::Usage("weighting: expected a string".into())),
        };
        let exponent = match t.remove("weight_exponent") {
            None => 1.0,
            Some(Value::Float(f)) => f,
            Some(Value::Integer(i)) => i as f64,
            Some(_) => return Err(Error::Usage("weight_exponent: expected a number".into())),
        };
        if !(exponent.is_finite() && exponent >= 0.0) {
            return Err(Error::Usage(format!(
                "weight_exponent = {exponent}: expected a finite number ≥ 0"
            )));
        }
        Ok(Weighting { uniform, exponent })
    }

    fn is_identity(&self) -> bool {
        !self.uniform && self.exponent == 1.0
    }

    fn key(&self) -> (bool, u64) {
        (self.uniform, self.exponent.to_bits())
    }

    fn apply(&self, w: f64) -> f64 {
        if self.uniform {
            1.0
        } else {
            w.powf(self.exponent)
        }
    }
}

/// What one scenario needs to run.
enum Job {
    /// Not in this run's shard: nothing prepared.
    Skip,
    /// A model on shared inputs.
    Location(Box<LocationJob>),
}

struct LocationJob {
    /// Index into `Inputs::problems`.
    problem: usize,
    /// Index into `Inputs::matrices`.
    matrix: usize,
    /// The OD table, if costs come from one (index into `Inputs::ods`).
    od: Option<usize>,
    /// Every setting of the scenario's plan.
    request: PlanRequest,
}

/// Inputs read and built once, shared read-only by every scenario.
struct Inputs {
    base_dir: PathBuf,
    /// Problems as read from the files (candidate lists, coverage in the
    /// demand file's own weights).
    bases: Vec<Problem>,
    /// Problems as solved (reweighted where a scenario asks), with their base.
    problems: Vec<(Arc<Problem>, usize)>,
    ods: Vec<Arc<OdMatrix>>,
    matrices: Vec<Arc<CostMatrix>>,
    jobs: Vec<Job>,
    /// Folder of the first scenario's demand file.
    first_demand_dir: Option<PathBuf>,
}

type BaseKey = (PathBuf, Vec<PathBuf>);
/// Base problem, OD table, cutoff bits, k nearest.
type MatrixKey = (usize, Option<usize>, Option<u64>, Option<usize>);
/// Base problem, (uniform, exponent bits).
type ProblemKey = (usize, (bool, u64));

impl Inputs {
    fn prepare(
        specs: &[ScenarioSpec],
        base_dir: &Path,
        config: &Path,
        opts: &SweepOptions,
    ) -> Result<Inputs> {
        let mut inputs = Inputs {
            base_dir: base_dir.to_path_buf(),
            bases: Vec::new(),
            problems: Vec::new(),
            ods: Vec::new(),
            matrices: Vec::new(),
            jobs: Vec::with_capacity(specs.len()),
            first_demand_dir: None,
        };
        let mut base_keys: HashMap<BaseKey, usize> = HashMap::new();
        let mut problem_keys: HashMap<ProblemKey, usize> = HashMap::new();
        let mut od_keys: HashMap<(usize, PathBuf), usize> = HashMap::new();
        // Matrices are built after the walk, in parallel.
        let mut matrix_keys: HashMap<MatrixKey, usize> = HashMap::new();
        let mut matrix_todo: Vec<(usize, Option<usize>, Reach)> = Vec::new();
        let at_start =
            pipeline::InputsAtStart::new(specs.iter().flat_map(|s| input_paths(s, base_dir)));
        for spec in specs {
            let selected = opts.shard.is_none_or(|s| s.includes(spec.index));
            let job = inputs
                .prepare_one(
                    spec,
                    selected,
                    &mut base_keys,
                    &mut problem_keys,
                    &mut od_keys,
                    &mut matrix_keys,
                    &mut matrix_todo,
                )
                .map_err(|e| in_scenario(at_start.fault(e), config, spec))?;
            inputs.jobs.push(job);
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(opts.jobs.max(1))
            .build()
            .map_err(|e| Error::Solver(format!("cannot start worker threads: {e}")))?;
        use rayon::prelude::*;
        let indexes: Vec<Option<PointIndex>> = pool.install(|| {
            let mut need = vec![false; inputs.bases.len()];
            for (b, od, _) in &matrix_todo {
                need[*b] |= od.is_none();
            }
            inputs
                .bases
                .par_iter()
                .zip(need)
                .map(|(p, need)| {
                    need.then(|| PointIndex::new(p.sites().iter().map(|s| (s.lat, s.lon))))
                })
                .collect()
        });
        inputs.check_memory(config, opts, &indexes, &matrix_todo)?;
        let built: Vec<Result<CostMatrix>> = pool.install(|| {
            matrix_todo
                .par_iter()
                .map(|&(b, od, reach)| match (od, &indexes[b]) {
                    (Some(o), _) => inputs.ods[o].cost_matrix(&inputs.bases[b], reach),
                    (None, Some(index)) => {
                        Ok(Haversine.cost_matrix_with_index(&inputs.bases[b], index, reach))
                    }
                    (None, None) => Haversine.cost_matrix(&inputs.bases[b], reach),
                })
                .collect()
        });
        inputs.matrices = built
            .into_iter()
            .map(|m| m.map(Arc::new))
            .collect::<Result<_>>()?;
        Ok(inputs)
    }

    #[allow(clippy::too_many_arguments)]
    fn prepare_one(
        &mut self,
        spec: &ScenarioSpec,
        selected: bool,
        base_keys: &mut HashMap<BaseKey, usize>,
        problem_keys: &mut HashMap<ProblemKey, usize>,
        od_keys: &mut HashMap<(usize, PathBuf), usize>,
        matrix_keys: &mut HashMap<MatrixKey, usize>,
        matrix_todo: &mut Vec<(usize, Option<usize>, Reach)>,
    ) -> Result<Job> {
        let mut t = spec.settings.clone();
        let weighting = Weighting::take(&mut t)?;
        let model = t.get("model").and_then(Value::as_str).map(str::to_owned);
        if model.as_deref() == Some(MARKET_ENTRY) && !weighting.is_identity() {
            return Err(Error::Usage(
                "weighting and weight_exponent apply to location models; market-entry demand comes from [market_entry]".into(),
            ));
        }
        let cfg = PlanConfig::from_table(&t, &self.base_dir)?;
        cfg.spec()?;
        cfg.params()?;
        let demand = cfg
            .demand
            .clone()
            .ok_or_else(|| Error::Usage("no demand file given (demand = \"…\")".into()))?;
        let sites = cfg.sites.clone().unwrap_or_default();
        // Market entry's candidates default to the demand cities.
        if sites.is_empty() && model.as_deref() != Some(MARKET_ENTRY) {
            return Err(Error::Usage("no sites file given (sites = \"…\")".into()));
        }
        self.note_demand(&demand);
        let key = (demand.clone(), sites.clone());
        let base = match base_keys.get(&key) {
            Some(&b) => b,
            None => {
                let p = pipeline::read_problem(&demand, &sites)?;
                base_keys.insert(key, self.bases.len());
                self.bases.push(p);
                self.bases.len() - 1
            }
        };
        let reach = cfg.reach(&self.bases[base])?;
        let od = match &cfg.costs {
            None => None,
            Some(path) => Some(match od_keys.get(&(base, path.clone())) {
                Some(&o) => o,
                None => {
                    let m = io::read_costs(path, &self.bases[base])?;
                    od_keys.insert((base, path.clone()), self.ods.len());
                    self.ods.push(Arc::new(m));
                    self.ods.len() - 1
                }
            }),
        };
        if !selected {
            return Ok(Job::Skip);
        }
        let problem = match problem_keys.get(&(base, weighting.key())) {
            Some(&p) => p,
            None => {
                let p = if weighting.is_identity() {
                    self.bases[base].clone()
                } else {
                    self.bases[base].with_weights(|d| weighting.apply(d.weight))?
                };
                problem_keys.insert((base, weighting.key()), self.problems.len());
                self.problems.push((Arc::new(p), base));
                self.problems.len() - 1
            }
        };
        let mkey = (base, od, reach.cutoff.map(f64::to_bits), reach.k_nearest);
        let matrix = *matrix_keys.entry(mkey).or_insert_with(|| {
            matrix_todo.push((base, od, reach));
            matrix_todo.len() - 1
        });
        // The sweep's own choices: one thread per solve, the scenario's name
        // as title, no curve, no borders and no seconds in plan folders.
        let mut request = PlanRequest::from_config(&cfg)?;
        request.params = request.params.with_threads(1);
        request.title = Some(spec.name.clone());
        request.curve = None;
        request.borders = None;
        request.timings = false;
        Ok(Job::Location(Box::new(LocationJob {
            problem,
            matrix,
            od,
            request,
        })))
    }

    /// Refuses the sweep when its matrices, the solves that run at once
    /// and its inputs are estimated to need more than its budget.
    fn check_memory(
        &self,
        config: &Path,
        opts: &SweepOptions,
        indexes: &[Option<PointIndex>],
        todo: &[(usize, Option<usize>, Reach)],
    ) -> Result<()> {
        use crate::memory::{Budget, Bytes, BYTES_PER_POINT, OD_BYTES_PER_ROW};
        let mut parts = Vec::new();
        let mut set: Option<Bytes> = None;
        for job in &self.jobs {
            let Job::Location(j) = job else { continue };
            let (b, _, reach) = todo[j.matrix];
            parts.push(pipeline::SweepPart {
                request: &j.request,
                problem: &self.bases[b],
                index: indexes[b].as_ref(),
                reach,
                matrix: j.matrix,
            });
            if let Some(m) = j.request.max_memory {
                set = Some(set.map_or(m, |s| s.min(m)));
            }
        }
        let points = |p: &Problem| (p.demand().len() + p.sites().len()) as u64 * BYTES_PER_POINT;
        let inputs = self.bases.iter().map(points).sum::<u64>()
            + self.problems.iter().map(|(p, _)| points(p)).sum::<u64>()
            + self
                .ods
                .iter()
                .map(|o| o.len() as u64 * OD_BYTES_PER_ROW)
                .sum::<u64>();
        let budget = Budget::resolve(opts.max_memory.or(set));
        pipeline::check_sweep_memory(config, &parts, opts.jobs, Bytes(inputs), budget)
    }

    fn note_demand(&mut self, demand: &Path) {
        if self.first_demand_dir.is_none() {
            self.first_demand_dir = Some(demand.parent().unwrap_or(Path::new("")).to_path_buf());
        }
    }

    fn default_borders(&self) -> Option<PathBuf> {
        let dir = self.first_demand_dir.as_ref()?;
        Some(dir.join("borders").join("countries_50m.geojson"))
    }

    /// Every candidate site of every input.
    fn candidates(&self) -> Vec<CandidateInfo> {
        self.sites_with(SiteStatus::Candidate)
    }

    /// Every site of every input with `status`.
    fn sites_with(&self, status: SiteStatus) -> Vec<CandidateInfo> {
        self.bases
            .iter()
            .flat_map(|p| p.sites())
            .filter(|s| s.status == status)
            .map(|s| CandidateInfo {
                id: s.id.clone(),
                name: s.name.clone().unwrap_or_default(),
                lat: s.lat,
                lon: s.lon,
            })
            .collect()
    }

    /// Solves one scenario (never panics on bad data: errors become its
    /// outcome).
    fn run(
        &self,
        spec: &ScenarioSpec,
        out: &Path,
        write_plans: bool,
        timings: bool,
    ) -> ScenarioOutcome {
        crate::pause::before("solve");
        let start = std::time::Instant::now();
        let plan_dir = write_plans.then(|| out.join("scenarios").join(&spec.name));
        let mut outcome = match &self.jobs[spec.index] {
            Job::Skip => ScenarioOutcome {
                status: "error".into(),
                reason: Some("scenario outside this run's shard".into()),
                ..ScenarioOutcome::default()
            },
            Job::Location(job) => self.run_location(job, plan_dir.as_deref(), timings),
        };
        outcome.seconds = timings.then(|| start.elapsed().as_secs_f64());
        outcome
    }

    fn run_location(
        &self,
        job: &LocationJob,
        plan_dir: Option<&Path>,
        timings: bool,
    ) -> ScenarioOutcome {
        let (problem, base) = &self.problems[job.problem];
        let base = &self.bases[*base];
        let inputs = pipeline::Inputs {
            problem: Arc::clone(problem),
            od: job.od.map(|o| Arc::clone(&self.ods[o])),
            costs: Arc::clone(&self.matrices[job.matrix]),
            borders: None,
        };
        // A market-entry scenario folder records the solve's seconds when
        // the sweep records them.
        let entry_timings = timings && job.request.spec.entry.is_some();
        let request = if entry_timings {
            std::borrow::Cow::Owned(PlanRequest {
                timings: true,
                ..job.request.clone()
            })
        } else {
            std::borrow::Cow::Borrowed(&job.request)
        };
        match pipeline::run_with(&request, inputs) {
            Ok(outcome) => {
                let mut o = match outcome.entry() {
                    Some(me) => market_outcome(me),
                    None => plan_outcome(base, &outcome),
                };
                if let (Some(dir), true) = (plan_dir, has_plan(outcome.plan().status)) {
                    if let Err(e) = PlanFolder::scenario(dir).write(&outcome) {
                        o.reason = Some(format!("the plan files were not written: {e}"));
                    }
                }
                o
            }
            Err(e) => error_outcome(e),
        }
    }
}

/// The input files a scenario names (demand, sites, costs), for
/// [`pipeline::InputsAtStart`].
fn input_paths(spec: &ScenarioSpec, base_dir: &Path) -> Vec<PathBuf> {
    let t = &spec.settings;
    let one = |k: &str| t.get(k).and_then(Value::as_str).map(PathBuf::from);
    let mut paths: Vec<PathBuf> = [one("demand"), one("costs")]
        .into_iter()
        .flatten()
        .collect();
    match t.get("sites") {
        Some(Value::String(s)) => paths.push(PathBuf::from(s)),
        Some(Value::Array(a)) => {
            paths.extend(a.iter().filter_map(Value::as_str).map(PathBuf::from))
        }
        _ => {}
    }
    paths.iter().map(|p| join(base_dir, p)).collect()
}

fn has_plan(status: PlanStatus) -> bool {
    matches!(status, PlanStatus::Optimal | PlanStatus::Feasible)
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// A location plan's outcome; coverage is a percentage of the demand
/// file's own total weight, whatever the scenario's weighting, so that
/// weightings compare.
fn plan_outcome(base: &Problem, outcome: &PlanOutcome) -> ScenarioOutcome {
    let (problem, plan, cutoff): (&Problem, &Plan, _) =
        (outcome.problem(), outcome.plan(), outcome.cutoff());
    let ok = has_plan(plan.status);
    let s = crate::output::summary::summary(base, plan, cutoff);
    ScenarioOutcome {
        status: plan.status.as_str().into(),
        objective: finite(plan.objective).filter(|_| ok),
        bound: plan.bound.and_then(finite),
        gap: plan.gap.and_then(finite),
        new_sites: if ok {
            plan.new
                .iter()
                .map(|&i| problem.sites()[i].id.clone())
                .collect()
        } else {
            Vec::new()
        },
        coverage_pct: (ok && base.total_weight() > 0.0)
            .then(|| 100.0 * s.covered_weight / base.total_weight()),
        profit: None,
        seconds: None,
        reason: match plan.status {
            PlanStatus::NoSolution => Some("stopped without a plan (time limit?)".into()),
            PlanStatus::Infeasible => Some("no plan satisfies the constraints".into()),
            _ => None,
        },
    }
}

fn market_outcome(plan: &MarketEntryPlan) -> ScenarioOutcome {
    let ok = has_plan(plan.status);
    ScenarioOutcome {
        status: plan.status.as_str().into(),
        objective: finite(plan.objective).filter(|_| ok),
        bound: plan.bound.and_then(finite),
        gap: plan.gap.and_then(finite),
        new_sites: plan
            .centers
            .iter()
            .filter(|c| !c.existing)
            .map(|c| c.id.clone())
            .collect(),
        coverage_pct: None,
        profit: finite(plan.objective).filter(|_| ok),
        seconds: None,
        reason: plan.reason.clone(),
    }
}

fn error_outcome(e: Error) -> ScenarioOutcome {
    let (status, reason) = match e {
        Error::Infeasible(r) => ("infeasible", r),
        e => ("error", e.to_string()),
    };
    ScenarioOutcome {
        status: status.into(),
        reason: Some(reason),
        ..ScenarioOutcome::default()
    }
}

/// Names the scenario in a settings error.
fn in_scenario(e: Error, config: &Path, spec: &ScenarioSpec) -> Error {
    let at = format!("scenario {} ({})", spec.index, spec.name);
    match e {
        Error::Usage(m) => Error::Usage(format!("{}: {at}: {m}", config.display())),
        Error::Input(mut p) => {
            for q in &mut p.problems {
                if q.file == "config" {
                    q.file = format!("{}: {at}", config.display());
                }
            }
            Error::Input(p)
        }
        e => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighting_keys() {
        let mut t: Table =
            toml::from_str("weighting = 'population'\nweight_exponent = 0.8\n").unwrap();
        let w = Weighting::take(&mut t).unwrap();
        assert!(t.is_empty());
        assert_eq!(w.exponent, 0.8);
        assert!((w.apply(100.0) - 100f64.powf(0.8)).abs() < 1e-9);
        let mut t: Table = toml::from_str("weighting = 'uniform'\n").unwrap();
        assert_eq!(Weighting::take(&mut t).unwrap().apply(7.0), 1.0);
        let mut t: Table = toml::from_str("weighting = 'population_gdp'\n").unwrap();
        assert!(Weighting::take(&mut t)
            .unwrap_err()
            .to_string()
            .contains("no GDP"));
        let mut t: Table = toml::from_str("weight_exponent = -1\n").unwrap();
        assert!(Weighting::take(&mut t).is_err());
    }
}
