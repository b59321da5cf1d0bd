//! Foundation benchmarks: the sparse great-circle cost matrix against a naive
//! all-pairs loop, and reading a large demand CSV.
//!
//! Run with `cargo bench --bench cost_matrix`. Inputs are generated here,
//! deterministically: cities with Zipf-distributed sizes inside a China-sized
//! box (lon 75..135, lat 18..53), demand points and sites scattered around
//! them with a Gaussian spread.

use std::hint::black_box;
use std::io::Write;
use std::time::{Duration, Instant};

use criterion::Criterion;
use siteplan::spatial::{haversine_km, PointIndex};
use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, Site, TravelCost};

const N_DEMAND: usize = 100_000;
const N_SITES: usize = 5_000;
const CUTOFF_KM: f64 = 100.0;
const NAIVE_DEMAND: usize = 2_000;
const CSV_ROWS: usize = 1_000_000;

/// xorshift64* — small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u = 1.0 - self.unit();
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

struct City {
    lat: f64,
    lon: f64,
    /// Gaussian spread in km.
    sigma_km: f64,
}

/// Cities of Zipf-distributed size (exponent 1), with the cumulative shares
/// used to place points in them.
fn cities(rng: &mut Rng, n: usize) -> (Vec<City>, Vec<f64>) {
    let sizes: Vec<f64> = (1..=n).map(|r| 1.0 / r as f64).collect();
    let total: f64 = sizes.iter().sum();
    let mut cum = Vec::with_capacity(n);
    let mut acc = 0.0;
    let cities = sizes
        .iter()
        .map(|s| {
            acc += s / total;
            cum.push(acc);
            City {
                lat: 20.0 + 31.0 * rng.unit(),
                lon: 77.0 + 56.0 * rng.unit(),
                sigma_km: 5.0 + 25.0 * (s / sizes[0]).sqrt(),
            }
        })
        .collect();
    (cities, cum)
}

/// A point around a city drawn by size.
fn scatter(rng: &mut Rng, cities: &[City], cum: &[f64]) -> (f64, f64) {
    let u = rng.unit();
    let c = &cities[cum.partition_point(|&x| x < u).min(cities.len() - 1)];
    let dlat = rng.normal() * c.sigma_km / 111.2;
    let dlon = rng.normal() * c.sigma_km / (111.2 * c.lat.to_radians().cos());
    (
        (c.lat + dlat).clamp(18.0, 53.0),
        (c.lon + dlon).clamp(75.0, 135.0),
    )
}

/// The benchmark problem: `n_demand` points and `n_sites` sites in 1,000 cities.
fn clustered_problem(n_demand: usize, n_sites: usize, seed: u64) -> Problem {
    let mut rng = Rng(seed);
    let (cities, cum) = cities(&mut rng, 1_000);
    let demand = (0..n_demand).map(|i| {
        let (lat, lon) = scatter(&mut rng, &cities, &cum);
        DemandPoint::new(format!("d{i}"), lat, lon, 1.0 + (rng.unit() * 1e4).round())
    });
    let demand: Vec<DemandPoint> = demand.collect();
    let sites: Vec<Site> = (0..n_sites)
        .map(|i| {
            let (lat, lon) = scatter(&mut rng, &cities, &cum);
            Site::new(format!("s{i}"), lat, lon)
        })
        .collect();
    Problem::builder()
        .demands(demand)
        .sites(sites)
        .build()
        .expect("generated problem is valid")
}

/// All pairs within the cutoff by a plain double loop; returns pairs kept.
fn naive(problem: &Problem, n_demand: usize) -> usize {
    let mut kept = 0;
    for d in &problem.demand()[..n_demand] {
        for s in problem.sites() {
            if haversine_km(d.lat, d.lon, s.lat, s.lon).0 <= CUTOFF_KM {
                kept += 1;
            }
        }
    }
    kept
}

/// Writes a demand CSV of `rows` rows in the shape of real inputs.
fn write_demand_csv(path: &std::path::Path, rows: usize) {
    let mut rng = Rng(7);
    let (cities, cum) = cities(&mut rng, 1_000);
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(w, "id,name,lat,lon,weight,region").unwrap();
    for i in 0..rows {
        let (lat, lon) = scatter(&mut rng, &cities, &cum);
        let weight = (rng.unit() * 1e5).round();
        writeln!(w, "p{i},Town {i},{lat:.5},{lon:.5},{weight},R{}", i % 31).unwrap();
    }
    w.flush().unwrap();
}

