//! Checks of the data shipped under `data/`, and that `examples/prepare_data.rs`
//! regenerates it byte for byte from the raw data pack.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use siteplan::io::{read_demand, read_problem};
use siteplan::spatial::haversine_km;
use siteplan::SiteStatus;

#[allow(dead_code)]
#[path = "../examples/prepare_data.rs"]
mod prepare_data;

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

    // Every center lies within 8 km of the demand point of its city.
    for s in &centers {
        let city = s.city.as_deref().unwrap();
        let d = p
            .demand()
            .iter()
            .filter(|c| {
                // The city label is the name, or "name (region or prefecture)".
                let name = c.name.as_deref().unwrap_or_default();
                city == name || city.starts_with(&format!("{name} ("))
            })
            .map(|c| haversine_km(s.lat, s.lon, c.lat, c.lon).0)
            .fold(f64::INFINITY, f64::min);
        assert!(d <= 8.0, "{} is {d:.2} km from {city}", s.id);
    }
    // No two centers coincide; no candidate coincides with a center.
    for (i, a) in centers.iter().enumerate() {
        for b in &centers[i + 1..] {
            let d = haversine_km(a.lat, a.lon, b.lat, b.lon).0;
            assert!(d >= 0.5, "{} and {} are {d:.3} km apart", a.id, b.id);
        }
        for c in &candidates {
            let d = haversine_km(a.lat, a.lon, c.lat, c.lon).0;
            assert!(d >= 0.5, "candidate {} is {d:.3} km from {}", c.id, a.id);
        }
    }
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
