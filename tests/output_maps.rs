//! Maps: plan.svg and the `render` command.

mod common;

use std::process::Command;

use common::xml::check_xml;
use siteplan::io::{self, Borders, GeoJsonOptions, MapData, SiteRole, SvgOptions};

use common::outputs::{fixture, repo_borders, tiny_borders, two_scenario_sweep, view};

// -------------------------------------------------------------------- SVG

#[test]
fn svg_is_well_formed_deterministic_and_escaped() {
    let (problem, plan) = fixture();
    let map = view(&problem, &plan).map_data();
    let borders = tiny_borders();
    for options in [
        SvgOptions::default(),
        SvgOptions::default()
            .with_lines(true)
            .with_borders(Some(&borders)),
    ] {
        let a = io::svg_string(&map, &options);
        let b = io::svg_string(&map, &options);
        assert_eq!(a, b);
        let n = check_xml(&a, &[]).unwrap_or_else(|e| panic!("{e}\n{a}"));
        assert!(n > 30);
        assert!(a.contains("Ürümqi &lt;East&gt; &amp; &quot;Co&quot; &#39;Ltd&#39;"));
        assert!(!a.contains("<East>"));
        assert!(!a.contains("-0,") && !a.contains("NaN"));
        // Seven markers of four kinds drawn (excluded too), plus the legend's.
        assert_eq!(a.matches("xlink:href=\"#m-new\"").count(), 2 + 1);
        assert_eq!(a.matches("xlink:href=\"#m-competitor\"").count(), 1 + 1);
        assert!(a.contains("km</text>"), "scale bar");
        assert!(a.contains("Legend") || a.contains(">Sites<"));
    }
    let with = io::svg_string(
        &map,
        &SvgOptions::default()
            .with_lines(true)
            .with_borders(Some(&borders)),
    );
    // The box around China is drawn (clipped to the view), the far one is not.
    assert_eq!(
        with.matches("<path d=\"M").count()
            - io::svg_string(&map, &SvgOptions::default().with_lines(true))
                .matches("<path d=\"M")
                .count(),
        1
    );
    assert!(with.contains("Borders: Natural Earth"));
}

#[test]
fn svg_of_an_empty_or_single_point_map_is_valid() {
    let empty = io::svg_string(&MapData::default(), &SvgOptions::default());
    check_xml(&empty, &[]).unwrap();
    let mut one = MapData::default();
    one.sites.push(io::MapSite {
        id: "s".into(),
        name: None,
        lon: 121.5,
        lat: 31.2,
        role: SiteRole::Existing,
    });
    let s = io::svg_string(&one, &SvgOptions::default());
    check_xml(&s, &[]).unwrap();
    assert!(!s.contains("NaN") && !s.contains("inf"));
}

#[test]
fn svg_with_natural_earth_borders() {
    let Some(path) = repo_borders() else {
        println!("skipped: data/borders/countries_50m.geojson is not in this checkout");
        return;
    };
    let borders = Borders::read(&path).unwrap();
    assert!(borders.len() > 200);
    let (problem, plan) = fixture();
    let map = view(&problem, &plan).map_data();
    let opts = SvgOptions::default().with_borders(Some(&borders));
    let a = io::svg_string(&map, &opts);
    assert_eq!(a, io::svg_string(&map, &opts));
    check_xml(&a, &[]).unwrap();
    assert!(a.len() < 400_000, "{} bytes", a.len());
}

#[test]
fn write_svg_is_atomic_and_matches_the_string() {
    let (problem, plan) = fixture();
    let map = view(&problem, &plan).map_data();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.svg");
    io::write_svg(&path, &map, &SvgOptions::default()).unwrap();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        io::svg_string(&map, &SvgOptions::default())
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
}

// --------------------------------------------------------------------- CLI

fn siteplan() -> Command {
    Command::new(env!("CARGO_BIN_EXE_siteplan"))
}

#[test]
fn render_draws_a_plan_geojson() {
    let (problem, plan) = fixture();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("plan.geojson");
    io::write_plan_geojson(&input, &view(&problem, &plan), &GeoJsonOptions::default()).unwrap();
    let out = dir.path().join("map.svg");
    let status = siteplan()
        .current_dir(dir.path())
        .args([
            "render",
            "plan.geojson",
            "-o",
            "map.svg",
            "--lines",
            "--title",
            "A & B",
        ])
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let svg = std::fs::read_to_string(&out).unwrap();
    check_xml(&svg, &[]).unwrap();
    assert!(svg.contains("<title>A &amp; B</title>"));
    assert!(svg.contains("stroke-opacity=\"0.45\""), "assignment lines");
    // Same input, same bytes.
    siteplan()
        .current_dir(dir.path())
        .args([
            "render",
            "plan.geojson",
            "-o",
            "again.svg",
            "--lines",
            "--title",
            "A & B",
        ])
        .output()
        .unwrap();
    assert_eq!(
        std::fs::read(dir.path().join("again.svg")).unwrap(),
        svg.as_bytes()
    );
}

#[test]
fn render_draws_robustness_geojson_with_borders_from_anywhere() {
    use siteplan::scenario::CandidateInfo;
    let site = |id: &str, lat: f64, lon: f64| CandidateInfo {
        id: id.into(),
        name: format!("Site {id}"),
        lat,
        lon,
    };
    let dir = tempfile::tempdir().unwrap();
    two_scenario_sweep(
        dir.path(),
        vec![site("a", 31.2, 121.5), site("b", 39.9, 116.4)],
    );
    // Run from a folder without data/: the shipped borders are still found.
    let out = siteplan()
        .current_dir(dir.path())
        .args(["render", "robustness.geojson", "-o", "robust.svg"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("2 candidates"), "{stderr}");
    let svg = std::fs::read_to_string(dir.path().join("robust.svg")).unwrap();
    check_xml(&svg, &[]).unwrap();
    assert!(svg.contains("Site a") && svg.contains("Site b"), "{svg}");
    assert!(svg.contains("Natural Earth"), "borders drawn");
    // China's province borders, found beside the country borders, and
    // said so.
    assert!(
        svg.contains("<g class=\"provinces\""),
        "no province borders"
    );
    assert!(
        stderr.contains("borders from ") && stderr.contains("province polygons beside it"),
        "{stderr}"
    );
}

#[test]
fn render_reports_bad_files_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.geojson"),
        "{\"type\": \"FeatureCollection\", \"features\": [",
    )
    .unwrap();
    for (args, want) in [
        (
            vec!["render", "bad.geojson", "-o", "x.svg"],
            "bad.geojson:1: not valid GeoJSON",
        ),
        (
            vec!["render", "missing.geojson", "-o", "x.svg"],
            "missing.geojson: file not found",
        ),
    ] {
        let out = siteplan()
            .current_dir(dir.path())
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(want), "{err}");
        assert!(!dir.path().join("x.svg").exists());
    }
}

#[test]
fn a_large_report_map_draws_the_heaviest_demand_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (out, n) = common::outputs::plan_generated(
        dir.path(),
        &[
            "--cities",
            "40",
            "--towns",
            "20060",
            "--candidates",
            "30",
            "--seed",
            "3",
        ],
        &["--time-limit", "20"],
    );
    assert!(n > 20_000, "{n} demand points");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let said = format!(
        "the 20,000 largest of {},{:03} points (",
        n / 1000,
        n % 1000
    );
    assert!(html.contains(&said), "no \"{said}\" in the report");
    // Every point is still in assignment.csv.
    let rows = std::fs::read_to_string(out.join("assignment.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    assert_eq!(rows, n);
}
