//! The heuristic engine against the exact MIP route on random mid-size
//! generated markets: the proven bound never passes the true optimum, the
//! plan never beats it, and the plan is within the gap it reports.

use siteplan::models::ModelSpec;
use siteplan::solve::{exact, heuristic, Method, SolveParams};
use siteplan::synth::{generate, MarketParams};
use siteplan::{Haversine, Km, ModelKind, PlanStatus, Reach, TravelCost};

/// A generated mid-size market: 60 places, 3 existing sites, 30 candidates.
fn market(seed: u64) -> siteplan::Problem {
    generate(
        &MarketParams::new()
            .cities(8)
            .towns(52)
            .existing(3)
            .candidates(30)
            .seed(seed),
    )
    .problem()
    .unwrap()
}

fn check(kind: ModelKind, seed: u64) {
    let problem = market(seed);
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

/// The engine solves p-median and max-coverage without capacities: asked
/// for a capacitated one it refuses, and `auto` sends a model too large
/// for its MIP size rule to the MIP route all the same, whose plan keeps
/// every load within its site's capacity.
#[test]
fn capacitated_models_never_lose_their_capacities() {
    use siteplan::{DemandPoint, Problem, Site, SiteStatus};
    // 201 candidates (over the 200 of the size rule) on a line, 20 points.
    let mut b = Problem::builder();
    for i in 0..20 {
        b = b.demand(DemandPoint::new(format!("d{i}"), 0.0, i as f64 * 0.01, 1.0));
    }
    b = b.site(
        Site::new("hub", 0.0, 0.095)
            .with_status(SiteStatus::Candidate)
            .with_capacity(5.0),
    );
    for j in 0..200 {
        b = b.site(Site::new(format!("c{j}"), 10.0, j as f64 * 0.01).with_capacity(100.0));
    }
    let problem = b.build().unwrap();
    let costs = Haversine.cost_matrix(&problem, Reach::all()).unwrap();
    assert!(!exact::is_small(
        &problem,
        &costs,
        &ModelSpec::new(ModelKind::PMedian)
    ));
    let params = SolveParams::default().with_time_limit(60.0);
    for spec in [
        ModelSpec::new(ModelKind::PMedian).with_new_sites(2),
        ModelSpec::new(ModelKind::MaxCoverage)
            .with_new_sites(2)
            .with_cutoff(50.0),
    ] {
        // The engine's capacitated search: a capacitated p-median is the
        // fixed-charge search with no fixed costs, a capacitated
        // max-coverage the transportation-priced search on coverage;
        // both open exactly p new sites.
        let plan = heuristic::solve(&problem, &costs, &spec, &params).unwrap();
        assert_eq!(plan.new.len(), 2, "{}", spec.kind);
        assert!(plan.method.starts_with("heuristic"), "{}", plan.method);
        let mut load = vec![0.0; problem.sites().len()];
        for a in &plan.assignment {
            load[a.site] += a.share * problem.demand()[a.demand].weight;
        }
        for (s, site) in problem.sites().iter().enumerate() {
            let cap = site.capacity.unwrap();
            assert!(
                load[s] <= cap + 1e-6,
                "{}: site {} load {} > {cap}",
                spec.kind,
                site.id,
                load[s]
            );
        }
        // The hub is the only site near the points, and it takes just 5.
        assert!(
            (load[0] - 5.0).abs() < 1e-6,
            "{}: hub load {}",
            spec.kind,
            load[0]
        );
        // Without capacities the engine serves all 20 from the hub.
        let mut free = spec.clone();
        free.capacities = false;
        let plan = heuristic::solve(&problem, &costs, &free, &params).unwrap();
        assert!(plan.new.contains(&0), "{}", spec.kind);
    }
}

/// With HiGHS built in, the engine also solves the LP relaxation for a
/// second bound: with the Lagrangian cut to a single subgradient step, the
/// bound still lies between the LP-proven value and the optimum.
#[cfg(feature = "highs")]
#[test]
fn lp_relaxation_tightens_the_engine_bound() {
    use siteplan::solve::heuristic::HeuristicOptions;
    for (kind, seed) in [(ModelKind::PMedian, 7), (ModelKind::MaxCoverage, 8)] {
        let problem = market(seed);
        let reach = match kind {
            ModelKind::MaxCoverage => Reach::cutoff(Km(100.0)),
            _ => Reach::all(),
        };
        let costs = Haversine.cost_matrix(&problem, reach).unwrap();
        let spec = ModelSpec::new(kind).with_new_sites(5).with_cutoff(100.0);
        let exact_params = SolveParams::default()
            .with_method(Method::Exact)
            .with_gap(0.0)
            .with_time_limit(120.0);
        let opt = exact::solve(&problem, &costs, &spec, &exact_params).unwrap();
        let one_step = HeuristicOptions::default().with_max_subgradient(1);
        let params = SolveParams::default().with_seed(seed);
        let h = heuristic::solve_with(&problem, &costs, &spec, &params, &one_step).unwrap();
        let bound = h.bound.unwrap();
        let tol = 1e-6 * opt.objective.abs();
        eprintln!(
            "{kind}: objective {} bound {bound} optimum {} gap {:?}",
            h.objective, opt.objective, h.gap
        );
        match kind {
            ModelKind::MaxCoverage => assert!(bound >= opt.objective - tol),
            _ => assert!(bound <= opt.objective + tol),
        }
        // The LP relaxation of these markets is (nearly) integral.
        assert!(h.gap.unwrap() <= 1e-4, "{kind}: gap {:?}", h.gap);
    }
}
