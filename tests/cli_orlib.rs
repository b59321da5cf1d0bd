//! OR-Library p-median instances pmed1–pmed20 solved by the `siteplan`
//! binary with its default settings (only `--time-limit 120`), as a user
//! would: demand, sites and the full shortest-path cost matrix as CSV
//! files. Each must end `optimal` at the published optimum (Beasley's
//! pmedopt). bench/orlib_cli.sh runs the same for pmed1–pmed40 and prints
//! a table.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use assert_cmd::Command;

/// Writes demand.csv, sites.csv and costs.csv for `name` into `dir` and
/// returns p.
fn write_csv(name: &str, dir: &Path) -> usize {
    let (problem, costs, p) = common::orlib::read_pmed(&common::orlib::instance(name));
    let grid = |i: usize| ((i / 100) as f64 * 0.01, (i % 100) as f64 * 0.01);
    let mut demand = String::from("id,lat,lon,weight\n");
    for (i, d) in problem.demand().iter().enumerate() {
        let (lat, lon) = grid(i);
        writeln!(demand, "{},{lat},{lon},{}", d.id, d.weight).unwrap();
    }
    let mut sites = String::from("id,lat,lon\n");
    for (j, s) in problem.sites().iter().enumerate() {
        let (lat, lon) = grid(j);
        writeln!(sites, "{},{lat},{lon}", s.id).unwrap();
    }
    let mut od = String::from("demand_id,site_id,cost\n");
    for (i, d) in problem.demand().iter().enumerate() {
        for (j, c) in costs.row(i).iter() {
            writeln!(od, "{},{},{c}", d.id, problem.sites()[j].id).unwrap();
        }
    }
    assert_eq!(
        costs.n_pairs(),
        problem.demand().len() * problem.sites().len(),
        "{name}: the graph is connected, so every pair has a cost"
    );
    std::fs::write(dir.join("demand.csv"), demand).unwrap();
    std::fs::write(dir.join("sites.csv"), sites).unwrap();
    std::fs::write(dir.join("costs.csv"), od).unwrap();
    p
}

fn check(name: &str, optimum: f64) {
    let dir = tempfile::tempdir().unwrap();
    let p = write_csv(name, dir.path());
    let out = Command::cargo_bin("siteplan")
        .unwrap()
        .current_dir(dir.path())
        .args(["plan", "--model", "p-median", "--new-sites", &p.to_string()])
        .args([
            "--demand",
            "demand.csv",
            "--sites",
            "sites.csv",
            "--costs",
            "costs.csv",
        ])
        .args([
            "--time-limit",
            "120",
            "--timings",
            "--out",
            "out",
            "--quiet",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{name}: exit {:?}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.path().join("out/summary.json")).unwrap();
    let s: serde_json::Value = serde_json::from_str(&text).unwrap();
    let objective = s["objective"].as_f64();
    let seen = format!(
        "{name} (p = {p}): status {}, objective {}, bound {}, method {}, {} nodes, {} s; published optimum {optimum}",
        s["status"], s["objective"], s["bound"], s["method"], s["nodes"], s["seconds"]
    );
    eprintln!("{seen}");
    assert_eq!(s["status"], "optimal", "{seen}");
    let objective = objective.unwrap_or_else(|| panic!("no objective: {seen}"));
    assert!(
        (objective - optimum).abs() <= 1e-6 * optimum,
        "objective differs from the optimum: {seen}"
    );
}

macro_rules! pmed {
    ($($test:ident $name:literal $optimum:literal;)*) => {$(
        #[test]
        fn $test() {
            check($name, $optimum);
        }
    )*};
}

pmed! {
    pmed01 "pmed1" 5819.0;
    pmed02 "pmed2" 4093.0;
    pmed03 "pmed3" 4250.0;
    pmed04 "pmed4" 3034.0;
    pmed05 "pmed5" 1355.0;
    pmed06 "pmed6" 7824.0;
    pmed07 "pmed7" 5631.0;
    pmed08 "pmed8" 4445.0;
    pmed09 "pmed9" 2734.0;
    pmed10 "pmed10" 1255.0;
    pmed11 "pmed11" 7696.0;
    pmed12 "pmed12" 6634.0;
    pmed13 "pmed13" 4374.0;
    pmed14 "pmed14" 2968.0;
    pmed15 "pmed15" 1729.0;
    pmed16 "pmed16" 8162.0;
    pmed17 "pmed17" 6999.0;
    pmed18 "pmed18" 4809.0;
    pmed19 "pmed19" 2845.0;
    pmed20 "pmed20" 1789.0;
}
