//! `siteplan generate`: write a synthetic market (demand.csv, sites.csv).

use std::path::PathBuf;

use clap::Args;
use siteplan::synth::{try_generate, MarketParams, Region};
use siteplan::SiteStatus;

use super::validate::fmt_num;

#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  siteplan generate --cities 50 --towns 500 --existing 10 --candidates 200 \\\n      --competitors 20 --seed 7 --region europe --out market-eu\n\n\
The data are synthetic: places, names, populations and stores are made up.\n\
Same options and seed give byte-identical files. See docs/SYNTH.md."
)]
pub struct GenerateArgs {
    /// Number of cities (sizes follow Zipf's rank-size law).
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub cities: usize,
    /// Number of towns scattered around the cities.
    #[arg(long, value_name = "M", default_value_t = 1000)]
    pub towns: usize,
    /// Existing stores, placed in proportion to population.
    #[arg(long, value_name = "K", default_value_t = 0)]
    pub existing: usize,
    /// Candidate sites at the C most populous places [default: every place].
    #[arg(long, value_name = "C")]
    pub candidates: Option<usize>,
    /// Competitor stores, placed in proportion to population.
    #[arg(long, value_name = "X", default_value_t = 0)]
    pub competitors: usize,
    /// Pseudo-countries X1, X2, … to label places with (0: no country labels).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub countries: usize,
    /// Population of the largest city.
    #[arg(long, value_name = "POP", default_value_t = 10_000_000)]
    pub largest: u64,
    /// Random seed.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
    /// china, europe, or a box MINLON,MINLAT,MAXLON,MAXLAT.
    #[arg(
        long,
        value_name = "REGION",
        default_value = "china",
        allow_hyphen_values = true
    )]
    pub region: Region,
    /// Output folder (created if needed); gets demand.csv and sites.csv.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

pub fn run(a: GenerateArgs, quiet: bool) -> anyhow::Result<()> {
    let params = MarketParams {
        seed: a.seed,
        region: a.region,
        cities: a.cities,
        towns: a.towns,
        largest: a.largest,
        existing: a.existing,
        candidates: a.candidates,
        competitors: a.competitors,
        countries: a.countries,
        ..MarketParams::default()
    };
    // Checks every value before anything is written.
    let market = try_generate(&params)?;
    super::check_stop()?;
    let (demand, sites) = market.write_to_dir(&a.out)?;
    if quiet {
        return Ok(());
    }
    let total: f64 = market.demand.iter().map(|d| d.weight).sum();
    let count = |st| market.sites.iter().filter(|s| s.status == st).count();
    println!(
        "wrote {}: {} demand points ({} cities, {} towns; total weight {})",
        demand.display(),
        market.demand.len(),
        market.n_cities,
        market.demand.len() - market.n_cities,
        fmt_num(total)
    );
    println!(
        "wrote {}: {} sites ({} existing, {} candidate, {} competitor)",
        sites.display(),
        market.sites.len(),
        count(SiteStatus::Existing),
        count(SiteStatus::Candidate),
        count(SiteStatus::Competitor)
    );
    println!(
        "synthetic market: region {}, seed {}",
        market.region, params.seed
    );
    Ok(())
}
