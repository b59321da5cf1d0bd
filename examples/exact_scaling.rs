//! Times the exact route (default backend) on random p-median and
//! max-coverage instances of growing size, to see where `Method::Auto`
//! should hand over to the heuristic engine.
//!
//! ```text
//! cargo run --release --example exact_scaling [-- TIME_LIMIT_SECONDS]
//! ```

use siteplan::models::ModelSpec;
use siteplan::solve::{solve, Method, SolveParams};
use siteplan::{DemandPoint, Haversine, Km, ModelKind, Problem, Reach, Site, TravelCost};

/// A small linear congruential generator (deterministic instances).
struct Lcg(u64);
impl Lcg {
    fn unit(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn instance(n_demand: usize, n_sites: usize, seed: u64) -> Problem {
    let mut r = Lcg(seed);
    // A 5° × 5° square around 30°N 115°E.
    let demand: Vec<DemandPoint> = (0..n_demand)
        .map(|i| {
            DemandPoint::new(
                format!("d{i}"),
                30.0 + 5.0 * r.unit(),
                115.0 + 5.0 * r.unit(),
                1.0 + (100.0 * r.unit()).floor(),
            )
        })
        .collect();
    let sites: Vec<Site> = (0..n_sites)
        .map(|i| {
            Site::new(
                format!("s{i}"),
                30.0 + 5.0 * r.unit(),
                115.0 + 5.0 * r.unit(),
            )
        })
        .collect();
    Problem::builder()
        .demands(demand)
        .sites(sites)
        .build()
        .expect("valid instance")
}

fn main() -> Result<(), siteplan::Error> {
    let limit: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(60.0);
    let params = SolveParams::default()
        .with_method(Method::Exact)
        .with_time_limit(limit);
    println!("model,demand,sites,p,reach,pairs,status,objective,gap,seconds,nodes");
    let cases: [(ModelKind, usize, usize, usize, Reach); 7] = [
        (ModelKind::PMedian, 200, 50, 10, Reach::all()),
        (ModelKind::PMedian, 500, 100, 10, Reach::all()),
        (ModelKind::PMedian, 1000, 100, 20, Reach::k_nearest(20)),
        (ModelKind::PMedian, 1000, 200, 20, Reach::k_nearest(20)),
        (
            ModelKind::MaxCoverage,
            1000,
            200,
            10,
            Reach::cutoff(Km(50.0)),
        ),
        (
            ModelKind::MaxCoverage,
            2000,
            300,
            20,
            Reach::cutoff(Km(50.0)),
        ),
        (ModelKind::SetCover, 2000, 300, 0, Reach::cutoff(Km(80.0))),
    ];
    for (kind, nd, ns, p, reach) in cases {
        let problem = instance(nd, ns, 7);
        let costs = Haversine.cost_matrix(&problem, reach)?;
        let mut spec = ModelSpec::new(kind).with_new_sites(p);
        if let Some(c) = reach.cutoff {
            spec = spec.with_cutoff(c);
        }
        let reach_text = match (reach.cutoff, reach.k_nearest) {
            (Some(c), _) => format!("cutoff {c} km"),
            (None, Some(k)) => format!("k={k}"),
            _ => "all".into(),
        };
        match solve(&problem, &costs, &spec, &params) {
            Ok(plan) => println!(
                "{kind},{nd},{ns},{p},{reach_text},{},{},{},{},{:.2},{}",
                costs.n_pairs(),
                plan.status,
                plan.objective,
                plan.gap.map_or("-".into(), |g| format!("{g:.2e}")),
                plan.stats.seconds,
                plan.stats.nodes
            ),
            Err(e) => println!(
                "{kind},{nd},{ns},{p},{reach_text},{},error: {e}",
                costs.n_pairs()
            ),
        }
    }
    Ok(())
}
