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

/// How long past its time limit a microlp solve may run before [`solve`]
/// stops waiting for it: 2 % of the limit, between 0.25 s and 2 s.
#[cfg(not(feature = "highs"))]
fn grace(seconds: f64) -> f64 {
    (0.02 * seconds).clamp(0.25, 2.0)
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
    let values_of = move |sol: &dyn Fn(Variable) -> f64| -> Values {
        Values(vars.iter().map(|&v| (v, sol(v))).collect::<HashMap<_, _>>())
    };

    // microlp checks its time limit only every 1,000 simplex pivots, and on
    // models of tens of thousands of rows 1,000 pivots take many seconds
    // (a 51,200-variable capacitated p-median ran 80.9 s under a 60 s
    // limit). The solve therefore runs on its own thread, and the call
    // returns `NoSolution` once the limit (plus a short grace) has passed;
    // the abandoned thread stops by itself at microlp's next check.
    #[cfg(not(feature = "highs"))]
    let result = {
        let started = std::time::Instant::now();
        let (gap_text, hint, constraints) = (params.gap, f.hint, f.constraints);
        let solve = move || -> Result<std::result::Result<Solved, ResolutionError>> {
            let mut model = unsolved
                .using(good_lp::microlp)
                .with_time_limit(seconds)
                .with_mip_gap(gap)
                .map_err(|e| Error::Usage(format!("gap {gap_text}: {e}")))?;
            if !hint.is_empty() {
                model = model.with_initial_solution(hint);
            }
            for c in constraints {
                model.add_constraint(c);
            }
            Ok(model.solve().map(|sol| {
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
            }))
        };
        let (tx, rx) = std::sync::mpsc::channel();
        let worker = std::thread::Builder::new()
            .name("siteplan-microlp".into())
            .spawn(move || {
                let _ = tx.send(solve());
            })
            .map_err(|e| Error::Solver(format!("microlp: cannot start its thread: {e}")))?;
        let wait = std::time::Duration::from_secs_f64(seconds + grace(seconds));
        // Waits in short steps so that a stop request ends the wait at once.
        let step = std::time::Duration::from_millis(50);
        let got = loop {
            let left = wait.saturating_sub(started.elapsed());
            match rx.recv_timeout(left.min(step)) {
                Err(std::sync::mpsc::RecvTimeoutError::Timeout)
                    if !left.is_zero() && !crate::stop::requested() => {}
                other => break other,
            }
        };
        match got {
            Ok(r) => {
                let _ = worker.join();
                r?
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                return Ok(Outcome::NoSolution);
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                return Err(Error::Solver(
                    "microlp: its thread stopped without an answer".into(),
                ));
            }
        }
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

#[cfg(all(test, not(feature = "highs")))]
mod tests {
    use good_lp::{variable, Expression};

    use super::*;

    /// A capacitated p-median MIP on `n` × `n` points of a ring: big
    /// enough that microlp's root LP takes far longer than the limit.
    fn capacitated_median(n: usize) -> Formulation {
        let mut f = Formulation::new(Sense::Minimise);
        let y: Vec<Variable> = (0..n)
            .map(|_| f.variables.add(variable().binary()))
            .collect();
        let mut open = Expression::default();
        for &v in &y {
            open += v;
        }
        f.constraints.push(open.leq(5.0));
        let mut load: Vec<Expression> = vec![Expression::default(); n];
        for i in 0..n {
            let mut served = Expression::default();
            for (j, &yj) in y.iter().enumerate() {
                let x = f.variables.add(variable().min(0.0).max(1.0));
                let d = (i as f64 - j as f64).abs();
                f.objective += d.min(n as f64 - d) * x;
                served += x;
                load[j] += x;
                f.constraints.push((x - yj).leq(0.0));
            }
            f.constraints.push(served.eq(1.0));
        }
        for (j, l) in load.into_iter().enumerate() {
            f.constraints.push((l - (n as f64 / 4.0) * y[j]).leq(0.0));
        }
        f
    }

    #[test]
    fn microlp_returns_within_its_time_limit() {
        let f = capacitated_median(160);
        let seconds = 0.3;
        let t = std::time::Instant::now();
        let outcome = solve(f, &SolveParams::default(), seconds).unwrap();
        let took = t.elapsed().as_secs_f64();
        assert!(
            took <= seconds + grace(seconds) + 0.5,
            "took {took:.2} s with a {seconds} s limit ({outcome:?})"
        );
    }
}
