//! The heuristic engine against the exact MIP route on random mid-size
//! generated markets: the proven bound never passes the true optimum, the
//! plan never beats it, and the plan is within the gap it reports.

use siteplan::models::ModelSpec;
use siteplan::solve::{exact, heuristic, Method, SolveParams};
use siteplan::synth::{generate, MarketParams};
use siteplan::{Haversine, Km, ModelKind, PlanStatus, Reach, TravelCost};

fn check(kind: ModelKind, seed: u64) {
    let market = generate(
        &MarketParams::new()
            .cities(8)
            .towns(52)
            .existing(3)
            .candidates(30)
            .seed(seed),
    );
    let problem = market.problem().unwrap();
    let cutoff = 150.0;
    // A complete matrix for p-median (every point served in both routes),
    // the coverage radius for max-coverage.
    let reach = match kind {
        ModelKind::MaxCoverage => Reach::cutoff(Km(cutoff)),
        _ => Reach::all(),
    };
    let costs = Haversine.cost_matrix(&problem, reach).unwrap();
    let spec = ModelSpec::new(kind).with_new_sites(5).with_cutoff(cutoff);
    let exact_params = SolveParams::default()
        .with_method(Method::Exact)
        .with_gap(0.0)
        .with_time_limit(120.0);
    let opt = exact::solve(&problem, &costs, &spec, &exact_params).unwrap();
    assert_eq!(opt.status, PlanStatus::Optimal, "{kind} seed {seed}");
    let h = heuristic::solve(
        &problem,
        &costs,
        &spec,
        &SolveParams::default().with_seed(seed),
    )
    .unwrap();
    let bound = h.bound.expect("the engine always reports a bound");
    let gap = h.gap.expect("and a gap");
    let tol = 1e-6 * opt.objective.abs().max(1.0);
    match kind {
        ModelKind::MaxCoverage => {
            // Maximisation: objective ≤ optimum ≤ bound.
            assert!(h.objective <= opt.objective + tol, "{kind} seed {seed}");
            assert!(bound >= opt.objective - tol, "{kind} seed {seed}");
            assert!(
                opt.objective - h.objective <= gap * h.objective.abs() + tol,
                "{kind} seed {seed}: plan outside its reported gap"
            );
        }
        _ => {
            // Minimisation: bound ≤ optimum ≤ objective.
            assert!(
                bound <= opt.objective + tol,
                "{kind} seed {seed}: bound above optimum"
            );
            assert!(h.objective >= opt.objective - tol, "{kind} seed {seed}");
            assert!(
                h.objective - opt.objective <= gap * h.objective.abs() + tol,
                "{kind} seed {seed}: plan outside its reported gap"
            );
        }
    }
    assert_eq!(h.new.len(), 5);
}

#[test]
fn p_median_engine_within_its_gap_of_the_mip_optimum() {
    for seed in [1, 2, 3] {
        check(ModelKind::PMedian, seed);
    }
}

#[test]
fn max_coverage_engine_within_its_gap_of_the_mip_optimum() {
    for seed in [4, 5, 6] {
        check(ModelKind::MaxCoverage, seed);
    }
}
