//! Cost matrices and `evaluate` against brute force on random instances,
//! and rows cut to the k nearest grown where a plan needs them
//! (`CostMatrix::grown_for`): grown rows keep what they held, reach the
//! plan's nearest open site, stay sorted, and every floor still bounds what
//! a row leaves out, so bounds stay valid.
//!
//! Runs are reproducible: a fixed seed and no failure files.

// Brute force reads best with plain index loops.
#![allow(clippy::needless_range_loop)]

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use siteplan::spatial::{haversine_km, PointIndex};
use siteplan::{
    evaluate, CostMatrix, CostSource, DemandPoint, Haversine, Km, OdMatrix, Problem, Reach, Site,
    TravelCost,
};

fn config() -> Config {
    Config {
        cases: 128,
        rng_seed: RngSeed::Fixed(0xC057_3A7B),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Points in a region (so cutoffs keep some pairs but not all), anywhere,
/// or near the antimeridian.
fn point() -> impl Strategy<Value = (f64, f64)> {
    prop_oneof![
        4 => (29.0..33.0f64, 118.0..123.0f64),
        1 => (-90.0..=90.0f64, -180.0..=180.0f64),
        1 => (-2.0..2.0f64, prop_oneof![179.0..=180.0f64, -180.0..=-179.0f64]),
    ]
}

fn problem_from(demand: &[(f64, f64)], sites: &[(f64, f64)], weights: &[f64]) -> Problem {
    Problem::builder()
        .demands(
            demand
                .iter()
                .zip(weights.iter().cycle())
                .enumerate()
                .map(|(i, (&(lat, lon), &w))| DemandPoint::new(format!("d{i}"), lat, lon, w)),
        )
        .sites(
            sites
                .iter()
                .enumerate()
                .map(|(j, &(lat, lon))| Site::new(format!("s{j}"), lat, lon)),
        )
        .build()
        .unwrap()
}

fn reach() -> impl Strategy<Value = Reach> {
    (
        prop::option::of(prop_oneof![
            Just(0.0),
            0.0..50.0f64,
            0.0..600.0f64,
            Just(25_000.0)
        ]),
        prop::option::of(0usize..12),
    )
        .prop_map(|(cutoff, k_nearest)| Reach { cutoff, k_nearest })
}

/// The row of one demand point by brute force: sites sorted by cost then
/// index, cut to the reach.
fn brute_row(mut all: Vec<(u32, f64)>, reach: Reach) -> Vec<(u32, f64)> {
    all.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    if let Some(c) = reach.cutoff {
        all.retain(|p| p.1 <= c);
    }
    if let Some(k) = reach.k_nearest {
        all.truncate(k);
    }
    all
}

fn row_of(m: &CostMatrix, d: usize) -> Vec<(u32, f64)> {
    let r = m.row(d);
    r.sites
        .iter()
        .copied()
        .zip(r.costs.iter().copied())
        .collect()
}

/// Checks the parts of a matrix every source shares: shape, `cost`,
/// `Row::within`, the transpose and the memory figure.
fn check_consistent(m: &CostMatrix, p: &Problem) -> Result<(), TestCaseError> {
    prop_assert_eq!(m.n_demand(), p.demand().len());
    prop_assert_eq!(m.n_sites(), p.sites().len());
    let mut pairs = 0;
    for d in 0..m.n_demand() {
        let row = m.row(d);
        pairs += row.len();
        for (s, c) in row.iter() {
            prop_assert_eq!(m.cost(d, s), Some(c));
        }
        for s in 0..m.n_sites() {
            if !row.sites.contains(&(s as u32)) {
                prop_assert_eq!(m.cost(d, s), None);
            }
        }
        if let Some(&mid) = row.costs.get(row.len() / 2) {
            let w = row.within(mid);
            prop_assert!(w.costs.iter().all(|&c| c <= mid));
            prop_assert!(row.costs[w.len()..].iter().all(|&c| c > mid));
        }
    }
    prop_assert_eq!(pairs, m.n_pairs());
    prop_assert!(m.memory_bytes() >= 12 * m.n_pairs() + 8 * m.n_demand());
    // Transpose: each site's column lists, in demand order, exactly the
    // demand points whose row holds the site, with the same cost.
    let t = m.transpose();
    let mut in_columns = 0;
    for s in 0..m.n_sites() {
        let (ds, cs) = t.column(s);
        prop_assert_eq!(ds.len(), cs.len());
        in_columns += ds.len();
        prop_assert!(ds.windows(2).all(|w| w[0] < w[1]));
        let want: Vec<(u32, f64)> = (0..m.n_demand())
            .filter_map(|d| m.cost(d, s).map(|c| (d as u32, c)))
            .collect();
        let got: Vec<(u32, f64)> = ds.iter().copied().zip(cs.iter().copied()).collect();
        prop_assert_eq!(got, want);
    }
    prop_assert_eq!(in_columns, m.n_pairs());
    Ok(())
}

/// Costs from a small set, so that ties are common.
fn tie_cost() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(0.0),
        Just(1.0),
        Just(2.5),
        Just(7.0),
        Just(100.0),
        0.0..200.0f64,
    ]
}

