//! One way through: a [`PlanRequest`] (every setting once) goes into
//! [`run`], which reads the inputs, builds the cost matrix, solves, draws
//! the curve if asked, and returns an immutable [`PlanOutcome`]. The
//! `plan` command and the sweep runner both call it; the plan folder is
//! then written by [`crate::output::PlanFolder`].
//!
//! ```text
//! PlanConfig (TOML keys / CLI flags)
//!       │ PlanRequest::from_config
//!       ▼
//! PlanRequest ──► Inputs::read ──► solve (rows grown while the k-nearest cut binds) ──► curve
//!                                                      │
//!                                                      ▼
//!                                   PlanOutcome ──► output::PlanFolder::write
//! ```
//!
//! Market entry takes the same way: its `[market_entry]` settings are in
//! the request's spec, [`run_with`] reads the country and duty tables they
//! name, the route table solves it, and the outcome carries the
//! market-entry plan ([`PlanOutcome::entry`]). [`EntryRequest`] and
//! [`run_entry`] are a shorter way to the same run from a scenario table.

mod entry;
mod fixture;
mod limits;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

pub use entry::{
    entry_doc_fixture, entry_inputs, read_problem, run_entry, run_entry_table, solve_entry,
    EntryOutcome, EntryRequest,
};
pub use fixture::doc_fixture;
pub use limits::{
    check_memory, check_sweep_memory, estimate_plan, fit_reach, InputsAtStart, PlanNeed, SweepPart,
    AUTO_K_NEAREST,
};

use crate::config::{reach_for, PlanConfig, DEFAULT_BORDERS};
use crate::curve::{solve_curve, CurveRange};
use crate::error::{Error, Result};
use crate::evaluate::Evaluation;
use crate::io::{self, Borders, CurvePoint};
use crate::models::market_entry::MarketEntryPlan;
use crate::models::market_share::ShareReport;
use crate::models::{ModelKind, ModelSpec};
use crate::plan::Plan;
use crate::problem::Problem;
use crate::solve::SolveParams;
use crate::spatial::PointIndex;
use crate::travel::{CostMatrix, Haversine, OdMatrix, Reach, TravelCost};

/// Every setting of one location plan, each held once.
///
/// The cutoff lives in `spec.cutoff` only: it is the coverage radius of
/// max-coverage and set-cover, the hard reach of the other models, the
/// cost matrix's cutoff and the radius counted as covered in the outputs.
///
/// # Examples
///
/// ```
/// use siteplan::config::PlanConfig;
/// use siteplan::pipeline::PlanRequest;
/// use siteplan::ModelKind;
/// let cfg = PlanConfig::from_toml_str(r#"
///     demand = "cities.csv"
///     sites = "sites.csv"
///     model = "max-coverage"
///     new_sites = 5
///     cutoff = 40
///     borders = "none.geojson"
/// "#, "data".as_ref())?;
/// let req = PlanRequest::from_config(&cfg)?;
/// assert_eq!(req.spec.kind, ModelKind::MaxCoverage);
/// assert_eq!(req.cutoff(), Some(40.0));
/// assert_eq!(req.demand, std::path::Path::new("data/cities.csv"));
/// assert_eq!(req.out, std::path::Path::new("siteplan-out"));
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRequest {
    /// Demand CSV.
    pub demand: PathBuf,
    /// Site CSVs, concatenated in order.
    pub sites: Vec<PathBuf>,
    /// An OD cost CSV; when given, the only source of travel cost.
    pub od_costs: Option<PathBuf>,
    /// The model and its settings (the cutoff included).
    pub spec: ModelSpec,
    /// Nearest sites kept per demand point when there is no cutoff
    /// (`None`: [`crate::config::DEFAULT_K_NEAREST`]), or as well as it.
    pub k_nearest: Option<usize>,
    /// Solver settings.
    pub params: SolveParams,
    /// Also solve for every number of new sites in this range.
    pub curve: Option<CurveRange>,
    /// Map and report title (`None`: "MODEL: N new sites").
    pub title: Option<String>,
    /// What demand weights count, for the reports (`None`: unnamed).
    pub demand_label: Option<String>,
    /// Currency of money figures in the reports (`None`: unnamed).
    pub currency: Option<String>,
    /// Country borders for the map (`None`: no borders).
    pub borders: Option<PathBuf>,
    /// One assignment line per demand point in the GeoJSON and maps.
    pub lines: bool,
    /// Write the solve's seconds into summary.json.
    pub timings: bool,
    /// Output folder.
    pub out: PathBuf,
    /// Memory budget (`None`: [`crate::memory::default_budget`]); a plan
    /// estimated to need more is refused before its cost matrix is built
    /// ([`check_memory`]).
    pub max_memory: Option<crate::memory::Bytes>,
}

