//! `summary.json`: one schema for every plan folder.
//!
//! [`Summary`] holds the keys every summary has (`model`, `status`,
//! `method`, `objective`, `bound`, `gap`, `open_sites`, `new_sites`,
//! `covered_weight`, `total_weight`, `seconds`) and optional sections a
//! model adds, each written only when present, in a fixed place:
//!
//! | section | keys | written for |
//! |---|---|---|
//! | `name` | `name` | market entry (the scenario's name) |
//! | [`Served`] | `served_weight`, `unserved_weight` | location models |
//! | [`CostFigures`] | `weighted_cost`, `max_cost`, `cutoff` | location models |
//! | [`EntryFigures`] | `profit`, `countries_entered`, `centers`, `expected_sales`, `revenue`, `duty_paid`, `entry_costs`, `center_costs`, `first_year`, `last_year`, (`years`, `totals`), `reason`, `notes` | market entry (`years` and `totals` in a sweep's scenario folders) |
//! | [`SolverFigures`] | `nodes`, `variables`, `constraints` | location models |
//! | [`ShareFigures`] | `share_before`, `share_after`, `captured_weight` | share models (`market-share`, `target-share`) |
//!
//! The keys are a contract with users' scripts (docs/OUTPUTS.md): keys are
//! added, never renamed or dropped. Numbers use Rust's shortest round-trip
//! form, so equal plans give equal bytes; `seconds`, the solve's wall-clock
//! time, is null unless timings are asked for ([`Summary::with_timings`]).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::error::Result;
use crate::io::write_atomic;
use crate::models::market_entry::EntryTotals;
use crate::models::market_share::ShareReport;
use crate::pipeline::PlanOutcome;
use crate::plan::Plan;
use crate::problem::Problem;

/// The figures of `summary.json`, for every model.
///
/// # Examples
///
/// ```
/// # use siteplan::prelude::*;
/// # let problem = Problem::builder()
/// #     .demand(DemandPoint::new("shanghai", 31.23, 121.47, 25.0))
/// #     .demand(DemandPoint::new("suzhou", 31.30, 120.59, 5.0))
/// #     .demand(DemandPoint::new("hangzhou", 30.27, 120.16, 6.0))
/// #     .site(Site::new("sh-1", 31.22, 121.48).with_status(SiteStatus::Existing))
/// #     .site(Site::new("sz-1", 31.31, 120.62))
/// #     .site(Site::new("hz-1", 30.28, 120.15))
/// #     .build()?;
/// # let costs = Haversine.cost_matrix(&problem, Reach::all())?;
/// # let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
/// # let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
/// // Shanghai (weight 25), Suzhou (5) and Hangzhou (6): the plan keeps the
/// // existing sh-1 (Shanghai) open and opens hz-1 (Hangzhou); sz-1 stays closed.
/// let s = summary(&problem, &plan, Some(50.0));
/// assert_eq!(s.open_sites, ["sh-1", "hz-1"]);
/// assert_eq!(s.new_sites, ["hz-1"]);
/// // Suzhou (5) is served, but beyond the 50 km cutoff.
/// let served = s.served.as_ref().unwrap().served_weight;
/// assert_eq!((s.covered_weight, served, s.total_weight), (31.0, 36.0, 36.0));
/// assert_eq!(s.seconds, None);
/// assert!(s.entry.is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Model name (`p-median`, …, `market-entry`).
    pub model: String,
    /// The scenario's name (market entry); not written when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `optimal`, `feasible`, `infeasible` or `no-solution`.
    pub status: String,
    /// How the plan was found (e.g. `exact (microlp)`).
    pub method: String,
    /// The model's objective (null when there is no plan); market entry:
    /// the profit.
    pub objective: Option<f64>,
    /// Best proven bound, if any.
    pub bound: Option<f64>,
    /// Relative gap between objective and bound, if a bound is known.
    pub gap: Option<f64>,
    /// Ids of every open site.
    pub open_sites: Vec<String>,
    /// Ids of the newly opened sites.
    pub new_sites: Vec<String>,
    /// Weight served within the cutoff (all served weight without one).
    pub covered_weight: f64,
    /// Served and unserved weight (location models).
    #[serde(flatten)]
    pub served: Option<Served>,
    /// Sum of all demand weights.
    pub total_weight: f64,
    /// Assignment costs and the cutoff (location models).
    #[serde(flatten)]
    pub costs: Option<CostFigures>,
    /// Profit, countries and totals (market entry).
    #[serde(flatten)]
    pub entry: Option<EntryFigures>,
    /// Wall-clock seconds of the solve; `None` (null in the file) unless
    /// timings were asked for ([`Summary::with_timings`]).
    pub seconds: Option<f64>,
    /// The size of the model solved (location models).
    #[serde(flatten)]
    pub solver: Option<SolverFigures>,
    /// Our market share before and after, and the demand captured (share
    /// models).
    #[serde(flatten)]
    pub share: Option<ShareFigures>,
}

