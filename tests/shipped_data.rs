//! Checks of the data shipped under `data/`, and that `examples/prepare_data.rs`
//! regenerates it byte for byte from the raw data pack.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use siteplan::io::{read_demand, read_problem};
use siteplan::spatial::haversine_km;
use siteplan::SiteStatus;

#[allow(dead_code)]
#[path = "../examples/prepare_data.rs"]
mod prepare_data;

/// Radius of the disc the modelled demand points and the centers of a city
/// of `weight` people spread over (`data/README.md`).
fn disc_radius_km(weight: f64) -> f64 {
    (weight / (std::f64::consts::PI * 10_000.0)).sqrt()
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// The raw data pack: `$SITEPLAN_RAW_DATA`, else `../shared/data` beside the repository.
fn raw_data_dir() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SITEPLAN_RAW_DATA") {
        return Some(PathBuf::from(p));
    }
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    p.join("cities_cn.csv").is_file().then_some(p)
}

#[test]
fn cn_network_loads_and_has_published_counts() {
    let d = data_dir();
    let p = read_problem(
        &d.join("cities_cn.csv"),
        &[
            d.join("cn_existing_centers.csv"),
            d.join("cn_candidates.csv"),
        ],
    )
    .unwrap();
    let centers: Vec<_> = p
        .sites()
        .iter()
        .filter(|s| s.status == SiteStatus::Existing)
        .collect();
    let candidates: Vec<_> = p
        .sites()
        .iter()
        .filter(|s| s.status == SiteStatus::Candidate)
        .collect();
    assert_eq!(centers.len(), 335);
    assert_eq!(centers.len() + candidates.len(), p.sites().len());
    let cities: HashSet<&str> = centers.iter().map(|s| s.city.as_deref().unwrap()).collect();
    assert_eq!(cities.len(), 92);

    // Every center lies within the modelled disc of its city: radius
    // sqrt(weight / (π · 10,000)) km around the city's demand point.
    for s in &centers {
        let city = s.city.as_deref().unwrap();
        let excess = p
            .demand()
            .iter()
            .filter(|c| {
                // The city label is the name, or "name (region or prefecture)".
                let name = c.name.as_deref().unwrap_or_default();
                city == name || city.starts_with(&format!("{name} ("))
            })
            .map(|c| haversine_km(s.lat, s.lon, c.lat, c.lon).0 - disc_radius_km(c.weight))
            .fold(f64::INFINITY, f64::min);
        assert!(excess <= 0.01, "{} is {excess:.2} km outside {city}", s.id);
    }
    // No two sites coincide (centers or candidates).
    let sites = p.sites();
    for (i, a) in sites.iter().enumerate() {
        for b in &sites[i + 1..] {
            let d = haversine_km(a.lat, a.lon, b.lat, b.lon).0;
            assert!(d >= 0.5, "{} and {} are {d:.3} km apart", a.id, b.id);
        }
    }

    // Cities chosen at the prefecture level: the big prefectures that
    // GeoNames codes PPL (Dalian, Zibo, Baoding, Yantai, Weifang) have centers,
    // and Wuzhong, whose GeoNames figure (7.2 M) is capped, has none.
    let per_city = |name: &str| {
        centers
            .iter()
            .filter(|s| s.city.as_deref() == Some(name))
            .count()
    };
    for city in [
        "Suzhou (Jiangsu)",
        "Dalian",
        "Zibo",
        "Baoding",
        "Yantai",
        "Weifang",
    ] {
        assert!(per_city(city) >= 3, "{city} has {} centers", per_city(city));
    }
    assert_eq!(per_city("Wuzhong"), 0);
    // Apportioned by weight: the biggest prefecture has the most centers.
    let most = cities.iter().map(|c| per_city(c)).max().unwrap();
    assert_eq!(per_city("Shanghai"), most);
}

/// Reads a CSV file into a header and rows of strings.
fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