impl PlanRequest {
    /// The request of a plan configuration: checks the model settings and
    /// solver settings, requires a demand file and at least one sites file,
    /// and fills in the defaults (output folder `siteplan-out`; borders
    /// [`DEFAULT_BORDERS`] when that file exists and none is named; province
    /// borders beside it are drawn too).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::config::PlanConfig;
    /// use siteplan::pipeline::PlanRequest;
    /// use siteplan::ModelKind;
    /// let cfg = PlanConfig { model: Some(ModelKind::PMedian), ..Default::default() };
    /// let err = PlanRequest::from_config(&cfg).unwrap_err();
    /// assert!(err.to_string().contains("no demand file"));
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn from_config(cfg: &PlanConfig) -> Result<PlanRequest> {
        let spec = cfg.spec()?;
        let params = cfg.params()?;
        let demand = cfg
            .demand
            .clone()
            .ok_or_else(|| Error::Usage("no demand file given (--demand)".into()))?;
        if cfg.curve.is_some() && !spec.kind.facts().sized {
            // Said before any solve rather than after the plan.
            return Err(Error::Usage(format!(
                "a curve needs a model with a number of new sites; {} chooses its own",
                spec.kind
            )));
        }
        let sites = cfg.sites.clone().unwrap_or_default();
        // Market entry's candidates default to the demand cities.
        if sites.is_empty() && spec.kind != ModelKind::MarketEntry {
            return Err(Error::Usage("no sites file given (--sites)".into()));
        }
        // Market entry's money is in euros unless the file names another.
        let currency = cfg
            .currency
            .clone()
            .or_else(|| (spec.kind == ModelKind::MarketEntry).then(|| "EUR".to_owned()));
        let borders = cfg.borders.clone().or_else(|| {
            let p = Path::new(DEFAULT_BORDERS);
            p.is_file().then(|| p.to_path_buf())
        });
        Ok(PlanRequest {
            demand,
            sites,
            od_costs: cfg.costs.clone(),
            spec,
            k_nearest: cfg.k_nearest,
            params,
            curve: cfg.curve,
            title: cfg.title.clone(),
            demand_label: cfg.demand_label.clone(),
            currency,
            borders,
            lines: cfg.lines.unwrap_or(false),
            timings: cfg.timings.unwrap_or(false),
            out: cfg
                .out
                .clone()
                .unwrap_or_else(|| PathBuf::from("siteplan-out")),
            max_memory: cfg.max_memory,
        })
    }

    /// The cutoff: coverage radius, hard reach and the radius counted as
    /// covered in the outputs (`None`: every served point counts).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::pipeline::PlanRequest;
    /// use siteplan::{ModelKind, config::PlanConfig};
    /// let cfg = PlanConfig { model: Some(ModelKind::PMedian), demand: Some("d.csv".into()),
    ///     sites: Some(vec!["s.csv".into()]), ..Default::default() };
    /// assert_eq!(PlanRequest::from_config(&cfg)?.cutoff(), None);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn cutoff(&self) -> Option<f64> {
        self.spec.cutoff
    }

    /// Which pairs the cost matrix keeps for `problem` (the same rule as
    /// [`PlanConfig::reach`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::pipeline::PlanRequest;
    /// use siteplan::{config::PlanConfig, DemandPoint, ModelKind, Problem, Reach, Site};
    /// let p = Problem::builder().demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    ///     .site(Site::new("s", 0.0, 0.0)).build()?;
    /// let cfg = PlanConfig { model: Some(ModelKind::PMedian), demand: Some("d.csv".into()),
    ///     sites: Some(vec!["s.csv".into()]), ..Default::default() };
    /// assert_eq!(PlanRequest::from_config(&cfg)?.reach(&p)?, Reach::all());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn reach(&self, problem: &Problem) -> Result<Reach> {
        reach_for(self.spec.kind, self.spec.cutoff, self.k_nearest, problem)
    }
}

