//! `siteplan plan`: solve one location model and write the plan: tables,
//! GeoJSON, SVG map, reports and (with a curve) curve.csv.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use siteplan::config::{PlanConfig, DEFAULT_BORDERS};
use siteplan::curve::{solve_curve, write_curve_csv, CurveRange};
use siteplan::io::{tables, Borders, CurvePoint, GeoJsonOptions, PlanView, Report, SvgOptions};
use siteplan::solve::{exact, solve, Method};
use siteplan::{io, CostMatrix, Haversine, ModelKind, Plan, Problem, Reach, TravelCost};

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
    /// TOML file with these settings (paths relative to the file).
    #[arg(long, value_name = "FILE.toml")]
    pub config: Option<PathBuf>,
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
            title: self.title.clone(),
            borders: self.borders.clone(),
            lines: self.lines.then_some(true),
            timings: self.timings.then_some(true),
            curve: self.curve,
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
    // The borders are read first, so a bad file stops the run before any
    // solve or write.
    let borders = match &cfg.borders {
        Some(p) => Some(Borders::read(p)?),
        None => Some(Path::new(DEFAULT_BORDERS))
            .filter(|p| p.is_file())
            .map(Borders::read)
            .transpose()?,
    };
    let problem = io::read_problem(&demand, &sites)?;
    let od = cfg
        .costs
        .as_ref()
        .map(|p| io::read_costs(p, &problem))
        .transpose()?;
    let mut reach = cfg.reach(&problem)?;
    let n_sites = problem.sites().len();
    let (plan, costs) = loop {
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
        break (result?, costs);
    };
    let cutoff = match spec.kind {
        ModelKind::MaxCoverage | ModelKind::SetCover => spec.cutoff,
        _ => cfg.cutoff,
    };
    let curve_start = std::time::Instant::now();
    let curve = match cfg.curve {
        Some(range) => solve_curve(&problem, &costs, &spec, &params, range, cutoff)?,
        None => Vec::new(),
    };
    let curve_seconds = curve_start.elapsed().as_secs_f64();
    let outputs = Outputs {
        dir: &out,
        cfg: &cfg,
        problem: &problem,
        costs: &costs,
        plan: &plan,
        cutoff,
        curve: &curve,
        borders: borders.as_ref(),
        od: od.is_some(),
    };
    let written = outputs
        .write()
        .with_context(|| format!("could not write the plan into {}", out.display()))?;
    if quiet {
        return Ok(());
    }
    let s = tables::summary(&problem, &plan, cutoff);
    let mut o = std::io::stdout().lock();
    writeln!(
        o,
        "{}: {} ({}, {:.2} s)",
        s.model, s.status, s.method, plan.stats.seconds
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
    if let (Some(range), Some(first), Some(last)) = (cfg.curve, curve.first(), curve.last()) {
        writeln!(
            o,
            "curve {range}: {} solves in {curve_seconds:.2} s, coverage {:.1}% to {:.1}%",
            curve.len(),
            first.coverage_pct,
            last.coverage_pct
        )?;
    }
    writeln!(o, "wrote:")?;
    let shown: Vec<(String, &str)> = written
        .iter()
        .map(|(p, what)| (tidy(p).display().to_string(), *what))
        .collect();
    let w = shown.iter().map(|(p, _)| p.chars().count()).max();
    for (path, what) in &shown {
        writeln!(o, "  {path:<w$}  {what}", w = w.unwrap_or(0))?;
    }
    Ok(())
}

/// `path` with `dir/..` pairs removed, for display
/// (`data/scenarios/../../out/china` → `out/china`).
fn tidy(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            Component::CurDir if !out.is_empty() => {}
            c => out.push(c),
        }
    }
    if out.is_empty() {
        PathBuf::from(".")
    } else {
        out.iter().collect()
    }
}

/// Everything `plan` writes, and what it is written from.
struct Outputs<'a> {
    dir: &'a Path,
    cfg: &'a PlanConfig,
    problem: &'a Problem,
    costs: &'a CostMatrix,
    plan: &'a Plan,
    cutoff: Option<f64>,
    curve: &'a [CurvePoint],
    borders: Option<&'a Borders>,
    /// Costs come from an OD matrix (unit unknown) rather than km.
    od: bool,
}

impl Outputs<'_> {
    /// Writes every file atomically into the folder; returns each path
    /// with a few words on what it is.
    fn write(&self) -> anyhow::Result<Vec<(PathBuf, &'static str)>> {
        let cfg = self.cfg;
        let borders = self.borders;
        let lines = cfg.lines.unwrap_or(false);
        let timings = cfg.timings.unwrap_or(false);
        let (problem, plan) = (self.problem, self.plan);
        let title = cfg
            .title
            .clone()
            .unwrap_or_else(|| format!("{}: {} new sites", plan.model, plan.new.len()));
        let (before, after) = io::before_after(problem, self.costs, plan, self.cutoff);
        let view = PlanView::new(problem, plan)?
            .with_title(title)
            .with_cutoff(self.cutoff)
            .with_cost_unit(if self.od { "" } else { "km" })
            .with_evaluation(&after);
        let dir = self.dir;
        tables::write_plan_with_timings(dir, problem, plan, self.cutoff, timings)?;
        let mut written = vec![
            (dir.join("summary.json"), "headline figures"),
            (dir.join("sites.csv"), "every site and its part in the plan"),
            (dir.join("assignment.csv"), "who is served by whom"),
        ];
        let geojson = dir.join("plan.geojson");
        io::write_plan_geojson(
            &geojson,
            &view,
            &GeoJsonOptions::default().with_lines(lines),
        )?;
        written.push((geojson, "for map viewers (QGIS, geojson.io)"));
        let svg = dir.join("plan.svg");
        let map = view.map_data();
        let options = SvgOptions::default()
            .with_lines(lines)
            .with_borders(borders);
        io::write_svg(&svg, &map, &options)?;
        written.push((svg, "map"));
        let report = Report::new(&view, &before, &after)
            .with_curve(self.curve)
            .with_borders(borders)
            .with_lines(lines);
        let html = dir.join("report.html");
        io::write_report_html(&html, &report)?;
        written.push((html, "report: before and after, map, new sites, regions"));
        let md = dir.join("report.md");
        io::write_report_md(&md, &report)?;
        written.push((md, "the same report in Markdown"));
        if !self.curve.is_empty() {
            let csv = dir.join("curve.csv");
            write_curve_csv(&csv, self.curve)?;
            written.push((csv, "coverage versus number of new sites"));
        }
        Ok(written)
    }
}
