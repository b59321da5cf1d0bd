//! The exact routes of p-median and fixed-charge (one allocation
//! formulation each, solved the same way), and their entries in the route
//! table.

use super::types::{Engine, LpBound, OwnExact, Routes};
use crate::error::{Error, Result};
use crate::models::common;
use crate::models::{fixed_charge, p_median, Decoder, ModelKind};
use crate::plan::{relative_gap, Assignment, Plan, PlanStatus};
use crate::solve::backend::{Outcome, Solved};
use crate::solve::greedy::{self, Adder};
use crate::solve::heuristic::{self, Call};
use crate::solve::mip::{Ctx, Run, K_NEAREST_NOTE};
use crate::solve::uses_capacities;

/// p-median: the MIP route, the engine (its fixed-charge search when sites
/// have capacities) and the own branch-and-bound without capacities.
pub(super) static P_MEDIAN: Routes = Routes {
    mip: |ctx| ctx.allocation(),
    engine: Some(Engine {
        solve: median_engine,
        capacities: true,
    }),
    own_exact: Some(OwnExact {
        solve: heuristic::median_branch_and_bound,
        capacities: false,
        mip_when_small: false,
    }),
    lp_bound: Some(LpBound {
        formulate: |p, c, s| Some(p_median::formulate(p, c, s, None, true)),
        bound: |lp, slack| lp - slack,
    }),
};

/// Fixed-charge: the MIP route and the engine's add/drop/swap search; its
/// LP bound only where the engine's model and the MIP are the same (no
/// budget, no limit on new sites, no capacities).
pub(super) static FIXED_CHARGE: Routes = Routes {
    mip: |ctx| ctx.allocation(),
    engine: Some(Engine {
        solve: heuristic::fixed_charge_search,
        capacities: true,
    }),
    own_exact: None,
    lp_bound: Some(LpBound {
        formulate: |p, c, s| {
            (s.budget.is_none() && s.new_sites.is_none() && !uses_capacities(p, s))
                .then(|| fixed_charge::formulate(p, c, s, None, true))
        },
        bound: |lp, slack| lp - slack,
    }),
};

/// The engine's p-median: swap search without capacities; with them, the
/// fixed-charge search (no fixed costs) bounded by the uncapacitated
/// p-median.
fn median_engine(c: &Call) -> Result<Plan> {
    if uses_capacities(c.problem, c.spec) {
        heuristic::median_search_capacitated(c)
    } else {
        heuristic::median_search(c)
    }
}

impl Ctx<'_> {
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
}