/// The inputs of a plan, read once: the problem, the OD table if costs
/// come from one, the cost matrix and the borders. A sweep builds these
/// once per distinct input and shares them ([`Arc`]) between scenarios.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use siteplan::pipeline::Inputs;
/// use siteplan::prelude::*;
/// let market = generate(&MarketParams::new().cities(3).towns(10).candidates(4).seed(1));
/// let problem = market.problem()?;
/// let costs = Haversine.cost_matrix(&problem, Reach::all())?;
/// let inputs = Inputs::new(Arc::new(problem), Arc::new(costs));
/// assert!(inputs.od.is_none() && inputs.borders.is_none());
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The problem as solved.
    pub problem: Arc<Problem>,
    /// The OD table, if costs come from one (used to widen rows).
    pub od: Option<Arc<OdMatrix>>,
    /// The cost matrix for the request's reach.
    pub costs: Arc<CostMatrix>,
    /// Country borders for the map.
    pub borders: Option<Arc<Borders>>,
}

impl Inputs {
    /// Inputs from a problem and its cost matrix (great-circle costs, no
    /// borders).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    /// use siteplan::pipeline::Inputs;
    /// use siteplan::prelude::*;
    /// let problem = generate(&MarketParams::new().cities(2).towns(4).candidates(3)).problem()?;
    /// let costs = Haversine.cost_matrix(&problem, Reach::all())?;
    /// let inputs = Inputs::new(Arc::new(problem), Arc::new(costs));
    /// assert_eq!(inputs.costs.n_sites(), inputs.problem.sites().len());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn new(problem: Arc<Problem>, costs: Arc<CostMatrix>) -> Inputs {
        Inputs {
            problem,
            od: None,
            costs,
            borders: None,
        }
    }

    /// Reads what `request` names: the borders first (so a bad file stops
    /// the run before any solve), then demand and sites, the OD table, and
    /// builds the cost matrix for the request's reach.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::pipeline::{Inputs, PlanRequest};
    /// use siteplan::config::PlanConfig;
    /// let dir = tempfile::tempdir()?;
    /// std::fs::write(dir.path().join("d.csv"), "id,lat,lon,weight\na,31.2,121.5,10\n")?;
    /// std::fs::write(dir.path().join("s.csv"), "id,lat,lon\ns1,31.2,121.5\n")?;
    /// let cfg = PlanConfig::from_toml_str("demand = 'd.csv'\nsites = 's.csv'\nmodel = 'p-median'\nnew_sites = 1\nborders = 'missing.geojson'", dir.path())?;
    /// let req = PlanRequest::from_config(&cfg)?;
    /// assert!(Inputs::read(&req).is_err()); // the borders file is missing
    /// let req = PlanRequest { borders: None, ..req };
    /// assert_eq!(Inputs::read(&req)?.problem.demand().len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read(request: &PlanRequest) -> Result<Inputs> {
        let files = request
            .borders
            .iter()
            .chain([&request.demand])
            .chain(&request.sites)
            .chain(&request.od_costs);
        let at_start = InputsAtStart::new(files);
        Inputs::read_checked(request).map_err(|e| at_start.fault(e))
    }

    /// [`Inputs::read`] without the check for inputs that went away.
    fn read_checked(request: &PlanRequest) -> Result<Inputs> {
        let borders = request
            .borders
            .as_deref()
            .map(Borders::read_with_provinces)
            .transpose()?
            .map(Arc::new);
        let problem = read_problem(&request.demand, &request.sites)?;
        let reach = request.reach(&problem)?;
        // Refused here, before the OD table is read or the matrix built.
        let index = (request.od_costs.is_none())
            .then(|| PointIndex::new(problem.sites().iter().map(|s| (s.lat, s.lon))));
        let reach = match fit_reach(request, &problem, index.as_ref(), reach) {
            Ok((reach, _)) => reach,
            Err(e) => {
                // Freeing millions of small records takes a noticeable
                // share of a refusal's time; it need not hold the answer
                // back.
                std::thread::spawn(move || drop((problem, index)));
                return Err(e);
            }
        };
        let od = request
            .od_costs
            .as_ref()
            .map(|p| io::read_costs(p, &problem))
            .transpose()?;
        let costs = match (&od, &index) {
            (Some(od), _) => od.cost_matrix(&problem, reach)?,
            (None, Some(index)) => Haversine.cost_matrix_with_index(&problem, index, reach),
            (None, None) => Haversine.cost_matrix(&problem, reach)?,
        };
        Ok(Inputs {
            problem: Arc::new(problem),
            od: od.map(Arc::new),
            costs: Arc::new(costs),
            borders,
        })
    }
}

