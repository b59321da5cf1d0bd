//! Market entry as one model of the route table: the instance is built
//! from the problem, the costs and the spec's [`EntrySettings`]; the plan
//! comes back as a location [`Plan`] with its [`Timeline`], from which
//! [`report`] rebuilds the market-entry plan (countries, centers, years)
//! and its analysis (profit against duty, break-even duties).

use crate::error::{Error, Result};
use crate::models::market_entry::{EntrySettings, MarketEntryInstance, MarketEntryPlan, Schedule};
use crate::models::{ModelKind, ModelSpec};
use crate::plan::{Plan, Timeline};
use crate::problem::{Problem, SiteStatus};
use crate::solve::SolveParams;
use crate::travel::CostMatrix;

/// The spec's market-entry settings, or the usage error that names them.
fn settings(spec: &ModelSpec) -> Result<&EntrySettings> {
    spec.entry.as_deref().ok_or_else(|| {
        Error::Usage(
            "market-entry needs its settings: the [market_entry] table of a scenario file \
             (ModelSpec::with_entry in the library)"
                .into(),
        )
    })
}

/// The instance of `spec` on `problem` and `costs`.
///
/// ```
/// # let (problem, costs, spec) = siteplan::solve::market_entry::spec_doc_fixture()?;
/// let inst = siteplan::solve::market_entry::instance(&problem, &costs, &spec)?;
/// assert_eq!(inst.n_cities(), 2);
/// // Without settings the spec says what it lacks.
/// let bare = siteplan::models::ModelSpec::new(siteplan::ModelKind::MarketEntry);
/// assert!(siteplan::solve::market_entry::instance(&problem, &costs, &bare).is_err());
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn instance(
    problem: &Problem,
    costs: &CostMatrix,
    spec: &ModelSpec,
) -> Result<MarketEntryInstance> {
    let s = settings(spec)?;
    s.params.validate()?;
    MarketEntryInstance::build(problem, costs, s.market()?, &s.params)
}

/// Solves the market-entry model of `spec` (the route table's entry for
/// it): the location plan of the centers open at the end of the horizon,
/// the last year's assignment, and the [`Timeline`] of openings.
///
/// ```
/// # let (problem, costs, spec) = siteplan::solve::market_entry::spec_doc_fixture()?;
/// let plan = siteplan::solve::solve(&problem, &costs, &spec, &Default::default())?;
/// assert_eq!(plan.open, vec![0, 1]);
/// assert_eq!(plan.timeline.unwrap().opening_years(), vec![2027, 2027]);
/// # Ok::<(), siteplan::Error>(())
/// ```
pub(crate) fn solve_spec(
    problem: &Problem,
    costs: &CostMatrix,
    spec: &ModelSpec,
    params: &SolveParams,
) -> Result<Plan> {
    let inst = instance(problem, costs, spec)?;
    let me = super::solve(&inst, params)?;
    Ok(as_plan(&me, problem))
}

/// The market-entry plan of a solved `plan` (rebuilt from its timeline on
/// the same instance), with the profit-against-duty curve and break-even
/// duties when the settings ask for them.
///
/// ```
/// # let (problem, costs, spec) = siteplan::solve::market_entry::spec_doc_fixture()?;
/// use siteplan::solve::{market_entry, solve, SolveParams};
/// let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
/// let me = market_entry::report(&problem, &costs, &spec, &plan, &SolveParams::default())?;
/// assert_eq!(me.objective, plan.objective);
/// assert_eq!(me.totals.countries_entered, 2);
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn report(
    problem: &Problem,
    costs: &CostMatrix,
    spec: &ModelSpec,
    plan: &Plan,
    params: &SolveParams,
) -> Result<MarketEntryPlan> {
    let inst = instance(problem, costs, spec)?;
    let timeline = plan.timeline.clone().unwrap_or_default();
    let mut at: Vec<Option<usize>> = vec![None; problem.sites().len()];
    for (&site, &t) in plan.open.iter().zip(&timeline.opens) {
        at[site] = Some(t);
    }
    let schedule: Schedule = inst.candidates().iter().map(|c| at[c.site]).collect();
    let solved = inst.with_plant(timeline.plant);
    let mut me = solved.plan(
        &schedule,
        plan.status,
        &plan.method,
        plan.bound,
        plan.stats.clone(),
    );
    super::analyse(&inst, &mut me, params)?;
    Ok(me)
}

/// The market-entry plan as a location [`Plan`]: the centers open at the
/// end of the horizon, the last year's assignment and the timeline.
fn as_plan(me: &MarketEntryPlan, problem: &Problem) -> Plan {
    let mut centers: Vec<(usize, i32)> =
        me.centers.iter().map(|c| (c.site, c.year_opened)).collect();
    centers.sort_unstable();
    let open: Vec<usize> = centers.iter().map(|c| c.0).collect();
    let opens = centers
        .iter()
        .map(|&(_, y)| me.years.iter().position(|&v| v == y).unwrap_or(0))
        .collect();
    let new: Vec<usize> = open
        .iter()
        .copied()
        .filter(|&s| problem.sites()[s].status == SiteStatus::Candidate)
        .collect();
    let mut method = me.method.clone();
    for n in me.notes.iter().filter(|n| n.starts_with("the exact solve")) {
        method = format!("{method}; {n}");
    }
    Plan {
        model: ModelKind::MarketEntry,
        timeline: Some(Timeline {
            years: me.years.clone(),
            opens,
            plant: me.plant_built,
        }),
        method,
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

/// Berlin and Paris, one city each, the numbers of the
/// [`MarketEntryInstance`] example, as a problem, costs and spec.
#[doc(hidden)]
pub fn spec_doc_fixture() -> Result<(Problem, CostMatrix, ModelSpec)> {
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
    let problem = Problem::builder()
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
    let costs = Haversine.cost_matrix(&problem, Reach::cost_cutoff(params.cutoff_km))?;
    let spec = ModelSpec::new(ModelKind::MarketEntry)
        .with_entry(EntrySettings::new(params).with_market(market));
    Ok((problem, costs, spec))
}
