//! The exact route of p-center (binary search over set covers), and its
//! entry in the route table.

use super::types::Routes;
use crate::error::{Error, Result};
use crate::models::p_center;
use crate::plan::{Assignment, Plan, PlanStatus, SolveStats};
use crate::solve::backend::{self, Outcome};
use crate::solve::greedy::{self, Adder};
use crate::solve::mip::{Ctx, Run};

/// p-center: the MIP route only (a binary search over set covers); the
/// engine has none, so `auto` takes the MIP route at any size.
pub(super) static P_CENTER: Routes = Routes {
    mip: |ctx| ctx.p_center(),
    engine: None,
    own_exact: None,
    lp_bound: None,
};

impl Ctx<'_> {
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
