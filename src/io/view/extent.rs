//! The area a map opens on: the demand, without far-off groups of points
//! that hold a tiny share of it, and every open site.

use crate::spatial::haversine_km;
use std::collections::BTreeMap;

/// Demand points farther than this from every point of the main area
/// (single linkage: chains of points each within this distance of the
/// next form one group) are a far-off group.
pub const FAR_KM: f64 = 750.0;

/// A far-off group is left out of a map's view when it holds less than
/// this share of the demand weight and no site that must stay visible.
pub const FAR_SHARE: f64 = 0.02;

/// Side of the grid cells points are pooled in, degrees, at first.
const CELL_DEG: f64 = 0.05;

/// The most occupied cells the groups are looked for in (the search is
/// quadratic in the cells): beyond it the points are pooled again in cells
/// twice as wide, until they fit.
const MAX_CELLS: usize = 5_000;

/// The view of a map: the box it opens on and what falls outside it.
///
/// # Examples
///
/// ```
/// use siteplan::io::MapExtent;
/// // A big city cluster, a far-off island with 1 % of the weight, and an
/// // open site in the cluster.
/// let mut demand: Vec<(f64, f64, f64)> =
///     (0..10).map(|i| (10.0 + i as f64, 50.0, 100.0)).collect();
/// demand.push((-15.4, 28.1, 10.0));
/// let e = MapExtent::of(&demand, &[(12.0, 51.0)]);
/// assert_eq!(e.bbox, [10.0, 50.0, 19.0, 51.0]);
/// assert_eq!(e.left_out, 1);
/// // An open site on the island keeps it in view.
/// let e = MapExtent::of(&demand, &[(-15.4, 28.1)]);
/// assert_eq!((e.bbox[0], e.bbox[1], e.left_out), (-15.4, 28.1, 0));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MapExtent {
    /// `[west, south, east, north]`, degrees.
    pub bbox: [f64; 4],
    /// Demand points left out of the view (in far-off groups).
    pub left_out: usize,
    /// Their share of the demand weight, 0 to 1.
    pub left_out_share: f64,
}

impl MapExtent {
    /// The view of demand points `(lon, lat, weight)` that keeps the
    /// `keep` points `(lon, lat)` (open sites) in sight: the box of the
    /// demand less every far-off group ([`FAR_KM`]) holding under
    /// [`FAR_SHARE`] of the weight and no `keep` point, grown to hold
    /// every `keep` point. Points with a coordinate that is not finite are
    /// ignored; with none left the box is `[-10, -10, 10, 10]`.
    /// Deterministic: the result does not depend on the order of points.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::MapExtent;
    /// let e = MapExtent::of(&[], &[]);
    /// assert_eq!(e.bbox, [-10.0, -10.0, 10.0, 10.0]);
    /// let e = MapExtent::of(&[(1.0, 2.0, 5.0), (3.0, 4.0, 5.0)], &[]);
    /// assert_eq!(e.bbox, [1.0, 2.0, 3.0, 4.0]);
    /// ```
    pub fn of(demand: &[(f64, f64, f64)], keep: &[(f64, f64)]) -> MapExtent {
        let ok = |lon: f64, lat: f64| lon.is_finite() && lat.is_finite();
        // Pool the points in grid cells (weight, point count and box), in
        // wider cells while there are too many to group.
        let cells = pool(demand.iter().filter(|p| ok(p.0, p.1)));
        let keep: Vec<(f64, f64)> = keep.iter().copied().filter(|p| ok(p.0, p.1)).collect();
        let mut kept = vec![true; cells.len()];
        if cells.len() > 1 {
            let group = groups(&cells);
            let n_groups = group.iter().copied().max().map_or(0, |g| g + 1);
            let mut weight = vec![0.0; n_groups];
            let mut count = vec![0usize; n_groups];
            let mut pinned = vec![false; n_groups];
            for (c, &g) in cells.iter().zip(&group) {
                weight[g] += c.weight;
                count[g] += c.count;
                pinned[g] |= keep.iter().any(|&(lon, lat)| c.holds(lon, lat));
            }
            // Shares by weight, or by point count where there is none.
            let total_w: f64 = weight.iter().sum();
            let total_n: usize = count.iter().sum();
            let share = |g: usize| {
                if total_w > 0.0 {
                    weight[g] / total_w
                } else {
                    count[g] as f64 / total_n as f64
                }
            };
            let main = (0..n_groups)
                .max_by(|&a, &b| share(a).total_cmp(&share(b)).then(b.cmp(&a)))
                .unwrap_or(0);
            let far: Vec<bool> = (0..n_groups)
                .map(|g| g != main && !pinned[g] && share(g) < FAR_SHARE)
                .collect();
            for (k, &g) in kept.iter_mut().zip(&group) {
                *k = !far[g];
            }
        }
        let mut bbox = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        let (mut left_out, mut out_w, mut all_w) = (0, 0.0, 0.0);
        for (c, &k) in cells.iter().zip(&kept) {
            all_w += c.weight;
            if k {
                bbox = union(bbox, c.bbox);
            } else {
                left_out += c.count;
                out_w += c.weight;
            }
        }
        for &(lon, lat) in &keep {
            bbox = union(bbox, [lon, lat, lon, lat]);
        }
        if !bbox[0].is_finite() {
            bbox = [-10.0, -10.0, 10.0, 10.0];
        }
        MapExtent {
            bbox,
            left_out,
            left_out_share: if all_w > 0.0 { out_w / all_w } else { 0.0 },
        }
    }
}