/// CPU time used by this process so far, all threads (Linux only; 10 ms
/// resolution). On a busy shared machine, wall time depends on the other
/// work; CPU time much less so.
fn cpu_secs() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return f64::NAN;
    };
    // Fields after the command name (which is in parentheses): utime is
    // the 12th, stime the 13th, in clock ticks (100 per second on Linux).
    let rest = &stat[stat.rfind(')').map_or(0, |i| i + 2)..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok());
    match (ticks(11), ticks(12)) {
        (Some(u), Some(s)) => (u + s) / 100.0,
        _ => f64::NAN,
    }
}

/// Runs `f` once: its result, wall time and CPU time (seconds).
fn time_once<T>(f: impl FnOnce() -> T) -> (T, Duration, f64) {
    let c = cpu_secs();
    let t = Instant::now();
    let out = f();
    (out, t.elapsed(), cpu_secs() - c)
}

/// Peak resident memory of this process so far, in bytes (Linux only).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// `SITEPLAN_BENCH=memory`: builds the matrix once and reports how much the
/// process's peak memory grew while doing so, against the matrix's own size.
fn memory_only() {
    let problem = clustered_problem(N_DEMAND, N_SITES, 42);
    let before = peak_rss().unwrap_or(0);
    let (m, t, cpu) = time_once(|| {
        Haversine
            .cost_matrix(&problem, Reach::cutoff(Km(CUTOFF_KM)))
            .unwrap()
    });
    let after = peak_rss().unwrap_or(0);
    let mb = |b: u64| b as f64 / 1e6;
    println!(
        "matrix {N_DEMAND} x {N_SITES}, cutoff {CUTOFF_KM} km: {:.3} s wall, {cpu:.2} s CPU, {} pairs, matrix {:.1} MB ({:.2} bytes/pair), peak memory {:.1} MB before, {:.1} MB after (+{:.1} MB, {:.2} bytes/pair)",
        t.as_secs_f64(),
        m.n_pairs(),
        mb(m.memory_bytes() as u64),
        m.memory_bytes() as f64 / m.n_pairs() as f64,
        mb(before),
        mb(after),
        mb(after - before),
        (after - before) as f64 / m.n_pairs() as f64
    );
}

/// `SITEPLAN_BENCH=csv`: only reads the generated demand CSV, three times.
fn csv_only() {
    let dir = tempfile::tempdir().unwrap();
    let demand_csv = dir.path().join("demand.csv");
    let sites_csv = dir.path().join("sites.csv");
    write_demand_csv(&demand_csv, CSV_ROWS);
    std::fs::write(&sites_csv, "id,lat,lon,status\ns1,31.2,121.5,existing\n").unwrap();
    for _ in 0..3 {
        let (p, t, c) = time_once(|| {
            siteplan::io::read_problem(&demand_csv, std::slice::from_ref(&sites_csv)).unwrap()
        });
        println!(
            "read_problem of {} demand rows: {:.3} s wall, {c:.2} s CPU",
            p.demand().len(),
            t.as_secs_f64()
        );
    }
}

