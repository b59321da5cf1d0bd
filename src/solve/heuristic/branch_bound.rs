//! Exact p-median by branch-and-bound on the Lagrangian bound.
//!
//! Each node fixes some candidates open or closed and re-optimises the
//! multipliers from its parent's. A node is pruned when its bound reaches
//! the best plan (with whole-number data: when ⌈bound⌉ does). Before
//! branching, reduced costs fix variables for the whole subtree: with the
//! relaxation's chosen candidates S and the bound L, forcing an unchosen j
//! open costs at least ρ_j − max_{S} ρ, and forcing a chosen j closed at
//! least min_{∉S} ρ − ρ_j, so when L plus that reaches the best plan the
//! opposite fixing is safe. Branching is depth-first on the chosen free
//! candidate with the largest ρ (the weakest choice), "open" first.

use std::time::Instant;

use super::instance::Instance;
use super::lagrangian::{proves, Fix, PMedianLagrangian, SubgradientSettings};
use super::pmedian::{polish, Searched};

struct Node {
    fix: Vec<Fix>,
    lambda: Vec<f64>,
    bound: f64,
}

/// Result of the tree search.
pub(crate) struct Proven {
    pub open: Vec<bool>,
    pub bound: f64,
    pub nodes: u64,
    pub iterations: u64,
}

/// Proves (or improves) the plan of a heuristic search.
pub(crate) fn branch_and_bound(
    inst: &Instance,
    p: usize,
    gap: f64,
    start: Searched,
    deadline: Instant,
) -> Proven {
    let integral = inst.is_integral();
    let lag = PMedianLagrangian::new(inst, p);
    let mut best_open = start.open;
    let mut ub = start.cost;
    let mut iterations = start.iterations;
    let mut nodes = 0u64;
    let root_lambda = match &start.root {
        Some(r) => r.lambda.clone(),
        None => lag.initial_lambda(),
    };
    let settings = SubgradientSettings {
        max_iter: 400,
        patience: 20,
        pi: 1.0,
        min_pi: 1e-3,
        gap,
        primal_every: 5,
        deflect: 1.5,
    };
    // Least bound among discarded subtrees (their optimum is at least this).
    let mut closed_bound = f64::INFINITY;
    let round = |b: f64| if integral { (b - 1e-6).ceil() } else { b };
    let mut stack = vec![Node {
        fix: start.fix,
        lambda: root_lambda,
        bound: start.bound,
    }];
    while let Some(node) = stack.pop() {
        if crate::stop::past(deadline) {
            stack.push(node);
            break;
        }
        if proves(node.bound, ub, integral, gap, inst.report_offset) {
            closed_bound = closed_bound.min(round(node.bound));
            continue;
        }
        nodes += 1;
        let Some(out) = lag.run(
            Some(&node.lambda),
            &node.fix,
            ub,
            integral,
            &settings,
            deadline,
        ) else {
            // The fixings admit no plan.
            continue;
        };
        iterations += out.iterations;
        if let Some((_, open)) = out.improved {
            let (c, o, m) = polish(inst, p, open, deadline);
            iterations += m;
            if c < ub {
                ub = c;
                best_open = o;
            }
        }
        let bound = out.bound.max(node.bound);
        if out.exact || proves(bound, ub, integral, gap, inst.report_offset) {
            closed_bound = closed_bound.min(round(bound));
            continue;
        }
        let r = &out.relaxed;
        let mut fix = node.fix;
        let mut fixed_any = false;
        for s in 0..inst.n_sites {
            if !inst.candidate[s] || fix[s] != Fix::Free {
                continue;
            }
            if r.open[s] {
                if r.rho_out_min.is_finite()
                    && proves(
                        r.bound - r.rho[s] + r.rho_out_min,
                        ub,
                        integral,
                        gap,
                        inst.report_offset,
                    )
                {
                    fix[s] = Fix::Open;
                    fixed_any = true;
                }
            } else if r.rho_in_max.is_finite()
                && proves(
                    r.bound + r.rho[s] - r.rho_in_max,
                    ub,
                    integral,
                    gap,
                    inst.report_offset,
                )
            {
                fix[s] = Fix::Closed;
                fixed_any = true;
            }
        }
        if fixed_any {
            stack.push(Node {
                fix,
                lambda: out.lambda,
                bound,
            });
            continue;
        }
        // Branch on the weakest chosen free candidate.
        let pick = (0..inst.n_sites)
            .filter(|&s| inst.candidate[s] && fix[s] == Fix::Free && r.open[s])
            .max_by(|&a, &b| r.rho[a].total_cmp(&r.rho[b]).then(b.cmp(&a)))
            .or_else(|| {
                (0..inst.n_sites)
                    .filter(|&s| inst.candidate[s] && fix[s] == Fix::Free)
                    .min_by(|&a, &b| r.rho[a].total_cmp(&r.rho[b]).then(a.cmp(&b)))
            });
        let Some(j) = pick else {
            // Everything fixed: the relaxation is the node's plan.
            let cost = inst.assignment_cost(&r.open);
            if cost < ub {
                ub = cost;
                best_open = r.open.clone();
            }
            closed_bound = closed_bound.min(round(bound.min(cost)));
            continue;
        };
        let mut closed = fix.clone();
        closed[j] = Fix::Closed;
        let mut opened = fix;
        opened[j] = Fix::Open;
        stack.push(Node {
            fix: closed,
            lambda: out.lambda.clone(),
            bound,
        });
        stack.push(Node {
            fix: opened,
            lambda: out.lambda,
            bound,
        });
    }
    let open_bound = stack.iter().map(|n| n.bound).fold(f64::INFINITY, f64::min);
    let bound = closed_bound.min(open_bound).min(ub);
    Proven {
        open: best_open,
        bound,
        nodes,
        iterations,
    }
}