/// The points `(lon, lat, weight)` pooled in grid cells [`CELL_DEG`]
/// degrees wide, or twice, four times, ... as wide where there are more
/// than [`MAX_CELLS`] occupied cells; in cell order. Each point's cell is
/// found once: a cell `2^k` times as wide holds the cells whose keys
/// shifted right by `k` bits give its key (`floor(x / 2^k d)` is
/// `floor(floor(x / d) / 2^k)`), and each cell sums its points in their
/// order, as if pooled directly at its width.
fn pool<'a>(points: impl Iterator<Item = &'a (f64, f64, f64)>) -> Vec<Cell> {
    use std::collections::HashMap;
    let points: Vec<&(f64, f64, f64)> = points.collect();
    let keys: Vec<(i64, i64)> = points
        .iter()
        .map(|&&(lon, lat, _)| {
            (
                (lat / CELL_DEG).floor() as i64,
                (lon / CELL_DEG).floor() as i64,
            )
        })
        .collect();
    let mut fine: Vec<(i64, i64)> = keys.clone();
    fine.sort_unstable();
    fine.dedup();
    let mut shift = 0u32;
    let mut coarse: Vec<(i64, i64)> = fine.clone();
    while coarse.len() > MAX_CELLS && shift < 62 {
        shift += 1;
        coarse = fine
            .iter()
            .map(|&(a, b)| (a >> shift, b >> shift))
            .collect();
        coarse.sort_unstable();
        coarse.dedup();
    }
    let index: HashMap<(i64, i64), usize> =
        coarse.iter().enumerate().map(|(i, &k)| (k, i)).collect();
    let mut cells: Vec<Option<Cell>> = coarse.iter().map(|_| None).collect();
    for (&&(lon, lat, w), &(a, b)) in points.iter().zip(&keys) {
        let w = if w.is_finite() { w.max(0.0) } else { 0.0 };
        match &mut cells[index[&(a >> shift, b >> shift)]] {
            Some(c) => c.add(lon, lat, w),
            c => *c = Some(Cell::new(lon, lat, w)),
        }
    }
    cells.into_iter().flatten().collect()
}

/// The demand points of one grid cell.
struct Cell {
    weight: f64,
    count: usize,
    /// `[west, south, east, north]` of its points.
    bbox: [f64; 4],
}

impl Cell {
    fn new(lon: f64, lat: f64, weight: f64) -> Cell {
        Cell {
            weight,
            count: 1,
            bbox: [lon, lat, lon, lat],
        }
    }

    fn add(&mut self, lon: f64, lat: f64, weight: f64) {
        self.weight += weight;
        self.count += 1;
        self.bbox = union(self.bbox, [lon, lat, lon, lat]);
    }

    /// The middle of the cell's points: `(lat, lon)`.
    fn middle(&self) -> (f64, f64) {
        (
            (self.bbox[1] + self.bbox[3]) / 2.0,
            (self.bbox[0] + self.bbox[2]) / 2.0,
        )
    }

    /// Whether `(lon, lat)` lies within [`FAR_KM`] of the cell.
    fn holds(&self, lon: f64, lat: f64) -> bool {
        let (clat, clon) = self.middle();
        haversine_km(clat, clon, lat, lon).0 <= FAR_KM
    }
}

fn union(a: [f64; 4], b: [f64; 4]) -> [f64; 4] {
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[2].max(b[2]),
        a[3].max(b[3]),
    ]
}

