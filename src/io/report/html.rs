//! `report.html`: one self-contained page.

use super::content::*;
use super::curve::*;
use super::entry::*;
use super::entry_years::*;
use crate::error::Result;
use crate::io::svg::{escape, write_svg_element, write_svg_element_filled, Borders, SvgOptions};
use crate::io::webmap::{page_head, page_scripts};
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
/// assert!(html.contains("class=\"sp-webmap\"")); // the interactive map, inlined
/// assert!(!html.contains("src=\"http")); // self-contained: nothing to fetch
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn report_html_string(report: &Report<'_>) -> String {
    let mut buf = Vec::new();
    write_report_html_to(&mut buf, report).expect("writing to memory cannot fail");
    String::from_utf8(buf).expect("the report is UTF-8")
}

/// The page's style: readable on a phone (no sideways scrolling: tables
/// and charts scroll or shrink inside their box) and printable.
pub(super) const CSS: &str = "*{box-sizing:border-box}body{font-family:Helvetica,Arial,sans-serif;color:#222;max-width:1200px;margin:24px auto;padding:0 16px;line-height:1.4;overflow-wrap:anywhere}\
h1{font-size:26px;margin:0 0 6px}h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}\
.meta{color:#555;font-size:14px}.meta b{color:#222}\
.solve{background:#f6f8fa;border:1px solid #e1e4e8;border-radius:6px;padding:8px 12px;margin:12px 0;font-size:14px}.solve p{margin:4px 0 0;color:#444}\
.scroll{max-width:100%;overflow-x:auto;-webkit-overflow-scrolling:touch}\
table{border-collapse:collapse;font-size:14px;margin:6px 0;overflow-wrap:normal}th,td{padding:4px 10px;border-bottom:1px solid #e4e4e4;text-align:left}\
th{background:#f4f4f2}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
tr.chosen td{background:#fde8dc;font-weight:bold}\
.figure svg{max-width:100%;height:auto;border:1px solid #eee}\
footer{margin-top:32px;color:#888;font-size:12px}\
@media (max-width:600px){body{margin:12px auto;padding:0 10px}h1{font-size:21px}table{font-size:12px}th,td{padding:3px 6px}th,td{white-space:nowrap}}";

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
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>{CSS}</style>\n{}</head>\n<body>\n<h1>{title}</h1>\n<p class=\"meta\">",
        page_head()
    );
    for (i, (k, v)) in report.meta().iter().enumerate() {
        if i > 0 {
            s.push_str(" · ");
        }
        let _ = write!(s, "{k} <b>{}</b>", escape(v));
    }
    s.push_str("</p>\n<div class=\"solve\"><b>Solve</b> · ");
    let (rows, text) = report.solve_box();
    for (i, (k, v)) in rows.iter().enumerate() {
        if i > 0 {
            s.push_str(" · ");
        }
        let _ = write!(s, "{} <b>{}</b>", k.to_lowercase(), escape(v));
    }
    let _ = writeln!(s, "<p>{}</p></div>", escape(&text));
    if let Some(e) = report.entry {
        w.write_all(s.as_bytes())?;
        s.clear();
        entry_html(w, e, report.borders)?;
    }

    let share = report.share_rows();
    if !share.is_empty() {
        s.push_str("<h2>Market share</h2>\n<p>Each buyer chooses among our stores, competitors' stores and the outside option (other brands, not buying) with a pull that falls with distance. What the new stores capture comes from our other stores (cannibalisation), from competitors and from the outside option; the curve below plots captured demand against the number of new stores.</p>\n<div class=\"scroll\"><table>\n");
        for [k, v] in &share {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td class=\"n\">{}</td></tr>",
                escape(k),
                escape(v)
            );
        }
        s.push_str("</table></div>\n");
    }
    s.push_str("<h2>Before and after</h2>\n<p>Before: existing sites only. After: existing and new sites. Both scored the same way: every demand point goes to its cheapest reachable open site.</p>\n");
    s.push_str("<div class=\"scroll\"><table>\n<tr><th></th><th class=\"n\">Before</th><th class=\"n\">After</th><th class=\"n\">Change</th></tr>\n");
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
    s.push_str("</table></div>\n");
    if let Some(note) = report.served_note() {
        let _ = writeln!(s, "<p class=\"meta\">{}</p>", escape(&note));
    }
    let new = report.new_sites();
    let numbers: Vec<(usize, usize)> = new.iter().enumerate().map(|(n, &i)| (i, n + 1)).collect();
    s.push_str("<h2>Map</h2>\n<p class=\"meta\">Drag to pan, scroll or pinch to zoom; hover a point for its name, click it for its figures. Layers switch on and off at the top right. Click a row of the new-sites table to find the site.</p>\n");
    s.push_str(&report.web_map(&numbers).html("map"));
    if report.entry.is_none() {
        // The static map, for print.
        s.push_str("<div class=\"figure print-only\">\n");
        w.write_all(s.as_bytes())?;
        s.clear();
        let keyed: Vec<(String, usize)> = numbers
            .iter()
            .map(|&(i, n)| (view.problem.sites()[i].id.clone(), n))
            .collect();
        let options = SvgOptions::default()
            .with_lines(report.lines)
            .with_borders(report.borders)
            .with_numbers(Some(&keyed));
        write_svg_element(w, &view.map_data(), &options)?;
        s.push_str("</div>\n");
    }

    let _ = writeln!(s, "<h2>New sites ({})</h2>", new.len());
    if new.is_empty() {
        s.push_str("<p>The plan opens no new sites.</p>\n");
    } else {
        let (headers, numeric, rows) = report.site_table(&new);
        let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
        let keys: Vec<String> = new
            .iter()
            .map(|&i| view.problem.sites()[i].id.clone())
            .collect();
        html_table_keyed(
            &mut s,
            &headers,
            &numeric,
            rows.into_iter(),
            Some(&keys),
            None,
        );
    }

    let (label, rows) = report.region_rows();
    let _ = writeln!(s, "<h2>By {}</h2>", escape(&label.to_lowercase()));
    let headers = report.region_headers(&label);
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let total = view.problem.total_weight();
    html_table(
        &mut s,
        &headers,
        &[1, 2, 3, 4, 5, 6, 7],
        rows.iter().map(|r| r.cells(total).to_vec()),
    );

    if !report.curve.is_empty() {
        let chosen = view.plan.new.len();
        s.push_str("<h2>Coverage versus number of new sites</h2>\n<div class=\"figure\">\n");
        curve_svg(&mut s, report.curve, chosen);
        s.push_str("</div>\n<p class=\"meta\">This plan's row is highlighted.</p>\n");
        let headers = report.curve_headers();
        let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
        let sorted = sorted_curve(report.curve);
        let at = sorted.iter().position(|c| c.new_sites == chosen);
        html_table_keyed(
            &mut s,
            &headers,
            &[0, 1, 2, 3, 4],
            curve_rows(report.curve),
            None,
            at,
        );
    }
    let _ = writeln!(
        s,
        "<footer>Written by siteplan {}. Map: Leaflet (BSD-2-Clause), inlined; no network.</footer>\n{}</body>\n</html>",
        env!("CARGO_PKG_VERSION"),
        page_scripts()
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
    html_table_keyed(s, headers, numeric, rows, None, None)
}

/// A table in a box that scrolls sideways on narrow screens; with `keys`,
/// row `i` carries `data-site="keys[i]"` (the map opens that site); row
/// `chosen` is highlighted.
pub(super) fn html_table_keyed(
    s: &mut String,
    headers: &[&str],
    numeric: &[usize],
    rows: impl Iterator<Item = Vec<String>>,
    keys: Option<&[String]>,
    chosen: Option<usize>,
) {
    let class = |i: usize| {
        if numeric.contains(&i) {
            " class=\"n\""
        } else {
            ""
        }
    };
    s.push_str("<div class=\"scroll\"><table>\n<tr>");
    for (i, h) in headers.iter().enumerate() {
        let _ = write!(s, "<th{}>{}</th>", class(i), escape(h));
    }
    s.push_str("</tr>\n");
    for (r, row) in rows.enumerate() {
        s.push_str("<tr");
        if let Some(k) = keys.and_then(|k| k.get(r)) {
            let _ = write!(s, " data-site=\"{}\"", escape(k));
        }
        if chosen == Some(r) {
            s.push_str(" class=\"chosen\"");
        }
        s.push('>');
        for (i, c) in row.iter().enumerate() {
            let _ = write!(s, "<td{}>{}</td>", class(i), escape(c));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</table></div>\n");
}
