//! `report.html` and `report.md`: a plan's facts for people.
//!
//! Both hold the same facts: the plan's model and status; summary figures
//! before (existing sites only) and after (existing + new sites), both
//! scored by [`evaluate`](crate::evaluate()) so they compare like with like;
//! the new sites; a table per province or country; and, when a curve is
//! supplied, coverage versus the number of new sites. `report.html` is one
//! self-contained file (inline CSS and SVG, no scripts, no network) that
//! opens from disk; `report.md` suits terminals and pull requests.
//!
//! Output is deterministic (no dates, fixed number formatting) and every
//! piece of input text is escaped.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::svg::{
    escape, num, write_svg_element, write_svg_element_filled, Borders, CountryFills, SvgOptions,
};
use super::view::{MapData, PlanView, SiteRole};
use crate::error::Result;
use crate::evaluate::{evaluate, Evaluation};
use crate::plan::Plan;
use crate::problem::{Problem, SiteStatus};
use crate::travel::CostMatrix;

/// One point of a coverage curve: the best plan with `new_sites` new sites.
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
/// use siteplan::io::CurvePoint;
/// # let view = PlanView::new(&problem, &plan)?.with_cutoff(Some(50.0));
/// # let (before, after) = before_after(&problem, &costs, &plan, Some(50.0));
/// let curve = [
///     CurvePoint { new_sites: 0, objective: 25.0, coverage_pct: 69.4, mean_cost: 12.3, marginal_gain: 0.0 },
///     CurvePoint { new_sites: 1, objective: 31.0, coverage_pct: 86.1, mean_cost: 10.5, marginal_gain: 6.0 },
/// ];
/// let md = report_md_string(&Report::new(&view, &before, &after).with_curve(&curve));
/// assert!(md.contains("| New sites | Objective | Coverage | Mean distance (km) | Marginal gain |"));
/// assert!(md.contains("| 1 | 31 | 86.1% | 10.5 | 6 |"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CurvePoint {
    /// Number of new sites.
    pub new_sites: usize,
    /// The model's objective with that many new sites.
    pub objective: f64,
    /// Share of demand weight covered, in percent (0–100).
    pub coverage_pct: f64,
    /// Weighted mean travel cost of served demand.
    pub mean_cost: f64,
    /// Objective gained by the last site added (0 for the first point).
    pub marginal_gain: f64,
}

/// Headline figures of one set of open sites.
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
/// use siteplan::io::Figures;
/// let (before, after) = before_after(&problem, &costs, &plan, Some(50.0));
/// let b = Figures::from_evaluation(&before, 1, 0);
/// let a = Figures::from_evaluation(&after, plan.open.len(), plan.new.len());
/// assert_eq!((b.covered_weight, a.covered_weight), (25.0, 31.0)); // Hangzhou gained
/// assert!((a.coverage_pct - 100.0 * 31.0 / 36.0).abs() < 1e-9);
/// assert!(a.mean_cost < b.mean_cost);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figures {
    /// Open sites (existing and new).
    pub open_sites: usize,
    /// Newly opened sites.
    pub new_sites: usize,
    /// Weight covered (within the cutoff), in percent of the total.
    pub coverage_pct: f64,
    /// Weight covered (within the cutoff).
    pub covered_weight: f64,
    /// Weight of all demand.
    pub total_weight: f64,
    /// Weight with no reachable open site.
    pub unserved_weight: f64,
    /// Weighted mean travel cost of served demand.
    pub mean_cost: f64,
    /// Largest travel cost of a served demand point.
    pub max_cost: f64,
}

impl Figures {
    /// The figures of an evaluation with the given site counts.
    ///
    /// ```
    /// use siteplan::{evaluate, CostMatrix, Problem, DemandPoint, Site, Reach, io::Figures};
    /// let p = Problem::builder().demand(DemandPoint::new("a", 0.0, 0.0, 3.0))
    ///     .demand(DemandPoint::new("b", 0.0, 1.0, 1.0)).site(Site::new("x", 0.0, 0.0)).build()?;
    /// let m = CostMatrix::from_rows(1, vec![vec![(0, 0.0)], vec![(0, 111.0)]], Reach::all());
    /// let f = Figures::from_evaluation(&evaluate(&p, &m, &[true], Some(50.0)), 1, 1);
    /// assert_eq!(f.coverage_pct, 75.0);
    /// assert_eq!(f.max_cost, 111.0);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn from_evaluation(e: &Evaluation, open_sites: usize, new_sites: usize) -> Figures {
        Figures {
            open_sites,
            new_sites,
            coverage_pct: if e.total_weight > 0.0 {
                100.0 * e.covered_weight / e.total_weight
            } else {
                0.0
            },
            covered_weight: e.covered_weight,
            total_weight: e.total_weight,
            unserved_weight: e.unserved_weight,
            mean_cost: e.mean_cost,
            max_cost: e.max_cost,
        }
    }
}

/// Evaluates the existing sites alone ("before") and the plan's open sites
/// ("after") with [`evaluate`](crate::evaluate()).
///
/// ```
/// use siteplan::{io::before_after, *};
/// let problem = Problem::builder()
///     .demand(DemandPoint::new("a", 31.2, 121.5, 10.0))
///     .demand(DemandPoint::new("b", 30.3, 120.2, 5.0))
///     .site(Site::new("sh", 31.2, 121.5).with_status(SiteStatus::Existing))
///     .site(Site::new("hz", 30.3, 120.2))
///     .build()?;
/// let costs = Haversine.cost_matrix(&problem, Reach::all())?;
/// let plan = Plan { model: ModelKind::MaxCoverage, method: "x".into(), status: PlanStatus::Optimal,
///     open: vec![0, 1], new: vec![1], assignment: vec![], objective: 15.0, bound: None, gap: None,
///     stats: SolveStats::default() };
/// let (before, after) = before_after(&problem, &costs, &plan, Some(50.0));
/// assert_eq!((before.covered_weight, after.covered_weight), (10.0, 15.0));
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn before_after(
    problem: &Problem,
    costs: &CostMatrix,
    plan: &Plan,
    cutoff: Option<f64>,
) -> (Evaluation, Evaluation) {
    let existing: Vec<bool> = problem
        .sites()
        .iter()
        .map(|s| s.status == SiteStatus::Existing)
        .collect();
    let before = evaluate(problem, costs, &existing, cutoff);
    let after = evaluate(
        problem,
        costs,
        &plan.open_flags(problem.sites().len()),
        cutoff,
    );
    (before, after)
}

