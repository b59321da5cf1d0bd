//! What a report shows ([`Report`]), and its tables of sites and regions.

use super::entry::*;
use super::figures::*;
use super::numbers::*;
use crate::evaluate::Evaluation;
use crate::io::svg::Borders;
use crate::io::view::{PlanView, SiteRole};
use crate::models::market_share::ShareReport;
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
///     stats: SolveStats::default(), timeline: None };
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
    /// What demand weights count (`people`, `cars per year`); empty: unnamed.
    pub demand_label: &'a str,
    /// The currency of money figures (`EUR`); empty: none named.
    pub currency: &'a str,
    /// The "Market share" section of a share model's plan, if any.
    pub share: Option<&'a ShareReport>,
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
    /// assert!(md.contains("## New sites (1)\n") && md.contains("| 1 | hz-1 |"));
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
            demand_label: "",
            currency: "",
            share: None,
        }
    }

    /// The same report with the "Market share" section of a share model's
    /// plan: our share before and after, and where the new stores' demand
    /// comes from (our other stores, competitors, the outside option).
    ///
    /// ```
    /// # let (p, sets) = siteplan::models::market_share::doc_sets()?;
    /// use siteplan::io::{report_md_string, PlanView, Report};
    /// use siteplan::models::market_share::ShareReport;
    /// use siteplan::{Haversine, ModelKind, Plan, PlanStatus, Reach, SolveStats, TravelCost};
    /// let plan = Plan { model: ModelKind::MarketShare, method: "x".into(),
    ///     status: PlanStatus::Optimal, open: vec![0], new: vec![0], assignment: vec![],
    ///     objective: 0.0, bound: None, gap: None, stats: SolveStats::default(), timeline: None };
    /// let share = ShareReport::new(&p, &sets, &[true, false, false], &[0]);
    /// let view = PlanView::new(&p, &plan)?;
    /// let costs = Haversine.cost_matrix(&p, Reach::all())?;
    /// let e = siteplan::evaluate(&p, &costs, &[true, false, false], None);
    /// let md = report_md_string(&Report::new(&view, &e, &e).with_share(&share));
    /// assert!(md.contains("## Market share") && md.contains("from the outside option"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_share(mut self, share: &'a ShareReport) -> Self {
        self.share = Some(share);
        self
    }

    /// The rows of the "Market share" section (label, value), empty
    /// without one.
    pub fn share_rows(&self) -> Vec<[String; 2]> {
        let Some(r) = self.share else {
            return Vec::new();
        };
        let unit = if self.demand_label.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.demand_label)
        };
        let new = crate::evaluate::open_flags(r.sites.len(), &self.view.plan.new);
        let sum = |f: fn(&crate::models::market_share::SiteShare) -> f64| -> f64 {
            r.sites
                .iter()
                .zip(&new)
                .filter(|(_, &n)| n)
                .map(|(s, _)| f(s))
                .sum()
        };
        let pct = |x: f64| format!("{}%", fixed(100.0 * x, 2));
        vec![
            ["Our share before".into(), pct(r.share_before())],
            ["Our share after".into(), pct(r.share_after())],
            [format!("Captured before{unit}"), weight(r.captured_before)],
            [format!("Captured after{unit}"), weight(r.captured_after)],
            [
                format!("New stores capture{unit}"),
                weight(sum(|s| s.captured)),
            ],
            [
                format!("… from our other stores{unit}"),
                weight(sum(|s| s.from_own)),
            ],
            [
                format!("… from competitors{unit}"),
                weight(sum(|s| s.from_competitors)),
            ],
            [
                format!("… from the outside option{unit}"),
                weight(sum(|s| s.from_outside)),
            ],
        ]
    }

    /// The same report with its measures named: what demand weights count
    /// (`people`) and the currency of money figures (`EUR`).
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
    /// # let view = PlanView::new(&problem, &plan)?.with_cutoff(Some(50.0));
    /// # let (before, after) = before_after(&problem, &costs, &plan, Some(50.0));
    /// let report = Report::new(&view, &before, &after).with_measure("people", "");
    /// assert!(report_md_string(&report).contains("Total demand: **36 people**"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_measure(mut self, demand_label: &'a str, currency: &'a str) -> Self {
        self.demand_label = demand_label;
        self.currency = currency;
        self
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
            let region = region.as_deref().filter(|s| !s.is_empty());
            let country = country.as_deref().filter(|s| !s.is_empty());
            match (by_country, region, country) {
                (false, Some(r), _) => r.to_string(),
                (_, _, Some(c)) => self.country_name(c),
                _ => "(unknown)".to_string(),
            }
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
                format!("Coverage (% of {} within the cutoff)", self.demand_label()),
                d1(b.coverage_pct),
                d1(a.coverage_pct),
                signed(round_to(a.coverage_pct - b.coverage_pct, 1), &|x| {
                    format!("{} pp", fixed(x, 1))
                }),
            ],
            [
                format!("Covered demand ({})", self.demand_label()),
                weight(b.covered_weight),
                weight(a.covered_weight),
                signed(a.covered_weight - b.covered_weight, &weight),
            ],
            [
                format!(
                    "Not served ({}, no open site within reach)",
                    self.demand_label()
                ),
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

    /// Facts about the problem: (label, value).
    pub(super) fn meta(&self) -> Vec<(&'static str, String)> {
        let mut m = Vec::new();
        if let Some(c) = self.view.cutoff {
            let unit = &self.view.cost_unit;
            m.push((
                "Coverage cutoff",
                format!("{} {unit}", general(c)).trim_end().to_string(),
            ));
        }
        m.push((
            "Demand points",
            weight(self.view.problem.demand().len() as f64),
        ));
        m.push((
            "Total demand",
            self.demand_amount(self.view.problem.total_weight()),
        ));
        m
    }

    /// The solve: what was solved, how, and what its objective, bound and
    /// gap mean; (label, value) rows and one sentence.
    pub(super) fn solve_box(&self) -> (Vec<(&'static str, String)>, String) {
        let plan = self.view.plan;
        let entry = self.entry.is_some();
        let money = |x: f64| {
            if self.currency.is_empty() {
                weight(x)
            } else {
                format!("{} {}", weight(x), self.currency)
            }
        };
        let (what, fmt): (String, Box<dyn Fn(f64) -> String>) = if entry {
            ("profit over the horizon".into(), Box::new(money))
        } else {
            match plan.model {
                crate::models::ModelKind::MaxCoverage => (
                    format!("{} within the cutoff of an open site", self.demand_label()),
                    Box::new(|x| self.demand_amount(x)),
                ),
                crate::models::ModelKind::SetCover => (
                    "number of sites opened".into(),
                    Box::new(|x: f64| weight(x)),
                ),
                crate::models::ModelKind::PCenter => (
                    "the largest distance to an open site".into(),
                    Box::new(|x| self.cost_amount(x)),
                ),
                crate::models::ModelKind::MarketShare => (
                    "demand (or profit) our sites capture against competitors and the outside option".into(),
                    Box::new(|x: f64| weight(x)),
                ),
                crate::models::ModelKind::TargetShare => (
                    "number of new sites".into(),
                    Box::new(|x: f64| weight(x)),
                ),
                crate::models::ModelKind::FixedCharge => (
                    "fixed costs plus demand × travel cost".into(),
                    Box::new(|x: f64| weight(x)),
                ),
                _ => (
                    format!("Σ {} × travel cost", self.demand_label()),
                    Box::new(|x: f64| weight(x)),
                ),
            }
        };
        let mut m = vec![
            ("Model", plan.model.as_str().to_string()),
            ("Method", plan.method.clone()),
            ("Status", plan.status.as_str().to_string()),
            ("Objective", fmt(plan.objective)),
        ];
        if let Some(b) = plan.bound {
            m.push(("Bound", fmt(b)));
        }
        if let Some(g) = plan.gap {
            m.push(("Gap", format!("{}%", fixed(100.0 * g, 2))));
        }
        let sense = if entry || plan.model.maximises() {
            ("maximises", "no plan can do better than", "below")
        } else {
            ("minimises", "no plan can do better than", "above")
        };
        let mut text = format!("The objective is what the model {}: the {what}.", sense.0);
        if plan.bound.is_some() {
            text.push_str(&format!(
                " The bound is proven: {} it. The gap is how far the plan's objective may lie {} the best possible, as a share of it{}.",
                sense.1,
                sense.2,
                if plan.gap.is_some_and(|g| g <= 1e-4) { "; 0% means the plan is optimal" } else { "" }
            ));
        }
        (m, text)
    }

    /// The new-sites table: headers, numeric columns and rows (number,
    /// name, id, city, province, country, served demand, share, load),
    /// without the columns that are empty in every row.
    pub(super) fn site_table(&self, new: &[usize]) -> (Vec<String>, Vec<usize>, Vec<Vec<String>>) {
        let p = self.view.problem;
        let total = p.total_weight();
        let headers = [
            "No.".to_string(),
            "Name".into(),
            "Id".into(),
            "City".into(),
            "Province / region".into(),
            "Country".into(),
            format!("Serves ({})", self.demand_label()),
            "Share of all demand".into(),
            "Load (% of capacity)".into(),
        ];
        let rows: Vec<Vec<String>> = new
            .iter()
            .enumerate()
            .map(|(n, &s)| {
                let site = &p.sites()[s];
                let v = &self.view.sites[s];
                let text = |o: &Option<String>| o.clone().unwrap_or_default();
                let name = site.name.clone().unwrap_or_else(|| site.id.clone());
                vec![
                    (n + 1).to_string(),
                    name.clone(),
                    if name == site.id {
                        String::new()
                    } else {
                        site.id.clone()
                    },
                    text(&site.city),
                    text(&site.region),
                    site.country
                        .as_deref()
                        .map(|c| self.country_name(c))
                        .unwrap_or_default(),
                    weight(v.served_weight),
                    if total > 0.0 {
                        format!("{}%", fixed(100.0 * v.served_weight / total, 2))
                    } else {
                        String::new()
                    },
                    v.load
                        .map_or(String::new(), |l| format!("{}%", fixed(100.0 * l, 1))),
                ]
            })
            .collect();
        let keep: Vec<usize> = (0..headers.len())
            .filter(|&c| rows.iter().any(|r| !r[c].is_empty()))
            .collect();
        let numeric = [0, 6, 7, 8];
        let headers2 = keep.iter().map(|&c| headers[c].clone()).collect();
        let numeric2 = keep
            .iter()
            .enumerate()
            .filter(|(_, c)| numeric.contains(c))
            .map(|(i, _)| i)
            .collect();
        let rows2 = rows
            .into_iter()
            .map(|r| keep.iter().map(|&c| r[c].clone()).collect())
            .collect();
        (headers2, numeric2, rows2)
    }
}

impl Report<'_> {
    /// Headers of the per-region table, the first naming the grouping.
    pub(super) fn region_headers(&self, label: &str) -> Vec<String> {
        let mut h = vec![label.to_string()];
        h.extend(REGION_HEADERS.iter().map(|x| x.to_string()));
        h[2] = format!("Demand ({})", self.demand_label());
        h
    }
}

pub(super) const REGION_HEADERS: [&str; 7] = [
    "Demand points",
    "Demand",
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
            weight(self.points as f64),
            weight(self.weight),
            pct(self.weight, total),
            pct(self.covered_before, self.weight),
            pct(self.covered_after, self.weight),
            self.existing.to_string(),
            self.new.to_string(),
        ]
    }
}
