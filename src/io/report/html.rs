//! `report.html`: one self-contained page.

use super::content::*;
use super::entry::*;
use super::entry_years::*;
use super::figures::*;
use super::numbers::*;
use crate::error::Result;
use crate::io::svg::{
    escape, num, write_svg_element, write_svg_element_filled, Borders, SvgOptions,
};
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

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
    crate::io::write_atomic(path, |w| write_report_html_to(w, report))
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

pub(super) const CSS: &str = "body{font-family:Helvetica,Arial,sans-serif;color:#222;max-width:1200px;margin:24px auto;padding:0 16px;line-height:1.4}\
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
pub(super) fn entry_html(
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
    let tl = &e.timeline;
    s.push_str("<h3>Year by year</h3>\n");
    html_table(
        &mut s,
        &YEAR_HEADERS,
        &YEAR_NUMERIC,
        tl.rows.iter().cloned(),
    );
    if !tl.curve.is_empty() {
        s.push_str("<h3>Profit against the duty</h3>\n<p>The plan re-solved at each EU27 duty on battery-electric imports (entry_curve.csv); profit is discounted.</p>\n<div class=\"figure\">");
        s.push_str(&tl.curve_svg());
        s.push_str("</div>\n");
        html_table(&mut s, &CURVE_HEADERS, &[1, 2, 3, 4], tl.curve_rows());
    }
    for line in &tl.sentences {
        let _ = writeln!(s, "<p>{}</p>", escape(line));
    }
    s.push_str("<div class=\"figure\">\n");
    w.write_all(s.as_bytes())?;
    let options = SvgOptions::default().with_borders(borders);
    write_svg_element_filled(w, &e.map, &options, Some(&e.fills))?;
    w.write_all(b"</div>\n")
}

pub(super) fn html_table(
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

pub(super) fn curve_rows(curve: &[CurvePoint]) -> impl Iterator<Item = Vec<String>> + '_ {
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

pub(super) fn sorted_curve(curve: &[CurvePoint]) -> Vec<CurvePoint> {
    let mut c = curve.to_vec();
    c.sort_by_key(|p| p.new_sites);
    c
}

/// An SVG line chart of coverage (%) against the number of new sites,
/// marking the plan's own count.
pub(super) fn curve_svg(s: &mut String, curve: &[CurvePoint], chosen: usize) {
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