/// Single-linkage groups of cells at [`FAR_KM`]: a group index per cell,
/// numbered in cell order.
fn groups(cells: &[Cell]) -> Vec<usize> {
    let mids: Vec<(f64, f64)> = cells.iter().map(Cell::middle).collect();
    let mut parent: Vec<usize> = (0..cells.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    // One degree of latitude is at least 110 km.
    let max_dlat = FAR_KM / 110.0;
    for i in 0..cells.len() {
        for j in i + 1..cells.len() {
            let ((la, lo), (lb, lob)) = (mids[i], mids[j]);
            if (la - lb).abs() > max_dlat || haversine_km(la, lo, lb, lob).0 > FAR_KM {
                continue;
            }
            let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
            if ri != rj {
                parent[ri.max(rj)] = ri.min(rj);
            }
        }
    }
    let mut number: BTreeMap<usize, usize> = BTreeMap::new();
    (0..cells.len())
        .map(|i| {
            let r = root(&mut parent, i);
            let next = number.len();
            *number.entry(r).or_insert(next)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A main area of 30 points, a far pair with 1 % of the weight and a
    /// near island with 1 %.
    fn points() -> Vec<(f64, f64, f64)> {
        let mut v: Vec<(f64, f64, f64)> = (0..30)
            .map(|i| (5.0 + (i % 6) as f64, 45.0 + (i / 6) as f64, 33.0))
            .collect();
        v.push((-16.0, 28.0, 5.0));
        v.push((-15.5, 28.2, 5.0));
        v.push((12.0, 40.0, 10.0));
        v
    }

    #[test]
    fn far_small_groups_leave_the_view_and_order_does_not_matter() {
        let pts = points();
        let e = MapExtent::of(&pts, &[]);
        assert_eq!(e.left_out, 2);
        assert!((e.left_out_share - 10.0 / 1010.0).abs() < 1e-12);
        assert_eq!(e.bbox, [5.0, 40.0, 12.0, 49.0]);
        let mut reversed = pts.clone();
        reversed.reverse();
        assert_eq!(MapExtent::of(&reversed, &[]), e);
    }

    #[test]
    fn a_heavy_far_group_stays_and_bad_points_are_ignored() {
        let mut pts = points();
        pts[30].2 = 500.0;
        pts.push((f64::NAN, 10.0, 1.0));
        let e = MapExtent::of(&pts, &[(f64::INFINITY, 0.0)]);
        assert_eq!(e.left_out, 0);
        assert_eq!(e.bbox, [-16.0, 28.0, 12.0, 49.0]);
    }

    /// Pooling each point once gives the cells of pooling the points
    /// again at each wider size, sums and all.
    #[test]
    fn pooling_once_matches_pooling_at_each_size() {
        fn direct(points: &[(f64, f64, f64)]) -> Vec<(f64, usize, [f64; 4])> {
            let mut deg = CELL_DEG;
            loop {
                let mut cells: BTreeMap<(i64, i64), Cell> = BTreeMap::new();
                for &(lon, lat, w) in points {
                    let key = ((lat / deg).floor() as i64, (lon / deg).floor() as i64);
                    cells
                        .entry(key)
                        .and_modify(|c| c.add(lon, lat, w))
                        .or_insert_with(|| Cell::new(lon, lat, w));
                }
                if cells.len() <= MAX_CELLS {
                    return cells
                        .into_values()
                        .map(|c| (c.weight, c.count, c.bbox))
                        .collect();
                }
                deg *= 2.0;
            }
        }
        let mut x = 12345u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 11) as f64 / (1u64 << 53) as f64
        };
        let pts: Vec<(f64, f64, f64)> = (0..40_000)
            .map(|_| (-20.0 + 60.0 * next(), -10.0 + 30.0 * next(), 0.1 + next()))
            .collect();
        let got: Vec<(f64, usize, [f64; 4])> = pool(pts.iter())
            .into_iter()
            .map(|c| (c.weight, c.count, c.bbox))
            .collect();
        assert!(got.len() <= MAX_CELLS && got.len() > MAX_CELLS / 4);
        assert_eq!(got, direct(&pts));
    }

    #[test]
    fn the_rule_holds_on_more_points_than_cells_can_be_grouped() {
        // 8,000 points a cell each at the first cell size, then two far
        // points with a tiny share.
        let mut pts: Vec<(f64, f64, f64)> = (0..8_000)
            .map(|i| {
                (
                    5.0 + 0.1 * (i % 100) as f64,
                    40.0 + 0.1 * (i / 100) as f64,
                    1.0,
                )
            })
            .collect();
        pts.push((-16.0, 28.0, 1.0));
        pts.push((-15.5, 28.2, 1.0));
        let e = MapExtent::of(&pts, &[]);
        assert_eq!(e.left_out, 2);
        assert_eq!(e.bbox[0], 5.0);
        assert!((e.bbox[2] - 14.9).abs() < 1e-9 && (e.bbox[3] - 47.9).abs() < 1e-9);
    }
}