/// An OD table: a problem size and, per demand point, for each site whether
/// the pair is present and its cost.
#[allow(clippy::type_complexity)]
fn od_table() -> impl Strategy<Value = (usize, usize, Vec<Vec<Option<f64>>>)> {
    (1usize..15, 1usize..10).prop_flat_map(|(nd, ns)| {
        (
            Just(nd),
            Just(ns),
            prop::collection::vec(
                prop::collection::vec(prop::option::weighted(0.6, tie_cost()), ns),
                nd,
            ),
        )
    })
}

fn od_reach() -> impl Strategy<Value = Reach> {
    (
        prop::option::of(prop_oneof![Just(0.0), Just(2.5), Just(7.0), 0.0..200.0f64]),
        prop::option::of(0usize..6),
    )
        .prop_map(|(cutoff, k_nearest)| Reach { cutoff, k_nearest })
}

fn simple_problem(nd: usize, ns: usize, weights: &[f64]) -> Problem {
    let demand: Vec<(f64, f64)> = (0..nd).map(|i| (i as f64 * 0.1, 0.0)).collect();
    let sites: Vec<(f64, f64)> = (0..ns).map(|j| (0.0, j as f64 * 0.1)).collect();
    problem_from(&demand, &sites, weights)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn haversine_matrix_equals_brute_force(
        demand in prop::collection::vec(point(), 1..60),
        sites in prop::collection::vec(point(), 1..40),
        reach in reach(),
    ) {
        let p = problem_from(&demand, &sites, &[1.0]);
        let m = Haversine.cost_matrix(&p, reach).unwrap();
        prop_assert_eq!(m.reach(), reach);
        prop_assert_eq!(m.source(), CostSource::Haversine);
        prop_assert_eq!(m.is_truncated(), reach.k_nearest.is_some());
        for (d, dp) in p.demand().iter().enumerate() {
            let all = p
                .sites()
                .iter()
                .enumerate()
                .map(|(s, sp)| (s as u32, haversine_km(dp.lat, dp.lon, sp.lat, sp.lon).0))
                .collect();
            prop_assert_eq!(row_of(&m, d), brute_row(all, reach), "row {}", d);
        }
        check_consistent(&m, &p)?;
        // A shared index gives the same matrix.
        let index = PointIndex::new(p.sites().iter().map(|s| (s.lat, s.lon)));
        let again = Haversine.cost_matrix_with_index(&p, &index, reach);
        for d in 0..p.demand().len() {
            prop_assert_eq!(row_of(&again, d), row_of(&m, d));
        }
    }

    #[test]
    fn od_matrix_honours_reach_and_marks_absent_pairs_unreachable(
        (nd, ns, table) in od_table(),
        reach in od_reach(),
        shuffle_seed in any::<u64>(),
    ) {
        let p = simple_problem(nd, ns, &[1.0]);
        let mut triples: Vec<(u32, u32, f64)> = Vec::new();
        for (d, row) in table.iter().enumerate() {
            for (s, c) in row.iter().enumerate() {
                if let Some(c) = c {
                    triples.push((d as u32, s as u32, *c));
                }
            }
        }
        // The order pairs are given in does not matter.
        let mut shuffled = triples.clone();
        let mut x = shuffle_seed | 1;
        for i in (1..shuffled.len()).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let od = OdMatrix::from_pairs(&p, shuffled.clone()).unwrap();
        prop_assert_eq!(od.len(), triples.len());
        prop_assert_eq!(od.is_empty(), triples.is_empty());

        // The same table read from a CSV file.
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("costs.csv");
        let mut text = String::from("demand_id,site_id,cost\n");
        for &(d, s, c) in &shuffled {
            text.push_str(&format!("d{d},s{s},{c}\n"));
        }
        if shuffled.is_empty() {
            // A file needs at least one row; an empty table is tested via from_pairs only.
            text.clear();
        }
        let from_file = if text.is_empty() {
            None
        } else {
            std::fs::write(&f, &text).unwrap();
            Some(siteplan::io::read_costs(&f, &p).unwrap())
        };

        for source in [Some(&od), from_file.as_ref()].into_iter().flatten() {
            let m = source.cost_matrix(&p, reach).unwrap();
            prop_assert_eq!(m.source(), CostSource::Matrix);
            prop_assert_eq!(m.reach(), reach);
            for d in 0..nd {
                let all = triples
                    .iter()
                    .filter(|t| t.0 as usize == d)
                    .map(|t| (t.1, t.2))
                    .collect();
                let want = brute_row(all, reach);
                prop_assert_eq!(row_of(&m, d), want.clone(), "row {}", d);
                for s in 0..ns {
                    let kept = want.iter().find(|p| p.0 as usize == s).map(|p| p.1);
                    prop_assert_eq!(m.cost(d, s), kept);
                    if table[d][s].is_none() {
                        prop_assert_eq!(m.cost(d, s), None, "absent pair ({}, {}) is unreachable", d, s);
                    }
                }
            }
            check_consistent(&m, &p)?;
        }
    }

    #[test]
    fn from_rows_sorts_rows_and_transposes(
        (nd, ns, table) in od_table(),
    ) {
        let p = simple_problem(nd, ns, &[1.0]);
        let rows: Vec<Vec<(u32, f64)>> = table
            .iter()
            .map(|r| {
                r.iter()
                    .enumerate()
                    .filter_map(|(s, c)| c.map(|c| (s as u32, c)))
                    .rev()
                    .collect()
            })
            .collect();
        let m = CostMatrix::from_rows(ns, rows.clone(), Reach::all());
        prop_assert_eq!(m.source(), CostSource::Custom);
        for (d, r) in rows.into_iter().enumerate() {
            prop_assert_eq!(row_of(&m, d), brute_row(r, Reach::all()));
        }
        check_consistent(&m, &p)?;
    }

    #[test]
    fn evaluate_equals_brute_force_assignment(
        (nd, ns, table) in od_table(),
        open_bits in any::<u64>(),
        weights in prop::collection::vec(prop_oneof![Just(0.0), Just(1.0), 0.0..1000.0f64], 1..8),
        cutoff in prop::option::of(prop_oneof![Just(2.5), 0.0..150.0f64]),
    ) {
        let p = simple_problem(nd, ns, &weights);
        let rows: Vec<Vec<(u32, f64)>> = table
            .iter()
            .map(|r| r.iter().enumerate().filter_map(|(s, c)| c.map(|c| (s as u32, c))).collect())
            .collect();
        let m = CostMatrix::from_rows(ns, rows, Reach::all());
        let open: Vec<bool> = (0..ns).map(|s| open_bits >> (s % 64) & 1 == 1).collect();
        let e = evaluate(&p, &m, &open, cutoff);

        // Brute force: the cheapest open site with a pair, lowest index on ties.
        let mut total = 0.0;
        let mut max: f64 = 0.0;
        let (mut covered, mut served, mut unserved) = (0.0, 0.0, 0.0);
        let mut unserved_points = 0;
        let mut load = vec![0.0; ns];
        let mut assignment = Vec::new();
        for (d, dp) in p.demand().iter().enumerate() {
            let mut best: Option<(usize, f64)> = None;
            for s in 0..ns {
                if let (true, Some(c)) = (open[s], table[d][s]) {
                    if best.is_none_or(|(_, b)| c < b) {
                        best = Some((s, c));
                    }
                }
            }
            let w = dp.weight;
            match best {
                Some((s, c)) => {
                    total += w * c;
                    served += w;
                    max = max.max(c);
                    load[s] += w;
                    if cutoff.is_none_or(|cut| c <= cut) {
                        covered += w;
                    }
                }
                None => {
                    unserved += w;
                    unserved_points += 1;
                }
            }
            assignment.push(best);
        }
        prop_assert_eq!(&e.assignment, &assignment);
        prop_assert_eq!(e.total_cost, total);
        prop_assert_eq!(e.max_cost, max);
        prop_assert_eq!(e.covered_weight, covered);
        prop_assert_eq!(e.served_weight, served);
        prop_assert_eq!(e.unserved_weight, unserved);
        prop_assert_eq!(e.unserved_points, unserved_points);
        prop_assert_eq!(&e.load, &load);
        prop_assert_eq!(e.total_weight, p.total_weight());
        let mean = if served > 0.0 { total / served } else { 0.0 };
        prop_assert_eq!(e.mean_cost, mean);
        // Closed sites carry no load.
        for s in 0..ns {
            if !open[s] {
                prop_assert_eq!(e.load[s], 0.0);
            }
        }
    }
}

