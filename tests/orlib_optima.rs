//! Exact models reproduce the published OR-Library optima: p-median on
//! pmed1–pmed5 and fixed-charge (capacitated, splittable) on cap71–cap74
//! and cap41, through the MIP route (`exact::solve`) on the default backend
//! (and on HiGHS with `--features highs`).

mod common;

use common::orlib::{instance, read_cap, read_pmed, CAP_OPTIMA, PMED_OPTIMA};
use siteplan::evaluate;
use siteplan::models::ModelSpec;
use siteplan::solve::exact::solve;
use siteplan::solve::{Method, SolveParams};
use siteplan::{ModelKind, PlanStatus};

fn params() -> SolveParams {
    SolveParams::default()
        .with_method(Method::Exact)
        .with_gap(0.0)
        .with_time_limit(300.0)
}

fn pmed(name: &str, optimum: f64) {
    let (problem, costs, p) = read_pmed(&instance(name));
    let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(p);
    let plan = solve(&problem, &costs, &spec, &params()).unwrap();
    assert_eq!(plan.status, PlanStatus::Optimal, "{name}");
    assert_eq!(plan.new.len(), p, "{name}");
    assert!(
        (plan.objective - optimum).abs() < 1e-6,
        "{name}: {}",
        plan.objective
    );
    let e = evaluate(
        &problem,
        &costs,
        &plan.open_flags(problem.sites().len()),
        None,
    );
    assert_eq!(e.total_cost, plan.objective, "{name}");
    eprintln!(
        "{name}: {} in {:.3} s, {} nodes, {} variables, {} constraints",
        plan.objective,
        plan.stats.seconds,
        plan.stats.nodes,
        plan.stats.variables,
        plan.stats.constraints
    );
}

fn cap(name: &str, optimum: f64) {
    let (problem, costs) = read_cap(&instance(name));
    let spec = ModelSpec::new(ModelKind::FixedCharge);
    let plan = solve(&problem, &costs, &spec, &params()).unwrap();
    assert_eq!(plan.status, PlanStatus::Optimal, "{name}");
    assert!(
        (plan.objective - optimum).abs() < 1e-6 * optimum,
        "{name}: {} vs {optimum}",
        plan.objective
    );
    eprintln!(
        "{name}: {} in {:.3} s, {} nodes, {} variables, {} constraints",
        plan.objective,
        plan.stats.seconds,
        plan.stats.nodes,
        plan.stats.variables,
        plan.stats.constraints
    );
}

#[test]
fn pmed1() {
    pmed(PMED_OPTIMA[0].0, PMED_OPTIMA[0].1);
}
#[test]
fn pmed2() {
    pmed(PMED_OPTIMA[1].0, PMED_OPTIMA[1].1);
}
#[test]
fn pmed3() {
    pmed(PMED_OPTIMA[2].0, PMED_OPTIMA[2].1);
}
#[test]
fn pmed4() {
    pmed(PMED_OPTIMA[3].0, PMED_OPTIMA[3].1);
}
#[test]
fn pmed5() {
    pmed(PMED_OPTIMA[4].0, PMED_OPTIMA[4].1);
}
#[test]
fn cap71() {
    cap(CAP_OPTIMA[0].0, CAP_OPTIMA[0].1);
}
#[test]
fn cap72() {
    cap(CAP_OPTIMA[1].0, CAP_OPTIMA[1].1);
}
#[test]
fn cap73() {
    cap(CAP_OPTIMA[2].0, CAP_OPTIMA[2].1);
}
#[test]
fn cap74() {
    cap(CAP_OPTIMA[3].0, CAP_OPTIMA[3].1);
}
#[test]
fn cap41() {
    cap(CAP_OPTIMA[4].0, CAP_OPTIMA[4].1);
}
