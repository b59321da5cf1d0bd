//! `report.html` of a sweep: the scenario table, the objective against each
//! varied parameter, and the robustness map. One self-contained file
//! (inline CSS and SVG), assembled from the results only, so a merged sweep
//! writes the same bytes as a single run.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::results::{Manifest, Robustness, ScenarioResult};
use crate::error::Result;
use crate::io::svg::{escape, write_share_map_svg, Borders, SharePoint};
use crate::io::write_atomic;

const CSS: &str = "body{font-family:Helvetica,Arial,sans-serif;color:#222;max-width:1280px;margin:24px auto;padding:0 16px;line-height:1.4}\
h1{font-size:26px;margin:0 0 6px}h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}\
.meta{color:#555;font-size:14px}.meta b{color:#222}\
table{border-collapse:collapse;font-size:13px;margin:6px 0}th,td{padding:3px 8px;border-bottom:1px solid #e4e4e4;text-align:left}\
th{background:#f4f4f2;position:sticky;top:0}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\
tr.fail td{color:#b0301f}.charts{display:flex;flex-wrap:wrap;gap:12px}\
.figure svg{max-width:100%;height:auto;border:1px solid #eee}\
footer{margin-top:32px;color:#888;font-size:12px}";

/// Line colours of the charts (when there are few enough lines to tell apart).
const PALETTE: [&str; 8] = [
    "#1f77b4", "#e4572e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
];

/// Writes `dir/report.html`.
pub(crate) fn write_report(
    dir: &Path,
    manifest: &Manifest,
    results: &[ScenarioResult],
    robust: &[Robustness],
    keys: &[&str],
    timings: bool,
) -> Result<()> {
    // The manifest records the borders file of the machine that started the
    // sweep; where that path is missing (a merge elsewhere), the shipped
    // default under the current folder stands in when present.
    let borders = manifest
        .borders
        .as_deref()
        .map(|p| {
            if p.exists() {
                p
            } else {
                Path::new(crate::config::DEFAULT_BORDERS)
            }
        })
        .filter(|p| p.exists())
        .and_then(|p| Borders::read(p).ok());
    let html = report_string(manifest, results, robust, keys, timings, borders.as_ref());
    write_atomic(&dir.join("report.html"), |w| w.write_all(html.as_bytes()))
}

fn has_plan(r: &ScenarioResult) -> bool {
    matches!(r.outcome.status.as_str(), "optimal" | "feasible")
}

fn report_string(
    manifest: &Manifest,
    results: &[ScenarioResult],
    robust: &[Robustness],
    keys: &[&str],
    timings: bool,
    borders: Option<&Borders>,
) -> String {
    let title = if manifest.title.is_empty() {
        "siteplan sweep".to_string()
    } else {
        manifest.title.clone()
    };
    let t = escape(&title);
    let mut s = String::with_capacity(1 << 16);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{t}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>{t}</h1>\n"
    );
    let with_plan = results.iter().filter(|r| has_plan(r)).count();
    let profit = results.iter().any(|r| r.outcome.profit.is_some());
    let _ = writeln!(
        s,
        "<p class=\"meta\">scenarios <b>{}</b> · with a plan <b>{}</b> · without <b>{}</b> · varied <b>{}</b></p>",
        results.len(),
        with_plan,
        results.len() - with_plan,
        escape(&keys.join(", "))
    );

    // Charts.
    let objective = if profit { "Profit" } else { "Objective" };
    let charts: Vec<String> = keys
        .iter()
        .filter_map(|k| chart_svg(k, keys, results, objective))
        .collect();
    if !charts.is_empty() {
        let _ = writeln!(
            s,
            "<h2>{objective} against each varied parameter</h2>\n<p>One line per combination of the other parameters; scenarios without a plan are left out.</p>\n<div class=\"charts figure\">"
        );
        for c in charts {
            s.push_str(&c);
        }
        s.push_str("</div>\n");
    }

    // Robustness.
    s.push_str("<h2>Robustness of the candidate sites</h2>\n<p>How often each candidate is chosen across the scenarios with a plan.</p>\n<div class=\"figure\">\n");
    let points: Vec<SharePoint> = robust
        .iter()
        .map(|r| SharePoint {
            id: r.site.id.clone(),
            name: r.site.name.clone(),
            lon: r.site.lon,
            lat: r.site.lat,
            share: r.share,
            chosen: r.chosen,
        })
        .collect();
    let mut buf = Vec::new();
    write_share_map_svg(
        &mut buf,
        "Candidates by share of scenarios choosing them",
        &points,
        borders,
    )
    .expect("writing to memory cannot fail");
    s.push_str(&String::from_utf8_lossy(&buf));
    s.push_str("</div>\n");
    let mut top: Vec<&Robustness> = robust.iter().filter(|r| r.chosen > 0).collect();
    top.sort_by(|a, b| b.chosen.cmp(&a.chosen).then(a.site.id.cmp(&b.site.id)));
    let shown = top.len().min(40);
    let _ = writeln!(
        s,
        "<p>{} of {} candidates are chosen at least once{}.</p>",
        top.len(),
        robust.len(),
        if top.len() > shown {
            format!("; the {shown} chosen most often")
        } else {
            String::new()
        }
    );
    if shown > 0 {
        s.push_str("<table>\n<tr><th>Site</th><th>Name</th><th class=\"n\">Chosen</th><th class=\"n\">Share</th></tr>\n");
        for r in &top[..shown] {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{:.1}%</td></tr>",
                escape(&r.site.id),
                escape(&r.site.name),
                r.chosen,
                100.0 * r.share
            );
        }
        s.push_str("</table>\n");
    }

    // The scenario table (the rows of summary.csv).
    s.push_str("<h2>Scenarios</h2>\n<table>\n<tr><th class=\"n\">#</th><th>Name</th>");
    for k in keys {
        let _ = write!(s, "<th>{}</th>", escape(k));
    }
    let mut cols = vec![
        "Status",
        objective,
        "Bound",
        "Gap",
        "New sites",
        "Coverage %",
    ];
    if timings {
        cols.push("Seconds");
    }
    for c in &cols {
        let class = if *c == "Status" { "" } else { " class=\"n\"" };
        let _ = write!(s, "<th{class}>{c}</th>");
    }
    s.push_str("<th>Reason</th></tr>\n");
    for r in results {
        let o = &r.outcome;
        let class = if has_plan(r) { "" } else { " class=\"fail\"" };
        let _ = write!(
            s,
            "<tr{class}><td class=\"n\">{}</td><td>{}</td>",
            r.index,
            escape(&r.name)
        );
        for k in keys {
            let v = r
                .params
                .iter()
                .find(|(pk, _)| pk == k)
                .map(|p| p.1.as_str());
            let _ = write!(s, "<td>{}</td>", escape(v.unwrap_or("")));
        }
        let obj = if profit {
            o.profit.or(o.objective)
        } else {
            o.objective
        };
        let gap = o.gap.map(|g| format!("{:.3}%", 100.0 * g));
        let mut cells = vec![
            cell(obj.map(short)),
            cell(o.bound.map(short)),
            cell(gap),
            o.new_sites.len().to_string(),
            cell(o.coverage_pct.map(|c| format!("{c:.2}"))),
        ];
        if timings {
            cells.push(o.seconds.map(|x| format!("{x:.2}")).unwrap_or_default());
        }
        let _ = write!(s, "<td>{}</td>", escape(&o.status));
        for c in cells {
            let _ = write!(s, "<td class=\"n\">{}</td>", escape(&c));
        }
        let _ = writeln!(
            s,
            "<td>{}</td></tr>",
            escape(o.reason.as_deref().unwrap_or(""))
        );
    }
    s.push_str("</table>\n");
    let _ = writeln!(
        s,
        "<footer>Written by siteplan {} from the sweep's results; summary.csv, robustness.csv and robustness.geojson hold the same figures.</footer>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    );
    s
}