#[test]
fn cn_demand_points_split_each_city_exactly() {
    let d = data_dir();
    let cities = read_demand(&d.join("cities_cn.csv")).unwrap();
    let points = read_demand(&d.join("cn_demand_points.csv")).unwrap();
    let (header, rows) = read_csv(&d.join("cn_demand_points.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (city_id, source) = (col("city_id"), col("source"));
    assert!(rows.iter().all(|r| r[source] == "modelled"));

    let mut sum: HashMap<&str, f64> = HashMap::new();
    let mut count: HashMap<&str, usize> = HashMap::new();
    for (p, r) in points.iter().zip(&rows) {
        assert_eq!(p.id, format!("{}-{}", r[city_id], r[col("point")]));
        *sum.entry(&r[city_id]).or_default() += p.weight;
        *count.entry(&r[city_id]).or_default() += 1;
    }
    assert_eq!(sum.len(), cities.len(), "every city has points");
    for c in &cities {
        // Integer weights: the points add up to the city exactly.
        assert_eq!(sum[c.id.as_str()], c.weight, "{}", c.id);
        // One point per 400,000 people, at least one.
        let n = ((c.weight / 400_000.0).floor() as usize).max(1);
        assert_eq!(count[c.id.as_str()], n, "{}", c.id);
    }
    // Every point lies within its city's disc.
    let by_id: HashMap<&str, _> = cities.iter().map(|c| (c.id.as_str(), c)).collect();
    for (p, r) in points.iter().zip(&rows) {
        let c = by_id[r[city_id].as_str()];
        let d = haversine_km(p.lat, p.lon, c.lat, c.lon).0;
        assert!(
            d <= disc_radius_km(c.weight) + 0.01,
            "{} is {d:.2} km out",
            p.id
        );
    }
    assert!(count["1796236"] >= 50, "Shanghai is split into many points");
    assert_eq!(
        points.iter().map(|p| p.weight).sum::<f64>(),
        cities.iter().map(|c| c.weight).sum::<f64>()
    );
}

#[test]
fn large_cn_cities_have_several_candidates() {
    let d = data_dir();
    let cities = read_demand(&d.join("cities_cn.csv")).unwrap();
    let sites = read_problem(
        &d.join("cn_demand_points.csv"),
        &[
            d.join("cn_existing_centers.csv"),
            d.join("cn_candidates.csv"),
        ],
    )
    .unwrap();
    let mut per_city: HashMap<&str, usize> = HashMap::new();
    for s in sites
        .sites()
        .iter()
        .filter(|s| s.status == SiteStatus::Candidate)
    {
        let id = s.id.strip_prefix("cn-cand-").unwrap();
        let (city, _) = id.rsplit_once('-').unwrap();
        *per_city.entry(city).or_default() += 1;
    }
    // A city of n demand points has a candidate at every point except the
    // few that coincide with its existing centers.
    for c in cities.iter().filter(|c| c.weight >= 2_000_000.0) {
        let n = (c.weight / 400_000.0).floor() as usize;
        let got = per_city.get(c.id.as_str()).copied().unwrap_or(0);
        assert!(got * 2 >= n, "{} has {got} candidates for {n} points", c.id);
    }
}

#[test]
fn every_weight_correction_is_logged() {
    let d = data_dir();
    let (header, rows) = read_csv(&d.join("cities_cn.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut changed: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| r[col("weight")] != r[col("population")])
        .map(|r| (r[col("id")].as_str(), r[col("weight")].as_str()))
        .collect();
    let (log_header, log) = read_csv(&d.join("cleaning_log.csv"));
    // The original columns first; the ones added later after them.
    assert_eq!(
        &log_header[..5],
        ["file", "id", "name", "population", "reason"]
    );
    let at = |name: &str| log_header.iter().position(|h| h == name).unwrap();
    let (action, weight) = (at("action"), at("weight"));
    let mut capped: Vec<(&str, &str)> = log
        .iter()
        .filter(|r| r[action] == "capped")
        .map(|r| (r[1].as_str(), r[weight].as_str()))
        .collect();
    changed.sort_unstable();
    capped.sort_unstable();
    assert_eq!(changed, capped);
    // Wuzhong (Ningxia): 7,202,654 in GeoNames, capped at Yinchuan's figure.
    assert!(capped.contains(&("1790842", "1487579")));
    assert!(log
        .iter()
        .all(|r| r[action] == "dropped" || r[action] == "capped"));
}

#[test]
fn cleaned_cities_have_no_unknown_population_or_districts() {
    let d = data_dir();
    let cn = read_demand(&d.join("cities_cn.csv")).unwrap();
    let eu = read_problem(&d.join("cities_eu.csv"), &[d.join("cities_eu.csv")]).unwrap();
    assert!(cn.iter().chain(eu.demand()).all(|c| c.weight > 0.0));
    let names: HashSet<&str> = cn.iter().filter_map(|c| c.name.as_deref()).collect();
    for gone in ["Pudong", "Puxi", "Bao'an", "Luohu District", "Qingpu"] {
        assert!(!names.contains(gone), "{gone} is still in cities_cn.csv");
    }
    for kept in ["Shanghai", "Beijing", "Shenzhen"] {
        assert!(names.contains(kept), "{kept} is missing from cities_cn.csv");
    }
    let names: HashSet<&str> = eu
        .demand()
        .iter()
        .filter_map(|c| c.name.as_deref())
        .collect();
    for gone in ["Mokotów", "Ursynów", "Pest", "Buda", "Paris 15 Vaugirard"] {
        assert!(!names.contains(gone), "{gone} is still in cities_eu.csv");
    }
    for kept in ["Paris", "Berlin", "London", "Warsaw", "Vienna", "Budapest"] {
        assert!(names.contains(kept), "{kept} is missing from cities_eu.csv");
    }
}

#[test]
fn example_regenerates_the_shipped_files_exactly() {
    let Some(raw) = raw_data_dir() else {
        println!(
            "skipped: raw data pack not found (set SITEPLAN_RAW_DATA or put it at ../shared/data)"
        );
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    prepare_data::run(&raw, tmp.path()).unwrap();
    for f in prepare_data::WRITTEN {
        let shipped = std::fs::read(data_dir().join(f)).unwrap();
        let fresh = std::fs::read(tmp.path().join(f)).unwrap();
        assert!(
            shipped == fresh,
            "data/{f} differs from what prepare_data writes"
        );
    }
    // Nothing else in data/ except the README and the scenario files.
    let mut extra = Vec::new();
    for entry in std::fs::read_dir(data_dir()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let written = prepare_data::WRITTEN
            .iter()
            .any(|w| w.split('/').next() == Some(name.as_str()));
        if !written && name != "README.md" && name != "scenarios" {
            extra.push(name);
        }
    }
    assert!(extra.is_empty(), "unexpected files in data/: {extra:?}");
}
