//! p-median (ArcGIS "Minimize impedance", spopt `PMedian`): open exactly
//! `p` new sites, in addition to every existing site, so that the
//! weighted travel cost from demand to its nearest open site is least.
//!
//! # Formulation
//!
//! | symbol | meaning |
//! |---|---|
//! | `D` | demand points with at least one openable site in their row (the others are unserved whatever opens, and are left out) |
//! | `S_d` | openable (existing or candidate) sites in the row of `d` |
//! | `E`, `J` | existing (required) sites; candidate sites |
//! | `w_d`, `c_ds` | weight of `d`; cost from `d` to `s` |
//! | `Q_s` | capacity of `s` (capacitated variant only) |
//! | `p` | number of new sites (`new_sites`) |
//! | `y_j ∈ {0,1}` | candidate `j` opens (`y_e = 1` for `e ∈ E`, constants) |
//! | `x_ds ∈ [0,1]` | share of `d` served by `s` |
//! | `f_d ∈ [0,1]` | share of `d` served *outside* its row (rows cut to the k nearest only) |
//! | `ĉ_d` | dearest kept cost of a cut row: a lower bound on any left-out pair |
//! | `u_d ∈ [0,1]` | share of `d` left unserved (uncapacitated, rows not cut to the k nearest) |
//! | `P` | cost per unit of weight of an unserved point: the cutoff, or without one the largest cost of the cost source (`unserved_penalty`) |
//!
//! ```text
//! minimise   Σ_d Σ_{s∈S_d} w_d c_ds x_ds  +  Σ_d w_d ĉ_d f_d  +  Σ_d w_d P u_d
//! subject to
//! (1)  Σ_{s∈S_d} x_ds + f_d + u_d = 1    ∀ d ∈ D     (every reachable point is served or charged P)
//! (2)  x_dj ≤ y_j                        ∀ d ∈ D, j ∈ S_d ∩ J
//! (3)  Σ_{j∈J} y_j = p
//! (4)  Σ_d w_d x_ds ≤ Q_s y_s            ∀ s with a capacity (capacitated p-median)
//! ```
//!
//! Without capacities, some optimal solution has every `x` integral, and
//! the plan assigns each point to its nearest open site. With capacities,
//! demand is splittable.
//!
//! **Cut rows (k nearest).** `f_d` makes the model a relaxation of the
//! full one: a pair left out of the matrix costs at least `ĉ_d`. If the
//! optimum has every `f_d = 0`, it is optimal for the full matrix too.
//! Otherwise the solver re-solves with `f` removed (every point served
//! within its k nearest), reports that plan as `feasible` and the
//! relaxation's value as its bound. No silent wrong answer either way.
//!
//! **Hard cutoff.** Points that no existing or candidate site reaches are
//! unserved whatever opens: they are left out and add nothing. A reachable
//! point whose sites all stay closed is unserved too and costs `P` per unit
//! of weight (at least what serving it from any site in its row would
//! cost, so the model never prefers leaving a point out when an open site
//! is in reach). The heuristic engine charges exactly the same, so both
//! routes solve one model and a cutoff too tight for `p` sites gives a plan
//! with unserved points rather than no plan. With capacities `u_d` is left
//! out: every reachable point must be served within the capacities (the
//! request is infeasible otherwise).

use good_lp::{variable, Expression};

use crate::error::Result;
use crate::models::common::{self, Role, Roles};
use crate::models::formulation::{Decoder, Formulation, OpenVar, Sense};
use crate::models::ModelSpec;
use crate::problem::Problem;
use crate::travel::CostMatrix;