fn cell(v: Option<String>) -> String {
    v.unwrap_or_default()
}

/// A number in a few significant figures: `417,258,955` → `417.3M`.
fn short(v: f64) -> String {
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

/// The chart of the objective against `key`, or `None` when `key` takes
/// fewer than two values or no scenario has a plan.
fn chart_svg(
    key: &str,
    keys: &[&str],
    results: &[ScenarioResult],
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
        let Some(y) = r.outcome.profit.or(r.outcome.objective) else {
            continue;
        };
        if !y.is_finite() {
            continue;
        }
        let label = keys
            .iter()
            .filter(|k| **k != key)
            .filter_map(|k| {
                r.params
                    .iter()
                    .find(|(pk, _)| pk == k)
                    .map(|(pk, pv)| format!("{}={pv}", pk.rsplit('.').next().unwrap_or(pk)))
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
    let legend = lines.len() <= PALETTE.len() && lines.len() > 1;
    let (w, h) = (560.0, 320.0);
    let (l, r, t, b) = (64.0, 16.0, 34.0, 44.0);
    let legend_h = if legend {
        16.0 * lines.len() as f64 + 8.0
    } else {
        0.0
    };
    let total_h = h + legend_h;
    let px = |x: f64| l + (x - x0) / (x1 - x0) * (w - l - r);
    let py = |y: f64| t + (yhi - y) / (yhi - ylo) * (h - t - b);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">",
        n1(w),
        n1(total_h),
        n1(w),
        n1(total_h)
    );
    let _ = writeln!(
        s,
        "<title>{objective} against {}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n<text x=\"{}\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{objective} against {}</text>",
        escape(key),
        n1(l),
        escape(key)
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
        escape(key)
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
        let colour = if legend || lines.len() == 1 {
            PALETTE[i % PALETTE.len()]
        } else {
            "#4a6fa5"
        };
        let opacity = if legend || lines.len() == 1 {
            "1"
        } else {
            "0.45"
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
            "<g stroke=\"{colour}\" fill=\"{colour}\" stroke-opacity=\"{opacity}\" fill-opacity=\"{opacity}\"><title>{}</title><path d=\"{}\" fill=\"none\" stroke-width=\"1.5\"/>",
            escape(if label.is_empty() { key } else { label }),
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
    if legend {
        for (i, label) in line_order.iter().enumerate() {
            let y = h + 8.0 + 16.0 * i as f64;
            let _ = writeln!(
                s,
                "<path d=\"M{},{}h18\" stroke=\"{}\" stroke-width=\"2\"/><text x=\"{}\" y=\"{}\">{}</text>",
                n1(l),
                n1(y),
                PALETTE[i % PALETTE.len()],
                n1(l + 24.0),
                n1(y + 4.0),
                escape(label)
            );
        }
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
    fn steps_are_round() {
        assert_eq!(step(100.0), 20.0);
        assert_eq!(step(7.0), 1.0);
        assert_eq!(step(3e8), 5e7);
    }
}
