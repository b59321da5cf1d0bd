//! The library pipeline and the plan-folder writer: the pipeline gives the
//! plan the `plan` command writes, and each folder holds exactly its set
//! of files.

use std::collections::BTreeSet;
use std::path::Path;

use assert_cmd::Command;
use siteplan::config::PlanConfig;
use siteplan::io::tables;
use siteplan::output::summary;
use siteplan::output::PlanFolder;
use siteplan::pipeline::{self, PlanRequest};
use siteplan::synth::{generate, MarketParams};

/// A generated market written to `dir` (demand.csv, sites.csv) and a
/// plan.toml for max-coverage with a curve, no borders.
fn market(dir: &Path) {
    let m = generate(
        &MarketParams::new()
            .cities(6)
            .towns(60)
            .existing(3)
            .candidates(25)
            .seed(11),
    );
    m.write_to_dir(dir).unwrap();
    std::fs::write(
        dir.join("plan.toml"),
        "demand = 'demand.csv'\nsites = 'sites.csv'\nmodel = 'max-coverage'\n\
         new_sites = 4\ncutoff = 60\ncurve = '0..=4'\nborders = 'no-borders.geojson'\n",
    )
    .unwrap();
}

fn request(dir: &Path) -> PlanRequest {
    let cfg = PlanConfig::load(&dir.join("plan.toml")).unwrap();
    PlanRequest {
        borders: None,
        ..PlanRequest::from_config(&cfg).unwrap()
    }
}

fn names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn pipeline_gives_the_plan_the_cli_writes() {
    let dir = tempfile::tempdir().unwrap();
    market(dir.path());
    // The CLI without borders: none named, and none at the default path
    // relative to the temporary folder it runs in.
    let toml = std::fs::read_to_string(dir.path().join("plan.toml")).unwrap();
    std::fs::write(
        dir.path().join("plan.toml"),
        toml.replace("borders = 'no-borders.geojson'\n", ""),
    )
    .unwrap();
    Command::cargo_bin("siteplan")
        .unwrap()
        .current_dir(dir.path())
        .args(["-q", "plan", "--config", "plan.toml", "--out", "cli"])
        .assert()
        .success();
    let outcome = pipeline::run(&request(dir.path())).unwrap();
    let cli = std::fs::read_to_string(dir.path().join("cli/summary.json")).unwrap();
    let lib = summary::summary_json_string(&summary::summary(
        outcome.problem(),
        outcome.plan(),
        outcome.cutoff(),
    ));
    assert_eq!(cli, lib);
    let sites = std::fs::read_to_string(dir.path().join("cli/sites.csv")).unwrap();
    assert_eq!(
        sites,
        tables::sites_csv_string(outcome.problem(), outcome.plan())
    );
    // And the library's own folder is byte for byte the CLI's.
    let lib_dir = dir.path().join("lib");
    PlanFolder::new(&lib_dir).write(&outcome).unwrap();
    for name in names(&dir.path().join("cli")) {
        let a = std::fs::read(dir.path().join("cli").join(&name)).unwrap();
        let b = std::fs::read(lib_dir.join(&name)).unwrap();
        assert!(a == b, "{name} differs");
    }
}

#[test]
fn each_folder_holds_exactly_its_files() {
    let dir = tempfile::tempdir().unwrap();
    market(dir.path());
    let outcome = pipeline::run(&request(dir.path())).unwrap();
    assert_eq!(outcome.curve().len(), 5);

    let full = PlanFolder::new(dir.path().join("full"));
    let written = full.write(&outcome).unwrap();
    let expected: BTreeSet<String> = [
        "summary.json",
        "sites.csv",
        "assignment.csv",
        "plan.geojson",
        "plan.svg",
        "report.html",
        "report.md",
        "curve.csv",
    ]
    .map(String::from)
    .into();
    assert_eq!(names(full.dir()), expected);
    assert_eq!(written.len(), expected.len());
    assert_eq!(full.file_names(true).len(), expected.len());

    let scenario = PlanFolder::scenario(dir.path().join("scenario"));
    scenario.write(&outcome).unwrap();
    let expected: BTreeSet<String> = [
        "summary.json",
        "sites.csv",
        "assignment.csv",
        "plan.geojson",
    ]
    .map(String::from)
    .into();
    assert_eq!(names(scenario.dir()), expected);
}

#[test]
fn nothing_is_written_on_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    market(dir.path());
    // A borders file that does not exist: the pipeline stops before any
    // solve, and the CLI writes nothing.
    let req = PlanRequest::from_config(&PlanConfig::load(&dir.path().join("plan.toml")).unwrap())
        .unwrap();
    assert!(pipeline::run(&req).is_err());
    Command::cargo_bin("siteplan")
        .unwrap()
        .current_dir(dir.path())
        .args(["-q", "plan", "--config", "plan.toml", "--out", "out"])
        .assert()
        .failure();
    assert!(!dir.path().join("out").exists());
}
