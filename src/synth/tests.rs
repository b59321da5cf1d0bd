//! Tests of the generator.

use super::generate::*;
use super::params::*;
use super::region::*;
use super::rng::*;
use crate::problem::SiteStatus;

#[test]
pub(super) fn rng_is_reproducible_and_streams_differ() {
    let a: Vec<u64> = {
        let mut r = Rng::new(42, 1);
        (0..5).map(|_| r.next_u64()).collect()
    };
    let b: Vec<u64> = {
        let mut r = Rng::new(42, 1);
        (0..5).map(|_| r.next_u64()).collect()
    };
    let c: Vec<u64> = {
        let mut r = Rng::new(42, 2);
        (0..5).map(|_| r.next_u64()).collect()
    };
    assert_eq!(a, b);
    assert_ne!(a, c);
    let mut r = Rng::new(0, 0);
    for _ in 0..1000 {
        let x = r.f64();
        assert!((0.0..1.0).contains(&x));
        assert!(r.below(7) < 7);
    }
}

#[test]
pub(super) fn apportion_is_exact_and_favours_the_largest() {
    assert_eq!(apportion(3, &[10, 5, 5]), vec![1, 1, 1]);
    assert_eq!(apportion(4, &[10, 5, 5]), vec![2, 1, 1]);
    assert_eq!(apportion(1, &[1, 1, 1]), vec![1, 0, 0]);
    assert_eq!(apportion(0, &[4, 3]), vec![0, 0]);
    assert_eq!(apportion(10, &[60, 30, 10]), vec![6, 3, 1]);
    let w: Vec<u64> = (1..=100).rev().collect();
    let s = apportion(37, &w);
    assert_eq!(s.iter().sum::<usize>(), 37);
    assert!(s.iter().all(|&x| x <= s[0]));
}

#[test]
pub(super) fn named_zones_lie_in_their_boxes() {
    for r in [Region::China, Region::Europe] {
        let b = r.bbox();
        for z in r.zones() {
            let zb = z.bbox;
            assert!(zb.min_lon < zb.max_lon && zb.min_lat < zb.max_lat, "{zb:?}");
            assert!(b.contains(zb.min_lat, zb.min_lon) && b.contains(zb.max_lat, zb.max_lon));
        }
    }
}

#[test]
pub(super) fn zipf_sizes_follow_rank_size() {
    let m = generate(&MarketParams::new().cities(300).towns(0).seed(3));
    let sizes: Vec<f64> = m.demand.iter().map(|d| d.weight).collect();
    assert_eq!(sizes[0], 10_000_000.0);
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]));
    let slope = rank_size_slope(&sizes);
    assert!((-1.1..=-0.9).contains(&slope), "slope {slope}");
    let m = generate(&MarketParams::new().cities(300).towns(0).zipf_exponent(0.7));
    let slope = rank_size_slope(&m.demand.iter().map(|d| d.weight).collect::<Vec<_>>());
    assert!((-0.8..=-0.6).contains(&slope), "slope {slope}");
}

pub(super) fn rank_size_slope(sizes: &[f64]) -> f64 {
    let pts: Vec<(f64, f64)> = sizes
        .iter()
        .enumerate()
        .map(|(i, &s)| (((i + 1) as f64).ln(), s.ln()))
        .collect();
    let n = pts.len() as f64;
    let mx = pts.iter().map(|p| p.0).sum::<f64>() / n;
    let my = pts.iter().map(|p| p.1).sum::<f64>() / n;
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx) * (p.0 - mx)).sum();
    sxy / sxx
}

