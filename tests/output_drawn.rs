//! Large markets: plan.svg, the report's maps and plan.geojson draw the
//! 20,000 heaviest demand points and say so; demand.geojson and
//! assignment.csv keep every point.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

/// Generates a market of `towns` towns and plans it into `dir/plan`;
/// returns the folder and the number of demand points.
fn plan_market(dir: &Path, cities: &str, towns: &str) -> (std::path::PathBuf, usize) {
    common::outputs::plan_generated(
        dir,
        &[
            "--cities",
            cities,
            "--towns",
            towns,
            "--candidates",
            "30",
            "--seed",
            "1",
        ],
        &["--method", "heuristic", "--time-limit", "5"],
    )
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The demand features of a GeoJSON file, and its `siteplan` member.
fn demand_features(path: &Path) -> (usize, serde_json::Value) {
    let json: serde_json::Value = serde_json::from_str(&read(path)).unwrap();
    let n = json["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["kind"] == "demand")
        .count();
    (n, json["siteplan"].clone())
}

/// The demand points named in assignment.csv.
fn assigned(path: &Path) -> usize {
    read(path)
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect::<BTreeSet<_>>()
        .len()
}

fn grouped(n: usize) -> String {
    format!("{},{:03}", n / 1000, n % 1000)
}

#[test]
fn a_large_market_draws_the_heaviest_demand_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (out, n) = plan_market(dir.path(), "5", "20100");
    assert!(n > 20_000, "{n} demand points");
    let said = format!("the 20,000 heaviest of {} demand points, ", grouped(n));

    // plan.svg: 20,000 demand circles (each with its tooltip).
    let svg = read(&out.join("plan.svg"));
    assert_eq!(svg.matches("</title></circle>").count(), 20_000);
    assert!(
        svg.contains(&format!("Demand drawn: {said}")),
        "no note in plan.svg"
    );
    assert!(svg.contains("every point is in assignment.csv and demand.geojson"));

    // The report: the static map says so too, the interactive map as before.
    let html = read(&out.join("report.html"));
    assert!(html.contains(&format!("Demand drawn: {said}")));
    assert!(html.contains(&format!("the 20,000 largest of {} points (", grouped(n))));

    // plan.geojson: the heaviest 20,000, said so in a foreign member.
    let (drawn, member) = demand_features(&out.join("plan.geojson"));
    assert_eq!(drawn, 20_000);
    assert_eq!(member["demand_drawn"], 20_000);
    assert_eq!(member["demand_total"], n);
    let share = member["demand_drawn_share"].as_f64().unwrap();
    assert!(share > 0.5 && share <= 1.0, "{share}");
    let note = member["note"].as_str().unwrap();
    assert!(note.contains(&said) && note.contains("assignment.csv and demand.geojson"));

    // The GIS layer and the assignment keep every point.
    let (all, member) = demand_features(&out.join("demand.geojson"));
    assert_eq!(all, n);
    assert!(member.is_null());
    assert_eq!(assigned(&out.join("assignment.csv")), n);
}

#[test]
fn a_market_under_the_threshold_draws_every_point_without_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let (out, n) = plan_market(dir.path(), "5", "2000");
    assert!(n <= 20_000, "{n} demand points");
    let svg = read(&out.join("plan.svg"));
    assert_eq!(svg.matches("</title></circle>").count(), n);
    assert!(!svg.contains("Demand drawn:"));
    let html = read(&out.join("report.html"));
    assert!(!html.contains("Demand drawn:") && !html.contains(" largest of "));
    let (drawn, member) = demand_features(&out.join("plan.geojson"));
    assert_eq!(drawn, n);
    assert!(member.is_null());
    assert!(!read(&out.join("plan.geojson")).contains("\"siteplan\""));
    assert_eq!(demand_features(&out.join("demand.geojson")).0, n);
    assert_eq!(assigned(&out.join("assignment.csv")), n);
}