#[test]
fn od_matrix_rejects_bad_pairs() {
    let p = simple_problem(2, 2, &[1.0]);
    assert!(OdMatrix::from_pairs(&p, vec![(0, 2, 1.0)]).is_err());
    assert!(OdMatrix::from_pairs(&p, vec![(2, 0, 1.0)]).is_err());
    assert!(OdMatrix::from_pairs(&p, vec![(0, 0, -1.0)]).is_err());
    assert!(OdMatrix::from_pairs(&p, vec![(0, 0, f64::NAN)]).is_err());
    assert!(OdMatrix::from_pairs(&p, vec![(0, 0, 1.0), (0, 0, 2.0)]).is_err());
    // A table read for another problem is refused.
    let od = OdMatrix::from_pairs(&p, vec![(0, 0, 1.0)]).unwrap();
    let other = simple_problem(3, 2, &[1.0]);
    assert!(od.cost_matrix(&other, Reach::all()).is_err());
}

#[test]
fn cutoff_zero_keeps_only_coincident_sites() {
    let p = problem_from(&[(31.0, 121.0)], &[(31.0, 121.0), (31.0, 121.0001)], &[1.0]);
    let m = Haversine.cost_matrix(&p, Reach::cutoff(Km(0.0))).unwrap();
    assert_eq!(m.row(0).sites, &[0]);
    assert_eq!(m.row(0).costs, &[0.0]);
}

