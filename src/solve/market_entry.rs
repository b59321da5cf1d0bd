//! Solving the market-entry model ([`crate::models::market_entry`]).
//!
//! Three parts, all deterministic:
//!
//! 1. **Greedy with country bundles, then local search** (always run; it is
//!    the plan on large instances and the warm start of the exact solve).
//!    A move is either a single opening (or earlier opening) in a country
//!    already entered, scored by its exact marginal profit, or the *entry
//!    bundle* of a country not yet entered: the centers a greedy would open
//!    there in a given year, scored by their summed gains minus the entry
//!    cost (a single center rarely pays an entry cost alone). The best move
//!    is committed until none gains. Local search then tries dropping a
//!    center, moving its opening year, adding one, swapping it with one of
//!    its nearest candidates and leaving a whole country, keeping every
//!    change that raises the profit within the yearly and budget limits,
//!    and exchanges the opening years of two centers.
//! 2. **A Lagrangian upper bound**: constraints (2) (one center per city),
//!    (6) (openings per year) and (7) (budget) are relaxed with multipliers
//!    λ, μ, ν ≥ 0; the relaxed problem splits by country and is solved
//!    exactly (each candidate picks its best opening year at or after its
//!    country's entry year; each country its best entry year or none).
//!    Subgradient steps (Polyak) lower it; the smallest value found is a
//!    proven bound on the optimal profit. Without cross-border service it
//!    is then tightened country by country: each country's term is at most
//!    its own optimum without yearly or budget limits, which the MIP finds
//!    for countries small enough.
//! 3. **The exact MIP** through good_lp (microlp, also when the `highs`
//!    feature is on) for small instances, warm-started with the
//!    heuristic plan and stopped at the time limit.

// Index loops over (city, year) and (candidate, year) arrays read best as such.
#![allow(clippy::needless_range_loop)]

use std::collections::BinaryHeap;
use std::time::Instant;

use good_lp::{
    ResolutionError, Solution, SolverModel, WithInitialSolution, WithMipGap, WithTimeLimit,
};

use crate::error::{Error, Result};
use crate::market::MarketData;
use crate::models::market_entry::{
    city_sites, MarketEntryInstance, MarketEntryMip, MarketEntryParams, MarketEntryPlan, Schedule,
};
use crate::plan::{PlanStatus, SolveStats};
use crate::problem::Problem;
use crate::solve::{Method, SolveParams};
use crate::spatial::PointIndex;
use crate::travel::{Haversine, Reach, TravelCost};
use crate::units::Km;

/// Objective changes smaller than this (€) are not improvements.
const EPS: f64 = 1e-6;

/// Candidates tried as swap partners of an open center.
const SWAP_NEIGHBOURS: usize = 8;

/// True when the exact MIP is small enough for `Method::Auto`: at most
/// 6,000 pair-year variables and 600 candidate-year variables.
///
/// ```
/// # use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, Site, TravelCost};
/// # use siteplan::market::{CountryFacts, DutyTable, MarketData};
/// # use siteplan::models::market_entry::{MarketEntryInstance, MarketEntryParams};
/// # let mut a = DemandPoint::new("a", 52.5, 13.4, 1.0); a.country = Some("DE".into());
/// # let p = Problem::builder().demand(a.clone()).sites(siteplan::models::market_entry::city_sites(&[a])).build()?;
/// # let m = MarketData::new(vec![CountryFacts::new("DE", "Germany", true).with_bev_sales(1e5)], DutyTable::regulation_2024_2754());
/// # let params = MarketEntryParams { eu_duty_pct: Some(0.0), ..Default::default() };
/// # let costs = Haversine.cost_matrix(&p, Reach::cutoff(Km(150.0)))?;
/// let inst = MarketEntryInstance::build(&p, &costs, &m, &params)?;
/// assert!(siteplan::solve::market_entry::is_small(&inst));
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn is_small(instance: &MarketEntryInstance) -> bool {
    let nt = instance.years().len();
    instance.n_pairs() * nt <= 6_000 && instance.n_candidates() * nt <= 600
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
/// let plan = siteplan::solve::market_entry::run(&problem, &params, &Default::default())?;
/// plan.write_csv("out/europe/entry_plan.csv".as_ref())?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run(
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
    solve(&instance, solve_params)
}

/// Runs a market-entry scenario from a parsed scenario file: reads
/// `demand` (a demand CSV), the optional `sites` (one CSV or a list; without
/// it the candidates are the demand cities, see [`city_sites`]) and the
/// `[market_entry]` table; relative paths are resolved against `base_dir`
/// (the scenario file's folder). Other top-level keys (`model`, `out`, …)
/// are left to the caller.
///
/// ```no_run
/// let path = std::path::Path::new("data/scenarios/europe.toml");
/// let table: toml::Table = toml::from_str(&std::fs::read_to_string(path)?)?;
/// let plan = siteplan::solve::market_entry::run_table(&table, path.parent().unwrap(), &Default::default())?;
/// std::fs::create_dir_all("out/europe")?;
/// plan.write_csv("out/europe/entry_plan.csv".as_ref())?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run_table(
    table: &toml::Table,
    base_dir: &std::path::Path,
    solve_params: &SolveParams,
) -> Result<MarketEntryPlan> {
    let (problem, params) = problem_from_table(table, base_dir)?;
    run(&problem, &params, solve_params)
}

