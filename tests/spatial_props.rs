//! `PointIndex` against a brute-force haversine scan, on random points all
//! over the world, with clusters at both poles and across the antimeridian.
//!
//! Runs are reproducible: a fixed seed and no failure files.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use siteplan::spatial::{haversine_km, PointIndex};
use siteplan::Km;

fn config() -> Config {
    Config {
        cases: 256,
        rng_seed: RngSeed::Fixed(0x5173_9147),
        failure_persistence: None,
        ..Config::default()
    }
}

/// A point somewhere: anywhere, near a pole, by the antimeridian, or on a
/// coarse grid there (which makes exact duplicates and ties).
fn point() -> impl Strategy<Value = (f64, f64)> {
    prop_oneof![
        3 => (-90.0..=90.0f64, -180.0..=180.0f64),
        2 => (89.0..=90.0f64, -180.0..=180.0f64),
        2 => (-90.0..=-89.0f64, -180.0..=180.0f64),
        2 => (-3.0..=3.0f64, 179.0..=180.0f64),
        2 => (-3.0..=3.0f64, -180.0..=-179.0f64),
        1 => (0..3i32, 0..3i32).prop_map(|(a, b)| (89.0 + 0.5 * a as f64, -180.0 + 180.0 * b as f64)),
        1 => (-1..=1i32, 0..4i32).prop_map(|(a, b)| (a as f64, if b % 2 == 0 { 180.0 } else { -180.0 } - 0.25 * (b / 2) as f64 * if b % 2 == 0 { 1.0 } else { -1.0 })),
        1 => Just((90.0, 0.0)),
        1 => Just((-90.0, 0.0)),
    ]
}

fn radius() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(0.0),
        0.0..5.0f64,
        0.0..500.0f64,
        0.0..20_000.0f64,
        19_000.0..20_100.0f64,
    ]
}

/// Every point within `r` of `q`, sorted by distance then index.
fn brute_within(points: &[(f64, f64)], q: (f64, f64), r: f64) -> Vec<(u32, Km)> {
    let mut out: Vec<(u32, Km)> = points
        .iter()
        .enumerate()
        .map(|(i, p)| (i as u32, haversine_km(q.0, q.1, p.0, p.1)))
        .filter(|(_, d)| d.0 <= r)
        .collect();
    out.sort_by(|a, b| a.1 .0.total_cmp(&b.1 .0).then(a.0.cmp(&b.0)));
    out
}

