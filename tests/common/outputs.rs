//! The plan the output tests draw and write: eight Chinese cities, sites
//! of every status, a plan opening two candidates, one demand point split
//! between two sites and one unserved.

use std::path::{Path, PathBuf};

use siteplan::io::{Borders, PlanView};
use siteplan::{
    Assignment, DemandPoint, ModelKind, Plan, PlanStatus, Problem, Site, SiteStatus, SolveStats,
};

/// A tricky name: markup characters and quotes of both kinds.
pub const TRICKY: &str = "Ürümqi <East> & \"Co\" 'Ltd'";

pub fn city(id: &str, name: &str, region: &str, lat: f64, lon: f64, w: f64) -> DemandPoint {
    let mut d = DemandPoint::new(id, lat, lon, w);
    d.name = Some(name.into());
    d.region = Some(region.into());
    d.country = Some("CN".into());
    d
}

pub fn site(id: &str, name: &str, region: &str, lat: f64, lon: f64, status: SiteStatus) -> Site {
    let mut s = Site::new(id, lat, lon).with_status(status);
    s.name = Some(name.into());
    s.city = Some(name.into());
    s.region = Some(region.into());
    s.country = Some("CN".into());
    s
}

/// Eight Chinese cities; sites of every status; a plan opening two
/// candidates, one demand point split between two sites, one unserved.
pub fn fixture() -> (Problem, Plan) {
    let problem = Problem::builder()
        .demand(city(
            "sh",
            "Shanghai",
            "Shanghai",
            31.22222,
            121.45806,
            24_874_500.0,
        ))
        .demand(city(
            "bj",
            "Beijing",
            "Beijing",
            39.9075,
            116.39723,
            18_960_744.0,
        ))
        .demand(city(
            "sz",
            "Shenzhen",
            "Guangdong",
            22.54554,
            114.0683,
            17_494_398.0,
        ))
        .demand(city(
            "gz",
            "Guangzhou",
            "Guangdong",
            23.11667,
            113.25,
            16_096_724.0,
        ))
        .demand(city(
            "cd",
            "Chengdu",
            "Sichuan",
            30.66667,
            104.06667,
            7_415_590.0,
        ))
        .demand(city(
            "hz",
            "Hangzhou",
            "Zhejiang",
            30.29365,
            120.16142,
            6_241_971.0,
        ))
        .demand(city(
            "wh",
            "Wuhan",
            "Hubei",
            30.58333,
            114.26667,
            4_184_206.0,
        ))
        .demand(city(
            "ur",
            TRICKY,
            "Xinjiang",
            43.80096,
            87.60046,
            3_029_372.0,
        ))
        .site(site(
            "s-sh",
            "Shanghai",
            "Shanghai",
            31.23,
            121.47,
            SiteStatus::Existing,
        ))
        .site(site(
            "s-bj",
            "Beijing",
            "Beijing",
            39.91,
            116.40,
            SiteStatus::Existing,
        ))
        .site(site(
            "c-gz",
            "Guangzhou",
            "Guangdong",
            23.123456789,
            113.2611111,
            SiteStatus::Candidate,
        ))
        .site(site(
            "c-cd",
            TRICKY,
            "Sichuan",
            30.67,
            104.07,
            SiteStatus::Candidate,
        ))
        .site(site(
            "c-wh",
            "Wuhan",
            "Hubei",
            30.58,
            114.27,
            SiteStatus::Candidate,
        ))
        .site(site(
            "r-sz",
            "Rival",
            "Guangdong",
            22.6,
            114.1,
            SiteStatus::Competitor,
        ))
        .site(site(
            "x-hz",
            "Hangzhou West",
            "Zhejiang",
            30.2,
            120.0,
            SiteStatus::Excluded,
        ))
        .build()
        .unwrap();
    let a = |demand, site, share, cost| Assignment {
        demand,
        site,
        share,
        cost,
    };
    let plan = Plan {
        model: ModelKind::PMedian,
        timeline: None,
        method: "exact (microlp)".into(),
        status: PlanStatus::Optimal,
        open: vec![0, 1, 2, 3],
        new: vec![2, 3],
        assignment: vec![
            a(0, 0, 1.0, 1.3),
            a(1, 1, 1.0, 0.4),
            a(2, 2, 1.0, 103.2),
            a(3, 2, 1.0, 1.4),
            a(4, 3, 1.0, 0.6),
            a(5, 0, 0.75, 164.1),
            a(5, 1, 0.25, 1125.9),
            a(6, 2, 1.0, 837.4),
        ],
        objective: 1.0,
        bound: Some(1.0),
        gap: Some(0.0),
        stats: SolveStats::default(),
    };
    (problem, plan)
}

