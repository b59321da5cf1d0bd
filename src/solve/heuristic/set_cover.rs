//! stub
use std::time::Instant;
use crate::error::{Error, Result};
use crate::models::ModelSpec;
use crate::plan::Plan;
use crate::problem::Problem;
use crate::solve::SolveParams;
use crate::travel::CostMatrix;
pub(crate) fn solve(_problem: &Problem, _costs: &CostMatrix, _spec: &ModelSpec, _params: &SolveParams, _start: Instant, _deadline: Instant) -> Result<Plan> { Err(Error::Usage("x".into())) }