/// The problem and parameters of a market-entry scenario file, as
/// [`run_table`] reads them: `demand`, the optional `sites` (candidates
/// default to the demand cities) and `[market_entry]`, with relative paths
/// joined to `base_dir`. Solve them with [`run`].
///
/// ```
/// let table: toml::Table = toml::from_str(r#"
///     demand = "cities_eu.csv"
///     [market_entry]
///     countries = "countries_eu.csv"
///     eu_duty_pct = 0.0
/// "#).unwrap();
/// let (problem, params) = siteplan::solve::market_entry::problem_from_table(&table, "data".as_ref())?;
/// assert_eq!(problem.demand().len(), problem.sites().len());
/// assert_eq!(params.countries.as_deref(), Some(std::path::Path::new("data/countries_eu.csv")));
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn problem_from_table(
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

/// Solves an instance: heuristic and bound, then the exact MIP when
/// `params.method` asks for it (or, under `auto`, when [`is_small`]).
///
/// The plan's `bound` is proven: the MIP's own objective when it proves
/// optimality, otherwise the best Lagrangian bound. `status` is `optimal`
/// when the gap is within `params.gap`.
///
/// # Examples
///
/// ```
/// # use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, TravelCost};
/// # use siteplan::market::{CountryFacts, DutyTable, MarketData};
/// # use siteplan::models::market_entry::*;
/// # let city = |id: &str, lat: f64, lon: f64, iso2: &str| { let mut d = DemandPoint::new(id, lat, lon, 1.0); d.country = Some(iso2.into()); d };
/// # let demand = vec![city("berlin", 52.52, 13.40, "DE"), city("paris", 48.86, 2.35, "FR")];
/// # let problem = Problem::builder().demands(demand.clone()).sites(city_sites(&demand)).build()?;
/// # let market = MarketData::new(vec![CountryFacts::new("DE", "Germany", true).with_bev_sales(1000.0),
/// #     CountryFacts::new("FR", "France", true).with_bev_sales(1000.0)], DutyTable::regulation_2024_2754());
/// # let params = MarketEntryParams { price: 10_000.0, gross_margin_pct: 20.0, logistics_per_car: 0.0,
/// #     eu_duty_pct: Some(0.0), growth_pct: 0.0, market_share_pct: 10.0, decay: Decay::None,
/// #     fixed_cost: 50_000.0, entry_cost: 100_000.0, ..Default::default() };
/// # let costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(params.cutoff_km)))?;
/// # let inst = MarketEntryInstance::build(&problem, &costs, &market, &params)?;
/// // `inst`: Berlin and Paris, 100 cars a year each at €2,000 a car, 2027–2030,
/// // €50,000 a year per center, €100,000 per country entered (see the `MarketEntryInstance` example).
/// use siteplan::PlanStatus;
/// use siteplan::solve::{market_entry, SolveParams};
/// let plan = market_entry::solve(&inst, &SolveParams::default())?;
/// assert_eq!(plan.open_sites(), vec![0, 1]); // both cities from 2027
/// assert!((plan.objective - 1_000_000.0).abs() < 1e-6);
/// // One opening a year: one country waits until 2028 and earns a year less.
/// let one_a_year = MarketEntryParams { max_openings_per_year: Some(1), ..params.clone() };
/// let inst = MarketEntryInstance::build(&problem, &costs, &market, &one_a_year)?;
/// let plan = market_entry::solve(&inst, &SolveParams::default())?;
/// assert_eq!(plan.status, PlanStatus::Optimal);
/// assert_eq!(plan.centers[1].year_opened, 2028);
/// assert!((plan.objective - 850_000.0).abs() < 1e-6);
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn solve(instance: &MarketEntryInstance, params: &SolveParams) -> Result<MarketEntryPlan> {
    let start = Instant::now();
    let deadline = params.time_limit.max(0.0);
    let mut h = Heuristic::new(instance);
    h.greedy(&start, deadline * 0.4);
    h.local_search(&start, deadline * 0.6);
    let mut schedule = h.sched.clone();
    let mut iterations = h.moves;
    debug_assert!(instance.check(&schedule).is_ok());
    let heur_value = instance.evaluate(&schedule).objective;

    let remaining = |frac: f64| (deadline * frac - start.elapsed().as_secs_f64()).max(0.05);
    let lb = lagrangian_bound(instance, &schedule, heur_value, &start, {
        let r = remaining(0.8);
        start.elapsed().as_secs_f64() + r
    });
    iterations += lb.iterations;
    let mut bound = lb.value.max(heur_value);
    let open_gap = crate::plan::relative_gap(heur_value, bound) > params.gap;
    if let (false, true, Some((parts, rest))) = (instance.params.cross_border, open_gap, &lb.parts)
    {
        let until = start.elapsed().as_secs_f64() + remaining(0.9);
        let tightened = tighten_by_country(instance, &schedule, parts, *rest, &start, until)?;
        bound = bound.min(tightened).max(heur_value);
    }

    let exact = match params.method {
        Method::Exact => true,
        Method::Heuristic => false,
        Method::Auto => is_small(instance),
    };
    let mut method = "heuristic (greedy + local search, Lagrangian bound)".to_owned();
    let mut stats = SolveStats::default();
    let heuristic_gap = crate::plan::relative_gap(heur_value, bound);
    let mut fallback: Option<String> = None;
    // `exact` always runs the MIP; `auto` only when the heuristic's gap is open.
    if exact && (params.method == Method::Exact || heuristic_gap > params.gap) {
        let mip = instance.formulate(Some(&schedule));
        stats.variables = mip.variables.len();
        stats.constraints = mip.constraints.len();
        let t = (params.time_limit - start.elapsed().as_secs_f64()).max(1.0);
        match solve_mip(instance, mip, t, params.gap)? {
            Some((sched, proven)) => {
                method = format!("exact ({BACKEND})");
                let v = instance.evaluate(&sched).objective;
                if instance.check(&sched).is_ok()
                    && v >= heur_value - EPS * heur_value.abs().max(1.0)
                {
                    schedule = sched;
                    if let Some(rel) = proven {
                        bound = bound.min(v + rel * v.abs());
                    }
                } else {
                    method += ", heuristic start kept";
                }
            }
            None => {
                fallback = Some(format!(
                    "the exact solve ({BACKEND}) found no plan within the time limit; the heuristic plan is reported"
                ));
            }
        }
    }
    let value = instance.evaluate(&schedule).objective;
    bound = bound.max(value);
    let gap = crate::plan::relative_gap(value, bound);
    let status = if gap <= params.gap {
        PlanStatus::Optimal
    } else {
        PlanStatus::Feasible
    };
    stats.seconds = start.elapsed().as_secs_f64();
    stats.iterations = iterations;
    let mut plan = instance.plan(&schedule, status, &method, Some(bound), stats);
    plan.notes.extend(fallback);
    Ok(plan)
}

/// Solves the MIP alone, with no heuristic start and no Lagrangian bound
/// (for checking the formulation, and for comparisons). The bound is the
/// objective when optimality is proven, else none.
///
/// ```
/// # use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, TravelCost};
/// # use siteplan::market::{CountryFacts, DutyTable, MarketData};
/// # use siteplan::models::market_entry::{city_sites, MarketEntryInstance, MarketEntryParams};
/// # let mut a = DemandPoint::new("a", 52.5, 13.4, 1.0); a.country = Some("DE".into());
/// # let p = Problem::builder().demand(a.clone()).sites(city_sites(&[a])).build()?;
/// # let m = MarketData::new(vec![CountryFacts::new("DE", "Germany", true).with_bev_sales(1e6)], DutyTable::regulation_2024_2754());
/// # let params = MarketEntryParams { eu_duty_pct: Some(0.0), ..Default::default() };
/// # let costs = Haversine.cost_matrix(&p, Reach::cutoff(Km(150.0)))?;
/// let inst = MarketEntryInstance::build(&p, &costs, &m, &params)?;
/// let plan = siteplan::solve::market_entry::solve_exact(&inst, &Default::default())?;
/// assert_eq!(plan.status, siteplan::PlanStatus::Optimal);
/// assert_eq!(plan.centers.len(), 1);
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn solve_exact(
    instance: &MarketEntryInstance,
    params: &SolveParams,
) -> Result<MarketEntryPlan> {
    let start = Instant::now();
    let mip = instance.formulate(None);
    let mut stats = SolveStats {
        variables: mip.variables.len(),
        constraints: mip.constraints.len(),
        ..Default::default()
    };
    let t = params.time_limit.max(1.0);
    let (schedule, proven) = match solve_mip(instance, mip, t, params.gap)? {
        Some(found) => found,
        None => (instance.empty_schedule(), None),
    };
    let v = instance.evaluate(&schedule).objective;
    let bound = proven.map(|rel| v + rel * v.abs());
    let status = if proven.is_some() {
        PlanStatus::Optimal
    } else {
        PlanStatus::Feasible
    };
    stats.seconds = start.elapsed().as_secs_f64();
    Ok(instance.plan(
        &schedule,
        status,
        &format!("exact ({BACKEND}), no start"),
        bound,
        stats,
    ))
}

/// The market-entry MIP always runs on microlp: with HiGHS (as linked by the
/// `highs` feature) these models stop with a solver error, so that route is
/// not used until it is understood.
const BACKEND: &str = "microlp";

/// Solves the MIP with the crate's backend; returns the schedule and, when
/// optimality was proven, the relative gap it was proven within (`None`
/// inside: stopped at the time limit). `Ok(None)`: no plan within the time
/// limit.
fn solve_mip(
    instance: &MarketEntryInstance,
    mip: MarketEntryMip,
    time_limit: f64,
    gap: f64,
) -> Result<Option<(Schedule, Option<f64>)>> {
    let MarketEntryMip {
        variables,
        objective,
        constraints,
        y,
        u,
        hint,
    } = mip;
    let problem = variables.maximise(objective);
    let model = problem.using(good_lp::solvers::microlp::microlp);
    let model = model
        .with_all(constraints)
        .with_time_limit(time_limit)
        .with_initial_solution(hint)
        .with_mip_gap(gap.max(0.0) as f32)
        .map_err(|e| Error::Solver(e.to_string()))?;
    let shell = MarketEntryMip {
        variables: good_lp::ProblemVariables::new(),
        objective: Default::default(),
        constraints: Vec::new(),
        y,
        u,
        hint: Vec::new(),
    };
    match model.solve() {
        Ok(sol) => {
            let proven = match sol.status() {
                good_lp::solvers::SolutionStatus::Optimal => Some(0.0),
                good_lp::solvers::SolutionStatus::GapLimit => Some(gap.max(0.0)),
                good_lp::solvers::SolutionStatus::TimeLimit => None,
            };
            Ok(Some((
                instance.schedule_from(&shell, |v| sol.value(v)),
                proven,
            )))
        }
        Err(ResolutionError::Infeasible) => Err(Error::Infeasible(
            "the market-entry model has no feasible plan".into(),
        )),
        // microlp reports a time limit without any solution as an error.
        Err(ResolutionError::Other(_)) => Ok(None),
        Err(e) => Err(Error::Solver(e.to_string())),
    }
}

/// An entry bundle: value, sites, spending.
type Bundle = (f64, Vec<usize>, f64);

/// Heuristic state: a schedule and, per city and year, the capture of its
/// best open center.
struct Heuristic<'a> {
    inst: &'a MarketEntryInstance,
    nt: usize,
    sched: Schedule,
    best: Vec<f64>,
    opened: Vec<usize>,
    spend: f64,
    by_country: Vec<Vec<usize>>,
    mark: Vec<u32>,
    stamp: u32,
    moves: u64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Scored(f64, usize, usize, u64);
impl Eq for Scored {}
impl PartialOrd for Scored {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Scored {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.0
            .total_cmp(&o.0)
            .then(o.1.cmp(&self.1))
            .then(o.2.cmp(&self.2))
    }
}

impl<'a> Heuristic<'a> {
    fn new(inst: &'a MarketEntryInstance) -> Self {
        let nt = inst.years.len();
        let sched = inst.empty_schedule();
        let mut by_country = vec![Vec::new(); inst.countries.len()];
        for (k, c) in inst.candidates.iter().enumerate() {
            by_country[c.country].push(k);
        }
        let mut h = Heuristic {
            inst,
            nt,
            best: vec![0.0; inst.city_demand.len() * nt],
            sched,
            opened: vec![0; nt],
            spend: 0.0,
            by_country,
            mark: vec![0; inst.city_demand.len()],
            stamp: 0,
            moves: 0,
        };
        for i in 0..inst.city_demand.len() {
            h.refresh_city(i);
        }
        h
    }

    fn refresh_city(&mut self, i: usize) {
        for t in 0..self.nt {
            self.best[i * self.nt + t] =
                self.inst.best_open(i, t, &self.sched).map_or(0.0, |b| b.1);
        }
    }

    fn kmax(&self) -> usize {
        self.inst.params.max_openings_per_year.unwrap_or(usize::MAX)
    }

    fn budget_left(&self) -> f64 {
        self.inst
            .params
            .budget
            .map_or(f64::INFINITY, |b| b * (1.0 + 1e-9) + 1e-6 - self.spend)
    }

    fn entry_year(&self, c: usize) -> Option<usize> {
        self.by_country[c]
            .iter()
            .filter_map(|&k| self.sched[k])
            .min()
    }

    /// Profit gained by opening new candidate `k` in year `tau` (or earlier
    /// than it now opens), and the extra spending; `None` when it would not
    /// open earlier. `entered` treats the country's entry cost as paid.
    fn add_gain(&self, k: usize, tau: usize, best: &[f64], entered: bool) -> Option<(f64, f64)> {
        let inst = self.inst;
        let nt = self.nt;
        let cand = &inst.candidates[k];
        let end = match self.sched[k] {
            Some(o) if o <= tau => return None,
            Some(o) => o,
            None => nt,
        };
        let mut gain = 0.0;
        for p in inst.col_start[k]..inst.col_start[k + 1] {
            let i = inst.col_city[p] as usize;
            let a = inst.col_capture[p];
            for t in tau..end {
                let b = best[i * nt + t];
                if a > b {
                    gain += inst.value[i * nt + t] * (a - b);
                }
            }
        }
        let mut spend = 0.0;
        for t in tau..end {
            gain -= inst.discount[t] * cand.fixed_cost;
            spend += cand.fixed_cost;
        }
        if end == nt {
            gain -= inst.discount[tau] * cand.opening_cost;
            spend += cand.opening_cost;
        } else {
            gain -= (inst.discount[tau] - inst.discount[end]) * cand.opening_cost;
        }
        let country = &inst.countries[cand.country];
        if !country.present && !entered {
            match self.entry_year(cand.country) {
                None => {
                    gain -= inst.discount[tau] * country.entry_cost;
                    spend += country.entry_cost;
                }
                Some(e) if e > tau => {
                    gain -= (inst.discount[tau] - inst.discount[e]) * country.entry_cost;
                }
                Some(_) => {}
            }
        }
        Some((gain, spend))
    }

    /// Exact change of profit and spending if the given candidates were
    /// set to the given opening years.
    fn delta(&mut self, changes: &[(usize, Option<usize>)]) -> (f64, f64) {
        let inst = self.inst;
        let nt = self.nt;
        let mut countries: Vec<usize> = changes
            .iter()
            .map(|&(k, _)| inst.candidates[k].country)
            .collect();
        countries.sort_unstable();
        countries.dedup();
        let cost = |h: &Self| -> (f64, f64) {
            let (mut obj, mut spend) = (0.0, 0.0);
            for &(k, _) in changes {
                let c = &inst.candidates[k];
                if let Some(o) = h.sched[k] {
                    obj += inst.discount[o] * c.opening_cost;
                    spend += c.opening_cost;
                    for t in o..nt {
                        obj += inst.discount[t] * c.fixed_cost;
                        spend += c.fixed_cost;
                    }
                }
            }
            for &c in &countries {
                let country = &inst.countries[c];
                if let (false, Some(e)) = (country.present, h.entry_year(c)) {
                    obj += inst.discount[e] * country.entry_cost;
                    spend += country.entry_cost;
                }
            }
            (obj, spend)
        };
        let (c0, s0) = cost(self);
        let old: Vec<Option<usize>> = changes.iter().map(|&(k, _)| self.sched[k]).collect();
        for &(k, v) in changes {
            self.sched[k] = v;
        }
        let (c1, s1) = cost(self);
        self.stamp += 1;
        let mut gain = 0.0;
        for &(k, _) in changes {
            for p in inst.col_start[k]..inst.col_start[k + 1] {
                let i = inst.col_city[p] as usize;
                if self.mark[i] == self.stamp {
                    continue;
                }
                self.mark[i] = self.stamp;
                for t in 0..nt {
                    let nb = inst.best_open(i, t, &self.sched).map_or(0.0, |b| b.1);
                    gain += inst.value[i * nt + t] * (nb - self.best[i * nt + t]);
                }
            }
        }
        for (&(k, _), o) in changes.iter().zip(old) {
            self.sched[k] = o;
        }
        (gain - (c1 - c0), s1 - s0)
    }

    /// Applies changes (already checked) and refreshes the state.
    fn commit(&mut self, changes: &[(usize, Option<usize>)], dspend: f64) {
        for &(k, v) in changes {
            if let Some(o) = self.sched[k] {
                self.opened[o] -= 1;
            }
            if let Some(o) = v {
                self.opened[o] += 1;
            }
            self.sched[k] = v;
        }
        self.spend += dspend;
        self.moves += 1;
        for &(k, _) in changes {
            for p in self.inst.col_start[k]..self.inst.col_start[k + 1] {
                let i = self.inst.col_city[p] as usize;
                self.refresh_city(i);
            }
        }
    }

    /// The greedy entry bundle of country `c` in year `tau`: its value (gains
    /// minus entry cost), its sites and its spending.
    fn bundle(&self, c: usize, tau: usize) -> Option<Bundle> {
        let inst = self.inst;
        let country = &inst.countries[c];
        let mut room = self.kmax().saturating_sub(self.opened[tau]);
        let mut left = self.budget_left() - country.entry_cost;
        if room == 0 || left < 0.0 {
            return None;
        }
        let mut best = self.best.clone();
        let mut heap: BinaryHeap<Scored> = BinaryHeap::new();
        for &k in &self.by_country[c] {
            if inst.candidates[k].existing || inst.col_start[k] == inst.col_start[k + 1] {
                continue;
            }
            if let Some((g, _)) = self.add_gain(k, tau, &best, true) {
                if g > EPS {
                    heap.push(Scored(g, k, tau, 0));
                }
            }
        }
        let mut round = 0u64;
        let mut sites = Vec::new();
        let (mut total, mut spend) = (0.0, country.entry_cost);
        while let Some(Scored(_, k, _, r)) = heap.pop() {
            if room == 0 {
                break;
            }
            let Some((g, s)) = self.add_gain(k, tau, &best, true) else {
                continue;
            };
            if r != round {
                if g > EPS {
                    heap.push(Scored(g, k, tau, round));
                }
                continue;
            }
            if g <= EPS {
                break;
            }
            if s > left {
                continue;
            }
            total += g;
            spend += s;
            left -= s;
            room -= 1;
            sites.push(k);
            round += 1;
            let nt = self.nt;
            for p in inst.col_start[k]..inst.col_start[k + 1] {
                let i = inst.col_city[p] as usize;
                for t in tau..nt {
                    let b = &mut best[i * nt + t];
                    *b = b.max(inst.col_capture[p]);
                }
            }
        }
        let value = total - inst.discount[tau] * country.entry_cost;
        (value > EPS && !sites.is_empty()).then_some((value, sites, spend))
    }

    /// Greedy: best single opening in an entered country or best entry
    /// bundle, until nothing gains or the time is up.
    fn greedy(&mut self, start: &Instant, seconds: f64) {
        let inst = self.inst;
        let nt = self.nt;
        let nc = inst.countries.len();
        let cross = inst.params.cross_border;
        let mut heap: BinaryHeap<Scored> = BinaryHeap::new();
        let mut round = 0u64;
        let mut pushed_country = vec![false; nc];
        let mut bundles: Vec<Vec<Option<Bundle>>> = vec![vec![None; nt]; nc];
        let mut dirty = vec![true; nc];
        loop {
            if start.elapsed().as_secs_f64() > seconds {
                break;
            }
            // Candidates of entered countries join the lazy heap once.
            for c in 0..nc {
                if !pushed_country[c] && (inst.countries[c].present || self.entry_year(c).is_some())
                {
                    pushed_country[c] = true;
                    dirty[c] = false;
                    for &k in &self.by_country[c] {
                        if inst.candidates[k].existing {
                            continue;
                        }
                        for tau in 0..nt {
                            if let Some((g, _)) = self.add_gain(k, tau, &self.best, false) {
                                if g > EPS {
                                    heap.push(Scored(g, k, tau, round));
                                }
                            }
                        }
                    }
                }
            }
            // Bundles of countries not entered.
            for c in 0..nc {
                if pushed_country[c] {
                    bundles[c].iter_mut().for_each(|b| *b = None);
                    continue;
                }
                let stale = bundles[c].iter().enumerate().any(|(tau, b)| {
                    b.as_ref().is_some_and(|(_, s, sp)| {
                        s.len() > self.kmax().saturating_sub(self.opened[tau])
                            || *sp > self.budget_left()
                    })
                });
                if dirty[c] || stale || cross {
                    for tau in 0..nt {
                        bundles[c][tau] = self.bundle(c, tau);
                    }
                    dirty[c] = false;
                }
            }
            let best_bundle = (0..nc)
                .flat_map(|c| (0..nt).map(move |t| (c, t)))
                .filter_map(|(c, t)| bundles[c][t].as_ref().map(|b| (b.0, c, t)))
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)));
            // The best single move (lazy evaluation).
            let mut best_single: Option<(f64, usize, usize, f64)> = None;
            while let Some(Scored(_, k, tau, r)) = heap.pop() {
                if self.opened[tau] >= self.kmax() {
                    continue;
                }
                let Some((g, s)) = self.add_gain(k, tau, &self.best, false) else {
                    continue;
                };
                if g <= EPS || s > self.budget_left() {
                    continue;
                }
                if r != round {
                    heap.push(Scored(g, k, tau, round));
                    continue;
                }
                best_single = Some((g, k, tau, s));
                break;
            }
            match (best_single, best_bundle) {
                (Some((g, k, tau, s)), b) if b.is_none_or(|b| g >= b.0) => {
                    self.commit(&[(k, Some(tau))], s);
                }
                (single, Some((_, c, tau))) => {
                    if let Some((g, k, t, _)) = single {
                        heap.push(Scored(g, k, t, round));
                    }
                    let (_, sites, spend) = bundles[c][tau].take().unwrap();
                    let changes: Vec<(usize, Option<usize>)> =
                        sites.iter().map(|&k| (k, Some(tau))).collect();
                    self.commit(&changes, spend);
                }
                (None, None) => break,
                (Some(_), None) => unreachable!(),
            }
            round += 1;
        }
    }

    /// Candidates near `k` (nearest first) that may replace it.
    fn neighbours(&self, index: &PointIndex, k: usize) -> Vec<usize> {
        let inst = self.inst;
        let (lat, lon) = inst.site_coords[inst.candidates[k].site];
        index
            .nearest(lat, lon, SWAP_NEIGHBOURS + 1)
            .into_iter()
            .map(|h| h.0 as usize)
            .filter(|&j| {
                j != k
                    && !inst.candidates[j].existing
                    && (inst.params.cross_border
                        || inst.candidates[j].country == inst.candidates[k].country)
            })
            .collect()
    }

    fn try_apply(&mut self, changes: &[(usize, Option<usize>)]) -> bool {
        // Yearly counts after all the changes together (an exchange of two
        // opening years leaves them as they are, even in full years).
        let mut opened = self.opened.clone();
        for &(k, to) in changes {
            if let Some(o) = self.sched[k] {
                opened[o] -= 1;
            }
            if let Some(t) = to {
                opened[t] += 1;
            }
        }
        if opened
            .iter()
            .zip(&self.opened)
            .any(|(&n, &before)| n > before && n > self.kmax())
        {
            return false;
        }
        let (g, s) = self.delta(changes);
        if g > EPS * g.abs().max(1.0) && s <= self.budget_left() {
            self.commit(changes, s);
            true
        } else {
            false
        }
    }

    /// Improvement passes until none helps or the time is up.
    fn local_search(&mut self, start: &Instant, seconds: f64) {
        let inst = self.inst;
        let nt = self.nt;
        let index = PointIndex::new(inst.candidates.iter().map(|c| inst.site_coords[c.site]));
        let usable: Vec<usize> = (0..inst.candidates.len())
            .filter(|&k| !inst.candidates[k].existing && inst.col_start[k + 1] > inst.col_start[k])
            .collect();
        loop {
            let mut improved = false;
            // Leave a whole country.
            for c in 0..inst.countries.len() {
                if inst.countries[c].present || self.entry_year(c).is_none() {
                    continue;
                }
                let changes: Vec<(usize, Option<usize>)> = self.by_country[c]
                    .iter()
                    .filter(|&&k| self.sched[k].is_some())
                    .map(|&k| (k, None))
                    .collect();
                improved |= self.try_apply(&changes);
            }
            for &k in &usable {
                if start.elapsed().as_secs_f64() > seconds {
                    return;
                }
                let c = inst.candidates[k].country;
                match self.sched[k] {
                    Some(o) => {
                        if self.try_apply(&[(k, None)]) {
                            improved = true;
                            continue;
                        }
                        for t in (0..nt).filter(|&t| t != o) {
                            if self.try_apply(&[(k, Some(t))]) {
                                improved = true;
                                break;
                            }
                        }
                        let Some(o) = self.sched[k] else { continue };
                        for j in self.neighbours(&index, k) {
                            if self.sched[j].is_none() && self.try_apply(&[(k, None), (j, Some(o))])
                            {
                                improved = true;
                                break;
                            }
                        }
                    }
                    None => {
                        if !inst.countries[c].present && self.entry_year(c).is_none() {
                            continue;
                        }
                        for t in 0..nt {
                            if self.opened[t] >= self.kmax() {
                                continue;
                            }
                            if let Some((g, s)) = self.add_gain(k, t, &self.best, false) {
                                if g > EPS && s <= self.budget_left() {
                                    self.commit(&[(k, Some(t))], s);
                                    improved = true;
                                    break;
                                }
                            }
                        }
                    }
                }
            }
            // Exchange the opening years of two centers (the yearly counts
            // stay the same): lets a better late center take an early slot.
            let open: Vec<usize> = usable
                .iter()
                .copied()
                .filter(|&k| self.sched[k].is_some())
                .collect();
            for &j in &open {
                if start.elapsed().as_secs_f64() > seconds {
                    return;
                }
                for &k in &open {
                    let (Some(tj), Some(tk)) = (self.sched[j], self.sched[k]) else {
                        continue;
                    };
                    if tk < tj && self.try_apply(&[(j, Some(tk)), (k, Some(tj))]) {
                        improved = true;
                        break;
                    }
                }
            }
            if !improved {
                return;
            }
        }
    }
}

