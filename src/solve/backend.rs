//! The MIP backends behind good_lp: microlp (pure Rust, the default) or,
//! with the cargo feature `highs`, HiGHS. This is the only file that names
//! a backend.

use std::collections::HashMap;

use good_lp::solvers::{ResolutionError, SolutionStatus};
use good_lp::{IntoAffineExpression, Solution, SolverModel, Variable, WithInitialSolution};
#[cfg(not(feature = "highs"))]
use good_lp::{WithMipGap, WithTimeLimit};

use crate::error::{Error, Result};
use crate::models::{Formulation, Sense, Values};
use crate::solve::SolveParams;

/// A solved formulation.
#[derive(Debug, Clone)]
pub(crate) struct Solved {
    /// Every variable's value.
    pub values: Values,
    /// Proven optimal (within the requested gap).
    pub optimal: bool,
    /// Best proven bound on the formulation's objective, when known.
    pub bound: Option<f64>,
    /// Branch-and-bound nodes.
    pub nodes: u64,
    /// Simplex iterations.
    pub iterations: u64,
}

/// How a backend call ended.
#[derive(Debug, Clone)]
pub(crate) enum Outcome {
    /// A solution (optimal or not).
    Solved(Solved),
    /// Proven infeasible.
    Infeasible,
    /// Stopped at the time limit with no solution.
    NoSolution,
}

/// The backend's name, as plans report it.
pub(crate) fn name() -> &'static str {
    if cfg!(feature = "highs") {
        "highs"
    } else {
        "microlp"
    }
}

/// The optimum of the LP relaxation of `f` (integrality dropped; HiGHS's
/// `solve_relaxation`), solved within `seconds` on `threads` threads;
/// `None` unless HiGHS finished it optimal.
#[cfg(feature = "highs")]
pub(crate) fn lp_relaxation(f: Formulation, seconds: f64, threads: usize) -> Option<f64> {
    if f.variables.is_empty() || seconds.is_nan() || seconds <= 0.0 {
        return None;
    }
    let objective = f.objective.clone();
    let unsolved = match f.sense {
        Sense::Minimise => f.variables.minimise(f.objective),
        Sense::Maximise => f.variables.maximise(f.objective),
    };
    let mut model = unsolved
        .using(good_lp::highs)
        .set_time_limit(seconds)
        .set_threads(threads.max(1) as u32)
        .set_option("solve_relaxation", true);
    for c in f.constraints {
        model.add_constraint(c);
    }
    let sol = model.solve().ok()?;
    if !matches!(sol.status(), SolutionStatus::Optimal) {
        return None;
    }
    Some(objective.eval_with(&sol))
}

/// Solves `f` within `seconds`, with `params.gap` (and, for HiGHS,
/// `params.threads`), starting from `f.hint` when it is non-empty.
pub(crate) fn solve(f: Formulation, params: &SolveParams, seconds: f64) -> Result<Outcome> {
    let vars: Vec<Variable> = f
        .variables
        .iter_variables_with_def()
        .map(|(v, _)| v)
        .collect();
    if vars.is_empty() {
        return Ok(Outcome::Solved(Solved {
            values: Values::default(),
            optimal: true,
            bound: None,
            nodes: 0,
            iterations: 0,
        }));
    }
    if seconds.is_nan() || seconds <= 0.0 {
        return Ok(Outcome::NoSolution);
    }
    let objective = f.objective.clone();
    // Backends see only the linear part; bounds are reported with the constant.
    let offset = objective.constant();
    let unsolved = match f.sense {
        Sense::Minimise => f.variables.minimise(f.objective),
        Sense::Maximise => f.variables.maximise(f.objective),
    };
    let gap = params.gap.max(0.0) as f32;
    let values_of = |sol: &dyn Fn(Variable) -> f64| -> Values {
        Values(vars.iter().map(|&v| (v, sol(v))).collect::<HashMap<_, _>>())
    };

    #[cfg(not(feature = "highs"))]
    let result = {
        let mut model = unsolved
            .using(good_lp::microlp)
            .with_time_limit(seconds)
            .with_mip_gap(gap)
            .map_err(|e| Error::Usage(format!("gap {}: {e}", params.gap)))?;
        if !f.hint.is_empty() {
            model = model.with_initial_solution(f.hint);
        }
        for c in f.constraints {
            model.add_constraint(c);
        }
        model.solve().map(|sol| {
            let status = sol.status();
            let values = values_of(&|v| sol.value(v));
            let stats = sol.into_inner().stats();
            Solved {
                values,
                optimal: matches!(status, SolutionStatus::Optimal | SolutionStatus::GapLimit),
                bound: stats.best_bound.map(|b| b + offset),
                nodes: stats.nodes_solved,
                iterations: stats.lp_iterations,
            }
        })
    };

    #[cfg(feature = "highs")]
    let result = {
        let mut model = unsolved
            .using(good_lp::highs)
            .set_time_limit(seconds)
            .set_threads(params.threads.max(1) as u32)
            .set_mip_rel_gap(gap)
            .map_err(|e| Error::Usage(format!("gap {}: {e}", params.gap)))?;
        if !f.hint.is_empty() {
            // With presolve on, HiGHS (1.x through the highs crate 2.4) mapped
            // a MIP start into the presolved space, found it optimal there
            // and returned the start itself as "optimal" although better
            // plans existed (seen on a 7-site p-median; the brute-force
            // oracle tests catch it). Warm starts therefore run without
            // presolve.
            model = model.set_presolve(good_lp::solvers::highs::HighsPresolveType::Off);
            model = model.with_initial_solution(f.hint);
        }
        for c in f.constraints {
            model.add_constraint(c);
        }
        model.solve().map(|sol| {
            let status = sol.status();
            let values = values_of(&|v| sol.value(v));
            let obj = good_lp::Expression::eval_with(&objective, &values.0);
            // HiGHS's own dual bound is not exposed through good_lp; a stop
            // within the gap proves a bound that far from the objective.
            let slack = match status {
                SolutionStatus::Optimal => Some(0.0),
                SolutionStatus::GapLimit => Some(params.gap.max(0.0) * obj.abs()),
                _ => None,
            };
            let bound = slack.map(|g| match f.sense {
                Sense::Minimise => obj - g,
                Sense::Maximise => obj + g,
            });
            Solved {
                values,
                optimal: matches!(status, SolutionStatus::Optimal | SolutionStatus::GapLimit),
                bound,
                nodes: 0,
                iterations: 0,
            }
        })
    };
    let _ = (&objective, offset);

    match result {
        Ok(s) => Ok(Outcome::Solved(s)),
        Err(ResolutionError::Infeasible) => Ok(Outcome::Infeasible),
        Err(ResolutionError::Other(_)) => Ok(Outcome::NoSolution),
        Err(ResolutionError::Unbounded) => Err(Error::Solver(
            "the model is unbounded (this is a bug in siteplan)".into(),
        )),
        Err(e) => Err(Error::Solver(format!("{}: {e}", name()))),
    }
}
