//! Plan outputs: `summary.json`, `sites.csv` and `assignment.csv`, each
//! written atomically. Numbers use Rust's shortest round-trip form and
//! rows follow site and demand order, so equal plans give equal bytes.
//! `seconds`, the solve's wall-clock time, is null unless timings are asked
//! for ([`PlanSummary::with_timings`]), as it differs from run to run.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::error::Result;
use crate::io::write_atomic;
use crate::plan::Plan;
use crate::problem::Problem;

/// The figures of `summary.json`.
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
/// assert_eq!((s.covered_weight, s.served_weight, s.total_weight), (31.0, 36.0, 36.0));
/// assert_eq!(s.seconds, None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanSummary {
    /// Model name (`p-median`, …).
    pub model: String,
    /// `optimal`, `feasible`, `infeasible` or `no-solution`.
    pub status: String,
    /// How the plan was found (e.g. `exact (microlp)`).
    pub method: String,
    /// The model's objective (null when there is no plan).
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
    /// Weight served at any cost.
    pub served_weight: f64,
    /// Weight not served.
    pub unserved_weight: f64,
    /// Sum of all demand weights.
    pub total_weight: f64,
    /// Σ weight × share × cost over the assignment.
    pub weighted_cost: f64,
    /// Largest cost of a served pair.
    pub max_cost: f64,
    /// The coverage cutoff used for `covered_weight`, if any.
    pub cutoff: Option<f64>,
    /// Wall-clock seconds of the solve; `None` (null in the file) unless
    /// timings were asked for ([`PlanSummary::with_timings`]).
    pub seconds: Option<f64>,
    /// Branch-and-bound nodes.
    pub nodes: u64,
    /// Variables of the model solved.
    pub variables: usize,
    /// Constraints of the model solved.
    pub constraints: usize,
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
/// #     objective: 3.0, bound: Some(3.0), gap: Some(0.0), stats: SolveStats::default() };
/// let text = siteplan::io::tables::summary(&p, &plan, Some(50.0)).to_string();
/// assert!(text.starts_with("max-coverage: optimal (exact)\nobjective 3, bound 3, gap 0.0000%\n"));
/// assert!(text.contains("open sites: 1 (1 new: s)\n"));
/// assert!(text.ends_with("covered weight within 50: 3 of 4 (75.00%)\n"));
/// # Ok::<(), siteplan::Error>(())
/// ```
impl std::fmt::Display for PlanSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let num = |v: f64| {
            let s = format!("{v:.3}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        };
        writeln!(f, "{}: {} ({})", self.model, self.status, self.method)?;
        if let Some(obj) = self.objective {
            let bound = match (self.bound, self.gap) {
                (Some(b), Some(g)) => format!(", bound {}, gap {:.4}%", num(b), 100.0 * g),
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
            .cutoff
            .map(|c| format!(" within {c}"))
            .unwrap_or_default();
        writeln!(
            f,
            "covered weight{within}: {} of {} ({:.2}%)",
            num(self.covered_weight),
            num(self.total_weight),
            100.0 * self.covered_weight / self.total_weight.max(f64::MIN_POSITIVE)
        )
    }
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

impl PlanSummary {
    /// The same summary with `seconds` set to `seconds` (timings on) or
    /// `None` (off, the default: files stay byte-identical across runs).
    ///
    /// ```
    /// use siteplan::{Plan, PlanStatus, ModelKind, SolveStats, Problem, DemandPoint, Site};
    /// let p = Problem::builder().demand(DemandPoint::new("a", 0.0, 0.0, 1.0)).site(Site::new("s", 0.0, 0.0)).build()?;
    /// let plan = Plan { model: ModelKind::PMedian, method: "x".into(), status: PlanStatus::Optimal,
    ///     open: vec![], new: vec![], assignment: vec![], objective: 0.0, bound: None, gap: None,
    ///     stats: SolveStats { seconds: 1.5, ..SolveStats::default() } };
    /// let s = siteplan::io::tables::summary(&p, &plan, None);
    /// assert_eq!(s.seconds, None);
    /// assert_eq!(s.with_timings(Some(plan.stats.seconds)).seconds, Some(1.5));
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn with_timings(mut self, seconds: Option<f64>) -> Self {
        self.seconds = seconds;
        self
    }
}

/// Summarises a plan; `cutoff` decides which served weight counts as
/// covered. `seconds` is left `None` (see [`PlanSummary::with_timings`]).
///
/// ```
/// use siteplan::{Plan, PlanStatus, ModelKind, SolveStats, Assignment, Problem, DemandPoint, Site};
/// let p = Problem::builder().demand(DemandPoint::new("a", 0.0, 0.0, 2.0))
///     .demand(DemandPoint::new("b", 0.0, 0.0, 1.0)).site(Site::new("s", 0.0, 0.0)).build()?;
/// let plan = Plan { model: ModelKind::PMedian, method: "x".into(), status: PlanStatus::Optimal,
///     open: vec![0], new: vec![0],
///     assignment: vec![Assignment { demand: 0, site: 0, share: 1.0, cost: 3.0 }],
///     objective: 6.0, bound: Some(6.0), gap: Some(0.0), stats: SolveStats::default() };
/// let s = siteplan::io::tables::summary(&p, &plan, None);
/// assert_eq!(s.new_sites, vec!["s"]);
/// assert_eq!((s.served_weight, s.unserved_weight, s.weighted_cost), (2.0, 1.0, 6.0));
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn summary(problem: &Problem, plan: &Plan, cutoff: Option<f64>) -> PlanSummary {
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
    PlanSummary {
        model: plan.model.to_string(),
        status: plan.status.to_string(),
        method: plan.method.clone(),
        objective: finite(plan.objective),
        bound: plan.bound.and_then(finite),
        gap: plan.gap.and_then(finite),
        open_sites: ids(&plan.open),
        new_sites: ids(&plan.new),
        covered_weight: covered,
        served_weight: served,
        unserved_weight: (problem.total_weight() - served).max(0.0),
        total_weight: problem.total_weight(),
        weighted_cost: cost,
        max_cost,
        cutoff,
        seconds: None,
        nodes: plan.stats.nodes,
        variables: plan.stats.variables,
        constraints: plan.stats.constraints,
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
/// io::tables::write_summary(&path, &summary(&problem, &plan, Some(50.0)))?;
/// let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
/// assert_eq!(json["new_sites"], serde_json::json!(["hz-1"]));
/// assert_eq!(json["covered_weight"], 31.0);
/// assert!(json["seconds"].is_null());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_summary(path: &Path, summary: &PlanSummary) -> Result<()> {
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
/// let mut buf = Vec::new();
/// io::tables::write_summary_to(&mut buf, &summary(&problem, &plan, None))?;
/// let json: serde_json::Value = serde_json::from_slice(&buf)?;
/// assert_eq!(json["model"], "p-median");
/// assert_eq!(json["open_sites"], serde_json::json!(["sh-1", "hz-1"]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_summary_to(mut w: impl Write, summary: &PlanSummary) -> std::io::Result<()> {
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
/// #     stats: SolveStats::default() };
/// use siteplan::io::tables::{summary, summary_json_string};
/// let json = summary_json_string(&summary(&p, &plan, None));
/// assert!(json.starts_with("{\n  \"model\": \"p-median\""));
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn summary_json_string(summary: &PlanSummary) -> String {
    to_string(|w| write_summary_to(w, summary))
}

/// Collects what `fill` writes into a string.
fn to_string(fill: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut buf = Vec::new();
    fill(&mut buf).expect("writing to memory cannot fail");
    String::from_utf8(buf).expect("the tables are UTF-8")
}

/// Writes `sites.csv`: every site with
/// `id,name,status,opened,new,load,served_weight,capacity,fixed_cost,points`,
/// where `opened`/`new` are `yes`/`no`, `load` is `served_weight /
/// capacity` (the share of the capacity used; empty without a capacity),
/// `served_weight` the demand weight the site serves and `points` the
/// number of demand points (or shares of them) it serves.
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
/// let path = dir.path().join("sites.csv");
/// io::tables::write_sites(&path, &problem, &plan)?;
/// let csv = std::fs::read_to_string(&path)?;
/// let lines: Vec<&str> = csv.lines().collect();
/// assert_eq!(lines.len(), 1 + problem.sites().len()); // header and one row per site
/// assert_eq!(lines[0], "id,name,status,opened,new,load,served_weight,capacity,fixed_cost,points");
/// assert_eq!(lines[3], "hz-1,,candidate,yes,yes,,6,,0,1");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_sites(path: &Path, problem: &Problem, plan: &Plan) -> Result<()> {
    write_atomic(path, |w| write_sites_to(w, problem, plan))
}

/// Writes the text of `sites.csv` (see [`write_sites`]) to any writer.
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
/// let mut buf = Vec::new();
/// io::tables::write_sites_to(&mut buf, &problem, &plan)?;
/// let csv = String::from_utf8(buf)?;
/// // sh-1 serves Shanghai and Suzhou (25 + 5); sz-1 stays closed.
/// assert_eq!(csv.lines().nth(1), Some("sh-1,,existing,yes,no,,30,,0,2"));
/// assert_eq!(csv.lines().nth(2), Some("sz-1,,candidate,no,no,,0,,0,0"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_sites_to(w: impl Write, problem: &Problem, plan: &Plan) -> std::io::Result<()> {
    let n = problem.sites().len();
    let open = plan.open_flags(n);
    let new = crate::evaluate::open_flags(n, &plan.new);
    let mut served = vec![0.0; n];
    let mut points = vec![0usize; n];
    for a in &plan.assignment {
        served[a.site] += problem.demand()[a.demand].weight * a.share;
        points[a.site] += 1;
    }
    let mut out = csv::Writer::from_writer(w);
    out.write_record([
        "id",
        "name",
        "status",
        "opened",
        "new",
        "load",
        "served_weight",
        "capacity",
        "fixed_cost",
        "points",
    ])?;
    let yes = |b: bool| if b { "yes" } else { "no" };
    for (s, site) in problem.sites().iter().enumerate() {
        let load = match site.capacity {
            Some(c) if c > 0.0 => (served[s] / c).to_string(),
            _ => String::new(),
        };
        out.write_record([
            site.id.as_str(),
            site.name.as_deref().unwrap_or(""),
            site.status.as_str(),
            yes(open[s]),
            yes(new[s]),
            &load,
            &served[s].to_string(),
            &site.capacity.map(|c| c.to_string()).unwrap_or_default(),
            &site.fixed_cost.to_string(),
            &points[s].to_string(),
        ])?;
    }
    out.flush()
}

/// The text of `sites.csv` (see [`write_sites`]).
///
/// ```
/// # use siteplan::{Plan, PlanStatus, ModelKind, SolveStats, Problem, DemandPoint, Site};
/// # let p = Problem::builder().demand(DemandPoint::new("a", 0.0, 0.0, 1.0)).site(Site::new("s", 0.0, 0.0)).build()?;
/// # let plan = Plan { model: ModelKind::PMedian, method: "x".into(), status: PlanStatus::Optimal,
/// #     open: vec![0], new: vec![0], assignment: vec![], objective: 0.0, bound: None, gap: None,
/// #     stats: SolveStats::default() };
/// let csv = siteplan::io::tables::sites_csv_string(&p, &plan);
/// assert_eq!(csv.lines().nth(1), Some("s,,candidate,yes,yes,,0,,0,0"));
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn sites_csv_string(problem: &Problem, plan: &Plan) -> String {
    to_string(|w| write_sites_to(w, problem, plan))
}

/// Writes `assignment.csv`: `demand_id,site_id,share,cost`, one row per
/// served (share of a) demand point, in demand then site order.
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
/// let path = dir.path().join("assignment.csv");
/// io::tables::write_assignment(&path, &problem, &plan)?;
/// let csv = std::fs::read_to_string(&path)?;
/// let pairs: Vec<(&str, &str)> = csv.lines().skip(1).filter_map(|l| {
///     let mut f = l.split(',');
///     Some((f.next()?, f.next()?))
/// }).collect();
/// assert_eq!(pairs, [("shanghai", "sh-1"), ("suzhou", "sh-1"), ("hangzhou", "hz-1")]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_assignment(path: &Path, problem: &Problem, plan: &Plan) -> Result<()> {
    write_atomic(path, |w| write_assignment_to(w, problem, plan))
}

/// Writes the text of `assignment.csv` (see [`write_assignment`]) to any writer.
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
/// let mut buf = Vec::new();
/// io::tables::write_assignment_to(&mut buf, &problem, &plan)?;
/// let csv = String::from_utf8(buf)?;
/// assert!(csv.starts_with("demand_id,site_id,share,cost\n"));
/// assert_eq!(csv.lines().count(), 1 + plan.assignment.len());
/// let cost: f64 = csv.lines().nth(2).unwrap().rsplit(',').next().unwrap().parse()?;
/// assert!(cost > 50.0 && cost < 100.0); // Suzhou to sh-1
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_assignment_to(w: impl Write, problem: &Problem, plan: &Plan) -> std::io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(["demand_id", "site_id", "share", "cost"])?;
    for a in &plan.assignment {
        out.write_record([
            problem.demand()[a.demand].id.as_str(),
            problem.sites()[a.site].id.as_str(),
            &a.share.to_string(),
            &a.cost.to_string(),
        ])?;
    }
    out.flush()
}

/// The text of `assignment.csv` (see [`write_assignment`]).
///
/// ```
/// # use siteplan::{Assignment, Plan, PlanStatus, ModelKind, SolveStats, Problem, DemandPoint, Site};
/// # let p = Problem::builder().demand(DemandPoint::new("a", 0.0, 0.0, 1.0)).site(Site::new("s", 0.0, 0.0)).build()?;
/// # let plan = Plan { model: ModelKind::PMedian, method: "x".into(), status: PlanStatus::Optimal,
/// #     open: vec![0], new: vec![0], assignment: vec![Assignment { demand: 0, site: 0, share: 1.0, cost: 2.5 }],
/// #     objective: 2.5, bound: None, gap: None, stats: SolveStats::default() };
/// let csv = siteplan::io::tables::assignment_csv_string(&p, &plan);
/// assert_eq!(csv, "demand_id,site_id,share,cost\na,s,1,2.5\n");
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn assignment_csv_string(problem: &Problem, plan: &Plan) -> String {
    to_string(|w| write_assignment_to(w, problem, plan))
}

/// Writes `summary.json`, `sites.csv` and `assignment.csv` into `dir`
/// (created if missing), with `seconds` null in `summary.json` (see
/// [`write_plan_with_timings`]).
///
/// ```
/// use siteplan::{Plan, PlanStatus, ModelKind, SolveStats, Problem, DemandPoint, Site};
/// let p = Problem::builder().demand(DemandPoint::new("a", 0.0, 0.0, 1.0)).site(Site::new("s", 0.0, 0.0)).build()?;
/// let plan = Plan { model: ModelKind::PMedian, method: "x".into(), status: PlanStatus::Optimal,
///     open: vec![], new: vec![], assignment: vec![], objective: 0.0, bound: None, gap: None,
///     stats: SolveStats::default() };
/// let dir = tempfile::tempdir().unwrap();
/// siteplan::io::tables::write_plan(dir.path(), &p, &plan, None)?;
/// assert!(dir.path().join("sites.csv").exists());
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn write_plan(dir: &Path, problem: &Problem, plan: &Plan, cutoff: Option<f64>) -> Result<()> {
    write_plan_with_timings(dir, problem, plan, cutoff, false)
}

/// [`write_plan`], with the solve's wall-clock seconds in `summary.json`
/// when `timings` is true.
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
/// io::tables::write_plan_with_timings(dir.path(), &problem, &plan, Some(50.0), true)?;
/// let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.path().join("summary.json"))?)?;
/// assert!(json["seconds"].as_f64().unwrap() >= 0.0); // null without timings
/// for table in ["sites.csv", "assignment.csv"] {
///     assert!(dir.path().join(table).is_file());
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_plan_with_timings(
    dir: &Path,
    problem: &Problem,
    plan: &Plan,
    cutoff: Option<f64>,
    timings: bool,
) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| crate::Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let s = summary(problem, plan, cutoff).with_timings(timings.then_some(plan.stats.seconds));
    write_summary(&dir.join("summary.json"), &s)?;
    write_sites(&dir.join("sites.csv"), problem, plan)?;
    write_assignment(&dir.join("assignment.csv"), problem, plan)
}
