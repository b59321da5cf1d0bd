//! Writes an OR-Library instance as the CSV inputs of `siteplan plan`, so
//! the published optima can be checked through the command-line tool.
//!
//! ```text
//! cargo run --release --example orlib_csv -- pmed tests/data/orlib/pmed1.txt OUT
//! cargo run --release --example orlib_csv -- cap tests/data/orlib/cap71.txt OUT
//! cargo run --release --example orlib_csv -- cap capa.txt OUT --capacity 8000
//! ```
//!
//! Writes into OUT (created if missing):
//!
//! - `demand.csv` (`id,lat,lon,weight`): p-median: every vertex, weight 1;
//!   capacitated: every customer, weight = its demand.
//! - `sites.csv`: p-median: every vertex again (`id,lat,lon`);
//!   capacitated: every warehouse (`id,lat,lon,fixed_cost,capacity`).
//! - `costs.csv` (`demand_id,site_id,cost`): p-median: the full n × n
//!   shortest-path matrix; capacitated: the per-unit cost (the file's
//!   cost of serving all of a customer's demand divided by that demand).
//!
//! Coordinates are a fixed grid (0.01° apart): costs come from `costs.csv`
//! only. Numbers are written in Rust's shortest round-trip form, so
//! `siteplan` reads back exactly the values the readers in
//! tests/common/orlib.rs (which this example uses) compute. Prints one
//! line to stdout: `n_demand n_sites p` (p = 0 for capacitated files).
//!
//! The large capacitated files (capa, capb, capc) carry the word
//! `capacity` in place of each warehouse's capacity; `--capacity C`
//! substitutes it (Beasley's Table 1 values, see bench/orlib/README.md).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[allow(dead_code)]
#[path = "../tests/common/orlib.rs"]
mod orlib;

use siteplan::{CostMatrix, Problem};

fn usage() -> ! {
    eprintln!("usage: orlib_csv pmed|cap FILE OUT_DIR [--capacity C]");
    std::process::exit(2);
}

/// A point of the fixed grid for row `i`.
fn grid(i: usize) -> (f64, f64) {
    ((i / 100) as f64 * 0.01, (i % 100) as f64 * 0.01)
}

fn write(dir: &Path, problem: &Problem, costs: &CostMatrix) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut s = String::from("id,lat,lon,weight\n");
    for (i, d) in problem.demand().iter().enumerate() {
        let (lat, lon) = grid(i);
        let _ = writeln!(s, "{},{lat},{lon},{}", d.id, d.weight);
    }
    std::fs::write(dir.join("demand.csv"), &s)?;

    let capacitated = problem.sites().iter().any(|x| x.capacity.is_some());
    s = String::from(if capacitated {
        "id,lat,lon,fixed_cost,capacity\n"
    } else {
        "id,lat,lon\n"
    });
    for (j, site) in problem.sites().iter().enumerate() {
        let (lat, lon) = grid(j);
        if capacitated {
            let cap = site.capacity.map(|c| c.to_string()).unwrap_or_default();
            let _ = writeln!(s, "{},{lat},{lon},{},{cap}", site.id, site.fixed_cost);
        } else {
            let _ = writeln!(s, "{},{lat},{lon}", site.id);
        }
    }
    std::fs::write(dir.join("sites.csv"), &s)?;

    s = String::with_capacity(costs.n_pairs() * 16);
    s.push_str("demand_id,site_id,cost\n");
    for (i, d) in problem.demand().iter().enumerate() {
        for (j, c) in costs.row(i).iter() {
            let _ = writeln!(s, "{},{},{c}", d.id, problem.sites()[j].id);
        }
    }
    std::fs::write(dir.join("costs.csv"), &s)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        usage();
    }
    let (kind, file, out) = (&args[0], PathBuf::from(&args[1]), PathBuf::from(&args[2]));
    let capacity = match args.get(3).map(String::as_str) {
        None => None,
        Some("--capacity") => Some(args.get(4).unwrap_or_else(|| usage()).clone()),
        Some(_) => usage(),
    };
    let (problem, costs, p) = match kind.as_str() {
        "pmed" => orlib::read_pmed(&file),
        "cap" => {
            let text = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let (problem, costs) = if text.contains("capacity") {
                let Some(c) = &capacity else {
                    eprintln!(
                        "{}: capacities are the word `capacity`; give --capacity C",
                        file.display()
                    );
                    std::process::exit(2);
                };
                c.parse::<f64>().unwrap_or_else(|_| usage());
                let tmp =
                    std::env::temp_dir().join(format!("orlib_csv_{}_{c}.txt", std::process::id()));
                std::fs::write(&tmp, text.replace("capacity", c)).expect("temp file");
                let r = orlib::read_cap(&tmp);
                let _ = std::fs::remove_file(&tmp);
                r
            } else {
                orlib::read_cap(&file)
            };
            (problem, costs, 0)
        }
        _ => usage(),
    };
    write(&out, &problem, &costs).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    println!("{} {} {p}", problem.demand().len(), problem.sites().len());
}
