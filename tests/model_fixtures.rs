//! A ladder of tiny fixtures, one feature each, with the expected answer
//! beside them. Costs are given directly as a matrix; demand points and
//! sites sit on a line (`a`, `b`, … at positions 0, 1, …) unless noted.

use siteplan::models::ModelSpec;
use siteplan::solve::{solve, Method, SolveParams};
use siteplan::{
    CostMatrix, DemandPoint, Error, ModelKind, Plan, PlanStatus, Problem, Reach, Site, SiteStatus,
};

/// Demand weights; sites (status, capacity, fixed cost); rows of (site, cost).
fn fixture(
    weights: &[f64],
    sites: &[(SiteStatus, Option<f64>, f64)],
    rows: Vec<Vec<(u32, f64)>>,
) -> (Problem, CostMatrix) {
    let problem = Problem::builder()
        .demands(
            weights
                .iter()
                .enumerate()
                .map(|(i, &w)| DemandPoint::new(format!("d{i}"), 0.0, 0.0, w)),
        )
        .sites(sites.iter().enumerate().map(|(i, &(st, cap, fc))| {
            let s = Site::new(format!("s{i}"), 0.0, 0.0)
                .with_status(st)
                .with_fixed_cost(fc);
            match cap {
                Some(c) => s.with_capacity(c),
                None => s,
            }
        }))
        .build()
        .unwrap();
    let n = sites.len();
    (problem, CostMatrix::from_rows(n, rows, Reach::all()))
}

fn run(p: &Problem, m: &CostMatrix, spec: &ModelSpec) -> Result<Plan, Error> {
    let params = SolveParams::default()
        .with_method(Method::Exact)
        .with_gap(0.0);
    solve(p, m, spec, &params)
}

use SiteStatus::{Candidate as C, Competitor, Excluded, Existing};

/// Full rows: cost |i − j| between demand i and site j on a line.
fn line(n_demand: usize, site_pos: &[f64]) -> Vec<Vec<(u32, f64)>> {
    (0..n_demand)
        .map(|d| {
            site_pos
                .iter()
                .enumerate()
                .map(|(s, &x)| (s as u32, (d as f64 - x).abs()))
                .collect()
        })
        .collect()
}

#[test]
fn existing_site_is_kept_and_not_counted_as_new() {
    // Demand at 0..4; an existing site at 0 and candidates at 2 and 3.
    // With one new site the existing one stays and the candidate at 3 joins
    // it: costs 0,1,1,0,1 → 3 (the candidate at 2 would give 0,1,0,1,2 → 4).
    let (p, m) = fixture(
        &[1.0; 5],
        &[(Existing, None, 0.0), (C, None, 0.0), (C, None, 0.0)],
        line(5, &[0.0, 2.0, 3.0]),
    );
    let plan = run(
        &p,
        &m,
        &ModelSpec::new(ModelKind::PMedian).with_new_sites(1),
    )
    .unwrap();
    assert_eq!(plan.open, vec![0, 2]);
    assert_eq!(plan.new, vec![2]);
    assert_eq!(plan.objective, 3.0);
}

#[test]
fn excluded_and_competitor_sites_never_open() {
    // The best place (2, the middle) is excluded and a competitor sits at 1;
    // the only candidates are at 0 and 4: opening the one at 0 costs
    // 0+1+2+3+4 = 10, the one at 4 the same; the lower index wins ties.
    let (p, m) = fixture(
        &[1.0; 5],
        &[
            (Excluded, None, 0.0),
            (Competitor, None, 0.0),
            (C, None, 0.0),
            (C, None, 0.0),
        ],
        line(5, &[2.0, 1.0, 0.0, 4.0]),
    );
    let plan = run(
        &p,
        &m,
        &ModelSpec::new(ModelKind::PMedian).with_new_sites(1),
    )
    .unwrap();
    assert_eq!(plan.objective, 10.0);
    assert!(!plan.open.contains(&0) && !plan.open.contains(&1));
}

