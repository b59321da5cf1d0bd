//! Profit against duty and break-even duties, by re-solving.

use super::heuristic::*;
use crate::error::Result;
use crate::models::market_entry::{
    BreakEven, CurvePoint, EntryAnalysis, MarketEntryInstance, MarketEntryPlan, Route, Schedule,
};
use crate::plan::{PlanStatus, SolveStats};
use crate::solve::SolveParams;
use std::time::Instant;

/// Highest duty (percent) the break-even search tries.
pub const BREAK_EVEN_LIMIT_PCT: f64 = 100.0;

/// Width (percentage points) the break-even search narrows the duty to.
pub const BREAK_EVEN_TOLERANCE_PP: f64 = 0.02;

/// The schedule a plan encodes on `instance` (centers by site, years by value).
///
/// ```
/// # let (inst, plan) = siteplan::solve::market_entry::analysis_doc_fixture()?;
/// let s = siteplan::solve::market_entry::schedule_of(&inst, &plan);
/// assert_eq!(inst.evaluate(&s).objective, plan.objective);
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn schedule_of(instance: &MarketEntryInstance, plan: &MarketEntryPlan) -> Schedule {
    let years = instance.years();
    let mut s = instance.empty_schedule();
    for c in &plan.centers {
        if let Some(k) = instance.candidates().iter().position(|k| k.site == c.site) {
            s[k] = years.iter().position(|&y| y == c.year_opened);
        }
    }
    s
}

/// The plan re-solved at each EU27 duty on battery-electric imports in
/// `duties_pct`: from the highest duty down, the better of a solve from
/// nothing and one starting from the plan one level up (feasible, and worth
/// at least as much at the lower duty), so profit never rises with the
/// duty. Each variant of the plant decision is tried. Returned lowest duty
/// first.
///
/// ```
/// # let (inst, _) = siteplan::solve::market_entry::analysis_doc_fixture()?;
/// use siteplan::solve::market_entry::entry_curve;
/// let curve = entry_curve(&inst, &Default::default(), &[0.0, 10.0, 50.0])?;
/// assert_eq!(curve.len(), 3);
/// assert!(curve.windows(2).all(|w| w[1].profit <= w[0].profit));
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn entry_curve(
    instance: &MarketEntryInstance,
    params: &SolveParams,
    duties_pct: &[f64],
) -> Result<Vec<CurvePoint>> {
    let mut levels = duties_pct.to_vec();
    levels.sort_by(|a, b| b.total_cmp(a));
    levels.dedup();
    let mut prev: Option<(bool, Schedule, usize)> = None; // plant, plan, imported-car centers
    let mut out = Vec::new();
    // Each solve is stopped only by the time limit itself (not a share of
    // it), so that the curve does not depend on the machine's speed.
    let seconds = params.time_limit.max(0.0);
    for d in levels {
        let inst = instance.with_bev_duty(None, d);
        let variants: Vec<MarketEntryInstance> = if inst.plant_possible() && !inst.plant_on() {
            vec![inst.with_plant(false), inst.with_plant(true)]
        } else {
            vec![inst]
        };
        // Candidates: from nothing, and from the plan one level up with
        // openings only added (greedy). The latter, on the same plant
        // choice, is always allowed: it is worth at least the plan above
        // and keeps its centers. Others must keep at least as many
        // imported-car centers, so neither profit nor that count rises
        // with the duty.
        let mut best: Option<(f64, MarketEntryInstance, Schedule, usize)> = None;
        for v in variants {
            let mut tries = vec![(false, heuristic_schedule(&v, None, seconds))];
            if let Some((_, s, _)) = &prev {
                tries.push((true, added_to(&v, s, seconds)));
            }
            for (warm, s) in tries {
                let value = v.evaluate(&s).objective;
                let imports = import_centers(&v, &s);
                let allowed = match &prev {
                    None => true,
                    Some((plant, _, n)) => (warm && *plant == v.plant_on()) || imports >= *n,
                };
                if allowed && best.as_ref().is_none_or(|b| value > b.0 + EPS) {
                    best = Some((value, v.clone(), s, imports));
                }
            }
        }
        let (_, inst, s, imports) = best.expect("the plan above, extended, is always allowed");
        let plan = inst.plan(
            &s,
            PlanStatus::Feasible,
            "heuristic",
            None,
            SolveStats::default(),
        );
        out.push(point(&inst, &plan, d));
        prev = Some((inst.plant_on(), s, imports));
    }
    out.reverse();
    Ok(out)
}

