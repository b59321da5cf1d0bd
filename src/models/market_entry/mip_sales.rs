//! The sales part of the MIP when centers have a capacity, ramp up, or the
//! plant is built: assignment to the best open center, sales by opening
//! cohort and route.
//!
//! ```text
//! (10) Σ_{k ∈ B_ij} x_ikt ≥ y_jt            B_ij: the centers of i's row at or before j (largest capture first)
//! (11) Σ_j x_ijt ≤ 1,  x_ijt ≤ y_jt
//! (12) L_jt = Σ_i D_it a_ij x_ijt           load of j in BEV-market cars
//! (13) s_jtsr ≤ C (y_js − y_j,s−1)           cohort s (the year j opened); existing centers: one cohort, open
//! (14) s_jtsr ≤ q_r m_r L_jt
//! (15) s_jtsr ≤ M w_c(j)tr,  Σ_r w_ctr ≤ 1   one route per country and year
//! (16) Σ_{j,s} ρ_{t−s} s_jts,local ≤ K        the plant's capacity
//! objective += Σ δ_t v_r ρ_{t−s} s_jtsr
//! ```

#![allow(clippy::needless_range_loop)]

use super::economics::Route;
use super::instance::*;
use good_lp::{variable, Constraint, Expression, ProblemVariables, Variable};

impl MarketEntryInstance {
    /// Adds (10)–(16) for the usable pairs of countries without
    /// cross-border service (which the parameters require here).
    pub(super) fn formulate_sales(
        &self,
        vars: &mut ProblemVariables,
        objective: &mut Expression,
        constraints: &mut Vec<Constraint>,
        y: &[Vec<Variable>],
        u: &[Vec<Variable>],
    ) {
        let nt = self.years.len();
        let nc = self.countries.len();
        let cap = self.params.store_capacity;
        // x per column pair and year.
        let mut x: Vec<Vec<Variable>> = Vec::with_capacity(self.col_city.len());
        for k in 0..self.candidates.len() {
            for _p in self.col_start[k]..self.col_start[k + 1] {
                let xs: Vec<Variable> = (0..nt)
                    .map(|_| vars.add(variable().min(0.0).max(1.0)))
                    .collect();
                if !self.candidates[k].existing {
                    for t in 0..nt {
                        constraints.push(Expression::from(xs[t]).leq(y[k][t])); // (11)
                    }
                }
                x.push(xs);
            }
        }
        let pair = |k: usize, i: usize| -> usize {
            let (a, b) = (self.col_start[k], self.col_start[k + 1]);
            a + self.col_city[a..b]
                .binary_search(&(i as u32))
                .expect("row and column pairs agree")
        };
        // (10) and (11): by rows.
        for i in 0..self.city_demand.len() {
            let (a, b) = (self.row_start[i], self.row_start[i + 1]);
            if a == b {
                continue;
            }
            for t in 0..nt {
                let mut prefix = Expression::default();
                for q in a..b {
                    let k = self.row_cand[q] as usize;
                    prefix += x[pair(k, i)][t];
                    let open: Expression = if self.candidates[k].existing {
                        Expression::from(1.0)
                    } else {
                        Expression::from(y[k][t])
                    };
                    constraints.push(prefix.clone().geq(open)); // (10)
                }
                constraints.push(prefix.leq(1.0)); // (11)
            }
        }
        // Route selectors w[c][t][r].
        let mut w: Vec<Vec<Vec<(Route, Variable)>>> = vec![vec![Vec::new(); nt]; nc];
        for c in 0..nc {
            if self.countries[c].n_sites == 0 {
                continue;
            }
            for t in 0..nt {
                let mut sum = Expression::default();
                for e in self.available(c, t) {
                    if e.contribution_per_car <= 0.0 {
                        continue;
                    }
                    let v = vars.add(variable().binary());
                    sum += v;
                    w[c][t].push((e.route, v));
                }
                if !w[c][t].is_empty() {
                    match u[c].get(t) {
                        Some(&uc) => constraints.push(sum.leq(uc)), // (15)
                        None => constraints.push(sum.leq(1.0)),
                    }
                }
            }
        }
        // Sales by center, year, cohort and route.
        let mut plant_sales: Vec<Expression> = vec![Expression::default(); nt];
        for (k, cand) in self.candidates.iter().enumerate() {
            let (a, b) = (self.col_start[k], self.col_start[k + 1]);
            if a == b || (!cand.existing && y[k].is_empty()) {
                continue;
            }
            let c = cand.country;
            for t in 0..nt {
                let mut load = Expression::default();
                let mut max_load = 0.0;
                for p in a..b {
                    let i = self.col_city[p] as usize;
                    let l = self.base_cars[i * nt + t] * self.col_capture[p];
                    load += l * x[p][t];
                    max_load += l;
                }
                if max_load <= 0.0 {
                    continue;
                }
                let cohorts: Vec<Option<usize>> = if cand.existing {
                    vec![None]
                } else {
                    (0..=t).map(Some).collect()
                };
                for &(r, wv) in &w[c][t] {
                    let e = *self.countries[c]
                        .routes
                        .iter()
                        .find(|e| e.route == r)
                        .expect("selector of an enabled route");
                    let f = e.market_factor * e.volume_factor;
                    let m = cap.unwrap_or(f64::INFINITY).min(f * max_load);
                    for &s in &cohorts {
                        let sv = vars.add(variable().min(0.0));
                        let (rho, open): (f64, Expression) = match s {
                            None => (1.0, Expression::from(1.0)),
                            Some(s) => {
                                let mut o = Expression::from(y[k][s]);
                                if s > 0 {
                                    o -= y[k][s - 1];
                                }
                                (self.params.ramp(t - s), o)
                            }
                        };
                        constraints.push(Expression::from(sv).leq(m * open)); // (13)
                        constraints.push((f * load.clone()).geq(sv)); // (14)
                        constraints.push(Expression::from(sv).leq(m * wv)); // (15)
                        *objective += self.discount[t] * e.contribution_per_car * rho * sv;
                        if r == Route::LocalAssembly {
                            plant_sales[t] += rho * sv;
                        }
                    }
                }
            }
        }
        if let (true, Some(pl)) = (self.plant_on, self.params.plant) {
            for e in plant_sales {
                constraints.push(e.leq(pl.capacity)); // (16)
            }
        }
    }
}
