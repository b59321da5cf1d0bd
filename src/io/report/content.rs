//! What a report shows ([`Report`]), and its tables of sites and regions.

use super::entry::*;
use super::figures::*;
use super::numbers::*;
use crate::evaluate::Evaluation;
use crate::io::svg::Borders;
use crate::io::view::{PlanView, SiteRole};
use crate::problem::SiteStatus;
use std::collections::BTreeMap;

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
    ///     gap: None, reason: Some("no car is profitable".into()), notes: vec![], assignment: vec![], stats: SolveStats::default(),
    ///     plant_built: false, plant_cars: vec![], analysis: Default::default() };
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

    pub(super) fn figures(&self) -> (Figures, Figures) {
        let p = self.view.problem;
        let existing = p.sites_with_status(SiteStatus::Existing).len();
        let plan = self.view.plan;
        (
            Figures::from_evaluation(self.before, existing, 0),
            Figures::from_evaluation(self.after, plan.open.len(), plan.new.len()),
        )
    }

    pub(super) fn by_country(&self) -> bool {
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

    pub(super) fn region_rows(&self) -> (String, Vec<RegionRow>) {
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
    pub(super) fn new_sites(&self) -> Vec<usize> {
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

    pub(super) fn cost_label(&self, what: &str) -> String {
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
    pub(super) fn summary_rows(&self) -> Vec<[String; 4]> {
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
    pub(super) fn meta(&self) -> Vec<(&'static str, String)> {
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

    pub(super) fn site_cells(&self, s: usize) -> [String; 7] {
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

pub(super) const SITE_HEADERS: [&str; 7] = [
    "Id",
    "Name",
    "City",
    "Province / region",
    "Country",
    "Served weight",
    "Load",
];
pub(super) const REGION_HEADERS: [&str; 7] = [
    "Demand points",
    "Weight",
    "Share of total",
    "Covered before",
    "Covered after",
    "Existing sites",
    "New sites",
];

pub(super) struct RegionRow {
    pub(super) name: String,
    pub(super) points: usize,
    pub(super) weight: f64,
    pub(super) covered_before: f64,
    pub(super) covered_after: f64,
    pub(super) existing: usize,
    pub(super) new: usize,
}

impl RegionRow {
    pub(super) fn new(name: String) -> Self {
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

    pub(super) fn cells(&self, total: f64) -> [String; 8] {
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
