//! Generates a synthetic market and times it.
//!
//! ```text
//! cargo run --release --example synth_market -- [CITIES] [TOWNS] [CANDIDATES]
//! ```
//! (defaults 1000, 99000, 5000: 100,000 demand points and 5,000 sites).

use std::time::Instant;

use siteplan::synth::{generate, MarketParams};

fn main() -> Result<(), siteplan::Error> {
    let arg = |i: usize, default: usize| {
        std::env::args()
            .nth(i)
            .and_then(|s| s.parse().ok())
            .unwrap_or(default)
    };
    let params = MarketParams::new()
        .cities(arg(1, 1000))
        .towns(arg(2, 99_000))
        .candidates(arg(3, 5000))
        .existing(100)
        .seed(1);
    let t = Instant::now();
    let market = generate(&params);
    let t_generate = t.elapsed();
    let t = Instant::now();
    let (demand, sites) = (market.demand_csv(), market.sites_csv());
    let t_csv = t.elapsed();
    let t = Instant::now();
    let problem = market.problem()?;
    let t_problem = t.elapsed();
    println!(
        "{} demand points, {} sites (synthetic)",
        problem.demand().len(),
        problem.sites().len()
    );
    println!(
        "generate {:.1} ms, CSV text {:.1} ms ({} + {} bytes), Problem {:.1} ms",
        t_generate.as_secs_f64() * 1e3,
        t_csv.as_secs_f64() * 1e3,
        demand.len(),
        sites.len(),
        t_problem.as_secs_f64() * 1e3
    );
    Ok(())
}