#[test]
fn capacity_binds_and_demand_splits() {
    // Two points of weight 10 at 0, sites at 0 (capacity 15) and 3.
    // Both open (existing); 15 units travel 0, 5 units travel 3 → 15.
    let (p, m) = fixture(
        &[10.0, 10.0],
        &[(Existing, Some(15.0), 0.0), (Existing, None, 0.0)],
        vec![vec![(0, 0.0), (1, 3.0)], vec![(0, 0.0), (1, 3.0)]],
    );
    let plan = run(
        &p,
        &m,
        &ModelSpec::new(ModelKind::PMedian).with_new_sites(0),
    )
    .unwrap();
    assert_eq!(plan.objective, 15.0);
    let load0: f64 = plan
        .assignment
        .iter()
        .filter(|a| a.site == 0)
        .map(|a| 10.0 * a.share)
        .sum();
    assert!((load0 - 15.0).abs() < 1e-9);
    // Without capacities the same request costs nothing.
    let mut spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(0);
    spec.capacities = false;
    assert_eq!(run(&p, &m, &spec).unwrap().objective, 0.0);
}

#[test]
fn cutoff_leaves_unreachable_demand_unserved() {
    // d2 has no site within the matrix's cutoff: it is unserved and adds
    // nothing; d0 and d1 go to the one candidate.
    let (p, m) = fixture(
        &[1.0, 2.0, 100.0],
        &[(C, None, 0.0)],
        vec![vec![(0, 1.0)], vec![(0, 2.0)], vec![]],
    );
    let plan = run(
        &p,
        &m,
        &ModelSpec::new(ModelKind::PMedian).with_new_sites(1),
    )
    .unwrap();
    assert_eq!(plan.objective, 1.0 + 4.0);
    assert!(plan.assignment.iter().all(|a| a.demand != 2));
}

#[test]
fn max_coverage_counts_weight_within_the_cutoff() {
    // Cutoff 1: the candidate at 1 covers d0, d1, d2 (weight 3 + 1 + 1);
    // the one at 3 covers d2, d3, d4 (1 + 1 + 1).
    let (p, m) = fixture(
        &[3.0, 1.0, 1.0, 1.0, 1.0],
        &[(C, None, 0.0), (C, None, 0.0)],
        line(5, &[1.0, 3.0]),
    );
    let spec = ModelSpec::new(ModelKind::MaxCoverage)
        .with_new_sites(1)
        .with_cutoff(1.0);
    let plan = run(&p, &m, &spec).unwrap();
    assert_eq!(plan.new, vec![0]);
    assert_eq!(plan.objective, 5.0);
}

#[test]
fn max_coverage_ties_go_to_the_lower_weighted_cost() {
    // Both candidates cover the single point; the nearer one wins.
    let (p, m) = fixture(
        &[1.0],
        &[(C, None, 0.0), (C, None, 0.0)],
        vec![vec![(0, 4.0), (1, 1.0)]],
    );
    let spec = ModelSpec::new(ModelKind::MaxCoverage)
        .with_new_sites(1)
        .with_cutoff(5.0);
    let plan = run(&p, &m, &spec).unwrap();
    assert_eq!(plan.new, vec![1]);
    assert_eq!(plan.objective, 1.0);
}

#[test]
fn capacitated_coverage_covers_at_most_the_capacity() {
    // One site of capacity 4 within reach of weight 10: covers 4.
    let (p, m) = fixture(
        &[6.0, 4.0],
        &[(C, Some(4.0), 0.0)],
        vec![vec![(0, 1.0)], vec![(0, 1.0)]],
    );
    let spec = ModelSpec::new(ModelKind::MaxCoverage)
        .with_new_sites(1)
        .with_cutoff(2.0);
    assert_eq!(run(&p, &m, &spec).unwrap().objective, 4.0);
}

