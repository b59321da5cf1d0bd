//! `report.md`: the same facts in Markdown.

use super::content::*;
use super::curve::curve_rows;
use super::entry::*;
use super::entry_years::*;
use crate::error::Result;
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

// -------------------------------------------------------------- Markdown

/// Writes `report.md` atomically.
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
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("report.md");
/// io::write_report_md(&path, &Report::new(&view, &before, &after))?;
/// assert!(std::fs::read_to_string(&path)?.starts_with("# Yangtze delta\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_report_md(path: &Path, report: &Report<'_>) -> Result<()> {
    crate::io::write_atomic(path, |w| write_report_md_to(w, report))
}

/// `report.md` as a string.
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
/// let view = PlanView::new(&problem, &plan)?.with_cutoff(Some(50.0));
/// let (before, after) = before_after(&problem, &costs, &plan, Some(50.0));
/// let md = report_md_string(&Report::new(&view, &before, &after));
/// // 25 of 36 covered within 50 km before, 31 of 36 after.
/// assert!(md.contains("| Coverage (% of demand weight within the cutoff) | 69.4 | 86.1 | +16.7 pp |"));
/// assert!(md.contains("- Coverage cutoff: **50 km**"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn report_md_string(report: &Report<'_>) -> String {
    let mut buf = Vec::new();
    write_report_md_to(&mut buf, report).expect("writing to memory cannot fail");
    String::from_utf8(buf).expect("the report is UTF-8")
}

/// Escapes text for Markdown (CommonMark and GitHub tables): punctuation
/// that could start markup is backslash-escaped, line breaks become spaces.
///
/// ```
/// assert_eq!(siteplan::io::report::escape_md("a|b <c> *d*"), r"a\|b \<c\> \*d\*");
/// ```
pub fn escape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

pub(super) fn md_table(
    s: &mut String,
    headers: &[&str],
    numeric: &[usize],
    rows: impl Iterator<Item = Vec<String>>,
) {
    s.push('|');
    for h in headers {
        let _ = write!(s, " {} |", escape_md(h));
    }
    s.push_str("\n|");
    for i in 0..headers.len() {
        s.push_str(if numeric.contains(&i) {
            " ---: |"
        } else {
            " --- |"
        });
    }
    s.push('\n');
    for row in rows {
        s.push('|');
        for c in &row {
            let _ = write!(s, " {} |", escape_md(c));
        }
        s.push('\n');
    }
}

/// Writes `report.md` to any writer.
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
/// io::write_report_md_to(&mut buf, &Report::new(&view, &before, &after))?;
/// let md = String::from_utf8(buf)?;
/// assert!(md.contains("## Before and after\n") && md.contains("## New sites (1)\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_report_md_to(w: &mut dyn Write, report: &Report<'_>) -> std::io::Result<()> {
    let view = report.view;
    let mut s = String::with_capacity(1 << 14);
    let _ = writeln!(s, "# {}\n", escape_md(&view.title));
    for (k, v) in report.meta() {
        let _ = writeln!(s, "- {k}: **{}**", escape_md(&v));
    }
    s.push_str("\n**Solve**\n\n");
    let (rows, text) = report.solve_box();
    for (k, v) in rows {
        let _ = writeln!(s, "- {k}: **{}**", escape_md(&v));
    }
    let _ = writeln!(s, "\n{}", escape_md(&text));
    if let Some(e) = report.entry {
        s.push_str("\n## Entry plan\n\n");
        if let Some(r) = &e.reason {
            let _ = writeln!(
                s,
                "**The plan enters no country.** Why: {}. Entering nothing is the best plan under these inputs.\n",
                escape_md(r)
            );
        }
        let mut rows: Vec<Vec<String>> = e.cells().collect();
        rows.push(e.total_row());
        md_table(&mut s, &ENTRY_HEADERS, &ENTRY_NUMERIC, rows.into_iter());
        s.push_str("\nSales, revenue and duty are sums over the horizon; profit is after entry and center costs.\n");
        for n in &e.notes {
            let _ = writeln!(s, "\nNote: {}", escape_md(n));
        }
        let tl = &e.timeline;
        s.push_str("\n### Year by year\n\n");
        md_table(
            &mut s,
            &YEAR_HEADERS,
            &YEAR_NUMERIC,
            tl.rows.iter().cloned(),
        );
        if !tl.curve.is_empty() {
            s.push_str("\n### Profit against the duty\n\nThe plan re-solved at each EU27 duty on battery-electric imports (`entry_curve.csv`; the chart is in report.html); profit is discounted.\n\n");
            md_table(&mut s, &CURVE_HEADERS, &[1, 2, 3, 4], tl.curve_rows());
        }
        if !tl.sentences.is_empty() {
            s.push('\n');
        }
        for line in &tl.sentences {
            let _ = writeln!(s, "- {}", escape_md(line));
        }
        s.push_str("\n![Countries by entry year, centers marked](plan.svg)\n");
    }
    let share = report.share_rows();
    if !share.is_empty() {
        s.push_str("\n## Market share\n\nEach buyer chooses among our stores, competitors' stores and the outside option (other brands, not buying) with a pull that falls with distance. What the new stores capture comes from our other stores (cannibalisation), from competitors and from the outside option.\n\n");
        md_table(
            &mut s,
            &["", "Value"],
            &[1],
            share.into_iter().map(|r| r.to_vec()),
        );
    }
    s.push_str("\n## Before and after\n\nBefore: existing sites only. After: existing and new sites. Both scored the same way: every demand point goes to its cheapest reachable open site.\n\n");
    md_table(
        &mut s,
        &["", "Before", "After", "Change"],
        &[1, 2, 3],
        report.summary_rows().into_iter().map(|r| r.to_vec()),
    );
    if let Some(note) = report.served_note() {
        let _ = writeln!(s, "\n{}", escape_md(&note));
    }
    let new = report.new_sites();
    let _ = writeln!(s, "\n## New sites ({})\n", new.len());
    if new.is_empty() {
        s.push_str("The plan opens no new sites.\n");
    } else {
        let (headers, numeric, rows) = report.site_table(&new);
        let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
        md_table(&mut s, &headers, &numeric, rows.into_iter());
    }
    let (label, rows) = report.region_rows();
    let _ = writeln!(s, "\n## By {}\n", label.to_lowercase());
    let headers = report.region_headers(&label);
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let total = view.problem.total_weight();
    md_table(
        &mut s,
        &headers,
        &[1, 2, 3, 4, 5, 6, 7],
        rows.iter().map(|r| r.cells(total).to_vec()),
    );
    if !report.curve.is_empty() {
        s.push_str("\n## Coverage versus number of new sites\n\n");
        let headers = report.curve_headers();
        let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
        md_table(&mut s, &headers, &[0, 1, 2, 3, 4], curve_rows(report.curve));
    }
    let _ = writeln!(s, "\nWritten by siteplan {}.", env!("CARGO_PKG_VERSION"));
    w.write_all(s.as_bytes())
}
