//! Market entry through the one pipeline: an [`EntryRequest`] (a scenario
//! table and the solver settings) becomes a [`PlanRequest`] and goes into
//! [`super::run`]; [`run_entry`] returns the outcome as an
//! [`EntryOutcome`] for [`crate::output::PlanFolder::write_entry`].

use std::path::{Path, PathBuf};

use super::{PlanOutcome, PlanRequest};
use crate::config::PlanConfig;
use crate::error::Error;
use crate::error::Result;
use crate::io::{self, EntryYears};
use crate::models::market_entry::{city_sites, EntrySettings, MarketEntryParams, MarketEntryPlan};
use crate::models::{ModelKind, ModelSpec};
use crate::problem::Problem;
use crate::solve::{market_entry, SolveParams};
use crate::travel::{Haversine, Reach, TravelCost};

/// Every setting of one market-entry plan.
///
/// # Examples
///
/// ```
/// use siteplan::pipeline::EntryRequest;
/// let table: toml::Table = toml::from_str("demand = 'cities_eu.csv'")?;
/// let req = EntryRequest::new(table, "data", "Europe");
/// assert_eq!(req.title, "Europe");
/// assert!(!req.timings && req.borders.is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct EntryRequest {
    /// The scenario table (`demand`, optional `sites`, `[market_entry]`).
    pub table: toml::Table,
    /// Folder that relative paths in `table` are resolved against.
    pub base: PathBuf,
    /// Solver settings.
    pub params: SolveParams,
    /// Map and report title.
    pub title: String,
    /// Country borders for the map (`None`: no borders).
    pub borders: Option<PathBuf>,
    /// Write the solve's seconds into summary.json.
    pub timings: bool,
}

impl EntryRequest {
    /// A request with default solver settings, no borders and no timings.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::pipeline::EntryRequest;
    /// let req = EntryRequest::new(toml::Table::new(), "", "entry");
    /// assert_eq!(req.params, siteplan::solve::SolveParams::default());
    /// ```
    pub fn new(table: toml::Table, base: impl Into<PathBuf>, title: impl Into<String>) -> Self {
        EntryRequest {
            table,
            base: base.into(),
            params: SolveParams::default(),
            title: title.into(),
            borders: None,
            timings: false,
        }
    }
}

/// What [`run_entry`] returns: the [`PlanOutcome`] of a market-entry
/// request, whose market-entry plan is always there. Read-only.
///
/// # Examples
///
/// ```no_run
/// use siteplan::pipeline::{run_entry, EntryRequest};
/// let path = std::path::Path::new("data/scenarios/europe.toml");
/// let table: toml::Table = toml::from_str(&std::fs::read_to_string(path)?)?;
/// let outcome = run_entry(&EntryRequest::new(table, "data/scenarios", "Europe"))?;
/// assert!(outcome.entry().objective.is_finite());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct EntryOutcome {
    outcome: PlanOutcome,
}

impl std::ops::Deref for EntryOutcome {
    type Target = PlanOutcome;
    fn deref(&self) -> &PlanOutcome {
        &self.outcome
    }
}

impl EntryOutcome {
    /// The plan outcome of a market-entry run; `None` when it holds no
    /// market-entry plan (another model).
    ///
    /// ```
    /// # let (req, inputs) = siteplan::pipeline::doc_fixture()?;
    /// use siteplan::pipeline::{run_with, EntryOutcome};
    /// assert!(EntryOutcome::from_outcome(run_with(&req, inputs)?).is_none());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn from_outcome(outcome: PlanOutcome) -> Option<EntryOutcome> {
        outcome
            .entry()
            .is_some()
            .then_some(EntryOutcome { outcome })
    }

    /// The plan outcome, as every model has one.
    ///
    /// ```
    /// # let outcome = siteplan::pipeline::entry_doc_fixture()?;
    /// assert!(outcome.outcome().entry().is_some());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn outcome(&self) -> &PlanOutcome {
        &self.outcome
    }

    /// The market-entry plan: countries, centers, years, totals.
    ///
    /// ```
    /// # let outcome = siteplan::pipeline::entry_doc_fixture()?;
    /// assert_eq!(outcome.entry().objective, outcome.plan().objective);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn entry(&self) -> &MarketEntryPlan {
        self.outcome
            .entry()
            .expect("an EntryOutcome holds a market-entry plan")
    }

    /// The distance within which a city counts as covered.
    ///
    /// ```
    /// # let outcome = siteplan::pipeline::entry_doc_fixture()?;
    /// assert!(outcome.cutoff_km() > 0.0);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn cutoff_km(&self) -> f64 {
        self.outcome.cutoff().unwrap_or(0.0)
    }

    /// The year each site opened and each country was entered, for maps.
    ///
    /// ```
    /// # let outcome = siteplan::pipeline::entry_doc_fixture()?;
    /// let years = outcome.entry_years();
    /// assert_eq!(years.opened_year.len(), outcome.problem().sites().len());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn entry_years(&self) -> EntryYears {
        self.outcome.entry_years().unwrap_or_default()
    }
}

