//! The `summary.json` schemas of a plan folder, in one place.
//!
//! - A location plan: [`PlanSummary`] (from [`crate::io::tables`]), the
//!   same for `siteplan plan` and a sweep's scenario folders.
//! - A market-entry plan in `siteplan plan`: [`EntrySummary`], the location
//!   keys plus the entry's profit, countries and totals.
//! - A market-entry scenario of a sweep: [`ScenarioEntrySummary`], profit,
//!   years and totals.
//!
//! The keys and their order are a contract with users' scripts: they
//! stay as they are.

use serde::Serialize;

pub use crate::io::tables::PlanSummary;
use crate::models::market_entry::EntryTotals;
use crate::models::ModelKind;
use crate::pipeline::EntryOutcome;

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// The figures of `summary.json` for a market-entry plan of `siteplan plan`.
///
/// # Examples
///
/// ```
/// use siteplan::output::summary::EntrySummary;
/// let outcome = siteplan::pipeline::entry_doc_fixture()?;
/// let s = EntrySummary::new(&outcome, 1e6);
/// assert_eq!(s.model, "market-entry");
/// assert_eq!(s.profit, outcome.entry().totals.profit);
/// assert_eq!(s.seconds, None);
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct EntrySummary<'a> {
    /// `market-entry`.
    pub model: &'static str,
    /// The scenario's name.
    pub name: &'a str,
    /// `optimal`, `feasible`, …
    pub status: String,
    /// How the plan was found.
    pub method: &'a str,
    /// Profit (null when not finite).
    pub objective: Option<f64>,
    /// Best proven bound.
    pub bound: Option<f64>,
    /// Relative gap.
    pub gap: Option<f64>,
    /// Ids of every open site.
    pub open_sites: Vec<String>,
    /// Ids of the newly opened sites.
    pub new_sites: Vec<String>,
    /// Weight within the cutoff of an open center.
    pub covered_weight: f64,
    /// Total weight.
    pub total_weight: f64,
    /// Σ of the per-country profit of `entry_plan.csv` (= objective).
    pub profit: f64,
    /// Codes of the countries entered, in entry order.
    pub countries_entered: Vec<String>,
    /// Centers open at the end.
    pub centers: usize,
    /// Cars sold over the horizon.
    pub expected_sales: f64,
    /// Revenue.
    pub revenue: f64,
    /// Duty paid.
    pub duty_paid: f64,
    /// Country entry costs.
    pub entry_costs: f64,
    /// Center costs.
    pub center_costs: f64,
    /// First year of the horizon.
    pub first_year: Option<i32>,
    /// Last year of the horizon.
    pub last_year: Option<i32>,
    /// Why there is no plan, if there is none.
    pub reason: Option<&'a str>,
    /// Notes of the solve.
    pub notes: &'a [String],
    /// Wall-clock seconds of the solve; null unless timings were asked for.
    pub seconds: Option<f64>,
}

impl<'a> EntrySummary<'a> {
    /// The summary of `outcome`, with `covered_weight` as the map counts it.
    ///
    /// ```
    /// use siteplan::output::summary::EntrySummary;
    /// let outcome = siteplan::pipeline::entry_doc_fixture()?;
    /// assert_eq!(EntrySummary::new(&outcome, 5.0).covered_weight, 5.0);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn new(outcome: &'a EntryOutcome, covered_weight: f64) -> Self {
        let (me, plan, problem) = (outcome.entry(), outcome.plan(), outcome.problem());
        let ids = |v: &[usize]| v.iter().map(|&s| problem.sites()[s].id.clone()).collect();
        EntrySummary {
            model: ModelKind::MarketEntry.as_str(),
            name: outcome.title(),
            status: me.status.to_string(),
            method: &me.method,
            objective: finite(me.objective),
            bound: me.bound.and_then(finite),
            gap: me.gap.and_then(finite),
            open_sites: ids(&plan.open),
            new_sites: ids(&plan.new),
            covered_weight,
            total_weight: problem.total_weight(),
            profit: me.totals.profit,
            countries_entered: me
                .countries
                .iter()
                .filter(|c| c.entered)
                .map(|c| c.country.clone())
                .collect(),
            centers: me.totals.centers,
            expected_sales: me.totals.expected_sales,
            revenue: me.totals.revenue,
            duty_paid: me.totals.duty_paid,
            entry_costs: me.totals.entry_costs,
            center_costs: me.totals.center_costs,
            first_year: me.years.first().copied(),
            last_year: me.years.last().copied(),
            reason: me.reason.as_deref(),
            notes: &me.notes,
            seconds: outcome.timings().then_some(me.stats.seconds),
        }
    }
}

/// The figures of `summary.json` in a sweep's market-entry scenario folder.
///
/// # Examples
///
/// ```
/// use siteplan::output::summary::ScenarioEntrySummary;
/// let outcome = siteplan::pipeline::entry_doc_fixture()?;
/// let s = ScenarioEntrySummary::new(&outcome);
/// assert_eq!((s.model, s.profit), ("market-entry", outcome.entry().objective));
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioEntrySummary<'a> {
    /// `market-entry`.
    pub model: &'static str,
    /// `optimal`, `feasible`, …
    pub status: &'a str,
    /// How the plan was found.
    pub method: &'a str,
    /// Profit.
    pub profit: f64,
    /// Best proven bound.
    pub bound: Option<f64>,
    /// Relative gap.
    pub gap: Option<f64>,
    /// The years of the horizon.
    pub years: &'a [i32],
    /// Totals over the horizon.
    pub totals: &'a EntryTotals,
    /// Why there is no plan, if there is none.
    pub reason: &'a Option<String>,
    /// Notes of the solve.
    pub notes: &'a [String],
    /// Wall-clock seconds of the solve; null unless timings were asked for.
    pub seconds: Option<f64>,
}

impl<'a> ScenarioEntrySummary<'a> {
    /// The summary of `outcome`.
    ///
    /// ```
    /// use siteplan::output::summary::ScenarioEntrySummary;
    /// let outcome = siteplan::pipeline::entry_doc_fixture()?;
    /// assert_eq!(ScenarioEntrySummary::new(&outcome).years, [2027]);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn new(outcome: &'a EntryOutcome) -> Self {
        let plan = outcome.entry();
        ScenarioEntrySummary {
            model: ModelKind::MarketEntry.as_str(),
            status: plan.status.as_str(),
            method: &plan.method,
            profit: plan.objective,
            bound: plan.bound,
            gap: plan.gap,
            years: &plan.years,
            totals: &plan.totals,
            reason: &plan.reason,
            notes: &plan.notes,
            seconds: outcome.timings().then_some(plan.stats.seconds),
        }
    }
}
