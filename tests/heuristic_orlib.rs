//! The heuristic engine on OR-Library instances: p-median optima reached by
//! the heuristic and proven by branch-and-bound; capacitated warehouse
//! location solved within a few percent with a bound below the optimum.

mod common;

use common::orlib::{instance, read_cap, read_pmed, CAP_OPTIMA, PMED_OPTIMA};
use siteplan::models::ModelSpec;
use siteplan::solve::heuristic::{self, solve_exact};
use siteplan::solve::SolveParams;
use siteplan::{evaluate, ModelKind, PlanStatus};

#[test]
fn heuristic_reaches_pmed1_to_5_optima() {
    for (name, opt) in PMED_OPTIMA {
        let (problem, costs, p) = read_pmed(&instance(name));
        let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(p);
        let t = std::time::Instant::now();
        let plan = heuristic::solve(&problem, &costs, &spec, &SolveParams::default()).unwrap();
        eprintln!(
            "{name}: objective {} bound {:?} gap {:?} status {} in {:.3}s",
            plan.objective,
            plan.bound,
            plan.gap,
            plan.status,
            t.elapsed().as_secs_f64()
        );
        assert_eq!(plan.objective, opt, "{name}");
        assert_eq!(plan.new.len(), p);
        let e = evaluate(&problem, &costs, &plan.open_flags(100), None);
        assert_eq!(e.total_cost, plan.objective);
        let bound = plan.bound.unwrap();
        assert!(bound <= opt + 1e-9, "{name}: bound {bound} above optimum");
    }
}

#[test]
fn branch_and_bound_proves_pmed1_to_5() {
    for (name, opt) in PMED_OPTIMA {
        let (problem, costs, p) = read_pmed(&instance(name));
        let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(p);
        let t = std::time::Instant::now();
        let plan = solve_exact(&problem, &costs, &spec, &SolveParams::default()).unwrap();
        eprintln!(
            "{name}: objective {} bound {:?} nodes {} in {:.3}s",
            plan.objective,
            plan.bound,
            plan.stats.nodes,
            t.elapsed().as_secs_f64()
        );
        assert_eq!(plan.objective, opt, "{name}");
        assert_eq!(plan.status, PlanStatus::Optimal, "{name}");
        assert_eq!(plan.gap, Some(0.0), "{name}");
        assert_eq!(plan.method, "branch-and-bound");
    }
}

#[test]
fn capacitated_warehouse_location_within_a_few_percent() {
    for (name, opt) in CAP_OPTIMA {
        let (problem, costs) = read_cap(&instance(name));
        let spec = ModelSpec::new(ModelKind::FixedCharge);
        let t = std::time::Instant::now();
        let plan = heuristic::solve(&problem, &costs, &spec, &SolveParams::default()).unwrap();
        let bound = plan.bound.unwrap();
        eprintln!(
            "{name}: objective {:.3} ({:+.3}% vs optimum) bound {:.3} ({:+.3}%) in {:.3}s",
            plan.objective,
            100.0 * (plan.objective - opt) / opt,
            bound,
            100.0 * (bound - opt) / opt,
            t.elapsed().as_secs_f64()
        );
        assert!(
            plan.objective >= opt * (1.0 - 1e-9),
            "{name}: below the optimum"
        );
        assert!(plan.objective <= opt * 1.03, "{name}: more than 3% above");
        assert!(
            bound <= opt * (1.0 + 1e-9),
            "{name}: bound above the optimum"
        );
        assert!(bound <= plan.objective);
        // Objective = fixed costs + Σ share × weight × cost.
        let fixed: f64 = plan
            .open
            .iter()
            .map(|&s| problem.sites()[s].fixed_cost)
            .sum();
        let assigned: f64 = plan
            .assignment
            .iter()
            .map(|a| a.share * problem.demand()[a.demand].weight * a.cost)
            .sum();
        assert!((fixed + assigned - plan.objective).abs() <= 1e-6 * plan.objective);
        // Every customer fully served within capacities.
        let mut load = vec![0.0; problem.sites().len()];
        for a in &plan.assignment {
            load[a.site] += a.share * problem.demand()[a.demand].weight;
        }
        for (s, l) in load.iter().enumerate() {
            assert!(*l <= problem.sites()[s].capacity.unwrap() * (1.0 + 1e-9));
        }
        let served: f64 = load.iter().sum();
        assert!((served - problem.total_weight()).abs() <= 1e-6 * served);
    }
}