/// How the per-region table groups demand and sites.
///
/// # Examples
///
/// ```
/// use siteplan::io::RegionLevel;
/// use siteplan::prelude::*;
/// let city = |id: &str, lat, lon, weight, region: &str| DemandPoint {
///     country: Some("CN".into()), region: Some(region.into()), ..DemandPoint::new(id, lat, lon, weight)
/// };
/// let problem = Problem::builder()
///     .demand(city("shanghai", 31.23, 121.47, 25.0, "Shanghai"))
///     .demand(city("suzhou", 31.30, 120.59, 5.0, "Jiangsu"))
///     .demand(city("nanjing", 32.06, 118.80, 9.0, "Jiangsu"))
///     .site(Site::new("sh-1", 31.22, 121.48))
///     .build()?;
/// let costs = Haversine.cost_matrix(&problem, Reach::all())?;
/// let plan = solve(&problem, &costs, &ModelSpec::new(ModelKind::PMedian).with_new_sites(1), &SolveParams::default())?;
/// let view = PlanView::new(&problem, &plan)?;
/// let (before, after) = before_after(&problem, &costs, &plan, None);
/// let report = Report::new(&view, &before, &after);
/// // Auto: the demand lies in one country, so rows are provinces (points, weight, …).
/// let md = report_md_string(&report);
/// assert!(md.contains("## By province / region\n") && md.contains("| Jiangsu | 2 | 14 |"));
/// let md = report_md_string(&report.with_regions(RegionLevel::Country));
/// assert!(md.contains("## By country\n") && md.contains("| CN | 3 | 39 |"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RegionLevel {
    /// By country when demand spans several countries, else by region.
    #[default]
    Auto,
    /// By first-level region (province, state); country where none is given.
    Region,
    /// By country.
    Country,
}

/// Everything a report shows.
///
/// ```
/// use siteplan::{io::{self, before_after, PlanView, Report}, *};
/// let problem = Problem::builder()
///     .demand(DemandPoint::new("a", 31.2, 121.5, 10.0))
///     .site(Site::new("s", 31.2, 121.4)).build()?;
/// let costs = Haversine.cost_matrix(&problem, Reach::all())?;
/// let plan = Plan { model: ModelKind::PMedian, method: "x".into(), status: PlanStatus::Optimal,
///     open: vec![0], new: vec![0], assignment: vec![], objective: 0.0, bound: None, gap: None,
///     stats: SolveStats::default() };
/// let view = PlanView::new(&problem, &plan)?.with_title("Demo <1>");
/// let (before, after) = before_after(&problem, &costs, &plan, None);
/// let report = Report::new(&view, &before, &after);
/// let html = io::report_html_string(&report);
/// assert!(html.contains("<h1>Demo &lt;1&gt;</h1>"));
/// let md = io::report_md_string(&report);
/// assert!(md.starts_with("# Demo \\<1\\>\n"));
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    /// The plan and its problem.
    pub view: &'a PlanView<'a>,
    /// Existing sites only (see [`before_after`]).
    pub before: &'a Evaluation,
    /// The plan's open sites (see [`before_after`]).
    pub after: &'a Evaluation,
    /// Coverage versus number of new sites; empty draws no chart.
    pub curve: &'a [CurvePoint],
    /// Borders for the map in `report.html`.
    pub borders: Option<&'a Borders>,
    /// Draw assignment lines on the map.
    pub lines: bool,
    /// Grouping of the per-region table.
    pub regions: RegionLevel,
    /// The "Entry plan" section of a market-entry plan, if any.
    pub entry: Option<&'a EntrySection>,
}

/// One country's row of the "Entry plan" section.
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
/// use siteplan::io::{EntryRow, EntrySection, MapData};
/// use siteplan::models::market_entry::MarketEntryPlan;
/// let entry_plan = MarketEntryPlan { status: PlanStatus::Optimal, method: "x".into(), years: vec![2027, 2028],
///     countries: vec![], centers: vec![], totals: Default::default(), objective: 0.0, bound: None,
///     gap: None, reason: None, notes: vec![], assignment: vec![], stats: SolveStats::default() };
/// let mut section = EntrySection::from_plan(&entry_plan, MapData::default());
/// section.rows.push(EntryRow { country: "DE".into(), name: "Germany".into(), entry_year: Some(2027),
///     centers_per_year: "2027:2;2028:1".into(), centers: 3, sales: 1200.0, revenue: 48e6,
///     duty_paid: 4.8e6, profit: 2.5e6, note: None });
/// section.profit = 2.5e6;
/// # let view = PlanView::new(&problem, &plan)?.with_cutoff(Some(50.0));
/// # let (before, after) = before_after(&problem, &costs, &plan, Some(50.0));
/// let md = report_md_string(&Report::new(&view, &before, &after).with_entry(Some(&section)));
/// assert!(md.contains("| DE | Germany | 2027 | 2027:2, 2028:1 | 3 | 1,200 | 48,000,000 | 4,800,000 | 2,500,000 |  |"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct EntryRow {
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    /// Country name.
    pub name: String,
    /// The year the plan enters it, if it does.
    pub entry_year: Option<i32>,
    /// New centers by year, as in `entry_plan.csv` (`2027:2;2028:1`).
    pub centers_per_year: String,
    /// Centers open at the end of the horizon.
    pub centers: usize,
    /// Cars sold over the horizon.
    pub sales: f64,
    /// Revenue over the horizon (€).
    pub revenue: f64,
    /// Duty paid over the horizon (€).
    pub duty_paid: f64,
    /// Profit (€, discounted as in the plan).
    pub profit: f64,
    /// Why the country is not entered, if it is not.
    pub note: Option<String>,
}

