//! Regenerates the shipped data under `data/` from the raw data pack.
//!
//! ```sh
//! cargo run --release --example prepare_data -- --from ../shared/data --out data
//! ```
//!
//! It cleans the GeoNames city lists into siteplan demand files, caps the
//! Chinese populations that fail a plausibility check, spreads each Chinese
//! city over modelled demand points, reconstructs the existing Chinese network
//! (335 centers in 92 prefecture-level cities) and the candidate sites, writes
//! a log of every dropped or corrected row, and copies the other data files
//! unchanged. The rules are documented in `data/README.md`. The output is
//! deterministic: the same input always gives byte-identical files.

use std::collections::{HashMap, HashSet};
use std::error::Error;
use std::path::{Path, PathBuf};

use siteplan::spatial::haversine_km;
use siteplan::EARTH_RADIUS_KM;

#[path = "network.rs"]
mod network;
use network::{apportion, cap_implausible, prefecture_units};

type Res<T> = Result<T, Box<dyn Error>>;

/// Header of the source city files.
const SOURCE_HEADER: [&str; 13] = [
    "id",
    "name",
    "name_ascii",
    "country_code",
    "admin1",
    "lat",
    "lon",
    "population",
    "admin1_code",
    "admin2",
    "admin2_code",
    "feature_code",
    "timezone",
];

/// Header of the cleaned demand files.
const DEMAND_HEADER: [&str; 14] = [
    "id",
    "name",
    "lat",
    "lon",
    "weight",
    "country",
    "region",
    "name_ascii",
    "admin1_code",
    "admin2",
    "admin2_code",
    "feature_code",
    "timezone",
    "population",
];

/// Header of the site files.
const SITES_HEADER: [&str; 8] = [
    "id", "name", "lat", "lon", "status", "country", "region", "city",
];

/// Files copied unchanged (relative to `--from` and `--out`).
const COPIED: [&str; 5] = [
    "countries_eu.csv",
    "eu_bev_duties_cn.csv",
    "iea_ev_cars_eu_cn.csv",
    "borders/countries_50m.geojson",
    "borders/LICENSE-world-atlas.txt",
];

/// People per km² used to turn a city's population into the radius of a
/// disc that could hold it: `sqrt(population / (π · density))`.
const DENSITY_PER_KM2: f64 = 5_000.0;

/// Existing network: centers and cities (published counts).
const EXISTING_CENTERS: u64 = 335;
const EXISTING_CITIES: usize = 92;
/// Plausibility check (CN): a row with more than this many times the
/// population of the seat above it (a prefecture seat against its
/// province's capital, any other row against its prefecture's seat) is
/// capped at that seat's population.
const IMPLAUSIBLE_RATIO: u64 = 2;
/// Modelled demand points: one per this many people (at least one) …
const PEOPLE_PER_POINT: u64 = 400_000;
/// … spread over a disc holding the city's population at this density
/// (people per km²): radius `sqrt(weight / (π · density))`.
const SPREAD_DENSITY_PER_KM2: f64 = 10_000.0;
/// Two sites closer than this coincide.
const COINCIDE_KM: f64 = 0.5;
/// The modelled demand file.
const DEMAND_POINTS_FILE: &str = "cn_demand_points.csv";
/// Header of the modelled demand file.
const DEMAND_POINTS_HEADER: [&str; 12] = [
    "id", "name", "lat", "lon", "weight", "country", "region", "city_id", "city", "point",
    "points", "source",
];
/// Header of the cleaning log.
const LOG_HEADER: [&str; 7] = [
    "file",
    "id",
    "name",
    "population",
    "reason",
    "action",
    "weight",
];

/// One row of a source city file.
#[derive(Debug, Clone)]
struct City {
    f: Vec<String>,
    lat: f64,
    lon: f64,
    /// GeoNames population.
    pop: u64,
    /// Demand weight: the population, or the cap the plausibility check set.
    weight: u64,
}

impl City {
    fn get(&self, col: &str) -> &str {
        let i = SOURCE_HEADER.iter().position(|c| *c == col).unwrap();
        &self.f[i]
    }
    fn id(&self) -> &str {
        &self.f[0]
    }
    fn name(&self) -> &str {
        &self.f[1]
    }
}