/// [`Summary`] under its earlier name, from when location plans had a
/// summary type of their own.
///
/// ```
/// let s: siteplan::output::summary::PlanSummary = siteplan::output::summary::Summary {
///     model: "p-median".into(), name: None, status: "optimal".into(), method: "x".into(),
///     objective: None, bound: None, gap: None, open_sites: vec![], new_sites: vec![],
///     covered_weight: 0.0, served: None, total_weight: 0.0, costs: None, entry: None,
///     seconds: None, solver: None, share: None,
/// };
/// assert_eq!(s.model, "p-median");
/// ```
pub type PlanSummary = Summary;

/// The section of served weight ([`Summary::served`]).
///
/// ```
/// let s = siteplan::output::summary::Served { served_weight: 3.0, unserved_weight: 1.0 };
/// assert_eq!(s.served_weight + s.unserved_weight, 4.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Served {
    /// Weight served at any cost.
    pub served_weight: f64,
    /// Weight not served.
    pub unserved_weight: f64,
}

/// The section of assignment costs ([`Summary::costs`]).
///
/// ```
/// let c = siteplan::output::summary::CostFigures { weighted_cost: 6.0, max_cost: 3.0, cutoff: None };
/// assert!(c.max_cost <= c.weighted_cost);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostFigures {
    /// Σ weight × share × cost over the assignment.
    pub weighted_cost: f64,
    /// Largest cost of a served pair.
    pub max_cost: f64,
    /// The coverage cutoff used for `covered_weight`, if any.
    pub cutoff: Option<f64>,
}

/// The section of solver figures ([`Summary::solver`]).
///
/// ```
/// let s = siteplan::output::summary::SolverFigures { nodes: 0, variables: 3, constraints: 2 };
/// assert_eq!(s.variables, 3);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SolverFigures {
    /// Branch-and-bound nodes.
    pub nodes: u64,
    /// Variables of the model solved.
    pub variables: usize,
    /// Constraints of the model solved.
    pub constraints: usize,
}

/// The section of the share models ([`Summary::share`]): our share of the
/// total demand with the existing network and with the plan, and the
/// demand the plan's stores capture.
///
/// ```
/// let s = siteplan::output::summary::ShareFigures { share_before: 0.2, share_after: 0.3, captured_weight: 30.0 };
/// assert!(s.share_after > s.share_before);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShareFigures {
    /// Captured / total demand with the stores open before the plan.
    pub share_before: f64,
    /// Captured / total demand with the plan's stores.
    pub share_after: f64,
    /// Demand the plan's stores capture (Σ weight × choice probability).
    pub captured_weight: f64,
}