/// The "Entry plan" section of a report: a table by country, a map with
/// countries filled by entry year, and why nothing is entered when nothing is.
///
/// ```
/// use siteplan::io::{EntrySection, MapData};
/// use siteplan::models::market_entry::MarketEntryPlan;
/// # use siteplan::{PlanStatus, SolveStats};
/// let plan = MarketEntryPlan { status: PlanStatus::Optimal, method: "x".into(), years: vec![2027, 2028],
///     countries: vec![], centers: vec![], totals: Default::default(), objective: 0.0, bound: None,
///     gap: None, reason: Some("no car is profitable".into()), notes: vec![], assignment: vec![],
///     stats: SolveStats::default() };
/// let section = EntrySection::from_plan(&plan, MapData::default());
/// assert_eq!(section.fills.classes.len(), 3); // 2027, 2028, not entered
/// assert_eq!(section.reason.as_deref(), Some("no car is profitable"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct EntrySection {
    /// One row per country: entered countries first, in entry order.
    pub rows: Vec<EntryRow>,
    /// Why the plan enters no country (when it enters none).
    pub reason: Option<String>,
    /// Data notes of the plan.
    pub notes: Vec<String>,
    /// Total profit (€), the sum of the rows' profit.
    pub profit: f64,
    /// Countries filled by entry year.
    pub fills: CountryFills,
    /// What the entry map draws (centers, demand).
    pub map: MapData,
}

/// Fill colours of entry years, earliest first (the last repeats).
const YEAR_COLOURS: [&str; 6] = [
    "#1a9850", "#91cf60", "#d9ef8b", "#fee08b", "#fc8d59", "#d73027",
];
/// Fill colour of countries the plan does not enter.
const NOT_ENTERED: &str = "#d4d4d4";

impl EntrySection {
    /// The section of a market-entry plan; `map` is what the entry map
    /// draws over the filled countries.
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::{PlanStatus, SolveStats};
    /// use siteplan::io::{EntrySection, MapData};
    /// use siteplan::models::market_entry::MarketEntryPlan;
    /// let plan = MarketEntryPlan { status: PlanStatus::Optimal, method: "x".into(), years: vec![2027, 2028, 2029],
    ///     countries: vec![], centers: vec![], totals: Default::default(), objective: 0.0, bound: None,
    ///     gap: None, reason: None, notes: vec!["duties as of 2026".into()], assignment: vec![],
    ///     stats: SolveStats::default() };
    /// let section = EntrySection::from_plan(&plan, MapData::default());
    /// let labels: Vec<&str> = section.fills.classes.iter().map(|(label, _)| label.as_str()).collect();
    /// assert_eq!(labels, ["2027", "2028", "2029", "Not entered"]); // the entry map's legend
    /// assert_eq!(section.notes, ["duties as of 2026"]);
    /// assert!(section.rows.is_empty() && section.profit == 0.0);
    /// ```
    pub fn from_plan(plan: &crate::models::market_entry::MarketEntryPlan, map: MapData) -> Self {
        let mut fills = CountryFills::new("Entry year");
        let classes: Vec<usize> = plan
            .years
            .iter()
            .enumerate()
            .map(|(i, y)| fills.class(y.to_string(), YEAR_COLOURS[i.min(YEAR_COLOURS.len() - 1)]))
            .collect();
        let not_entered = fills.class("Not entered", NOT_ENTERED);
        let rows: Vec<EntryRow> = plan
            .countries
            .iter()
            .map(|c| {
                let class = c
                    .entry_year
                    .and_then(|y| plan.years.iter().position(|&t| t == y))
                    .map_or(not_entered, |i| classes[i]);
                fills.fill(c.country.clone(), class);
                EntryRow {
                    country: c.country.clone(),
                    name: c.name.clone(),
                    entry_year: c.entry_year,
                    centers_per_year: c
                        .centers_per_year
                        .iter()
                        .map(|(y, n)| format!("{y}:{n}"))
                        .collect::<Vec<_>>()
                        .join(";"),
                    centers: c.centers,
                    sales: c.expected_sales,
                    revenue: c.revenue,
                    duty_paid: c.duty_paid,
                    profit: c.profit,
                    note: c.note.clone(),
                }
            })
            .collect();
        EntrySection {
            profit: rows.iter().map(|r| r.profit).sum(),
            rows,
            reason: plan.reason.clone(),
            notes: plan.notes.clone(),
            fills,
            map,
        }
    }

    fn cells(&self) -> impl Iterator<Item = Vec<String>> + '_ {
        let money = |x: f64| group(&fixed(x.round(), 0));
        self.rows.iter().map(move |r| {
            vec![
                r.country.clone(),
                r.name.clone(),
                r.entry_year.map_or("—".into(), |y| y.to_string()),
                if r.centers_per_year.is_empty() {
                    "—".into()
                } else {
                    r.centers_per_year.replace(';', ", ")
                },
                r.centers.to_string(),
                group(&fixed(r.sales.round(), 0)),
                money(r.revenue),
                money(r.duty_paid),
                money(r.profit),
                r.note.clone().unwrap_or_default(),
            ]
        })
    }

    fn total_row(&self) -> Vec<String> {
        let sum = |f: &dyn Fn(&EntryRow) -> f64| self.rows.iter().map(f).sum::<f64>();
        let money = |x: f64| group(&fixed(x.round(), 0));
        let entered = self.rows.iter().filter(|r| r.entry_year.is_some()).count();
        vec![
            "Total".into(),
            format!("{entered} entered"),
            String::new(),
            String::new(),
            self.rows
                .iter()
                .map(|r| r.centers)
                .sum::<usize>()
                .to_string(),
            group(&fixed(sum(&|r| r.sales).round(), 0)),
            money(sum(&|r| r.revenue)),
            money(sum(&|r| r.duty_paid)),
            money(self.profit),
            String::new(),
        ]
    }
}

const ENTRY_HEADERS: [&str; 10] = [
    "Country",
    "Name",
    "Entry year",
    "New centers per year",
    "Centers",
    "Sales (cars)",
    "Revenue (€)",
    "Duty paid (€)",
    "Profit (€)",
    "Note",
];
const ENTRY_NUMERIC: [usize; 6] = [2, 4, 5, 6, 7, 8];

