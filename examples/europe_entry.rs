//! Plans entry into Europe at several duty levels on the shipped data.
//!
//! ```sh
//! cargo run --release --example market_entry_europe -- data 0 20.7 30.7 48
//! ```
//! The first argument is the folder holding `cities_eu.csv`,
//! `countries_eu.csv` and `eu_bev_duties_cn.csv`; the others are EU duty
//! rates in percent (default: 0, 17.8, 30.7, 48).

use std::path::PathBuf;

use siteplan::models::market_entry::{city_sites, MarketEntryParams};
use siteplan::solve::{market_entry, Method, SolveParams};
use siteplan::Problem;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "data".into()));
    let mut duties: Vec<f64> = args.map(|a| a.parse()).collect::<Result<_, _>>()?;
    if duties.is_empty() {
        duties = vec![0.0, 17.8, 30.7, 48.0];
    }
    let demand = siteplan::io::read_demand(&dir.join("cities_eu.csv"))?;
    let problem = Problem::builder()
        .demands(demand.clone())
        .sites(city_sites(&demand))
        .build()?;
    let solve = SolveParams::default()
        .with_method(Method::Heuristic)
        .with_time_limit(120.0);
    for duty in duties {
        let params = MarketEntryParams {
            countries: Some(dir.join("countries_eu.csv")),
            duties: Some(dir.join("eu_bev_duties_cn.csv")),
            eu_duty_pct: Some(duty),
            ..Default::default()
        };
        let plan = market_entry::run(&problem, &params, &solve)?;
        println!("== EU duty {duty}% ({:.1} s)", plan.stats.seconds);
        println!("{}\n", plan.summary());
    }
    Ok(())
}