/// Runs a market-entry request on the one pipeline: its table becomes a
/// [`PlanConfig`] (with `model = "market-entry"` when the table names
/// none), then [`PlanRequest`] and [`super::run`]. Nothing is written.
///
/// # Examples
///
/// ```
/// let outcome = siteplan::pipeline::entry_doc_fixture()?;
/// assert!(outcome.plan().open.len() >= outcome.plan().new.len());
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn run_entry(request: &EntryRequest) -> Result<EntryOutcome> {
    let mut table = request.table.clone();
    table
        .entry("model")
        .or_insert_with(|| ModelKind::MarketEntry.as_str().into());
    let cfg = PlanConfig::from_table(&table, &request.base)?;
    if cfg.model != Some(ModelKind::MarketEntry) {
        return Err(Error::Usage(
            "run_entry takes market-entry scenarios (model = \"market-entry\")".into(),
        ));
    }
    let mut plan_request = PlanRequest::from_config(&cfg)?;
    plan_request.params = request.params.clone();
    plan_request.title = Some(request.title.clone());
    plan_request.borders = request.borders.clone();
    plan_request.timings = request.timings;
    let outcome = super::run(&plan_request)?;
    Ok(EntryOutcome { outcome })
}

/// The problem of a market-entry run: the demand file and the sites files
/// in order, or, with no sites file, a candidate center at every demand
/// city ([`city_sites`]).
///
/// ```
/// let demand = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data/cities_eu.csv"));
/// let p = siteplan::pipeline::read_problem(demand, &[])?;
/// assert_eq!(p.demand().len(), p.sites().len());
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn read_problem(demand: &Path, sites: &[PathBuf]) -> Result<Problem> {
    if !sites.is_empty() {
        return io::read_problem(demand, sites);
    }
    let demand = io::read_demand(demand)?;
    let sites = city_sites(&demand);
    Problem::builder().demands(demand).sites(sites).build()
}

/// Builds great-circle costs within `params.cutoff_km` and solves through
/// the route table, with the curve and break-even duties when `params`
/// asks for them. `params` paths must already be resolved
/// ([`MarketEntryParams::resolve_paths`]).
///
/// ```no_run
/// use siteplan::models::market_entry::{city_sites, MarketEntryParams};
/// let demand = siteplan::io::read_demand("data/cities_eu.csv".as_ref())?;
/// let problem = siteplan::Problem::builder().demands(demand.clone()).sites(city_sites(&demand)).build()?;
/// let table: toml::Table = toml::from_str(&std::fs::read_to_string("data/scenarios/europe.toml")?)?;
/// let params = MarketEntryParams::from_table(table["market_entry"].as_table().unwrap())?
///     .resolve_paths("data/scenarios".as_ref());
/// let plan = siteplan::pipeline::solve_entry(&problem, &params, &Default::default())?;
/// plan.write_csv("out/europe/entry_plan.csv".as_ref())?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn solve_entry(
    problem: &Problem,
    params: &MarketEntryParams,
    solve_params: &SolveParams,
) -> Result<MarketEntryPlan> {
    params.validate()?;
    let settings = EntrySettings::new(params.clone()).load_market()?;
    let spec = ModelSpec::new(ModelKind::MarketEntry).with_entry(settings);
    let costs = Haversine.cost_matrix(problem, Reach::cost_cutoff(params.cutoff_km))?;
    let plan = crate::solve::solve(problem, &costs, &spec, solve_params)?;
    market_entry::report(problem, &costs, &spec, &plan, solve_params)
}