impl<'a> Report<'a> {
    /// A report with no curve, no borders, no lines and automatic regions.
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
    /// let view = PlanView::new(&problem, &plan)?.with_title("Yangtze delta");
    /// let (before, after) = before_after(&problem, &costs, &plan, Some(50.0));
    /// let report = Report::new(&view, &before, &after);
    /// assert!(report.curve.is_empty() && report.borders.is_none() && !report.lines);
    /// let md = report_md_string(&report);
    /// assert!(md.starts_with("# Yangtze delta\n"));
    /// assert!(md.contains("## New sites (1)\n") && md.contains("| hz-1 | hz-1 |"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(view: &'a PlanView<'a>, before: &'a Evaluation, after: &'a Evaluation) -> Self {
        Report {
            view,
            before,
            after,
            curve: &[],
            borders: None,
            lines: false,
            regions: RegionLevel::Auto,
            entry: None,
        }
    }

    /// The same report with an "Entry plan" section (market entry).
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
    /// use siteplan::io::{EntrySection, MapData};
    /// use siteplan::models::market_entry::MarketEntryPlan;
    /// let entry_plan = MarketEntryPlan { status: PlanStatus::Optimal, method: "x".into(), years: vec![2027, 2028],
    ///     countries: vec![], centers: vec![], totals: Default::default(), objective: 0.0, bound: None,
    ///     gap: None, reason: Some("no car is profitable".into()), notes: vec![], assignment: vec![], stats: SolveStats::default() };
    /// let section = EntrySection::from_plan(&entry_plan, MapData::default());
    /// # let view = PlanView::new(&problem, &plan)?.with_cutoff(Some(50.0));
    /// # let (before, after) = before_after(&problem, &costs, &plan, Some(50.0));
    /// let report = Report::new(&view, &before, &after);
    /// assert!(!report_md_string(&report).contains("## Entry plan"));
    /// let md = report_md_string(&report.with_entry(Some(&section)));
    /// assert!(md.contains("## Entry plan\n"));
    /// assert!(md.contains("**The plan enters no country.** Why: no car is profitable."));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_entry(mut self, entry: Option<&'a EntrySection>) -> Self {
        self.entry = entry;
        self
    }

    /// The same report with a coverage curve.
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
    /// use siteplan::io::CurvePoint;
    /// # let view = PlanView::new(&problem, &plan)?.with_cutoff(Some(50.0));
    /// # let (before, after) = before_after(&problem, &costs, &plan, Some(50.0));
    /// let curve = [CurvePoint { new_sites: 1, objective: 31.0, coverage_pct: 86.1, mean_cost: 10.5, marginal_gain: 6.0 }];
    /// let report = Report::new(&view, &before, &after);
    /// let heading = "<h2>Coverage versus number of new sites</h2>";
    /// assert!(!report_html_string(&report).contains(heading)); // no curve, no chart
    /// assert!(report_html_string(&report.with_curve(&curve)).contains(heading));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_curve(mut self, curve: &'a [CurvePoint]) -> Self {
        self.curve = curve;
        self
    }

    /// The same report with borders on its map.
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
    /// let gj = r#"{"type":"Polygon","coordinates":[[[119,29],[123,29],[123,33],[119,33],[119,29]]]}"#;
    /// let borders = Borders::parse(gj.as_bytes(), "borders.geojson")?;
    /// # let view = PlanView::new(&problem, &plan)?.with_cutoff(Some(50.0));
    /// # let (before, after) = before_after(&problem, &costs, &plan, Some(50.0));
    /// let html = report_html_string(&Report::new(&view, &before, &after).with_borders(Some(&borders)));
    /// assert!(html.contains("Borders: Natural Earth.")); // the map's credit line
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_borders(mut self, borders: Option<&'a Borders>) -> Self {
        self.borders = borders;
        self
    }

    /// The same report with assignment lines on its map, or without.
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
    /// # let view = PlanView::new(&problem, &plan)?.with_cutoff(Some(50.0));
    /// # let (before, after) = before_after(&problem, &costs, &plan, Some(50.0));
    /// let report = Report::new(&view, &before, &after);
    /// assert!(!report_html_string(&report).contains(">Assignment</text>"));
    /// // The map legend gains an "Assignment" entry, drawn with the lines.
    /// assert!(report_html_string(&report.with_lines(true)).contains(">Assignment</text>"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_lines(mut self, lines: bool) -> Self {
        self.lines = lines;
        self
    }

    /// The same report with another region grouping.
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
    /// use siteplan::io::RegionLevel;
    /// # let view = PlanView::new(&problem, &plan)?.with_cutoff(Some(50.0));
    /// # let (before, after) = before_after(&problem, &costs, &plan, Some(50.0));
    /// let report = Report::new(&view, &before, &after).with_regions(RegionLevel::Country);
    /// // No demand point has a country here: one "(unknown)" row with all 3 points.
    /// let md = report_md_string(&report);
    /// assert!(md.contains("## By country\n") && md.contains("| (unknown) | 3 | 36 |"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_regions(mut self, regions: RegionLevel) -> Self {
        self.regions = regions;
        self
    }

    fn figures(&self) -> (Figures, Figures) {
        let p = self.view.problem;
        let existing = p.sites_with_status(SiteStatus::Existing).len();
        let plan = self.view.plan;
        (
            Figures::from_evaluation(self.before, existing, 0),
            Figures::from_evaluation(self.after, plan.open.len(), plan.new.len()),
        )
    }

    fn by_country(&self) -> bool {
        match self.regions {
            RegionLevel::Country => true,
            RegionLevel::Region => false,
            RegionLevel::Auto => {
                let mut countries = self
                    .view
                    .problem
                    .demand()
                    .iter()
                    .filter_map(|d| d.country.as_deref());
                let first = countries.next();
                first.is_some() && countries.any(|c| Some(c) != first)
            }
        }
    }

    fn region_rows(&self) -> (String, Vec<RegionRow>) {
        let by_country = self.by_country();
        let p = self.view.problem;
        let key = |region: &Option<String>, country: &Option<String>| -> String {
            let k = if by_country {
                country.as_deref()
            } else {
                region.as_deref().or(country.as_deref())
            };
            k.filter(|s| !s.is_empty())
                .unwrap_or("(unknown)")
                .to_string()
        };
        let cutoff = self.view.cutoff;
        let covered = |e: &Evaluation, d: usize| matches!(e.assignment.get(d), Some(Some((_, c))) if cutoff.is_none_or(|cut| *c <= cut));
        let mut rows: BTreeMap<String, RegionRow> = BTreeMap::new();
        for (d, point) in p.demand().iter().enumerate() {
            let k = key(&point.region, &point.country);
            let r = rows.entry(k.clone()).or_insert_with(|| RegionRow::new(k));
            r.points += 1;
            r.weight += point.weight;
            if covered(self.before, d) {
                r.covered_before += point.weight;
            }
            if covered(self.after, d) {
                r.covered_after += point.weight;
            }
        }
        for (s, v) in p.sites().iter().zip(&self.view.sites) {
            if !v.role.is_open() {
                continue;
            }
            let k = key(&s.region, &s.country);
            let r = rows.entry(k.clone()).or_insert_with(|| RegionRow::new(k));
            match v.role {
                SiteRole::Existing => r.existing += 1,
                _ => r.new += 1,
            }
        }
        let mut rows: Vec<RegionRow> = rows.into_values().collect();
        rows.sort_by(|a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then_with(|| a.name.cmp(&b.name))
        });
        const MAX_ROWS: usize = 40;
        if rows.len() > MAX_ROWS {
            let rest = rows.split_off(MAX_ROWS - 1);
            let mut other = RegionRow::new(format!("Other ({} more)", rest.len()));
            for r in rest {
                other.points += r.points;
                other.weight += r.weight;
                other.covered_before += r.covered_before;
                other.covered_after += r.covered_after;
                other.existing += r.existing;
                other.new += r.new;
            }
            rows.push(other);
        }
        let label = if by_country {
            "Country"
        } else {
            "Province / region"
        };
        (label.to_string(), rows)
    }

    /// New sites, most served weight first (ties: input order).
    fn new_sites(&self) -> Vec<usize> {
        let v = self.view;
        let mut new: Vec<usize> = (0..v.sites.len())
            .filter(|&s| v.sites[s].role == SiteRole::New)
            .collect();
        new.sort_by(|&a, &b| {
            v.sites[b]
                .served_weight
                .total_cmp(&v.sites[a].served_weight)
                .then(a.cmp(&b))
        });
        new
    }

    fn cost_label(&self, what: &str) -> String {
        let unit = &self.view.cost_unit;
        if unit == "km" {
            format!("{what} distance (km)")
        } else if unit.is_empty() {
            format!("{what} cost")
        } else {
            format!("{what} cost ({unit})")
        }
    }

    /// Rows of the before/after table: label, before, after, change.
    fn summary_rows(&self) -> Vec<[String; 4]> {
        let (b, a) = self.figures();
        let signed = |x: f64, f: &dyn Fn(f64) -> String| {
            if x > 0.0 {
                format!("+{}", f(x))
            } else if x < 0.0 {
                format!("−{}", f(-x))
            } else {
                "0".to_string()
            }
        };
        let int = |x: usize| x.to_string();
        let d1 = |x: f64| fixed(x, 1);
        vec![
            [
                "Open sites".into(),
                int(b.open_sites),
                int(a.open_sites),
                signed(a.open_sites as f64 - b.open_sites as f64, &|x| fixed(x, 0)),
            ],
            [
                "New sites".into(),
                int(b.new_sites),
                int(a.new_sites),
                signed(a.new_sites as f64, &|x| fixed(x, 0)),
            ],
            [
                "Coverage (% of demand weight)".into(),
                d1(b.coverage_pct),
                d1(a.coverage_pct),
                signed(round_to(a.coverage_pct - b.coverage_pct, 1), &|x| {
                    format!("{} pp", fixed(x, 1))
                }),
            ],
            [
                "Covered weight".into(),
                weight(b.covered_weight),
                weight(a.covered_weight),
                signed(a.covered_weight - b.covered_weight, &weight),
            ],
            [
                "Unserved weight".into(),
                weight(b.unserved_weight),
                weight(a.unserved_weight),
                signed(a.unserved_weight - b.unserved_weight, &weight),
            ],
            [
                self.cost_label("Mean"),
                d1(b.mean_cost),
                d1(a.mean_cost),
                signed(round_to(a.mean_cost - b.mean_cost, 1), &d1),
            ],
            [
                self.cost_label("Max"),
                d1(b.max_cost),
                d1(a.max_cost),
                signed(round_to(a.max_cost - b.max_cost, 1), &d1),
            ],
        ]
    }

    /// Facts about the solve: (label, value).
    fn meta(&self) -> Vec<(&'static str, String)> {
        let plan = self.view.plan;
        let mut m = vec![
            ("Model", plan.model.as_str().to_string()),
            ("Method", plan.method.clone()),
            ("Status", plan.status.as_str().to_string()),
            ("Objective", general(plan.objective)),
        ];
        if let Some(b) = plan.bound {
            m.push(("Bound", general(b)));
        }
        if let Some(g) = plan.gap {
            m.push(("Gap", format!("{}%", fixed(100.0 * g, 2))));
        }
        if let Some(c) = self.view.cutoff {
            m.push((
                "Coverage cutoff",
                format!("{} {}", general(c), self.view.cost_unit),
            ));
        }
        m.push((
            "Demand points",
            self.view.problem.demand().len().to_string(),
        ));
        m.push(("Total weight", weight(self.view.problem.total_weight())));
        m
    }

    fn site_cells(&self, s: usize) -> [String; 7] {
        let site = &self.view.problem.sites()[s];
        let v = &self.view.sites[s];
        let text = |o: &Option<String>| o.clone().unwrap_or_default();
        [
            site.id.clone(),
            site.name.clone().unwrap_or_else(|| site.id.clone()),
            text(&site.city),
            text(&site.region),
            text(&site.country),
            weight(v.served_weight),
            v.load
                .map_or("—".into(), |l| format!("{}%", fixed(100.0 * l, 1))),
        ]
    }
}

