//! Readers for OR-Library p-median and capacitated warehouse instances
//! (formats in tests/data/orlib/README.md). Test support only.

use std::path::{Path, PathBuf};

use siteplan::{CostMatrix, DemandPoint, Problem, Reach, Site};

/// Path of an instance file under tests/data/orlib.
pub fn instance(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/orlib")
        .join(format!("{name}.txt"))
}

/// Published optima of the shipped instances.
pub const PMED_OPTIMA: [(&str, f64); 5] = [
    ("pmed1", 5819.0),
    ("pmed2", 4093.0),
    ("pmed3", 4250.0),
    ("pmed4", 3034.0),
    ("pmed5", 1355.0),
];

/// Published optima of the shipped capacitated instances.
pub const CAP_OPTIMA: [(&str, f64); 5] = [
    ("cap71", 932615.750),
    ("cap72", 977799.400),
    ("cap73", 1010641.450),
    ("cap74", 1034976.975),
    ("cap41", 1040444.375),
];

fn numbers(path: &Path) -> Vec<f64> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .split_whitespace()
        .map(|t| {
            t.parse::<f64>()
                .unwrap_or_else(|_| panic!("{}: bad number {t:?}", path.display()))
        })
        .collect()
}

/// A p-median instance: every node is a demand point (weight 1) and a
/// candidate site; the full shortest-path cost matrix; and p.
pub fn read_pmed(path: &Path) -> (Problem, CostMatrix, usize) {
    let v = numbers(path);
    let (n, edges, p) = (v[0] as usize, v[1] as usize, v[2] as usize);
    let inf = f64::INFINITY;
    let mut d = vec![vec![inf; n]; n];
    for (i, row) in d.iter_mut().enumerate() {
        row[i] = 0.0;
    }
    for e in 0..edges {
        let (i, j, c) = (
            v[3 + 3 * e] as usize - 1,
            v[4 + 3 * e] as usize - 1,
            v[5 + 3 * e],
        );
        // The last occurrence of an edge wins.
        d[i][j] = c;
        d[j][i] = c;
    }
    for k in 0..n {
        let dk = d[k].clone();
        for row in d.iter_mut() {
            let dik = row[k];
            if dik == inf {
                continue;
            }
            for (dij, &dkj) in row.iter_mut().zip(&dk) {
                let via = dik + dkj;
                if via < *dij {
                    *dij = via;
                }
            }
        }
    }
    let problem = Problem::builder()
        .demands((0..n).map(|i| DemandPoint::new(format!("{}", i + 1), 0.0, 0.0, 1.0)))
        .sites((0..n).map(|i| Site::new(format!("{}", i + 1), 0.0, 0.0)))
        .build()
        .expect("valid p-median instance");
    let rows = d
        .iter()
        .map(|row| {
            row.iter()
                .enumerate()
                .filter(|(_, c)| c.is_finite())
                .map(|(j, &c)| (j as u32, c))
                .collect()
        })
        .collect();
    (problem, CostMatrix::from_rows(n, rows, Reach::all()), p)
}

/// A capacitated warehouse instance: warehouses are candidate sites with
/// capacity and fixed cost; customers are demand points weighted by demand;
/// costs are per unit of demand (the file's cost of serving all of a
/// customer's demand divided by that demand).
pub fn read_cap(path: &Path) -> (Problem, CostMatrix) {
    let v = numbers(path);
    let (m, n) = (v[0] as usize, v[1] as usize);
    let mut at = 2;
    let mut sites = Vec::with_capacity(m);
    for j in 0..m {
        let (cap, fixed) = (v[at], v[at + 1]);
        at += 2;
        sites.push(
            Site::new(format!("w{}", j + 1), 0.0, 0.0)
                .with_capacity(cap)
                .with_fixed_cost(fixed),
        );
    }
    let mut demand = Vec::with_capacity(n);
    let mut rows = Vec::with_capacity(n);
    for i in 0..n {
        let w = v[at];
        at += 1;
        let per_unit = if w > 0.0 { w } else { 1.0 };
        rows.push(
            (0..m)
                .map(|j| (j as u32, v[at + j] / per_unit))
                .collect::<Vec<_>>(),
        );
        at += m;
        demand.push(DemandPoint::new(format!("c{}", i + 1), 0.0, 0.0, w));
    }
    assert_eq!(at, v.len(), "{}: trailing numbers", path.display());
    let problem = Problem::builder()
        .demands(demand)
        .sites(sites)
        .build()
        .expect("valid capacitated instance");
    (problem, CostMatrix::from_rows(m, rows, Reach::all()))
}
