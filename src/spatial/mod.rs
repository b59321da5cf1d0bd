//! Great-circle spatial queries over points on the earth.
//!
//! Points are indexed as unit vectors (x, y, z) in an R-tree ([`rstar`]).
//! The straight-line (chord) distance between two unit vectors grows
//! monotonically with their great-circle distance: `chord = 2·sin(d / 2R)`.
//! So a great-circle radius query becomes a chord query, and nearest
//! neighbours by chord are nearest by great-circle distance, with no special
//! cases at the poles or across the antimeridian. Each answer is then checked
//! with the haversine formula, so results equal a brute-force haversine scan.

use rstar::primitives::GeomWithData;
use rstar::RTree;

use crate::units::{Km, EARTH_RADIUS_KM};

/// Great-circle distance in km by the haversine formula on a sphere of radius
/// [`EARTH_RADIUS_KM`].
///
/// ```
/// // Shanghai to Beijing, about 1,067 km.
/// let d = siteplan::spatial::haversine_km(31.22222, 121.45806, 39.9075, 116.39723);
/// assert!((d.0 - 1067.0).abs() < 2.0);
/// ```
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> Km {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = lon2.to_radians() - lon1.to_radians();
    let h = (dp * 0.5).sin().powi(2) + p1.cos() * p2.cos() * (dl * 0.5).sin().powi(2);
    Km(2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin())
}

/// Unit vector of a latitude/longitude in degrees.
///
/// ```
/// let v = siteplan::spatial::unit_vector(90.0, 0.0);
/// assert!((v[2] - 1.0).abs() < 1e-12);
/// ```
pub fn unit_vector(lat: f64, lon: f64) -> [f64; 3] {
    let (sp, cp) = lat.to_radians().sin_cos();
    let (sl, cl) = lon.to_radians().sin_cos();
    [cp * cl, cp * sl, sp]
}

/// Squared chord between unit vectors at great-circle distance `d`.
fn chord2_for(d: Km) -> f64 {
    let theta = (d.0 / EARTH_RADIUS_KM).clamp(0.0, std::f64::consts::PI);
    let c = 2.0 * (theta * 0.5).sin();
    c * c
}

/// Precomputed trigonometry of one indexed point, for fast exact haversine.
#[derive(Debug, Clone, Copy)]
struct Trig {
    lat_rad: f64,
    lon_rad: f64,
    cos_lat: f64,
}

impl Trig {
    fn new(lat: f64, lon: f64) -> Self {
        Trig {
            lat_rad: lat.to_radians(),
            lon_rad: lon.to_radians(),
            cos_lat: lat.to_radians().cos(),
        }
    }

    /// Same formula and operation order as [`haversine_km`].
    #[inline]
    fn distance(&self, q: &Trig) -> f64 {
        let dp = self.lat_rad - q.lat_rad;
        let dl = self.lon_rad - q.lon_rad;
        let h = (dp * 0.5).sin().powi(2) + q.cos_lat * self.cos_lat * (dl * 0.5).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
    }
}

/// An index of points on the earth answering exact great-circle radius and
/// k-nearest queries. Items are identified by their position in the input.
///
/// ```
/// use siteplan::{spatial::PointIndex, Km};
/// let idx = PointIndex::new([(31.2, 121.5), (39.9, 116.4), (23.1, 113.3)]);
/// let near = idx.within(31.0, 121.0, Km(100.0));
/// assert_eq!(near.len(), 1);
/// assert_eq!(near[0].0, 0);
/// let two = idx.nearest(30.0, 120.0, 2);
/// assert_eq!(two.iter().map(|h| h.0).collect::<Vec<_>>(), vec![0, 2]);
/// ```
#[derive(Debug, Clone)]
pub struct PointIndex {
    tree: RTree<GeomWithData<[f64; 3], u32>>,
    trig: Vec<Trig>,
}

