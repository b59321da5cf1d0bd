//! Reading the tables, and the solve: heuristic and bound, then the exact MIP when it fits.

#![allow(clippy::needless_range_loop)]

use super::bound::*;
use super::heuristic::*;
use crate::error::{Error, Result};
use crate::models::market_entry::{MarketEntryInstance, MarketEntryMip, MarketEntryPlan, Schedule};
use crate::models::{Formulation, Sense};
use crate::plan::{PlanStatus, SolveStats};
use crate::solve::backend::{self, Outcome};
use crate::solve::{Method, SolveParams};
use std::time::Instant;

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
    solve_from(instance, params, None)
}

/// [`solve`] starting from a schedule (which must pass
/// [`MarketEntryInstance::check`]); the plan is never worth less than the
/// start. When the plant decision is open
/// ([`MarketEntryInstance::plant_possible`]) both choices are solved, each
/// in half the time, and the better plan is kept (no plant on a tie).
///
/// ```
/// # use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, TravelCost};
/// # use siteplan::market::{CountryFacts, DutyTable, MarketData};
/// # use siteplan::models::market_entry::*;
/// # let mut a = DemandPoint::new("a", 52.5, 13.4, 1.0); a.country = Some("DE".into());
/// # let p = Problem::builder().demand(a.clone()).sites(city_sites(&[a])).build()?;
/// # let m = MarketData::new(vec![CountryFacts::new("DE", "Germany", true).with_bev_sales(1e6)], DutyTable::regulation_2024_2754());
/// # let costs = Haversine.cost_matrix(&p, Reach::cutoff(Km(150.0)))?;
/// let inst = MarketEntryInstance::build(&p, &costs, &m, &MarketEntryParams { eu_duty_pct: Some(0.0), ..Default::default() })?;
/// let start = vec![Some(2)];
/// let plan = siteplan::solve::market_entry::solve_from(&inst, &Default::default(), Some(&start))?;
/// assert!(plan.objective >= inst.evaluate(&start).objective);
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn solve_from(
    instance: &MarketEntryInstance,
    params: &SolveParams,
    start: Option<&Schedule>,
) -> Result<MarketEntryPlan> {
    if instance.plant_possible() && !instance.plant_on() {
        let half = SolveParams {
            time_limit: params.time_limit / 2.0,
            ..params.clone()
        };
        let without = solve_one(&instance.with_plant(false), &half, start)?;
        let with = solve_one(&instance.with_plant(true), &half, start)?;
        return Ok(if with.objective > without.objective + EPS {
            with
        } else {
            without
        });
    }
    solve_one(instance, params, start)
}

fn solve_one(
    instance: &MarketEntryInstance,
    params: &SolveParams,
    warm: Option<&Schedule>,
) -> Result<MarketEntryPlan> {
    let start = Instant::now();
    let deadline = params.time_limit.max(0.0);
    let mut h = match warm {
        Some(s) => Heuristic::from_schedule(instance, s),
        None => Heuristic::new(instance),
    };
    h.greedy(&start, deadline * 0.3);
    h.local_search(&start, deadline * 0.45);
    h.polish(&start, deadline * 0.6);
    let mut schedule = h.sched.clone();
    if let Some(w) = warm {
        if instance.evaluate(w).objective > instance.evaluate(&schedule).objective {
            schedule = w.clone();
        }
    }
    let mut iterations = h.moves;
    debug_assert!(instance.check(&schedule).is_ok());
    let heur_value = instance.evaluate(&schedule).objective;

    let remaining = |frac: f64| (deadline * frac - start.elapsed().as_secs_f64()).max(0.05);
    let lb = lagrangian_bound(instance, &schedule, heur_value, &start, {
        let r = remaining(0.8);
        start.elapsed().as_secs_f64() + r
    });
    iterations += lb.iterations;
    // The Lagrangian bound is on sales without capacity, ramp-up or the
    // plant's limit (a relaxation); the plant's cost is a constant.
    let mut bound = (lb.value - instance.plant_cost()).max(heur_value);
    let open_gap = crate::plan::relative_gap(heur_value, bound) > params.gap;
    if let (false, true, true, Some((parts, rest))) = (
        instance.params.cross_border,
        open_gap,
        instance.is_simple(),
        &lb.parts,
    ) {
        let until = start.elapsed().as_secs_f64() + remaining(0.9);
        let tightened = tighten_by_country(instance, &schedule, parts, *rest, &start, until)?;
        bound = bound.min(tightened).max(heur_value);
    }

    let exact = match params.method {
        Method::Exact => true,
        Method::Heuristic => false,
        Method::Auto => is_small(instance),
    };
    let mut fallback: Option<String> = None;
    let mut method = "heuristic (greedy + local search, Lagrangian bound)".to_owned();
    let mut stats = SolveStats::default();
    let heuristic_gap = crate::plan::relative_gap(heur_value, bound);
    // `exact` always runs the MIP; `auto` only when the heuristic's gap is open.
    if exact && (params.method == Method::Exact || heuristic_gap > params.gap) {
        let mip = instance.formulate(Some(&schedule));
        stats.variables = mip.variables.len();
        stats.constraints = mip.constraints.len();
        let t = (params.time_limit - start.elapsed().as_secs_f64()).max(1.0);
        match solve_mip(instance, mip, t, params.gap)? {
            Some((sched, proven)) => {
                method = format!("exact ({})", backend::name());
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
                    "the exact solve ({}) found no plan within the time limit; the heuristic plan is reported",
                    backend::name()
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
        &format!("exact ({}), no start", backend::name()),
        bound,
        stats,
    ))
}

/// Solves the MIP through the crate's backend ([`crate::solve::backend`]:
/// microlp, or HiGHS with `--features highs`); returns the schedule and,
/// when optimality was proven, the relative gap it was proven within
/// (`None` inside: stopped at the time limit). `Ok(None)`: no plan within
/// the time limit.
pub(super) fn solve_mip(
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
    let f = Formulation {
        variables,
        sense: Sense::Maximise,
        objective,
        constraints,
        hint,
    };
    let params = SolveParams::default().with_gap(gap.max(0.0));
    let shell = MarketEntryMip {
        variables: good_lp::ProblemVariables::new(),
        objective: Default::default(),
        constraints: Vec::new(),
        y,
        u,
        hint: Vec::new(),
    };
    match backend::solve(f, &params, time_limit)? {
        Outcome::Solved(sol) => {
            let proven = sol.optimal.then_some(gap.max(0.0));
            Ok(Some((
                instance.schedule_from(&shell, |v| sol.values.get(v)),
                proven,
            )))
        }
        Outcome::Infeasible => Err(Error::Infeasible(
            "the market-entry model has no feasible plan".into(),
        )),
        Outcome::NoSolution => Ok(None),
    }
}

/// Tightens the bound country by country: with (6) and (7) relaxed by
/// μ, ν ≥ 0 the problem splits by country (no cross-border service), and
/// each country's term is at most both its Lagrangian part and its own
/// optimum without yearly or budget limits. Countries small enough are
/// solved exactly (by the MIP) within the time left; the bound is then
/// `rest + Σ_c min(part_c, optimum_c)`.
pub(super) fn tighten_by_country(
    inst: &MarketEntryInstance,
    incumbent: &Schedule,
    parts: &[f64],
    rest: f64,
    start: &Instant,
    until: f64,
) -> Result<f64> {
    let mut parts = parts.to_vec();
    for c in 0..inst.countries.len() {
        if parts[c] <= 0.0 || crate::stop::over(*start, until) {
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