/// The market-entry section ([`Summary::entry`]).
///
/// # Examples
///
/// ```
/// use siteplan::output::summary::Summary;
/// let outcome = siteplan::pipeline::entry_doc_fixture()?;
/// let entry = Summary::entry(&outcome, 1e6).entry.unwrap();
/// assert_eq!(entry.profit, outcome.entry().totals.profit);
/// assert!(entry.years.is_none() && entry.totals.is_none());
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntryFigures {
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
    /// The years of the horizon (a sweep's scenario folders).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub years: Option<Vec<i32>>,
    /// Totals over the horizon (a sweep's scenario folders).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub totals: Option<EntryTotals>,
    /// Why there is no plan, if there is none.
    pub reason: Option<String>,
    /// Notes of the solve.
    pub notes: Vec<String>,
    /// The EU assembly plant is built.
    pub plant_built: bool,
    /// Countries entered per year (entry year → codes).
    pub entries_by_year: BTreeMap<i32, Vec<String>>,
    /// Route in the last year per entered country.
    pub routes: BTreeMap<String, String>,
    /// Break-even duty per analysed country (null: pays at every duty up to the search limit, or at none).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub break_even_duty_pct: BTreeMap<String, Option<f64>>,
    /// Duty levels of `entry_curve.csv` (empty: no curve).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub curve_duties_pct: Vec<f64>,
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// A few lines for people: model and status, objective (and bound), the
/// open and new sites, and the covered share of the weight.
///
/// ```
/// # use siteplan::{Assignment, Plan, PlanStatus, ModelKind, SolveStats, Problem, DemandPoint, Site};
/// # let p = Problem::builder().demand(DemandPoint::new("a", 0.0, 0.0, 3.0))
/// #     .demand(DemandPoint::new("b", 0.0, 0.0, 1.0)).site(Site::new("s", 0.0, 0.0)).build()?;
/// # let plan = Plan { model: ModelKind::MaxCoverage, method: "exact".into(), status: PlanStatus::Optimal,
/// #     open: vec![0], new: vec![0], assignment: vec![Assignment { demand: 0, site: 0, share: 1.0, cost: 2.0 }],
/// #     objective: 3.0, bound: Some(3.0), gap: Some(0.0), stats: SolveStats::default(), timeline: None };
/// let text = siteplan::output::summary::summary(&p, &plan, Some(50.0)).to_string();
/// assert!(text.starts_with("max-coverage: optimal (exact)\nobjective 3, bound 3, gap 0.00%\n"));
/// assert!(text.contains("open sites: 1 (1 new: s)\n"));
/// assert!(text.ends_with("covered demand within 50: 3 of 4 (75.00%)\n"));
/// # Ok::<(), siteplan::Error>(())
/// ```
impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let num = |v: f64| {
            if v.abs() >= 1000.0 {
                return crate::units::grouped(v);
            }
            let s = format!("{v:.3}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        };
        writeln!(f, "{}: {} ({})", self.model, self.status, self.method)?;
        if let Some(obj) = self.objective {
            let bound = match (self.bound, self.gap) {
                (Some(b), Some(g)) => format!(", bound {}, gap {:.2}%", num(b), 100.0 * g),
                _ => String::new(),
            };
            writeln!(f, "objective {}{bound}", num(obj))?;
        }
        let mut shown: Vec<&str> = self.new_sites.iter().take(10).map(String::as_str).collect();
        if self.new_sites.len() > 10 {
            shown.push("…");
        }
        writeln!(
            f,
            "open sites: {} ({} new{}{})",
            self.open_sites.len(),
            self.new_sites.len(),
            if shown.is_empty() { "" } else { ": " },
            shown.join(", ")
        )?;
        let within = self
            .costs
            .as_ref()
            .and_then(|c| c.cutoff)
            .map(|c| format!(" within {c}"))
            .unwrap_or_default();
        writeln!(
            f,
            "covered demand{within}: {} of {} ({:.2}%)",
            num(self.covered_weight),
            num(self.total_weight),
            100.0 * self.covered_weight / self.total_weight.max(f64::MIN_POSITIVE)
        )
    }
}

impl Summary {
    /// The same summary with `seconds` set to `seconds` (timings on) or
    /// `None` (off, the default: files stay byte-identical across runs).
    ///
    /// ```
    /// use siteplan::{Plan, PlanStatus, ModelKind, SolveStats, Problem, DemandPoint, Site};
    /// let p = Problem::builder().demand(DemandPoint::new("a", 0.0, 0.0, 1.0)).site(Site::new("s", 0.0, 0.0)).build()?;
    /// let plan = Plan { model: ModelKind::PMedian, method: "x".into(), status: PlanStatus::Optimal,
    ///     open: vec![], new: vec![], assignment: vec![], objective: 0.0, bound: None, gap: None,
    ///     stats: SolveStats { seconds: 1.5, ..SolveStats::default() }, timeline: None };
    /// let s = siteplan::output::summary::summary(&p, &plan, None);
    /// assert_eq!(s.seconds, None);
    /// assert_eq!(s.with_timings(Some(plan.stats.seconds)).seconds, Some(1.5));
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn with_timings(mut self, seconds: Option<f64>) -> Self {
        self.seconds = seconds;
        self
    }

    /// The same summary with the share models' section from `report`.
    ///
    /// ```
    /// use siteplan::prelude::*;
    /// use siteplan::output::summary::summary;
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 0.0, 0.0, 10.0))
    ///     .site(Site::new("new", 0.0, 0.0))
    ///     .build()?;
    /// let costs = Haversine.cost_matrix(&p, Reach::all())?;
    /// let spec = ModelSpec::new(ModelKind::MarketShare).with_new_sites(1);
    /// let plan = solve(&p, &costs, &spec, &SolveParams::default())?;
    /// let report = siteplan::solve::share::report(&p, &costs, &spec, &plan)?;
    /// let s = summary(&p, &plan, None).with_share(&report).share.unwrap();
    /// // One store against the outside option (weight 1): half the demand.
    /// assert_eq!((s.share_before, s.captured_weight), (0.0, 5.0));
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn with_share(mut self, report: &ShareReport) -> Self {
        self.share = Some(ShareFigures {
            share_before: report.share_before(),
            share_after: report.share_after(),
            captured_weight: report.captured_after,
        });
        self
    }

    /// The summary of a market-entry plan in `siteplan plan`, with
    /// `covered_weight` as the map counts it.
    ///
    /// ```
    /// use siteplan::output::summary::Summary;
    /// let outcome = siteplan::pipeline::entry_doc_fixture()?;
    /// let s = Summary::entry(&outcome, 5.0);
    /// assert_eq!((s.model.as_str(), s.covered_weight), ("market-entry", 5.0));
    /// assert_eq!(s.objective, Some(outcome.entry().objective));
    /// assert!(s.served.is_none() && s.costs.is_none() && s.solver.is_none());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn entry(outcome: &PlanOutcome, covered_weight: f64) -> Self {
        let (plan, problem) = (outcome.plan(), outcome.problem());
        let Some(me) = outcome.entry() else {
            // Another model: its own summary.
            return summary(problem, plan, outcome.cutoff());
        };
        let ids = |v: &[usize]| v.iter().map(|&s| problem.sites()[s].id.clone()).collect();
        Summary {
            model: plan.model.to_string(),
            name: Some(outcome.title().to_string()),
            status: me.status.to_string(),
            method: me.method.clone(),
            objective: finite(me.objective),
            bound: me.bound.and_then(finite),
            gap: me.gap.and_then(finite),
            open_sites: ids(&plan.open),
            new_sites: ids(&plan.new),
            covered_weight,
            served: None,
            total_weight: problem.total_weight(),
            costs: None,
            entry: Some(EntryFigures {
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
                years: None,
                totals: None,
                reason: me.reason.clone(),
                notes: me.notes.clone(),
                plant_built: me.plant_built,
                entries_by_year: {
                    let mut m: BTreeMap<i32, Vec<String>> = BTreeMap::new();
                    for c in me.countries.iter().filter(|c| c.entered) {
                        if let Some(y) = c.entry_year {
                            m.entry(y).or_default().push(c.country.clone());
                        }
                    }
                    m
                },
                routes: me
                    .countries
                    .iter()
                    .filter(|c| c.entered)
                    .filter_map(|c| {
                        let r = c.routes.iter().rev().find(|r| !r.is_empty())?;
                        Some((c.country.clone(), r.clone()))
                    })
                    .collect(),
                break_even_duty_pct: me
                    .analysis
                    .break_even
                    .iter()
                    .map(|b| (b.country.clone(), b.duty_pct))
                    .collect(),
                curve_duties_pct: me.analysis.curve.iter().map(|p| p.duty_pct).collect(),
            }),
            seconds: outcome.timings().then_some(me.stats.seconds),
            solver: None,
            share: None,
        }
    }

    /// The summary in a sweep's market-entry scenario folder: the
    /// summary of [`Summary::entry`] with the horizon's `years` and
    /// `totals` too.
    ///
    /// ```
    /// use siteplan::output::summary::Summary;
    /// let outcome = siteplan::pipeline::entry_doc_fixture()?;
    /// let entry = Summary::entry_scenario(&outcome, 5.0).entry.unwrap();
    /// assert_eq!(entry.years.as_deref(), Some(&[2027][..]));
    /// assert_eq!(entry.totals.unwrap().profit, outcome.entry().objective);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn entry_scenario(outcome: &PlanOutcome, covered_weight: f64) -> Self {
        let mut s = Summary::entry(outcome, covered_weight);
        if let (Some(entry), Some(me)) = (s.entry.as_mut(), outcome.entry()) {
            entry.years = Some(me.years.clone());
            entry.totals = Some(me.totals.clone());
        }
        s
    }
}