/// What [`run`] returns: the problem, the costs actually used (wider than
/// asked when k-nearest rows had to grow), the plan, the curve, the
/// before/after evaluations and the output settings. Read-only.
///
/// # Examples
///
/// ```
/// use siteplan::prelude::*;
/// use siteplan::pipeline::{self, Inputs, PlanRequest};
/// use std::sync::Arc;
/// let market = generate(&MarketParams::new().cities(4).towns(20).existing(1).candidates(6).seed(2));
/// let problem = market.problem()?;
/// let costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(60.0)))?;
/// let cfg = siteplan::config::PlanConfig {
///     demand: Some("d.csv".into()), sites: Some(vec!["s.csv".into()]),
///     model: Some(ModelKind::MaxCoverage), new_sites: Some(2), cutoff: Some(60.0),
///     borders: Some("b.geojson".into()), ..Default::default() };
/// let req = PlanRequest::from_config(&cfg)?;
/// let outcome = pipeline::run_with(&req, Inputs::new(Arc::new(problem), Arc::new(costs)))?;
/// assert_eq!(outcome.plan().new.len(), 2);
/// assert!(outcome.after().covered_weight >= outcome.before().covered_weight);
/// assert_eq!(outcome.title(), "max-coverage: 2 new sites");
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct PlanOutcome {
    problem: Arc<Problem>,
    costs: Arc<CostMatrix>,
    plan: Plan,
    curve: Vec<CurvePoint>,
    curve_seconds: f64,
    before: Evaluation,
    after: Evaluation,
    cutoff: Option<f64>,
    title: String,
    demand_label: String,
    currency: String,
    cost_unit: &'static str,
    borders: Option<Arc<Borders>>,
    lines: bool,
    timings: bool,
    share: Option<ShareReport>,
    entry: Option<MarketEntryPlan>,
}

