//! The sweep engine with a stand-in solver: determinism for any number of
//! jobs, failure isolation, resume, and shard merging byte for byte.

use std::path::Path;

use siteplan::scenario::{
    expand, merge, run_sweep, CandidateInfo, Manifest, ScenarioOutcome, ScenarioSpec, Shard,
    SweepOptions,
};

fn specs() -> Vec<ScenarioSpec> {
    let file: toml::Table = toml::from_str(
        r#"
        model = "max-coverage"
        [grid]
        new_sites = [1, 2, 3, 4]
        cutoff = [10, 20, 30]
        [[scenario]]
        name = "broken"
        new_sites = 99
        "#,
    )
    .unwrap();
    expand(&file).unwrap()
}

fn candidates() -> Vec<CandidateInfo> {
    (0..6)
        .map(|i| CandidateInfo {
            id: format!("s{i}"),
            name: format!("Site {i}"),
            lat: 30.0 + i as f64,
            lon: 120.0,
        })
        .collect()
}

/// A deterministic stand-in for a solve: picks `new_sites` sites by a rule
/// depending on the cutoff; panics for the "broken" scenario.
fn fake_solve(s: &ScenarioSpec) -> ScenarioOutcome {
    let p = s.settings["new_sites"].as_integer().unwrap() as usize;
    if p > 6 {
        panic!("cannot open {p} of 6 sites");
    }
    let cutoff = s
        .settings
        .get("cutoff")
        .and_then(|v| v.as_integer())
        .unwrap_or(0) as usize;
    let new_sites = (0..p)
        .map(|i| format!("s{}", (i + cutoff / 10) % 6))
        .collect();
    ScenarioOutcome {
        status: "optimal".into(),
        objective: Some((p * cutoff) as f64 / 3.0),
        bound: Some((p * cutoff) as f64 / 3.0),
        gap: Some(0.0),
        new_sites,
        coverage_pct: Some(10.0 * p as f64),
        profit: None,
        seconds: Some(0.001 * s.index as f64),
        reason: None,
    }
}

fn read(dir: &Path, f: &str) -> Vec<u8> {
    std::fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"))
}

fn opts(jobs: usize) -> SweepOptions {
    SweepOptions {
        jobs,
        ..SweepOptions::default()
    }
}

#[test]
fn tables_are_identical_for_any_number_of_jobs() {
    let specs = specs();
    let m = Manifest::new(&specs, candidates());
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let ra = run_sweep(a.path(), &specs, &m, &opts(1), fake_solve).unwrap();
    let rb = run_sweep(b.path(), &specs, &m, &opts(4), fake_solve).unwrap();
    assert_eq!(ra, rb);
    assert_eq!(ra.total, 13);
    assert_eq!(ra.failed, 1);
    for f in ["summary.csv", "robustness.csv", "robustness.geojson"] {
        assert_eq!(read(a.path(), f), read(b.path(), f), "{f}");
    }
}

#[test]
fn a_failing_scenario_is_recorded_and_the_others_carry_on() {
    let specs = specs();
    let m = Manifest::new(&specs, candidates());
    let d = tempfile::tempdir().unwrap();
    run_sweep(d.path(), &specs, &m, &opts(2), fake_solve).unwrap();
    let summary = String::from_utf8(read(d.path(), "summary.csv")).unwrap();
    let lines: Vec<&str> = summary.lines().collect();
    assert_eq!(lines.len(), 14);
    assert_eq!(
        lines[0],
        "index,name,new_sites,cutoff,status,objective,bound,gap,new_site_count,coverage_pct,profit,seconds,reason"
    );
    assert!(lines[1].starts_with("0,\"new_sites=1,cutoff=10\",1,10,optimal,"));
    assert!(
        lines[13].starts_with("12,broken,99,,error,"),
        "{}",
        lines[13]
    );
    assert!(lines[13].contains("cannot open 99 of 6 sites"));
}

