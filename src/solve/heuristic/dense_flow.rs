//! The transportation problem for a few open sites and many demand points:
//! successive shortest paths in which each demand point, in turn, sends its
//! weight along the cheapest chain of reassignments ending at a site with
//! room (Ahuja, Magnanti & Orlin 1993, ch. 9, on the graph contracted to
//! the sites).
//!
//! Point `j` served by slot `a` gives the residual edge `a → b` of cost
//! `c_jb − c_ja`: moving some of `j` from `a` to `b`. The cheapest such edge
//! per ordered pair of slots comes from a heap of the points at `a`, built
//! when a path first passes through `a`. Node potentials keep reduced costs
//! non-negative, so each path is one Dijkstra over the `q` slots, `O(q²)`.
//! A path usually ends at the first slot tried, while sites have room.
//!
//! The costs are a dense block, one column per open slot, taken from the
//! whole cost source (beyond rows cut to the k nearest), so the flows are
//! the optimum of the open sites as the user posed them. Slot 0 is the
//! "unserved" slot: unlimited room, each point's penalty as its cost.

use std::collections::BinaryHeap;
use std::sync::Arc;
use std::time::Instant;

use super::transport::Cheapest;

/// One column of the dense block: the cost of each demand point to one
/// site (`f64::INFINITY` where the pair does not exist).
pub(crate) type Column = Arc<Vec<f64>>;

/// Optimal flows of [`transport`].
pub(crate) struct DenseFlows {
    /// Per demand point, (slot, amount) with amount > 0.
    pub flows: Vec<Vec<(u32, f64)>>,
    /// Σ amount × cost over every slot, the unserved slot 0 included.
    pub cost: f64,
}

type Entry = Cheapest<u32>;

#[derive(Clone, Copy)]
enum From {
    Start,
    Via(usize, u32),
}

struct State<'a> {
    cols: &'a [Column],
    room: Vec<f64>,
    flow: Vec<Vec<(u32, f64)>>,
    members: Vec<Vec<u32>>,
    heaps: Vec<Option<Vec<BinaryHeap<Entry>>>>,
    tiny: f64,
}

impl State<'_> {
    fn flow_at(&self, j: u32, a: usize) -> f64 {
        self.flow[j as usize]
            .iter()
            .find(|f| f.0 as usize == a)
            .map_or(0.0, |f| f.1)
    }

    /// Adds `amount` (of either sign) to the flow of `j` at slot `a`.
    fn add(&mut self, j: u32, a: usize, amount: f64) {
        let q = self.cols.len();
        let list = &mut self.flow[j as usize];
        match list.iter().position(|f| f.0 as usize == a) {
            Some(k) => {
                list[k].1 += amount;
                if list[k].1 <= self.tiny {
                    list.swap_remove(k);
                }
            }
            None if amount > self.tiny => {
                list.push((a as u32, amount));
                self.members[a].push(j);
                if let Some(hs) = self.heaps[a].as_mut() {
                    let ca = self.cols[a][j as usize];
                    for (b, h) in hs.iter_mut().enumerate().take(q) {
                        let cb = self.cols[b][j as usize];
                        if b != a && cb.is_finite() {
                            h.push(Cheapest(cb - ca, j));
                        }
                    }
                }
            }
            None => {}
        }
    }

    /// The heaps of edges out of slot `a`, built from its points.
    fn build(&mut self, a: usize) {
        if self.heaps[a].is_some() {
            return;
        }
        let q = self.cols.len();
        let mut members = std::mem::take(&mut self.members[a]);
        members.sort_unstable();
        members.dedup();
        members.retain(|&j| self.flow_at(j, a) > 0.0);
        let mut lists: Vec<Vec<Entry>> = (0..q).map(|_| Vec::new()).collect();
        for &j in &members {
            let ca = self.cols[a][j as usize];
            for (b, list) in lists.iter_mut().enumerate() {
                let cb = self.cols[b][j as usize];
                if b != a && cb.is_finite() {
                    list.push(Cheapest(cb - ca, j));
                }
            }
        }
        self.members[a] = members;
        self.heaps[a] = Some(lists.into_iter().map(BinaryHeap::from).collect());
    }

    /// The cheapest live edge `a → b`: (cost, point).
    fn top(&mut self, a: usize, b: usize) -> Option<(f64, u32)> {
        loop {
            let (c, j) = {
                let e = self.heaps[a].as_ref()?[b].peek()?;
                (e.0, e.1)
            };
            if self.flow_at(j, a) > 0.0 {
                return Some((c, j));
            }
            self.heaps[a].as_mut()?[b].pop();
        }
    }
}