impl PlanOutcome {
    /// The market-entry plan (countries, centers, years, totals and the
    /// analysis); `None` for the other models.
    ///
    /// # Examples
    ///
    /// ```
    /// # let (req, inputs) = siteplan::pipeline::doc_fixture()?;
    /// let outcome = siteplan::pipeline::run_with(&req, inputs)?;
    /// assert!(outcome.entry().is_none()); // max-coverage
    /// let entry = siteplan::pipeline::entry_doc_fixture()?;
    /// assert_eq!(entry.outcome().entry().unwrap().objective, entry.plan().objective);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn entry(&self) -> Option<&MarketEntryPlan> {
        self.entry.as_ref()
    }

    /// The year each site opened and each country was entered (market
    /// entry; `None` for the other models), for maps.
    ///
    /// ```
    /// let outcome = siteplan::pipeline::entry_doc_fixture()?;
    /// let years = outcome.outcome().entry_years().unwrap();
    /// assert_eq!(years.opened_year.len(), outcome.problem().sites().len());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn entry_years(&self) -> Option<io::EntryYears> {
        let me = self.entry.as_ref()?;
        let n_sites = self.problem.sites().len();
        let mut opened_year = vec![None; n_sites];
        for c in &me.centers {
            if c.site < n_sites {
                opened_year[c.site] = Some(c.year_opened);
            }
        }
        Some(io::EntryYears {
            opened_year,
            entry_year: me
                .countries
                .iter()
                .filter_map(|c| Some((c.country.clone(), c.entry_year?)))
                .collect(),
        })
    }

    /// The share models' market shares (per site, per point, in total);
    /// `None` for the other models.
    ///
    /// # Examples
    ///
    /// ```
    /// # let (req, inputs) = siteplan::pipeline::doc_fixture()?;
    /// let outcome = siteplan::pipeline::run_with(&req, inputs)?;
    /// assert!(outcome.share().is_none()); // max-coverage
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn share(&self) -> Option<&ShareReport> {
        self.share.as_ref()
    }

    /// The problem as solved.
    ///
    /// # Examples
    ///
    /// See [`PlanOutcome`]; `outcome.problem().sites()` lists every site.
    /// ```
    /// # use siteplan::prelude::*;
    /// # use siteplan::pipeline::{self, Inputs, PlanRequest};
    /// # let (req, inputs) = siteplan::pipeline::doc_fixture()?;
    /// let outcome = pipeline::run_with(&req, inputs)?;
    /// assert!(outcome.problem().sites().len() > outcome.plan().new.len());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn problem(&self) -> &Problem {
        &self.problem
    }

    /// The cost matrix the plan was solved on (wider than the request's
    /// reach when k-nearest rows had to grow).
    ///
    /// ```
    /// # let (req, inputs) = siteplan::pipeline::doc_fixture()?;
    /// let outcome = siteplan::pipeline::run_with(&req, inputs)?;
    /// assert_eq!(outcome.costs().reach().cutoff, Some(60.0));
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn costs(&self) -> &CostMatrix {
        &self.costs
    }

    /// The plan.
    ///
    /// ```
    /// # let (req, inputs) = siteplan::pipeline::doc_fixture()?;
    /// let outcome = siteplan::pipeline::run_with(&req, inputs)?;
    /// assert_eq!(outcome.plan().new.len(), 2);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The curve (empty unless the request asked for one).
    ///
    /// ```
    /// # let (mut req, inputs) = siteplan::pipeline::doc_fixture()?;
    /// req.curve = Some(siteplan::curve::CurveRange::new(0, 2)?);
    /// let outcome = siteplan::pipeline::run_with(&req, inputs)?;
    /// assert_eq!(outcome.curve().len(), 3);
    /// assert!(outcome.curve_seconds() >= 0.0);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn curve(&self) -> &[CurvePoint] {
        &self.curve
    }

    /// Wall-clock seconds the curve took (0 without a curve).
    ///
    /// ```
    /// # let (req, inputs) = siteplan::pipeline::doc_fixture()?;
    /// assert_eq!(siteplan::pipeline::run_with(&req, inputs)?.curve_seconds(), 0.0);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn curve_seconds(&self) -> f64 {
        self.curve_seconds
    }

    /// The existing sites alone, evaluated at the cutoff.
    ///
    /// ```
    /// # let (req, inputs) = siteplan::pipeline::doc_fixture()?;
    /// let outcome = siteplan::pipeline::run_with(&req, inputs)?;
    /// assert!(outcome.before().covered_weight <= outcome.before().total_weight);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn before(&self) -> &Evaluation {
        &self.before
    }

    /// Every open site of the plan, evaluated at the cutoff.
    ///
    /// ```
    /// # let (req, inputs) = siteplan::pipeline::doc_fixture()?;
    /// let outcome = siteplan::pipeline::run_with(&req, inputs)?;
    /// assert!(outcome.after().covered_weight >= outcome.before().covered_weight);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn after(&self) -> &Evaluation {
        &self.after
    }

    /// The radius counted as covered in the outputs.
    ///
    /// ```
    /// # let (req, inputs) = siteplan::pipeline::doc_fixture()?;
    /// assert_eq!(siteplan::pipeline::run_with(&req, inputs)?.cutoff(), Some(60.0));
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn cutoff(&self) -> Option<f64> {
        self.cutoff
    }

    /// The map and report title.
    ///
    /// ```
    /// # let (mut req, inputs) = siteplan::pipeline::doc_fixture()?;
    /// req.title = Some("Coast".into());
    /// assert_eq!(siteplan::pipeline::run_with(&req, inputs)?.title(), "Coast");
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The unit of costs: `km`, or empty for an OD matrix's own unit.
    ///
    /// ```
    /// # let (req, inputs) = siteplan::pipeline::doc_fixture()?;
    /// assert_eq!(siteplan::pipeline::run_with(&req, inputs)?.cost_unit(), "km");
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn cost_unit(&self) -> &'static str {
        self.cost_unit
    }

    /// What demand weights count and the currency, as the scenario names
    /// them (`("people", "EUR")`; empty when not named).
    ///
    /// ```
    /// let (req, inputs) = siteplan::pipeline::doc_fixture()?;
    /// let req = siteplan::pipeline::PlanRequest { demand_label: Some("people".into()), ..req };
    /// let outcome = siteplan::pipeline::run_with(&req, inputs)?;
    /// assert_eq!(outcome.measure(), ("people", ""));
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn measure(&self) -> (&str, &str) {
        (&self.demand_label, &self.currency)
    }

    /// Country borders for the map, if any.
    ///
    /// ```
    /// # let (req, inputs) = siteplan::pipeline::doc_fixture()?;
    /// assert!(siteplan::pipeline::run_with(&req, inputs)?.borders().is_none());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn borders(&self) -> Option<&Borders> {
        self.borders.as_deref()
    }

    /// Whether maps draw one line per demand point.
    ///
    /// ```
    /// # let (req, inputs) = siteplan::pipeline::doc_fixture()?;
    /// assert!(!siteplan::pipeline::run_with(&req, inputs)?.lines());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn lines(&self) -> bool {
        self.lines
    }

    /// Whether summary.json records the solve's seconds.
    ///
    /// ```
    /// # let (req, inputs) = siteplan::pipeline::doc_fixture()?;
    /// assert!(!siteplan::pipeline::run_with(&req, inputs)?.timings());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn timings(&self) -> bool {
        self.timings
    }
}

