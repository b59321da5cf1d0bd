//! Market entry through the pipeline: an [`EntryRequest`] (the scenario
//! table and the solver settings) goes into [`run_entry`], which returns an
//! [`EntryOutcome`] for [`crate::output::PlanFolder::write_entry`].

use std::path::PathBuf;

use crate::error::Error;
use crate::error::Result;
use crate::evaluate::Evaluation;
use crate::io::{self, Borders, EntryYears};
use crate::market::MarketData;
use crate::models::market_entry::{
    city_sites, MarketEntryInstance, MarketEntryParams, MarketEntryPlan,
};
use crate::models::ModelKind;
use crate::plan::Plan;
use crate::problem::{Problem, SiteStatus};
use crate::solve::{market_entry, SolveParams};
use crate::travel::{Haversine, Reach, TravelCost};
use crate::units::Km;

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

/// What [`run_entry`] returns: the problem, the market-entry plan, the same
/// plan as a location [`Plan`] (centers open at the end of the horizon),
/// the before/after evaluations and the output settings. Read-only.
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
    problem: Problem,
    entry: MarketEntryPlan,
    plan: Plan,
    cutoff_km: f64,
    before: Evaluation,
    after: Evaluation,
    title: String,
    demand_label: String,
    currency: String,
    borders: Option<Borders>,
    timings: bool,
}

impl EntryOutcome {
    /// The problem (cities and candidate sites).
    ///
    /// ```
    /// # let outcome = siteplan::pipeline::entry_doc_fixture()?;
    /// assert!(!outcome.problem().sites().is_empty());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn problem(&self) -> &Problem {
        &self.problem
    }

    /// The market-entry plan: countries, centers, years, totals.
    ///
    /// ```
    /// # let outcome = siteplan::pipeline::entry_doc_fixture()?;
    /// assert_eq!(outcome.entry().objective, outcome.plan().objective);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn entry(&self) -> &MarketEntryPlan {
        &self.entry
    }

    /// The same plan as a location plan (centers open at the horizon's end).
    ///
    /// ```
    /// # let outcome = siteplan::pipeline::entry_doc_fixture()?;
    /// assert_eq!(outcome.plan().model, siteplan::ModelKind::MarketEntry);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The distance within which a city counts as covered.
    ///
    /// ```
    /// # let outcome = siteplan::pipeline::entry_doc_fixture()?;
    /// assert!(outcome.cutoff_km() > 0.0);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn cutoff_km(&self) -> f64 {
        self.cutoff_km
    }

    /// Existing centers alone, evaluated at the cutoff.
    ///
    /// ```
    /// # let outcome = siteplan::pipeline::entry_doc_fixture()?;
    /// assert!(outcome.before().covered_weight <= outcome.after().covered_weight);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn before(&self) -> &Evaluation {
        &self.before
    }

    /// Every center of the plan, evaluated at the cutoff.
    ///
    /// ```
    /// # let outcome = siteplan::pipeline::entry_doc_fixture()?;
    /// assert!(outcome.after().covered_weight <= outcome.after().total_weight);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn after(&self) -> &Evaluation {
        &self.after
    }

    /// The map and report title.
    ///
    /// ```
    /// # let outcome = siteplan::pipeline::entry_doc_fixture()?;
    /// assert_eq!(outcome.title(), "entry");
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn title(&self) -> &str {
        &self.title
    }

    /// What demand weights count (the scenario's `demand_label`, empty
    /// when not named) and the currency (`currency`, default `EUR`: the
    /// market-entry model's money is in euros).
    ///
    /// ```
    /// # let outcome = siteplan::pipeline::entry_doc_fixture()?;
    /// assert_eq!(outcome.measure().1, "EUR");
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn measure(&self) -> (&str, &str) {
        (&self.demand_label, &self.currency)
    }

    /// Country borders for the map, if any.
    ///
    /// ```
    /// # let outcome = siteplan::pipeline::entry_doc_fixture()?;
    /// assert!(outcome.borders().is_none());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn borders(&self) -> Option<&Borders> {
        self.borders.as_ref()
    }

    /// Whether summary.json records the solve's seconds.
    ///
    /// ```
    /// # let outcome = siteplan::pipeline::entry_doc_fixture()?;
    /// assert!(!outcome.timings());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn timings(&self) -> bool {
        self.timings
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
        let n_sites = self.problem.sites().len();
        let me = &self.entry;
        let mut opened_year = vec![None; n_sites];
        for c in &me.centers {
            if c.site < n_sites {
                opened_year[c.site] = Some(c.year_opened);
            }
        }
        EntryYears {
            opened_year,
            entry_year: me
                .countries
                .iter()
                .filter_map(|c| Some((c.country.clone(), c.entry_year?)))
                .collect(),
        }
    }
}

