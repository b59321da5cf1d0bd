//! The flags of `siteplan plan` (`plan.rs`), for every model.

use std::path::PathBuf;

use clap::Args;
use siteplan::config::PlanConfig;
use siteplan::curve::CurveRange;
use siteplan::memory::Bytes;
use siteplan::models::choice::Decay;
use siteplan::solve::Method;
use siteplan::ModelKind;

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    siteplan plan --demand cities.csv --sites existing.csv --sites candidates.csv \\\n      \
    --model max-coverage --new-sites 20 --cutoff 50 --out plan-cn\n  \
    siteplan plan --config plan.toml --new-sites 30\n\n\
    Every setting can also be given in the --config file (keys in docs/CONFIG.md); flags override it.")]
pub struct PlanArgs {
    /// Demand CSV (id,lat,lon,weight; optional name,country,region).
    #[arg(long, value_name = "FILE")]
    pub demand: Option<PathBuf>,
    /// Sites CSV (id,lat,lon; optional status,fixed_cost,capacity,…). Repeat to concatenate files.
    #[arg(long, value_name = "FILE")]
    pub sites: Vec<PathBuf>,
    /// OD cost CSV (demand_id,site_id,cost); when given, the only source of travel cost.
    #[arg(long, value_name = "FILE")]
    pub costs: Option<PathBuf>,
    /// p-median, max-coverage, set-cover, fixed-charge, p-center, market-share, target-share or market-entry (with --config).
    #[arg(long, value_name = "MODEL")]
    pub model: Option<ModelKind>,
    /// New sites to open (an upper limit for fixed-charge).
    #[arg(long, value_name = "N")]
    pub new_sites: Option<usize>,
    /// Coverage radius (max-coverage, set-cover) or hard reach (other models): km, or the OD unit.
    #[arg(long, value_name = "X")]
    pub cutoff: Option<f64>,
    /// Set cover: cover at least this percentage of the total weight.
    #[arg(long, value_name = "PCT")]
    pub min_coverage: Option<f64>,
    /// Fixed-charge, market-share: most the new sites' fixed costs may add up to.
    #[arg(long, value_name = "B")]
    pub budget: Option<f64>,
    /// Fixed-charge: serve each demand point from one site only.
    #[arg(long)]
    pub single_source: bool,
    /// Ignore site capacities.
    #[arg(long)]
    pub no_capacities: bool,
    /// Nearest sites kept per demand point when no cutoff is given (default 50).
    #[arg(long, value_name = "K")]
    pub k_nearest: Option<usize>,
    /// Time limit of the solve in seconds (default 60).
    #[arg(long, value_name = "SECONDS")]
    pub time_limit: Option<f64>,
    /// auto, exact or heuristic (default auto).
    #[arg(long, value_name = "METHOD")]
    pub method: Option<Method>,
    /// Relative optimality gap at which to stop (default 0.0001).
    #[arg(long, value_name = "G")]
    pub gap: Option<f64>,
    /// Threads of the solve (default 1).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Seed for randomised parts (default 0).
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Output folder (default siteplan-out).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Scenario name for the map title and the reports.
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// Country borders GeoJSON for the map (default: data/borders/countries_50m.geojson when present).
    #[arg(long, value_name = "FILE")]
    pub borders: Option<PathBuf>,
    /// One assignment line per demand point in plan.geojson and on the maps.
    #[arg(long)]
    pub lines: bool,
    /// Write the solve's wall-clock seconds into summary.json (otherwise null, so files are reproducible).
    #[arg(long)]
    pub timings: bool,
    /// Also solve for every number of new sites in a range (0..=60, 0..61, 10..=20): curve.csv and a chart.
    #[arg(long, value_name = "A..=B")]
    pub curve: Option<CurveRange>,
    /// Share models: distance decay power:λ (Huff), exponential:β or logit:β (default power:2).
    #[arg(long, value_name = "KIND:X")]
    pub decay: Option<Decay>,
    /// Share models: weight of the outside option (rest of the market) per demand point (default 1).
    #[arg(long, value_name = "W")]
    pub outside_weight: Option<f64>,
    /// target-share: share of total demand to reach, in (0, 1] (0.25 = 25 %).
    #[arg(long, value_name = "SHARE")]
    pub target_share: Option<f64>,
    /// Share models: existing stores may close (their fixed costs are saved).
    #[arg(long)]
    pub allow_closures: bool,
    /// market-share: profit per unit of captured demand; maximise margin × captured − fixed costs.
    #[arg(long, value_name = "M")]
    pub margin: Option<f64>,
    /// Memory budget (8GiB, 500MB, 2G; default 3/4 of the memory available): a plan estimated to need more is refused before it is built.
    #[arg(long, value_name = "SIZE")]
    pub max_memory: Option<Bytes>,
    /// TOML file with these settings (paths relative to the file).
    #[arg(long, value_name = "FILE.toml")]
    pub config: Option<PathBuf>,
}

impl PlanArgs {
    pub fn flags(&self) -> PlanConfig {
        PlanConfig {
            demand: self.demand.clone(),
            sites: (!self.sites.is_empty()).then(|| self.sites.clone()),
            costs: self.costs.clone(),
            model: self.model,
            new_sites: self.new_sites,
            cutoff: self.cutoff,
            min_coverage: self.min_coverage,
            budget: self.budget,
            single_source: self.single_source.then_some(true),
            capacities: self.no_capacities.then_some(false),
            k_nearest: self.k_nearest,
            time_limit: self.time_limit,
            method: self.method,
            gap: self.gap,
            threads: self.threads,
            seed: self.seed,
            out: self.out.clone(),
            title: self.title.clone(),
            demand_label: None,
            currency: None,
            borders: self.borders.clone(),
            lines: self.lines.then_some(true),
            timings: self.timings.then_some(true),
            curve: self.curve,
            decay: self.decay,
            outside_weight: self.outside_weight,
            target_share: self.target_share,
            allow_closures: self.allow_closures.then_some(true),
            margin: self.margin,
            market_entry: None,
            max_memory: self.max_memory,
        }
    }
}