/// Matrices with more rows than one storage block (a few hundred rows):
/// every way of building one gives the brute-force rows.
#[test]
fn matrices_spanning_many_blocks_equal_brute_force() {
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    let mut unit = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x >> 11) as f64 / (1u64 << 53) as f64
    };
    let nd = 1_300;
    let demand: Vec<(f64, f64)> = (0..nd)
        .map(|_| (29.0 + 4.0 * unit(), 118.0 + 5.0 * unit()))
        .collect();
    let sites: Vec<(f64, f64)> = (0..40)
        .map(|_| (29.0 + 4.0 * unit(), 118.0 + 5.0 * unit()))
        .collect();
    let p = problem_from(&demand, &sites, &[1.0, 2.0]);
    let all_rows: Vec<Vec<(u32, f64)>> = p
        .demand()
        .iter()
        .map(|dp| {
            p.sites()
                .iter()
                .enumerate()
                .map(|(s, sp)| (s as u32, haversine_km(dp.lat, dp.lon, sp.lat, sp.lon).0))
                .collect()
        })
        .collect();
    for reach in [
        Reach::cutoff(Km(120.0)),
        Reach::k_nearest(3),
        Reach::cutoff(Km(80.0)).with_k_nearest(2),
        Reach::all(),
    ] {
        let m = Haversine.cost_matrix(&p, reach).unwrap();
        for (d, all) in all_rows.iter().enumerate() {
            assert_eq!(row_of(&m, d), brute_row(all.clone(), reach), "row {d}");
        }
        check_consistent(&m, &p).unwrap();

        // The same costs as an OD table (one chunk of all rows, re-blocked).
        let triples: Vec<(u32, u32, f64)> = all_rows
            .iter()
            .enumerate()
            .flat_map(|(d, r)| r.iter().map(move |&(s, c)| (d as u32, s, c)))
            .collect();
        let od = OdMatrix::from_pairs(&p, triples).unwrap();
        let m2 = od.cost_matrix(&p, reach).unwrap();
        for d in 0..nd {
            assert_eq!(row_of(&m2, d), row_of(&m, d), "row {d}");
        }
        check_consistent(&m2, &p).unwrap();
    }
    let m3 = CostMatrix::from_rows(40, all_rows.clone(), Reach::all());
    for (d, all) in all_rows.iter().enumerate() {
        assert_eq!(row_of(&m3, d), brute_row(all.clone(), Reach::all()));
    }
    check_consistent(&m3, &p).unwrap();
    assert_eq!(m3.n_pairs(), nd * 40);
}