#[test]
fn set_cover_full_and_partial() {
    // Sites at 0, 2, 4 with cutoff 1 over demand at 0..4: site 0 covers
    // d0, d1; site 2 covers d1..d3; site 4 covers d3, d4. d0, d2 and d4
    // each have one covering site, so the full cover needs all three.
    let (p, m) = fixture(
        &[1.0, 1.0, 1.0, 1.0, 6.0],
        &[(C, None, 0.0), (C, None, 0.0), (C, None, 0.0)],
        line(5, &[0.0, 2.0, 4.0]),
    );
    let spec = ModelSpec::new(ModelKind::SetCover).with_cutoff(1.0);
    let plan = run(&p, &m, &spec).unwrap();
    assert_eq!(plan.objective, 3.0);
    // Partial cover of 60%: weight 10 in all; site 4 covers d3 + d4 = 7.
    let spec = spec.with_min_coverage_pct(60.0);
    let plan = run(&p, &m, &spec).unwrap();
    assert_eq!(plan.objective, 1.0);
}

#[test]
fn set_cover_reports_unreachable_points() {
    let (p, m) = fixture(
        &[1.0, 1.0, 1.0],
        &[(C, None, 0.0)],
        vec![vec![(0, 0.0)], vec![(0, 9.0)], vec![]],
    );
    let spec = ModelSpec::new(ModelKind::SetCover).with_cutoff(1.0);
    match run(&p, &m, &spec) {
        Err(Error::Infeasible(msg)) => {
            assert!(msg.contains("d1, d2"), "{msg}");
            assert!(msg.contains("(2 demand points)"), "{msg}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn fixed_charge_trades_fixed_cost_against_travel() {
    // One point of weight 10; a site costing 1 that is 5 away and one
    // costing 20 at 0: 1 + 10×5 = 51 against 20 + 0 = 20 (both: 21).
    let (p, m) = fixture(
        &[10.0],
        &[(C, None, 1.0), (C, None, 20.0)],
        vec![vec![(0, 5.0), (1, 0.0)]],
    );
    let spec = ModelSpec::new(ModelKind::FixedCharge);
    let plan = run(&p, &m, &spec).unwrap();
    assert_eq!(plan.new, vec![1]);
    assert_eq!(plan.objective, 20.0);
    // A budget of 10 rules the dear site out.
    let plan = run(&p, &m, &spec.clone().with_budget(10.0)).unwrap();
    assert_eq!(plan.new, vec![0]);
    assert_eq!(plan.objective, 51.0);
}

#[test]
fn single_source_keeps_each_point_whole() {
    // Two points of weight 6, two sites of capacity 8: split would cost
    // nothing extra, single source sends one point to the far site.
    let (p, m) = fixture(
        &[6.0, 6.0],
        &[(Existing, Some(8.0), 0.0), (Existing, Some(8.0), 0.0)],
        vec![vec![(0, 0.0), (1, 1.0)], vec![(0, 0.0), (1, 1.0)]],
    );
    let split = run(&p, &m, &ModelSpec::new(ModelKind::FixedCharge)).unwrap();
    assert_eq!(split.objective, 4.0); // 8 units at 0, 4 units at 1
    let whole = run(
        &p,
        &m,
        &ModelSpec::new(ModelKind::FixedCharge).with_single_source(true),
    )
    .unwrap();
    assert_eq!(whole.objective, 6.0);
    assert!(whole.assignment.iter().all(|a| a.share == 1.0));
}

#[test]
fn p_center_minimises_the_largest_cost() {
    // Demand at 0..4, candidates at 0, 2, 4. One new site: the middle one,
    // largest cost 2. All three: largest cost 1.
    let (p, m) = fixture(
        &[1.0; 5],
        &[(C, None, 0.0), (C, None, 0.0), (C, None, 0.0)],
        line(5, &[0.0, 2.0, 4.0]),
    );
    let plan = run(
        &p,
        &m,
        &ModelSpec::new(ModelKind::PCenter).with_new_sites(1),
    )
    .unwrap();
    assert_eq!(plan.new, vec![1]);
    assert_eq!(plan.objective, 2.0);
    let plan = run(
        &p,
        &m,
        &ModelSpec::new(ModelKind::PCenter).with_new_sites(3),
    )
    .unwrap();
    assert_eq!(plan.objective, 1.0);
    assert_eq!(plan.status, PlanStatus::Optimal);
}

#[test]
fn impossible_requests_say_why() {
    let (p, m) = fixture(
        &[1.0, 1.0],
        &[(C, Some(1.0), 0.0)],
        vec![vec![(0, 1.0)], vec![(0, 1.0)]],
    );
    // More new sites than candidates.
    let e = run(
        &p,
        &m,
        &ModelSpec::new(ModelKind::PMedian).with_new_sites(2),
    )
    .unwrap_err();
    assert!(
        matches!(&e, Error::Infeasible(m) if m.contains("only 1 candidate")),
        "{e}"
    );
    // Capacity below demand.
    let e = run(
        &p,
        &m,
        &ModelSpec::new(ModelKind::PMedian).with_new_sites(1),
    )
    .unwrap_err();
    assert!(
        matches!(&e, Error::Infeasible(m) if m.contains("can hold only 1")),
        "{e}"
    );
    let e = run(&p, &m, &ModelSpec::new(ModelKind::FixedCharge)).unwrap_err();
    assert!(matches!(e, Error::Infeasible(_)), "{e}");
    // Nothing reachable.
    let (p, m) = fixture(&[1.0], &[(C, None, 0.0)], vec![vec![]]);
    let e = run(
        &p,
        &m,
        &ModelSpec::new(ModelKind::PMedian).with_new_sites(1),
    )
    .unwrap_err();
    assert!(
        matches!(&e, Error::Infeasible(m) if m.contains("no demand point")),
        "{e}"
    );
    // A model's missing setting is a usage error.
    let e = run(
        &p,
        &m,
        &ModelSpec::new(ModelKind::MaxCoverage).with_new_sites(1),
    )
    .unwrap_err();
    assert!(matches!(e, Error::Usage(_)), "{e}");
}

#[test]
fn k_nearest_rows_are_never_silently_wrong() {
    // Each point keeps only its nearest site (k = 1): d0 → candidate s0,
    // d1 → existing s1. With one new site, both rows hold an open site,
    // so the relaxation needs no far option and the answer is optimal.
    let (p, _) = fixture(
        &[1.0, 1.0],
        &[(C, None, 0.0), (Existing, None, 0.0)],
        vec![vec![], vec![]],
    );
    let rows = vec![vec![(0, 1.0)], vec![(1, 1.0)]];
    let m = CostMatrix::from_rows(2, rows, Reach::k_nearest(1));
    let plan = run(
        &p,
        &m,
        &ModelSpec::new(ModelKind::PMedian).with_new_sites(1),
    )
    .unwrap();
    assert_eq!(plan.objective, 2.0);
    assert_eq!(plan.status, PlanStatus::Optimal);
}

#[test]
fn time_limit_without_a_solution_falls_back_to_the_greedy_plan() {
    // The MIP route with a time limit spent before the solver starts:
    // uncapacitated models
    // return the greedy warm start as a feasible plan (no bound);
    // capacitated ones report no solution.
    let (p, m) = fixture(
        &[1.0; 5],
        &[(C, None, 0.0), (C, None, 0.0), (C, Some(1.0), 0.0)],
        line(5, &[0.0, 2.0, 4.0]),
    );
    let params = SolveParams::default()
        .with_method(Method::Exact)
        .with_time_limit(1e-12);
    let mut spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
    spec.capacities = false;
    let plan = siteplan::solve::exact::solve(&p, &m, &spec, &params).unwrap();
    assert_eq!(plan.status, PlanStatus::Feasible);
    assert_eq!(plan.bound, None);
    let e = siteplan::evaluate(&p, &m, &plan.open_flags(3), None);
    assert_eq!(plan.objective, e.total_cost);
    assert_eq!(plan.new.len(), 1);
    spec.capacities = true;
    let plan = siteplan::solve::exact::solve(&p, &m, &spec, &params).unwrap();
    assert_eq!(plan.status, PlanStatus::NoSolution);
    assert!(plan.objective.is_nan());
}
