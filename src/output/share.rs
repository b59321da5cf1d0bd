//! What the share models (`market-share`, `target-share`) add to a plan
//! folder: four columns in `sites.csv` (`captured`, `from_own`,
//! `from_competitors`, `from_outside`), three keys in `summary.json`
//! (`share_before`, `share_after`, `captured_weight`: the
//! [`ShareFigures`](super::summary::ShareFigures) section) and `shares.csv`,
//! one row per demand point (`demand_id,name,weight,share_before,share_after`).
//! The plan-folder writer writes them in place of the location tables for
//! a share model; the other models' files are as they were.

use std::path::Path;

use crate::error::Result;
use crate::io::{tables, write_atomic};
use crate::models::market_share::ShareReport;
use crate::plan::Plan;
use crate::problem::Problem;

/// Writes `sites.csv`: the location table's columns, then `captured`
/// for every site and where a new site's capture comes from.
pub(crate) fn write_sites(
    path: &Path,
    problem: &Problem,
    plan: &Plan,
    report: &ShareReport,
) -> Result<()> {
    let sites = tables::sites_csv_string(problem, plan);
    write_atomic(path, |w| {
        let mut out = csv::Writer::from_writer(w);
        let mut rows = csv::Reader::from_reader(sites.as_bytes());
        let mut header = rows.headers()?.clone();
        for c in ["captured", "from_own", "from_competitors", "from_outside"] {
            header.push_field(c);
        }
        out.write_record(&header)?;
        let new = crate::evaluate::open_flags(problem.sites().len(), &plan.new);
        for (s, row) in rows.records().enumerate() {
            let mut row = row?;
            let r = report.sites[s];
            row.push_field(&r.captured.to_string());
            for v in [r.from_own, r.from_competitors, r.from_outside] {
                row.push_field(&if new[s] { v.to_string() } else { String::new() });
            }
            out.write_record(&row)?;
        }
        out.flush()
    })
}

/// Writes `shares.csv`: our share of each demand point before and after.
pub(crate) fn write_shares(path: &Path, problem: &Problem, report: &ShareReport) -> Result<()> {
    write_atomic(path, |w| {
        let mut out = csv::Writer::from_writer(w);
        out.write_record(["demand_id", "name", "weight", "share_before", "share_after"])?;
        for (d, (before, after)) in problem.demand().iter().zip(&report.points) {
            out.write_record([
                d.id.as_str(),
                d.name.as_deref().unwrap_or(""),
                &d.weight.to_string(),
                &before.to_string(),
                &after.to_string(),
            ])?;
        }
        out.flush()
    })
}