/// `start` with openings added (and moved earlier) by the greedy only;
/// `start` itself when that is worth more.
fn added_to(inst: &MarketEntryInstance, start: &Schedule, seconds: f64) -> Schedule {
    let t0 = Instant::now();
    let mut h = Heuristic::from_schedule(inst, start);
    h.greedy(&t0, seconds);
    if inst.evaluate(&h.sched).objective >= inst.evaluate(start).objective {
        h.sched
    } else {
        start.clone()
    }
}

/// Open centers in countries whose last-year route imports the cars.
fn import_centers(inst: &MarketEntryInstance, s: &Schedule) -> usize {
    let v = inst.evaluate(s);
    let last = inst.years().len() - 1;
    inst.candidates()
        .iter()
        .zip(s)
        .filter(|(c, o)| {
            o.is_some() && v.country_route[c.country][last].is_none_or(|r: Route| r.is_import())
        })
        .count()
}

/// Greedy, local search and polish from `start` (or from nothing) within
/// `seconds`; never worse than the start.
fn heuristic_schedule(
    inst: &MarketEntryInstance,
    start: Option<&Schedule>,
    seconds: f64,
) -> Schedule {
    let t0 = Instant::now();
    let mut h = match start {
        Some(s) => Heuristic::from_schedule(inst, s),
        None => Heuristic::new(inst),
    };
    h.greedy(&t0, seconds * 0.5);
    h.local_search(&t0, seconds * 0.75);
    h.polish(&t0, seconds);
    match start {
        Some(s) if inst.evaluate(s).objective > inst.evaluate(&h.sched).objective => s.clone(),
        _ => h.sched,
    }
}

fn point(inst: &MarketEntryInstance, plan: &MarketEntryPlan, d: f64) -> CurvePoint {
    let last_route = |code: &str| -> Option<Route> {
        let c = plan.countries.iter().find(|c| c.country == code)?;
        let r = c.routes.iter().rev().find(|r| !r.is_empty())?;
        r.parse().ok()
    };
    let per_car = |code: &str| -> f64 {
        let Some(r) = last_route(code) else {
            return 0.0;
        };
        inst.countries()
            .iter()
            .find(|c| c.iso2 == code)
            .and_then(|c| c.routes.iter().find(|e| e.route == r))
            .map_or(0.0, |e| e.contribution_per_car.max(0.0))
    };
    CurvePoint {
        duty_pct: d,
        profit: plan.objective,
        countries_entered: plan.totals.countries_entered,
        centers: plan.totals.centers,
        import_centers: plan
            .centers
            .iter()
            .filter(|c| last_route(&c.country).is_none_or(|r| r.is_import()))
            .count(),
        cars: plan.totals.expected_sales,
        plant_built: plan.plant_built,
        entered: plan
            .countries
            .iter()
            .filter(|c| c.entered)
            .map(|c| {
                format!(
                    "{}:{}:{}",
                    c.country,
                    c.entry_year.unwrap_or_default(),
                    last_route(&c.country).map_or("", |r| r.name())
                )
            })
            .collect(),
        store_value: plan
            .centers
            .iter()
            .map(|c| c.expected_sales * per_car(&c.country))
            .fold(0.0, f64::max),
    }
}

/// Whether country `c` alone (no yearly or budget limits, the plant as in
/// `plant_built` and its cost sunk) pays to enter at a duty of `duty_pct`
/// on its battery-electric imports.
///
/// ```
/// # let (inst, plan) = siteplan::solve::market_entry::analysis_doc_fixture()?;
/// use siteplan::solve::market_entry::enters_alone;
/// assert!(enters_alone(&inst, 0, plan.plant_built, 0.0));
/// assert!(!enters_alone(&inst, 0, plan.plant_built, 100.0));
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn enters_alone(
    instance: &MarketEntryInstance,
    c: usize,
    plant_built: bool,
    duty_pct: f64,
) -> bool {
    enters(&alone(instance, c, plant_built), c, duty_pct)
}

/// Country `c` alone, the plant as given and its cost sunk.
fn alone(instance: &MarketEntryInstance, c: usize, plant_built: bool) -> MarketEntryInstance {
    let mut x = instance.restricted_to_country(c).without_plant_cost();
    x.set_plant(plant_built);
    x
}

fn enters(sub: &MarketEntryInstance, c: usize, duty_pct: f64) -> bool {
    let sub = sub.with_bev_duty(Some(c), duty_pct);
    let s = heuristic_schedule(&sub, None, f64::INFINITY);
    sub.entry_years(&s)[c].is_some() && sub.evaluate(&s).objective > 0.0
}

