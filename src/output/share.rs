//! What the share models (`market-share`, `target-share`) add to a plan
//! folder: four columns in `sites.csv` (`captured`, `from_own`,
//! `from_competitors`, `from_outside`), three keys in `summary.json`
//! (`share_before`, `share_after`, `captured_weight`: the
//! [`summary::ShareFigures`] section) and `shares.csv`,
//! one row per demand point (`demand_id,name,weight,share_before,share_after`).
//! The other models' files are left as they are.

use std::path::Path;

use super::summary;
use crate::error::Result;
use crate::io::{tables, write_atomic};
use crate::models::market_share::ShareReport;
use crate::plan::Plan;
use crate::problem::Problem;

/// Writes the share files over the location tables already in `dir`.
pub(crate) fn write(
    dir: &Path,
    problem: &Problem,
    plan: &Plan,
    report: &ShareReport,
    cutoff: Option<f64>,
    timings: bool,
) -> Result<()> {
    let s = summary::summary(problem, plan, cutoff)
        .with_timings(timings.then_some(plan.stats.seconds))
        .with_share(report);
    summary::write_summary(&dir.join("summary.json"), &s)?;
    let sites = tables::sites_csv_string(problem, plan);
    write_atomic(&dir.join("sites.csv"), |w| {
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
    })?;
    write_atomic(&dir.join("shares.csv"), |w| {
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
