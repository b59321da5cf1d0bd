//! Where should the Chinese network of 335 sales centers grow next? Reads
//! the shipped data (593 cities, the existing centers, 1,467 candidate sites),
//! opens the 40 new sites that bring the most people within 50 km of a
//! center (max-coverage), and prints them with coverage before and after.
//!
//! ```sh
//! cargo run --release --example china_expansion            # data/, 40 sites, 50 km
//! cargo run --release --example china_expansion -- data 20 30
//! ```
//! Arguments: the data folder, the number of new sites, the cutoff in km.

use std::path::{Path, PathBuf};

use siteplan::prelude::*;

/// What [`run`] found.
#[allow(dead_code)] // read by tests/examples.rs
pub struct Expansion {
    /// The problem read from the data folder.
    pub problem: Problem,
    /// The plan.
    pub plan: Plan,
    /// Existing centers only.
    pub before: Evaluation,
    /// Existing and new centers.
    pub after: Evaluation,
}

/// Plans `new_sites` new centers within `cutoff_km` on the data in `data`
/// (`cities_cn.csv`, `cn_existing_centers.csv`, `cn_candidates.csv`) and
/// prints the result.
pub fn run(
    data: &Path,
    new_sites: usize,
    cutoff_km: f64,
    time_limit: f64,
) -> Result<Expansion, Box<dyn std::error::Error>> {
    let problem = read_problem(
        &data.join("cities_cn.csv"),
        &[
            data.join("cn_existing_centers.csv"),
            data.join("cn_candidates.csv"),
        ],
    )?;
    let costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(cutoff_km)))?;
    let spec = ModelSpec::new(ModelKind::MaxCoverage)
        .with_new_sites(new_sites)
        .with_cutoff(cutoff_km);
    let params = SolveParams::default().with_time_limit(time_limit);
    let plan = solve(&problem, &costs, &spec, &params)?;
    let (before, after) = before_after(&problem, &costs, &plan, Some(cutoff_km));

    println!(
        "{} cities, {} existing centers, {} candidate sites; max-coverage within {cutoff_km} km",
        problem.demand().len(),
        problem.sites_with_status(SiteStatus::Existing).len(),
        problem.sites_with_status(SiteStatus::Candidate).len(),
    );
    println!(
        "{} ({}, {:.2} s), gap {}",
        plan.status,
        plan.method,
        plan.stats.seconds,
        plan.gap
            .map_or("unknown".to_string(), |g| format!("{:.4}%", 100.0 * g)),
    );
    println!(
        "\n{:>3}  {:<14} {:<22} {:>14}",
        "#", "site", "name", "newly covered"
    );
    // People within the cutoff of a new center and of no existing one.
    let mut gain = vec![0.0; problem.sites().len()];
    for (d, point) in problem.demand().iter().enumerate() {
        if let (Some((s, c)), None) = (after.assignment[d], covered(&before, d, cutoff_km)) {
            if c <= cutoff_km {
                gain[s] += point.weight;
            }
        }
    }
    for (i, &s) in plan.new.iter().enumerate() {
        let site = &problem.sites()[s];
        println!(
            "{:>3}  {:<14} {:<22} {:>14.0}",
            i + 1,
            site.id,
            site.name.as_deref().unwrap_or(""),
            gain[s]
        );
    }
    let pct = |e: &Evaluation| 100.0 * e.covered_weight / e.total_weight;
    println!(
        "\ncovered within {cutoff_km} km: {:.1}% -> {:.1}% of {:.0} people (+{:.0})",
        pct(&before),
        pct(&after),
        after.total_weight,
        after.covered_weight - before.covered_weight
    );
    Ok(Expansion {
        problem,
        plan,
        before,
        after,
    })
}

/// The site covering demand point `d` within the cutoff in `e`, if any.
fn covered(e: &Evaluation, d: usize, cutoff: f64) -> Option<usize> {
    e.assignment[d]
        .filter(|&(_, c)| c <= cutoff)
        .map(|(s, _)| s)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let data = PathBuf::from(args.first().map_or("data", String::as_str));
    let new_sites = args.get(1).map_or(Ok(40), |a| a.parse())?;
    let cutoff = args.get(2).map_or(Ok(50.0), |a| a.parse())?;
    run(&data, new_sites, cutoff, 60.0)?;
    Ok(())
}
