//! Maximal covering location (ArcGIS "Maximize coverage", and with
//! capacities "Maximize capacitated coverage"; spopt `MCLP`): open exactly
//! `p` new sites, besides every existing site, so that the most demand
//! weight lies within the cutoff of an open site.
//!
//! # Formulation
//!
//! | symbol | meaning |
//! |---|---|
//! | `r` | the coverage cutoff |
//! | `N_d` | openable (existing or candidate) sites with `c_ds ≤ r` |
//! | `D` | demand points with `N_d` non-empty |
//! | `E`, `J` | existing (required) sites; candidate sites |
//! | `w_d`, `c_ds` | weight of `d`; cost from `d` to `s` |
//! | `Q_s` | capacity of `s` (capacitated coverage only) |
//! | `p` | number of new sites |
//! | `ε` | tie-break weight `10⁻⁶ / r` (0 when `r = 0`) |
//! | `y_j ∈ {0,1}` | candidate `j` opens (`y_e = 1` for `e ∈ E`) |
//! | `x_ds ∈ [0,1]` | share of `d` covered by `s` |
//!
//! ```text
//! maximise   Σ_d Σ_{s∈N_d} w_d (1 − ε c_ds) x_ds
//! subject to
//! (1)  Σ_{s∈N_d} x_ds ≤ 1           ∀ d ∈ D
//! (2)  x_dj ≤ y_j                   ∀ d ∈ D, j ∈ N_d ∩ J
//! (3)  Σ_{j∈J} y_j = p
//! (4)  Σ_d w_d x_ds ≤ Q_s y_s       ∀ s with a capacity (capacitated coverage)
//! ```
//!
//! The `ε` term breaks ties between plans of equal coverage in favour of
//! the lower weighted cost of covered demand; it weighs at most `10⁻⁶` of
//! the total weight, so it can only trade coverage differences smaller
//! than that. The plan's objective is the covered weight itself
//! (`Σ w_d x_ds`), without the tie-break term.

use good_lp::{variable, Expression};

use crate::error::{Error, Result};
use crate::models::common::{self, Role, Roles};
use crate::models::formulation::{Decoder, Formulation, OpenVar, Sense};
use crate::models::ModelSpec;
use crate::problem::Problem;
use crate::travel::CostMatrix;

/// Share of the total weight the tie-break term may weigh at most.
pub const TIE_BREAK: f64 = 1e-6;

/// Builds the max-coverage model; `warm` (open flags) becomes the hint when
/// the model is uncapacitated.
///
/// ```
/// use siteplan::{CostMatrix, DemandPoint, ModelKind, Problem, Reach, Site};
/// use siteplan::models::{max_coverage, ModelSpec};
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
///     .demand(DemandPoint::new("b", 0.0, 0.0, 1.0))
///     .site(Site::new("x", 0.0, 0.0))
///     .build()?;
/// let m = CostMatrix::from_rows(1, vec![vec![(0, 2.0)], vec![(0, 9.0)]], Reach::all());
/// let spec = ModelSpec::new(ModelKind::MaxCoverage).with_new_sites(1).with_cutoff(5.0);
/// let (f, dec) = max_coverage::formulate(&p, &m, &spec, None)?;
/// assert_eq!(dec.assign.len(), 1); // only "a" is within the cutoff
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn formulate(
    problem: &Problem,
    costs: &CostMatrix,
    spec: &ModelSpec,
    warm: Option<&[bool]>,
) -> Result<(Formulation, Decoder)> {
    let roles = Roles::of(problem);
    let p = common::exact_new_sites(spec, &roles)?;
    let r = common::coverage_cutoff(spec, costs)?;
    common::check_complete_within(costs, r)?;
    let eps = if r > 0.0 { TIE_BREAK / r } else { 0.0 };
    let capacitated = common::any_capacity(problem, spec, &roles);
    let mut f = Formulation::new(Sense::Maximise);
    let mut dec = Decoder {
        open: vec![OpenVar::Closed; problem.sites().len()],
        ..Decoder::default()
    };
    for (s, role) in roles.role.iter().enumerate() {
        dec.open[s] = match role {
            Role::Required => OpenVar::Open,
            Role::Candidate => OpenVar::Var(f.variables.add(variable().binary())),
            Role::Never => OpenVar::Closed,
        };
    }
    let mut load: Vec<Expression> = vec![Expression::default(); problem.sites().len()];
    let mut any = false;
    let mut hint_assign = Vec::new();
    for d in 0..costs.n_demand() {
        let w = problem.demand()[d].weight;
        let mut one = Expression::default();
        let mut taken = false;
        let mut n = 0;
        for (s, c) in costs.row(d).within(r).iter() {
            if !roles.openable(s) {
                continue;
            }
            n += 1;
            let x = f.variables.add(variable().min(0.0).max(1.0));
            f.objective.add_mul(w * (1.0 - eps * c), x);
            one.add_mul(1.0, x);
            if let OpenVar::Var(y) = dec.open[s] {
                f.constraints.push((Expression::from(x) - y).leq(0.0)); // (2)
            }
            if common::capacity(problem, spec, s).is_some() {
                load[s].add_mul(w, x);
            }
            dec.assign.push((d as u32, s as u32, x));
            if let Some(open) = warm {
                let take = !taken && open[s];
                taken |= take;
                hint_assign.push((x, if take { 1.0 } else { 0.0 }));
            }
        }
        if n > 0 {
            any = true;
            f.constraints.push(one.leq(1.0)); // (1)
        }
    }
    if !any {
        return Err(Error::Infeasible(format!(
            "no demand point has an existing or candidate site within the cutoff {r}"
        )));
    }
    let mut count = Expression::default();
    for o in &dec.open {
        if let OpenVar::Var(y) = o {
            count.add_mul(1.0, *y);
        }
    }
    f.constraints.push(count.eq(p as f64)); // (3)
    for (s, l) in load.into_iter().enumerate() {
        if let Some(q) = common::capacity(problem, spec, s) {
            let rhs: Expression = match dec.open[s] {
                OpenVar::Var(y) => Expression::from(y) * q,
                OpenVar::Open => Expression::from(q),
                OpenVar::Closed => continue,
            };
            f.constraints.push((l - rhs).leq(0.0)); // (4)
        }
    }
    if let (false, Some(open)) = (capacitated, warm) {
        if roles.candidates.iter().filter(|&&j| open[j]).count() == p {
            f.hint = common::open_hint(&dec, open);
            f.hint.extend(hint_assign);
        }
    }
    Ok((f, dec))
}