/// pmed6–pmed10 (n = 200) with their published optima.
const PMED_200: [(&str, f64); 5] = [
    ("pmed6", 7824.0),
    ("pmed7", 5631.0),
    ("pmed8", 4445.0),
    ("pmed9", 2734.0),
    ("pmed10", 1255.0),
];

#[test]
fn pmed6_to_10_reached_and_proven() {
    for (name, opt) in PMED_200 {
        let (problem, costs, p) = read_pmed(&instance(name));
        assert_eq!(problem.demand().len(), 200, "{name}");
        let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(p);
        let plan = heuristic::solve(&problem, &costs, &spec, &SolveParams::default()).unwrap();
        assert_eq!(plan.objective, opt, "{name}");
        let exact = solve_exact(&problem, &costs, &spec, &SolveParams::default()).unwrap();
        assert_eq!(exact.objective, opt, "{name}");
        assert_eq!(exact.status, PlanStatus::Optimal, "{name}");
        assert_eq!(exact.gap, Some(0.0), "{name}");
    }
}

/// Published optima of pmed11–pmed40 (OR-Library, pmedopt).
const PMED_LARGER: [f64; 30] = [
    7696.0, 6634.0, 4374.0, 2968.0, 1729.0, 8162.0, 6999.0, 4809.0, 2845.0, 1789.0, 9138.0, 8579.0,
    4619.0, 2961.0, 1828.0, 9917.0, 8307.0, 4498.0, 3033.0, 1989.0, 10086.0, 9297.0, 4700.0,
    3013.0, 10400.0, 9934.0, 5057.0, 11060.0, 9423.0, 5128.0,
];

/// The larger instances shipped in tests/data/orlib, pmed11–pmed35:
/// branch-and-bound proves the published optimum, and the heuristic's plan
/// is never below it and lies within the gap it reports. (pmed36 onwards
/// take up to tens of seconds to prove; `cargo run --release --example
/// orlib_pmed` runs them.)
#[test]
fn larger_pmed_instances_proven_and_heuristic_within_its_gap() {
    let mut ran = 0;
    for (k, opt) in PMED_LARGER.iter().enumerate().take(25) {
        let name = format!("pmed{}", k + 11);
        let path = instance(&name);
        if !path.exists() {
            continue;
        }
        ran += 1;
        let (problem, costs, p) = read_pmed(&path);
        let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(p);
        let proof = SolveParams::default().with_gap(0.0);
        let exact = solve_exact(&problem, &costs, &spec, &proof).unwrap();
        assert_eq!(exact.objective, *opt, "{name}");
        assert_eq!(exact.status, PlanStatus::Optimal, "{name}");
        assert_eq!(exact.gap, Some(0.0), "{name}");
        let plan = heuristic::solve(&problem, &costs, &spec, &SolveParams::default()).unwrap();
        assert!(plan.objective >= *opt, "{name}");
        let (bound, gap) = (plan.bound.unwrap(), plan.gap.unwrap());
        assert!(
            bound <= *opt + 1e-9,
            "{name}: bound {bound} above the optimum"
        );
        assert!(
            plan.objective - opt <= gap * plan.objective + 1e-9,
            "{name}: plan outside its reported gap"
        );
    }
    assert_eq!(ran, 25, "pmed11–pmed35 ship with the tests");
}