/// Runs a market-entry scenario from a parsed scenario file: reads
/// `demand` (a demand CSV), the optional `sites` (one CSV or a list; without
/// it the candidates are the demand cities, see [`city_sites`]) and the
/// `[market_entry]` table (the solver reads no files); relative paths are
/// resolved against `base_dir` (the scenario file's folder). Other
/// top-level keys (`model`, `out`, …) are left to the caller.
///
/// ```no_run
/// let path = std::path::Path::new("data/scenarios/europe.toml");
/// let table: toml::Table = toml::from_str(&std::fs::read_to_string(path)?)?;
/// let plan = siteplan::pipeline::run_entry_table(&table, path.parent().unwrap(), &Default::default())?;
/// std::fs::create_dir_all("out/europe")?;
/// plan.write_csv("out/europe/entry_plan.csv".as_ref())?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run_entry_table(
    table: &toml::Table,
    base_dir: &Path,
    solve_params: &SolveParams,
) -> Result<MarketEntryPlan> {
    let (problem, params) = entry_inputs(table, base_dir)?;
    solve_entry(&problem, &params, solve_params)
}

/// The problem and parameters of a market-entry scenario file, as
/// [`run_entry_table`] reads them: `demand`, the optional `sites` (candidates
/// default to the demand cities) and `[market_entry]`, with relative paths
/// joined to `base_dir`. Solve them with [`solve_entry`].
///
/// ```
/// let table: toml::Table = toml::from_str(r#"
///     demand = "cities_eu.csv"
///     [market_entry]
///     countries = "countries_eu.csv"
///     eu_duty_pct = 0.0
/// "#).unwrap();
/// let (problem, params) = siteplan::pipeline::entry_inputs(&table, "data".as_ref())?;
/// assert_eq!(problem.demand().len(), problem.sites().len());
/// assert_eq!(params.countries.as_deref(), Some(std::path::Path::new("data/countries_eu.csv")));
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn entry_inputs(table: &toml::Table, base_dir: &Path) -> Result<(Problem, MarketEntryParams)> {
    let usage = |m: &str| Error::Usage(m.to_owned());
    let demand = table
        .get("demand")
        .and_then(|v| v.as_str())
        .ok_or_else(|| usage("market-entry needs `demand = \"cities.csv\"`"))?;
    let site_files: Vec<PathBuf> = match table.get("sites") {
        None => Vec::new(),
        Some(toml::Value::String(s)) => vec![base_dir.join(s)],
        Some(toml::Value::Array(a)) => a
            .iter()
            .map(|v| {
                v.as_str()
                    .map(|s| base_dir.join(s))
                    .ok_or_else(|| usage("`sites` must be a file name or a list of file names"))
            })
            .collect::<Result<_>>()?,
        Some(_) => return Err(usage("`sites` must be a file name or a list of file names")),
    };
    let problem = read_problem(&base_dir.join(demand), &site_files)?;
    let params = match table.get("market_entry") {
        Some(toml::Value::Table(t)) => MarketEntryParams::from_table(t)?,
        Some(_) => return Err(usage("`market_entry` must be a table")),
        None => MarketEntryParams::default(),
    }
    .resolve_paths(base_dir);
    Ok((problem, params))
}

/// A small market-entry outcome for the examples: six cities in Belgium
/// and the Netherlands, the shipped country table, one year, no duty.
#[doc(hidden)]
pub fn entry_doc_fixture() -> Result<EntryOutcome> {
    let dir = std::env::temp_dir().join(format!("siteplan-entry-doc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|source| crate::Error::Io {
        path: dir.clone(),
        source,
    })?;
    let demand = dir.join("cities.csv");
    std::fs::write(
        &demand,
        "id,name,lat,lon,weight,country\n\
         1,Brussels,50.85,4.35,1200000,BE\n2,Antwerp,51.22,4.40,530000,BE\n\
         3,Ghent,51.05,3.72,260000,BE\n4,Amsterdam,52.37,4.89,870000,NL\n\
         5,Rotterdam,51.92,4.48,650000,NL\n6,Utrecht,52.09,5.12,360000,NL\n",
    )
    .map_err(|source| crate::Error::Io {
        path: demand.clone(),
        source,
    })?;
    let countries = concat!(env!("CARGO_MANIFEST_DIR"), "/data/countries_eu.csv");
    let mut table = toml::Table::new();
    table.insert("demand".into(), demand.display().to_string().into());
    let mut me = toml::Table::new();
    me.insert("countries".into(), countries.into());
    me.insert("eu_duty_pct".into(), 0.0.into());
    me.insert("first_year".into(), 2027.into());
    me.insert("last_year".into(), 2027.into());
    table.insert("market_entry".into(), me.into());
    let req = EntryRequest::new(table, "", "entry");
    let outcome = run_entry(&req);
    let _ = std::fs::remove_dir_all(&dir);
    outcome
}