#[test]
pub(super) fn towns_are_smaller_than_cities_and_inside_zones() {
    for region in [Region::China, Region::Europe] {
        let params = MarketParams::new()
            .region(region)
            .cities(50)
            .towns(2000)
            .existing(20)
            .competitors(10);
        let m = generate(&params);
        let g = Generator::new(&params);
        let smallest_city = m.demand[m.n_cities - 1].weight;
        assert!(m.demand[m.n_cities..]
            .iter()
            .all(|t| t.weight <= smallest_city && t.weight >= 1.0));
        for (lat, lon) in m
            .demand
            .iter()
            .map(|d| (d.lat, d.lon))
            .chain(m.sites.iter().map(|s| (s.lat, s.lon)))
        {
            assert!(g.zone_of(lat, lon).is_some(), "{region}: {lat},{lon}");
            assert_eq!(lat, (lat * 1e5).round() / 1e5);
        }
    }
}

#[test]
pub(super) fn sites_follow_population() {
    let m = generate(
        &MarketParams::new()
            .cities(30)
            .towns(100)
            .existing(25)
            .candidates(40)
            .competitors(12)
            .countries(4)
            .capacity(5e5),
    );
    let count = |st: SiteStatus| m.sites.iter().filter(|s| s.status == st).count();
    assert_eq!(count(SiteStatus::Existing), 25);
    assert_eq!(count(SiteStatus::Candidate), 40);
    assert_eq!(count(SiteStatus::Competitor), 12);
    let per_city = |id: &str| {
        m.sites
            .iter()
            .filter(|s| s.status == SiteStatus::Existing && s.city.as_deref() == Some(id))
            .count()
    };
    let top = per_city("c0001");
    assert!(top >= 1);
    for d in &m.demand {
        assert!(per_city(&d.id) <= top);
    }
    // Candidates are the 40 most populous places: the 30 cities and 10 largest towns.
    let cand: Vec<&str> = m
        .sites
        .iter()
        .filter(|s| s.status == SiteStatus::Candidate)
        .map(|s| s.city.as_deref().unwrap())
        .collect();
    assert_eq!(cand[0], "c0001");
    assert_eq!(cand[39], "t00010");
    assert!(m.demand.iter().all(|d| d.country.is_some()));
    let problem = m.problem().unwrap();
    assert_eq!(problem.sites().len(), 77);
}

#[test]
pub(super) fn csv_round_trips_through_the_reader() {
    let m = generate(
        &MarketParams::new()
            .cities(8)
            .towns(30)
            .existing(3)
            .competitors(2)
            .countries(2)
            .capacity(1000.0)
            .region("100,20,101,21".parse().unwrap()),
    );
    let dir = tempfile::tempdir().unwrap();
    let (d, s) = m.write_to_dir(dir.path()).unwrap();
    let p = crate::io::read_problem(&d, &[s]).unwrap();
    assert_eq!(p.demand(), &m.demand[..]);
    assert_eq!(p.sites(), &m.sites[..]);
}

#[test]
pub(super) fn stages_use_their_own_streams() {
    let base = MarketParams::new()
        .cities(20)
        .towns(100)
        .countries(3)
        .seed(11);
    let a = generate(&base);
    let more_towns = generate(&base.clone().towns(300));
    assert_eq!(a.demand[..20], more_towns.demand[..20]);
    let more_sites = generate(&base.clone().existing(9).competitors(4).candidates(10));
    assert_eq!(a.demand_csv(), more_sites.demand_csv());
    let other_seed = generate(&base.clone().seed(12));
    assert_ne!(a.demand_csv(), other_seed.demand_csv());
}

#[test]
pub(super) fn params_from_toml() {
    let p = MarketParams::from_toml_str("seed = 3\nregion = \"1,2,3,4\"\ncandidates = 5").unwrap();
    assert_eq!(p.seed, 3);
    assert_eq!(p.candidates, Some(5));
    assert_eq!(
        p.region,
        Region::BBox(BBox::new(1.0, 2.0, 3.0, 4.0).unwrap())
    );
    assert!(MarketParams::from_toml_str("citys = 3").is_err());
    assert!(MarketParams::from_toml_str("candidates = 5000").is_err());
}
