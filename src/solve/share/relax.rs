//! The continuous relaxation of the share models and its Frank–Wolfe
//! bound: outer approximation of the concave captured functions.
//!
//! Relaxing `y ∈ {0,1}` to `[0,1]` leaves `F(y) = m Σ_i h_i(U_i(y)) − c·y`,
//! concave over the polytope `P` of the count and budget constraints, so
//! its maximum bounds every plan's objective. Concavity gives, at any
//! `ȳ ∈ P`, the outer-approximation (gradient) cut of every point
//! (Ljubić & Moreno 2018; Mai & Lodi 2020),
//!
//! ```text
//! h_i(U) ≤ h_i(Ū_i) + h_i'(Ū_i) (U − Ū_i)
//! ```
//!
//! and so `max_P F ≤ F(ȳ) + max_{s∈P} ∇F(ȳ)·(s − ȳ)`: a valid upper bound
//! from any `ȳ`, whose linear maximum over `P` is a sort (count) or a
//! fractional knapsack (budget). Frank–Wolfe steps (direction `s − ȳ`,
//! exact line search) move `ȳ` towards the relaxation's optimum and the
//! least bound seen is kept. Branching fixes items to 1 (`In`) or 0
//! (`Out`); the same bound holds on each branch's polytope.
//!
//! Each point's concave function is tightened by the submodular cut at
//! the branch's fixed-open set `I` (Ljubić & Moreno 2018): at 0/1 points
//! of the branch `h_i(U_i(y)) ≤ h_i(U_i(I)) + Σ_{j free} ρ_ij y_j` with
//! `ρ_ij = h_i(U_i(I) + v_ij) − h_i(U_i(I))`, so
//! `min(h_i(U_i(y)), h_i(U_i(I)) + Σ_{j free} ρ_ij y_j)` is also concave,
//! equal to `h_i` on the branch's plans, and below it between them (at
//! the root `I` is empty: the cut at the base). Frank–Wolfe uses a
//! supergradient of the piece in force.

use std::time::Instant;

use super::instance::Instance;

/// An item's state in a branch.
pub(crate) const FREE: u8 = 0;
/// Fixed open.
pub(crate) const IN: u8 = 1;
/// Fixed closed.
pub(crate) const OUT: u8 = 2;

/// A relaxation solved (approximately) at one branch.
pub(crate) struct Relaxed {
    /// Least upper bound seen.
    pub bound: f64,
    /// The last iterate.
    pub y: Vec<f64>,
    /// The last gradient (free items; 0 elsewhere).
    pub grad: Vec<f64>,
}

/// The count and budget left to free new items under `state`, or `None`
/// when the fixed items already break them.
pub(crate) fn residual(inst: &Instance, state: &[u8]) -> Option<(Option<f64>, Option<f64>)> {
    let (mut c, mut b) = (0usize, 0.0);
    for j in 0..inst.n_items() {
        if state[j] == IN && inst.is_new[j] {
            c += 1;
            b += inst.fixed[j];
        }
    }
    let count = match inst.max_new {
        Some(p) if c > p => return None,
        Some(p) => Some((p - c) as f64),
        None => None,
    };
    let budget = match inst.budget {
        Some(bb) if b > bb * (1.0 + 1e-12) => return None,
        Some(bb) => Some((bb - b).max(0.0)),
        None => None,
    };
    Some((count, budget))
}

