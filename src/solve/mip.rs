//! The MIP route's shared machinery: the context of one exact solve
//! ([`Ctx`]: the problem, its roles, the time limit) and what every
//! model's exact route does with it: run a formulation on the backend, read
//! back open sites and assignments, and assemble the [`Plan`]. Each model's
//! own exact route (formulation, warm start, reading back) is in its file
//! under `solve/routes/`.

use std::time::Instant;

use crate::error::Result;
use crate::models::common::{Role, Roles};
use crate::models::{Decoder, Formulation, ModelSpec, Values};
use crate::plan::{relative_gap, Assignment, Plan, PlanStatus, SolveStats};
use crate::problem::Problem;
use crate::solve::backend::{self, Outcome, Solved};
use crate::solve::greedy::Adder;
use crate::solve::SolveParams;
use crate::travel::CostMatrix;

/// What a plan's method says when rows cut to the k nearest kept it from
/// being proven optimal.
pub const K_NEAREST_NOTE: &str = "served within the k nearest";

/// One exact solve: its inputs, the sites' roles and when it started.
pub(crate) struct Ctx<'a> {
    pub(crate) problem: &'a Problem,
    pub(crate) costs: &'a CostMatrix,
    pub(crate) spec: &'a ModelSpec,
    pub(crate) params: &'a SolveParams,
    pub(crate) roles: Roles,
    pub(crate) start: Instant,
}

/// What one backend call left behind.
pub(crate) struct Run {
    pub(crate) outcome: Outcome,
    pub(crate) variables: usize,
    pub(crate) constraints: usize,
}

impl<'a> Ctx<'a> {
    /// The context of a solve that starts now.
    pub(crate) fn new(
        problem: &'a Problem,
        costs: &'a CostMatrix,
        spec: &'a ModelSpec,
        params: &'a SolveParams,
    ) -> Self {
        Ctx {
            problem,
            costs,
            spec,
            params,
            roles: Roles::of(problem),
            start: Instant::now(),
        }
    }
}

impl Ctx<'_> {
    pub(crate) fn remaining(&self) -> f64 {
        self.params.time_limit - self.start.elapsed().as_secs_f64()
    }

    pub(crate) fn run(&self, f: Formulation) -> Result<Run> {
        let (variables, constraints) = (f.n_variables(), f.constraints.len());
        let outcome = backend::solve(f, self.params, self.remaining())?;
        Ok(Run {
            outcome,
            variables,
            constraints,
        })
    }

    pub(crate) fn method(&self, note: &str) -> String {
        format!("exact ({}{note})", backend::name())
    }

    pub(crate) fn stats(&self, run: &Run, s: Option<&Solved>) -> SolveStats {
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
    pub(crate) fn plan(
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
            timeline: None,
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
    pub(crate) fn no_solution(&self, run: &Run) -> Plan {
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
    pub(crate) fn nearest(&self, open: &[bool], cutoff: Option<f64>) -> Vec<Assignment> {
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
    pub(crate) fn shares(&self, dec: &Decoder, values: &Values) -> Vec<Assignment> {
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

    pub(crate) fn weighted_cost(&self, a: &[Assignment]) -> f64 {
        a.iter()
            .map(|a| self.problem.demand()[a.demand].weight * a.share * a.cost)
            .sum()
    }

    pub(crate) fn required_open(&self) -> Vec<bool> {
        self.roles
            .role
            .iter()
            .map(|&r| r == Role::Required)
            .collect()
    }

    /// Greedy cover at radius `r` of the points flagged in `mask`, or of
    /// at least `need` weight when given.
    pub(crate) fn cover_greedy(
        &self,
        cols: &crate::travel::SiteColumns,
        r: f64,
        mask: &[bool],
    ) -> Vec<bool> {
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
}
