//! The sweep report's charts: one measure that compares across scenarios
//! (coverage % for location models, profit for market entry) against each
//! varied parameter, one line per combination of the others, with a legend.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::results::ScenarioResult;
use crate::io::svg::escape;

/// Line colours; beyond twelve lines they repeat dashed.
const PALETTE: [&str; 12] = [
    "#1f77b4", "#e4572e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
    "#7f7f7f", "#ff7f0e", "#393b79", "#637939",
];

/// What the charts plot: a figure every scenario with a plan has on one
/// scale, its name and how to read it from a result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Measure {
    /// Market entry: profit over the horizon, millions of the currency.
    Profit,
    /// Location models: share of demand within the cutoff, percent.
    Coverage,
}

impl Measure {
    /// Profit when any scenario reports one, else coverage.
    pub(super) fn of(results: &[ScenarioResult]) -> Measure {
        if results.iter().any(|r| r.outcome.profit.is_some()) {
            Measure::Profit
        } else {
            Measure::Coverage
        }
    }

    /// The measure's name with its unit.
    pub(super) fn name(self, currency: &str, demand: &str) -> String {
        match self {
            Measure::Profit => format!(
                "Profit (million {})",
                if currency.is_empty() { "EUR" } else { currency }
            ),
            Measure::Coverage => format!("Coverage (% of {demand} within the cutoff)"),
        }
    }

    pub(super) fn value(self, r: &ScenarioResult) -> Option<f64> {
        match self {
            Measure::Profit => r.outcome.profit.or(r.outcome.objective).map(|p| p / 1e6),
            Measure::Coverage => r.outcome.coverage_pct,
        }
        .filter(|v| v.is_finite())
    }
}

/// True when the scenario has a plan (optimal or feasible).
pub(super) fn has_plan(r: &ScenarioResult) -> bool {
    matches!(r.outcome.status.as_str(), "optimal" | "feasible")
}

/// A sweep key in words: `cutoff` → "catchment radius (km)".
pub(super) fn key_words(key: &str) -> String {
    let last = key.rsplit('.').next().unwrap_or(key);
    match last {
        "new_sites" => "new sites".into(),
        "cutoff" => "catchment radius (km)".into(),
        "cutoff_km" => "catchment radius (km)".into(),
        "weight_exponent" => "weighting (population exponent)".into(),
        "eu_duty_pct" => "EU duty (%)".into(),
        "gross_margin_pct" => "gross margin (%)".into(),
        "growth_pct" => "yearly sales growth (%)".into(),
        "market_share_pct" => "market share target (%)".into(),
        "discount_rate_pct" => "discount rate (%)".into(),
        "min_coverage" => "minimum coverage (%)".into(),
        "price" => "price per car".into(),
        "entry_cost" => "entry cost per country".into(),
        "fixed_cost" => "yearly cost per center".into(),
        "time_limit" => "time limit (s)".into(),
        other => other.replace('_', " "),
    }
}

/// A number in a few significant figures: `417,258,955` → `417.3M`.
pub(super) fn short(v: f64) -> String {
    let a = v.abs();
    let (x, unit) = if a >= 1e9 {
        (v / 1e9, "G")
    } else if a >= 1e6 {
        (v / 1e6, "M")
    } else if a >= 1e4 {
        (v / 1e3, "k")
    } else {
        (v, "")
    };
    let t = if x.abs() >= 100.0 || (unit.is_empty() && x.fract() == 0.0) {
        format!("{x:.0}")
    } else if x.abs() >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    };
    let t = if t == "-0" || t == "-0.0" || t == "-0.00" {
        "0".to_string()
    } else {
        t
    };
    format!("{t}{unit}")
}