/// Summarises a location plan; `cutoff` decides which served weight
/// counts as covered. `seconds` is left `None` (see
/// [`Summary::with_timings`]).
///
/// ```
/// use siteplan::{Plan, PlanStatus, ModelKind, SolveStats, Assignment, Problem, DemandPoint, Site};
/// let p = Problem::builder().demand(DemandPoint::new("a", 0.0, 0.0, 2.0))
///     .demand(DemandPoint::new("b", 0.0, 0.0, 1.0)).site(Site::new("s", 0.0, 0.0)).build()?;
/// let plan = Plan { model: ModelKind::PMedian, method: "x".into(), status: PlanStatus::Optimal,
///     open: vec![0], new: vec![0],
///     assignment: vec![Assignment { demand: 0, site: 0, share: 1.0, cost: 3.0 }],
///     objective: 6.0, bound: Some(6.0), gap: Some(0.0), stats: SolveStats::default(), timeline: None };
/// let s = siteplan::output::summary::summary(&p, &plan, None);
/// assert_eq!(s.new_sites, vec!["s"]);
/// let served = s.served.unwrap();
/// assert_eq!((served.served_weight, served.unserved_weight), (2.0, 1.0));
/// assert_eq!(s.costs.unwrap().weighted_cost, 6.0);
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn summary(problem: &Problem, plan: &Plan, cutoff: Option<f64>) -> Summary {
    let ids =
        |v: &[usize]| -> Vec<String> { v.iter().map(|&s| problem.sites()[s].id.clone()).collect() };
    let (mut served, mut covered, mut cost, mut max_cost) = (0.0, 0.0, 0.0, 0.0f64);
    for a in &plan.assignment {
        let w = problem.demand()[a.demand].weight * a.share;
        served += w;
        cost += w * a.cost;
        max_cost = max_cost.max(a.cost);
        if cutoff.is_none_or(|r| a.cost <= r) {
            covered += w;
        }
    }
    Summary {
        model: plan.model.to_string(),
        name: None,
        status: plan.status.to_string(),
        method: plan.method.clone(),
        objective: finite(plan.objective),
        bound: plan.bound.and_then(finite),
        gap: plan.gap.and_then(finite),
        open_sites: ids(&plan.open),
        new_sites: ids(&plan.new),
        covered_weight: covered,
        served: Some(Served {
            served_weight: served,
            unserved_weight: (problem.total_weight() - served).max(0.0),
        }),
        total_weight: problem.total_weight(),
        costs: Some(CostFigures {
            weighted_cost: cost,
            max_cost,
            cutoff,
        }),
        entry: None,
        seconds: None,
        solver: Some(SolverFigures {
            nodes: plan.stats.nodes,
            variables: plan.stats.variables,
            constraints: plan.stats.constraints,
        }),
        share: None,
    }
}