const SITE_HEADERS: [&str; 7] = [
    "Id",
    "Name",
    "City",
    "Province / region",
    "Country",
    "Served weight",
    "Load",
];
const REGION_HEADERS: [&str; 7] = [
    "Demand points",
    "Weight",
    "Share of total",
    "Covered before",
    "Covered after",
    "Existing sites",
    "New sites",
];

struct RegionRow {
    name: String,
    points: usize,
    weight: f64,
    covered_before: f64,
    covered_after: f64,
    existing: usize,
    new: usize,
}

impl RegionRow {
    fn new(name: String) -> Self {
        RegionRow {
            name,
            points: 0,
            weight: 0.0,
            covered_before: 0.0,
            covered_after: 0.0,
            existing: 0,
            new: 0,
        }
    }

    fn cells(&self, total: f64) -> [String; 8] {
        let pct = |x: f64, of: f64| {
            if of > 0.0 {
                format!("{}%", fixed(100.0 * x / of, 1))
            } else {
                "—".into()
            }
        };
        [
            self.name.clone(),
            self.points.to_string(),
            weight(self.weight),
            pct(self.weight, total),
            pct(self.covered_before, self.weight),
            pct(self.covered_after, self.weight),
            self.existing.to_string(),
            self.new.to_string(),
        ]
    }
}

fn round_to(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}