fn main() {
    match std::env::var("SITEPLAN_BENCH").as_deref() {
        Ok("memory") => return memory_only(),
        Ok("csv") => return csv_only(),
        _ => {}
    }
    if !std::env::args().any(|a| a == "--bench") {
        // `cargo test --benches` runs this without `--bench`: the inputs are
        // too large for a test build, so only say what to run.
        println!("cost_matrix: run with `cargo bench --bench cost_matrix`");
        return;
    }
    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();

    let problem = clustered_problem(N_DEMAND, N_SITES, 42);
    let index = PointIndex::new(problem.sites().iter().map(|s| (s.lat, s.lon)));
    let reach = Reach::cutoff(Km(CUTOFF_KM));

    let mut g = c.benchmark_group("cost_matrix");
    g.bench_function("haversine_100k_x_5k_cutoff_100km", |b| {
        b.iter(|| black_box(Haversine.cost_matrix(&problem, reach).unwrap()))
    });
    g.bench_function("index_reused_100k_x_5k_cutoff_100km", |b| {
        b.iter(|| black_box(Haversine.cost_matrix_with_index(&problem, &index, reach)))
    });
    g.bench_function("naive_all_pairs_2k_x_5k", |b| {
        b.iter(|| black_box(naive(&problem, NAIVE_DEMAND)))
    });
    g.finish();

    let dir = tempfile::tempdir().unwrap();
    let demand_csv = dir.path().join("demand.csv");
    let sites_csv = dir.path().join("sites.csv");
    write_demand_csv(&demand_csv, CSV_ROWS);
    std::fs::write(&sites_csv, "id,lat,lon,status\ns1,31.2,121.5,existing\n").unwrap();
    let mut g = c.benchmark_group("read_csv");
    g.bench_function("read_demand_1m_rows", |b| {
        b.iter(|| black_box(siteplan::io::read_demand(&demand_csv).unwrap()))
    });
    g.bench_function("read_problem_1m_rows", |b| {
        b.iter(|| {
            black_box(
                siteplan::io::read_problem(&demand_csv, std::slice::from_ref(&sites_csv)).unwrap(),
            )
        })
    });
    g.finish();
    c.final_summary();

    // Timed runs of each (best of 3), for the summary figures.
    let best = |runs: Vec<(Duration, f64)>| {
        let wall = runs
            .iter()
            .map(|r| r.0.as_secs_f64())
            .fold(f64::INFINITY, f64::min);
        let cpu = runs.iter().map(|r| r.1).fold(f64::INFINITY, f64::min);
        (wall, cpu)
    };
    let mut runs = Vec::new();
    let mut matrix = None;
    for _ in 0..3 {
        let (m, t, c) = time_once(|| Haversine.cost_matrix(&problem, reach).unwrap());
        runs.push((t, c));
        matrix = Some(m);
    }
    let (t_matrix, c_matrix) = best(runs);
    let m = matrix.unwrap();
    let (naive_kept, t_naive, c_naive) = time_once(|| naive(&problem, NAIVE_DEMAND));
    let scale = N_DEMAND as f64 / NAIVE_DEMAND as f64;
    let naive_full = t_naive.as_secs_f64() * scale;
    let kept_subset: usize = (0..NAIVE_DEMAND).map(|d| m.row(d).len()).sum();
    assert_eq!(naive_kept, kept_subset, "naive loop and matrix disagree");
    let mut runs = Vec::new();
    for _ in 0..3 {
        let (p, t, c) = time_once(|| {
            siteplan::io::read_problem(&demand_csv, std::slice::from_ref(&sites_csv)).unwrap()
        });
        assert_eq!(p.demand().len(), CSV_ROWS);
        runs.push((t, c));
    }
    let (t_csv, c_csv) = best(runs);
    let bytes = std::fs::metadata(&demand_csv).unwrap().len();
    println!("summary (best of 3 runs; wall and CPU seconds):");
    println!(
        "  matrix {N_DEMAND} x {N_SITES}, cutoff {CUTOFF_KM} km: {t_matrix:.3} s wall, {c_matrix:.2} s CPU; {} pairs kept ({:.1} per demand point), {} bytes ({:.2} bytes/pair)",
        m.n_pairs(),
        m.n_pairs() as f64 / N_DEMAND as f64,
        m.memory_bytes(),
        m.memory_bytes() as f64 / m.n_pairs() as f64
    );
    println!(
        "  naive all-pairs on {NAIVE_DEMAND} x {N_SITES}: {:.3} s wall, {c_naive:.2} s CPU; scaled to {N_DEMAND} x {N_SITES}: {naive_full:.1} s; ratio {:.0}x wall, {:.0}x CPU",
        t_naive.as_secs_f64(),
        naive_full / t_matrix,
        c_naive * scale / c_matrix
    );
    println!(
        "  read_problem of {CSV_ROWS} demand rows ({:.1} MB): {t_csv:.3} s wall, {c_csv:.2} s CPU",
        bytes as f64 / 1e6,
    );
}
