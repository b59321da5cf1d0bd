//! The curve of a report: coverage against the number of new sites, as a
//! chart and a table; and the notes that explain its figures.

use super::content::Report;
use super::figures::CurvePoint;
use super::numbers::*;
use crate::io::svg::num;
use std::fmt::Write as _;

impl Report<'_> {
    /// Headers of the curve table, each saying what it counts.
    pub(super) fn curve_headers(&self) -> Vec<String> {
        let what = if self.view.plan.model.maximises() {
            format!("covered demand ({})", self.demand_label())
        } else {
            "the model's cost".to_string()
        };
        vec![
            "New sites".into(),
            format!("Objective: {what}"),
            "Coverage (% of demand)".into(),
            self.cost_label("Mean"),
            "Gain over one site fewer".into(),
        ]
    }

    /// Why served and covered demand differ, where the report shows both
    /// and they can differ (market entry: capture decays with distance).
    pub(super) fn served_note(&self) -> Option<String> {
        self.entry?;
        Some(format!(
            "Covered demand counts every {} within the cutoff of an open center in full. The new-sites table's \"serves\" figure is decayed demand: each city buys at its best center a share that falls with distance (the scenario's decay), so a center serves less than the demand it covers.",
            if self.demand_label == "people" { "person" } else { "unit of demand" }
        ))
    }
}

/// The curve table's rows, fewest new sites first.
pub(super) fn curve_rows(curve: &[CurvePoint]) -> impl Iterator<Item = Vec<String>> + '_ {
    sorted_curve(curve).into_iter().map(|c| {
        vec![
            c.new_sites.to_string(),
            weight(c.objective),
            format!("{}%", fixed(c.coverage_pct, 1)),
            fixed(c.mean_cost, 1),
            weight(c.marginal_gain),
        ]
    })
}

pub(super) fn sorted_curve(curve: &[CurvePoint]) -> Vec<CurvePoint> {
    let mut c = curve.to_vec();
    c.sort_by_key(|p| p.new_sites);
    c
}

/// An SVG line chart of coverage (%) against the number of new sites,
/// marking the plan's own count.
pub(super) fn curve_svg(s: &mut String, curve: &[CurvePoint], chosen: usize) {
    let pts = sorted_curve(curve);
    let (w, h) = (480.0, 300.0);
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
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"13\">"
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
        "<text transform=\"translate(14 {}) rotate(-90)\" text-anchor=\"middle\" fill=\"#333\">Coverage (% of demand)</text>",
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
        let (cx, cy) = (num(px(p.new_sites as f64)), num(py(p.coverage_pct)));
        let _ = writeln!(
            s,
            "<circle cx=\"{cx}\" cy=\"{cy}\" r=\"3.5\" fill=\"#2b7bba\"><title>{} new sites: {}%</title></circle>",
            p.new_sites,
            fixed(p.coverage_pct, 1)
        );
        if p.new_sites == chosen {
            // This plan's point, ringed.
            let _ = writeln!(
                s,
                "<circle cx=\"{cx}\" cy=\"{cy}\" r=\"7\" fill=\"none\" stroke=\"#e4572e\" stroke-width=\"2.5\"/>"
            );
        }
    }
    s.push_str("</svg>\n");
}