/// The cleaning rules of one file.
struct Rules {
    file: &'static str,
    /// Drop rows whose feature code is empty (EU: city districts).
    drop_empty_feature_code: bool,
    /// Rows dropped by id, with the reason (known cases the general rules
    /// should not be trusted with).
    explicit: &'static [(&'static str, &'static str)],
    /// Smallest radius of the neighbour rule, km.
    min_radius_km: f64,
    /// The bigger row must have at least this many times the population.
    min_ratio: u64,
    /// Feature codes of rows the neighbour rule keeps (administrative seats) …
    protected: &'static [&'static str],
    /// … unless the bigger row has at least this many times the population.
    protected_unless_ratio: Option<u64>,
}

const CN_RULES: Rules = Rules {
    file: "cities_cn.csv",
    drop_empty_feature_code: false,
    explicit: &[
        (
            "13527315",
            "Macau parish (Macau is MO in ISO 3166, not mainland CN)",
        ),
        (
            "13527308",
            "Macau parish (Macau is MO in ISO 3166, not mainland CN)",
        ),
    ],
    min_radius_km: 10.0,
    min_ratio: 1,
    protected: &["PPLC", "PPLA", "PPLA2"],
    protected_unless_ratio: None,
};

const EU_RULES: Rules = Rules {
    file: "cities_eu.csv",
    drop_empty_feature_code: true,
    explicit: &[],
    min_radius_km: 7.0,
    min_ratio: 5,
    protected: &["PPLC", "PPLA", "PPLA2", "PPLA3", "PPLA4"],
    protected_unless_ratio: Some(20),
};

/// A row the cleaning dropped.
struct Dropped {
    city: City,
    rule: &'static str,
    reason: String,
}

/// Radius of the neighbour rule around a row of population `pop`.
fn radius_km(rules: &Rules, pop: u64) -> f64 {
    let disc = (pop as f64 / (std::f64::consts::PI * DENSITY_PER_KM2)).sqrt();
    rules.min_radius_km.max(disc)
}

fn read_cities(path: &Path) -> Res<Vec<City>> {
    let mut rdr = csv::ReaderBuilder::new().from_path(path)?;
    let header: Vec<String> = rdr.headers()?.iter().map(str::to_owned).collect();
    if header != SOURCE_HEADER {
        return Err(format!("{}: unexpected header {header:?}", path.display()).into());
    }
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec?;
        let f: Vec<String> = rec.iter().map(str::to_owned).collect();
        let lat = f[5].parse()?;
        let lon = f[6].parse()?;
        let pop = f[7].parse()?;
        out.push(City {
            f,
            lat,
            lon,
            pop,
            weight: pop,
        });
    }
    Ok(out)
}

/// Applies the rules in order: population 0, explicit ids, empty feature
/// code, then the neighbour rule (rows taken in file order, i.e. by
/// population descending; a row is compared with the rows already kept).
fn clean(rows: &[City], rules: &Rules) -> (Vec<City>, Vec<Dropped>) {
    let mut kept: Vec<City> = Vec::new();
    let mut dropped = Vec::new();
    for r in rows {
        if r.pop == 0 {
            dropped.push(Dropped {
                city: r.clone(),
                rule: "population 0",
                reason: "population 0 (GeoNames: unknown)".into(),
            });
            continue;
        }
        if let Some((_, why)) = rules.explicit.iter().find(|(id, _)| *id == r.id()) {
            dropped.push(Dropped {
                city: r.clone(),
                rule: "explicit list",
                reason: (*why).into(),
            });
            continue;
        }
        let fc = r.get("feature_code");
        if rules.drop_empty_feature_code && fc.is_empty() {
            dropped.push(Dropped {
                city: r.clone(),
                rule: "empty feature_code",
                reason: "empty feature_code (city district, not in the 2023 GeoNames snapshot)"
                    .into(),
            });
            continue;
        }
        let protected = rules.protected.contains(&fc);
        let hit = kept.iter().find_map(|s| {
            if s.get("country_code") != r.get("country_code") || s.pop <= r.pop {
                return None;
            }
            let (a, b) = (s.get("admin2"), r.get("admin2"));
            if !(a == b || a.is_empty() || b.is_empty()) {
                return None;
            }
            if s.pop < rules.min_ratio * r.pop {
                return None;
            }
            if protected
                && rules
                    .protected_unless_ratio
                    .is_none_or(|k| s.pop < k * r.pop)
            {
                return None;
            }
            let radius = radius_km(rules, s.pop);
            let d = haversine_km(r.lat, r.lon, s.lat, s.lon).0;
            (d <= radius).then_some((s, d, radius))
        });
        match hit {
            Some((s, d, radius)) => dropped.push(Dropped {
                city: r.clone(),
                rule: "near a bigger city",
                reason: format!(
                    "{d:.1} km from {} (id {}, population {}), within its {radius:.1} km radius",
                    s.name(),
                    s.id(),
                    s.pop
                ),
            }),
            None => kept.push(r.clone()),
        }
    }
    (kept, dropped)
}

