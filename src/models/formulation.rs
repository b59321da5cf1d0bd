//! The solver-neutral shape every exact model is built into.
//!
//! A model file turns a [`Problem`](crate::Problem), a
//! [`CostMatrix`](crate::CostMatrix) and a [`ModelSpec`](super::ModelSpec)
//! into a [`Formulation`] (good_lp variables, objective, constraints and a
//! warm-start hint) plus a [`Decoder`] that reads a solution back into open
//! sites and assignments. Which backend solves it is decided in
//! [`crate::solve`] only.

use std::collections::HashMap;

use good_lp::{Constraint, Expression, ProblemVariables, Variable};

/// Whether the objective is minimised or maximised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    /// Smaller is better.
    Minimise,
    /// Larger is better.
    Maximise,
}

/// A mixed-integer program, ready for a backend.
pub struct Formulation {
    /// The variables (with bounds and integrality).
    pub variables: ProblemVariables,
    /// Minimise or maximise.
    pub sense: Sense,
    /// The objective.
    pub objective: Expression,
    /// The constraints.
    pub constraints: Vec<Constraint>,
    /// A complete feasible starting point (empty when none is known).
    pub hint: Vec<(Variable, f64)>,
}

impl Formulation {
    /// An empty minimisation.
    pub fn new(sense: Sense) -> Self {
        Formulation {
            variables: ProblemVariables::new(),
            sense,
            objective: Expression::default(),
            constraints: Vec::new(),
            hint: Vec::new(),
        }
    }

    /// Number of variables.
    pub fn n_variables(&self) -> usize {
        self.variables.len()
    }
}

impl std::fmt::Debug for Formulation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Formulation")
            .field("sense", &self.sense)
            .field("variables", &self.variables.len())
            .field("constraints", &self.constraints.len())
            .field("hint", &self.hint.len())
            .finish()
    }
}

/// Variable values of a solved [`Formulation`].
#[derive(Debug, Clone, Default)]
pub struct Values(pub HashMap<Variable, f64>);

impl Values {
    /// The value of `v` (0 when absent).
    pub fn get(&self, v: Variable) -> f64 {
        self.0.get(&v).copied().unwrap_or(0.0)
    }
}

/// Whether a site is open in a formulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenVar {
    /// Never open (competitor, excluded, or not usable by the model).
    Closed,
    /// Always open (an existing, required site).
    Open,
    /// Decided by the solver (a candidate).
    Var(Variable),
}

/// Reads a solution back into sites and assignments.
#[derive(Debug, Clone, Default)]
pub struct Decoder {
    /// One entry per site.
    pub open: Vec<OpenVar>,
    /// Assignment variables: (demand, site, share variable).
    pub assign: Vec<(u32, u32, Variable)>,
    /// "Far" variables of truncated rows: (demand, variable); a positive
    /// value means the point would be served by a site outside its row.
    pub far: Vec<(u32, Variable)>,
}

impl Decoder {
    /// Open flags, one per site.
    pub fn open_flags(&self, values: &Values) -> Vec<bool> {
        self.open
            .iter()
            .map(|o| match o {
                OpenVar::Closed => false,
                OpenVar::Open => true,
                OpenVar::Var(v) => values.get(*v) > 0.5,
            })
            .collect()
    }

    /// Non-zero shares: (demand, site, share), ordered by demand then site.
    pub fn shares(&self, values: &Values) -> Vec<(usize, usize, f64)> {
        let mut out: Vec<(usize, usize, f64)> = self
            .assign
            .iter()
            .filter_map(|&(d, s, v)| {
                let x = values.get(v);
                (x > 1e-7).then_some((d as usize, s as usize, x.min(1.0)))
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        out
    }

    /// True when some point uses its "far" option.
    pub fn uses_far(&self, values: &Values) -> bool {
        self.far.iter().any(|&(_, v)| values.get(v) > 1e-6)
    }
}