/// Runs the whole chain for `request`: reads the inputs ([`Inputs::read`]),
/// then [`run_with`]. Nothing is written.
///
/// # Examples
///
/// ```
/// use siteplan::prelude::*;
/// use siteplan::pipeline::{self, PlanRequest};
/// let dir = tempfile::tempdir()?;
/// let market = generate(&MarketParams::new().cities(4).towns(20).existing(1).candidates(6).seed(5));
/// market.write_to_dir(dir.path())?;
/// let cfg = siteplan::config::PlanConfig::from_toml_str(r#"
///     demand = "demand.csv"
///     sites = "sites.csv"
///     model = "p-median"
///     new_sites = 2
/// "#, dir.path())?;
/// let req = PlanRequest { borders: None, ..PlanRequest::from_config(&cfg)? };
/// let outcome = pipeline::run(&req)?;
/// assert_eq!(outcome.plan().new.len(), 2);
/// assert_eq!(outcome.plan().status, PlanStatus::Optimal);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run(request: &PlanRequest) -> Result<PlanOutcome> {
    let start = Instant::now();
    let inputs = Inputs::read(request)?;
    interrupted()?;
    // The time limit counts the whole run: what reading took, and what
    // writing the plan folder will take, come off the solve's share.
    // On a busy machine writing slows down as reading did: the reserve
    // follows the reading time, up to twice its own size.
    let points = inputs.problem.demand().len() + inputs.problem.sites().len();
    let read = start.elapsed().as_secs_f64();
    let reserve = write_reserve(points);
    let spent = read + reserve.max((WRITE_PER_READ * read).min(2.0 * reserve));
    let limit = request.params.time_limit;
    if !limit.is_finite() {
        return run_with(request, inputs);
    }
    let mut within = request.clone();
    within.params.time_limit = (limit - spent).max(MIN_SOLVE_SHARE * limit);
    run_with(&within, inputs)
}

/// Seconds of writing (and evaluating the plan) expected per second of
/// reading: 0.8 on the 1M-point market, quiet or busy.
const WRITE_PER_READ: f64 = 0.8;

/// The least share of the time limit a solve keeps, however long reading
/// took: a run over a slow disk overruns its limit rather than plan nothing.
const MIN_SOLVE_SHARE: f64 = 0.1;

