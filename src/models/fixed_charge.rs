//! Fixed-charge facility location (capacitated facility location; no
//! direct ArcGIS problem type; the OR-Library "cap" instances): open any
//! number of candidates so that fixed costs plus weighted travel cost are
//! least, within capacities, a budget and a cap on new sites.
//!
//! # Formulation
//!
//! | symbol | meaning |
//! |---|---|
//! | `D` | demand points with at least one openable site in their row (the others are unserved and left out) |
//! | `S_d` | openable (existing or candidate) sites in the row of `d` |
//! | `E`, `J` | existing (required) sites; candidate sites |
//! | `w_d`, `c_ds` | weight of `d`; cost per unit of weight from `d` to `s` |
//! | `F_s`, `Q_s` | fixed cost and capacity of `s` |
//! | `B`, `n` | budget on new sites' fixed costs; most new sites (both optional) |
//! | `y_j ∈ {0,1}` | candidate `j` opens (`y_e = 1` for `e ∈ E`) |
//! | `x_ds ∈ [0,1]` | share of `d` served by `s` (`∈ {0,1}` with `single_source`) |
//! | `f_d ∈ [0,1]`, `ĉ_d` | share served outside a row cut to the k nearest, and its least cost (see [`crate::models::p_median`]) |
//!
//! ```text
//! minimise   Σ_{e∈E} F_e + Σ_{j∈J} F_j y_j + Σ_d Σ_{s∈S_d} w_d c_ds x_ds + Σ_d w_d ĉ_d f_d
//! subject to
//! (1)  Σ_{s∈S_d} x_ds + f_d = 1      ∀ d ∈ D
//! (2)  x_dj ≤ y_j                    ∀ d ∈ D, j ∈ S_d ∩ J
//! (3)  Σ_d w_d x_ds ≤ Q_s y_s        ∀ s with a capacity
//! (4)  Σ_{j∈J} F_j y_j ≤ B           (when a budget is given)
//! (5)  Σ_{j∈J} y_j ≤ n               (when new_sites is given)
//! ```
//!
//! Demand is splittable unless `single_source`. Existing sites' fixed costs
//! are a constant in the objective (they are paid whatever the plan).

use good_lp::{variable, Expression};

use crate::error::{Error, Result};
use crate::models::common::{self, Role, Roles};
use crate::models::formulation::{Decoder, Formulation, OpenVar, Sense};
use crate::models::ModelSpec;
use crate::problem::Problem;
use crate::travel::CostMatrix;

/// Builds the fixed-charge model; `warm` and `allow_far` as in
/// [`super::p_median::formulate`].
///
/// ```
/// use siteplan::{CostMatrix, DemandPoint, ModelKind, Problem, Reach, Site};
/// use siteplan::models::{fixed_charge, ModelSpec};
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
///     .site(Site::new("x", 0.0, 0.0).with_fixed_cost(5.0))
///     .build()?;
/// let m = CostMatrix::from_rows(1, vec![vec![(0, 2.0)]], Reach::all());
/// let (f, _) = fixed_charge::formulate(&p, &m, &ModelSpec::new(ModelKind::FixedCharge), None, true)?;
/// assert_eq!(f.n_variables(), 2);
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
    if let Some(b) = spec.budget {
        if !(b.is_finite() && b >= 0.0) {
            return Err(Error::Usage(format!(
                "budget {b}: expected a finite number ≥ 0"
            )));
        }
    }
    let max_new = spec
        .new_sites
        .unwrap_or(roles.candidates.len())
        .min(roles.candidates.len());
    let (served, _) = common::served_points(problem, costs, spec, &roles, max_new)?;
    let sites = problem.sites();
    let mut f = Formulation::new(Sense::Minimise);
    let mut dec = Decoder {
        open: vec![OpenVar::Closed; sites.len()],
        ..Decoder::default()
    };
    let mut fixed_new = Expression::default();
    let mut count = Expression::default();
    for (s, r) in roles.role.iter().enumerate() {
        dec.open[s] = match r {
            Role::Required => {
                f.objective += sites[s].fixed_cost;
                OpenVar::Open
            }
            Role::Candidate => {
                let y = f.variables.add(variable().binary());
                f.objective.add_mul(sites[s].fixed_cost, y);
                fixed_new.add_mul(sites[s].fixed_cost, y);
                count.add_mul(1.0, y);
                OpenVar::Var(y)
            }
            Role::Never => OpenVar::Closed,
        };
    }
    let rules = common::RowRules {
        binary: spec.single_source,
        allow_far,
        unserved: None,
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
    for (s, l) in load.into_iter().enumerate() {
        if let Some(q) = common::capacity(problem, spec, s) {
            let rhs: Expression = match dec.open[s] {
                OpenVar::Var(y) => Expression::from(y) * q,
                OpenVar::Open => Expression::from(q),
                OpenVar::Closed => continue,
            };
            f.constraints.push((l - rhs).leq(0.0)); // (3)
        }
    }
    if let Some(b) = spec.budget {
        f.constraints.push(fixed_new.leq(b)); // (4)
    }
    if spec.new_sites.is_some() {
        f.constraints.push(count.leq(max_new as f64)); // (5)
    }
    if let (Some(hint_assign), Some(open)) = (hint_assign, warm) {
        let n_new = roles.candidates.iter().filter(|&&j| open[j]).count();
        let spent: f64 = roles
            .candidates
            .iter()
            .filter(|&&j| open[j])
            .map(|&j| sites[j].fixed_cost)
            .sum();
        if n_new <= max_new && spec.budget.is_none_or(|b| spent <= b) {
            f.hint = common::open_hint(&dec, open);
            f.hint.extend(hint_assign);
        }
    }
    Ok((f, dec))
}
