//! stub
use std::time::Instant;
use super::HeuristicOptions;
use crate::error::{Error, Result};
use crate::models::ModelSpec;
use crate::plan::Plan;
use crate::problem::Problem;
use crate::solve::SolveParams;
use crate::travel::CostMatrix;
/// Penalty.
pub fn fixed_charge_penalty(_problem: &Problem, _costs: &CostMatrix) -> f64 { 0.0 }
pub(crate) fn solve(_problem: &Problem, _costs: &CostMatrix, _spec: &ModelSpec, _params: &SolveParams, _opts: &HeuristicOptions, _start: Instant, _deadline: Instant) -> Result<Plan> { Err(Error::Usage("x".into())) }
