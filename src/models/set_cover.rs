//! Location set covering (ArcGIS "Minimize facilities", spopt `LSCP`):
//! the fewest new sites so that every demand point lies within the cutoff
//! of an open site (existing sites count as open and are free). With
//! `min_coverage_pct` it is the *partial* set cover: the fewest new sites
//! covering at least that share of the total weight.
//!
//! # Formulation
//!
//! | symbol | meaning |
//! |---|---|
//! | `r` | the coverage cutoff |
//! | `J` | candidate sites |
//! | `U` | demand points not already within `r` of an existing site |
//! | `N_d` | candidates with `c_dj ≤ r` |
//! | `w_d`, `W` | weight of `d`; total weight |
//! | `W_E` | weight already covered by existing sites |
//! | `P` | `min_coverage_pct` (partial cover only) |
//! | `y_j ∈ {0,1}` | candidate `j` opens |
//! | `z_d ∈ [0,1]` | `d` is covered (partial cover only) |
//!
//! ```text
//! minimise   Σ_{j∈J} y_j
//! subject to, for a full cover:
//! (1)  Σ_{j∈N_d} y_j ≥ 1                   ∀ d ∈ U
//! or, for a partial cover:
//! (2)  z_d ≤ Σ_{j∈N_d} y_j                 ∀ d ∈ U with N_d ≠ ∅
//! (3)  Σ_{d∈U} w_d z_d ≥ P·W/100 − W_E
//! ```
//!
//! A full cover is impossible when some `d ∈ U` has `N_d = ∅`; the error
//! lists those points. Capacities are not used by this model.

use good_lp::{variable, Expression};

use crate::error::{Error, Result};
use crate::models::common::{self, Role, Roles};
use crate::models::formulation::{Decoder, Formulation, OpenVar, Sense};
use crate::models::ModelSpec;
use crate::problem::Problem;
use crate::travel::CostMatrix;

/// Builds the set-cover model from `spec` (cutoff, optional
/// `min_coverage_pct`); `warm` open flags become the hint when they cover.
///
/// ```
/// use siteplan::{CostMatrix, DemandPoint, ModelKind, Problem, Reach, Site};
/// use siteplan::models::{set_cover, ModelSpec};
/// let p = Problem::builder()
///     .demand(DemandPoint::new("far-away", 0.0, 0.0, 1.0))
///     .site(Site::new("x", 0.0, 0.0))
///     .build()?;
/// let m = CostMatrix::from_rows(1, vec![vec![(0, 9.0)]], Reach::all());
/// let spec = ModelSpec::new(ModelKind::SetCover).with_cutoff(5.0);
/// let err = set_cover::formulate(&p, &m, &spec, None).unwrap_err();
/// assert!(err.to_string().contains("far-away"));
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn formulate(
    problem: &Problem,
    costs: &CostMatrix,
    spec: &ModelSpec,
    warm: Option<&[bool]>,
) -> Result<(Formulation, Decoder)> {
    let r = common::coverage_cutoff(spec, costs)?;
    if let Some(pct) = spec.min_coverage_pct {
        if !(pct.is_finite() && pct > 0.0 && pct <= 100.0) {
            return Err(Error::Usage(format!(
                "min_coverage_pct {pct}: expected a percentage in (0, 100]"
            )));
        }
    }
    common::check_complete_within(costs, r)?;
    formulate_at(problem, costs, r, spec.min_coverage_pct, None, warm)
}

