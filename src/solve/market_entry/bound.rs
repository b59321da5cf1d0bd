//! The Lagrangian bound on the profit.

#![allow(clippy::needless_range_loop)]

use crate::models::market_entry::{MarketEntryInstance, Schedule};
use std::time::Instant;

/// A Lagrangian bound: its value, the subgradient steps taken and, at the
/// best multipliers, each country's part and the rest (`Σ μ + ν`), whose
/// sum is the value.
pub(super) struct LagrangeBound {
    pub(super) value: f64,
    pub(super) iterations: u64,
    pub(super) parts: Option<(Vec<f64>, f64)>,
}

/// The Lagrangian bound (see the module docs).
pub(super) fn lagrangian_bound(
    inst: &MarketEntryInstance,
    incumbent: &Schedule,
    lower: f64,
    start: &Instant,
    until: f64,
) -> LagrangeBound {
    let nt = inst.years.len();
    let ni = inst.city_demand.len();
    let nk = inst.candidates.len();
    let nc = inst.countries.len();
    let kmax = inst.params.max_openings_per_year;
    let budget = inst.params.budget.filter(|&b| b > 0.0);
    if inst.params.budget == Some(0.0) || kmax == Some(0) {
        // Nothing new can open: the only plan is the empty one.
        return LagrangeBound {
            value: inst.evaluate(&inst.empty_schedule()).objective,
            iterations: 0,
            parts: None,
        };
    }
    // λ from the incumbent: the value each city yields there, or its best value.
    let mut lambda = vec![0.0; ni * nt];
    for i in 0..ni {
        for t in 0..nt {
            let v = inst.value[i * nt + t];
            let (a, b) = (inst.row_start[i], inst.row_start[i + 1]);
            if a == b {
                continue;
            }
            lambda[i * nt + t] = match inst.best_open(i, t, incumbent) {
                Some((_, cap)) => v * cap,
                None => v * inst.row_capture[a],
            };
        }
    }
    // The most each city-year can yield (the step scale of its λ).
    let scale: Vec<f64> = (0..ni * nt)
        .map(|j| {
            let (i, t) = (j / nt, j % nt);
            let a = inst.row_start[i];
            if a == inst.row_start[i + 1] {
                0.0
            } else {
                inst.value[i * nt + t] * inst.row_capture[a]
            }
        })
        .collect();
    // The most a center can earn in a year: its capacity at the best
    // per-car contribution of its country's routes that year (infinite
    // without a capacity; cross-border service has none).
    let full: Vec<f64> = (0..nk * nt)
        .map(|j| {
            let (k, t) = (j / nt, j % nt);
            match inst.params.store_capacity {
                Some(cap) => {
                    let c = inst.candidates[k].country;
                    let v = inst
                        .available(c, t)
                        .map(|e| e.contribution_per_car)
                        .fold(0.0, f64::max);
                    inst.discount[t] * v * cap
                }
                None => f64::INFINITY,
            }
        })
        .collect();
    let mut first_gap: Option<f64> = None;
    let mut best_parts: Option<(Vec<f64>, f64)> = None;
    let mut mu = vec![0.0; nt]; // per opening slot, scaled by K
    let mut nu = 0.0; // budget multiplier, scaled by B
    let mut best = f64::INFINITY;
    let mut theta = 2.0;
    let mut since_improved = 0;
    let mut iters = 0u64;
    let mut rho = vec![0.0; nk * nt];
    let mut open_year: Vec<Option<usize>> = vec![None; nk];
    let mut g_lambda = vec![0.0; ni * nt];
    let max_iters = 4_000;
    while iters < max_iters {
        iters += 1;
        let nu_per_euro = budget.map_or(0.0, |b| nu / b);
        let mu_per_open: Vec<f64> = match kmax {
            Some(k) => mu.iter().map(|m| m / k as f64).collect(),
            None => vec![0.0; nt],
        };
        // ρ_kt = Σ_i max(0, c_ikt − λ_it), at most what a full center can
        // earn (λ ≥ 0, so the reduced terms are at most the center's sales
        // value, and a center sells at most its capacity).
        for k in 0..nk {
            for t in 0..nt {
                let mut s = 0.0;
                for p in inst.col_start[k]..inst.col_start[k + 1] {
                    let i = inst.col_city[p] as usize;
                    let r = inst.value[i * nt + t] * inst.col_capture[p] - lambda[i * nt + t];
                    if r > 0.0 {
                        s += r;
                    }
                }
                rho[k * nt + t] = s.min(full[k * nt + t]);
            }
        }
        // Per country: best entry year and each candidate's best year.
        let mut part = vec![0.0; nc];
        for (j, l) in lambda.iter().enumerate() {
            part[inst.city_country[j / nt]] += l;
        }
        let mut value = lambda.iter().sum::<f64>();
        if kmax.is_some() {
            value += mu.iter().sum::<f64>();
        }
        if budget.is_some() {
            value += nu;
        }
        let mut opened = vec![0usize; nt];
        let mut spend = 0.0;
        open_year.iter_mut().for_each(|o| *o = None);
        for c in 0..nc {
            let country = &inst.countries[c];
            let members: Vec<usize> = (0..nk)
                .filter(|&k| inst.candidates[k].country == c)
                .collect();
            if members.is_empty() {
                continue;
            }
            // R_k(τ) and its suffix maxima.
            let mut suffix: Vec<Vec<(f64, usize)>> = Vec::with_capacity(members.len());
            let mut fixed = 0.0;
            for &k in &members {
                let cand = &inst.candidates[k];
                if cand.existing {
                    fixed += (0..nt)
                        .map(|t| rho[k * nt + t] - inst.discount[t] * cand.fixed_cost)
                        .sum::<f64>();
                    suffix.push(Vec::new());
                    continue;
                }
                let mut r = vec![0.0; nt];
                let mut tail = 0.0;
                for tau in (0..nt).rev() {
                    tail +=
                        rho[k * nt + tau] - (inst.discount[tau] + nu_per_euro) * cand.fixed_cost;
                    r[tau] = tail
                        - (inst.discount[tau] + nu_per_euro) * cand.opening_cost
                        - mu_per_open[tau];
                }
                let mut s = vec![(f64::NEG_INFINITY, 0); nt];
                let mut m = (f64::NEG_INFINITY, 0);
                for tau in (0..nt).rev() {
                    if r[tau] >= m.0 {
                        m = (r[tau], tau);
                    }
                    s[tau] = m;
                }
                suffix.push(s);
            }
            let sum_from = |tc: usize| -> f64 {
                members
                    .iter()
                    .zip(&suffix)
                    .filter(|(&k, _)| !inst.candidates[k].existing)
                    .map(|(_, s)| s[tc].0.max(0.0))
                    .sum()
            };
            let (entry_t, phi) = if country.present {
                (Some(0), fixed + sum_from(0))
            } else {
                let mut best_c = (None, 0.0);
                for tc in 0..nt {
                    let v = sum_from(tc) - (inst.discount[tc] + nu_per_euro) * country.entry_cost;
                    if v > best_c.1 {
                        best_c = (Some(tc), v);
                    }
                }
                best_c
            };
            value += phi;
            part[c] += phi;
            if let Some(tc) = entry_t {
                if !country.present {
                    spend += country.entry_cost;
                }
                for (&k, s) in members.iter().zip(&suffix) {
                    let cand = &inst.candidates[k];
                    if cand.existing {
                        open_year[k] = Some(0);
                    } else if s[tc].0 > 0.0 {
                        let o = s[tc].1;
                        open_year[k] = Some(o);
                        opened[o] += 1;
                        spend += cand.opening_cost + cand.fixed_cost * (nt - o) as f64;
                    }
                }
            }
        }
        if value < best - 1e-9 * value.abs().max(1.0) {
            best = value;
            let rest = value - part.iter().sum::<f64>();
            best_parts = Some((part.clone(), rest));
            since_improved = 0;
        } else {
            since_improved += 1;
            if since_improved >= 60 {
                theta /= 2.0;
                since_improved = 0;
            }
        }
        if best - lower <= 1e-6 * lower.abs().max(1.0)
            || theta < 1e-4
            || crate::stop::over(*start, until)
        {
            break;
        }
        // Subgradients of the relaxed constraints (slack of each).
        g_lambda.iter_mut().for_each(|g| *g = 1.0);
        for k in 0..nk {
            let Some(o) = open_year[k] else { continue };
            for p in inst.col_start[k]..inst.col_start[k + 1] {
                let i = inst.col_city[p] as usize;
                for t in o..nt {
                    if inst.value[i * nt + t] * inst.col_capture[p] > lambda[i * nt + t] {
                        g_lambda[i * nt + t] -= 1.0;
                    }
                }
            }
        }
        let g_mu: Vec<f64> = match kmax {
            Some(kk) => opened.iter().map(|&n| 1.0 - n as f64 / kk as f64).collect(),
            None => vec![0.0; nt],
        };
        let g_nu = budget.map_or(0.0, |b| 1.0 - spend / b);
        // Steps are scaled per multiplier (a diagonal preconditioner): a
        // city's λ moves in proportion to the most it can yield, μ and ν in
        // proportion to the first gap. Any λ, μ, ν ≥ 0 gives a valid bound.
        let other_scale = *first_gap.get_or_insert((value - lower).max(1.0));
        let mut norm2: f64 = g_lambda
            .iter()
            .enumerate()
            .filter(|&(j, g)| !(*g > 0.0 && lambda[j] <= 0.0))
            .map(|(j, g)| scale[j] * g * g)
            .sum();
        norm2 += other_scale * (g_mu.iter().map(|g| g * g).sum::<f64>() + g_nu * g_nu);
        if norm2 <= 1e-12 {
            break;
        }
        let step = theta * (value - lower).max(1e-9 * value.abs().max(1.0)) / norm2;
        for ((l, g), sc) in lambda.iter_mut().zip(&g_lambda).zip(&scale) {
            *l = (*l - step * sc * g).max(0.0);
        }
        if kmax.is_some() {
            for (m, g) in mu.iter_mut().zip(&g_mu) {
                *m = (*m - step * other_scale * g).max(0.0);
            }
        }
        if budget.is_some() {
            nu = (nu - step * other_scale * g_nu).max(0.0);
        }
    }
    LagrangeBound {
        value: best,
        iterations: iters,
        parts: best_parts,
    }
}