fn n1(x: f64) -> String {
    let s = format!("{x:.1}");
    let s = s.strip_suffix(".0").unwrap_or(&s).to_string();
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

/// A round step near `span / 5`: 1, 2 or 5 × 10ⁿ.
fn step(span: f64) -> f64 {
    let raw = (span / 5.0).max(f64::MIN_POSITIVE);
    let p = 10f64.powf(raw.log10().floor());
    let m = raw / p;
    p * if m >= 5.0 {
        5.0
    } else if m >= 2.0 {
        2.0
    } else {
        1.0
    }
}

/// The chart of `measure` (named `objective`) against `key`, or `None` when `key` takes
/// fewer than two values or no scenario has a plan.
pub(super) fn chart_svg(
    key: &str,
    keys: &[&str],
    results: &[ScenarioResult],
    measure: Measure,
    objective: &str,
) -> Option<String> {
    // The values `key` takes, in order of first appearance.
    let mut values: Vec<&str> = Vec::new();
    for r in results {
        if let Some((_, v)) = r.params.iter().find(|(k, _)| k == key) {
            if !values.contains(&v.as_str()) {
                values.push(v);
            }
        }
    }
    if values.len() < 2 {
        return None;
    }
    let numeric: Option<Vec<f64>> = values.iter().map(|v| v.parse::<f64>().ok()).collect();
    let numeric = numeric.filter(|v| v.iter().all(|x| x.is_finite()));
    let xpos = |v: &str| -> f64 {
        match &numeric {
            Some(nums) => nums[values.iter().position(|x| *x == v).unwrap_or(0)],
            None => values.iter().position(|x| *x == v).unwrap_or(0) as f64,
        }
    };
    // Lines: one per combination of the other varied parameters.
    let mut lines: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
    let mut line_order: Vec<String> = Vec::new();
    for r in results.iter().filter(|r| has_plan(r)) {
        let Some((_, v)) = r.params.iter().find(|(k, _)| k == key) else {
            continue;
        };
        let Some(y) = measure.value(r) else {
            continue;
        };
        let label = keys
            .iter()
            .filter(|k| **k != key)
            .filter_map(|k| {
                r.params
                    .iter()
                    .find(|(pk, _)| pk == k)
                    .map(|(pk, pv)| format!("{} {pv}", key_words(pk)))
            })
            .collect::<Vec<_>>()
            .join(", ");
        if !lines.contains_key(&label) {
            line_order.push(label.clone());
        }
        lines.entry(label).or_default().push((xpos(v), y));
    }
    if lines.is_empty() {
        return None;
    }
    let (mut x0, mut x1, mut y0, mut y1) = (
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    );
    for pts in lines.values() {
        for &(x, y) in pts {
            x0 = x0.min(x);
            x1 = x1.max(x);
            y0 = y0.min(y);
            y1 = y1.max(y);
        }
    }
    if numeric.is_none() {
        x0 = -0.5;
        x1 = values.len() as f64 - 0.5;
    }
    if x1 - x0 <= 0.0 {
        x0 -= 1.0;
        x1 += 1.0;
    }
    let ystep = step(if y1 > y0 { y1 - y0 } else { y1.abs().max(1.0) });
    let (ylo, yhi) = if y1 > y0 {
        ((y0 / ystep).floor() * ystep, (y1 / ystep).ceil() * ystep)
    } else {
        (y0 - ystep, y1 + ystep)
    };
    let (w, h) = (440.0, 300.0);
    let (l, r, t, b) = (64.0, 16.0, 34.0, 44.0);
    // A legend on every chart, even of one line.
    let legend_h = 18.0 * lines.len() as f64 + 8.0;
    let total_h = h + legend_h;
    let px = |x: f64| l + (x - x0) / (x1 - x0) * (w - l - r);
    let py = |y: f64| t + (yhi - y) / (yhi - ylo) * (h - t - b);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"13\">",
        n1(w),
        n1(total_h),
        n1(w),
        n1(total_h)
    );
    // The measure's name holds the sweep's demand label and currency.
    let objective = escape(objective);
    let _ = writeln!(
        s,
        "<title>{objective} against {}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n<text x=\"{}\" y=\"20\" font-size=\"13\" font-weight=\"bold\">{objective}</text>",
        escape(&key_words(key)),
        n1(8.0)
    );
    // Axes and grid.
    s.push_str("<g stroke=\"#e4e4e4\" stroke-width=\"1\">\n");
    let mut yt = ylo;
    let mut ticks = Vec::new();
    while yt <= yhi + ystep * 1e-9 && ticks.len() < 20 {
        ticks.push(yt);
        yt += ystep;
    }
    for &y in &ticks {
        let _ = writeln!(s, "<path d=\"M{},{}H{}\"/>", n1(l), n1(py(y)), n1(w - r));
    }
    s.push_str("</g>\n<g fill=\"#555\">\n");
    for &y in &ticks {
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            n1(l - 6.0),
            n1(py(y) + 4.0),
            escape(&short(y))
        );
    }
    for v in &values {
        let x = xpos(v);
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            n1(px(x)),
            n1(h - b + 16.0),
            escape(v)
        );
    }
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#222\">{}</text>\n</g>",
        n1((l + w - r) / 2.0),
        n1(h - 8.0),
        escape(&key_words(key))
    );
    let _ = writeln!(
        s,
        "<path d=\"M{},{}V{}H{}\" fill=\"none\" stroke=\"#999\"/>",
        n1(l),
        n1(t),
        n1(h - b),
        n1(w - r)
    );
    // Lines and points.
    for (i, label) in line_order.iter().enumerate() {
        let mut pts = lines[label].clone();
        pts.sort_by(|a, b| a.0.total_cmp(&b.0));
        let colour = PALETTE[i % PALETTE.len()];
        let opacity = "1";
        let dash = if i >= PALETTE.len() {
            " stroke-dasharray=\"5 3\""
        } else {
            ""
        };
        let d: Vec<String> = pts
            .iter()
            .enumerate()
            .map(|(j, &(x, y))| {
                format!(
                    "{}{},{}",
                    if j == 0 { "M" } else { "L" },
                    n1(px(x)),
                    n1(py(y))
                )
            })
            .collect();
        let _ = writeln!(
            s,
            "<g stroke=\"{colour}\" fill=\"{colour}\" stroke-opacity=\"{opacity}\" fill-opacity=\"{opacity}\"><title>{}</title><path d=\"{}\" fill=\"none\" stroke-width=\"1.5\"{dash}/>",
            escape(if label.is_empty() { "every scenario" } else { label }),
            d.concat()
        );
        for &(x, y) in &pts {
            let _ = writeln!(
                s,
                "<circle cx=\"{}\" cy=\"{}\" r=\"2.5\" stroke=\"none\"/>",
                n1(px(x)),
                n1(py(y))
            );
        }
        s.push_str("</g>\n");
    }
    for (i, label) in line_order.iter().enumerate() {
        let y = h + 8.0 + 18.0 * i as f64;
        let _ = writeln!(
            s,
            "<path d=\"M{},{}h18\" stroke=\"{}\" stroke-width=\"2\"{}/><text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>",
            n1(8.0),
            n1(y),
            PALETTE[i % PALETTE.len()],
            if i >= PALETTE.len() { " stroke-dasharray=\"5 3\"" } else { "" },
            n1(32.0),
            n1(y + 4.0),
            escape(if label.is_empty() { "every scenario" } else { label })
        );
    }
    s.push_str("</svg>\n");
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_numbers() {
        assert_eq!(short(417_258_955.0), "417M");
        assert_eq!(short(12_345.0), "12.3k");
        assert_eq!(short(3.0), "3");
        assert_eq!(short(0.25), "0.25");
        assert_eq!(short(-1.5e9), "-1.50G");
    }

    #[test]
    fn every_chart_has_a_legend_and_words_for_keys() {
        use crate::scenario::{ScenarioOutcome, ScenarioResult};
        let result = |i: usize, cutoff: &str, pct: f64| ScenarioResult {
            index: i,
            name: format!("s{i}"),
            params: vec![("cutoff".into(), cutoff.into())],
            outcome: ScenarioOutcome {
                status: "optimal".into(),
                coverage_pct: Some(pct),
                ..Default::default()
            },
        };
        let results = [result(0, "30", 70.0), result(1, "50", 80.0)];
        let m = Measure::of(&results);
        assert_eq!(m, Measure::Coverage);
        let svg = chart_svg("cutoff", &["cutoff"], &results, m, "Coverage").unwrap();
        assert!(svg.contains(">every scenario</text>"), "{svg}");
        assert!(svg.contains(">catchment radius (km)</text>"), "{svg}");
        assert_eq!(key_words("market_entry.eu_duty_pct"), "EU duty (%)");
        assert_eq!(key_words("some_key"), "some key");
    }

    #[test]
    fn steps_are_round() {
        assert_eq!(step(100.0), 20.0);
        assert_eq!(step(7.0), 1.0);
        assert_eq!(step(3e8), 5e7);
    }
}
