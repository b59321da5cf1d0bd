//! The market-entry files of a plan folder.

use super::summary::{self, Summary};
use super::{create_dir, FileSet, PlanFolder, Written};
use crate::error::Result;
use crate::io::{self, tables, EntrySection, GeoJsonOptions, PlanView, SiteRole};
use crate::pipeline::PlanOutcome;

/// Writes the files of a market-entry outcome (one whose
/// [`PlanOutcome::entry`] is set).
pub(super) fn write(folder: &PlanFolder, outcome: &PlanOutcome) -> Result<Vec<Written>> {
    let dir = folder.dir();
    let Some(me) = outcome.entry() else {
        return folder.write(outcome);
    };
    let (problem, plan) = (outcome.problem(), outcome.plan());
    let view = PlanView::new(problem, plan)?
        .with_title(outcome.title())
        .with_cutoff(outcome.cutoff())
        .with_entry_years(outcome.entry_years().unwrap_or_default());
    if folder.file_set() == FileSet::Scenario {
        create_dir(dir)?;
        let (plan_csv, centers) = (dir.join("entry_plan.csv"), dir.join("centers.csv"));
        me.write_csv(&plan_csv)?;
        me.write_centers_csv(&centers)?;
        let summary = dir.join("summary.json");
        summary::write_summary(
            &summary,
            &Summary::entry_scenario(outcome, view.covered_weight()),
        )?;
        let mut out = vec![
            (plan_csv, "countries entered, year by year"),
            (centers, "every center and its year"),
            (summary, "headline figures"),
        ];
        if !me.analysis.curve.is_empty() {
            let curve = dir.join("entry_curve.csv");
            me.analysis.write_curve_csv(&curve)?;
            out.push((curve, "profit against the EU duty"));
        }
        return Ok(out);
    }
    create_dir(dir)?;
    let path = |name: &str| dir.join(name);
    summary::write_summary(
        &path("summary.json"),
        &Summary::entry(outcome, view.covered_weight()),
    )?;
    tables::write_sites(&path("sites.csv"), problem, plan)?;
    tables::write_assignment(&path("assignment.csv"), problem, plan)?;
    me.write_csv(&path("entry_plan.csv"))?;
    let curve = !me.analysis.curve.is_empty();
    if curve {
        me.analysis.write_curve_csv(&path("entry_curve.csv"))?;
    }
    io::write_plan_geojson(&path("plan.geojson"), &view, &GeoJsonOptions::default())?;
    super::write_layers(dir, &view)?;
    // The entry map: every city and the centers (not the unopened candidates).
    let mut map = view.map_data();
    map.sites.retain(|s| s.role != SiteRole::Candidate);
    let section = EntrySection::from_plan(me, map);
    let options = io::SvgOptions::default().with_borders(outcome.borders());
    io::write_svg_with_fills(&path("plan.svg"), &section.map, &options, &section.fills)?;
    let report = io::Report::new(&view, outcome.before(), outcome.after())
        .with_borders(outcome.borders())
        .with_entry(Some(&section))
        .with_measure(outcome.measure().0, outcome.measure().1);
    io::write_report_html(&path("report.html"), &report)?;
    io::write_report_md(&path("report.md"), &report)?;
    let mut out = vec![
        (path("summary.json"), "headline figures"),
        (path("sites.csv"), "every site and its part in the plan"),
        (path("assignment.csv"), "who is served by whom"),
        (path("entry_plan.csv"), "countries entered, year by year"),
        (path("plan.geojson"), "for map viewers (QGIS, geojson.io)"),
        (
            path("sites.geojson"),
            "the sites alone, one layer for GIS tools",
        ),
        (
            path("demand.geojson"),
            "the demand points alone, one layer for GIS tools",
        ),
        (path("plan.svg"), "map"),
        (path("report.html"), "report: entry plan, map, countries"),
        (path("report.md"), "the same report in Markdown"),
    ];
    if curve {
        out.insert(4, (path("entry_curve.csv"), "profit against the EU duty"));
    }
    Ok(out)
}
