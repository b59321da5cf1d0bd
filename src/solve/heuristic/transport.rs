//! The transportation problem: serve splittable demand from open sites with
//! capacities at least cost, by successive shortest paths (min-cost flow
//! with Dijkstra on reduced costs; Ahuja, Magnanti & Orlin 1993, ch. 9).
//!
//! Demand that no open site can take (unreachable, or capacity exhausted)
//! flows to an "unserved" node at the penalty cost, so a solution always
//! exists. Exact; its cost grows with (demand points + sites) × kept pairs,
//! so it suits the hundreds-to-thousands of points of a capacitated study.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::instance::Instance;

/// Optimal flows: per demand point, (site, amount) pairs, and the cost.
pub(crate) struct Flows {
    /// For each demand point, the amounts sent from each site.
    pub flows: Vec<Vec<(u32, f64)>>,
    /// Weight left unserved per demand point.
    pub unserved: Vec<f64>,
    /// Σ amount × unit cost + penalty × unserved.
    pub cost: f64,
}

struct Edge {
    to: usize,
    cap: f64,
    cost: f64,
}

struct Graph {
    edges: Vec<Edge>,
    adj: Vec<Vec<usize>>,
}

impl Graph {
    fn add(&mut self, a: usize, b: usize, cap: f64, cost: f64) -> usize {
        let id = self.edges.len();
        self.edges.push(Edge { to: b, cap, cost });
        self.edges.push(Edge {
            to: a,
            cap: 0.0,
            cost: -cost,
        });
        self.adj[a].push(id);
        self.adj[b].push(id + 1);
        id
    }
}

/// A heap entry ordered cheapest first (a min-heap in `BinaryHeap`), ties
/// by the lowest index: the queue of the shortest-path searches here and
/// in [`dense_flow`](super::dense_flow).
#[derive(PartialEq)]
pub(super) struct Cheapest<I>(pub f64, pub I);
impl<I: Ord> Eq for Cheapest<I> {}
impl<I: Ord> Ord for Cheapest<I> {
    fn cmp(&self, o: &Self) -> Ordering {
        o.0.total_cmp(&self.0).then(o.1.cmp(&self.1))
    }
}
impl<I: Ord> PartialOrd for Cheapest<I> {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

/// Solves the transportation problem for the open sites with capacities
/// `cap` (per site; `f64::INFINITY` for none).
pub(crate) fn transport(
    inst: &Instance,
    open: &[bool],
    cap: &[f64],
    deadline: std::time::Instant,
) -> Flows {
    let nd = inst.n_demand();
    let sites: Vec<usize> = (0..inst.n_sites).filter(|&s| open[s]).collect();
    let mut site_node = vec![usize::MAX; inst.n_sites];
    let (src, first_site) = (0, 1 + nd);
    for (k, &s) in sites.iter().enumerate() {
        site_node[s] = first_site + k;
    }
    let dummy = first_site + sites.len();
    let sink = dummy + 1;
    let n = sink + 1;
    let mut g = Graph {
        edges: Vec::new(),
        adj: vec![Vec::new(); n],
    };
    let total: f64 = inst.weight.iter().sum();
    let mut pair_edges: Vec<Vec<(u32, usize)>> = vec![Vec::new(); nd];
    for d in 0..nd {
        let w = inst.weight[d];
        if w <= 0.0 {
            continue;
        }
        g.add(src, 1 + d, w, 0.0);
        let (ss, cc) = inst.row(d);
        for (&s, &c) in ss.iter().zip(cc) {
            if open[s as usize] {
                let e = g.add(1 + d, site_node[s as usize], f64::INFINITY, c);
                pair_edges[d].push((s, e));
            }
        }
        g.add(1 + d, dummy, f64::INFINITY, inst.penalty[d]);
    }
    for &s in &sites {
        g.add(site_node[s], sink, cap[s], 0.0);
    }
    g.add(dummy, sink, f64::INFINITY, 0.0);

    let tiny = 1e-12 * total.max(1.0);
    let mut pot = vec![0.0f64; n];
    let mut dist = vec![f64::INFINITY; n];
    let mut prev = vec![usize::MAX; n];
    let mut done = vec![false; n];
    let mut remaining = total;
    let mut heap = BinaryHeap::new();
    while remaining > tiny {
        // Past the deadline the flow stops where it is: what is left shows
        // as unserved, and the caller reports no plan rather than overrun.
        if crate::stop::past(deadline) {
            break;
        }
        dist.iter_mut().for_each(|v| *v = f64::INFINITY);
        prev.iter_mut().for_each(|v| *v = usize::MAX);
        done.iter_mut().for_each(|v| *v = false);
        dist[src] = 0.0;
        heap.push(Cheapest(0.0, src));
        while let Some(Cheapest(dv, v)) = heap.pop() {
            if done[v] || dv > dist[v] {
                continue;
            }
            done[v] = true;
            for &e in &g.adj[v] {
                let ed = &g.edges[e];
                // A settled node is never relabelled: with reduced costs a
                // rounding error below zero, relabelling one could close a
                // cycle in `prev`, and the path walk below never ended
                // (capa at capacity 14000 ran for minutes past its limit).
                if ed.cap <= tiny || done[ed.to] {
                    continue;
                }
                let nd2 = dv + ed.cost + pot[v] - pot[ed.to];
                if nd2 < dist[ed.to] - 1e-12 {
                    dist[ed.to] = nd2;
                    prev[ed.to] = e;
                    heap.push(Cheapest(nd2, ed.to));
                }
            }
        }
        if !dist[sink].is_finite() {
            break;
        }
        for v in 0..n {
            if dist[v].is_finite() {
                pot[v] += dist[v];
            }
        }
        let mut push = f64::INFINITY;
        let mut v = sink;
        while v != src {
            let e = prev[v];
            push = push.min(g.edges[e].cap);
            v = g.edges[e ^ 1].to;
        }
        let mut v = sink;
        while v != src {
            let e = prev[v];
            g.edges[e].cap -= push;
            g.edges[e ^ 1].cap += push;
            v = g.edges[e ^ 1].to;
        }
        remaining -= push;
    }
    let mut flows = vec![Vec::new(); nd];
    let mut unserved = vec![0.0; nd];
    let mut cost = 0.0;
    for d in 0..nd {
        let w = inst.weight[d];
        if w <= 0.0 {
            continue;
        }
        let mut sent = 0.0;
        for &(s, e) in &pair_edges[d] {
            let f = g.edges[e ^ 1].cap;
            if f > tiny {
                flows[d].push((s, f));
                cost += f * g.edges[e].cost;
                sent += f;
            }
        }
        let u = (w - sent).max(0.0);
        if u > tiny {
            unserved[d] = u;
            cost += u * inst.penalty[d];
        }
    }
    Flows {
        flows,
        unserved,
        cost,
    }
}