/// Runs a market-entry request: reads the borders (first, so a bad file
/// stops the run before the solve), the problem and parameters from the
/// table, solves, and evaluates the centers before and after. Nothing is
/// written.
///
/// # Examples
///
/// ```
/// let outcome = siteplan::pipeline::entry_doc_fixture()?;
/// assert!(outcome.plan().open.len() >= outcome.plan().new.len());
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn run_entry(request: &EntryRequest) -> Result<EntryOutcome> {
    let borders = request.borders.as_deref().map(Borders::read).transpose()?;
    let (problem, params): (Problem, MarketEntryParams) =
        entry_inputs(&request.table, &request.base)?;
    let entry = solve_entry(&problem, &params, &request.params)?;
    super::interrupted()?;
    let plan = as_plan(&entry, &problem);
    let costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(params.cutoff_km)))?;
    let (before, after) = io::before_after(&problem, &costs, &plan, Some(params.cutoff_km));
    Ok(EntryOutcome {
        problem,
        entry,
        plan,
        cutoff_km: params.cutoff_km,
        before,
        after,
        title: request.title.clone(),
        demand_label: text_key(&request.table, "demand_label").unwrap_or_default(),
        currency: text_key(&request.table, "currency").unwrap_or_else(|| "EUR".into()),
        borders,
        timings: request.timings,
    })
}

/// Reads the country and duty tables named in `params`, builds great-circle
/// costs within `params.cutoff_km`, and solves. `params` paths must already
/// be resolved ([`MarketEntryParams::resolve_paths`]).
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
    let countries = params.countries.as_ref().ok_or_else(|| {
        Error::Usage(
            "market-entry needs the country table: set countries = \"…/countries_eu.csv\" in [market_entry]"
                .into(),
        )
    })?;
    let market = MarketData::load(countries, params.duties.as_deref())?;
    params.validate()?;
    let costs = Haversine.cost_matrix(problem, Reach::cutoff(Km(params.cutoff_km)))?;
    let instance = MarketEntryInstance::build(problem, &costs, &market, params)?;
    let mut plan = market_entry::solve(&instance, solve_params)?;
    market_entry::analyse(&instance, &mut plan, solve_params)?;
    Ok(plan)
}

/// Runs a market-entry scenario from a parsed scenario file: reads
/// `demand` (a demand CSV), the optional `sites` (one CSV or a list; without
/// it the candidates are the demand cities, see [`city_sites`]) and the
/// `[market_entry]` table (the only place market entry reads files; the
/// solver reads none); relative paths are resolved against `base_dir`
/// (the scenario file's folder). Other top-level keys (`model`, `out`, …)
/// are left to the caller.
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
    base_dir: &std::path::Path,
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
pub fn entry_inputs(
    table: &toml::Table,
    base_dir: &std::path::Path,
) -> Result<(Problem, MarketEntryParams)> {
    let usage = |m: &str| Error::Usage(m.to_owned());
    let demand = table
        .get("demand")
        .and_then(|v| v.as_str())
        .ok_or_else(|| usage("market-entry needs `demand = \"cities.csv\"`"))?;
    let demand = crate::io::read_demand(&base_dir.join(demand))?;
    let site_files: Vec<std::path::PathBuf> = match table.get("sites") {
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
    let mut sites = Vec::new();
    for f in &site_files {
        sites.extend(crate::io::read_sites(f)?);
    }
    if sites.is_empty() {
        sites = city_sites(&demand);
    }
    let problem = Problem::builder().demands(demand).sites(sites).build()?;
    let params = match table.get("market_entry") {
        Some(toml::Value::Table(t)) => MarketEntryParams::from_table(t)?,
        Some(_) => return Err(usage("`market_entry` must be a table")),
        None => MarketEntryParams::default(),
    }
    .resolve_paths(base_dir);
    Ok((problem, params))
}

/// The market-entry plan as a location [`Plan`]: the centers open at the
/// end of the horizon and the last year's assignment.
fn as_plan(me: &MarketEntryPlan, problem: &Problem) -> Plan {
    let open = me.open_sites();
    let new: Vec<usize> = open
        .iter()
        .copied()
        .filter(|&s| problem.sites()[s].status == SiteStatus::Candidate)
        .collect();
    Plan {
        model: ModelKind::MarketEntry,
        method: me.method.clone(),
        status: me.status,
        open,
        new,
        assignment: me.assignment.clone(),
        objective: me.objective,
        bound: me.bound,
        gap: me.gap,
        stats: me.stats.clone(),
    }
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

/// A top-level text key of a scenario table.
fn text_key(table: &toml::Table, key: &str) -> Option<String> {
    table.get(key).and_then(|v| v.as_str()).map(str::to_owned)
}
