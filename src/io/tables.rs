//! Plan tables: `sites.csv` and `assignment.csv`, each written
//! atomically. Numbers use Rust's shortest round-trip form and rows follow
//! site and demand order, so equal plans give equal bytes. (`summary.json`
//! is [`crate::output::summary`]'s.)

use std::io::Write;
use std::path::Path;

use crate::error::Result;
use crate::io::write_atomic;
use crate::plan::Plan;
use crate::problem::Problem;

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
/// #     stats: SolveStats::default(), timeline: None };
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
/// #     objective: 2.5, bound: None, gap: None, stats: SolveStats::default(), timeline: None };
/// let csv = siteplan::io::tables::assignment_csv_string(&p, &plan);
/// assert_eq!(csv, "demand_id,site_id,share,cost\na,s,1,2.5\n");
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn assignment_csv_string(problem: &Problem, plan: &Plan) -> String {
    to_string(|w| write_assignment_to(w, problem, plan))
}
