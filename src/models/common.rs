//! Checks and helpers shared by the model files.

use good_lp::{variable, Expression, Variable};

use crate::error::{Error, Result};
use crate::models::formulation::{Decoder, Formulation, OpenVar};
use crate::models::ModelSpec;
use crate::problem::{Problem, SiteStatus};
use crate::travel::CostMatrix;

/// How many ids an error message lists before it only counts.
pub(crate) const LISTED_IDS: usize = 10;

/// What a model may do with a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Always open (existing, required).
    Required,
    /// May be opened.
    Candidate,
    /// Never opened (competitor, excluded).
    Never,
}

/// The roles of every site, and counts.
#[derive(Debug, Clone)]
pub(crate) struct Roles {
    pub role: Vec<Role>,
    pub candidates: Vec<usize>,
    pub required: Vec<usize>,
}

impl Roles {
    pub fn of(problem: &Problem) -> Roles {
        let role: Vec<Role> = problem
            .sites()
            .iter()
            .map(|s| match s.status {
                SiteStatus::Existing => Role::Required,
                SiteStatus::Candidate => Role::Candidate,
                SiteStatus::Competitor | SiteStatus::Excluded => Role::Never,
            })
            .collect();
        let pick = |r: Role| {
            role.iter()
                .enumerate()
                .filter(|&(_, &x)| x == r)
                .map(|(i, _)| i)
                .collect()
        };
        Roles {
            candidates: pick(Role::Candidate),
            required: pick(Role::Required),
            role,
        }
    }

    pub fn openable(&self, s: usize) -> bool {
        self.role[s] != Role::Never
    }
}

/// `spec.new_sites`, required, and at most the number of candidates.
pub(crate) fn exact_new_sites(spec: &ModelSpec, roles: &Roles) -> Result<usize> {
    let n = spec.new_sites.ok_or_else(|| {
        Error::Usage(format!(
            "{} needs the number of new sites (new_sites / --new-sites)",
            spec.kind
        ))
    })?;
    if n > roles.candidates.len() {
        return Err(Error::Infeasible(format!(
            "{n} new sites were asked for but only {} candidate sites can be opened",
            roles.candidates.len()
        )));
    }
    Ok(n)
}

/// The coverage cutoff: `spec.cutoff`, else the matrix's own cutoff.
pub(crate) fn coverage_cutoff(spec: &ModelSpec, costs: &CostMatrix) -> Result<f64> {
    let c = spec.cutoff.or(costs.reach().cutoff).ok_or_else(|| {
        Error::Usage(format!(
            "{} needs a coverage cutoff (cutoff / --cutoff)",
            spec.kind
        ))
    })?;
    if !(c.is_finite() && c >= 0.0) {
        return Err(Error::Usage(format!(
            "cutoff {c}: expected a finite number ≥ 0"
        )));
    }
    Ok(c)
}

/// Checks that rows cut to the k nearest still hold every site within
/// `radius` (strictly below the dearest kept cost), so that coverage sets
/// taken from them are complete.
pub(crate) fn check_complete_within(costs: &CostMatrix, radius: f64) -> Result<()> {
    if let Some(d) = first_incomplete_row(costs, radius) {
        let k = costs.reach().k_nearest.unwrap_or(0);
        return Err(Error::Usage(format!(
            "the cost matrix keeps only the {k} nearest sites of each demand point, so sites \
             within {radius} of demand point #{d} may be missing; build the matrix with a cutoff \
             (no k-nearest limit) or a larger k"
        )));
    }
    Ok(())
}

/// The first demand point whose truncated row may miss sites within `radius`.
pub(crate) fn first_incomplete_row(costs: &CostMatrix, radius: f64) -> Option<usize> {
    (0..costs.n_demand()).find(|&d| costs.floor(d).is_some_and(|floor| radius >= floor))
}

/// True when row `d` was (possibly) cut to the k nearest.
/// True when an uncapacitated p-median may leave a reachable point
/// unserved at [`crate::solve::heuristic::unserved_penalty`] per unit of
/// weight (the engine's rule, so both routes solve one model): always,
/// except on rows cut to the k nearest (their "far" share stands in for
/// the missing pairs) and with capacities (every reachable point must then
/// be served, and the engine does not take the model).
pub(crate) fn unserved_allowed(capacitated: bool) -> bool {
    !capacitated
}

