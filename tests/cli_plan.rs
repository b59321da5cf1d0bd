//! `siteplan plan` run as a real binary in a temporary folder.

use std::path::Path;

use assert_cmd::Command;

const DEMAND: &str = "id,lat,lon,weight\n\
sh,31.22,121.46,100\n\
sz,31.30,120.60,50\n\
hz,30.29,120.16,80\n\
bj,39.90,116.40,200\n";

const SITES: &str = "id,lat,lon,status,capacity\n\
sh-1,31.23,121.47,existing,\n\
hz-c,30.28,120.15,candidate,\n\
bj-c,39.91,116.39,candidate,\n\
sz-c,31.31,120.61,candidate,\n\
bj-x,39.90,116.41,excluded,\n";

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("demand.csv"), DEMAND).unwrap();
    std::fs::write(dir.path().join("sites.csv"), SITES).unwrap();
    dir
}

fn plan(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("siteplan").unwrap();
    c.current_dir(dir).arg("plan");
    c
}

fn summary(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("summary.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn writes_summary_sites_and_assignment() {
    let dir = setup();
    let out = plan(dir.path())
        .args(["--demand", "demand.csv", "--sites", "sites.csv"])
        .args([
            "--model",
            "max-coverage",
            "--new-sites",
            "1",
            "--cutoff",
            "50",
        ])
        .args(["--out", "out"])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(stdout.contains("max-coverage: optimal"), "{stdout}");
    let out = dir.path().join("out");
    let s = summary(&out);
    for key in [
        "model",
        "status",
        "objective",
        "bound",
        "gap",
        "open_sites",
        "new_sites",
        "covered_weight",
        "total_weight",
        "seconds",
        "method",
    ] {
        assert!(s.get(key).is_some(), "summary.json lacks {key}");
    }
    assert_eq!(s["model"], "max-coverage");
    assert_eq!(s["status"], "optimal");
    // Beijing's 200 is the most weight one new site can add.
    assert_eq!(s["new_sites"], serde_json::json!(["bj-c"]));
    assert_eq!(s["open_sites"], serde_json::json!(["sh-1", "bj-c"]));
    assert_eq!(s["objective"], 300.0);
    assert_eq!(s["total_weight"], 430.0);
    let sites = std::fs::read_to_string(out.join("sites.csv")).unwrap();
    let mut lines = sites.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("id,name,status,opened,new,load,served_weight"));
    assert_eq!(sites.lines().count(), 6);
    assert!(sites.contains("bj-c,,candidate,yes,yes,,200,"), "{sites}");
    assert!(sites.contains("bj-x,,excluded,no,no,,0,"), "{sites}");
    let assignment = std::fs::read_to_string(out.join("assignment.csv")).unwrap();
    assert!(assignment.starts_with("demand_id,site_id,share,cost\n"));
    assert!(assignment.contains("\nbj,bj-c,1,"), "{assignment}");
}

#[test]
fn same_inputs_give_the_same_tables() {
    let dir = setup();
    for out in ["a", "b"] {
        plan(dir.path())
            .args(["--demand", "demand.csv", "--sites", "sites.csv"])
            .args([
                "--model",
                "p-median",
                "--new-sites",
                "2",
                "--out",
                out,
                "--quiet",
            ])
            .assert()
            .success()
            .stdout("");
    }
    for f in ["sites.csv", "assignment.csv"] {
        assert_eq!(
            std::fs::read(dir.path().join("a").join(f)).unwrap(),
            std::fs::read(dir.path().join("b").join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn infeasible_request_exits_3_and_writes_nothing() {
    let dir = setup();
    let out = plan(dir.path())
        .args(["--demand", "demand.csv", "--sites", "sites.csv"])
        .args(["--model", "set-cover", "--cutoff", "0.5", "--out", "out"])
        .assert()
        .code(3);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("no feasible plan"), "{stderr}");
    assert!(
        stderr.contains("sh, sz, hz, bj (4 demand points)"),
        "{stderr}"
    );
    assert!(!dir.path().join("out").exists());
    // More new sites than candidates.
    plan(dir.path())
        .args(["--demand", "demand.csv", "--sites", "sites.csv"])
        .args(["--model", "p-median", "--new-sites", "9", "--out", "out"])
        .assert()
        .code(3);
    assert!(!dir.path().join("out").exists());
}

#[test]
fn config_file_with_relative_paths_and_flag_override() {
    let dir = setup();
    let conf = dir.path().join("conf");
    std::fs::create_dir(&conf).unwrap();
    std::fs::write(
        conf.join("plan.toml"),
        "demand = \"../demand.csv\"\n\
         sites = [\"../sites.csv\"]\n\
         model = \"p-median\"\n\
         new_sites = 1\n\
         out = \"result\"\n\
         time_limit = 30\n",
    )
    .unwrap();
    plan(dir.path())
        .args(["--config", "conf/plan.toml", "--quiet"])
        .assert()
        .success();
    let s = summary(&conf.join("result"));
    assert_eq!(s["new_sites"].as_array().unwrap().len(), 1);
    assert_eq!(s["model"], "p-median");
    // A flag overrides the file.
    plan(dir.path())
        .args(["--config", "conf/plan.toml", "--new-sites", "2", "--quiet"])
        .assert()
        .success();
    let s = summary(&conf.join("result"));
    assert_eq!(s["new_sites"].as_array().unwrap().len(), 2);
    assert_eq!(s["status"], "optimal");
}

#[test]
fn unknown_config_key_is_named() {
    let dir = setup();
    std::fs::write(
        dir.path().join("plan.toml"),
        "model = \"p-median\"\nnew_site = 3\n",
    )
    .unwrap();
    let out = plan(dir.path())
        .args(["--config", "plan.toml"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("new_site"), "{stderr}");
    assert!(stderr.contains("plan.toml"), "{stderr}");
}

#[test]
fn short_k_nearest_rows_are_grown_until_exact() {
    // With one nearest site per city every row holds just its own city's
    // site; the plan must still be proven optimal.
    let dir = setup();
    plan(dir.path())
        .args(["--demand", "demand.csv", "--sites", "sites.csv"])
        .args([
            "--model",
            "p-median",
            "--new-sites",
            "1",
            "--k-nearest",
            "1",
        ])
        .args(["--out", "out", "--quiet"])
        .assert()
        .success();
    let s = summary(&dir.path().join("out"));
    assert_eq!(s["status"], "optimal");
    assert_eq!(s["new_sites"], serde_json::json!(["bj-c"]));
}
