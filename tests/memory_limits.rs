//! Memory limits: a plan or sweep estimated to need more memory than its
//! budget (`--max-memory`, `max_memory`) is refused before anything is
//! built, with exit code 2, a message that gives the estimate, the budget
//! and what to change, and nothing written; the estimate of kept pairs
//! bounds the real matrix.

use std::path::Path;
use std::process::{Command, Output};

use siteplan::pipeline::{self, PlanRequest};
use siteplan::prelude::*;
use siteplan::travel::estimate;

const BIN: &str = env!("CARGO_BIN_EXE_siteplan");

/// A generated market of `towns` towns around 5 cities, 40 candidates.
fn market(dir: &Path, towns: usize) {
    generate(
        &MarketParams::new()
            .cities(5)
            .towns(towns)
            .existing(2)
            .candidates(40)
            .seed(3),
    )
    .write_to_dir(dir)
    .unwrap();
}

fn siteplan(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let Output { status, stderr, .. } = Command::new(BIN)
        .current_dir(dir)
        .arg("--quiet")
        .args(args)
        .output()
        .unwrap();
    (status.code(), String::from_utf8_lossy(&stderr).into_owned())
}

const PLAN: [&str; 9] = [
    "plan",
    "--demand",
    "demand.csv",
    "--sites",
    "sites.csv",
    "--model",
    "p-median",
    "--new-sites",
    "3",
];

/// `siteplan plan` of a p-median with 3 new sites into `out`.
fn plan(dir: &Path, more: &[&str]) -> (Option<i32>, String) {
    let mut args: Vec<&str> = PLAN.to_vec();
    args.extend(["--out", "out"]);
    args.extend(more);
    siteplan(dir, &args)
}