/// Writes `summary.json` (pretty JSON, keys in a fixed order).
///
/// # Examples
///
/// ```
/// # use siteplan::prelude::*;
/// # let problem = Problem::builder()
/// #     .demand(DemandPoint::new("shanghai", 31.23, 121.47, 25.0))
/// #     .demand(DemandPoint::new("suzhou", 31.30, 120.59, 5.0))
/// #     .demand(DemandPoint::new("hangzhou", 30.27, 120.16, 6.0))
/// #     .site(Site::new("sh-1", 31.22, 121.48).with_status(SiteStatus::Existing))
/// #     .site(Site::new("sz-1", 31.31, 120.62))
/// #     .site(Site::new("hz-1", 30.28, 120.15))
/// #     .build()?;
/// # let costs = Haversine.cost_matrix(&problem, Reach::all())?;
/// # let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
/// # let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
/// // Shanghai (weight 25), Suzhou (5) and Hangzhou (6): the plan keeps the
/// // existing sh-1 (Shanghai) open and opens hz-1 (Hangzhou); sz-1 stays closed.
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("summary.json");
/// siteplan::output::summary::write_summary(&path, &summary(&problem, &plan, Some(50.0)))?;
/// let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
/// assert_eq!(json["new_sites"], serde_json::json!(["hz-1"]));
/// assert_eq!(json["covered_weight"], 31.0);
/// assert!(json["seconds"].is_null());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_summary(path: &Path, summary: &Summary) -> Result<()> {
    write_atomic(path, |w| write_summary_to(w, summary))
}

