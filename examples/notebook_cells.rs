//! The code cells of the notebook `examples/notebooks/siteplan.ipynb`, in
//! order, as one program: `cargo test` compiles it and tests/examples.rs
//! runs it, so the notebook cannot rot. Generated from the notebook by
//! tests/notebook.rs; after editing the notebook, regenerate it with
//! `SITEPLAN_BLESS=1 cargo test --test notebook`.
//!
//! ```sh
//! cargo run --release --example notebook_cells
//! ```

/// Runs the notebook's code cells (evcxr `:` commands left out).
#[rustfmt::skip]
pub fn run() -> Result<(), Box<dyn std::error::Error>> {
    // ---- code cell 1 ----
    use siteplan::prelude::*;

    // ---- code cell 2 ----
    let market = generate(
        &MarketParams::new()
            .cities(30)
            .towns(270)
            .existing(6)
            .candidates(120)
            .competitors(3)
            .seed(3)
            .region(Region::Europe),
    );
    let problem = market.problem()?;
    println!(
        "{} demand points ({:.1} million people), {} sites",
        problem.demand().len(),
        problem.total_weight() / 1e6,
        problem.sites().len()
    );
    for line in market.demand_csv().lines().take(4) {
        println!("{line}");
    }

    // ---- code cell 3 ----
    let cutoff = 50.0;
    let coverage_costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(cutoff)))?;
    let coverage_spec = ModelSpec::new(ModelKind::MaxCoverage)
        .with_new_sites(8)
        .with_cutoff(cutoff);
    let max_coverage = solve(&problem, &coverage_costs, &coverage_spec, &SolveParams::default())?;
    print!("{}", summary(&problem, &max_coverage, Some(cutoff)));

    // ---- code cell 4 ----
    let map_svg = {
        let (_, after) = before_after(&problem, &coverage_costs, &max_coverage, Some(cutoff));
        PlanView::new(&problem, &max_coverage)?
            .with_evaluation(&after)
            .with_cutoff(Some(cutoff))
            .with_title("Max-coverage: 8 new sites within 50 km")
            .svg_string(&SvgOptions::default())
    };
    println!("EVCXR_BEGIN_CONTENT image/svg+xml\n{map_svg}\nEVCXR_END_CONTENT");

    // ---- code cell 5 ----
    let all_costs = Haversine.cost_matrix(&problem, Reach::all())?;
    let median_spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(8);
    let exact = SolveParams::default().with_method(Method::Exact);
    let p_median = solve(&problem, &all_costs, &median_spec, &exact)?;
    print!("{}", summary(&problem, &p_median, Some(cutoff)));

    // ---- code cell 6 ----
    let n_sites = problem.sites().len();
    let existing_only: Vec<bool> = problem
        .sites()
        .iter()
        .map(|s| s.status == SiteStatus::Existing)
        .collect();
    let mut rows = vec![(
        "existing stores only".to_string(),
        evaluate(&problem, &all_costs, &existing_only, Some(cutoff)),
        0,
    )];
    for (name, plan) in [("max-coverage", &max_coverage), ("p-median", &p_median)] {
        let scored = evaluate(&problem, &all_costs, &plan.open_flags(n_sites), Some(cutoff));
        rows.push((name.to_string(), scored, plan.new.len()));
    }
    let shared = max_coverage.new.iter().filter(|s| p_median.new.contains(s)).count();
    let mut table = String::from(
        "<table><tr><th>plan</th><th>new sites</th><th>covered within 50 km</th>\
         <th>mean distance (km)</th><th>largest distance (km)</th></tr>",
    );
    for (name, e, new) in &rows {
        table += &format!(
            "<tr><td>{name}</td><td>{new}</td><td>{:.1}%</td><td>{:.1}</td><td>{:.1}</td></tr>",
            100.0 * e.covered_weight / e.total_weight,
            e.mean_cost,
            e.max_cost
        );
    }
    table += "</table>";
    println!("EVCXR_BEGIN_CONTENT text/html\n{table}\nEVCXR_END_CONTENT");
    println!("{shared} of the 8 new sites are the same in both plans");

    // ---- code cell 7 ----
    let sites_csv = sites_csv_string(&problem, &max_coverage);
    for line in sites_csv.lines().take(4) {
        println!("{line}");
    }
    let out = std::env::temp_dir().join("siteplan-notebook");
    write_plan(&out, &problem, &max_coverage, Some(cutoff))?;
    market.write_to_dir(&out.join("input"))?;
    println!("wrote {}", out.display());

    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    run()
}