pub(crate) fn row_is_cut(costs: &CostMatrix, d: usize) -> bool {
    costs.floor(d).is_some()
}

/// "a, b, c and 12 more (15 demand points)".
pub(crate) fn list_demand_ids(problem: &Problem, points: &[usize]) -> String {
    let shown: Vec<&str> = points
        .iter()
        .take(LISTED_IDS)
        .map(|&d| problem.demand()[d].id.as_str())
        .collect();
    let mut s = shown.join(", ");
    if points.len() > LISTED_IDS {
        s.push_str(&format!(" and {} more", points.len() - LISTED_IDS));
    }
    s.push_str(&format!(
        " ({} demand point{})",
        points.len(),
        if points.len() == 1 { "" } else { "s" }
    ));
    s
}

/// The capacity of site `s` when the model respects capacities.
pub(crate) fn capacity(problem: &Problem, spec: &ModelSpec, s: usize) -> Option<f64> {
    if spec.capacities {
        problem.sites()[s].capacity
    } else {
        None
    }
}

/// True when some openable site has a capacity the model respects.
pub(crate) fn any_capacity(problem: &Problem, spec: &ModelSpec, roles: &Roles) -> bool {
    (0..problem.sites().len()).any(|s| roles.openable(s) && capacity(problem, spec, s).is_some())
}

/// Demand points a model must serve (`D`): those whose row holds an
/// openable site, and those whose row was cut to the k nearest (a site
/// beyond the cut may serve them); and the others (unserved whatever is
/// opened).
pub(crate) fn reachable_points(costs: &CostMatrix, roles: &Roles) -> (Vec<usize>, Vec<usize>) {
    let any_openable = roles.role.iter().any(|&r| r != Role::Never);
    (0..costs.n_demand()).partition(|&d| {
        costs.row(d).iter().any(|(s, _)| roles.openable(s))
            || (any_openable && row_is_cut(costs, d))
    })
}

/// The error for a row cut too short to hold a site that can serve it.
pub(crate) fn too_few_nearest(costs: &CostMatrix) -> Error {
    Error::Usage(format!(
        "the cost matrix keeps only the {} nearest sites of each demand point, too few to \
         serve every point; build it with a larger k or a cutoff",
        costs.reach().k_nearest.unwrap_or(0)
    ))
}

/// Checks that the capacity of the required sites plus the `n_new` largest
/// candidate capacities can hold `demand`.
pub(crate) fn check_capacity(
    problem: &Problem,
    spec: &ModelSpec,
    roles: &Roles,
    n_new: usize,
    demand: f64,
    what: &str,
) -> Result<()> {
    let mut total = 0.0;
    for &s in &roles.required {
        match capacity(problem, spec, s) {
            None => return Ok(()),
            Some(c) => total += c,
        }
    }
    let mut caps: Vec<f64> = Vec::new();
    for &s in &roles.candidates {
        match capacity(problem, spec, s) {
            None if n_new > 0 => return Ok(()),
            None => {}
            Some(c) => caps.push(c),
        }
    }
    caps.sort_by(|a, b| b.total_cmp(a));
    total += caps.iter().take(n_new).sum::<f64>();
    if total + 1e-9 * demand.max(1.0) < demand {
        return Err(Error::Infeasible(format!(
            "{what} weighs {demand} but the existing sites and the {n_new} largest candidates \
             can hold only {total}"
        )));
    }
    Ok(())
}

/// Hint values of the open variables for the open flags `open`.
pub(crate) fn open_hint(
    dec: &crate::models::formulation::Decoder,
    open: &[bool],
) -> Vec<(good_lp::Variable, f64)> {
    use crate::models::formulation::OpenVar;
    dec.open
        .iter()
        .enumerate()
        .filter_map(|(j, o)| match o {
            OpenVar::Var(y) => Some((*y, if open[j] { 1.0 } else { 0.0 })),
            _ => None,
        })
        .collect()
}