/// Writes the text of `summary.json` to any writer.
///
/// # Examples
///
/// ```
/// # use siteplan::prelude::*;
/// # let problem = Problem::builder()
/// #     .demand(DemandPoint::new("shanghai", 31.23, 121.47, 25.0))
/// #     .demand(DemandPoint::new("hangzhou", 30.27, 120.16, 6.0))
/// #     .site(Site::new("sh-1", 31.22, 121.48).with_status(SiteStatus::Existing))
/// #     .site(Site::new("hz-1", 30.28, 120.15))
/// #     .build()?;
/// # let costs = Haversine.cost_matrix(&problem, Reach::all())?;
/// # let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
/// # let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
/// let mut buf = Vec::new();
/// siteplan::output::summary::write_summary_to(&mut buf, &summary(&problem, &plan, None))?;
/// let json: serde_json::Value = serde_json::from_slice(&buf)?;
/// assert_eq!(json["model"], "p-median");
/// assert_eq!(json["open_sites"], serde_json::json!(["sh-1", "hz-1"]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_summary_to(mut w: impl Write, summary: &Summary) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut w, summary)?;
    w.write_all(b"\n")
}

/// The text of `summary.json`, for notebooks and tests.
///
/// ```
/// # use siteplan::{Plan, PlanStatus, ModelKind, SolveStats, Problem, DemandPoint, Site};
/// # let p = Problem::builder().demand(DemandPoint::new("a", 0.0, 0.0, 1.0)).site(Site::new("s", 0.0, 0.0)).build()?;
/// # let plan = Plan { model: ModelKind::PMedian, method: "x".into(), status: PlanStatus::Optimal,
/// #     open: vec![0], new: vec![0], assignment: vec![], objective: 0.0, bound: None, gap: None,
/// #     stats: SolveStats::default(), timeline: None };
/// use siteplan::output::summary::{summary, summary_json_string};
/// let json = summary_json_string(&summary(&p, &plan, None));
/// assert!(json.starts_with("{\n  \"model\": \"p-median\""));
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn summary_json_string(summary: &Summary) -> String {
    let mut buf = Vec::new();
    write_summary_to(&mut buf, summary).expect("writing to memory cannot fail");
    String::from_utf8(buf).expect("JSON is UTF-8")
}
