//! `siteplan sweep` and `sweep merge` run as real binaries on a small
//! generated market: determinism for any number of jobs, an infeasible
//! scenario recorded among solved ones, resume, and shards run as separate
//! processes merging into exactly what one run writes.

use std::fmt::Write as _;
use std::path::Path;

use assert_cmd::Command;

/// Tables every complete sweep folder holds, compared byte for byte.
const TABLES: [&str; 4] = [
    "summary.csv",
    "robustness.csv",
    "robustness.geojson",
    "report.html",
];

/// A 6 × 5 grid of towns around Hangzhou, two existing sites and eight
/// candidates; a sweep of 3 × 2 grid scenarios plus one asking for more new
/// sites than there are candidates.
fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut demand = String::from("id,lat,lon,weight\n");
    for i in 0..30 {
        let (r, c) = (i / 6, i % 6);
        let w = 1000 + (i * 7919) % 5000;
        let _ = writeln!(
            demand,
            "d{i},{:.3},{:.3},{w}",
            29.5 + 0.25 * r as f64,
            119.5 + 0.3 * c as f64
        );
    }
    let mut sites = String::from("id,lat,lon,status,name\n");
    sites += "e0,29.6,119.6,existing,Old A\ne1,30.4,120.8,existing,Old B\n";
    for i in 0..8 {
        let _ = writeln!(
            sites,
            "c{i},{:.3},{:.3},candidate,Site {i}",
            29.55 + 0.13 * i as f64,
            119.55 + 0.19 * ((i * 3) % 8) as f64
        );
    }
    std::fs::write(dir.path().join("demand.csv"), demand).unwrap();
    std::fs::write(dir.path().join("sites.csv"), sites).unwrap();
    std::fs::write(
        dir.path().join("sweep.toml"),
        r#"
title = "Test sweep"
demand = "demand.csv"
sites = "sites.csv"
model = "max-coverage"
[grid]
new_sites = [1, 2, 3]
cutoff = [15, 30]
[[scenario]]
name = "too-many"
new_sites = 99
cutoff = 30
"#,
    )
    .unwrap();
    dir
}

fn sweep(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("siteplan").unwrap();
    c.current_dir(dir)
        .env_remove("JOB_COMPLETION_INDEX")
        .env_remove("SLURM_ARRAY_TASK_ID");
    c.arg("sweep");
    c
}

fn read(dir: &Path, f: &str) -> Vec<u8> {
    std::fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{}: {e}", dir.join(f).display()))
}

fn assert_same_tables(a: &Path, b: &Path) {
    for f in TABLES {
        assert!(read(a, f) == read(b, f), "{f} differs");
    }
}

