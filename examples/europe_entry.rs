//! Entering Europe with cars built in China: which countries to enter, in
//! which year, and where to open sales-and-service centers, on the shipped
//! data (`cities_eu.csv`, `countries_eu.csv`, `eu_bev_duties_cn.csv`), with
//! the market-entry model through the library API.
//!
//! It solves the base case (the EU duty from the duty table, 30.7 %) and
//! prints the plan, then compares EU duty levels side by side.
//!
//! ```sh
//! cargo run --release --example europe_entry                      # data/, duties 0 17.8 30.7 48
//! cargo run --release --example europe_entry -- data 0 20.7 30.7 48
//! ```
//! The first argument is the folder holding the three files; the others are
//! total EU duty rates in percent. The model and its assumptions are in
//! docs/MARKET_ENTRY.md; `data/scenarios/europe.toml` is the same base case
//! as a scenario file.

use std::path::{Path, PathBuf};

use siteplan::prelude::*;

/// One solved duty level.
pub struct DutyCase {
    /// Total EU duty in percent (`None`: the duty table's rate).
    pub eu_duty_pct: Option<f64>,
    /// The plan.
    pub plan: MarketEntryPlan,
}

/// Solves the base case and each of `duties` on the data in `data`. With
/// `countries`, only the cities of those ISO2 codes are kept (a smaller,
/// faster market). Prints the base plan and a comparison table.
pub fn run(
    data: &Path,
    duties: &[f64],
    countries: Option<&[&str]>,
    solve_params: &SolveParams,
) -> Result<Vec<DutyCase>, Box<dyn std::error::Error>> {
    // Demand: the cities; candidates: the same cities (one center each at most).
    let mut demand = read_demand(&data.join("cities_eu.csv"))?;
    if let Some(keep) = countries {
        demand.retain(|d| d.country.as_deref().is_some_and(|c| keep.contains(&c)));
    }
    let problem = Problem::builder()
        .demands(demand.clone())
        .sites(city_sites(&demand))
        .build()?;
    println!(
        "{} cities in {} countries, every city a candidate site",
        problem.demand().len(),
        {
            let mut c: Vec<&str> = demand.iter().filter_map(|d| d.country.as_deref()).collect();
            c.sort_unstable();
            c.dedup();
            c.len()
        }
    );

    // The scenario: the defaults of docs/MARKET_ENTRY.md with the shipped tables.
    let base = MarketEntryParams {
        countries: Some(data.join("countries_eu.csv")),
        duties: Some(data.join("eu_bev_duties_cn.csv")),
        ..Default::default()
    };

    let mut cases = Vec::new();
    let plan = siteplan::pipeline::solve_entry(&problem, &base, solve_params)?;
    println!("\n== base case: EU duty from the duty table");
    println!("{}", plan.summary());
    println!("\nfirst centers:");
    for c in plan.centers.iter().take(8) {
        println!(
            "  {} {:<3} {:<24} {:>7.0} cars",
            c.year_opened,
            c.country,
            c.name.as_deref().unwrap_or(&c.id),
            c.expected_sales
        );
    }
    cases.push(DutyCase {
        eu_duty_pct: None,
        plan,
    });

    // The same scenario at other duty levels.
    for &duty in duties {
        let params = MarketEntryParams {
            eu_duty_pct: Some(duty),
            ..base.clone()
        };
        let plan = siteplan::pipeline::solve_entry(&problem, &params, solve_params)?;
        cases.push(DutyCase {
            eu_duty_pct: Some(duty),
            plan,
        });
    }
    println!(
        "\n{:>10} {:>10} {:>8} {:>10} {:>16} {:>8}",
        "EU duty", "countries", "centers", "cars", "profit (€)", "gap"
    );
    for c in &cases {
        let p = &c.plan;
        println!(
            "{:>10} {:>10} {:>8} {:>10.0} {:>16.0} {:>8}",
            c.eu_duty_pct
                .map_or("table".to_string(), |d| format!("{d}%")),
            p.totals.countries_entered,
            p.totals.centers,
            p.totals.expected_sales,
            p.objective,
            p.gap
                .map_or("-".to_string(), |g| format!("{:.2}%", 100.0 * g)),
        );
    }
    Ok(cases)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let data = PathBuf::from(args.next().unwrap_or_else(|| "data".into()));
    let mut duties: Vec<f64> = args.map(|a| a.parse()).collect::<Result<_, _>>()?;
    if duties.is_empty() {
        duties = vec![0.0, 17.8, 30.7, 48.0];
    }
    let params = SolveParams::default()
        .with_method(Method::Heuristic)
        .with_time_limit(120.0);
    run(&data, &duties, None, &params)?;
    Ok(())
}