/// Builds the set-cover model at radius `radius`. `min_pct` asks for a
/// partial cover; `only` (one flag per demand point) limits a full cover
/// to the flagged points.
///
/// # Examples
///
/// Two points, each with its own candidate within the radius 3:
///
/// ```
/// use siteplan::{CostMatrix, DemandPoint, Error, Problem, Reach, Site};
/// use siteplan::models::set_cover;
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
///     .demand(DemandPoint::new("b", 0.0, 0.0, 1.0))
///     .site(Site::new("x", 0.0, 0.0)).site(Site::new("y", 0.0, 0.0))
///     .build()?;
/// let m = CostMatrix::from_rows(2, vec![vec![(0, 1.0), (1, 4.0)], vec![(1, 2.0), (0, 6.0)]], Reach::all());
/// // Full cover: one constraint (1) per point, one variable per candidate.
/// let (f, _) = set_cover::formulate_at(&p, &m, 3.0, None, None, None)?;
/// assert_eq!((f.n_variables(), f.constraints.len()), (2, 2));
/// // Only point "a" must be covered.
/// let (f, _) = set_cover::formulate_at(&p, &m, 3.0, None, Some(&[true, false]), None)?;
/// assert_eq!(f.constraints.len(), 1);
/// // Within 0.5 no candidate covers either point.
/// let err = set_cover::formulate_at(&p, &m, 0.5, None, None, None).unwrap_err();
/// assert!(matches!(err, Error::Infeasible(_)));
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn formulate_at(
    problem: &Problem,
    costs: &CostMatrix,
    radius: f64,
    min_pct: Option<f64>,
    only: Option<&[bool]>,
    warm: Option<&[bool]>,
) -> Result<(Formulation, Decoder)> {
    check_coverable(problem, costs, radius, min_pct, only)?;
    let roles = Roles::of(problem);
    let mut f = Formulation::new(Sense::Minimise);
    let mut dec = Decoder {
        open: vec![OpenVar::Closed; problem.sites().len()],
        ..Decoder::default()
    };
    for (s, role) in roles.role.iter().enumerate() {
        dec.open[s] = match role {
            Role::Required => OpenVar::Open,
            Role::Candidate => {
                let y = f.variables.add(variable().binary());
                f.objective.add_mul(1.0, y);
                OpenVar::Var(y)
            }
            Role::Never => OpenVar::Closed,
        };
    }
    let mut covered_by_existing = 0.0;
    let mut uncoverable = Vec::new();
    let mut partial = Expression::default();
    let mut hint_ok = warm.is_some();
    let mut hint_z = Vec::new();
    let mut warm_weight = 0.0;
    for d in 0..costs.n_demand() {
        if only.is_some_and(|m| !m[d]) {
            continue;
        }
        let row = costs.row(d).within(radius);
        if row.iter().any(|(s, _)| roles.role[s] == Role::Required) {
            covered_by_existing += problem.demand()[d].weight;
            continue;
        }
        let mut sum = Expression::default();
        let mut n = 0;
        let mut warm_covered = false;
        for (s, _) in row.iter() {
            if let OpenVar::Var(y) = dec.open[s] {
                sum.add_mul(1.0, y);
                n += 1;
                warm_covered |= warm.is_some_and(|o| o[s]);
            }
        }
        if n == 0 {
            uncoverable.push(d);
            continue;
        }
        match min_pct {
            None => {
                f.constraints.push(sum.geq(1.0)); // (1)
                hint_ok &= warm_covered;
            }
            Some(_) => {
                let z = f.variables.add(variable().min(0.0).max(1.0));
                f.constraints.push((Expression::from(z) - sum).leq(0.0)); // (2)
                partial.add_mul(problem.demand()[d].weight, z);
                hint_z.push((z, if warm_covered { 1.0 } else { 0.0 }));
                if warm_covered {
                    warm_weight += problem.demand()[d].weight;
                }
            }
        }
    }
    let total = problem.total_weight();
    match min_pct {
        None => {}
        Some(pct) => {
            let need = pct / 100.0 * total;
            let rest = need - covered_by_existing;
            if rest > 0.0 {
                // Allow for rounding in the weights' sum.
                let rest = rest - 1e-9 * total.max(1.0);
                hint_ok &= warm_weight >= rest;
                f.constraints.push(partial.geq(rest)); // (3)
            }
        }
    }
    if let (true, Some(open)) = (hint_ok, warm) {
        f.hint = common::open_hint(&dec, open);
        f.hint.extend(hint_z);
    }
    Ok((f, dec))
}

/// The reason no plan covers what a set cover asks for, if none does: some
/// point (of `only`, when given) has no existing or candidate site within
/// `radius` (full cover), or too little weight does (`min_pct`). Both
/// routes, MIP and engine, give this reason.
pub(crate) fn check_coverable(
    problem: &Problem,
    costs: &CostMatrix,
    radius: f64,
    min_pct: Option<f64>,
    only: Option<&[bool]>,
) -> Result<()> {
    let roles = Roles::of(problem);
    let mut covered_by_existing = 0.0;
    let mut reachable = 0.0;
    let mut uncoverable = Vec::new();
    for d in 0..costs.n_demand() {
        if only.is_some_and(|m| !m[d]) {
            continue;
        }
        let row = costs.row(d).within(radius);
        let w = problem.demand()[d].weight;
        if row.iter().any(|(s, _)| roles.role[s] == Role::Required) {
            covered_by_existing += w;
        } else if row.iter().any(|(s, _)| roles.role[s] == Role::Candidate) {
            reachable += w;
        } else {
            uncoverable.push(d);
        }
    }
    let total = problem.total_weight();
    match min_pct {
        None if !uncoverable.is_empty() => Err(Error::Infeasible(format!(
            "no existing or candidate site lies within {radius} of {}",
            common::list_demand_ids(problem, &uncoverable)
        ))),
        Some(pct)
            if covered_by_existing + reachable + 1e-9 * total.max(1.0) < pct / 100.0 * total =>
        {
            Err(Error::Infeasible(format!(
                "at most {:.4}% of the weight lies within {radius} of an existing or \
                 candidate site, below the {pct}% asked for; out of reach: {}",
                100.0 * (covered_by_existing + reachable) / total.max(f64::MIN_POSITIVE),
                common::list_demand_ids(problem, &uncoverable)
            )))
        }
        _ => Ok(()),
    }
}
