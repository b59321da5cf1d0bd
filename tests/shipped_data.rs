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

#[allow(dead_code)]
#[path = "../examples/prepare_provinces.rs"]
mod prepare_provinces;

/// The province borders shipped beside the country borders.
const PROVINCES: &str = "borders/provinces_cn.geojson";

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

#[test]
fn data_borders_holds_only_known_files() {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(data_dir().join("borders")).unwrap() {
        let name = format!("borders/{}", entry.unwrap().file_name().to_string_lossy());
        if !prepare_data::WRITTEN.contains(&name.as_str()) && name != PROVINCES {
            found.push(name);
        }
    }
    assert!(
        found.is_empty(),
        "unexpected files in data/borders/: {found:?}"
    );
}

#[test]
fn province_borders_are_the_31_mainland_provinces() {
    let path = data_dir().join(PROVINCES);
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() < 300_000, "{} bytes", bytes.len());
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let features = v["features"].as_array().unwrap();
    assert_eq!(features.len(), prepare_provinces::PROVINCES);
    let codes: Vec<&str> = features
        .iter()
        .map(|f| f["properties"]["iso_3166_2"].as_str().unwrap())
        .collect();
    let mut sorted = codes.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(codes, sorted, "sorted by code, no duplicates");
    for code in [
        "CN-BJ", "CN-SH", "CN-GD", "CN-XJ", "CN-XZ", "CN-HI", "CN-NM",
    ] {
        assert!(codes.contains(&code), "{code} missing");
    }
    // Every ring is closed, inside China's box, with at least 4 points.
    for f in features {
        let g = &f["geometry"];
        let polys: Vec<&serde_json::Value> = match g["type"].as_str().unwrap() {
            "Polygon" => vec![&g["coordinates"]],
            "MultiPolygon" => g["coordinates"].as_array().unwrap().iter().collect(),
            t => panic!("unexpected geometry {t}"),
        };
        for ring in polys.iter().flat_map(|p| p.as_array().unwrap()) {
            let pts = ring.as_array().unwrap();
            assert!(pts.len() >= 4 && pts.first() == pts.last());
            for p in pts {
                let (lon, lat) = (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
                assert!((73.0..136.0).contains(&lon) && (18.0..54.0).contains(&lat));
            }
        }
    }
    // It loads as province borders beside the country borders.
    let b = siteplan::io::Borders::read_with_provinces(
        &data_dir().join("borders/countries_50m.geojson"),
    )
    .unwrap();
    assert!(b.province_count() >= 31, "{}", b.province_count());
}

#[test]
fn province_borders_regenerate_from_natural_earth() {
    // The source is not in the raw data pack: point SITEPLAN_NE_ADMIN1 at
    // ne_50m_admin_1_states_provinces.geojson (data/README.md).
    let Some(source) = std::env::var_os("SITEPLAN_NE_ADMIN1") else {
        println!("skipped: set SITEPLAN_NE_ADMIN1 to Natural Earth's ne_50m_admin_1_states_provinces.geojson");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("provinces_cn.geojson");
    prepare_provinces::run(Path::new(&source), &out).unwrap();
    assert!(
        std::fs::read(&out).unwrap() == std::fs::read(data_dir().join(PROVINCES)).unwrap(),
        "data/{PROVINCES} differs from what prepare_provinces writes"
    );
}

#[test]
fn ogrinfo_reads_province_borders_without_warnings() {
    let probe = std::process::Command::new("ogrinfo")
        .arg("--version")
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        println!("skipped: ogrinfo (GDAL) is not installed");
        return;
    }
    let out = std::process::Command::new("ogrinfo")
        .args(["-ro", "-al", "-so"])
        .arg(data_dir().join(PROVINCES))
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    let lower = text.to_lowercase();
    assert!(
        !lower.contains("warning") && !lower.contains("error"),
        "{text}"
    );
    assert!(text.contains("Feature Count: 31"), "{text}");
}

#[test]
fn map_view_of_the_european_cities_leaves_out_only_far_islands() {
    // Demand alone, no open site: the Canaries and Madeira (a group far
    // from the rest, 0.6 % of the weight) fall outside the view; Cyprus
    // and Malta, nearer, stay in.
    let p = read_demand(&data_dir().join("cities_eu.csv")).unwrap();
    let pts: Vec<(f64, f64, f64)> = p.iter().map(|d| (d.lon, d.lat, d.weight)).collect();
    let e = siteplan::io::MapExtent::of(&pts, &[]);
    let [w, s, east, n] = e.bbox;
    assert!(s > 30.0, "south edge {s}");
    let inside = |lat: f64, lon: f64| (w..=east).contains(&lon) && (s..=n).contains(&lat);
    for name in ["Nicosia", "Valletta", "Lisbon", "Helsinki"] {
        let c = p
            .iter()
            .find(|d| d.name.as_deref() == Some(name))
            .unwrap_or_else(|| panic!("{name} is not in cities_eu.csv"));
        assert!(inside(c.lat, c.lon), "{name} is outside {:?}", e.bbox);
    }
    assert!(e.left_out > 0 && e.left_out_share < 0.02, "{e:?}");
    // An open site on Gran Canaria keeps the islands in view.
    let e = siteplan::io::MapExtent::of(&pts, &[(-15.43, 28.1)]);
    assert!(e.bbox[1] < 28.2 && e.left_out == 0, "{e:?}");
    // China's cities form one area: nothing is left out.
    let cn = read_demand(&data_dir().join("cities_cn.csv")).unwrap();
    let pts: Vec<(f64, f64, f64)> = cn.iter().map(|d| (d.lon, d.lat, d.weight)).collect();
    assert_eq!(siteplan::io::MapExtent::of(&pts, &[]).left_out, 0);
}