#[test]
fn robustness_counts_choices_over_scenarios_with_a_plan() {
    let specs = specs();
    let m = Manifest::new(&specs, candidates());
    let d = tempfile::tempdir().unwrap();
    run_sweep(d.path(), &specs, &m, &opts(2), fake_solve).unwrap();
    let text = String::from_utf8(read(d.path(), "robustness.csv")).unwrap();
    // Brute-force recount from the stand-in rule.
    let mut counts = [0usize; 6];
    for s in specs.iter().take(12) {
        for id in fake_solve(s).new_sites {
            counts[id[1..].parse::<usize>().unwrap()] += 1;
        }
    }
    for (i, line) in text.lines().skip(1).enumerate() {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f[0], format!("s{i}"));
        assert_eq!(f[4].parse::<usize>().unwrap(), counts[i], "{line}");
        let share: f64 = f[5].parse().unwrap();
        assert!((share - counts[i] as f64 / 12.0).abs() < 1e-9);
    }
    let gj: serde_json::Value =
        serde_json::from_slice(&read(d.path(), "robustness.geojson")).unwrap();
    assert_eq!(gj["type"], "FeatureCollection");
    assert_eq!(gj["features"].as_array().unwrap().len(), 6);
}

#[test]
fn resume_runs_only_what_is_missing() {
    let specs = specs();
    let m = Manifest::new(&specs, candidates());
    let d = tempfile::tempdir().unwrap();
    // A first run that only got through shard 0 of 3 (as if killed).
    let partial = SweepOptions {
        shard: Some(Shard { k: 0, n: 3 }),
        ..opts(2)
    };
    let r = run_sweep(d.path(), &specs, &m, &partial, fake_solve).unwrap();
    assert_eq!(r.solved, 5);
    assert!(!d.path().join("summary.csv").exists());
    let resume = SweepOptions {
        resume: true,
        ..opts(2)
    };
    let calls = std::sync::atomic::AtomicUsize::new(0);
    let r = run_sweep(d.path(), &specs, &m, &resume, |s| {
        calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        fake_solve(s)
    })
    .unwrap();
    assert_eq!((r.skipped, r.solved), (5, 8));
    assert_eq!(calls.into_inner(), 8);
    let full = tempfile::tempdir().unwrap();
    run_sweep(full.path(), &specs, &m, &opts(1), fake_solve).unwrap();
    assert_eq!(
        read(d.path(), "summary.csv"),
        read(full.path(), "summary.csv")
    );
}

#[test]
fn merged_shards_equal_a_single_run() {
    let specs = specs();
    let m = Manifest::new(&specs, candidates());
    let single = tempfile::tempdir().unwrap();
    run_sweep(single.path(), &specs, &m, &opts(1), fake_solve).unwrap();
    let shards: Vec<tempfile::TempDir> = (0..4).map(|_| tempfile::tempdir().unwrap()).collect();
    for (k, d) in shards.iter().enumerate() {
        let o = SweepOptions {
            shard: Some(Shard { k, n: 4 }),
            ..opts(1)
        };
        run_sweep(d.path(), &specs, &m, &o, fake_solve).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let dirs: Vec<_> = shards.iter().map(|d| d.path().to_path_buf()).collect();
    // Missing shards are named.
    let err = merge(&dirs[..3], out.path(), false)
        .unwrap_err()
        .to_string();
    assert!(err.contains("no result yet"), "{err}");
    merge(&dirs, out.path(), false).unwrap();
    for f in [
        "summary.csv",
        "robustness.csv",
        "robustness.geojson",
        "manifest.json",
    ] {
        assert_eq!(read(out.path(), f), read(single.path(), f), "{f}");
    }
}

#[test]
fn resume_refuses_a_changed_sweep() {
    let specs = specs();
    let d = tempfile::tempdir().unwrap();
    run_sweep(
        d.path(),
        &specs,
        &Manifest::new(&specs, candidates()),
        &opts(1),
        fake_solve,
    )
    .unwrap();
    let fewer = &specs[..5];
    let o = SweepOptions {
        resume: true,
        ..opts(1)
    };
    let err = run_sweep(
        d.path(),
        fewer,
        &Manifest::new(fewer, candidates()),
        &o,
        fake_solve,
    )
    .unwrap_err();
    assert!(err.to_string().contains("--resume"));
}
