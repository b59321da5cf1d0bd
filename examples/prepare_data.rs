//! Regenerates the shipped data under `data/` from the raw data pack.
//!
//! ```sh
//! cargo run --release --example prepare_data -- --from ../shared/data --out data
//! ```
//!
//! It cleans the GeoNames city lists into siteplan demand files, reconstructs
//! the existing Chinese network (335 centers in 92 cities) and the candidate
//! sites, writes a log of every dropped row, and copies the other data files
//! unchanged. The rules are documented in `data/README.md`. The output is
//! deterministic: the same input always gives byte-identical files.

use std::collections::{HashMap, HashSet};
use std::error::Error;
use std::path::{Path, PathBuf};

use siteplan::spatial::haversine_km;
use siteplan::EARTH_RADIUS_KM;

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
/// Cities above this population get extra candidate slots …
const EXTRA_SLOT_MIN_POP: u64 = 3_000_000;
/// … one per this many people.
const PEOPLE_PER_EXTRA_SLOT: u64 = 2_000_000;
/// Largest offset of a spiral position from its city, in km.
const MAX_OFFSET_KM: f64 = 7.9;
/// Preferred distance step of the spiral, in km (`r = step · sqrt(k)`).
const SPIRAL_STEP_KM: f64 = 1.0;
/// Two sites closer than this coincide.
const COINCIDE_KM: f64 = 0.5;