fn csv_bytes(header: &[&str], rows: &[Vec<String>]) -> Res<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(header)?;
    for r in rows {
        w.write_record(r)?;
    }
    Ok(w.into_inner().map_err(|e| e.into_error())?)
}

fn write_file(path: &Path, bytes: &[u8]) -> Res<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    siteplan::io::write_atomic(path, |w| w.write_all(bytes))?;
    Ok(())
}

fn demand_rows(kept: &[City]) -> Vec<Vec<String>> {
    kept.iter()
        .map(|c| {
            let g = |k: &str| c.get(k).to_owned();
            vec![
                g("id"),
                g("name"),
                g("lat"),
                g("lon"),
                c.weight.to_string(),
                g("country_code"),
                g("admin1"),
                g("name_ascii"),
                g("admin1_code"),
                g("admin2"),
                g("admin2_code"),
                g("feature_code"),
                g("timezone"),
                g("population"),
            ]
        })
        .collect()
}

/// Radius (km) of the disc that holds `weight` people at
/// `SPREAD_DENSITY_PER_KM2`: the spread of a city's modelled demand points
/// and of its existing centers.
fn spread_radius_km(weight: u64) -> f64 {
    (weight as f64 / (std::f64::consts::PI * SPREAD_DENSITY_PER_KM2)).sqrt()
}

/// Position `k` (0-based) of `n` on a golden-angle (sunflower) spiral that
/// fills a disc of `radius_km` around (lat, lon): `radius · sqrt(k / n)` km
/// from the centre at angle `k · 137.508°` (counter-clockwise from east),
/// converted to degrees and rounded to 5 decimals. Position 0 is the centre.
fn spread(lat: f64, lon: f64, radius_km: f64, n: usize, k: usize) -> (f64, f64) {
    let golden = std::f64::consts::PI * (3.0 - 5f64.sqrt());
    let r = radius_km * (k as f64 / n as f64).sqrt();
    let theta = k as f64 * golden;
    let km_per_deg = EARTH_RADIUS_KM * std::f64::consts::PI / 180.0;
    let dlat = r * theta.sin() / km_per_deg;
    let dlon = r * theta.cos() / (km_per_deg * lat.to_radians().cos());
    (round5(lat + dlat), round5(lon + dlon))
}

/// Number of modelled demand points of a city of `weight` people.
fn points_of(weight: u64) -> usize {
    (weight / PEOPLE_PER_POINT).max(1) as usize
}

fn round5(x: f64) -> f64 {
    format!("{x:.5}").parse().unwrap()
}

/// Display labels of the cleaned CN rows for the `city` column: the name,
/// or "name (region)" where several rows share the name, or "name (admin2)"
/// where that is still ambiguous.
fn city_labels(rows: &[City]) -> HashMap<String, String> {
    let count = |key: &dyn Fn(&City) -> String| {
        let mut m: HashMap<String, usize> = HashMap::new();
        for r in rows {
            *m.entry(key(r)).or_default() += 1;
        }
        m
    };
    let by_name = count(&|r: &City| r.name().to_owned());
    let by_region = count(&|r: &City| format!("{} ({})", r.name(), r.get("admin1")));
    rows.iter()
        .map(|r| {
            let with_region = format!("{} ({})", r.name(), r.get("admin1"));
            let label = if by_name[r.name()] == 1 {
                r.name().to_owned()
            } else if by_region[&with_region] == 1 {
                with_region
            } else {
                format!("{} ({})", r.name(), r.get("admin2"))
            };
            (r.id().to_owned(), label)
        })
        .collect()
}

/// A site row of the output.
struct SiteRow {
    name: String,
    lat: f64,
    lon: f64,
    region: String,
    city: String,
}