/// The points some existing or candidate site reaches (`D`), and whether
/// the model respects capacities; with capacities, checks first that the
/// required sites plus the `n_new` largest candidates can hold their
/// demand. No reachable point at all is infeasible.
pub(crate) fn served_points(
    problem: &Problem,
    costs: &CostMatrix,
    spec: &ModelSpec,
    roles: &Roles,
    n_new: usize,
) -> Result<(Vec<usize>, bool)> {
    let (served, _) = reachable_points(costs, roles);
    if served.is_empty() {
        return Err(Error::Infeasible(
            "no demand point can reach an existing or candidate site".into(),
        ));
    }
    let capacitated = any_capacity(problem, spec, roles);
    if capacitated {
        let demand: f64 = served.iter().map(|&d| problem.demand()[d].weight).sum();
        check_capacity(
            problem,
            spec,
            roles,
            n_new,
            demand,
            "the demand that sites can reach",
        )?;
    }
    Ok((served, capacitated))
}

/// Warm-start values of formulation variables.
pub(crate) type Hint = Vec<(Variable, f64)>;

/// How [`assignment_rows`] builds each demand point's row.
pub(crate) struct RowRules {
    /// Binary assignment variables (single sourcing) instead of shares.
    pub binary: bool,
    /// Add a "far" share `f_d` on rows cut to the k nearest.
    pub allow_far: bool,
    /// Add an unserved share `u_d` at this cost per unit of weight.
    pub unserved: Option<f64>,
}

/// The assignment part shared by p-median and fixed-charge: for every
/// point of `served`, an `x_ds` per openable site of its row with its
/// weighted cost, the link `x_dj ≤ y_j` (2), the optional far and unserved
/// shares, and `Σ x + f + u = 1` (1). Returns the load expression of each
/// site (capacities) and, when `warm` serves every point, the warm-start
/// values of the new variables.
pub(crate) fn assignment_rows(
    f: &mut Formulation,
    dec: &mut Decoder,
    (problem, costs, spec): (&Problem, &CostMatrix, &ModelSpec),
    roles: &Roles,
    served: &[usize],
    warm: Option<&[bool]>,
    rules: &RowRules,
) -> Result<(Vec<Expression>, Option<Hint>)> {
    let n_openable = roles.candidates.len() + roles.required.len();
    let mut load: Vec<Expression> = vec![Expression::default(); problem.sites().len()];
    let mut hint_ok = warm.is_some() && !any_capacity(problem, spec, roles);
    let mut hint: Hint = Vec::new();
    for &d in served {
        let w = problem.demand()[d].weight;
        let row = costs.row(d);
        let mut one = Expression::default();
        let mut nearest_open: Option<usize> = None;
        let mut in_row = 0usize;
        for (s, c) in row.iter() {
            if !roles.openable(s) {
                continue;
            }
            in_row += 1;
            let def = if rules.binary {
                variable().binary()
            } else {
                variable().min(0.0).max(1.0)
            };
            let x = f.variables.add(def);
            f.objective.add_mul(w * c, x);
            one.add_mul(1.0, x);
            if let OpenVar::Var(y) = dec.open[s] {
                f.constraints.push((Expression::from(x) - y).leq(0.0)); // (2)
            }
            if capacity(problem, spec, s).is_some() {
                load[s].add_mul(w, x);
            }
            dec.assign.push((d as u32, s as u32, x));
            if let Some(open) = warm {
                let take = nearest_open.is_none() && open[s];
                if take {
                    nearest_open = Some(s);
                }
                hint.push((x, if take { 1.0 } else { 0.0 }));
            }
        }
        let cut = row_is_cut(costs, d);
        let far_needed = rules.allow_far && cut && in_row < n_openable;
        if far_needed {
            let fd = f.variables.add(variable().min(0.0).max(1.0));
            let dearest = row.costs.last().copied().unwrap_or(0.0);
            f.objective.add_mul(w * dearest, fd);
            one.add_mul(1.0, fd);
            dec.far.push((d as u32, fd));
            hint.push((fd, if nearest_open.is_none() { 1.0 } else { 0.0 }));
        } else if let (false, Some(penalty)) = (cut, rules.unserved) {
            let ud = f.variables.add(variable().min(0.0).max(1.0));
            f.objective.add_mul(w * penalty, ud);
            one.add_mul(1.0, ud);
            hint.push((ud, if nearest_open.is_none() { 1.0 } else { 0.0 }));
        } else if in_row == 0 {
            return Err(too_few_nearest(costs));
        } else if nearest_open.is_none() {
            hint_ok = false;
        }
        f.constraints.push(one.eq(1.0)); // (1)
    }
    Ok((load, hint_ok.then_some(hint)))
}
