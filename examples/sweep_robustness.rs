//! Which candidate sites are chosen whatever the assumptions? Runs a small
//! grid of max-coverage plans (number of new sites × coverage cutoff) on a
//! generated market with the scenario engine, and prints the sites chosen
//! most often.
//!
//! ```sh
//! cargo run --release --example sweep_robustness            # writes into a temp folder
//! cargo run --release --example sweep_robustness -- out/sweep
//! ```
//!
//! The sweep folder gets `manifest.json`, `results/`, `summary.csv` (one row
//! per scenario), `robustness.csv` and `robustness.geojson` (per candidate:
//! in how many scenarios it is chosen). The market is synthetic.

use std::path::{Path, PathBuf};

use siteplan::prelude::*;

/// Runs the grid `new_sites` × `cutoffs` (km) on a market of `cities`
/// cities and `towns` towns, writing the sweep into `out`; prints and
/// returns the candidates by how often they are chosen, most robust first.
pub fn run(
    out: &Path,
    cities: usize,
    towns: usize,
    new_sites: &[usize],
    cutoffs: &[f64],
) -> Result<Vec<Robustness>, Box<dyn std::error::Error>> {
    let market = generate(
        &MarketParams::new()
            .cities(cities)
            .towns(towns)
            .existing((cities / 5).max(1))
            .candidates((cities + towns) / 3)
            .seed(11)
            .region(Region::Europe),
    );
    let problem = market.problem()?;

    // The sweep: a base scenario and a [grid] of axes, as in a sweep file.
    let list = |v: Vec<String>| format!("[{}]", v.join(", "));
    let sweep = format!(
        "model = \"max-coverage\"\n[grid]\nnew_sites = {}\ncutoff = {}\n",
        list(new_sites.iter().map(|n| n.to_string()).collect()),
        list(cutoffs.iter().map(|c| format!("{c:?}")).collect()),
    );
    let specs = expand(&toml::from_str(&sweep)?)?;
    let candidates: Vec<CandidateInfo> = problem
        .sites()
        .iter()
        .filter(|s| s.status == SiteStatus::Candidate)
        .map(|s| CandidateInfo {
            id: s.id.clone(),
            name: s.name.clone().unwrap_or_default(),
            lat: s.lat,
            lon: s.lon,
        })
        .collect();
    let manifest = Manifest::new(&specs, candidates);

    // One scenario: read its settings, solve, report the outcome.
    let solve_one = |spec: &ScenarioSpec| -> ScenarioOutcome {
        let outcome = (|| -> Result<ScenarioOutcome> {
            let config = PlanConfig::from_table(&spec.settings, Path::new(""))?;
            let model = config.spec()?;
            let cutoff = model.cutoff.unwrap_or(50.0);
            let costs = Haversine.cost_matrix(&problem, config.reach(&problem)?)?;
            let plan = solve(&problem, &costs, &model, &config.params()?)?;
            let (_, after) = before_after(&problem, &costs, &plan, Some(cutoff));
            Ok(ScenarioOutcome {
                status: plan.status.to_string(),
                objective: Some(plan.objective),
                bound: plan.bound,
                gap: plan.gap,
                new_sites: plan
                    .new
                    .iter()
                    .map(|&s| problem.sites()[s].id.clone())
                    .collect(),
                coverage_pct: Some(100.0 * after.covered_weight / after.total_weight),
                seconds: Some(plan.stats.seconds),
                ..ScenarioOutcome::default()
            })
        })();
        outcome.unwrap_or_else(|e| ScenarioOutcome {
            status: "error".into(),
            reason: Some(e.to_string()),
            ..ScenarioOutcome::default()
        })
    };
    let report = run_sweep(out, &specs, &manifest, &SweepOptions::default(), solve_one)?;
    println!(
        "{} scenarios solved ({} without a plan); tables in {}",
        report.solved,
        report.failed,
        out.display()
    );

    // Robustness: how often each candidate is chosen.
    let (manifest, results) = read_results(out)?;
    for r in &results {
        println!(
            "  {:<28} {:>9} coverage {:>6.2}%",
            r.name,
            r.outcome.status,
            r.outcome.coverage_pct.unwrap_or(0.0)
        );
    }
    let mut robust = robustness(&manifest, &results);
    robust.sort_by(|a, b| {
        b.chosen
            .cmp(&a.chosen)
            .then_with(|| a.site.id.cmp(&b.site.id))
    });
    robust.retain(|r| r.chosen > 0);
    println!(
        "\nmost robust sites (chosen in how many of {} scenarios):",
        results.len()
    );
    for r in robust.iter().take(10) {
        println!(
            "  {:<8} {:<24} {:>3}  ({:.0}%)",
            r.site.id,
            r.site.name,
            r.chosen,
            100.0 * r.share
        );
    }
    Ok(robust)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("siteplan-sweep-robustness"));
    run(&out, 60, 940, &[5, 10, 15], &[30.0, 50.0, 80.0])?;
    Ok(())
}