pub fn view<'a>(problem: &'a Problem, plan: &'a Plan) -> PlanView<'a> {
    PlanView::new(problem, plan)
        .unwrap()
        .with_title(format!("China test: {TRICKY}"))
        .with_cutoff(Some(150.0))
}

pub fn repo_borders() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/borders/countries_50m.geojson");
    p.is_file().then_some(p)
}

/// A sweep of two scenarios over `candidates` (the first chooses the
/// first candidate, the second the second) and one existing site, "x".
pub fn two_scenario_sweep(
    dir: &std::path::Path,
    candidates: Vec<siteplan::scenario::CandidateInfo>,
) {
    use siteplan::scenario::{expand, run_sweep, CandidateInfo, Manifest, ScenarioOutcome};
    let file: toml::Table = toml::from_str("[grid]\nnew_sites = [1, 2]\n").unwrap();
    let specs = expand(&file).unwrap();
    let ids: Vec<String> = candidates.iter().map(|c| c.id.clone()).collect();
    let existing = CandidateInfo {
        id: "x".into(),
        name: "Existing".into(),
        lat: 30.0,
        lon: 120.0,
    };
    run_sweep(
        dir,
        &specs,
        &Manifest::new(&specs, candidates).with_existing(vec![existing]),
        &Default::default(),
        |s| ScenarioOutcome {
            status: "optimal".into(),
            objective: Some(1.0),
            new_sites: vec![ids[s.index].clone()],
            ..Default::default()
        },
    )
    .unwrap();
}

pub fn tiny_borders() -> Borders {
    let gj = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"name":"Box"},"geometry":{"type":"Polygon","coordinates":[[[80,20],[125,20],[125,45],[80,45],[80,20]]]}},
      {"type":"Feature","properties":{"name":"Far"},"geometry":{"type":"MultiPolygon","coordinates":[[[[-10,-10],[-5,-10],[-5,-5],[-10,-10]]]]}}]}"#;
    Borders::parse(gj.as_bytes(), "tiny.geojson").unwrap()
}

/// Generates a market into `dir/market` (`siteplan generate` with
/// `generate` as its flags), plans a p-median with 3 new sites on it into
/// `dir/plan` (with `plan` as further flags) through the command line;
/// returns the plan folder and the number of demand points.
pub fn plan_generated(dir: &Path, generate: &[&str], plan: &[&str]) -> (PathBuf, usize) {
    let bin = env!("CARGO_BIN_EXE_siteplan");
    let market = dir.join("market");
    let status = std::process::Command::new(bin)
        .args(["generate", "-q"])
        .args(generate)
        .arg("--out")
        .arg(&market)
        .status()
        .unwrap();
    assert!(status.success());
    let out = dir.join("plan");
    let status = std::process::Command::new(bin)
        .args(["plan", "-q", "--model", "p-median", "--new-sites", "3"])
        .args(plan)
        .arg("--demand")
        .arg(market.join("demand.csv"))
        .arg("--sites")
        .arg(market.join("sites.csv"))
        .arg("--out")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let n = std::fs::read_to_string(market.join("demand.csv"))
        .unwrap()
        .lines()
        .count()
        - 1;
    (out, n)
}