/// Tightens the bound country by country: with (6) and (7) relaxed by
/// μ, ν ≥ 0 the problem splits by country (no cross-border service), and
/// each country's term is at most both its Lagrangian part and its own
/// optimum without yearly or budget limits. Countries small enough are
/// solved exactly (by the MIP) within the time left; the bound is then
/// `rest + Σ_c min(part_c, optimum_c)`.
fn tighten_by_country(
    inst: &MarketEntryInstance,
    incumbent: &Schedule,
    parts: &[f64],
    rest: f64,
    start: &Instant,
    until: f64,
) -> Result<f64> {
    let mut parts = parts.to_vec();
    for c in 0..inst.countries.len() {
        if parts[c] <= 0.0 || start.elapsed().as_secs_f64() > until {
            continue;
        }
        let sub = inst.restricted_to_country(c);
        if sub.n_pairs() == 0 || !is_small(&sub) {
            continue;
        }
        let warm: Schedule = inst
            .candidates
            .iter()
            .zip(incumbent)
            .filter(|(k, _)| k.country == c)
            .map(|(_, s)| *s)
            .collect();
        let left = (until - start.elapsed().as_secs_f64()).max(0.5);
        let mip = sub.formulate(Some(&warm));
        if let Some((sched, Some(rel))) = solve_mip(&sub, mip, left, 1e-6)? {
            let v = sub.evaluate(&sched).objective;
            parts[c] = parts[c].min(v + rel.max(1e-6) * v.abs() + 1e-6);
        }
    }
    Ok(rest + parts.iter().sum::<f64>())
}

