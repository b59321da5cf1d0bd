//! Times the heuristic-and-bound engine on a generated clustered instance
//! the size of a national network study.
//!
//! ```text
//! cargo run --release --example scale_bench -- --demand 100000 --sites 5000 --p 200 --cutoff 150
//! ```
//!
//! Options: `--demand N --sites N --p N --cutoff KM --model p-median|max-coverage|fixed-charge
//! --threads N --time-limit S --gap G --seed N --existing N --restarts N`. Prints one line of
//! figures: times, objective, bound, gap and peak resident memory (VmHWM).

use std::time::Instant;

use siteplan::models::ModelSpec;
use siteplan::solve::{heuristic, SolveParams};
use siteplan::{
    DemandPoint, Haversine, Km, ModelKind, Problem, Reach, Site, SiteStatus, TravelCost,
};

struct Args {
    demand: usize,
    sites: usize,
    p: usize,
    cutoff: f64,
    model: ModelKind,
    threads: usize,
    time_limit: f64,
    gap: f64,
    seed: u64,
    existing: usize,
    restarts: Option<usize>,
}

fn parse() -> Args {
    let mut a = Args {
        demand: 100_000,
        sites: 5_000,
        p: 200,
        cutoff: 150.0,
        model: ModelKind::PMedian,
        threads: 2,
        time_limit: 60.0,
        gap: 0.01,
        seed: 1,
        existing: 0,
        restarts: None,
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < argv.len() {
        let v = argv.get(i + 1).cloned().unwrap_or_default();
        match argv[i].as_str() {
            "--demand" => a.demand = v.parse().expect("--demand N"),
            "--sites" => a.sites = v.parse().expect("--sites N"),
            "--p" => a.p = v.parse().expect("--p N"),
            "--cutoff" => a.cutoff = v.parse().expect("--cutoff KM"),
            "--model" => a.model = v.parse().expect("--model NAME"),
            "--threads" => a.threads = v.parse().expect("--threads N"),
            "--time-limit" => a.time_limit = v.parse().expect("--time-limit S"),
            "--gap" => a.gap = v.parse().expect("--gap G"),
            "--seed" => a.seed = v.parse().expect("--seed N"),
            "--existing" => a.existing = v.parse().expect("--existing N"),
            "--restarts" => a.restarts = Some(v.parse().expect("--restarts N")),
            other => panic!("unknown option {other}"),
        }
        i += 2;
    }
    a
}

/// SplitMix64, private to this benchmark.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.unit().max(1e-300), self.unit());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

/// Clustered points in a China-sized box (lat 21–42°N, lon 100–122°E):
/// cities of varying size and spread, a few per cent scattered uniformly.
fn generate(a: &Args) -> Problem {
    let mut rng = Rng(a.seed);
    let (lat0, lat1, lon0, lon1) = (21.0, 42.0, 100.0, 122.0);
    let n_clusters = (a.demand / 250).clamp(8, 600);
    let clusters: Vec<(f64, f64, f64, f64)> = (0..n_clusters)
        .map(|_| {
            let lat = lat0 + (lat1 - lat0) * rng.unit();
            let lon = lon0 + (lon1 - lon0) * rng.unit();
            let spread_km = 10.0 + 60.0 * rng.unit();
            let size = (1.5 * rng.normal()).exp();
            (lat, lon, spread_km, size)
        })
        .collect();
    let total_size: f64 = clusters.iter().map(|c| c.3).sum();
    let pick = |rng: &mut Rng| {
        let mut r = rng.unit() * total_size;
        for c in &clusters {
            r -= c.3;
            if r <= 0.0 {
                return *c;
            }
        }
        clusters[clusters.len() - 1]
    };
    let point = |rng: &mut Rng| -> (f64, f64) {
        if rng.unit() < 0.05 {
            return (
                lat0 + (lat1 - lat0) * rng.unit(),
                lon0 + (lon1 - lon0) * rng.unit(),
            );
        }
        let (lat, lon, spread, _) = pick(rng);
        let dlat = spread * rng.normal() / 111.2;
        let dlon = spread * rng.normal() / (111.2 * lat.to_radians().cos());
        (
            (lat + dlat).clamp(lat0, lat1),
            (lon + dlon).clamp(lon0, lon1),
        )
    };
    let demand: Vec<DemandPoint> = (0..a.demand)
        .map(|i| {
            let (lat, lon) = point(&mut rng);
            let w = (1.0 + (rng.normal()).exp() * 100.0).round();
            DemandPoint::new(format!("d{i}"), lat, lon, w)
        })
        .collect();
    let sites: Vec<Site> = (0..a.sites)
        .map(|i| {
            let (lat, lon) = point(&mut rng);
            let status = if i < a.existing {
                SiteStatus::Existing
            } else {
                SiteStatus::Candidate
            };
            Site::new(format!("s{i}"), lat, lon)
                .with_status(status)
                .with_fixed_cost((50_000.0 * (1.0 + rng.unit())).round())
        })
        .collect();
    Problem::builder()
        .demands(demand)
        .sites(sites)
        .build()
        .expect("generated problem is valid")
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let a = parse();
    let t0 = Instant::now();
    let problem = generate(&a);
    let t_gen = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let costs = Haversine
        .cost_matrix(&problem, Reach::cutoff(Km(a.cutoff)))
        .expect("cost matrix");
    let t_matrix = t1.elapsed().as_secs_f64();
    let mut spec = ModelSpec::new(a.model).with_cutoff(a.cutoff);
    if a.model != ModelKind::FixedCharge {
        spec = spec.with_new_sites(a.p);
    }
    let params = SolveParams::default()
        .with_time_limit(a.time_limit)
        .with_gap(a.gap)
        .with_threads(a.threads)
        .with_seed(a.seed);
    let t2 = Instant::now();
    let opts = heuristic::HeuristicOptions {
        restarts: a.restarts,
        ..Default::default()
    };
    let plan = heuristic::solve_with(&problem, &costs, &spec, &params, &opts).expect("solve");
    let t_solve = t2.elapsed().as_secs_f64();
    let served = plan.assignment.len();
    println!(
        "model {} demand {} sites {} p {} cutoff {} km threads {}: pairs {} | generate {:.2}s matrix {:.2}s solve {:.2}s | objective {:.6e} bound {:.6e} gap {:.4}% status {} | new {} served points {} | iterations {} | peak RSS {:.0} MiB",
        a.model,
        a.demand,
        a.sites,
        a.p,
        a.cutoff,
        a.threads,
        costs.n_pairs(),
        t_gen,
        t_matrix,
        t_solve,
        plan.objective,
        plan.bound.unwrap_or(f64::NAN),
        100.0 * plan.gap.unwrap_or(f64::NAN),
        plan.status,
        plan.new.len(),
        served,
        plan.stats.iterations,
        peak_rss_mib()
    );
}