/// The `k` nearest points, ties broken by the lower index.
fn brute_nearest(points: &[(f64, f64)], q: (f64, f64), k: usize) -> Vec<(u32, Km)> {
    let mut all = brute_within(points, q, f64::INFINITY);
    all.truncate(k);
    all
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn within_equals_brute_force(
        points in prop::collection::vec(point(), 0..250),
        q in point(),
        r in radius(),
    ) {
        let index = PointIndex::new(points.iter().copied());
        prop_assert_eq!(index.len(), points.len());
        let got = index.within(q.0, q.1, Km(r));
        prop_assert_eq!(got, brute_within(&points, q, r));
    }

    /// The radius is exactly the distance to one of the points: that point
    /// (and any tie) is on the boundary and must be included.
    #[test]
    fn within_includes_the_boundary(
        points in prop::collection::vec(point(), 1..150),
        q in point(),
        pick in any::<prop::sample::Index>(),
    ) {
        let index = PointIndex::new(points.iter().copied());
        let j = pick.index(points.len());
        let r = haversine_km(q.0, q.1, points[j].0, points[j].1).0;
        let got = index.within(q.0, q.1, Km(r));
        prop_assert!(got.iter().any(|h| h.0 as usize == j));
        prop_assert_eq!(got, brute_within(&points, q, r));
    }

    #[test]
    fn nearest_equals_brute_force(
        points in prop::collection::vec(point(), 0..250),
        q in point(),
        k in 0usize..300,
    ) {
        let index = PointIndex::new(points.iter().copied());
        let got = index.nearest(q.0, q.1, k);
        let want = brute_nearest(&points, q, k);
        prop_assert_eq!(got.len(), k.min(points.len()));
        // Same multiset of distances.
        let dist = |v: &[(u32, Km)]| v.iter().map(|h| h.1 .0.to_bits()).collect::<Vec<_>>();
        prop_assert_eq!(dist(&got), dist(&want));
        // Every returned item is truly at its stated distance, within the
        // k-th distance, and listed once.
        let kth = want.last().map_or(f64::NEG_INFINITY, |h| h.1 .0);
        let mut seen = std::collections::HashSet::new();
        for &(i, d) in &got {
            let p = points[i as usize];
            prop_assert_eq!(d, haversine_km(q.0, q.1, p.0, p.1));
            prop_assert!(d.0 <= kth);
            prop_assert!(seen.insert(i));
        }
        // Ties at the k-th distance keep the lowest indices.
        prop_assert_eq!(got, want);
    }

    /// The k nearest within a radius are the radius query cut to its first
    /// k, ties at the k-th distance keeping the lowest indices.
    #[test]
    fn nearest_within_equals_the_radius_query_cut_to_k(
        points in prop::collection::vec(point(), 0..250),
        q in point(),
        r in radius(),
        k in 0usize..60,
    ) {
        let index = PointIndex::new(points.iter().copied());
        let mut got = vec![(7, Km(1.0))];
        index.nearest_within_into(q.0, q.1, k, Km(r), &mut got);
        let mut want = brute_within(&points, q, r);
        want.truncate(k);
        prop_assert_eq!(got, want);
    }

    /// `within_into` reuses its buffer and gives the same answer as `within`;
    /// `distance_to` is the haversine distance.
    #[test]
    fn within_into_and_distance_to_agree(
        points in prop::collection::vec(point(), 1..100),
        q in point(),
        r in radius(),
    ) {
        let index = PointIndex::new(points.iter().copied());
        let mut buf = vec![(999, Km(-1.0)); 3];
        index.within_into(q.0, q.1, Km(r), &mut buf);
        prop_assert_eq!(&buf, &index.within(q.0, q.1, Km(r)));
        for (i, p) in points.iter().enumerate() {
            prop_assert_eq!(index.distance_to(q.0, q.1, i), haversine_km(q.0, q.1, p.0, p.1));
        }
    }
}

#[test]
fn negative_or_nan_radius_finds_nothing() {
    let index = PointIndex::new([(0.0, 0.0), (1.0, 1.0)]);
    assert!(index.within(0.0, 0.0, Km(-1.0)).is_empty());
    assert!(index.within(0.0, 0.0, Km(f64::NAN)).is_empty());
    assert_eq!(index.within(0.0, 0.0, Km(0.0)), vec![(0, Km(0.0))]);
}

#[test]
fn empty_index() {
    let index = PointIndex::new(std::iter::empty());
    assert!(index.is_empty());
    assert!(index.within(10.0, 10.0, Km(20_000.0)).is_empty());
    assert!(index.nearest(10.0, 10.0, 5).is_empty());
}

#[test]
fn antimeridian_neighbours_are_near() {
    // 0.1° of longitude either side of ±180° on the equator: about 11.1 km.
    let index = PointIndex::new([(0.0, 179.9), (0.0, 0.0), (0.0, -179.9)]);
    for q in [180.0, -180.0] {
        let near = index.within(0.0, q, Km(12.0));
        let mut ids: Vec<u32> = near.iter().map(|h| h.0).collect();
        ids.sort_unstable();
        assert_eq!(ids, vec![0, 2]);
        assert!(
            near.iter().all(|h| (h.1 .0 - 11.12).abs() < 0.01),
            "{near:?}"
        );
        let two = index.nearest(0.0, q, 2);
        assert_eq!(two, near);
    }
}

#[test]
fn every_longitude_at_a_pole_is_one_place() {
    let index = PointIndex::new((0..8).map(|i| (90.0, -180.0 + 45.0 * i as f64)));
    let hits = index.within(89.99, 33.0, Km(1.2));
    assert_eq!(hits.len(), 8);
    assert!(
        hits.iter().all(|h| (h.1 .0 - 1.112).abs() < 0.001),
        "{hits:?}"
    );
}