impl PointIndex {
    /// Indexes `(lat, lon)` pairs in degrees; item `i` is the `i`-th pair.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{spatial::PointIndex, Problem, DemandPoint, Site};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 30.0, 120.0, 1.0))
    ///     .sites([Site::new("x", 31.2, 121.5), Site::new("y", 23.1, 113.3)])
    ///     .build()?;
    /// let idx = PointIndex::new(p.sites().iter().map(|s| (s.lat, s.lon)));
    /// assert_eq!(idx.len(), 2);
    /// // Item numbers are site indices: the nearest site to Shenzhen is "y".
    /// assert_eq!(idx.nearest(22.5, 114.1, 1)[0].0, 1);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn new(points: impl IntoIterator<Item = (f64, f64)>) -> Self {
        let mut items = Vec::new();
        let mut trig = Vec::new();
        for (i, (lat, lon)) in points.into_iter().enumerate() {
            items.push(GeomWithData::new(unit_vector(lat, lon), i as u32));
            trig.push(Trig::new(lat, lon));
        }
        PointIndex {
            tree: RTree::bulk_load(items),
            trig,
        }
    }

    /// Number of indexed points.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::spatial::PointIndex;
    /// assert_eq!(PointIndex::new([(31.2, 121.5), (31.2, 121.5)]).len(), 2); // duplicates count
    /// ```
    pub fn len(&self) -> usize {
        self.trig.len()
    }

    /// True when nothing is indexed.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{spatial::PointIndex, Km};
    /// let empty = PointIndex::new(std::iter::empty());
    /// assert!(empty.is_empty());
    /// assert!(empty.within(0.0, 0.0, Km(20_000.0)).is_empty());
    /// assert!(!PointIndex::new([(0.0, 0.0)]).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.trig.is_empty()
    }

    /// Great-circle distance from a query point to indexed item `i`.
    ///
    /// Equals [`haversine_km`] from the query point to the item.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::spatial::{haversine_km, PointIndex};
    /// let idx = PointIndex::new([(31.2, 121.5), (39.9, 116.4)]);
    /// // Shanghai to Beijing, about 1,071 km.
    /// let d = idx.distance_to(31.2, 121.5, 1);
    /// assert!((d.0 - 1071.3).abs() < 0.1);
    /// assert!((d.0 - haversine_km(31.2, 121.5, 39.9, 116.4).0).abs() < 1e-9);
    /// ```
    pub fn distance_to(&self, lat: f64, lon: f64, i: usize) -> Km {
        Km(self.trig[i].distance(&Trig::new(lat, lon)))
    }

    /// Every item within `radius` (inclusive) of the point, with its distance,
    /// sorted by distance then item number.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{spatial::PointIndex, Km};
    /// let idx = PointIndex::new([(31.2, 121.5), (39.9, 116.4), (23.1, 113.3)]);
    /// // From Shanghai: itself (0 km) and Beijing (~1,071 km); Guangzhou is ~1,211 km.
    /// let hits = idx.within(31.2, 121.5, Km(1100.0));
    /// assert_eq!(hits.iter().map(|h| h.0).collect::<Vec<_>>(), [0, 1]);
    /// assert_eq!(hits[0].1, Km(0.0));
    /// // Great-circle, so the antimeridian is no border: 1° of the equator is ~111 km.
    /// let fiji = PointIndex::new([(0.0, -179.5)]);
    /// assert_eq!(fiji.within(0.0, 179.5, Km(112.0)).len(), 1);
    /// ```
    pub fn within(&self, lat: f64, lon: f64, radius: Km) -> Vec<(u32, Km)> {
        let mut out = Vec::new();
        self.within_into(lat, lon, radius, &mut out);
        out
    }

    /// Like [`PointIndex::within`], appending to `out` (cleared first) to
    /// reuse its allocation in loops.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{spatial::PointIndex, Km};
    /// let stores = PointIndex::new([(31.2, 121.5), (39.9, 116.4), (23.1, 113.3)]);
    /// let towns = [(31.0, 121.0), (30.3, 120.2), (22.5, 114.1)];
    /// let mut hits = Vec::new();
    /// let mut counts = Vec::new();
    /// for &(lat, lon) in &towns {
    ///     stores.within_into(lat, lon, Km(150.0), &mut hits);
    ///     counts.push(hits.len());
    /// }
    /// // Hangzhou (30.3, 120.2) is ~160 km from the Shanghai store.
    /// assert_eq!(counts, [1, 0, 1]);
    /// ```
    pub fn within_into(&self, lat: f64, lon: f64, radius: Km, out: &mut Vec<(u32, Km)>) {
        out.clear();
        if radius.0.is_nan() || radius.0 < 0.0 {
            return;
        }
        let q = unit_vector(lat, lon);
        let qt = Trig::new(lat, lon);
        // A slightly wider chord: no item within `radius` by haversine is lost
        // to rounding, and the haversine check below drops the extra ones.
        let r2 = chord2_for(radius) * (1.0 + 1e-9) + 1e-18;
        for item in self.tree.locate_within_distance(q, r2) {
            let i = item.data;
            let d = self.trig[i as usize].distance(&qt);
            if d <= radius.0 {
                out.push((i, Km(d)));
            }
        }
        sort_hits(out);
    }

    /// How many items lie within `radius` (inclusive) of the point, counting
    /// at most `limit`: the length [`PointIndex::within`] would return (cut
    /// to `limit`), without collecting, sorting or allocating anything.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{spatial::PointIndex, Km};
    /// let idx = PointIndex::new([(31.2, 121.5), (39.9, 116.4), (23.1, 113.3)]);
    /// let r = Km(1100.0);
    /// assert_eq!(idx.count_within(31.2, 121.5, r, usize::MAX), idx.within(31.2, 121.5, r).len());
    /// assert_eq!(idx.count_within(31.2, 121.5, r, 1), 1); // stops at the limit
    /// assert_eq!(idx.count_within(31.2, 121.5, Km(-1.0), 9), 0);
    /// ```
    pub fn count_within(&self, lat: f64, lon: f64, radius: Km, limit: usize) -> usize {
        if radius.0.is_nan() || radius.0 < 0.0 || limit == 0 {
            return 0;
        }
        let q = unit_vector(lat, lon);
        let qt = Trig::new(lat, lon);
        // The same widened chord and haversine check as `within_into`.
        let r2 = chord2_for(radius) * (1.0 + 1e-9) + 1e-18;
        let mut n = 0;
        for item in self.tree.locate_within_distance(q, r2) {
            if self.trig[item.data as usize].distance(&qt) <= radius.0 {
                n += 1;
                if n == limit {
                    break;
                }
            }
        }
        n
    }

    /// The `k` items nearest to the point within `radius` (inclusive), with
    /// distances, sorted by distance then item number, into `out` (cleared
    /// first): what [`PointIndex::within_into`] cut to its first `k` gives,
    /// found without visiting every item within the radius.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{spatial::PointIndex, Km};
    /// let idx = PointIndex::new([(39.9, 116.4), (31.2, 121.5), (23.1, 113.3), (31.2, 121.5)]);
    /// let mut near = Vec::new();
    /// idx.nearest_within_into(31.0, 121.0, 2, Km(2000.0), &mut near);
    /// assert_eq!(near.iter().map(|h| h.0).collect::<Vec<_>>(), [1, 3]);
    /// idx.nearest_within_into(31.0, 121.0, 9, Km(100.0), &mut near);
    /// assert_eq!(near.len(), 2); // only the two Shanghai points lie within 100 km
    /// ```
    pub fn nearest_within_into(
        &self,
        lat: f64,
        lon: f64,
        k: usize,
        radius: Km,
        out: &mut Vec<(u32, Km)>,
    ) {
        out.clear();
        if k == 0 || radius.0.is_nan() || radius.0 < 0.0 {
            return;
        }
        let q = unit_vector(lat, lon);
        let qt = Trig::new(lat, lon);
        // The same widened chord as `within_into`; ties at the k-th chord
        // are all taken, then sorted and cut like its answer.
        let r2 = chord2_for(radius) * (1.0 + 1e-9) + 1e-18;
        let mut kth_chord2 = f64::INFINITY;
        for (item, c2) in self.tree.nearest_neighbor_iter_with_distance_2(&q) {
            if c2 > r2 || (out.len() >= k && c2 > kth_chord2 * (1.0 + 1e-9) + 1e-18) {
                break;
            }
            let d = self.trig[item.data as usize].distance(&qt);
            if d <= radius.0 {
                out.push((item.data, Km(d)));
                if out.len() == k {
                    kth_chord2 = c2;
                }
            }
        }
        sort_hits(out);
        out.truncate(k);
    }

    /// The `k` items nearest to the point (fewer if the index is smaller),
    /// with distances, sorted by distance then item number. Among items tied
    /// at the k-th distance the lowest item numbers are kept.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::spatial::PointIndex;
    /// let idx = PointIndex::new([(39.9, 116.4), (31.2, 121.5), (23.1, 113.3), (31.2, 121.5)]);
    /// // Near Shanghai: the two tied Shanghai points (lower number first), then Beijing.
    /// let near = idx.nearest(31.0, 121.0, 3);
    /// assert_eq!(near.iter().map(|h| h.0).collect::<Vec<_>>(), [1, 3, 0]);
    /// assert!((near[0].1 .0 - 52.5).abs() < 0.1);
    /// assert_eq!(idx.nearest(31.0, 121.0, 10).len(), 4); // k larger than the index
    /// ```
    pub fn nearest(&self, lat: f64, lon: f64, k: usize) -> Vec<(u32, Km)> {
        if k == 0 {
            return Vec::new();
        }
        let q = unit_vector(lat, lon);
        let qt = Trig::new(lat, lon);
        let mut out: Vec<(u32, Km)> = Vec::with_capacity(k + 4);
        let mut kth_chord2 = f64::INFINITY;
        for (item, c2) in self.tree.nearest_neighbor_iter_with_distance_2(&q) {
            if out.len() >= k && c2 > kth_chord2 * (1.0 + 1e-9) + 1e-18 {
                break;
            }
            out.push((item.data, Km(self.trig[item.data as usize].distance(&qt))));
            if out.len() == k {
                kth_chord2 = c2;
            }
        }
        sort_hits(&mut out);
        out.truncate(k);
        out
    }
}