/// Serves every point of positive `weight` from the slots of `cols`
/// (slot 0 unserved: unlimited room, its column the penalties) within the
/// rooms `cap` (per slot; `cap[0]` is ignored) at least total cost.
/// `None` when `deadline` passes first.
pub(crate) fn transport(
    weight: &[f64],
    cols: &[Column],
    cap: &[f64],
    deadline: Instant,
) -> Option<DenseFlows> {
    let n = weight.len();
    let q = cols.len();
    let total: f64 = weight.iter().sum();
    let tiny = 1e-12 * total.max(1.0);
    let mut room = cap.to_vec();
    room[0] = f64::INFINITY;
    let mut st = State {
        cols,
        room,
        flow: vec![Vec::new(); n],
        members: vec![Vec::new(); q],
        heaps: (0..q).map(|_| None).collect(),
        tiny,
    };
    let mut h = vec![0.0f64; q];
    let mut h_sink = 0.0f64;
    let mut key = vec![f64::INFINITY; q];
    let mut from = vec![From::Start; q];
    let mut settled = vec![false; q];
    for (i, &w) in weight.iter().enumerate() {
        if i % 256 == 0 && crate::stop::past(deadline) {
            return None;
        }
        let mut supply = w;
        while supply > tiny {
            for a in 0..q {
                key[a] = cols[a][i] - h[a];
                from[a] = From::Start;
                settled[a] = false;
            }
            // Dijkstra over the slots; the sink is reached from any slot
            // with room at reduced cost h[a] − h_sink ≥ 0.
            let (mut key_sink, mut last) = (f64::INFINITY, usize::MAX);
            loop {
                let mut a = usize::MAX;
                for b in 0..q {
                    if !settled[b] && key[b].is_finite() && (a == usize::MAX || key[b] < key[a]) {
                        a = b;
                    }
                }
                if a == usize::MAX || key_sink <= key[a] {
                    break;
                }
                settled[a] = true;
                if st.room[a] > tiny {
                    let k = key[a] + (h[a] - h_sink).max(0.0);
                    if k < key_sink {
                        (key_sink, last) = (k, a);
                    }
                    continue;
                }
                st.build(a);
                for b in 0..q {
                    if settled[b] {
                        continue;
                    }
                    if let Some((c, j)) = st.top(a, b) {
                        let k = key[a] + (c + h[a] - h[b]).max(0.0);
                        if k < key[b] {
                            key[b] = k;
                            from[b] = From::Via(a, j);
                        }
                    }
                }
            }
            // Slot 0 always has room, and every point reaches it.
            debug_assert!(last != usize::MAX);
            let mut push = supply.min(st.room[last]);
            let mut b = last;
            while let From::Via(a, j) = from[b] {
                push = push.min(st.flow_at(j, a));
                b = a;
            }
            let first = b;
            let mut b = last;
            while let From::Via(a, j) = from[b] {
                st.add(j, a, -push);
                st.add(j, b, push);
                b = a;
            }
            st.add(i as u32, first, push);
            st.room[last] -= push;
            supply -= push;
            for a in 0..q {
                h[a] += key[a].min(key_sink);
            }
            h_sink += key_sink;
        }
    }
    let mut cost = 0.0;
    for (i, list) in st.flow.iter_mut().enumerate() {
        list.sort_by_key(|f| f.0);
        for &(a, f) in list.iter() {
            cost += f * cols[a as usize][i];
        }
    }
    Some(DenseFlows {
        flows: st.flow,
        cost,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny LCG: these tests need no statistical quality.
    fn lcg(seed: &mut u64) -> f64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((*seed >> 11) as f64) / ((1u64 << 53) as f64)
    }

    /// The optimum by brute force on a tiny instance: the LP solved as a
    /// min-cost flow with unit steps (weights and capacities integers).
    fn oracle(weight: &[f64], cols: &[Vec<f64>], cap: &[f64]) -> f64 {
        // Enumerate with a plain simplex-free method: unit successive
        // shortest paths with Bellman-Ford on the full bipartite graph.
        let (n, q) = (weight.len(), cols.len());
        let mut flow = vec![vec![0.0; q]; n];
        let mut room = cap.to_vec();
        room[0] = f64::INFINITY;
        let mut total = 0.0;
        for i in 0..n {
            for _ in 0..weight[i] as usize {
                // Nodes: points 0..n, slots n..n+q. Bellman-Ford from i.
                let m = n + q;
                let mut dist = vec![f64::INFINITY; m];
                let mut prev = vec![usize::MAX; m];
                dist[i] = 0.0;
                for _ in 0..m {
                    for p in 0..n {
                        for a in 0..q {
                            let c = cols[a][p];
                            if !c.is_finite() {
                                continue;
                            }
                            if dist[p] + c < dist[n + a] - 1e-12 {
                                dist[n + a] = dist[p] + c;
                                prev[n + a] = p;
                            }
                            if flow[p][a] > 0.5 && dist[n + a] - c < dist[p] - 1e-12 {
                                dist[p] = dist[n + a] - c;
                                prev[p] = n + a;
                            }
                        }
                    }
                }
                let end = (0..q)
                    .filter(|&a| room[a] >= 1.0)
                    .min_by(|&a, &b| dist[n + a].total_cmp(&dist[n + b]))
                    .unwrap();
                total += dist[n + end];
                room[end] -= 1.0;
                let mut v = n + end;
                while v != i {
                    let u = prev[v];
                    if v >= n {
                        flow[u][v - n] += 1.0;
                    } else {
                        flow[v][u - n] -= 1.0;
                    }
                    v = u;
                }
            }
        }
        total
    }

    #[test]
    fn matches_unit_flow_oracle() {
        let mut seed = 7u64;
        for case in 0..200 {
            let n = 1 + (lcg(&mut seed) * 7.0) as usize;
            let q = 2 + (lcg(&mut seed) * 4.0) as usize;
            let weight: Vec<f64> = (0..n).map(|_| (lcg(&mut seed) * 4.0).floor()).collect();
            let mut cols: Vec<Vec<f64>> = vec![vec![50.0; n]];
            for _ in 1..q {
                cols.push(
                    (0..n)
                        .map(|_| {
                            if lcg(&mut seed) < 0.2 {
                                f64::INFINITY
                            } else {
                                (lcg(&mut seed) * 20.0).floor()
                            }
                        })
                        .collect(),
                );
            }
            let cap: Vec<f64> = (0..q).map(|_| (lcg(&mut seed) * 6.0).floor()).collect();
            let want = oracle(&weight, &cols, &cap);
            let arcs: Vec<Column> = cols.iter().cloned().map(Arc::new).collect();
            let far = Instant::now() + std::time::Duration::from_secs(60);
            let got = transport(&weight, &arcs, &cap, far).unwrap();
            assert!(
                (got.cost - want).abs() < 1e-6,
                "case {case}: {} vs oracle {want}",
                got.cost
            );
            // Every point fully sent, every room kept.
            let mut used = vec![0.0; q];
            for (i, list) in got.flows.iter().enumerate() {
                let sent: f64 = list.iter().map(|f| f.1).sum();
                assert!((sent - weight[i]).abs() < 1e-9, "case {case}: point {i}");
                for &(a, f) in list {
                    assert!(cols[a as usize][i].is_finite());
                    used[a as usize] += f;
                }
            }
            for a in 1..q {
                assert!(used[a] <= cap[a] + 1e-9, "case {case}: slot {a} over");
            }
        }
    }

    #[test]
    fn stops_at_the_deadline() {
        let cols: Vec<Column> = vec![Arc::new(vec![1.0; 1000]), Arc::new(vec![0.0; 1000])];
        let past = Instant::now() - std::time::Duration::from_secs(1);
        assert!(transport(&[1.0; 1000], &cols, &[0.0, 10.0], past).is_none());
    }
}