/// Seconds set aside for writing the plan folder of a problem with `points`
/// demand points and sites: 50 ms, 20 µs a point up to 100,000 points and
/// 3 µs a point beyond (what evaluating the plan and the CSV, GeoJSON, SVG
/// and report writers took on a busy 2-core machine: 0.6 s for 33,000
/// points, about 3 s for a million, whose drawings show a sample), so that
/// a run with a time limit ends, files written, within it.
///
/// ```
/// assert!(siteplan::pipeline::write_reserve(1_000_000) < 6.0);
/// assert!(siteplan::pipeline::write_reserve(100) < 0.1);
/// ```
pub fn write_reserve(points: usize) -> f64 {
    let first = points.min(100_000) as f64;
    let rest = points.saturating_sub(100_000) as f64;
    0.05 + 2e-5 * first + 3e-6 * rest
}

/// [`Error::Interrupted`] once a stop has been asked for
/// ([`crate::stop::request`]): a solve cut short by it is not a plan.
pub(crate) fn interrupted() -> Result<()> {
    if crate::stop::requested() {
        Err(Error::Interrupted)
    } else {
        Ok(())
    }
}

/// Solves `request` on inputs already read (a sweep's shared ones; rows cut
/// to the k nearest grow inside [`crate::solve::solve_growing`] while they
/// hold the plan back), draws the curve if asked, and evaluates the plan
/// before and after.
///
/// # Examples
///
/// ```
/// # let (req, inputs) = siteplan::pipeline::doc_fixture()?;
/// let outcome = siteplan::pipeline::run_with(&req, inputs)?;
/// assert_eq!(outcome.plan().new.len(), req.spec.new_sites.unwrap());
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn run_with(request: &PlanRequest, inputs: Inputs) -> Result<PlanOutcome> {
    let Inputs {
        problem,
        od,
        costs,
        borders,
    } = inputs;
    // Market entry: the country and duty tables its settings name.
    let spec = match &request.spec.entry {
        Some(e) if e.market.is_none() => {
            let mut spec = request.spec.clone();
            spec.entry = Some(Box::new((**e).clone().load_market()?));
            std::borrow::Cow::Owned(spec)
        }
        _ => std::borrow::Cow::Borrowed(&request.spec),
    };
    crate::pause::before("plan");
    let budget = crate::memory::Budget::resolve(request.max_memory);
    // The matrix as read is let go once grown rows replace it.
    let (plan, costs) =
        crate::solve::solve_growing_shared(&problem, costs, &spec, &request.params, budget)?;
    interrupted()?;
    let cutoff = request.cutoff();
    let curve_start = Instant::now();
    let curve = match request.curve {
        Some(range) => solve_curve(
            &problem,
            &costs,
            &request.spec,
            &request.params,
            range,
            cutoff,
        )?,
        None => Vec::new(),
    };
    interrupted()?;
    let curve_seconds = if request.curve.is_some() {
        curve_start.elapsed().as_secs_f64()
    } else {
        0.0
    };
    let (before, after) = io::before_after(&problem, &costs, &plan, cutoff);
    let entry = match spec.entry {
        Some(_) => Some(crate::solve::market_entry::report(
            &problem,
            &costs,
            &spec,
            &plan,
            &request.params,
        )?),
        None => None,
    };
    let share = if request.spec.kind.is_share() {
        Some(crate::solve::share::report(
            &problem,
            &costs,
            &request.spec,
            &plan,
        )?)
    } else {
        None
    };
    let title = request
        .title
        .clone()
        .unwrap_or_else(|| format!("{}: {} new sites", plan.model, plan.new.len()));
    Ok(PlanOutcome {
        problem,
        costs,
        plan,
        curve,
        curve_seconds,
        before,
        after,
        cutoff,
        title,
        demand_label: request.demand_label.clone().unwrap_or_default(),
        currency: request.currency.clone().unwrap_or_default(),
        cost_unit: if od.is_some() { "" } else { "km" },
        borders,
        lines: request.lines,
        timings: request.timings,
        share,
        entry,
    })
}
