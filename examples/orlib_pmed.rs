//! Runs the heuristic engine and its branch-and-bound on every OR-Library
//! p-median instance shipped in tests/data/orlib (pmedN.txt), against the
//! published optima (Beasley's pmedopt table).
//!
//! ```text
//! cargo run --release --example orlib_pmed
//! ```

use std::path::Path;
use std::time::Instant;

use siteplan::models::ModelSpec;
use siteplan::solve::{heuristic, SolveParams};
use siteplan::{CostMatrix, DemandPoint, ModelKind, Problem, Reach, Site};

/// Published optima of pmed1–pmed40 (OR-Library, pmedopt).
const OPTIMA: [f64; 40] = [
    5819.0, 4093.0, 4250.0, 3034.0, 1355.0, 7824.0, 5631.0, 4445.0, 2734.0, 1255.0, 7696.0, 6634.0,
    4374.0, 2968.0, 1729.0, 8162.0, 6999.0, 4809.0, 2845.0, 1789.0, 9138.0, 8579.0, 4619.0, 2961.0,
    1828.0, 9917.0, 8307.0, 4498.0, 3033.0, 1989.0, 10086.0, 9297.0, 4700.0, 3013.0, 10400.0,
    9934.0, 5057.0, 11060.0, 9423.0, 5128.0,
];

/// Reads `n edges p`, then edges (the last occurrence of an edge wins);
/// costs are all-pairs shortest paths (Floyd–Warshall).
fn read(path: &Path) -> (Problem, CostMatrix, usize) {
    let text = std::fs::read_to_string(path).expect("readable instance");
    let v: Vec<f64> = text
        .split_whitespace()
        .map(|t| t.parse().expect("number"))
        .collect();
    let (n, edges, p) = (v[0] as usize, v[1] as usize, v[2] as usize);
    let mut d = vec![f64::INFINITY; n * n];
    for i in 0..n {
        d[i * n + i] = 0.0;
    }
    for e in 0..edges {
        let (i, j, c) = (
            v[3 + 3 * e] as usize - 1,
            v[4 + 3 * e] as usize - 1,
            v[5 + 3 * e],
        );
        d[i * n + j] = c;
        d[j * n + i] = c;
    }
    for k in 0..n {
        for i in 0..n {
            let dik = d[i * n + k];
            if dik.is_infinite() {
                continue;
            }
            for j in 0..n {
                let via = dik + d[k * n + j];
                if via < d[i * n + j] {
                    d[i * n + j] = via;
                }
            }
        }
    }
    let problem = Problem::builder()
        .demands((0..n).map(|i| DemandPoint::new(format!("{}", i + 1), 0.0, 0.0, 1.0)))
        .sites((0..n).map(|i| Site::new(format!("{}", i + 1), 0.0, 0.0)))
        .build()
        .expect("valid instance");
    let rows = (0..n)
        .map(|i| {
            (0..n)
                .filter(|&j| d[i * n + j].is_finite())
                .map(|j| (j as u32, d[i * n + j]))
                .collect()
        })
        .collect();
    (problem, CostMatrix::from_rows(n, rows, Reach::all()), p)
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/orlib");
    println!(
        "| instance | n | p | optimum | heuristic | time (s) | exact | bound | nodes | time (s) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for (k, opt) in OPTIMA.iter().enumerate() {
        let path = dir.join(format!("pmed{}.txt", k + 1));
        if !path.exists() {
            continue;
        }
        let (problem, costs, p) = read(&path);
        let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(p);
        let params = SolveParams::default().with_time_limit(60.0).with_gap(0.0);
        let t = Instant::now();
        let h = heuristic::solve(&problem, &costs, &spec, &params).expect("heuristic");
        let th = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let x = heuristic::solve_exact(&problem, &costs, &spec, &params).expect("exact");
        let tx = t.elapsed().as_secs_f64();
        println!(
            "| pmed{} | {} | {} | {} | {}{} | {:.3} | {} ({}) | {} | {} | {:.3} |",
            k + 1,
            problem.demand().len(),
            p,
            opt,
            h.objective,
            if h.objective == *opt { "" } else { " ✗" },
            th,
            x.objective,
            x.status,
            x.bound.unwrap_or(f64::NAN),
            x.stats.nodes,
            tx
        );
    }
}
