//! The shortest tour of the library: generate a market, plan new sites with
//! max-coverage, print a summary, and write the inputs (`input/demand.csv`,
//! `input/sites.csv`), the plan's tables (`summary.json`, `sites.csv`,
//! `assignment.csv`) and a map (`plan.geojson`, `plan.svg`) into a folder.
//!
//! ```sh
//! cargo run --release --example synthetic_quickstart            # writes into a temp folder
//! cargo run --release --example synthetic_quickstart -- out/qs  # or into out/qs
//! ```
//!
//! The market is synthetic (`siteplan::synth`): made-up places from a seed.

use std::path::{Path, PathBuf};

use siteplan::prelude::*;

/// What [`run`] produced.
#[allow(dead_code)] // read by tests/examples.rs
pub struct Quickstart {
    /// The generated problem.
    pub problem: Problem,
    /// The max-coverage plan.
    pub plan: Plan,
    /// Covered share of the demand (%) with the existing stores only.
    pub before_pct: f64,
    /// Covered share of the demand (%) with the plan's stores.
    pub after_pct: f64,
    /// Files written into the output folder.
    pub files: Vec<PathBuf>,
}

/// Generates a market of `cities` cities and `towns` towns, opens
/// `new_sites` new sites with max-coverage (50 km), prints a summary and
/// writes everything into `out`.
pub fn run(
    out: &Path,
    cities: usize,
    towns: usize,
    new_sites: usize,
) -> Result<Quickstart, Box<dyn std::error::Error>> {
    // 1. A generated market: demand at cities and towns, existing stores,
    //    candidate sites at the most populous places, a few competitors.
    let market = generate(
        &MarketParams::new()
            .cities(cities)
            .towns(towns)
            .existing((cities / 5).max(1))
            .candidates((cities + towns) / 2)
            .competitors((cities / 10).max(1))
            .seed(42)
            .region(Region::China),
    );
    let problem = market.problem()?;
    println!(
        "market: {} demand points, {} sites ({} existing, {} candidates)",
        problem.demand().len(),
        problem.sites().len(),
        problem.sites_with_status(SiteStatus::Existing).len(),
        problem.sites_with_status(SiteStatus::Candidate).len(),
    );

    // 2. Great-circle costs within the cutoff, and the model.
    let cutoff = 50.0;
    let costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(cutoff)))?;
    let spec = ModelSpec::new(ModelKind::MaxCoverage)
        .with_new_sites(new_sites)
        .with_cutoff(cutoff);
    let plan = solve(
        &problem,
        &costs,
        &spec,
        &SolveParams::default().with_time_limit(20.0),
    )?;

    // 3. Before and after, and the summary.
    let (before, after) = before_after(&problem, &costs, &plan, Some(cutoff));
    let pct = |e: &Evaluation| 100.0 * e.covered_weight / e.total_weight;
    let (before_pct, after_pct) = (pct(&before), pct(&after));
    print!("{}", summary(&problem, &plan, Some(cutoff)));
    println!("coverage within {cutoff} km: {before_pct:.1}% -> {after_pct:.1}%");

    // 4. Files: the market (input/), the plan's tables, a GeoJSON and an SVG map.
    std::fs::create_dir_all(out)?;
    market.write_to_dir(&out.join("input"))?;
    write_plan(out, &problem, &plan, Some(cutoff))?;
    let view = PlanView::new(&problem, &plan)?
        .with_evaluation(&after)
        .with_cutoff(Some(cutoff))
        .with_title(format!("Generated market: {new_sites} new sites"));
    write_plan_geojson(&out.join("plan.geojson"), &view, &GeoJsonOptions::default())?;
    write_svg(
        &out.join("plan.svg"),
        &view.map_data(),
        &SvgOptions::default(),
    )?;
    let files: Vec<PathBuf> = [
        "input/demand.csv",
        "input/sites.csv",
        "summary.json",
        "sites.csv",
        "assignment.csv",
        "plan.geojson",
        "plan.svg",
    ]
    .iter()
    .map(|f| out.join(f))
    .collect();
    println!("wrote {} (plan.svg is the map)", out.display());
    Ok(Quickstart {
        problem,
        plan,
        before_pct,
        after_pct,
        files,
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("siteplan-quickstart"));
    run(&out, 100, 1900, 20)?;
    Ok(())
}