/// One row of a source city file.
#[derive(Debug, Clone)]
struct City {
    f: Vec<String>,
    lat: f64,
    lon: f64,
    pop: u64,
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
        out.push(City { f, lat, lon, pop });
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
                g("population"),
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

/// Position `k` of the golden-angle spiral around (lat, lon): `step·sqrt(k)`
/// km from the city at angle `k · 137.5°`, converted to degrees.
fn spiral(lat: f64, lon: f64, k: usize, step_km: f64) -> (f64, f64) {
    let golden = std::f64::consts::PI * (3.0 - 5f64.sqrt());
    let r = step_km * (k as f64).sqrt();
    let theta = k as f64 * golden;
    let km_per_deg = EARTH_RADIUS_KM * std::f64::consts::PI / 180.0;
    let dlat = r * theta.sin() / km_per_deg;
    let dlon = r * theta.cos() / (km_per_deg * lat.to_radians().cos());
    (round5(lat + dlat), round5(lon + dlon))
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

/// The prefecture-level cities among the cleaned CN rows: seats coded
/// PPLC/PPLA/PPLA2, plus, in a prefecture (admin2) with no such seat, its
/// most populous row when that row has an empty feature code (re-coded by
/// GeoNames after 2023).
fn prefecture_cities(kept: &[City]) -> (Vec<&City>, Vec<&City>) {
    let seat = |c: &City| matches!(c.get("feature_code"), "PPLC" | "PPLA" | "PPLA2");
    let seat_admin2: HashSet<&str> = kept
        .iter()
        .filter(|c| seat(c))
        .map(|c| c.get("admin2"))
        .collect();
    let mut first_in_admin2: HashSet<&str> = HashSet::new();
    let mut out = Vec::new();
    let mut recoded = Vec::new();
    for c in kept {
        let a2 = c.get("admin2");
        let first = !a2.is_empty() && first_in_admin2.insert(a2);
        if seat(c) {
            out.push(c);
        } else if first && c.get("feature_code").is_empty() && !seat_admin2.contains(a2) {
            out.push(c);
            recoded.push(c);
        }
    }
    (out, recoded)
}

/// Largest-remainder (Hamilton) apportionment of `total` seats with at
/// least one each: every city gets one, the rest go in proportion to
/// population, remainders compared exactly in integers.
fn apportion(pops: &[u64], total: u64) -> Vec<u64> {
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
        let (kept, dropped) = clean(&rows, rules);
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
        write_file(
            &out.join(rules.file),
            &csv_bytes(&DEMAND_HEADER, &demand_rows(&kept))?,
        )?;
        cleaned.insert(rules.file, kept);
    }
    write_file(
        &out.join("cleaning_log.csv"),
        &csv_bytes(
            &["file", "id", "name", "population", "reason"],
            &cleaning_log,
        )?,
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

    // Existing network: 335 centers in the 92 most populous prefecture-level cities.
    let cn = &cleaned["cities_cn.csv"];
    let labels = city_labels(cn);
    let label = |c: &City| labels[c.id()].clone();
    let distinct: HashSet<&String> = labels.values().collect();
    if distinct.len() != cn.len() {
        return Err("city labels are not unique".into());
    }
    let (prefectures, recoded) = prefecture_cities(cn);
    let names: Vec<&str> = recoded.iter().map(|c| c.name()).collect();
    say(format!(
        "prefecture-level cities among the cleaned CN rows: {} ({} of them with an empty feature_code: {})",
        prefectures.len(),
        recoded.len(),
        names.join(", ")
    ));
    if prefectures.len() < EXISTING_CITIES {
        return Err("fewer prefecture-level cities than the existing network needs".into());
    }
    let chosen = &prefectures[..EXISTING_CITIES];
    let pops: Vec<u64> = chosen.iter().map(|c| c.pop).collect();
    let seats = apportion(&pops, EXISTING_CENTERS);
    let seats_of: HashMap<&str, usize> = chosen
        .iter()
        .zip(&seats)
        .map(|(c, &s)| (c.id(), s as usize))
        .collect();
    let extra_of = |c: &City| {
        if c.pop > EXTRA_SLOT_MIN_POP {
            (c.pop / PEOPLE_PER_EXTRA_SLOT) as usize
        } else {
            0
        }
    };
    // Highest spiral index used anywhere sets the step, so no offset exceeds the cap.
    let max_k = cn
        .iter()
        .map(|c| {
            let e = seats_of.get(c.id()).copied().unwrap_or(0);
            e.max(1) + extra_of(c) - 1
        })
        .max()
        .unwrap_or(0);
    let step = SPIRAL_STEP_KM.min(MAX_OFFSET_KM / (max_k.max(1) as f64).sqrt());
    say(format!(
        "existing network: {} centers in {} cities (smallest city {}: {} people, {} center(s); largest {}: {} centers); spiral step {step:.3} km, highest index {max_k}",
        seats.iter().sum::<u64>(),
        chosen.len(),
        chosen[chosen.len() - 1].name(),
        chosen[chosen.len() - 1].pop,
        seats[seats.len() - 1],
        chosen[0].name(),
        seats[0],
    ));
    let mut centers = Vec::new();
    for (c, &n) in chosen.iter().zip(&seats) {
        for k in 0..n as usize {
            let (lat, lon) = spiral(c.lat, c.lon, k, step);
            centers.push(SiteRow {
                name: format!("{} center {}", label(c), k + 1),
                lat,
                lon,
                region: c.get("admin1").to_owned(),
                city: label(c),
            });
        }
    }
    write_file(
        &out.join("cn_existing_centers.csv"),
        &csv_bytes(&SITES_HEADER, &site_rows("cn-ex-", "existing", &centers))?,
    )?;

    // Candidates: every cleaned CN city at its coordinates, plus extra slots
    // in big cities, minus positions that coincide with an existing center.
    let index = siteplan::spatial::PointIndex::new(centers.iter().map(|s| (s.lat, s.lon)));
    let mut candidates = Vec::new();
    let (mut base, mut extra, mut removed) = (0, 0, 0);
    for c in cn {
        let first_extra = seats_of.get(c.id()).copied().unwrap_or(0).max(1);
        let mut positions = vec![(label(c), 0)];
        for j in 0..extra_of(c) {
            positions.push((format!("{} extra {}", label(c), j + 1), first_extra + j));
        }
        for (i, (name, k)) in positions.into_iter().enumerate() {
            let (lat, lon) = spiral(c.lat, c.lon, k, step);
            let near = index.within(lat, lon, siteplan::Km(COINCIDE_KM));
            if !near.is_empty() {
                removed += 1;
                continue;
            }
            if i == 0 {
                base += 1;
            } else {
                extra += 1;
            }
            candidates.push(SiteRow {
                name,
                lat,
                lon,
                region: c.get("admin1").to_owned(),
                city: label(c),
            });
        }
    }
    say(format!(
        "candidates: {} ({} at city coordinates, {} extra slots; {} positions within {COINCIDE_KM} km of an existing center left out)",
        candidates.len(),
        base,
        extra,
        removed
    ));
    write_file(
        &out.join("cn_candidates.csv"),
        &csv_bytes(
            &SITES_HEADER,
            &site_rows("cn-cand-", "candidate", &candidates),
        )?,
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
pub const WRITTEN: [&str; 10] = [
    "cities_cn.csv",
    "cities_eu.csv",
    "cleaning_log.csv",
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