fn site_rows(prefix: &str, status: &str, sites: &[SiteRow]) -> Vec<Vec<String>> {
    sites
        .iter()
        .enumerate()
        .map(|(i, s)| {
            vec![
                format!("{prefix}{:04}", i + 1),
                s.name.clone(),
                format!("{:.5}", s.lat),
                format!("{:.5}", s.lon),
                status.to_owned(),
                "CN".to_owned(),
                s.region.clone(),
                s.city.clone(),
            ]
        })
        .collect()
}

/// Runs the whole preparation; returns the summary lines it printed.
pub fn run(from: &Path, out: &Path) -> Res<Vec<String>> {
    let mut log = Vec::new();
    let mut say = |s: String| {
        println!("{s}");
        log.push(s);
    };
    let mut cleaning_log: Vec<Vec<String>> = Vec::new();
    let mut cleaned: HashMap<&str, Vec<City>> = HashMap::new();
    for rules in [&CN_RULES, &EU_RULES] {
        let rows = read_cities(&from.join(rules.file))?;
        let (mut kept, dropped) = clean(&rows, rules);
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for d in &dropped {
            match counts.iter_mut().find(|(r, _)| *r == d.rule) {
                Some(c) => c.1 += 1,
                None => counts.push((d.rule, 1)),
            }
            cleaning_log.push(vec![
                rules.file.to_owned(),
                d.city.id().to_owned(),
                d.city.name().to_owned(),
                d.city.pop.to_string(),
                d.reason.clone(),
                "dropped".to_owned(),
                String::new(),
            ]);
        }
        let counts: Vec<String> = counts.iter().map(|(r, n)| format!("{r}: {n}")).collect();
        say(format!(
            "{}: {} rows, kept {}, dropped {} ({})",
            rules.file,
            rows.len(),
            kept.len(),
            dropped.len(),
            counts.join(", ")
        ));
        if rules.file == CN_RULES.file {
            let corrections = cap_implausible(&mut kept);
            let mut names = Vec::new();
            for c in &corrections {
                let r = &kept[c.row];
                names.push(format!("{} {} -> {}", r.name(), r.pop, r.weight));
                cleaning_log.push(vec![
                    rules.file.to_owned(),
                    r.id().to_owned(),
                    r.name().to_owned(),
                    r.pop.to_string(),
                    c.reason.clone(),
                    "capped".to_owned(),
                    r.weight.to_string(),
                ]);
            }
            say(format!(
                "{}: {} implausible populations capped ({}); total weight {}",
                rules.file,
                corrections.len(),
                names.join(", "),
                kept.iter().map(|c| c.weight).sum::<u64>()
            ));
        }
        write_file(
            &out.join(rules.file),
            &csv_bytes(&DEMAND_HEADER, &demand_rows(&kept))?,
        )?;
        cleaned.insert(rules.file, kept);
    }
    write_file(
        &out.join("cleaning_log.csv"),
        &csv_bytes(&LOG_HEADER, &cleaning_log)?,
    )?;

    // Sanity checks on well-known names.
    let has = |file: &str, id: &str| cleaned[file].iter().any(|c| c.id() == id);
    for (file, id, name) in [
        ("cities_cn.csv", "1796236", "Shanghai"),
        ("cities_cn.csv", "1816670", "Beijing"),
        ("cities_cn.csv", "1795565", "Shenzhen"),
        ("cities_eu.csv", "2988507", "Paris"),
        ("cities_eu.csv", "2950159", "Berlin"),
        ("cities_eu.csv", "2643743", "London"),
        ("cities_eu.csv", "756135", "Warsaw"),
        ("cities_eu.csv", "2761369", "Vienna"),
        ("cities_eu.csv", "3054643", "Budapest"),
    ] {
        if !has(file, id) {
            return Err(format!("sanity check: {name} ({id}) was dropped from {file}").into());
        }
    }
    for (file, id, name) in [
        ("cities_cn.csv", "11072148", "Puxi"),
        ("cities_cn.csv", "1798524", "Pudong"),
        ("cities_cn.csv", "1805701", "Jing'an (Shanghai)"),
        ("cities_cn.csv", "8307452", "Huangpu (Shanghai)"),
        ("cities_cn.csv", "1798439", "Putuo (Shanghai)"),
        ("cities_cn.csv", "1797798", "Qingpu"),
        ("cities_cn.csv", "13308620", "Bao'an"),
        ("cities_cn.csv", "13405906", "Luohu"),
        ("cities_cn.csv", "13527315", "Santo António"),
        ("cities_cn.csv", "13527308", "Nossa Senhora de Fátima"),
        ("cities_eu.csv", "3046446", "Pest"),
        ("cities_eu.csv", "3054667", "Buda"),
        ("cities_eu.csv", "764484", "Mokotów"),
        ("cities_eu.csv", "6545326", "Ursynów"),
    ] {
        if has(file, id) {
            return Err(format!("sanity check: {name} ({id}) is still in {file}").into());
        }
    }
    say("sanity checks passed: big cities kept, their known districts dropped".into());

    let cn = &cleaned["cities_cn.csv"];
    let labels = city_labels(cn);
    let label = |c: &City| labels[c.id()].clone();
    let distinct: HashSet<&String> = labels.values().collect();
    if distinct.len() != cn.len() {
        return Err("city labels are not unique".into());
    }

    // Modelled demand: every CN row spread over points_of(weight) points.
    let mut points = Vec::new();
    let mut spread_of: Vec<Vec<(f64, f64)>> = Vec::new();
    for c in cn {
        let n = points_of(c.weight);
        let radius = spread_radius_km(c.weight);
        let (base, extra) = (c.weight / n as u64, (c.weight % n as u64) as usize);
        let mut at = Vec::new();
        for k in 0..n {
            let (lat, lon) = spread(c.lat, c.lon, radius, n, k);
            at.push((lat, lon));
            let name = if n == 1 {
                label(c)
            } else {
                format!("{} point {}", label(c), k + 1)
            };
            points.push(vec![
                format!("{}-{}", c.id(), k + 1),
                name,
                format!("{lat:.5}"),
                format!("{lon:.5}"),
                (base + u64::from(k < extra)).to_string(),
                c.get("country_code").to_owned(),
                c.get("admin1").to_owned(),
                c.id().to_owned(),
                label(c),
                (k + 1).to_string(),
                n.to_string(),
                "modelled".to_owned(),
            ]);
        }
        spread_of.push(at);
    }
    let split = cn.iter().filter(|c| points_of(c.weight) > 1).count();
    let largest = cn.iter().map(|c| points_of(c.weight)).max().unwrap_or(1);
    say(format!(
        "modelled demand points: {} for {} cities ({split} of them split, up to {largest} points and {:.1} km)",
        points.len(),
        cn.len(),
        spread_radius_km(cn.iter().map(|c| c.weight).max().unwrap_or(0)),
    ));
    write_file(
        &out.join(DEMAND_POINTS_FILE),
        &csv_bytes(&DEMAND_POINTS_HEADER, &points)?,
    )?;

    // Existing network: 335 centers in the 92 heaviest prefecture-level cities.
    let units = prefecture_units(cn);
    say(format!(
        "prefecture-level cities among the cleaned CN rows: {}",
        units.len()
    ));
    if units.len() < EXISTING_CITIES {
        return Err("fewer prefecture-level cities than the existing network needs".into());
    }
    let chosen = &units[..EXISTING_CITIES];
    let weights: Vec<u64> = chosen.iter().map(|u| u.weight).collect();
    let seats = apportion(&weights, EXISTING_CENTERS);
    let last = &chosen[chosen.len() - 1];
    say(format!(
        "existing network: {} centers in {} cities (smallest {}: weight {}, {} center(s); largest {}: weight {}, {} centers)",
        seats.iter().sum::<u64>(),
        chosen.len(),
        label(&cn[last.rep]),
        last.weight,
        seats[seats.len() - 1],
        label(&cn[chosen[0].rep]),
        chosen[0].weight,
        seats[0],
    ));
    let list: Vec<String> = chosen
        .iter()
        .zip(&seats)
        .map(|(u, n)| {
            format!(
                "{} {n} ({} rows, {})",
                label(&cn[u.rep]),
                u.members.len(),
                u.weight
            )
        })
        .collect();
    say(format!("centers per city: {}", list.join(", ")));
    let mut centers = Vec::new();
    for (u, &n) in chosen.iter().zip(&seats) {
        let c = &cn[u.rep];
        let radius = spread_radius_km(c.weight);
        for k in 0..n as usize {
            let (lat, lon) = spread(c.lat, c.lon, radius, n as usize, k);
            centers.push(SiteRow {
                name: format!("{} center {}", label(c), k + 1),
                lat,
                lon,
                region: c.get("admin1").to_owned(),
                city: label(c),
            });
        }
    }
    for (i, a) in centers.iter().enumerate() {
        for b in &centers[i + 1..] {
            let d = haversine_km(a.lat, a.lon, b.lat, b.lon).0;
            if d < COINCIDE_KM {
                return Err(format!("{} and {} are {d:.3} km apart", a.name, b.name).into());
            }
        }
    }
    write_file(
        &out.join("cn_existing_centers.csv"),
        &csv_bytes(&SITES_HEADER, &site_rows("cn-ex-", "existing", &centers))?,
    )?;

    // Candidates: one at every modelled demand point, except where it
    // coincides with an existing center or an earlier candidate.
    let index = siteplan::spatial::PointIndex::new(centers.iter().map(|s| (s.lat, s.lon)));
    let mut candidates: Vec<(String, SiteRow)> = Vec::new();
    let mut taken: Vec<(f64, f64)> = Vec::new();
    let (mut base, mut extra, mut near_center, mut near_candidate) = (0, 0, 0, 0);
    for (c, at) in cn.iter().zip(&spread_of) {
        for (k, &(lat, lon)) in at.iter().enumerate() {
            if !index.within(lat, lon, siteplan::Km(COINCIDE_KM)).is_empty() {
                near_center += 1;
                continue;
            }
            let close = |&(a, b): &(f64, f64)| haversine_km(a, b, lat, lon).0 < COINCIDE_KM;
            if taken.iter().any(close) {
                near_candidate += 1;
                continue;
            }
            taken.push((lat, lon));
            if k == 0 {
                base += 1;
            } else {
                extra += 1;
            }
            let name = if k == 0 {
                label(c)
            } else {
                format!("{} site {}", label(c), k + 1)
            };
            candidates.push((
                format!("cn-cand-{}-{}", c.id(), k + 1),
                SiteRow {
                    name,
                    lat,
                    lon,
                    region: c.get("admin1").to_owned(),
                    city: label(c),
                },
            ));
        }
    }
    say(format!(
        "candidates: {} ({base} at city coordinates, {extra} at the other demand points; left out: {near_center} within {COINCIDE_KM} km of an existing center, {near_candidate} within {COINCIDE_KM} km of an earlier candidate)",
        candidates.len(),
    ));
    let rows: Vec<Vec<String>> = candidates
        .iter()
        .map(|(id, s)| {
            vec![
                id.clone(),
                s.name.clone(),
                format!("{:.5}", s.lat),
                format!("{:.5}", s.lon),
                "candidate".to_owned(),
                "CN".to_owned(),
                s.region.clone(),
                s.city.clone(),
            ]
        })
        .collect();
    write_file(
        &out.join("cn_candidates.csv"),
        &csv_bytes(&SITES_HEADER, &rows)?,
    )?;

    for f in COPIED {
        let bytes =
            std::fs::read(from.join(f)).map_err(|e| format!("{}: {e}", from.join(f).display()))?;
        write_file(&out.join(f), &bytes)?;
    }
    say(format!("copied unchanged: {}", COPIED.join(", ")));
    Ok(log)
}

/// The files `run` writes, relative to `--out`.
#[allow(dead_code)]
pub const WRITTEN: [&str; 11] = [
    "cities_cn.csv",
    "cities_eu.csv",
    "cleaning_log.csv",
    DEMAND_POINTS_FILE,
    "cn_existing_centers.csv",
    "cn_candidates.csv",
    COPIED[0],
    COPIED[1],
    COPIED[2],
    COPIED[3],
    COPIED[4],
];

#[allow(dead_code)]
fn main() {
    let mut from: Option<PathBuf> = None;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--from" => from = args.next().map(PathBuf::from),
            "--out" => out = args.next().map(PathBuf::from),
            _ => {
                eprintln!("usage: prepare_data --from <raw data folder> --out <data folder>");
                std::process::exit(2);
            }
        }
    }
    let (Some(from), Some(out)) = (from, out) else {
        eprintln!("usage: prepare_data --from <raw data folder> --out <data folder>");
        std::process::exit(2);
    };
    if let Err(e) = run(&from, &out) {
        eprintln!("prepare_data: {e}");
        std::process::exit(1);
    }
}
