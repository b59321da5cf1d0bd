//! The year-by-year plan and the profit-against-duty chart of a
//! market-entry report.

use super::numbers::*;
use crate::models::market_entry::{CurvePoint, MarketEntryPlan};
use std::fmt::Write as _;

/// The market-entry plan year by year, and the profit against the duty.
///
/// # Examples
///
/// ```
/// # use siteplan::{PlanStatus, SolveStats};
/// use siteplan::io::EntryTimeline;
/// use siteplan::models::market_entry::MarketEntryPlan;
/// let plan = MarketEntryPlan { status: PlanStatus::Optimal, method: "x".into(), years: vec![2027, 2028],
///     countries: vec![], centers: vec![], totals: Default::default(), objective: 0.0, bound: None,
///     gap: None, reason: None, notes: vec![], assignment: vec![], stats: SolveStats::default(),
///     plant_built: false, plant_cars: vec![0.0, 0.0], analysis: Default::default() };
/// let t = EntryTimeline::from_plan(&plan);
/// assert_eq!(t.rows.len(), 2);
/// assert!(t.curve.is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntryTimeline {
    /// Per planning year: year, countries entered that year (with route),
    /// new centers, centers open, cars sold, cars from the plant.
    pub rows: Vec<Vec<String>>,
    /// The plan at each duty level (from `entry_curve.csv`).
    pub curve: Vec<CurvePoint>,
    /// What changes along the curve, and the break-even duties, in words.
    pub sentences: Vec<String>,
}

/// Column names of the year-by-year table.
pub(super) const YEAR_HEADERS: [&str; 6] = [
    "Year",
    "Countries entered (route)",
    "New centers",
    "Centers open",
    "Cars sold",
    "Cars from the EU plant",
];

/// Numeric columns of the year-by-year table.
pub(super) const YEAR_NUMERIC: [usize; 4] = [2, 3, 4, 5];

impl EntryTimeline {
    /// The timeline of a plan.
    ///
    /// # Examples
    ///
    /// See [`EntryTimeline`].
    ///
    /// ```
    /// # use siteplan::{PlanStatus, SolveStats};
    /// # use siteplan::models::market_entry::MarketEntryPlan;
    /// # let plan = MarketEntryPlan { status: PlanStatus::Optimal, method: "x".into(), years: vec![2027],
    /// #     countries: vec![], centers: vec![], totals: Default::default(), objective: 0.0, bound: None,
    /// #     gap: None, reason: None, notes: vec![], assignment: vec![], stats: SolveStats::default(),
    /// #     plant_built: false, plant_cars: vec![0.0], analysis: Default::default() };
    /// let t = siteplan::io::EntryTimeline::from_plan(&plan);
    /// assert_eq!(t.rows[0][0], "2027");
    /// ```
    pub fn from_plan(plan: &MarketEntryPlan) -> Self {
        let mut rows = Vec::new();
        let mut open = 0usize;
        for (t, &y) in plan.years.iter().enumerate() {
            let entered: Vec<String> = plan
                .countries
                .iter()
                .filter(|c| c.entry_year == Some(y))
                .map(|c| {
                    let r = c.routes.get(t).filter(|r| !r.is_empty());
                    match r {
                        Some(r) => format!("{} ({r})", c.country),
                        None => c.country.clone(),
                    }
                })
                .collect();
            let new = plan
                .centers
                .iter()
                .filter(|c| c.year_opened == y && !c.existing)
                .count();
            open += plan.centers.iter().filter(|c| c.year_opened == y).count();
            let sold: f64 = plan
                .countries
                .iter()
                .map(|c| c.sales_per_year.get(t).copied().unwrap_or(0.0))
                .sum();
            rows.push(vec![
                y.to_string(),
                if entered.is_empty() {
                    "—".into()
                } else {
                    entered.join(", ")
                },
                new.to_string(),
                open.to_string(),
                group(&fixed(sold.round(), 0)),
                group(&fixed(
                    plan.plant_cars.get(t).copied().unwrap_or(0.0).round(),
                    0,
                )),
            ]);
        }
        EntryTimeline {
            rows,
            curve: plan.analysis.curve.clone(),
            sentences: plan.analysis.sentences(),
        }
    }

    /// The curve as table rows: duty, profit (€ M), countries, centers, imported-car centers.
    pub(super) fn curve_rows(&self) -> impl Iterator<Item = Vec<String>> + '_ {
        self.curve.iter().map(|p| {
            vec![
                format!("{} %", fixed(p.duty_pct, 1)),
                fixed(p.profit / 1e6, 1),
                p.countries_entered.to_string(),
                p.centers.to_string(),
                p.import_centers.to_string(),
                if p.plant_built { "yes" } else { "no" }.into(),
            ]
        })
    }

    /// The profit-against-duty chart as an SVG element (empty without a curve).
    pub(super) fn curve_svg(&self) -> String {
        if self.curve.len() < 2 {
            return String::new();
        }
        let (w, h, left, bottom, top, right) = (640.0, 300.0, 70.0, 40.0, 20.0, 20.0);
        let dmax = self
            .curve
            .iter()
            .map(|p| p.duty_pct)
            .fold(0.0, f64::max)
            .max(1.0);
        let pmin = self.curve.iter().map(|p| p.profit).fold(0.0, f64::min);
        let pmax = self
            .curve
            .iter()
            .map(|p| p.profit)
            .fold(0.0, f64::max)
            .max(pmin + 1.0);
        let x = |d: f64| left + (w - left - right) * d / dmax;
        let y = |p: f64| top + (h - top - bottom) * (pmax - p) / (pmax - pmin);
        let mut s = String::new();
        let _ = write!(
            s,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"sans-serif\" font-size=\"11\">"
        );
        let _ = write!(
            s,
            "<line x1=\"{left}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#888\"/>",
            y(0.0),
            w - right,
            y(0.0)
        );
        let pts: Vec<String> = self
            .curve
            .iter()
            .map(|p| format!("{:.1},{:.1}", x(p.duty_pct), y(p.profit)))
            .collect();
        let _ = write!(
            s,
            "<polyline fill=\"none\" stroke=\"#2166ac\" stroke-width=\"2\" points=\"{}\"/>",
            pts.join(" ")
        );
        for p in &self.curve {
            let _ = write!(
                s,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"#2166ac\"><title>{} %: €{} M, {} countries, {} centers</title></circle>",
                x(p.duty_pct),
                y(p.profit),
                fixed(p.duty_pct, 1),
                fixed(p.profit / 1e6, 1),
                p.countries_entered,
                p.centers
            );
        }
        for k in 0..=5 {
            let d = dmax * k as f64 / 5.0;
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{} %</text>",
                x(d),
                h - bottom + 16.0,
                fixed(d, 0)
            );
        }
        for (p, label) in [(pmax, pmax), (pmin, pmin)] {
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">€{} M</text>",
                left - 6.0,
                y(p) + 4.0,
                fixed(label / 1e6, 0)
            );
        }
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">EU27 duty on battery-electric imports</text></svg>",
            (left + w - right) / 2.0,
            h - 4.0
        );
        s
    }
}

/// Column names of the curve table.
pub(super) const CURVE_HEADERS: [&str; 6] = [
    "EU duty",
    "Profit (€ M)",
    "Countries",
    "Centers",
    "Imported-car centers",
    "EU plant",
];