/// A Lagrangian bound: its value, the subgradient steps taken and, at the
/// best multipliers, each country's part and the rest (`Σ μ + ν`), whose
/// sum is the value.
struct LagrangeBound {
    value: f64,
    iterations: u64,
    parts: Option<(Vec<f64>, f64)>,
}

/// The Lagrangian bound (see the module docs).
fn lagrangian_bound(
    inst: &MarketEntryInstance,
    incumbent: &Schedule,
    lower: f64,
    start: &Instant,
    until: f64,
) -> LagrangeBound {
    let nt = inst.years.len();
    let ni = inst.city_demand.len();
    let nk = inst.candidates.len();
    let nc = inst.countries.len();
    let kmax = inst.params.max_openings_per_year;
    let budget = inst.params.budget.filter(|&b| b > 0.0);
    if inst.params.budget == Some(0.0) || kmax == Some(0) {
        // Nothing new can open: the only plan is the empty one.
        return LagrangeBound {
            value: inst.evaluate(&inst.empty_schedule()).objective,
            iterations: 0,
            parts: None,
        };
    }
    // λ from the incumbent: the value each city yields there, or its best value.
    let mut lambda = vec![0.0; ni * nt];
    for i in 0..ni {
        for t in 0..nt {
            let v = inst.value[i * nt + t];
            let (a, b) = (inst.row_start[i], inst.row_start[i + 1]);
            if a == b {
                continue;
            }
            lambda[i * nt + t] = match inst.best_open(i, t, incumbent) {
                Some((_, cap)) => v * cap,
                None => v * inst.row_capture[a],
            };
        }
    }
    // The most each city-year can yield (the step scale of its λ).
    let scale: Vec<f64> = (0..ni * nt)
        .map(|j| {
            let (i, t) = (j / nt, j % nt);
            let a = inst.row_start[i];
            if a == inst.row_start[i + 1] {
                0.0
            } else {
                inst.value[i * nt + t] * inst.row_capture[a]
            }
        })
        .collect();
    let mut first_gap: Option<f64> = None;
    let mut best_parts: Option<(Vec<f64>, f64)> = None;
    let mut mu = vec![0.0; nt]; // per opening slot, scaled by K
    let mut nu = 0.0; // budget multiplier, scaled by B
    let mut best = f64::INFINITY;
    let mut theta = 2.0;
    let mut since_improved = 0;
    let mut iters = 0u64;
    let mut rho = vec![0.0; nk * nt];
    let mut open_year: Vec<Option<usize>> = vec![None; nk];
    let mut g_lambda = vec![0.0; ni * nt];
    let max_iters = 4_000;
    while iters < max_iters {
        iters += 1;
        let nu_per_euro = budget.map_or(0.0, |b| nu / b);
        let mu_per_open: Vec<f64> = match kmax {
            Some(k) => mu.iter().map(|m| m / k as f64).collect(),
            None => vec![0.0; nt],
        };
        // ρ_kt = Σ_i max(0, c_ikt − λ_it).
        for k in 0..nk {
            for t in 0..nt {
                let mut s = 0.0;
                for p in inst.col_start[k]..inst.col_start[k + 1] {
                    let i = inst.col_city[p] as usize;
                    let r = inst.value[i * nt + t] * inst.col_capture[p] - lambda[i * nt + t];
                    if r > 0.0 {
                        s += r;
                    }
                }
                rho[k * nt + t] = s;
            }
        }
        // Per country: best entry year and each candidate's best year.
        let mut part = vec![0.0; nc];
        for (j, l) in lambda.iter().enumerate() {
            part[inst.city_country[j / nt]] += l;
        }
        let mut value = lambda.iter().sum::<f64>();
        if kmax.is_some() {
            value += mu.iter().sum::<f64>();
        }
        if budget.is_some() {
            value += nu;
        }
        let mut opened = vec![0usize; nt];
        let mut spend = 0.0;
        open_year.iter_mut().for_each(|o| *o = None);
        for c in 0..nc {
            let country = &inst.countries[c];
            let members: Vec<usize> = (0..nk)
                .filter(|&k| inst.candidates[k].country == c)
                .collect();
            if members.is_empty() {
                continue;
            }
            // R_k(τ) and its suffix maxima.
            let mut suffix: Vec<Vec<(f64, usize)>> = Vec::with_capacity(members.len());
            let mut fixed = 0.0;
            for &k in &members {
                let cand = &inst.candidates[k];
                if cand.existing {
                    fixed += (0..nt)
                        .map(|t| rho[k * nt + t] - inst.discount[t] * cand.fixed_cost)
                        .sum::<f64>();
                    suffix.push(Vec::new());
                    continue;
                }
                let mut r = vec![0.0; nt];
                let mut tail = 0.0;
                for tau in (0..nt).rev() {
                    tail +=
                        rho[k * nt + tau] - (inst.discount[tau] + nu_per_euro) * cand.fixed_cost;
                    r[tau] = tail
                        - (inst.discount[tau] + nu_per_euro) * cand.opening_cost
                        - mu_per_open[tau];
                }
                let mut s = vec![(f64::NEG_INFINITY, 0); nt];
                let mut m = (f64::NEG_INFINITY, 0);
                for tau in (0..nt).rev() {
                    if r[tau] >= m.0 {
                        m = (r[tau], tau);
                    }
                    s[tau] = m;
                }
                suffix.push(s);
            }
            let sum_from = |tc: usize| -> f64 {
                members
                    .iter()
                    .zip(&suffix)
                    .filter(|(&k, _)| !inst.candidates[k].existing)
                    .map(|(_, s)| s[tc].0.max(0.0))
                    .sum()
            };
            let (entry_t, phi) = if country.present {
                (Some(0), fixed + sum_from(0))
            } else {
                let mut best_c = (None, 0.0);
                for tc in 0..nt {
                    let v = sum_from(tc) - (inst.discount[tc] + nu_per_euro) * country.entry_cost;
                    if v > best_c.1 {
                        best_c = (Some(tc), v);
                    }
                }
                best_c
            };
            value += phi;
            part[c] += phi;
            if let Some(tc) = entry_t {
                if !country.present {
                    spend += country.entry_cost;
                }
                for (&k, s) in members.iter().zip(&suffix) {
                    let cand = &inst.candidates[k];
                    if cand.existing {
                        open_year[k] = Some(0);
                    } else if s[tc].0 > 0.0 {
                        let o = s[tc].1;
                        open_year[k] = Some(o);
                        opened[o] += 1;
                        spend += cand.opening_cost + cand.fixed_cost * (nt - o) as f64;
                    }
                }
            }
        }
        if value < best - 1e-9 * value.abs().max(1.0) {
            best = value;
            let rest = value - part.iter().sum::<f64>();
            best_parts = Some((part.clone(), rest));
            since_improved = 0;
        } else {
            since_improved += 1;
            if since_improved >= 60 {
                theta /= 2.0;
                since_improved = 0;
            }
        }
        if best - lower <= 1e-6 * lower.abs().max(1.0)
            || theta < 1e-4
            || start.elapsed().as_secs_f64() > until
        {
            break;
        }
        // Subgradients of the relaxed constraints (slack of each).
        g_lambda.iter_mut().for_each(|g| *g = 1.0);
        for k in 0..nk {
            let Some(o) = open_year[k] else { continue };
            for p in inst.col_start[k]..inst.col_start[k + 1] {
                let i = inst.col_city[p] as usize;
                for t in o..nt {
                    if inst.value[i * nt + t] * inst.col_capture[p] > lambda[i * nt + t] {
                        g_lambda[i * nt + t] -= 1.0;
                    }
                }
            }
        }
        let g_mu: Vec<f64> = match kmax {
            Some(kk) => opened.iter().map(|&n| 1.0 - n as f64 / kk as f64).collect(),
            None => vec![0.0; nt],
        };
        let g_nu = budget.map_or(0.0, |b| 1.0 - spend / b);
        // Steps are scaled per multiplier (a diagonal preconditioner): a
        // city's λ moves in proportion to the most it can yield, μ and ν in
        // proportion to the first gap. Any λ, μ, ν ≥ 0 gives a valid bound.
        let other_scale = *first_gap.get_or_insert((value - lower).max(1.0));
        let mut norm2: f64 = g_lambda
            .iter()
            .enumerate()
            .filter(|&(j, g)| !(*g > 0.0 && lambda[j] <= 0.0))
            .map(|(j, g)| scale[j] * g * g)
            .sum();
        norm2 += other_scale * (g_mu.iter().map(|g| g * g).sum::<f64>() + g_nu * g_nu);
        if norm2 <= 1e-12 {
            break;
        }
        let step = theta * (value - lower).max(1e-9 * value.abs().max(1.0)) / norm2;
        for ((l, g), sc) in lambda.iter_mut().zip(&g_lambda).zip(&scale) {
            *l = (*l - step * sc * g).max(0.0);
        }
        if kmax.is_some() {
            for (m, g) in mu.iter_mut().zip(&g_mu) {
                *m = (*m - step * other_scale * g).max(0.0);
            }
        }
        if budget.is_some() {
            nu = (nu - step * other_scale * g_nu).max(0.0);
        }
    }
    LagrangeBound {
        value: best,
        iterations: iters,
        parts: best_parts,
    }
}
