//! The Chinese network's prefecture-level units: administrative seats,
//! population caps for implausible rows, and the apportionment of the
//! existing centers among prefectures.

use super::*;

/// Rank of an administrative seat: 2 for the national and provincial
/// capitals (PPLC, PPLA), 1 for prefecture seats (PPLA2), 0 otherwise.
fn seat_rank(c: &City) -> u8 {
    match c.get("feature_code") {
        "PPLC" | "PPLA" => 2,
        "PPLA2" => 1,
        _ => 0,
    }
}

/// The prefecture (GeoNames admin1 and admin2 codes) of a row; a row without
/// an admin2 code is a prefecture of its own.
fn prefecture_key(c: &City) -> (String, String) {
    if c.get("admin2_code").is_empty() {
        (String::new(), c.id().to_owned())
    } else {
        (
            c.get("admin1_code").to_owned(),
            c.get("admin2_code").to_owned(),
        )
    }
}

/// A correction the plausibility check made.
pub(crate) struct Correction {
    pub(crate) row: usize,
    pub(crate) reason: String,
}

/// The capital (PPLC/PPLA) of row `i`'s province (same admin1 code).
fn capital_of(rows: &[City], i: usize) -> Option<usize> {
    let a1 = rows[i].get("admin1_code");
    rows.iter()
        .position(|s| seat_rank(s) == 2 && s.get("admin1_code") == a1)
}

/// The seat of row `i`'s prefecture: the highest-ranked seat with the same
/// admin1 and admin2 codes, the nearest if several, then the first.
fn prefecture_seat(rows: &[City], i: usize) -> Option<usize> {
    let key = prefecture_key(&rows[i]);
    rows.iter()
        .enumerate()
        .filter(|(_, s)| seat_rank(s) > 0 && prefecture_key(s) == key)
        .map(|(j, s)| {
            let d = haversine_km(rows[i].lat, rows[i].lon, s.lat, s.lon).0;
            (j, seat_rank(s), d)
        })
        .min_by(|a, b| b.1.cmp(&a.1).then(a.2.total_cmp(&b.2)).then(a.0.cmp(&b.0)))
        .map(|(j, _, _)| j)
}

/// Caps implausible populations (CN). First every prefecture seat (PPLA2)
/// with more than `IMPLAUSIBLE_RATIO` times the population of its province's
/// capital is capped at the capital's population; then every row that is not
/// a seat, with more than `IMPLAUSIBLE_RATIO` times the weight of its
/// prefecture's seat, is capped at that seat's weight. Only `weight`
/// changes; `pop` keeps the GeoNames value.
pub(crate) fn cap_implausible(rows: &mut [City]) -> Vec<Correction> {
    let mut out = Vec::new();
    for rank in [1, 0] {
        for i in 0..rows.len() {
            if seat_rank(&rows[i]) != rank {
                continue;
            }
            let (above, what) = if rank == 1 {
                (capital_of(rows, i), "its province's capital")
            } else {
                (prefecture_seat(rows, i), "the seat of its prefecture")
            };
            let Some(j) = above else { continue };
            if rows[i].weight > IMPLAUSIBLE_RATIO * rows[j].weight {
                let cap = rows[j].weight;
                out.push(Correction {
                    row: i,
                    reason: format!(
                        "more than {IMPLAUSIBLE_RATIO}x the population of {what}, {} (id {}, weight {}); weight capped at {cap}",
                        rows[j].name(),
                        rows[j].id(),
                        cap
                    ),
                });
                rows[i].weight = cap;
            }
        }
    }
    out
}

/// A prefecture-level city: the row that stands for it and the rows it
/// counts, as indices into the cleaned CN rows.
pub(crate) struct Unit {
    pub(crate) rep: usize,
    pub(crate) members: Vec<usize>,
    pub(crate) weight: u64,
}

/// The prefecture-level cities of the cleaned CN rows. Rows are grouped by
/// prefecture (admin1 + admin2 code). A prefecture is represented by its
/// seats of the highest rank present (PPLC/PPLA before PPLA2), or, with no
/// seat, by its most populous row; with two such seats (GeoNames puts E’zhou
/// and Huanggang in one admin2) each is a city of its own and every other
/// row joins the nearest. A city's weight is the sum of its rows' weights.
/// Returned by weight descending, ties by the representative's file order.
pub(crate) fn prefecture_units(rows: &[City]) -> Vec<Unit> {
    let mut groups: Vec<((String, String), Vec<usize>)> = Vec::new();
    let mut at: HashMap<(String, String), usize> = HashMap::new();
    for (i, c) in rows.iter().enumerate() {
        let key = prefecture_key(c);
        let g = *at.entry(key.clone()).or_insert_with(|| {
            groups.push((key, Vec::new()));
            groups.len() - 1
        });
        groups[g].1.push(i);
    }
    let mut units = Vec::new();
    for (_, members) in groups {
        let top = members.iter().map(|&i| seat_rank(&rows[i])).max().unwrap();
        let reps: Vec<usize> = if top > 0 {
            members
                .iter()
                .copied()
                .filter(|&i| seat_rank(&rows[i]) == top)
                .collect()
        } else {
            vec![members[0]]
        };
        let mut own: Vec<Vec<usize>> = vec![Vec::new(); reps.len()];
        for &i in &members {
            let nearest = (0..reps.len())
                .min_by(|&a, &b| {
                    let d = |r: usize| {
                        let (c, s) = (&rows[i], &rows[reps[r]]);
                        haversine_km(c.lat, c.lon, s.lat, s.lon).0
                    };
                    d(a).total_cmp(&d(b)).then(a.cmp(&b))
                })
                .unwrap();
            own[nearest].push(i);
        }
        for (rep, members) in reps.into_iter().zip(own) {
            let weight = members.iter().map(|&i| rows[i].weight).sum();
            units.push(Unit {
                rep,
                members,
                weight,
            });
        }
    }
    units.sort_by(|a, b| b.weight.cmp(&a.weight).then(a.rep.cmp(&b.rep)));
    units
}

/// Largest-remainder (Hamilton) apportionment of `total` seats with at
/// least one each: every city gets one, the rest go in proportion to
/// population, remainders compared exactly in integers.
pub(crate) fn apportion(pops: &[u64], total: u64) -> Vec<u64> {
    let n = pops.len() as u64;
    assert!(total >= n);
    let rest = (total - n) as u128;
    let sum: u128 = pops.iter().map(|&p| p as u128).sum();
    let mut seats: Vec<u64> = pops
        .iter()
        .map(|&p| 1 + (rest * p as u128 / sum) as u64)
        .collect();
    let given: u64 = seats.iter().sum();
    let mut order: Vec<usize> = (0..pops.len()).collect();
    // Larger remainder first; ties by population, then position.
    order.sort_by(|&a, &b| {
        let ra = rest * pops[a] as u128 % sum;
        let rb = rest * pops[b] as u128 % sum;
        rb.cmp(&ra).then(pops[b].cmp(&pops[a])).then(a.cmp(&b))
    });
    for &i in order.iter().take((total - given) as usize) {
        seats[i] += 1;
    }
    seats
}
