//! The "Entry plan" section of a market-entry report.

use super::numbers::*;
use crate::io::svg::CountryFills;
use crate::io::view::MapData;

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
///     gap: None, reason: None, notes: vec![], assignment: vec![], stats: SolveStats::default(),
///     plant_built: false, plant_cars: vec![], analysis: Default::default() };
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
///     stats: SolveStats::default(),
///     plant_built: false, plant_cars: vec![], analysis: Default::default() };
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
    /// The plan year by year and the profit against the duty.
    pub timeline: super::entry_years::EntryTimeline,
}

/// Fill colours of entry years, earliest first (the last repeats).
pub(super) const YEAR_COLOURS: [&str; 6] = [
    "#1a9850", "#91cf60", "#d9ef8b", "#fee08b", "#fc8d59", "#d73027",
];
/// Fill colour of countries the plan does not enter.
pub(super) const NOT_ENTERED: &str = "#d4d4d4";

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
    ///     stats: SolveStats::default(),
    ///     plant_built: false, plant_cars: vec![], analysis: Default::default() };
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
            timeline: super::entry_years::EntryTimeline::from_plan(plan),
        }
    }

    pub(super) fn cells(&self) -> impl Iterator<Item = Vec<String>> + '_ {
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

    pub(super) fn total_row(&self) -> Vec<String> {
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

pub(super) const ENTRY_HEADERS: [&str; 10] = [
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
pub(super) const ENTRY_NUMERIC: [usize; 6] = [2, 4, 5, 6, 7, 8];
