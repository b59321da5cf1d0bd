//! Replays the committed fuzz corpus (`fuzz/corpus/TARGET/`, minimised by
//! `cargo fuzz cmin`, and the inputs that once crashed a reader,
//! `fuzz/regressions/TARGET/`) through the same entry points as the fuzz
//! targets, on stable Rust: no input may panic, and every error must name
//! its file (and its line, where the format has lines).

use siteplan::fuzzing::{check, Target};
use std::path::{Path, PathBuf};

fn inputs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("a corpus entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn replay(target: Target) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut corpus = inputs(&root.join("corpus").join(target.name()));
    corpus.extend(inputs(&root.join("seeds").join(target.name())));
    assert!(
        !corpus.is_empty(),
        "fuzz/corpus/{} holds {} inputs; run the fuzzer and `cargo fuzz cmin` (docs/RELIABILITY.md)",
        target.name(),
        corpus.len()
    );
    let regressions = inputs(&root.join("regressions").join(target.name()));
    let mut failures = Vec::new();
    for file in corpus.iter().chain(&regressions) {
        let data = std::fs::read(file).unwrap();
        let outcome = std::panic::catch_unwind(|| check(target, &data));
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(broken)) => failures.push(format!("{}: {broken}", file.display())),
            Err(_) => failures.push(format!("{}: panicked", file.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} inputs broke the reader's contract:\n{}",
        failures.len(),
        corpus.len() + regressions.len(),
        failures.join("\n")
    );
}

#[test]
fn demand_corpus() {
    replay(Target::Demand);
}

#[test]
fn sites_corpus() {
    replay(Target::Sites);
}

#[test]
fn costs_corpus() {
    replay(Target::Costs);
}

#[test]
fn plan_config_corpus() {
    replay(Target::PlanConfig);
}

#[test]
fn sweep_config_corpus() {
    replay(Target::SweepConfig);
}

#[test]
fn borders_corpus() {
    replay(Target::Borders);
}

#[test]
fn manifest_corpus() {
    replay(Target::Manifest);
}

/// The contract itself: a located error passes, and errors that do not say
/// where they are would be caught.
#[test]
fn errors_name_the_file_and_line() {
    // A bad latitude on line 3: an input error at demand.csv:3.
    check(Target::Demand, b"id,lat,lon,weight\na,1,2,3\nb,95,2,3\n").unwrap();
    // A TOML syntax error on line 2 of a plan file.
    check(
        Target::PlanConfig,
        b"model = \"p-median\"\nnew_sites = = 3\n",
    )
    .unwrap();
    // A value of the wrong type on line 3.
    check(
        Target::PlanConfig,
        b"model = \"p-median\"\n\nnew_sites = \"ten\"\n",
    )
    .unwrap();
    check(Target::SweepConfig, b"title = 3\n[grid]\nx = [1]\n").unwrap();
    check(Target::Borders, b"{\"type\": \n\n[").unwrap();
}
