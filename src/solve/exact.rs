//! Exact solves through good_lp (microlp by default, HiGHS with
//! `--features highs`): formulate the model (see [`crate::models`]), warm
//! start it from a quick greedy plan, solve within the time limit, and read
//! the solution back into a [`Plan`] whose objective is recomputed from
//! the plan itself (not copied from the solver).

use std::time::Instant;

use crate::error::{Error, Result};
use crate::models::common::{self, Role, Roles};
use crate::models::{
    fixed_charge, max_coverage, p_center, p_median, set_cover, Decoder, Formulation, ModelKind,
    ModelSpec, Values,
};
use crate::plan::{relative_gap, Assignment, Plan, PlanStatus, SolveStats};
use crate::problem::Problem;
use crate::solve::backend::{self, Outcome, Solved};
use crate::solve::greedy::{self, Adder};
use crate::solve::SolveParams;
use crate::travel::CostMatrix;

/// What a plan's method says when rows cut to the k nearest kept it from
/// being proven optimal.
pub const K_NEAREST_NOTE: &str = "served within the k nearest";

/// Largest number of kept cost-matrix pairs the exact route takes under
/// `Method::Auto`.
pub const AUTO_MAX_PAIRS: usize = 20_000;
/// Largest number of candidate sites the exact route takes under
/// `Method::Auto`.
pub const AUTO_MAX_CANDIDATES: usize = 200;

/// True when the model is small enough for the exact route under
/// `Method::Auto`: at most [`AUTO_MAX_PAIRS`] kept pairs and
/// [`AUTO_MAX_CANDIDATES`] candidate sites. `solve` asks it for
/// fixed-charge and capacitated p-median only (p-median goes to the own branch-and-bound,
/// max-coverage and set cover by kept pairs alone, p-center to this route
/// at any size). Measured
/// with microlp (docs/PERFORMANCE.md, "Exact models"): inside these limits
/// p-median, max-coverage and fixed-charge prove optimality in seconds
/// (the OR-Library pmed instances, 100 × 100 full matrices, in under half a
/// second); beyond them solves take tens of seconds or stop at the time
/// limit (a 2,000 × 300 set cover with 40,000 pairs is still 1.7 % from
/// proven after 30 s). Larger models go to the heuristic engine, which
/// states a bound.
///
/// ```
/// use siteplan::{CostMatrix, DemandPoint, ModelKind, Problem, Reach, Site};
/// use siteplan::models::ModelSpec;
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
///     .site(Site::new("x", 0.0, 0.0))
///     .build()?;
/// let m = CostMatrix::from_rows(1, vec![vec![(0, 1.0)]], Reach::all());
/// assert!(siteplan::solve::exact::is_small(&p, &m, &ModelSpec::new(ModelKind::PMedian)));
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn is_small(problem: &Problem, costs: &CostMatrix, _spec: &ModelSpec) -> bool {
    let candidates = problem
        .sites()
        .iter()
        .filter(|s| s.status == crate::SiteStatus::Candidate)
        .count();
    costs.n_pairs() <= AUTO_MAX_PAIRS && candidates <= AUTO_MAX_CANDIDATES
}

