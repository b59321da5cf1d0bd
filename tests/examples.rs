//! Runs the main logic of every library example, at small sizes, so that
//! none of them can rot. Each example is compiled into this test as a module.

use std::path::Path;

use siteplan::prelude::*;

#[allow(dead_code)]
#[path = "../examples/synthetic_quickstart.rs"]
mod synthetic_quickstart;

#[allow(dead_code)]
#[path = "../examples/china_expansion.rs"]
mod china_expansion;

#[allow(dead_code)]
#[path = "../examples/europe_entry.rs"]
mod europe_entry;

#[allow(dead_code)]
#[path = "../examples/sweep_robustness.rs"]
mod sweep_robustness;

#[allow(dead_code)]
#[path = "../examples/notebook_cells.rs"]
mod notebook_cells;

fn data_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

#[test]
fn synthetic_quickstart_plans_and_writes_a_map() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("qs");
    let q = synthetic_quickstart::run(&out, 10, 90, 4).unwrap();
    assert_eq!(q.plan.new.len(), 4);
    assert!(
        q.after_pct > q.before_pct,
        "{} -> {}",
        q.before_pct,
        q.after_pct
    );
    for f in &q.files {
        assert!(f.is_file(), "{} is missing", f.display());
    }
    let svg = std::fs::read_to_string(out.join("plan.svg")).unwrap();
    assert!(svg.contains("<svg") && svg.contains("4 new sites"));
    // The tables as strings are the files' text.
    let text = |f: &str| std::fs::read_to_string(out.join(f)).unwrap();
    assert_eq!(text("sites.csv"), sites_csv_string(&q.problem, &q.plan));
    assert_eq!(
        text("assignment.csv"),
        assignment_csv_string(&q.problem, &q.plan)
    );
    assert_eq!(
        text("summary.json"),
        summary_json_string(&summary(&q.problem, &q.plan, Some(50.0)))
    );
    // The written inputs read back as the same problem.
    let back = read_problem(
        &out.join("input/demand.csv"),
        &[out.join("input/sites.csv")],
    )
    .unwrap();
    assert_eq!(back.demand().len(), q.problem.demand().len());
    assert_eq!(back.sites().len(), q.problem.sites().len());
}

#[test]
fn china_expansion_raises_coverage_on_the_shipped_data() {
    let e = china_expansion::run(&data_dir(), 5, 50.0, 20.0).unwrap();
    assert_eq!(e.problem.demand().len(), 593);
    assert_eq!(e.plan.new.len(), 5);
    assert!(e
        .plan
        .new
        .iter()
        .all(|&s| e.problem.sites()[s].status == SiteStatus::Candidate));
    assert!(e.after.covered_weight > e.before.covered_weight);
}

#[test]
fn europe_entry_solves_a_few_countries() {
    let params = SolveParams::default()
        .with_method(Method::Heuristic)
        .with_time_limit(10.0);
    let cases = europe_entry::run(
        &data_dir(),
        &[0.0, 48.0],
        Some(&["BE", "NL", "LU"]),
        &params,
    )
    .unwrap();
    assert_eq!(cases.len(), 3);
    assert_eq!(cases[0].eu_duty_pct, None);
    for c in &cases {
        assert!(matches!(
            c.plan.status,
            PlanStatus::Optimal | PlanStatus::Feasible
        ));
        let entered = c.plan.countries.iter().filter(|k| k.entered);
        assert!(entered
            .map(|k| k.country.as_str())
            .all(|k| ["BE", "NL", "LU"].contains(&k)));
    }
    // A lower duty never makes the best plan less profitable.
    assert!(cases[1].plan.objective >= cases[2].plan.objective - 1e-6);
}

#[test]
fn sweep_robustness_runs_the_grid() {
    let dir = tempfile::tempdir().unwrap();
    let robust = sweep_robustness::run(dir.path(), 8, 92, &[2, 4], &[30.0, 60.0]).unwrap();
    assert!(!robust.is_empty());
    assert!(robust.windows(2).all(|w| w[0].chosen >= w[1].chosen));
    assert!(robust[0].chosen <= 4);
    for f in ["summary.csv", "robustness.csv", "robustness.geojson"] {
        assert!(dir.path().join(f).is_file(), "{f}");
    }
    let summary = std::fs::read_to_string(dir.path().join("summary.csv")).unwrap();
    assert_eq!(summary.lines().count(), 1 + 4);
}

#[test]
fn notebook_cells_run() {
    notebook_cells::run().unwrap();
}