/// Frank–Wolfe on the branch `state` from `start` (clamped to the branch
/// and scaled into its constraints), at most `iters` steps or until the
/// bound meets the iterate's value within `tol` or `deadline` passes.
/// `None` when the branch has no feasible point.
pub(crate) fn frank_wolfe(
    inst: &Instance,
    state: &[u8],
    start: &[f64],
    iters: usize,
    tol: f64,
    deadline: Instant,
) -> Option<Relaxed> {
    let n = inst.n_items();
    let (count, budget) = residual(inst, state)?;
    let free = |j: usize| state[j] == FREE;
    let mut y: Vec<f64> = (0..n)
        .map(|j| match state[j] {
            IN => 1.0,
            OUT => 0.0,
            _ => start[j].clamp(0.0, 1.0),
        })
        .collect();
    // Scale the free new items into the count and the budget.
    let (mut used_c, mut used_b) = (0.0, 0.0);
    for j in 0..n {
        if free(j) && inst.is_new[j] {
            used_c += y[j];
            used_b += y[j] * inst.fixed[j];
        }
    }
    let mut factor: f64 = 1.0;
    if let Some(c) = count {
        if used_c > c {
            factor = factor.min(c / used_c);
        }
    }
    if let Some(b) = budget {
        if used_b > b {
            factor = factor.min(b / used_b);
        }
    }
    if factor < 1.0 {
        for j in 0..n {
            if free(j) && inst.is_new[j] {
                y[j] *= factor;
            }
        }
    }
    let mut u = inst.weights(&y);
    let m = inst.n_points();
    // The submodular cut at the branch's fixed-open set I:
    // L_i(y) = h_i(U_i(I)) + Σ_{j free} ρ_ij(I) y_j.
    let fixed_in: Vec<f64> = (0..n)
        .map(|j| if state[j] == IN { 1.0 } else { 0.0 })
        .collect();
    let u_in = inst.weights(&fixed_in);
    let rho = inst.marginals(&u_in, free);
    let mut l: Vec<f64> = (0..m).map(|i| inst.h(i, u_in[i])).collect();
    for (j, &yj) in y.iter().enumerate() {
        if yj != 0.0 && free(j) {
            let (ds, _) = inst.col(j);
            for (&d, &r) in ds.iter().zip(&rho[inst.span(j)]) {
                l[d as usize] += r * yj;
            }
        }
    }
    // The piece of min(h_i(U), L_i) in force, its value and slope.
    let piece = |i: usize, u: f64, l: f64| -> (f64, bool) {
        let h = inst.h(i, u);
        if h <= l {
            (h, true)
        } else {
            (l, false)
        }
    };
    let mut dh = vec![0.0; m];
    let mut on_h = vec![true; m];
    let mut grad = vec![0.0; n];
    let mut du = vec![0.0; m];
    let mut dl = vec![0.0; m];
    let mut touched: Vec<usize> = Vec::new();
    let mut best = f64::INFINITY;
    for it in 0..iters.max(1) {
        let mut captured = 0.0;
        for i in 0..m {
            let (v, h_active) = piece(i, u[i], l[i]);
            captured += v;
            on_h[i] = h_active;
            dh[i] = if h_active { inst.dh(i, u[i]) } else { 0.0 };
        }
        let cost: f64 = y.iter().zip(&inst.cost).map(|(a, c)| a * c).sum();
        let value = inst.scale * captured - cost + inst.constant;
        let mut at_y = 0.0;
        for j in 0..n {
            if !free(j) {
                grad[j] = 0.0;
                continue;
            }
            let (ds, vs) = inst.col(j);
            let g: f64 = ds
                .iter()
                .zip(vs)
                .zip(&rho[inst.span(j)])
                .map(|((&d, &v), &r)| {
                    let d = d as usize;
                    if on_h[d] {
                        dh[d] * v
                    } else {
                        r
                    }
                })
                .sum();
            grad[j] = inst.scale * g - inst.cost[j];
            at_y += grad[j] * y[j];
        }
        let (lin, s) = inst.linear_max(&grad, free, count, budget);
        let bound = value + lin - at_y;
        best = best.min(bound);
        if best - value <= tol || it + 1 == iters.max(1) || crate::stop::past(deadline) {
            break;
        }
        // Direction d = s − y on the free items.
        let mut d = vec![0.0; n];
        for j in 0..n {
            if free(j) {
                d[j] = -y[j];
            }
        }
        for &(j, t) in &s {
            d[j] += t;
        }
        touched.clear();
        for j in 0..n {
            if d[j] != 0.0 {
                let (ds, vs) = inst.col(j);
                for ((&p, &v), &r) in ds.iter().zip(vs).zip(&rho[inst.span(j)]) {
                    let p = p as usize;
                    if du[p] == 0.0 && dl[p] == 0.0 {
                        touched.push(p);
                    }
                    du[p] += v * d[j];
                    dl[p] += r * d[j];
                }
            }
        }
        let lin_cost: f64 = (0..n).map(|j| inst.cost[j] * d[j]).sum();
        let slope = |t: f64| -> f64 {
            let s: f64 = touched
                .iter()
                .map(|&p| {
                    let (ut, lt) = (u[p] + t * du[p], l[p] + t * dl[p]);
                    if piece(p, ut, lt).1 {
                        inst.dh(p, ut) * du[p]
                    } else {
                        dl[p]
                    }
                })
                .sum();
            inst.scale * s - lin_cost
        };
        let t = if slope(1.0) >= 0.0 {
            1.0
        } else if slope(0.0) <= 0.0 {
            0.0
        } else {
            let (mut lo, mut hi) = (0.0, 1.0);
            for _ in 0..40 {
                let mid = 0.5 * (lo + hi);
                if slope(mid) > 0.0 {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            0.5 * (lo + hi)
        };
        for &p in &touched {
            u[p] += t * du[p];
            l[p] += t * dl[p];
            du[p] = 0.0;
            dl[p] = 0.0;
        }
        if t == 0.0 {
            break;
        }
        for j in 0..n {
            y[j] += t * d[j];
        }
    }
    Some(Relaxed {
        bound: best,
        y,
        grad,
    })
}