/// Solves exactly, or until `params.time_limit` (then the plan is
/// `feasible`, with the best bound proven so far).
///
/// ```
/// use siteplan::{CostMatrix, DemandPoint, ModelKind, PlanStatus, Problem, Reach, Site};
/// use siteplan::models::ModelSpec;
/// use siteplan::solve::{solve, Method, SolveParams};
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
///     .demand(DemandPoint::new("b", 0.0, 0.0, 3.0))
///     .site(Site::new("x", 0.0, 0.0)).site(Site::new("y", 0.0, 0.0))
///     .build()?;
/// let m = CostMatrix::from_rows(2, vec![vec![(0, 1.0), (1, 2.0)], vec![(0, 5.0), (1, 1.0)]], Reach::all());
/// let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
/// let plan = solve(&p, &m, &spec, &SolveParams::default().with_method(Method::Exact))?;
/// assert_eq!(plan.status, PlanStatus::Optimal);
/// assert_eq!(plan.new, vec![1]);
/// assert_eq!(plan.objective, 2.0 + 3.0);
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn solve(
    problem: &Problem,
    costs: &CostMatrix,
    spec: &ModelSpec,
    params: &SolveParams,
) -> Result<Plan> {
    if !(params.time_limit.is_finite() && params.time_limit > 0.0) {
        return Err(Error::Usage(format!(
            "time limit {}: expected a positive number of seconds",
            params.time_limit
        )));
    }
    if !(params.gap.is_finite() && params.gap >= 0.0) {
        return Err(Error::Usage(format!(
            "gap {}: expected a finite number ≥ 0",
            params.gap
        )));
    }
    if costs.n_demand() != problem.demand().len() || costs.n_sites() != problem.sites().len() {
        return Err(Error::Usage(
            "the cost matrix was built for a different problem".into(),
        ));
    }
    let ctx = Ctx {
        problem,
        costs,
        spec,
        params,
        roles: Roles::of(problem),
        start: Instant::now(),
    };
    match spec.kind {
        ModelKind::PMedian | ModelKind::FixedCharge => ctx.allocation(),
        ModelKind::MaxCoverage => ctx.coverage(),
        ModelKind::SetCover => ctx.set_cover(),
        ModelKind::PCenter => ctx.p_center(),
        ModelKind::MarketEntry => Err(crate::solve::market_entry_route()),
        ModelKind::MarketShare | ModelKind::TargetShare => {
            crate::solve::share::solve(problem, costs, spec, params)
        }
    }
}

struct Ctx<'a> {
    problem: &'a Problem,
    costs: &'a CostMatrix,
    spec: &'a ModelSpec,
    params: &'a SolveParams,
    roles: Roles,
    start: Instant,
}

/// What one backend call left behind.
struct Run {
    outcome: Outcome,
    variables: usize,
    constraints: usize,
}