#[test]
fn a_plan_beyond_its_budget_is_refused_before_anything_is_built() {
    let dir = tempfile::tempdir().unwrap();
    market(dir.path(), 200);
    let problem = siteplan::io::read_problem(
        &dir.path().join("demand.csv"),
        &[dir.path().join("sites.csv")],
    )
    .unwrap();
    let (n, m) = (problem.demand().len(), problem.sites().len());
    assert!(m < 50, "every pair is kept under the default 50 nearest");
    let (code, stderr) = plan(dir.path(), &["--max-memory", "20KB"]);
    assert_eq!(code, Some(2), "{stderr}");
    let text = stderr.trim_end();
    let pairs = format!(
        "every pair is kept: {n} demand points × {m} sites make {} pairs",
        siteplan::units::grouped((n * m) as f64)
    );
    assert!(
        text.starts_with("error: this plan would need about "),
        "{text}"
    );
    // One paragraph: the estimate (pairs and bytes), the budget, the fixes.
    assert_eq!(text.lines().count(), 1, "{text}");
    for part in [
        "more than the memory budget of 19.5 KiB (--max-memory / max_memory)",
        &pairs,
        "the cost matrix takes ",
        "give a cutoff (--cutoff KM",
        "raise the budget (--max-memory 1GiB",
        "Nothing was built or written.",
    ] {
        assert!(text.contains(part), "{part:?} missing from {text}");
    }
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_cutoff_counts_the_pairs_within_it() {
    let dir = tempfile::tempdir().unwrap();
    market(dir.path(), 200);
    let problem = siteplan::io::read_problem(
        &dir.path().join("demand.csv"),
        &[dir.path().join("sites.csv")],
    )
    .unwrap();
    let pairs = Haversine
        .cost_matrix(&problem, Reach::cutoff(Km(80.0)))
        .unwrap()
        .n_pairs();
    let (code, stderr) = plan(dir.path(), &["--cutoff", "80", "--max-memory", "1000"]);
    assert_eq!(code, Some(2), "{stderr}");
    let want = format!(
        "{} demand–site pairs lie within the cutoff of 80 km",
        siteplan::units::grouped(pairs as f64)
    );
    assert!(stderr.contains(&want), "{want:?} missing from {stderr}");
    assert!(
        stderr.contains("lower the cutoff (--cutoff, now 80)"),
        "{stderr}"
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_plan_within_its_budget_runs() {
    let dir = tempfile::tempdir().unwrap();
    market(dir.path(), 200);
    let (code, stderr) = plan(dir.path(), &["--max-memory", "1GiB"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(dir.path().join("out/summary.json").exists());
}

#[test]
fn the_config_key_sets_the_budget_and_the_flag_overrides_it() {
    let dir = tempfile::tempdir().unwrap();
    market(dir.path(), 200);
    std::fs::write(
        dir.path().join("plan.toml"),
        "demand = 'demand.csv'\nsites = 'sites.csv'\nmodel = 'p-median'\nnew_sites = 3\n\
         max_memory = '2KiB'\nout = 'out'\n",
    )
    .unwrap();
    let (code, stderr) = siteplan(dir.path(), &["plan", "--config", "plan.toml"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("more than the memory budget of 2.0 KiB"),
        "{stderr}"
    );
    assert!(!dir.path().join("out").exists());
    let (code, stderr) = siteplan(
        dir.path(),
        &["plan", "--config", "plan.toml", "--max-memory", "1G"],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(dir.path().join("out/summary.json").exists());
}

#[test]
fn a_bad_size_is_a_usage_error_naming_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    market(dir.path(), 60);
    let (code, stderr) = plan(dir.path(), &["--max-memory", "lots"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("--max-memory"), "{stderr}");
    assert!(stderr.contains("expected a size such as 8GiB"), "{stderr}");
    std::fs::write(
        dir.path().join("plan.toml"),
        "model = 'p-median'\nmax_memory = '12 parsecs'\n",
    )
    .unwrap();
    let (code, stderr) = siteplan(dir.path(), &["plan", "--config", "plan.toml"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("plan.toml:2"), "{stderr}");
    assert!(stderr.contains("expected a size"), "{stderr}");
    assert!(!dir.path().join("out").exists());
}

fn sweep_file(dir: &Path, extra: &str) {
    std::fs::write(
        dir.join("sweep.toml"),
        format!(
            "demand = 'demand.csv'\nsites = 'sites.csv'\nmodel = 'p-median'\n{extra}\
             [grid]\nnew_sites = [2, 3, 4]\ncutoff = [60, 120]\n"
        ),
    )
    .unwrap();
}

#[test]
fn a_sweep_beyond_its_budget_is_refused_before_any_solve() {
    let dir = tempfile::tempdir().unwrap();
    market(dir.path(), 200);
    sweep_file(dir.path(), "");
    let args = [
        "sweep",
        "--config",
        "sweep.toml",
        "--out",
        "out",
        "--jobs",
        "2",
    ];
    let mut small = args.to_vec();
    small.extend(["--max-memory", "50KB"]);
    let (code, stderr) = siteplan(dir.path(), &small);
    assert_eq!(code, Some(2), "{stderr}");
    let text = stderr.trim_end();
    assert!(
        text.starts_with("error: sweep.toml: this sweep would need about "),
        "{text}"
    );
    assert_eq!(text.lines().count(), 1, "{text}");
    for part in [
        "more than the memory budget of 48.8 KiB",
        "its 2 distinct cost matrices are built first",
        "2 scenarios are solved at once",
        "--jobs",
        "--shard",
        "Nothing was solved or written.",
    ] {
        assert!(text.contains(part), "{part:?} missing from {text}");
    }
    assert!(!dir.path().join("out").exists());
    // Within the budget, the same sweep runs.
    let mut big = args.to_vec();
    big.extend(["--max-memory", "1GiB"]);
    let (code, stderr) = siteplan(dir.path(), &big);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(dir.path().join("out/summary.csv").exists());
}

#[test]
fn a_sweep_takes_its_budget_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    market(dir.path(), 200);
    sweep_file(dir.path(), "max_memory = 4096\n");
    let (code, stderr) = siteplan(
        dir.path(),
        &["sweep", "--config", "sweep.toml", "--out", "out"],
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("more than the memory budget of 4.0 KiB (--max-memory / max_memory)"),
        "{stderr}"
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn the_library_pipeline_refuses_too() {
    let dir = tempfile::tempdir().unwrap();
    market(dir.path(), 100);
    let cfg = PlanConfig::from_toml_str(
        "demand = 'demand.csv'\nsites = 'sites.csv'\nmodel = 'p-median'\nnew_sites = 2\n\
         max_memory = '1KiB'\n",
        dir.path(),
    )
    .unwrap();
    let request = PlanRequest {
        borders: None,
        ..PlanRequest::from_config(&cfg).unwrap()
    };
    let err = pipeline::run(&request).unwrap_err();
    assert!(matches!(err, Error::Usage(_)), "{err}");
    assert!(err.to_string().contains("1.0 KiB"), "{err}");
    let ok = PlanRequest {
        max_memory: None,
        ..request
    };
    assert_eq!(pipeline::run(&ok).unwrap().plan().new.len(), 2);
}

/// The estimate of kept pairs against the matrix actually built: exact up
/// to [`estimate::SAMPLE_POINTS`] demand points, above the real count (and
/// not far above) when sampled.
#[test]
fn the_pair_estimate_bounds_the_real_matrix() {
    for seed in 0..4u64 {
        for (towns, cutoff, k) in [
            (300, 40.0, None),
            (300, 150.0, Some(5)),
            (800, 90.0, None),
            (6_000, 60.0, None),
            (6_000, 120.0, Some(8)),
        ] {
            let market = generate(
                &MarketParams::new()
                    .cities(8)
                    .towns(towns)
                    .candidates(150 + seed as usize * 20)
                    .seed(seed),
            );
            let problem = market.problem().unwrap();
            let reach = Reach {
                cutoff: Some(cutoff),
                k_nearest: k,
            };
            let real = Haversine.cost_matrix(&problem, reach).unwrap().n_pairs() as u64;
            let est = estimate::pairs(&problem, None, reach);
            let at = format!("seed {seed}, {towns} towns, cutoff {cutoff}, k {k:?}");
            if problem.demand().len() <= estimate::SAMPLE_POINTS {
                assert_eq!(est.sampled, None, "{at}");
                assert_eq!(est.pairs, real, "{at}");
            } else {
                assert_eq!(est.sampled, Some(estimate::SAMPLE_POINTS), "{at}");
                assert!(est.pairs >= real, "{at}: {} < {real}", est.pairs);
                assert!(
                    est.pairs as f64 <= 1.6 * real as f64,
                    "{at}: {} vs {real}",
                    est.pairs
                );
            }
            // Without a cutoff: exactly demand × k.
            let kn = Haversine
                .cost_matrix(&problem, Reach::k_nearest(7))
                .unwrap()
                .n_pairs() as u64;
            assert_eq!(
                estimate::pairs(&problem, None, Reach::k_nearest(7)).pairs,
                kn
            );
        }
    }
}

/// An uncapacitated p-median whose whole matrix is over its budget is not
/// refused: its rows are cut to the nearest sites that fit
/// (`AUTO_K_NEAREST`) and grown where the plan needs them. The plan's bound
/// still holds for the whole model: it is at most the optimum on whole
/// rows, and the objective at least that optimum's bound.
#[test]
fn a_p_median_over_its_budget_cuts_its_rows_and_keeps_a_true_bound() {
    let dir = tempfile::tempdir().unwrap();
    market(dir.path(), 3_000);
    let cfg = PlanConfig::from_toml_str(
        "demand = 'demand.csv'\nsites = 'sites.csv'\nmodel = 'p-median'\nnew_sites = 3\n",
        dir.path(),
    )
    .unwrap();
    let whole = PlanRequest {
        borders: None,
        ..PlanRequest::from_config(&cfg).unwrap()
    };
    let problem = siteplan::io::read_problem(&whole.demand, &whole.sites).unwrap();
    let full = whole.reach(&problem).unwrap();
    let need = |reach: Reach| {
        pipeline::estimate_plan(&whole, &problem, None, reach)
            .estimate
            .total()
    };
    let budget = need(full.with_k_nearest(16));
    assert!(need(full) > budget && need(full.with_k_nearest(32)) > budget);
    let cut = PlanRequest {
        max_memory: Some(budget),
        ..whole.clone()
    };
    let (wide, narrow) = (pipeline::run(&whole).unwrap(), pipeline::run(&cut).unwrap());
    assert_eq!(wide.costs().reach().k_nearest, None);
    assert_eq!(narrow.costs().reach().k_nearest, Some(16));
    let (w, n) = (wide.plan(), narrow.plan());
    let tol = 1e-9 * w.objective;
    assert!(
        n.bound.unwrap() <= w.objective + tol,
        "{:?} > {}",
        n.bound,
        w.objective
    );
    assert!(
        n.objective >= w.bound.unwrap() - tol,
        "{} < {:?}",
        n.objective,
        w.bound
    );
    // The command line alike: the plan is written, not refused.
    let bytes = budget.0.to_string();
    let (code, stderr) = plan(dir.path(), &["--max-memory", &bytes]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(dir.path().join("out/summary.json").exists());
}