/// Builds the p-median model. `warm` (open flags) becomes the hint when it
/// gives a complete feasible solution; `allow_far` adds the `f_d`
/// variables on rows cut to the k nearest.
///
/// ```
/// use siteplan::{CostMatrix, DemandPoint, ModelKind, Problem, Reach, Site};
/// use siteplan::models::{p_median, ModelSpec};
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
///     .site(Site::new("x", 0.0, 0.0))
///     .build()?;
/// let m = CostMatrix::from_rows(1, vec![vec![(0, 2.0)]], Reach::all());
/// let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
/// let (f, _) = p_median::formulate(&p, &m, &spec, None, true)?;
/// assert_eq!(f.n_variables(), 3); // y, one x and the unserved share u
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn formulate(
    problem: &Problem,
    costs: &CostMatrix,
    spec: &ModelSpec,
    warm: Option<&[bool]>,
    allow_far: bool,
) -> Result<(Formulation, Decoder)> {
    let roles = Roles::of(problem);
    let p = common::exact_new_sites(spec, &roles)?;
    let (served, capacitated) = common::served_points(problem, costs, spec, &roles, p)?;
    let unserved_ok = common::unserved_allowed(capacitated);
    let penalty = unserved_penalty(costs);
    let mut f = Formulation::new(Sense::Minimise);
    let mut dec = Decoder {
        open: vec![OpenVar::Closed; problem.sites().len()],
        ..Decoder::default()
    };
    for (s, r) in roles.role.iter().enumerate() {
        dec.open[s] = match r {
            Role::Required => OpenVar::Open,
            Role::Candidate => OpenVar::Var(f.variables.add(variable().binary())),
            Role::Never => OpenVar::Closed,
        };
    }
    let rules = common::RowRules {
        binary: false,
        allow_far,
        unserved: unserved_ok.then_some(penalty),
    };
    let (load, hint_assign) = common::assignment_rows(
        &mut f,
        &mut dec,
        (problem, costs, spec),
        &roles,
        &served,
        warm,
        &rules,
    )?;
    let mut count = Expression::default();
    for o in &dec.open {
        if let OpenVar::Var(y) = o {
            count.add_mul(1.0, *y);
        }
    }
    f.constraints.push(count.eq(p as f64)); // (3)
    for (s, l) in load.into_iter().enumerate() {
        if let Some(q) = common::capacity(problem, spec, s) {
            if dec.open[s] == OpenVar::Closed {
                continue;
            }
            let rhs: Expression = match dec.open[s] {
                OpenVar::Var(y) => Expression::from(y) * q,
                _ => Expression::from(q),
            };
            f.constraints.push((l - rhs).leq(0.0)); // (4)
        }
    }
    if let (Some(hint_assign), Some(open)) = (hint_assign, warm) {
        let n_new = roles.candidates.iter().filter(|&&j| open[j]).count();
        if n_new == p {
            f.hint = common::open_hint(&dec, open);
            f.hint.extend(hint_assign);
        }
    }
    Ok((f, dec))
}

/// The cost per unit of weight charged for a demand point with no reachable
/// open site in the p-median and fixed-charge objectives.
///
/// It is the matrix's cutoff when it has one (an unserved point is at least
/// that far away), otherwise the largest cost of the matrix's source
/// ([`CostMatrix::max_cost`]: the same whatever its rows keep, so a cut to
/// the k nearest does not change the model). With it, serving a
/// point is never worse than leaving it unserved, and the p-median objective
/// of a plan is `evaluate(..).total_cost + penalty × w` with `w` the weight
/// of the points that some existing or candidate site reaches but no open
/// one does (points nothing reaches add nothing).
///
/// ```
/// use siteplan::{CostMatrix, Reach};
/// use siteplan::solve::heuristic::unserved_penalty;
/// let m = CostMatrix::from_rows(2, vec![vec![(0, 3.0), (1, 8.0)]], Reach::all());
/// assert_eq!(unserved_penalty(&m), 8.0);
/// let m = CostMatrix::from_rows(2, vec![vec![(0, 3.0)]], Reach::cost_cutoff(50.0));
/// assert_eq!(unserved_penalty(&m), 50.0);
/// ```
pub fn unserved_penalty(costs: &CostMatrix) -> f64 {
    match costs.reach().cutoff {
        Some(cut) if cut.is_finite() => cut,
        _ => costs.max_cost(),
    }
}