/// Every site's cost from point `d`, by brute force.
fn source_row(p: &Problem, d: usize) -> Vec<(usize, f64)> {
    let q = &p.demand()[d];
    p.sites()
        .iter()
        .enumerate()
        .map(|(s, t)| (s, haversine_km(q.lat, q.lon, t.lat, t.lon).0))
        .collect()
}

/// What every matrix with cut rows must hold: rows sorted by cost then
/// site, costs equal to the source, and each cut row's floor at most the
/// cost of every site within the cutoff that the row leaves out; an uncut
/// row holds every site within the cutoff.
fn check_rows(m: &CostMatrix, p: &Problem, cutoff: Option<f64>) -> Result<(), TestCaseError> {
    let within = |c: f64| cutoff.is_none_or(|r| c <= r);
    for d in 0..m.n_demand() {
        let row = m.row(d);
        let src = source_row(p, d);
        for w in row.sites.windows(2).zip(row.costs.windows(2)) {
            prop_assert!(w.1[0] < w.1[1] || (w.1[0] == w.1[1] && w.0[0] < w.0[1]));
        }
        for (s, c) in row.iter() {
            prop_assert_eq!(c, src[s].1);
            prop_assert!(within(c));
        }
        let left_out = src
            .iter()
            .filter(|(s, c)| within(*c) && !row.sites.contains(&(*s as u32)));
        match m.floor(d) {
            Some(f) => {
                for &(s, c) in left_out {
                    prop_assert!(
                        c >= f,
                        "row {d} leaves out site {s} at {c} below its floor {f}"
                    );
                }
            }
            None => prop_assert_eq!(left_out.count(), 0, "row {} is not cut", d),
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn grown_rows_reach_the_nearest_open_site_and_keep_floors_valid(
        demand in prop::collection::vec(point(), 1..40),
        sites in prop::collection::vec(point(), 2..30),
        k in 1usize..5,
        cutoff in prop::option::of(prop_oneof![Just(0.0), 10.0..400.0f64]),
        open_bits in prop::collection::vec(any::<bool>(), 30),
    ) {
        let p = problem_from(&demand, &sites, &[1.0, 2.0, 3.0]);
        let reach = Reach { cutoff, k_nearest: Some(k) };
        let m = Haversine.cost_matrix(&p, reach).unwrap();
        let open: Vec<bool> = (0..sites.len()).map(|s| open_bits[s]).collect();
        let Some(grown) = m.grown_for(&p, &open, usize::MAX) else {
            // Nothing to grow: no point lies beyond its cut (each cut row
            // holds its nearest open site), unless no site is open within
            // reach and no cutoff bounds the row.
            let e = evaluate(&p, &m, &open, None);
            prop_assert!(e.beyond_cut == 0 || (cutoff.is_none() && !open.iter().any(|&o| o)),
                "{} points beyond their cut, yet nothing grew", e.beyond_cut);
            return Ok(());
        };
        prop_assert!(grown.n_pairs() >= m.n_pairs());
        check_rows(&grown, &p, cutoff)?;
        for d in 0..m.n_demand() {
            // Grown rows keep every pair they held.
            for (s, c) in m.row(d).iter() {
                prop_assert_eq!(grown.cost(d, s), Some(c));
            }
            // A plan's point is priced truly: its nearest open site within
            // reach is in the grown row.
            let nearest = source_row(&p, d)
                .into_iter()
                .filter(|&(s, c)| open[s] && cutoff.is_none_or(|r| c <= r))
                .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            if let (Some((_, c)), Some(_)) = (nearest, m.floor(d)) {
                prop_assert!(grown.row(d).iter().any(|(s, cs)| open[s] && cs == c),
                    "row {d} lacks its nearest open site at {c}");
            }
        }
        // The plan costs the same on either matrix (the source prices what
        // a row leaves out), and no point lies beyond its cut any more.
        let before = evaluate(&p, &m, &open, None);
        let after = evaluate(&p, &grown, &open, None);
        prop_assert!((before.total_cost - after.total_cost).abs() <= 1e-9 * before.total_cost.max(1.0));
        prop_assert_eq!(after.beyond_cut, 0);
        // Widened four-fold afterwards, rows grown further keep what they hold.
        if let Some(wide) = grown.widened(&p) {
            let wide = wide.unwrap();

            check_rows(&wide, &p, cutoff)?;
            for d in 0..m.n_demand() {
                prop_assert!(wide.row(d).len() >= grown.row(d).len().min(sites.len()));
            }
        }
    }

    #[test]
    fn a_pair_budget_grows_the_heaviest_shortfalls_first_and_never_overruns(
        demand in prop::collection::vec(point(), 1..40),
        sites in prop::collection::vec(point(), 3..30),
        open_bits in prop::collection::vec(any::<bool>(), 30),
        extra in 0usize..40,
    ) {
        let p = problem_from(&demand, &sites, &[1.0, 2.0, 3.0]);
        let m = Haversine.cost_matrix(&p, Reach::k_nearest(1)).unwrap();
        let open: Vec<bool> = (0..sites.len()).map(|s| open_bits[s]).collect();
        let budget = m.n_pairs() + extra;
        if let Some(grown) = m.grown_for(&p, &open, budget) {
            prop_assert!(grown.n_pairs() <= budget);
            check_rows(&grown, &p, None)?;
        }
    }
}

/// An OD table grows its rows from the table, within its cutoff.
#[test]
fn od_rows_grow_from_the_table() {
    let p = problem_from(
        &[(30.0, 120.0)],
        &[(30.0, 120.0), (30.0, 121.0), (30.0, 122.0), (30.0, 123.0)],
        &[1.0],
    );
    let od =
        OdMatrix::from_pairs(&p, vec![(0, 0, 1.0), (0, 1, 2.0), (0, 2, 3.0), (0, 3, 9.0)]).unwrap();
    let m = od
        .cost_matrix(
            &p,
            Reach {
                cutoff: Some(5.0),
                k_nearest: Some(1),
            },
        )
        .unwrap();
    assert_eq!(m.floor(0), Some(1.0));
    let grown = m
        .grown_for(&p, &[false, false, true, true], usize::MAX)
        .unwrap();
    assert_eq!(grown.row(0).sites, &[0, 1, 2]);
    assert_eq!(grown.floor(0), Some(3.0));
    // Nothing open within the cutoff: the row holds all of it, uncut.
    let whole = m
        .grown_for(&p, &[false, false, false, true], usize::MAX)
        .unwrap();
    assert_eq!(whole.row(0).sites, &[0, 1, 2]);
    assert_eq!(whole.floor(0), None);
    // Rows given by the caller have no source to grow from.
    let rows = CostMatrix::from_rows(4, vec![vec![(0, 1.0)]], Reach::k_nearest(1));
    assert!(rows
        .grown_for(&p, &[false, false, true, true], usize::MAX)
        .is_none());
}

proptest! {
    #![proptest_config(config())]

    /// Max-coverage by the engine on rows cut to the k nearest: a cut row
    /// counts its point as possibly covered beyond its cut, rows grow where
    /// the plan leaves points uncovered, and the certificate holds for the
    /// whole model: objective = the plan's true coverage ≤ the optimum on
    /// whole rows (brute force) ≤ the bound.
    #[test]
    fn max_coverage_on_cut_rows_keeps_a_true_certificate(
        demand in prop::collection::vec(point(), 1..30),
        sites in prop::collection::vec(point(), 2..9),
        k in 1usize..4,
        cut in 20.0..400.0f64,
        p in 1usize..3,
    ) {
        use siteplan::solve::{Method, SolveParams};
        prop_assume!(p <= sites.len());
        let problem = problem_from(&demand, &sites, &[1.0, 2.0, 5.0]);
        let spec = siteplan::models::ModelSpec::new(siteplan::ModelKind::MaxCoverage)
            .with_new_sites(p)
            .with_cutoff(cut);
        let narrow = Haversine
            .cost_matrix(&problem, Reach { cutoff: Some(cut), k_nearest: Some(k) })
            .unwrap();
        let whole = Haversine.cost_matrix(&problem, Reach::cutoff(Km(cut))).unwrap();
        let params = SolveParams::default().with_method(Method::Heuristic);
        let plan = siteplan::solve::solve(&problem, &narrow, &spec, &params);
        if whole.n_pairs() == 0 {
            // No site within the cutoff of any point: infeasible on every route.
            prop_assert!(matches!(plan, Err(siteplan::Error::Infeasible(_))));
            return Ok(());
        }
        let plan = plan.unwrap();
        let n = sites.len();
        let mut opt = f64::NEG_INFINITY;
        for mask in 0u32..(1 << n) {
            if mask.count_ones() as usize != p {
                continue;
            }
            let open: Vec<bool> = (0..n).map(|s| mask >> s & 1 == 1).collect();
            opt = opt.max(evaluate(&problem, &whole, &open, Some(cut)).covered_weight);
        }
        let truth = evaluate(&problem, &whole, &plan.open_flags(n), Some(cut)).covered_weight;
        let tol = 1e-9 * opt.abs().max(1.0);
        prop_assert!((plan.objective - truth).abs() <= tol, "{} vs {}", plan.objective, truth);
        prop_assert!(plan.objective <= opt + tol);
        prop_assert!(plan.bound.unwrap() >= opt - tol, "bound {:?} < optimum {}", plan.bound, opt);
    }
}
