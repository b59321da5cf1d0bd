//! The incremental swap tables against a recomputation from their
//! definitions, the best swap against every swap tried, and the scan's
//! independence from the number of threads.

use super::*;
use crate::problem::{DemandPoint, Problem, Site};
use crate::solve::heuristic::rng::Rng;
use crate::travel::{CostMatrix, Reach};

/// A random instance: `nd` points, `ns` candidate sites, rows holding a
/// random subset of the sites (some rows empty) with whole-number costs,
/// so ties between sites happen.
pub(crate) fn instance(seed: u64, nd: usize, ns: usize) -> Instance {
    let mut rng = Rng::new(seed, 0);
    let problem = Problem::builder()
        .demands((0..nd).map(|i| {
            let w = (1 + rng.next_u64() % 9) as f64;
            DemandPoint::new(format!("d{i}"), 0.0, 0.0, w)
        }))
        .sites((0..ns).map(|i| Site::new(format!("s{i}"), 0.0, 0.0)))
        .build()
        .unwrap();
    let mut rows = Vec::with_capacity(nd);
    for _ in 0..nd {
        let mut row = Vec::new();
        for s in 0..ns as u32 {
            if rng.unit() < 0.6 {
                row.push((s, (rng.next_u64() % 20) as f64));
            }
        }
        rows.push(row);
    }
    let m = CostMatrix::from_rows(ns, rows, Reach::all());
    Instance::new(&problem, &m, None)
}

/// gain, loss and extra (and the cost) straight from their definitions.
fn brute(inst: &Instance, open: &[bool], st: &SwapState) -> (Vec<f64>, Vec<f64>, Vec<f64>, f64) {
    let n = inst.n_sites;
    let slots = st.removable().to_vec();
    let (mut gain, mut loss) = (vec![0.0; n], vec![0.0; n]);
    let mut extra = vec![0.0; n * slots.len()];
    let mut cost = 0.0;
    for d in 0..inst.n_demand() {
        let (sites, costs) = inst.row(d);
        let w = inst.weight[d];
        let mut firsts = sites.iter().zip(costs).filter(|(&s, _)| open[s as usize]);
        let pen = inst.penalty[d];
        let (g1, c1) = firsts
            .next()
            .map_or((None, pen), |(&s, &c)| (Some(s), c.min(pen)));
        let c2 = firsts.next().map_or(pen, |(_, &c)| c.min(pen));
        cost += w * c1;
        let slot = g1.and_then(|g| slots.iter().position(|&x| x == g));
        if let Some(g) = g1.filter(|_| slot.is_some()) {
            loss[g as usize] += w * (c2 - c1);
        }
        for (&f, &c) in sites.iter().zip(costs) {
            let f = f as usize;
            if open[f] || c >= c2 {
                continue;
            }
            gain[f] += w * (c1 - c).max(0.0);
            if let Some(k) = slot {
                extra[f * slots.len() + k] += w * (c2 - c.max(c1));
            }
        }
    }
    (gain, loss, extra, cost)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn check_tables(inst: &Instance, st: &SwapState, what: &str) {
    let (gain, loss, extra, cost) = brute(inst, &st.open, st);
    assert!(close(st.cost, cost), "{what}: cost {} vs {cost}", st.cost);
    for f in 0..inst.n_sites {
        if !st.open[f] {
            assert!(close(st.gain_of(f), gain[f]), "{what}: gain[{f}]");
            let k = st.removable().len();
            let row = st.extra_row(f).expect("small tables are kept dense");
            let mut from_col = Vec::new();
            st.extra_from_column(f, &mut from_col);
            for j in 0..k {
                assert!(close(row[j], extra[f * k + j]), "{what}: extra[{f}][{j}]");
                assert!(close(from_col[j], extra[f * k + j]), "{what}: column extra");
            }
        } else if !inst.fixed_open[f] {
            assert!(close(st.loss_of(f), loss[f]), "{what}: loss[{f}]");
        }
    }
}

/// The open flags after a swap, and their cost from scratch.
fn swapped(inst: &Instance, open: &[bool], f: u32, g: u32) -> f64 {
    let mut o = open.to_vec();
    o[f as usize] = true;
    o[g as usize] = false;
    inst.assignment_cost(&o)
}

#[test]
fn incremental_tables_equal_a_recomputation_after_random_moves() {
    for seed in 0..40u64 {
        let inst = instance(seed, 30, 12);
        let mut rng = Rng::new(seed, 1);
        let mut open = vec![false; inst.n_sites];
        for s in 0..4 {
            open[s * 3] = true;
        }
        let mut st = SwapState::new(&inst, open, 4);
        check_tables(&inst, &st, "start");
        for step in 0..30 {
            let opened: Vec<u32> = st.removable().to_vec();
            let closed: Vec<u32> = (0..inst.n_sites as u32)
                .filter(|&s| !st.open[s as usize])
                .collect();
            let pick = |rng: &mut Rng, v: &[u32]| v[(rng.next_u64() % v.len() as u64) as usize];
            let mv = match rng.next_u64() % 4 {
                0 if !closed.is_empty() => Move::Add(pick(&mut rng, &closed)),
                1 if opened.len() > 1 => Move::Drop(pick(&mut rng, &opened)),
                _ if !closed.is_empty() && !opened.is_empty() => {
                    Move::Swap(pick(&mut rng, &closed), pick(&mut rng, &opened))
                }
                _ => continue,
            };
            st.apply(mv);
            check_tables(&inst, &st, &format!("seed {seed} step {step} {mv:?}"));
        }
    }
}

#[test]
fn best_swap_is_the_most_profitable_of_all_swaps() {
    for seed in 0..40u64 {
        let inst = instance(100 + seed, 40, 15);
        let mut open = vec![false; inst.n_sites];
        for s in [1, 4, 7, 9, 13] {
            open[s] = true;
        }
        let st = SwapState::new(&inst, open.clone(), 5);
        let now = inst.assignment_cost(&open);
        let eps = st.tolerance();
        let mut best = eps;
        for &g in st.removable() {
            for f in (0..inst.n_sites as u32).filter(|&f| !open[f as usize]) {
                best = best.max(now - swapped(&inst, &open, f, g));
            }
        }
        match st.best_swap(eps, false) {
            Some((profit, Move::Swap(f, g))) => {
                assert!(
                    close(profit, now - swapped(&inst, &open, f, g)),
                    "seed {seed}"
                );
                assert!(close(profit, best), "seed {seed}: {profit} vs best {best}");
            }
            other => assert!(best <= eps, "seed {seed}: {other:?}, best profit {best}"),
        }
    }
}

#[test]
fn the_swap_scan_and_descent_do_not_depend_on_the_thread_count() {
    // Large enough for the parallel scan (candidates × removable sites).
    let inst = instance(7, 120, 3000);
    let start = |p: usize| {
        let mut open = vec![false; inst.n_sites];
        for s in 0..p {
            open[s * 29] = true;
        }
        open
    };
    let run = |threads: usize| {
        crate::solve::heuristic::in_pool(threads, || {
            let mut st = SwapState::new(&inst, start(100), 100);
            let first = st.best_swap(st.tolerance(), false);
            st.descend_swaps(Instant::now() + std::time::Duration::from_secs(600));
            (first, st.open.clone(), st.moves)
        })
    };
    let one = run(1);
    assert!(one.0.is_some());
    assert_eq!(one, run(2));
    assert_eq!(one, run(3));
}