#[test]
fn tables_are_identical_for_one_and_two_jobs_and_infeasible_is_recorded() {
    let d = setup();
    for jobs in ["1", "2"] {
        sweep(d.path())
            .args([
                "--config",
                "sweep.toml",
                "--out",
                &format!("out{jobs}"),
                "--jobs",
                jobs,
            ])
            .arg("--quiet")
            .assert()
            .success()
            .stdout("");
    }
    assert_same_tables(&d.path().join("out1"), &d.path().join("out2"));
    // Every per-scenario result file too (no wall-clock time in them).
    let results = |out: &str| {
        let mut files: Vec<_> = std::fs::read_dir(d.path().join(out).join("results"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
            .iter()
            .map(|f| std::fs::read(f).unwrap())
            .collect::<Vec<_>>()
    };
    let (r1, r2) = (results("out1"), results("out2"));
    assert_eq!(r1.len(), 7);
    assert!(r1 == r2, "results/*.json differ between runs");
    let summary = String::from_utf8(read(&d.path().join("out1"), "summary.csv")).unwrap();
    let lines: Vec<&str> = summary.lines().collect();
    assert_eq!(lines.len(), 8, "{summary}");
    for l in &lines[1..7] {
        assert!(l.contains(",optimal,") || l.contains(",feasible,"), "{l}");
    }
    let last = lines[7];
    assert!(last.starts_with("6,too-many,99,30,infeasible,"), "{last}");
    assert!(last.contains("99"), "{last}");
    let reason = last.rsplit(',').next().unwrap();
    assert!(!reason.is_empty(), "{last}");
    let html = String::from_utf8(read(&d.path().join("out1"), "report.html")).unwrap();
    assert!(html.contains("<h1>Test sweep</h1>"));
    assert!(html.contains("Coverage (% of demand within the cutoff) against new sites"));
    assert!(html.contains("Candidates by share of scenarios choosing them"));
    // The static robustness map: the two existing sites as squares, and
    // the most robust candidates labelled by rank.
    assert!(
        html.contains("<g class=\"existing\""),
        "no existing sites on the map"
    );
    assert!(
        html.contains("Old A (e0), existing") && html.contains("existing site (2), open in all")
    );
    assert!(html.contains(">1. "), "no rank labels on the map");
}

#[test]
fn write_plans_puts_each_plan_in_its_folder() {
    let d = setup();
    sweep(d.path())
        .args([
            "--config",
            "sweep.toml",
            "--out",
            "out",
            "--write-plans",
            "--quiet",
        ])
        .assert()
        .success();
    let p = d.path().join("out/scenarios/new_sites=2,cutoff=30");
    for f in [
        "summary.json",
        "sites.csv",
        "assignment.csv",
        "plan.geojson",
    ] {
        assert!(p.join(f).exists(), "{f}");
    }
    // No plan, no plan folder.
    assert!(!d.path().join("out/scenarios/too-many").exists());
}

#[test]
fn resume_runs_only_the_missing_scenario() {
    let d = setup();
    sweep(d.path())
        .args(["--config", "sweep.toml", "--out", "out", "--quiet"])
        .assert()
        .success();
    let full: Vec<Vec<u8>> = TABLES
        .iter()
        .map(|f| read(&d.path().join("out"), f))
        .collect();
    std::fs::remove_file(d.path().join("out/results/000003.json")).unwrap();
    let out = sweep(d.path())
        .args([
            "--config",
            "sweep.toml",
            "--out",
            "out",
            "--resume",
            "--jobs",
            "2",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("solved 1, skipped 6"), "{text}");
    for (f, bytes) in TABLES.iter().zip(&full) {
        assert!(&read(&d.path().join("out"), f) == bytes, "{f} differs");
    }
}

#[test]
fn shards_in_separate_processes_merge_to_the_single_run() {
    let d = setup();
    sweep(d.path())
        .args(["--config", "sweep.toml", "--out", "single", "--quiet"])
        .assert()
        .success();
    for k in 0..2 {
        sweep(d.path())
            .args(["--config", "sweep.toml", "--out", &format!("shard-{k}")])
            .args(["--shard", &format!("{k}/3"), "--quiet"])
            .assert()
            .success();
    }
    // The last shard as a Kubernetes Indexed Job pod would run it.
    sweep(d.path())
        .env("JOB_COMPLETION_INDEX", "2")
        .args([
            "--config",
            "sweep.toml",
            "--out",
            "shard-2",
            "--shard",
            "auto/3",
            "--quiet",
        ])
        .assert()
        .success();
    assert!(!d.path().join("shard-2/summary.csv").exists());
    // A missing shard is named.
    let mut c = Command::cargo_bin("siteplan").unwrap();
    let err = c
        .current_dir(d.path())
        .args(["sweep", "merge", "shard-0", "shard-1", "--out", "partial"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8_lossy(&err).contains("no result yet"));
    let mut c = Command::cargo_bin("siteplan").unwrap();
    c.current_dir(d.path())
        .args([
            "sweep", "merge", "shard-0", "shard-1", "shard-2", "--out", "merged", "--quiet",
        ])
        .assert()
        .success();
    assert_same_tables(&d.path().join("single"), &d.path().join("merged"));
}

#[test]
fn bad_settings_stop_the_sweep_before_any_solve() {
    let d = setup();
    std::fs::write(
        d.path().join("bad.toml"),
        "demand = 'demand.csv'\nsites = 'sites.csv'\nmodel = 'max-coverage'\ncutof = 3\n[grid]\nnew_sites = [1, 2]\n",
    )
    .unwrap();
    let err = sweep(d.path())
        .args(["--config", "bad.toml", "--out", "out"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8_lossy(&err).contains("cutof"));
    assert!(!d.path().join("out/results").exists());
}

/// A sweep records the absolute path of its borders file; merged on a
/// machine where that path is missing, the report falls back to the
/// shipped default under the current folder instead of losing the map's
/// borders.
#[test]
fn merge_elsewhere_finds_the_default_borders() {
    let d = setup();
    let land = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"ISO_A2":"CN"},"geometry":{"type":"Polygon","coordinates":[[[119.0,29.0],[121.5,29.0],[121.5,31.5],[119.0,31.5],[119.0,29.0]]]}}]}"#;
    std::fs::write(d.path().join("land.geojson"), land).unwrap();
    let toml = std::fs::read_to_string(d.path().join("sweep.toml")).unwrap();
    std::fs::write(
        d.path().join("sweep_b.toml"),
        format!("borders = \"land.geojson\"\n{toml}"),
    )
    .unwrap();
    sweep(d.path())
        .args(["--config", "sweep_b.toml", "--out", "single", "--quiet"])
        .assert()
        .success();
    const LAND: &str = "<g fill=\"#f3efe6\"";
    let html = |dir: &str| String::from_utf8(read(&d.path().join(dir), "report.html")).unwrap();
    assert!(
        html("single").contains(LAND),
        "the sweep's own report draws the borders"
    );
    // "Another machine": the recorded file is gone.
    std::fs::remove_file(d.path().join("land.geojson")).unwrap();
    let elsewhere = d.path().join("elsewhere");
    let merge = |out: &str| {
        Command::cargo_bin("siteplan")
            .unwrap()
            .current_dir(&elsewhere)
            .args(["sweep", "merge", "../single", "--out", out, "--quiet"])
            .assert()
            .success();
    };
    std::fs::create_dir_all(&elsewhere).unwrap();
    merge("bare");
    assert!(
        !html("elsewhere/bare").contains(LAND),
        "no borders anywhere: none drawn"
    );
    std::fs::create_dir_all(elsewhere.join("data/borders")).unwrap();
    std::fs::write(elsewhere.join("data/borders/countries_50m.geojson"), land).unwrap();
    merge("with-default");
    assert!(html("elsewhere/with-default").contains(LAND));
}
