//! Profit against duty (`entry_curve.csv`) and break-even duties.

use crate::error::Result;
use serde::Serialize;
use std::path::Path;

/// The plan re-solved at one EU27 duty on battery-electric imports.
///
/// ```
/// let p = siteplan::models::market_entry::CurvePoint { duty_pct: 20.7, ..Default::default() };
/// assert_eq!(p.countries_entered, 0);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CurvePoint {
    /// EU27 duty on battery-electric imports, percent of the customs value.
    pub duty_pct: f64,
    /// Discounted profit of the plan, €.
    pub profit: f64,
    /// Countries entered.
    pub countries_entered: usize,
    /// Centers open at the end of the horizon.
    pub centers: usize,
    /// Centers in countries that sell imported cars in the last year.
    pub import_centers: usize,
    /// Cars sold over the horizon.
    pub cars: f64,
    /// The plant is built.
    pub plant_built: bool,
    /// Entered countries with their entry year and last-year route, e.g.
    /// `DE:2027:bev_import`.
    pub entered: Vec<String>,
    /// The largest value of one center in the plan: its cars over the
    /// horizon × its country's contribution per car on the last year's
    /// route (undiscounted), €; the scale for jumps in the curve.
    pub store_value: f64,
}

/// One country's break-even duty.
///
/// ```
/// let b = siteplan::models::market_entry::BreakEven { country: "DE".into(), duty_pct: Some(22.5), entered_at_zero: true };
/// assert!(b.entered_at_zero);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakEven {
    /// ISO2 code.
    pub country: String,
    /// The duty on battery-electric imports into this country (percent)
    /// above which the country alone no longer pays to enter; `None` when
    /// it pays at every duty up to the search limit, or at none.
    pub duty_pct: Option<f64>,
    /// Whether the country pays to enter at a duty of 0.
    pub entered_at_zero: bool,
}

/// Profit against duty and break-even duties of a plan.
///
/// ```
/// let a = siteplan::models::market_entry::EntryAnalysis::default();
/// assert!(a.curve.is_empty() && a.break_even.is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EntryAnalysis {
    /// The plan at each duty of `curve_duties_pct`, lowest duty first.
    pub curve: Vec<CurvePoint>,
    /// Per country with demand, in country-table order.
    pub break_even: Vec<BreakEven>,
    /// The upper end of the break-even search, percent.
    pub search_limit_pct: f64,
}

/// Column names of `entry_curve.csv`.
pub const ENTRY_CURVE_HEADER: &str =
    "duty_pct,profit,countries_entered,centers,import_centers,cars,plant_built,store_value,entered";

impl EntryAnalysis {
    /// Writes `entry_curve.csv` (atomically): one row per duty level.
    ///
    /// ```
    /// use siteplan::models::market_entry::{CurvePoint, EntryAnalysis};
    /// let a = EntryAnalysis { curve: vec![CurvePoint { duty_pct: 10.0, profit: 5e6, countries_entered: 1,
    ///     centers: 2, import_centers: 2, cars: 100.0, entered: vec!["DE:2027:bev_import".into()], ..Default::default() }],
    ///     ..Default::default() };
    /// let dir = tempfile::tempdir()?;
    /// let f = dir.path().join("entry_curve.csv");
    /// a.write_curve_csv(&f)?;
    /// assert_eq!(std::fs::read_to_string(&f)?.lines().nth(1), Some("10.0,5000000,1,2,2,100.0,false,0,DE:2027:bev_import"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_curve_csv(&self, path: &Path) -> Result<()> {
        crate::io::write_atomic(path, |w| {
            writeln!(w, "{ENTRY_CURVE_HEADER}")?;
            for p in &self.curve {
                writeln!(
                    w,
                    "{:.1},{:.0},{},{},{},{:.1},{},{:.0},{}",
                    p.duty_pct,
                    super::plan::zero_if_tiny(p.profit),
                    p.countries_entered,
                    p.centers,
                    p.import_centers,
                    p.cars,
                    p.plant_built,
                    p.store_value,
                    p.entered.join(";")
                )?;
            }
            Ok(())
        })
    }

    /// Plain sentences on what changes along the curve: where countries
    /// leave or join, and each country's break-even duty.
    ///
    /// ```
    /// use siteplan::models::market_entry::{CurvePoint, EntryAnalysis};
    /// let pt = |d: f64, e: &[&str]| CurvePoint { duty_pct: d, countries_entered: e.len(),
    ///     entered: e.iter().map(|s| s.to_string()).collect(), ..Default::default() };
    /// let a = EntryAnalysis { curve: vec![pt(0.0, &["DE:2027:bev_import", "FR:2027:bev_import"]), pt(20.0, &["DE:2027:bev_import"])],
    ///     ..Default::default() };
    /// assert!(a.sentences()[0].contains("FR"));
    /// ```
    pub fn sentences(&self) -> Vec<String> {
        let mut out = Vec::new();
        let code = |e: &String| e.split(':').next().unwrap_or("").to_owned();
        for w in self.curve.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            let ca: Vec<String> = a.entered.iter().map(code).collect();
            let cb: Vec<String> = b.entered.iter().map(code).collect();
            let left: Vec<&String> = ca.iter().filter(|c| !cb.contains(c)).collect();
            let joined: Vec<&String> = cb.iter().filter(|c| !ca.contains(c)).collect();
            let mut parts = Vec::new();
            if !left.is_empty() {
                parts.push(format!(
                    "{} no longer entered",
                    left.iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            if !joined.is_empty() {
                parts.push(format!(
                    "{} entered instead",
                    joined
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            let route = |p: &CurvePoint, c: &str| -> Option<String> {
                p.entered
                    .iter()
                    .find(|e| code(e) == c)
                    .and_then(|e| e.rsplit(':').next().map(str::to_owned))
            };
            for c in cb.iter().filter(|c| ca.contains(c)) {
                if let (Some(ra), Some(rb)) = (route(a, c), route(b, c)) {
                    if ra != rb && !rb.is_empty() {
                        parts.push(format!("{c} switches from {ra} to {rb}"));
                    }
                }
            }
            if a.plant_built != b.plant_built {
                parts.push(if b.plant_built {
                    "the EU plant is built".to_owned()
                } else {
                    "the EU plant is no longer built".to_owned()
                });
            }
            if !parts.is_empty() {
                out.push(format!(
                    "From {:.1} % to {:.1} % duty: {}; profit €{:.1} M → €{:.1} M, centers {} → {}.",
                    a.duty_pct,
                    b.duty_pct,
                    parts.join("; "),
                    a.profit / 1e6,
                    b.profit / 1e6,
                    a.centers,
                    b.centers
                ));
            }
        }
        for b in &self.break_even {
            out.push(match (b.duty_pct, b.entered_at_zero) {
                (Some(d), _) => format!(
                    "{}: entering stops paying above {d:.1} % duty on battery-electric imports.",
                    b.country
                ),
                (None, true) => format!(
                    "{}: pays to enter at every duty up to {:.0} % (another route or the margin carries it).",
                    b.country, self.search_limit_pct
                ),
                (None, false) => format!("{}: does not pay to enter even at 0 % duty.", b.country),
            });
        }
        out
    }
}
