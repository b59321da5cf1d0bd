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