/// Sorts hits by distance, then item number. Distances are never negative
/// (haversine gives +0 or more), so their bit patterns sort like the numbers;
/// packed with the item number into one integer, they compare in one step.
fn sort_hits(hits: &mut [(u32, Km)]) {
    debug_assert!(hits.iter().all(|h| h.1 .0.is_sign_positive()));
    hits.sort_unstable_by_key(|h| (u128::from(h.1 .0.to_bits()) << 32) | u128::from(h.0));
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Distance, Haversine, Point};

    #[test]
    fn haversine_matches_geo() {
        let pairs = [
            ((31.2, 121.5), (39.9, 116.4)),
            ((0.0, 179.9), (0.0, -179.9)),
            ((89.9, 0.0), (89.9, 180.0)),
            ((-33.9, 151.2), (51.5, -0.1)),
        ];
        for ((a, b), (c, d)) in pairs {
            let ours = haversine_km(a, b, c, d).0;
            let theirs = Haversine.distance(Point::new(b, a), Point::new(d, c)) / 1000.0;
            assert!(
                (ours - theirs).abs() < 1e-6 * theirs.max(1.0),
                "{ours} vs {theirs}"
            );
        }
    }

    #[test]
    fn antipodes_are_half_the_circumference() {
        // Haversine is ill-conditioned at antipodes (asin near 1): ~0.1 km.
        let d = haversine_km(10.0, 20.0, -10.0, -160.0).0;
        assert!(
            (d - std::f64::consts::PI * EARTH_RADIUS_KM).abs() < 0.5,
            "{d}"
        );
    }
}