impl Ctx<'_> {
    fn remaining(&self) -> f64 {
        self.params.time_limit - self.start.elapsed().as_secs_f64()
    }

    fn run(&self, f: Formulation) -> Result<Run> {
        let (variables, constraints) = (f.n_variables(), f.constraints.len());
        let outcome = backend::solve(f, self.params, self.remaining())?;
        Ok(Run {
            outcome,
            variables,
            constraints,
        })
    }

    fn method(&self, note: &str) -> String {
        format!("exact ({}{note})", backend::name())
    }

    fn stats(&self, run: &Run, s: Option<&Solved>) -> SolveStats {
        SolveStats {
            seconds: self.start.elapsed().as_secs_f64(),
            nodes: s.map_or(0, |s| s.nodes),
            iterations: s.map_or(0, |s| s.iterations),
            variables: run.variables,
            constraints: run.constraints,
            rows_bind: false,
        }
    }

    /// A plan from open flags and an assignment; the objective is given.
    #[allow(clippy::too_many_arguments)]
    fn plan(
        &self,
        status: PlanStatus,
        open: &[bool],
        assignment: Vec<Assignment>,
        objective: f64,
        bound: Option<f64>,
        minimise: bool,
        stats: SolveStats,
        note: &str,
    ) -> Plan {
        let open_list: Vec<usize> = (0..open.len()).filter(|&s| open[s]).collect();
        let new: Vec<usize> = open_list
            .iter()
            .copied()
            .filter(|&s| self.roles.role[s] == Role::Candidate)
            .collect();
        let bound = match (status, bound) {
            (PlanStatus::Optimal, None) => Some(objective),
            (_, Some(b)) if minimise => Some(b.min(objective)),
            (_, Some(b)) => Some(b.max(objective)),
            (_, None) => None,
        };
        Plan {
            model: self.spec.kind,
            method: self.method(note),
            status,
            open: open_list,
            new,
            assignment,
            objective,
            bound,
            gap: bound.map(|b| relative_gap(objective, b)),
            stats,
        }
    }

    /// A plan with nothing found (time limit before any solution).
    fn no_solution(&self, run: &Run) -> Plan {
        let open: Vec<bool> = self
            .roles
            .role
            .iter()
            .map(|&r| r == Role::Required)
            .collect();
        let mut p = self.plan(
            PlanStatus::NoSolution,
            &open,
            Vec::new(),
            f64::NAN,
            None,
            true,
            self.stats(run, None),
            "",
        );
        p.objective = f64::NAN;
        p
    }

    /// Each demand point to its nearest open site (within `cutoff`, if given).
    fn nearest(&self, open: &[bool], cutoff: Option<f64>) -> Vec<Assignment> {
        (0..self.costs.n_demand())
            .filter_map(|d| {
                let (s, c) = self.costs.row(d).iter().find(|&(s, _)| open[s])?;
                cutoff.is_none_or(|r| c <= r).then_some(Assignment {
                    demand: d,
                    site: s,
                    share: 1.0,
                    cost: c,
                })
            })
            .collect()
    }

    /// The solver's shares, with their costs.
    fn shares(&self, dec: &Decoder, values: &Values) -> Vec<Assignment> {
        dec.shares(values)
            .into_iter()
            .map(|(d, s, share)| Assignment {
                demand: d,
                site: s,
                share,
                cost: self.costs.cost(d, s).unwrap_or(0.0),
            })
            .collect()
    }

    fn weighted_cost(&self, a: &[Assignment]) -> f64 {
        a.iter()
            .map(|a| self.problem.demand()[a.demand].weight * a.share * a.cost)
            .sum()
    }

    fn required_open(&self) -> Vec<bool> {
        self.roles
            .role
            .iter()
            .map(|&r| r == Role::Required)
            .collect()
    }

    // ---------------------------------------------------------------- p-median, fixed-charge

    fn allocation(&self) -> Result<Plan> {
        let (problem, costs, spec) = (self.problem, self.costs, self.spec);
        let is_median = spec.kind == ModelKind::PMedian;
        let p = if is_median {
            Some(common::exact_new_sites(spec, &self.roles)?)
        } else {
            None
        };
        let capacitated = common::any_capacity(problem, spec, &self.roles);
        let warm = self.allocation_greedy(p);
        let formulate = |allow_far: bool| {
            if is_median {
                p_median::formulate(problem, costs, spec, Some(&warm), allow_far)
            } else {
                fixed_charge::formulate(problem, costs, spec, Some(&warm), allow_far)
            }
        };
        let (f, dec) = formulate(true)?;
        let run = self.run(f)?;
        let s = match &run.outcome {
            Outcome::Infeasible => return Err(Error::Infeasible(self.allocation_reason(p))),
            Outcome::NoSolution => return Ok(self.allocation_fallback(&warm, &run, capacitated)),
            Outcome::Solved(s) => s,
        };
        if !dec.uses_far(&s.values) {
            return Ok(self.allocation_plan(&dec, s, &run, capacitated, s.bound, s.optimal, ""));
        }
        // The relaxation served some point outside its k nearest: its value
        // is only a lower bound. Re-solve with every point kept within its
        // row for a plan that can be costed.
        let lower = s.bound;
        let (f, dec) = formulate(false)?;
        let run = self.run(f)?;
        match &run.outcome {
            Outcome::Solved(s2) => {
                let mut plan = self.allocation_plan(
                    &dec,
                    s2,
                    &run,
                    capacitated,
                    lower,
                    false,
                    &format!(", {K_NEAREST_NOTE}"),
                );
                if s2.optimal
                    && s.optimal
                    && lower.is_some_and(|l| relative_gap(plan.objective, l) <= self.params.gap)
                {
                    plan.status = PlanStatus::Optimal;
                } else {
                    plan.stats.rows_bind = true;
                }
                Ok(plan)
            }
            Outcome::Infeasible | Outcome::NoSolution => {
                let mut plan = self.no_solution(&run);
                plan.stats.rows_bind = true;
                Ok(plan)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn allocation_plan(
        &self,
        dec: &Decoder,
        s: &Solved,
        run: &Run,
        capacitated: bool,
        bound: Option<f64>,
        optimal: bool,
        note: &str,
    ) -> Plan {
        let open = dec.open_flags(&s.values);
        let assignment = if capacitated {
            self.shares(dec, &s.values)
        } else {
            let (served, _) = common::reachable_points(self.costs, &self.roles);
            let mut mask = vec![false; self.costs.n_demand()];
            for d in served {
                mask[d] = true;
            }
            self.nearest(&open, None)
                .into_iter()
                .filter(|a| mask[a.demand])
                .collect()
        };
        let objective = self.allocation_objective(&open, &assignment);
        let status = if optimal {
            PlanStatus::Optimal
        } else {
            PlanStatus::Feasible
        };
        self.plan(
            status,
            &open,
            assignment,
            objective,
            bound,
            true,
            self.stats(run, Some(s)),
            note,
        )
    }

    /// True when this p-median charges reachable points left unserved
    /// instead of requiring them served ([`common::unserved_allowed`]).
    fn median_unserved_allowed(&self) -> bool {
        self.spec.kind == ModelKind::PMedian
            && common::unserved_allowed(common::any_capacity(self.problem, self.spec, &self.roles))
    }

    fn allocation_objective(&self, open: &[bool], assignment: &[Assignment]) -> f64 {
        let mut obj = self.weighted_cost(assignment);
        if self.median_unserved_allowed() {
            // Reachable points without an open site in reach cost the
            // penalty, as in the model (unreachable ones add nothing).
            let (served, _) = common::reachable_points(self.costs, &self.roles);
            let demand = self.problem.demand();
            let mut assigned = vec![false; demand.len()];
            for a in assignment {
                assigned[a.demand] = true;
            }
            let left: f64 = served
                .iter()
                .filter(|&&d| !assigned[d])
                .map(|&d| demand[d].weight)
                .sum();
            obj += crate::solve::heuristic::unserved_penalty(self.costs) * left;
        }
        if self.spec.kind == ModelKind::FixedCharge {
            obj += (0..open.len())
                .filter(|&s| open[s])
                .map(|s| self.problem.sites()[s].fixed_cost)
                .sum::<f64>();
        }
        obj
    }

    fn allocation_reason(&self, p: Option<usize>) -> String {
        let spec = self.spec;
        let mut limits = Vec::new();
        if common::any_capacity(self.problem, spec, &self.roles) {
            limits.push("the site capacities".to_string());
        }
        if let Some(b) = spec.budget {
            limits.push(format!("the budget {b}"));
        }
        if let (None, Some(n)) = (p, spec.new_sites) {
            limits.push(format!("at most {n} new sites"));
        }
        let within = if limits.is_empty() {
            String::new()
        } else {
            format!(" within {}", limits.join(" and "))
        };
        let cut = self
            .costs
            .reach()
            .cutoff
            .map(|c| format!(" (cutoff {c})"))
            .unwrap_or_default();
        match p {
            Some(p) => format!(
                "no choice of {p} new sites serves every demand point that a site can reach{cut}{within}; \
                 raise the number of new sites or the cutoff, or use max-coverage"
            ),
            None => format!(
                "no set of sites serves every demand point that a site can reach{cut}{within}"
            ),
        }
    }

    /// Greedy open flags: p-median adds `p` sites; fixed-charge adds sites
    /// while the total cost falls (within the budget and new-site cap).
    fn allocation_greedy(&self, p: Option<usize>) -> Vec<bool> {
        let cols = self.costs.transpose();
        let score = |c: f64| c;
        let adder = Adder {
            costs: self.costs,
            cols: &cols,
            weights: greedy::weights(self.problem),
            score: &score,
            unserved: 10.0 * greedy::max_cost(self.costs) + 1.0,
        };
        let mut open = self.required_open();
        let cands = &self.roles.candidates;
        match p {
            Some(p) => adder.add(&mut open, cands, p, &|_| 0.0, false, &mut |_| true),
            None => {
                let sites = self.problem.sites();
                let cap = self.spec.new_sites.unwrap_or(cands.len());
                let budget = self.spec.budget.unwrap_or(f64::INFINITY);
                let mut spent = 0.0;
                for _ in 0..cap {
                    let before: Vec<bool> = open.clone();
                    adder.add(
                        &mut open,
                        cands,
                        1,
                        &|j| sites[j].fixed_cost,
                        true,
                        &mut |j| spent + sites[j].fixed_cost <= budget,
                    );
                    match (0..open.len()).find(|&j| open[j] && !before[j]) {
                        Some(j) => spent += sites[j].fixed_cost,
                        None => break,
                    }
                }
            }
        }
        open
    }

    /// The greedy plan when the solver stopped without one.
    fn allocation_fallback(&self, warm: &[bool], run: &Run, capacitated: bool) -> Plan {
        if capacitated {
            return self.no_solution(run);
        }
        let (served, _) = common::reachable_points(self.costs, &self.roles);
        let assignment: Vec<Assignment> = self
            .nearest(warm, None)
            .into_iter()
            .filter(|a| served.binary_search(&a.demand).is_ok())
            .collect();
        if assignment.len() < served.len() && !self.median_unserved_allowed() {
            return self.no_solution(run);
        }
        let objective = self.allocation_objective(warm, &assignment);
        self.plan(
            PlanStatus::Feasible,
            warm,
            assignment,
            objective,
            None,
            true,
            self.stats(run, None),
            ", greedy plan at the time limit",
        )
    }

    // ---------------------------------------------------------------- max-coverage

    fn coverage(&self) -> Result<Plan> {
        let (problem, costs, spec) = (self.problem, self.costs, self.spec);
        let p = common::exact_new_sites(spec, &self.roles)?;
        let r = common::coverage_cutoff(spec, costs)?;
        let capacitated = common::any_capacity(problem, spec, &self.roles);
        let cols = costs.transpose();
        let score = |c: f64| if c <= r { c / (r + 1.0) } else { 1.0 };
        let adder = Adder {
            costs,
            cols: &cols,
            weights: greedy::weights(problem),
            score: &score,
            unserved: 1.0,
        };
        let mut warm = self.required_open();
        adder.add(
            &mut warm,
            &self.roles.candidates,
            p,
            &|_| 0.0,
            false,
            &mut |_| true,
        );
        let (f, dec) = max_coverage::formulate(problem, costs, spec, Some(&warm))?;
        let run = self.run(f)?;
        let (open, assignment, status, bound, solved) = match &run.outcome {
            Outcome::Infeasible => {
                return Err(Error::Infeasible(format!(
                    "no choice of {p} new sites satisfies the coverage model"
                )))
            }
            Outcome::NoSolution if capacitated => return Ok(self.no_solution(&run)),
            Outcome::NoSolution => (
                warm.clone(),
                self.nearest(&warm, Some(r)),
                PlanStatus::Feasible,
                None,
                None,
            ),
            Outcome::Solved(s) => {
                let open = dec.open_flags(&s.values);
                let assignment = if capacitated {
                    self.shares(&dec, &s.values)
                } else {
                    self.nearest(&open, Some(r))
                };
                let status = if s.optimal {
                    PlanStatus::Optimal
                } else {
                    PlanStatus::Feasible
                };
                // The tie-break term weighs at most TIE_BREAK × total weight.
                let bound = if s.optimal {
                    None
                } else {
                    s.bound
                        .map(|b| b + max_coverage::TIE_BREAK * problem.total_weight())
                };
                (open, assignment, status, bound, Some(s))
            }
        };
        let covered: f64 = assignment
            .iter()
            .map(|a| problem.demand()[a.demand].weight * a.share)
            .sum();
        let stats = self.stats(&run, solved);
        Ok(self.plan(
            status,
            &open,
            assignment,
            covered,
            bound,
            false,
            stats,
            if solved.is_none() {
                ", greedy plan at the time limit"
            } else {
                ""
            },
        ))
    }

    // ---------------------------------------------------------------- set-cover

    /// Greedy cover at radius `r` of the points flagged in `mask`, or of
    /// at least `need` weight when given.
    fn cover_greedy(&self, cols: &crate::travel::SiteColumns, r: f64, mask: &[bool]) -> Vec<bool> {
        let score = |c: f64| if c <= r { 0.0 } else { 1.0 };
        let adder = Adder {
            costs: self.costs,
            cols,
            weights: mask.iter().map(|&m| if m { 1.0 } else { 0.0 }).collect(),
            score: &score,
            unserved: 1.0,
        };
        let mut open = self.required_open();
        adder.add(
            &mut open,
            &self.roles.candidates,
            self.roles.candidates.len(),
            &|_| 0.0,
            true,
            &mut |_| true,
        );
        open
    }

    fn set_cover(&self) -> Result<Plan> {
        let (problem, costs, spec) = (self.problem, self.costs, self.spec);
        let r = common::coverage_cutoff(spec, costs)?;
        let cols = costs.transpose();
        let warm = match spec.min_coverage_pct {
            None => self.cover_greedy(&cols, r, &vec![true; costs.n_demand()]),
            Some(pct) => {
                // Weighted greedy until the share is reached.
                let score = |c: f64| if c <= r { 0.0 } else { 1.0 };
                let adder = Adder {
                    costs,
                    cols: &cols,
                    weights: greedy::weights(problem),
                    score: &score,
                    unserved: 1.0,
                };
                let mut open = self.required_open();
                let need = pct / 100.0 * problem.total_weight();
                for _ in 0..self.roles.candidates.len() {
                    let ev = crate::evaluate(problem, costs, &open, Some(r));
                    if ev.covered_weight >= need {
                        break;
                    }
                    adder.add(
                        &mut open,
                        &self.roles.candidates,
                        1,
                        &|_| 0.0,
                        true,
                        &mut |_| true,
                    );
                }
                open
            }
        };
        let (f, dec) = set_cover::formulate(problem, costs, spec, Some(&warm))?;
        let run = self.run(f)?;
        let (open, status, bound, solved) = match &run.outcome {
            Outcome::Infeasible => {
                return Err(Error::Infeasible(format!(
                    "no set of candidate sites covers the requested demand within {r}"
                )))
            }
            Outcome::NoSolution => (warm.clone(), PlanStatus::Feasible, None, None),
            Outcome::Solved(s) => (
                dec.open_flags(&s.values),
                if s.optimal {
                    PlanStatus::Optimal
                } else {
                    PlanStatus::Feasible
                },
                s.bound,
                Some(s),
            ),
        };
        let n_new = self.roles.candidates.iter().filter(|&&j| open[j]).count() as f64;
        let stats = self.stats(&run, solved);
        Ok(self.plan(
            status,
            &open,
            self.nearest(&open, Some(r)),
            n_new,
            bound,
            true,
            stats,
            "",
        ))
    }

    // ---------------------------------------------------------------- p-center

    fn p_center(&self) -> Result<Plan> {
        let (problem, costs) = (self.problem, self.costs);
        let search = p_center::search(problem, costs, self.spec)?;
        let cols = costs.transpose();
        let radii = &search.radii;
        let count_new = |open: &[bool]| self.roles.candidates.iter().filter(|&&j| open[j]).count();
        // Decision at radius index i: Some(open) when a cover with ≤ p new
        // sites exists, None when proven impossible; Err(()) when unknown.
        let mut nodes = 0u64;
        let mut iterations = 0u64;
        let (mut variables, mut constraints) = (0, 0);
        let mut decide = |i: usize| -> Result<std::result::Result<Option<Vec<bool>>, ()>> {
            let r = radii[i];
            let warm = self.cover_greedy(&cols, r, &search.served);
            let warm_covers = (0..costs.n_demand())
                .filter(|&d| search.served[d])
                .all(|d| costs.row(d).within(r).iter().any(|(s, _)| warm[s]));
            if warm_covers && count_new(&warm) <= search.p {
                return Ok(Ok(Some(warm)));
            }
            let (f, dec) = match p_center::formulate_at(problem, costs, &search, r, Some(&warm)) {
                Ok(x) => x,
                Err(Error::Infeasible(_)) => return Ok(Ok(None)),
                Err(e) => return Err(e),
            };
            variables = variables.max(f.n_variables());
            constraints = constraints.max(f.constraints.len());
            match backend::solve(f, self.params, self.remaining())? {
                Outcome::Infeasible => Ok(Ok(None)),
                Outcome::NoSolution => Ok(Err(())),
                Outcome::Solved(s) => {
                    nodes += s.nodes;
                    iterations += s.iterations;
                    let open = dec.open_flags(&s.values);
                    if count_new(&open) <= search.p {
                        Ok(Ok(Some(open)))
                    } else if s.optimal || s.bound.is_some_and(|b| b > search.p as f64 + 0.5) {
                        Ok(Ok(None))
                    } else {
                        Ok(Err(()))
                    }
                }
            }
        };
        let top = radii.len() - 1;
        let mut best = match decide(top)? {
            Ok(Some(open)) => (top, open),
            Ok(None) => {
                return Err(Error::Infeasible(format!(
                    "{} new sites cannot serve every demand point that a site can reach{}",
                    search.p,
                    costs
                        .reach()
                        .cutoff
                        .map(|c| format!(" (cutoff {c})"))
                        .unwrap_or_default()
                )))
            }
            Err(()) => {
                let run = Run {
                    outcome: Outcome::NoSolution,
                    variables,
                    constraints,
                };
                return Ok(self.no_solution(&run));
            }
        };
        // Invariant: radii[best.0] feasible; every index < proven_lo is
        // proven infeasible; lo..best.0 still undecided.
        let (mut lo, mut proven_lo) = (0usize, 0usize);
        while lo < best.0 {
            let mid = lo + (best.0 - lo) / 2;
            match decide(mid)? {
                Ok(Some(open)) => best = (mid, open),
                Ok(None) => {
                    if proven_lo == lo {
                        proven_lo = mid + 1;
                    }
                    lo = mid + 1;
                }
                Err(()) => lo = mid + 1,
            }
        }
        // Pad to exactly p new sites, largest cost reduction first.
        let mut open = best.1;
        let extra = search.p.saturating_sub(count_new(&open));
        let score = |c: f64| c;
        let adder = Adder {
            costs,
            cols: &cols,
            weights: greedy::weights(problem),
            score: &score,
            unserved: 10.0 * greedy::max_cost(costs) + 1.0,
        };
        adder.add(
            &mut open,
            &self.roles.candidates,
            extra,
            &|_| 0.0,
            false,
            &mut |_| true,
        );
        let assignment: Vec<Assignment> = self
            .nearest(&open, None)
            .into_iter()
            .filter(|a| search.served[a.demand])
            .collect();
        let objective = assignment.iter().map(|a| a.cost).fold(0.0, f64::max);
        let optimal = proven_lo >= best.0;
        let bound = radii[proven_lo.min(best.0)];
        let stats = SolveStats {
            seconds: self.start.elapsed().as_secs_f64(),
            nodes,
            iterations,
            variables,
            constraints,
            rows_bind: false,
        };
        Ok(self.plan(
            if optimal {
                PlanStatus::Optimal
            } else {
                PlanStatus::Feasible
            },
            &open,
            assignment,
            objective,
            Some(bound),
            true,
            stats,
            ", binary search over set covers",
        ))
    }
}
