//! `siteplan plan`: solve one location model and write the plan's tables.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use siteplan::config::PlanConfig;
use siteplan::io::tables;
use siteplan::solve::{exact, solve, Method};
use siteplan::{io, Haversine, ModelKind, Reach, TravelCost};

use super::validate::fmt_num;

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
    /// p-median, max-coverage, set-cover, fixed-charge, p-center or market-entry (with --config).
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
    /// Fixed-charge: most the new sites' fixed costs may add up to.
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
    /// TOML file with these settings (paths relative to the file).
    #[arg(long, value_name = "FILE.toml")]
    pub config: Option<PathBuf>,
    /// Market entry: write the solve's seconds into summary.json (else null, so reruns are byte-identical).
    #[arg(long)]
    pub timings: bool,
}

impl PlanArgs {
    fn flags(&self) -> PlanConfig {
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
        }
    }
}

pub fn run(a: PlanArgs, quiet: bool) -> anyhow::Result<()> {
    if super::plan_market::wanted(&a)? {
        return super::plan_market::run(&a, quiet);
    }
    let file = match &a.config {
        Some(path) => PlanConfig::load(path)?,
        None => PlanConfig::default(),
    };
    let cfg = file.override_with(a.flags());
    let spec = cfg.spec()?;
    let params = cfg.params()?;
    let demand = cfg
        .demand
        .clone()
        .ok_or_else(|| siteplan::Error::Usage("no demand file given (--demand)".into()))?;
    let sites = cfg.sites.clone().unwrap_or_default();
    if sites.is_empty() {
        return Err(siteplan::Error::Usage("no sites file given (--sites)".into()).into());
    }
    let out = cfg
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("siteplan-out"));
    let problem = io::read_problem(&demand, &sites)?;
    let od = cfg
        .costs
        .as_ref()
        .map(|p| io::read_costs(p, &problem))
        .transpose()?;
    let mut reach = cfg.reach(&problem)?;
    let n_sites = problem.sites().len();
    let plan = loop {
        let costs = match &od {
            Some(od) => od.cost_matrix(&problem, reach)?,
            None => Haversine.cost_matrix(&problem, reach)?,
        };
        let result = solve(&problem, &costs, &spec, &params);
        // Rows cut to the k nearest got in the way of an exact answer:
        // keep four times as many sites and solve again.
        if let (true, Some(k)) = (exact::truncation_binds(&result), reach.k_nearest) {
            let k = k.saturating_mul(4);
            reach = Reach {
                cutoff: reach.cutoff,
                k_nearest: (k < n_sites).then_some(k),
            };
            continue;
        }
        break result?;
    };
    let cutoff = match spec.kind {
        ModelKind::MaxCoverage | ModelKind::SetCover => spec.cutoff,
        _ => cfg.cutoff,
    };
    tables::write_plan(&out, &problem, &plan, cutoff)?;
    if quiet {
        return Ok(());
    }
    let s = tables::summary(&problem, &plan, cutoff);
    let mut o = std::io::stdout().lock();
    writeln!(
        o,
        "{}: {} ({}, {:.2} s)",
        s.model, s.status, s.method, s.seconds
    )?;
    if let Some(obj) = s.objective {
        let bound = match (s.bound, s.gap) {
            (Some(b), Some(g)) => format!(", bound {}, gap {:.4}%", fmt_num(b), 100.0 * g),
            _ => String::new(),
        };
        writeln!(o, "objective {}{bound}", fmt_num(obj))?;
    }
    let mut shown: Vec<&str> = s.new_sites.iter().take(10).map(String::as_str).collect();
    if s.new_sites.len() > 10 {
        shown.push("…");
    }
    writeln!(
        o,
        "open sites: {} ({} new{}{})",
        s.open_sites.len(),
        s.new_sites.len(),
        if shown.is_empty() { "" } else { ": " },
        shown.join(", ")
    )?;
    let within = cutoff.map(|c| format!(" within {c}")).unwrap_or_default();
    writeln!(
        o,
        "covered weight{within}: {} of {} ({:.2}%)",
        fmt_num(s.covered_weight),
        fmt_num(s.total_weight),
        100.0 * s.covered_weight / s.total_weight.max(f64::MIN_POSITIVE)
    )?;
    writeln!(
        o,
        "wrote {}, sites.csv, assignment.csv",
        out.join("summary.json").display()
    )?;
    Ok(())
}
