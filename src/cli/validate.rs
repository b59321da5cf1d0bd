//! `siteplan validate`: read, check and summarise inputs.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use rayon::prelude::*;
use siteplan::spatial::PointIndex;
use siteplan::{io, Km, Reach, SiteStatus, TravelCost};

#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  siteplan validate --demand data/cities_cn.csv \\\n      --sites data/cn_existing_centers.csv --sites data/cn_candidates.csv --cutoff 50"
)]
pub struct ValidateArgs {
    /// Demand CSV (id,lat,lon,weight; optional name,country,region).
    #[arg(long, value_name = "FILE")]
    pub demand: PathBuf,
    /// Sites CSV (id,lat,lon; optional status,fixed_cost,capacity,…). Repeat to concatenate files.
    #[arg(long, value_name = "FILE", required = true)]
    pub sites: Vec<PathBuf>,
    /// OD cost CSV (demand_id,site_id,cost); when given, the only source of travel cost.
    #[arg(long, value_name = "FILE")]
    pub costs: Option<PathBuf>,
    /// Reach cutoff: km for great-circle distance, or the OD matrix's unit with --costs.
    #[arg(long, value_name = "X")]
    pub cutoff: Option<f64>,
}

pub fn run(a: ValidateArgs, quiet: bool) -> anyhow::Result<()> {
    if let Some(c) = a.cutoff {
        if !(c.is_finite() && c >= 0.0) {
            return Err(siteplan::Error::Usage(format!(
                "--cutoff {c}: expected a finite number ≥ 0"
            ))
            .into());
        }
    }
    let problem = io::read_problem(&a.demand, &a.sites)?;
    let reach = Reach {
        cutoff: a.cutoff,
        k_nearest: None,
    };
    let can_open: Vec<bool> = problem.sites().iter().map(|s| s.can_open()).collect();
    // Which demand points some existing or candidate site reaches.
    let mut od_pairs = 0;
    let mut matrix_pairs = 0;
    let reached: Vec<bool> = match &a.costs {
        Some(path) => {
            let od = io::read_costs(path, &problem)?;
            od_pairs = od.len();
            let matrix = od.cost_matrix(&problem, reach)?;
            matrix_pairs = matrix.n_pairs();
            (0..problem.demand().len())
                .map(|d| matrix.row(d).iter().any(|(s, _)| can_open[s]))
                .collect()
        }
        None => {
            // Only the nearest site that may open matters: index just those.
            let open_sites: Vec<(f64, f64)> = problem
                .sites()
                .iter()
                .filter(|s| s.can_open())
                .map(|s| (s.lat, s.lon))
                .collect();
            let index = PointIndex::new(open_sites);
            let limit = a.cutoff.unwrap_or(f64::INFINITY);
            problem
                .demand()
                .par_iter()
                .map(|d| {
                    index
                        .nearest(d.lat, d.lon, 1)
                        .first()
                        .is_some_and(|h| h.1 .0 <= limit)
                })
                .collect()
        }
    };
    if quiet {
        return Ok(());
    }
    let (mut unreached, mut unreached_w) = (0usize, 0.0);
    for (p, &ok) in problem.demand().iter().zip(&reached) {
        if !ok {
            unreached += 1;
            unreached_w += p.weight;
        }
    }
    let (mut lat0, mut lat1, mut lon0, mut lon1) = (90f64, -90f64, 180f64, -180f64);
    let coords = problem
        .demand()
        .iter()
        .map(|d| (d.lat, d.lon))
        .chain(problem.sites().iter().map(|s| (s.lat, s.lon)));
    for (lat, lon) in coords {
        lat0 = lat0.min(lat);
        lat1 = lat1.max(lat);
        lon0 = lon0.min(lon);
        lon1 = lon1.max(lon);
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "inputs are valid")?;
    writeln!(
        out,
        "demand points: {} (total weight {})",
        problem.demand().len(),
        fmt_num(problem.total_weight())
    )?;
    let counts: Vec<String> = SiteStatus::ALL
        .iter()
        .map(|&st| format!("{} {st}", problem.sites_with_status(st).len()))
        .collect();
    writeln!(
        out,
        "sites: {} ({})",
        problem.sites().len(),
        counts.join(", ")
    )?;
    writeln!(
        out,
        "bounding box: lat {lat0:.4}..{lat1:.4}, lon {lon0:.4}..{lon1:.4}"
    )?;
    if let Some(path) = &a.costs {
        write!(
            out,
            "travel costs: {od_pairs} pairs from {}",
            path.display()
        )?;
        match a.cutoff {
            Some(c) => writeln!(out, " ({matrix_pairs} within cost {c})")?,
            None => writeln!(out)?,
        }
    } else {
        writeln!(out, "travel costs: great-circle km")?;
    }
    let within = match (a.cutoff, &a.costs) {
        (Some(c), None) => format!("within {}", Km(c)),
        (Some(c), Some(_)) => format!("within cost {c}"),
        (None, Some(_)) => "in the cost matrix".to_string(),
        (None, None) => "at any distance".to_string(),
    };
    writeln!(
        out,
        "unreachable demand (no existing or candidate site {within}): {unreached} {}, weight {} ({:.2}% of total)",
        if unreached == 1 { "point" } else { "points" },
        fmt_num(unreached_w),
        100.0 * unreached_w / problem.total_weight().max(f64::MIN_POSITIVE)
    )?;
    Ok(())
}

/// A number with up to 3 decimals and no trailing zeros.
pub fn fmt_num(v: f64) -> String {
    let s = format!("{v:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