/// `x` with `decimals` decimals, never `-0`.
fn fixed(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

/// Groups digits of an integer string in threes with commas.
fn group(int: &str) -> String {
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

/// A weight: whole numbers with thousands separators, small fractional
/// values with up to 2 decimals.
fn weight(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    if x.abs() >= 1000.0 || x.fract() == 0.0 {
        group(&fixed(x.round(), 0))
    } else {
        let s = fixed(x, 2);
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A general number: grouped integers when large, else up to 4 significant decimals.
fn general(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    if x.abs() >= 1000.0 {
        let int = fixed(x.trunc(), 0);
        let frac = fixed(x.abs().fract(), 1);
        let frac = if frac == "1.0" || frac == "0.0" {
            ""
        } else {
            &frac[1..]
        };
        if frac.is_empty() {
            group(&fixed(x.round(), 0))
        } else {
            format!("{}{frac}", group(&int))
        }
    } else {
        let s = fixed(x, 4);
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

// ------------------------------------------------------------------ HTML

/// Writes `report.html` atomically.
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
/// # let view = PlanView::new(&problem, &plan)?.with_cutoff(Some(50.0));
/// # let (before, after) = before_after(&problem, &costs, &plan, Some(50.0));
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("report.html");
/// io::write_report_html(&path, &Report::new(&view, &before, &after))?;
/// let html = std::fs::read_to_string(&path)?;
/// assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_report_html(path: &Path, report: &Report<'_>) -> Result<()> {
    super::write_atomic(path, |w| write_report_html_to(w, report))
}

/// `report.html` as a string.
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
/// # let view = PlanView::new(&problem, &plan)?.with_title("Yangtze delta").with_cutoff(Some(50.0));
/// # let (before, after) = before_after(&problem, &costs, &plan, Some(50.0));
/// let html = report_html_string(&Report::new(&view, &before, &after));
/// assert!(html.contains("<h1>Yangtze delta</h1>"));
/// assert!(html.contains("<svg")); // the map, inline
/// assert!(!html.contains("<script")); // self-contained, no scripts
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn report_html_string(report: &Report<'_>) -> String {
    let mut buf = Vec::new();
    write_report_html_to(&mut buf, report).expect("writing to memory cannot fail");
    String::from_utf8(buf).expect("the report is UTF-8")
}

const CSS: &str = "body{font-family:Helvetica,Arial,sans-serif;color:#222;max-width:1200px;margin:24px auto;padding:0 16px;line-height:1.4}\
h1{font-size:26px;margin:0 0 6px}h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}\
.meta{color:#555;font-size:14px}.meta b{color:#222}\
table{border-collapse:collapse;font-size:14px;margin:6px 0}th,td{padding:4px 10px;border-bottom:1px solid #e4e4e4;text-align:left}\
th{background:#f4f4f2}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\
.figure svg{max-width:100%;height:auto;border:1px solid #eee}\
footer{margin-top:32px;color:#888;font-size:12px}";

/// Writes `report.html` to any writer.
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
/// # let view = PlanView::new(&problem, &plan)?.with_cutoff(Some(50.0));
/// # let (before, after) = before_after(&problem, &costs, &plan, Some(50.0));
/// let mut buf = Vec::new();
/// io::write_report_html_to(&mut buf, &Report::new(&view, &before, &after))?;
/// let html = String::from_utf8(buf)?;
/// assert!(html.contains("<h2>Before and after</h2>") && html.contains("<h2>New sites (1)</h2>"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_report_html_to(w: &mut dyn Write, report: &Report<'_>) -> std::io::Result<()> {
    let view = report.view;
    let mut s = String::with_capacity(1 << 15);
    let title = escape(&view.title);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>{title}</h1>\n<p class=\"meta\">"
    );
    for (i, (k, v)) in report.meta().iter().enumerate() {
        if i > 0 {
            s.push_str(" · ");
        }
        let _ = write!(s, "{k} <b>{}</b>", escape(v));
    }
    s.push_str("</p>\n");
    if let Some(e) = report.entry {
        w.write_all(s.as_bytes())?;
        s.clear();
        entry_html(w, e, report.borders)?;
    }

    s.push_str("<h2>Before and after</h2>\n<p>Before: existing sites only. After: existing and new sites. Both scored the same way: every demand point goes to its cheapest reachable open site.</p>\n");
    s.push_str("<table>\n<tr><th></th><th class=\"n\">Before</th><th class=\"n\">After</th><th class=\"n\">Change</th></tr>\n");
    for row in report.summary_rows() {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(&row[0]),
            escape(&row[1]),
            escape(&row[2]),
            escape(&row[3])
        );
    }
    s.push_str("</table>\n<h2>Map</h2>\n<div class=\"figure\">\n");
    w.write_all(s.as_bytes())?;
    s.clear();
    let options = SvgOptions::default()
        .with_lines(report.lines)
        .with_borders(report.borders);
    write_svg_element(w, &view.map_data(), &options)?;
    s.push_str("</div>\n");

    let new = report.new_sites();
    let _ = writeln!(s, "<h2>New sites ({})</h2>", new.len());
    if new.is_empty() {
        s.push_str("<p>The plan opens no new sites.</p>\n");
    } else {
        html_table(
            &mut s,
            &SITE_HEADERS,
            &[5, 6],
            new.iter().map(|&i| report.site_cells(i).to_vec()),
        );
    }

    let (label, rows) = report.region_rows();
    let _ = writeln!(s, "<h2>By {}</h2>", escape(&label.to_lowercase()));
    let mut headers = vec![label.as_str()];
    headers.extend(REGION_HEADERS);
    let total = view.problem.total_weight();
    html_table(
        &mut s,
        &headers,
        &[1, 2, 3, 4, 5, 6, 7],
        rows.iter().map(|r| r.cells(total).to_vec()),
    );

    if !report.curve.is_empty() {
        s.push_str("<h2>Coverage versus number of new sites</h2>\n<div class=\"figure\">\n");
        curve_svg(&mut s, report.curve, view.plan.new.len());
        s.push_str("</div>\n");
        let headers = [
            "New sites",
            "Objective",
            "Coverage",
            &report.cost_label("Mean"),
            "Marginal gain",
        ]
        .map(str::to_owned);
        let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
        html_table(&mut s, &headers, &[0, 1, 2, 3, 4], curve_rows(report.curve));
    }
    let _ = writeln!(
        s,
        "<footer>Written by siteplan {}.</footer>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    );
    w.write_all(s.as_bytes())
}

/// The "Entry plan" section in HTML.
fn entry_html(
    w: &mut dyn Write,
    e: &EntrySection,
    borders: Option<&Borders>,
) -> std::io::Result<()> {
    let mut s = String::from("<h2>Entry plan</h2>\n");
    if let Some(r) = &e.reason {
        let _ = writeln!(
            s,
            "<p><b>The plan enters no country.</b> Why: {}. Entering nothing is the best plan under these inputs.</p>",
            escape(r)
        );
    }
    let mut rows: Vec<Vec<String>> = e.cells().collect();
    rows.push(e.total_row());
    html_table(&mut s, &ENTRY_HEADERS, &ENTRY_NUMERIC, rows.into_iter());
    s.push_str("<p>Sales, revenue and duty are sums over the horizon; profit is after entry and center costs. Countries on the map are filled by entry year.</p>\n");
    for n in &e.notes {
        let _ = writeln!(s, "<p class=\"meta\">Note: {}</p>", escape(n));
    }
    s.push_str("<div class=\"figure\">\n");
    w.write_all(s.as_bytes())?;
    let options = SvgOptions::default().with_borders(borders);
    write_svg_element_filled(w, &e.map, &options, Some(&e.fills))?;
    w.write_all(b"</div>\n")
}

fn html_table(
    s: &mut String,
    headers: &[&str],
    numeric: &[usize],
    rows: impl Iterator<Item = Vec<String>>,
) {
    let class = |i: usize| {
        if numeric.contains(&i) {
            " class=\"n\""
        } else {
            ""
        }
    };
    s.push_str("<table>\n<tr>");
    for (i, h) in headers.iter().enumerate() {
        let _ = write!(s, "<th{}>{}</th>", class(i), escape(h));
    }
    s.push_str("</tr>\n");
    for row in rows {
        s.push_str("<tr>");
        for (i, c) in row.iter().enumerate() {
            let _ = write!(s, "<td{}>{}</td>", class(i), escape(c));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</table>\n");
}

fn curve_rows(curve: &[CurvePoint]) -> impl Iterator<Item = Vec<String>> + '_ {
    sorted_curve(curve).into_iter().map(|c| {
        vec![
            c.new_sites.to_string(),
            general(c.objective),
            format!("{}%", fixed(c.coverage_pct, 1)),
            fixed(c.mean_cost, 1),
            general(c.marginal_gain),
        ]
    })
}

fn sorted_curve(curve: &[CurvePoint]) -> Vec<CurvePoint> {
    let mut c = curve.to_vec();
    c.sort_by_key(|p| p.new_sites);
    c
}

/// An SVG line chart of coverage (%) against the number of new sites,
/// marking the plan's own count.
fn curve_svg(s: &mut String, curve: &[CurvePoint], chosen: usize) {
    let pts = sorted_curve(curve);
    let (w, h) = (640.0, 320.0);
    let (l, r, t, b) = (56.0, 20.0, 16.0, 44.0);
    let x_min = pts.first().map_or(0, |p| p.new_sites) as f64;
    let x_max = (pts.last().map_or(1, |p| p.new_sites) as f64).max(x_min + 1.0);
    let lo = pts
        .iter()
        .map(|p| p.coverage_pct)
        .fold(f64::INFINITY, f64::min);
    let hi = pts
        .iter()
        .map(|p| p.coverage_pct)
        .fold(f64::NEG_INFINITY, f64::max);
    let y_min = ((lo / 10.0).floor() * 10.0).clamp(0.0, 90.0);
    let y_max = ((hi / 10.0).ceil() * 10.0).clamp(y_min + 10.0, 100.0);
    let px = |x: f64| l + (x - x_min) / (x_max - x_min) * (w - l - r);
    let py = |y: f64| t + (y_max - y) / (y_max - y_min) * (h - t - b);
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">"
    );
    s.push_str("<title>Coverage versus number of new sites</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
    // Horizontal grid and y labels.
    let mut y = y_min;
    while y <= y_max + 1e-9 {
        let _ = writeln!(
            s,
            "<path d=\"M{},{}H{}\" stroke=\"#e6e6e6\"/><text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#555\">{}%</text>",
            num(l),
            num(py(y)),
            num(w - r),
            num(l - 6.0),
            num(py(y) + 4.0),
            num(y)
        );
        y += 10.0;
    }
    // X ticks: at most ~12 labels.
    let span = (x_max - x_min) as usize;
    let step = (span / 12).max(1);
    let mut x = x_min as usize;
    while x as f64 <= x_max {
        let _ = writeln!(
            s,
            "<path d=\"M{},{}v5\" stroke=\"#555\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\">{x}</text>",
            num(px(x as f64)),
            num(h - b),
            num(px(x as f64)),
            num(h - b + 18.0)
        );
        x += step;
    }
    let _ = writeln!(
        s,
        "<path d=\"M{},{}V{}H{}\" fill=\"none\" stroke=\"#555\"/>",
        num(l),
        num(t),
        num(h - b),
        num(w - r)
    );
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#333\">Number of new sites</text>",
        num((l + w - r) / 2.0),
        num(h - 8.0)
    );
    let _ = writeln!(
        s,
        "<text transform=\"translate(14 {}) rotate(-90)\" text-anchor=\"middle\" fill=\"#333\">Coverage (% of demand weight)</text>",
        num((t + h - b) / 2.0)
    );
    if pts.iter().any(|p| p.new_sites == chosen) {
        let x = px(chosen as f64);
        let (tx, anchor) = if x > (l + w - r) / 2.0 {
            (x - 5.0, "end")
        } else {
            (x + 5.0, "start")
        };
        let _ = writeln!(
            s,
            "<path d=\"M{},{}V{}\" stroke=\"#e4572e\" stroke-dasharray=\"4 3\"/><text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" fill=\"#e4572e\">this plan</text>",
            num(x),
            num(t),
            num(h - b),
            num(tx),
            num(h - b - 8.0)
        );
    }
    let mut d = String::new();
    for (i, p) in pts.iter().enumerate() {
        let _ = write!(
            d,
            "{}{},{}",
            if i == 0 { "M" } else { "L" },
            num(px(p.new_sites as f64)),
            num(py(p.coverage_pct))
        );
    }
    let _ = writeln!(
        s,
        "<path d=\"{d}\" fill=\"none\" stroke=\"#2b7bba\" stroke-width=\"2\"/>"
    );
    for p in &pts {
        let _ = writeln!(
            s,
            "<circle cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"#2b7bba\"><title>{} new sites: {}%</title></circle>",
            num(px(p.new_sites as f64)),
            num(py(p.coverage_pct)),
            p.new_sites,
            fixed(p.coverage_pct, 1)
        );
    }
    s.push_str("</svg>\n");
}

// -------------------------------------------------------------- Markdown

/// Writes `report.md` atomically.
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
/// # let view = PlanView::new(&problem, &plan)?.with_title("Yangtze delta").with_cutoff(Some(50.0));
/// # let (before, after) = before_after(&problem, &costs, &plan, Some(50.0));
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("report.md");
/// io::write_report_md(&path, &Report::new(&view, &before, &after))?;
/// assert!(std::fs::read_to_string(&path)?.starts_with("# Yangtze delta\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_report_md(path: &Path, report: &Report<'_>) -> Result<()> {
    super::write_atomic(path, |w| write_report_md_to(w, report))
}

/// `report.md` as a string.
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
/// let view = PlanView::new(&problem, &plan)?.with_cutoff(Some(50.0));
/// let (before, after) = before_after(&problem, &costs, &plan, Some(50.0));
/// let md = report_md_string(&Report::new(&view, &before, &after));
/// // 25 of 36 covered within 50 km before, 31 of 36 after.
/// assert!(md.contains("| Coverage (% of demand weight) | 69.4 | 86.1 | +16.7 pp |"));
/// assert!(md.contains("- Coverage cutoff: **50 km**"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn report_md_string(report: &Report<'_>) -> String {
    let mut buf = Vec::new();
    write_report_md_to(&mut buf, report).expect("writing to memory cannot fail");
    String::from_utf8(buf).expect("the report is UTF-8")
}

/// Escapes text for Markdown (CommonMark and GitHub tables): punctuation
/// that could start markup is backslash-escaped, line breaks become spaces.
///
/// ```
/// assert_eq!(siteplan::io::report::escape_md("a|b <c> *d*"), r"a\|b \<c\> \*d\*");
/// ```
pub fn escape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn md_table(
    s: &mut String,
    headers: &[&str],
    numeric: &[usize],
    rows: impl Iterator<Item = Vec<String>>,
) {
    s.push('|');
    for h in headers {
        let _ = write!(s, " {} |", escape_md(h));
    }
    s.push_str("\n|");
    for i in 0..headers.len() {
        s.push_str(if numeric.contains(&i) {
            " ---: |"
        } else {
            " --- |"
        });
    }
    s.push('\n');
    for row in rows {
        s.push('|');
        for c in &row {
            let _ = write!(s, " {} |", escape_md(c));
        }
        s.push('\n');
    }
}

/// Writes `report.md` to any writer.
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
/// # let view = PlanView::new(&problem, &plan)?.with_cutoff(Some(50.0));
/// # let (before, after) = before_after(&problem, &costs, &plan, Some(50.0));
/// let mut buf = Vec::new();
/// io::write_report_md_to(&mut buf, &Report::new(&view, &before, &after))?;
/// let md = String::from_utf8(buf)?;
/// assert!(md.contains("## Before and after\n") && md.contains("## New sites (1)\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_report_md_to(w: &mut dyn Write, report: &Report<'_>) -> std::io::Result<()> {
    let view = report.view;
    let mut s = String::with_capacity(1 << 14);
    let _ = writeln!(s, "# {}\n", escape_md(&view.title));
    for (k, v) in report.meta() {
        let _ = writeln!(s, "- {k}: **{}**", escape_md(&v));
    }
    if let Some(e) = report.entry {
        s.push_str("\n## Entry plan\n\n");
        if let Some(r) = &e.reason {
            let _ = writeln!(
                s,
                "**The plan enters no country.** Why: {}. Entering nothing is the best plan under these inputs.\n",
                escape_md(r)
            );
        }
        let mut rows: Vec<Vec<String>> = e.cells().collect();
        rows.push(e.total_row());
        md_table(&mut s, &ENTRY_HEADERS, &ENTRY_NUMERIC, rows.into_iter());
        s.push_str("\nSales, revenue and duty are sums over the horizon; profit is after entry and center costs.\n");
        for n in &e.notes {
            let _ = writeln!(s, "\nNote: {}", escape_md(n));
        }
        s.push_str("\n![Countries by entry year, centers marked](plan.svg)\n");
    }
    s.push_str("\n## Before and after\n\nBefore: existing sites only. After: existing and new sites. Both scored the same way: every demand point goes to its cheapest reachable open site.\n\n");
    md_table(
        &mut s,
        &["", "Before", "After", "Change"],
        &[1, 2, 3],
        report.summary_rows().into_iter().map(|r| r.to_vec()),
    );
    let new = report.new_sites();
    let _ = writeln!(s, "\n## New sites ({})\n", new.len());
    if new.is_empty() {
        s.push_str("The plan opens no new sites.\n");
    } else {
        md_table(
            &mut s,
            &SITE_HEADERS,
            &[5, 6],
            new.iter().map(|&i| report.site_cells(i).to_vec()),
        );
    }
    let (label, rows) = report.region_rows();
    let _ = writeln!(s, "\n## By {}\n", label.to_lowercase());
    let mut headers = vec![label.as_str()];
    headers.extend(REGION_HEADERS);
    let total = view.problem.total_weight();
    md_table(
        &mut s,
        &headers,
        &[1, 2, 3, 4, 5, 6, 7],
        rows.iter().map(|r| r.cells(total).to_vec()),
    );
    if !report.curve.is_empty() {
        s.push_str("\n## Coverage versus number of new sites\n\n");
        let mean = report.cost_label("Mean");
        md_table(
            &mut s,
            &["New sites", "Objective", "Coverage", &mean, "Marginal gain"],
            &[0, 1, 2, 3, 4],
            curve_rows(report.curve),
        );
    }
    let _ = writeln!(s, "\nWritten by siteplan {}.", env!("CARGO_PKG_VERSION"));
    w.write_all(s.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(weight(24_874_500.0), "24,874,500");
        assert_eq!(weight(-1234.4), "-1,234");
        assert_eq!(weight(12.5), "12.5");
        assert_eq!(weight(7.0), "7");
        assert_eq!(general(1234567.25), "1,234,567.2");
        assert_eq!(general(0.12345), "0.1235");
        assert_eq!(fixed(-0.01, 1), "0.0");
        assert_eq!(group("100"), "100");
        assert_eq!(group("1000"), "1,000");
    }
}
