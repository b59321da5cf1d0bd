//! The exact routes of max-coverage and set cover, and their entries in
//! the route table.

use super::types::{Engine, LpBound, OwnExact, Routes};
use crate::error::{Error, Result};
use crate::models::common;
use crate::models::{max_coverage, set_cover};
use crate::plan::{Plan, PlanStatus};
use crate::solve::backend::Outcome;
use crate::solve::greedy::{self, Adder};
use crate::solve::heuristic;
use crate::solve::mip::Ctx;

/// Max-coverage: the MIP route (also for capacities, which the engine
/// lacks), the engine's swap search and the own branch-and-bound on models
/// above the MIP route's size.
pub(super) static MAX_COVERAGE: Routes = Routes {
    mip: |ctx| ctx.coverage(),
    engine: Some(Engine {
        solve: heuristic::median_search,
        capacities: false,
    }),
    own_exact: Some(OwnExact {
        solve: heuristic::median_branch_and_bound,
        capacities: false,
        mip_when_small: true,
    }),
    lp_bound: Some(LpBound {
        formulate: |p, c, s| Some(max_coverage::formulate(p, c, s, None)),
        // The MIP's objective carries the tie-break term `−ε c` (at most
        // a 10⁻⁶ share of each covered weight), so its LP optimum over
        // (1 − 10⁻⁶) bounds the covered weight.
        bound: |lp, slack| (lp + slack) / (1.0 - max_coverage::TIE_BREAK),
    }),
};

/// Set cover: the MIP route, the engine's greedy with redundancy
/// elimination and Lagrangian bound, and the own branch-and-bound
/// (max-coverage trees with fewer and fewer new sites).
pub(super) static SET_COVER: Routes = Routes {
    mip: |ctx| ctx.set_cover(),
    engine: Some(Engine {
        solve: heuristic::cover_search,
        capacities: true,
    }),
    own_exact: Some(OwnExact {
        solve: heuristic::cover_branch_and_bound,
        capacities: true,
        mip_when_small: true,
    }),
    lp_bound: None,
};

impl Ctx<'_> {
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
}