/// Each country's break-even duty on its battery-electric imports: the
/// duty above which it alone no longer pays to enter, found by bisection
/// on re-solves to within [`BREAK_EVEN_TOLERANCE_PP`].
///
/// ```
/// # let (inst, plan) = siteplan::solve::market_entry::analysis_doc_fixture()?;
/// use siteplan::solve::market_entry::{break_even_duties, enters_alone};
/// let be = break_even_duties(&inst, plan.plant_built);
/// let d = be[0].duty_pct.unwrap();
/// assert!(enters_alone(&inst, 0, false, d - 0.1) && !enters_alone(&inst, 0, false, d + 0.1));
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn break_even_duties(instance: &MarketEntryInstance, plant_built: bool) -> Vec<BreakEven> {
    let mut out = Vec::new();
    for (c, terms) in instance.countries().iter().enumerate() {
        if terms.n_cities == 0 || terms.present || !terms.base_sales.is_some_and(|s| s > 0.0) {
            continue;
        }
        let sub = alone(instance, c, plant_built);
        let at_zero = enters(&sub, c, 0.0);
        let duty_pct = if !at_zero || enters(&sub, c, BREAK_EVEN_LIMIT_PCT) {
            None
        } else {
            let (mut lo, mut hi) = (0.0, BREAK_EVEN_LIMIT_PCT);
            while hi - lo > BREAK_EVEN_TOLERANCE_PP {
                let mid = 0.5 * (lo + hi);
                if enters(&sub, c, mid) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            Some(0.5 * (lo + hi))
        };
        out.push(BreakEven {
            country: terms.iso2.clone(),
            duty_pct,
            entered_at_zero: at_zero,
        });
    }
    out
}

/// The analysis a plan's parameters ask for (`curve_duties_pct`,
/// `break_even`), with each country's break-even duty copied into the plan.
///
/// ```
/// # let (inst, mut plan) = siteplan::solve::market_entry::analysis_doc_fixture()?;
/// siteplan::solve::market_entry::analyse(&inst, &mut plan, &Default::default())?;
/// assert!(plan.analysis.curve.is_empty()); // the fixture asks for nothing
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn analyse(
    instance: &MarketEntryInstance,
    plan: &mut MarketEntryPlan,
    params: &SolveParams,
) -> Result<()> {
    let p = instance.params();
    let mut a = EntryAnalysis {
        search_limit_pct: BREAK_EVEN_LIMIT_PCT,
        ..Default::default()
    };
    if !p.curve_duties_pct.is_empty() {
        a.curve = entry_curve(instance, params, &p.curve_duties_pct)?;
    }
    if p.break_even {
        a.break_even = break_even_duties(instance, plan.plant_built);
        for b in &a.break_even {
            if let Some(c) = plan.countries.iter_mut().find(|c| c.country == b.country) {
                c.break_even_duty_pct = b.duty_pct;
            }
        }
    }
    plan.analysis = a;
    Ok(())
}

/// Germany and France with one city each, solved (for the examples).
#[doc(hidden)]
pub fn analysis_doc_fixture() -> Result<(MarketEntryInstance, MarketEntryPlan)> {
    use crate::market::{CountryFacts, DutyTable, MarketData};
    use crate::models::market_entry::{city_sites, Decay, MarketEntryParams};
    use crate::travel::{Haversine, Reach, TravelCost};
    let city = |id: &str, lat: f64, lon: f64, iso2: &str| {
        let mut d = crate::problem::DemandPoint::new(id, lat, lon, 1.0);
        d.country = Some(iso2.into());
        d
    };
    let demand = vec![
        city("berlin", 52.52, 13.40, "DE"),
        city("paris", 48.86, 2.35, "FR"),
    ];
    let problem = crate::problem::Problem::builder()
        .demands(demand.clone())
        .sites(city_sites(&demand))
        .build()?;
    let market = MarketData::new(
        vec![
            CountryFacts::new("DE", "Germany", true).with_bev_sales(1000.0),
            CountryFacts::new("FR", "France", true).with_bev_sales(1000.0),
        ],
        DutyTable::regulation_2024_2754(),
    );
    let params = MarketEntryParams {
        price: 10_000.0,
        gross_margin_pct: 20.0,
        logistics_per_car: 0.0,
        eu_duty_pct: Some(0.0),
        growth_pct: 0.0,
        market_share_pct: 10.0,
        decay: Decay::None,
        fixed_cost: 50_000.0,
        entry_cost: 100_000.0,
        ..Default::default()
    };
    let costs =
        Haversine.cost_matrix(&problem, Reach::cutoff(crate::units::Km(params.cutoff_km)))?;
    let inst = MarketEntryInstance::build(&problem, &costs, &market, &params)?;
    let plan = super::route::solve(&inst, &SolveParams::default())?;
    Ok((inst, plan))
}
