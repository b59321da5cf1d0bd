//! The files siteplan reads: demand, sites and OD costs, with ids unique across files.

use super::table::*;
use crate::error::{Error, InputProblems, Result};
use crate::problem::{DemandPoint, IdIndex, Problem, Site, SiteStatus};
use crate::travel::OdMatrix;
use rayon::prelude::*;
use std::path::Path;

/// Keeps ids unique within (and across) files, remembering where each was
/// first seen. The value of each id is its position in input order.
pub(super) struct IdRegistry {
    pub(super) index: IdIndex,
    /// (file number, line) of each id, by position.
    pub(super) origin: Vec<(u32, u64)>,
    pub(super) files: Vec<String>,
}

impl IdRegistry {
    pub(super) fn new() -> Self {
        IdRegistry {
            index: IdIndex::default(),
            origin: Vec::new(),
            files: Vec::new(),
        }
    }

    /// Starts a new file; later ids are recorded as coming from it.
    pub(super) fn start_file(&mut self, file: &str, expected_rows: usize) {
        self.files.push(file.to_owned());
        self.index.reserve(expected_rows);
        self.origin.reserve(expected_rows);
    }

    /// Adds an id found at `line` of the current file; reports a duplicate.
    pub(super) fn add(&mut self, id: &str, line: u64, p: &mut Problems<'_>) -> bool {
        use std::collections::hash_map::Entry;
        let file = self.files.len() as u32 - 1;
        let next = self.origin.len() as u32;
        match self.index.entry(id.to_owned()) {
            Entry::Vacant(v) => {
                v.insert(next);
                self.origin.push((file, line));
                true
            }
            Entry::Occupied(o) => {
                let (f, l) = self.origin[*o.get() as usize];
                let where_ = if f == file {
                    format!("line {l}")
                } else {
                    format!("{}:{l}", self.files[f as usize])
                };
                p.push(
                    Some(line),
                    Some("id"),
                    format!("duplicate id {id:?} (first on {where_})"),
                );
                false
            }
        }
    }

    pub(super) fn into_index(self) -> IdIndex {
        self.index
    }
}

pub(super) const DEMAND_HEADER: &str = "id,lat,lon,weight";
pub(super) const SITES_HEADER: &str = "id,lat,lon";
pub(super) const COSTS_HEADER: &str = "demand_id,site_id,cost";
pub(super) const ALIASES: &[(&str, &str)] = &[
    ("latitude", "lat"),
    ("longitude", "lon"),
    ("lng", "lon"),
    ("admin1", "region"),
];

/// Registers the ids of parsed rows in file order, dropping duplicates, and
/// returns the rows (or every problem of the file).
pub(super) fn register<T>(
    parsed: Parsed<'_, T>,
    file: &str,
    ids: &mut IdRegistry,
    id_of: impl Fn(&T) -> &str,
) -> Result<Vec<T>> {
    let Parsed {
        rows, mut problems, ..
    } = parsed;
    let n = rows.iter().map(Vec::len).sum();
    ids.start_file(file, n);
    let mut dups = Problems::new(file);
    let mut out = Vec::with_capacity(n);
    for chunk in rows {
        for (line, row) in chunk {
            if ids.add(id_of(&row), line, &mut dups) {
                out.push(row);
            }
        }
    }
    problems.merge(dups.list, dups.truncated);
    problems.into_result()?;
    Ok(out)
}

pub(super) fn read_demand_rows(path: &Path, ids: &mut IdRegistry) -> Result<Vec<DemandPoint>> {
    let label = path.display().to_string();
    let bytes = read_bytes(path, DEMAND_HEADER)?;
    let parsed = read_table(
        &bytes,
        &label,
        &["id", "lat", "lon", "weight"],
        ALIASES,
        "demand point",
        |t| {
            let (c_id, c_lat, c_lon, c_weight) =
                (t.col("id"), t.col("lat"), t.col("lon"), t.col("weight"));
            let (c_name, c_country, c_region) = (t.col("name"), t.col("country"), t.col("region"));
            let c_outside = t.col("outside");
            move |r: &Record<'_>, p: &mut Problems<'_>| {
                let id = r.required_text(c_id, p);
                let (lat, lon) = r.lat_lon(c_lat, c_lon, p);
                let weight = r.number(c_weight, None, p);
                let weight = r.non_negative(c_weight, weight, p);
                // Absent or empty: the scenario's outside weight.
                let outside = r
                    .number(c_outside, Some(f64::NAN), p)
                    .filter(|v| !v.is_nan())
                    .map(|v| r.non_negative(c_outside, Some(v), p));
                let name = r.optional_text(c_name, p);
                let country = r.optional_text(c_country, p);
                let region = r.optional_text(c_region, p);
                Some(DemandPoint {
                    id: id?.to_owned(),
                    name,
                    country,
                    region,
                    lat,
                    lon,
                    weight,
                    outside,
                })
            }
        },
    );
    match parsed {
        Ok(parsed) => register(parsed, &label, ids, |d| &d.id),
        Err(p) => {
            p.into_result()?;
            unreachable!("a table that cannot be opened has problems")
        }
    }
}

pub(super) fn read_site_rows(path: &Path, ids: &mut IdRegistry) -> Result<Vec<Site>> {
    let label = path.display().to_string();
    let bytes = read_bytes(path, SITES_HEADER)?;
    let parsed = read_table(
        &bytes,
        &label,
        &["id", "lat", "lon"],
        ALIASES,
        "site",
        |t| {
            let (c_id, c_lat, c_lon) = (t.col("id"), t.col("lat"), t.col("lon"));
            let (c_status, c_fixed, c_capacity, c_attr) = (
                t.col("status"),
                t.col("fixed_cost"),
                t.col("capacity"),
                t.col("attractiveness"),
            );
            let (c_name, c_country, c_region, c_city) = (
                t.col("name"),
                t.col("country"),
                t.col("region"),
                t.col("city"),
            );
            move |r: &Record<'_>, p: &mut Problems<'_>| {
                let id = r.required_text(c_id, p);
                let (lat, lon) = r.lat_lon(c_lat, c_lon, p);
                let status = match r.optional_text(c_status, p) {
                    None => Some(SiteStatus::Candidate),
                    Some(s) => match s.parse::<SiteStatus>() {
                        Ok(st) => Some(st),
                        Err(msg) => {
                            p.push(Some(r.line), Some(c_status.name), msg);
                            None
                        }
                    },
                };
                let fixed = r.number(c_fixed, Some(0.0), p);
                let fixed_cost = r.non_negative(c_fixed, fixed, p);
                let capacity = match r.number(c_capacity, Some(f64::NAN), p) {
                    Some(v) if v.is_nan() => None, // absent or empty: unlimited
                    v => Some(r.non_negative(c_capacity, v, p)),
                };
                let attractiveness = match r.number(c_attr, Some(1.0), p) {
                    Some(a) if a > 0.0 => a,
                    Some(a) => {
                        p.push(
                            Some(r.line),
                            Some(c_attr.name),
                            format!("{a} is not positive; expected a number > 0"),
                        );
                        1.0
                    }
                    None => 1.0,
                };
                let name = r.optional_text(c_name, p);
                let country = r.optional_text(c_country, p);
                let region = r.optional_text(c_region, p);
                let city = r.optional_text(c_city, p);
                Some(Site {
                    id: id?.to_owned(),
                    name,
                    country,
                    region,
                    city,
                    lat,
                    lon,
                    status: status.unwrap_or(SiteStatus::Excluded),
                    fixed_cost,
                    capacity,
                    attractiveness,
                })
            }
        },
    );
    match parsed {
        Ok(parsed) => register(parsed, &label, ids, |s| &s.id),
        Err(p) => {
            p.into_result()?;
            unreachable!("a table that cannot be opened has problems")
        }
    }
}

/// Reads a demand file (`id,lat,lon,weight`; optional `name,country,region`).
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let f = dir.path().join("demand.csv");
/// std::fs::write(&f, "id,lat,lon,weight\na,31.2,121.5,100\n")?;
/// let d = siteplan::io::read_demand(&f)?;
/// assert_eq!(d[0].weight, 100.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_demand(path: &Path) -> Result<Vec<DemandPoint>> {
    read_demand_rows(path, &mut IdRegistry::new())
}

/// Reads a sites file (`id,lat,lon`; optional `name,country,region,city,
/// status,fixed_cost,capacity,attractiveness`).
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let f = dir.path().join("sites.csv");
/// std::fs::write(&f, "id,lat,lon,status\ns1,31.2,121.5,existing\ns2,30,120,\n")?;
/// let s = siteplan::io::read_sites(&f)?;
/// assert_eq!(s[0].status, siteplan::SiteStatus::Existing);
/// assert_eq!(s[1].status, siteplan::SiteStatus::Candidate);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_sites(path: &Path) -> Result<Vec<Site>> {
    read_site_rows(path, &mut IdRegistry::new())
}

/// Reads a demand file and one or more site files (concatenated in order;
/// ids must be unique across them) into a validated [`Problem`].
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let (d, s) = (dir.path().join("d.csv"), dir.path().join("s.csv"));
/// std::fs::write(&d, "id,lat,lon,weight\na,31.2,121.5,100\n")?;
/// std::fs::write(&s, "id,lat,lon\ns1,31.3,121.4\n")?;
/// let p = siteplan::io::read_problem(&d, &[s])?;
/// assert_eq!(p.sites().len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_problem(demand: &Path, sites: &[impl AsRef<Path>]) -> Result<Problem> {
    let mut demand_ids = IdRegistry::new();
    let d = read_demand_rows(demand, &mut demand_ids);
    let mut site_ids = IdRegistry::new();
    let mut all_sites = Vec::new();
    let mut problems = InputProblems::default();
    for f in sites {
        match read_site_rows(f.as_ref(), &mut site_ids) {
            Ok(s) => all_sites.extend(s),
            Err(Error::Input(p)) => {
                problems.truncated |= p.truncated;
                problems.problems.extend(p.problems);
            }
            Err(e) => return Err(e),
        }
    }
    let d = match d {
        Ok(d) => d,
        Err(Error::Input(mut p)) => {
            p.truncated |= problems.truncated;
            p.problems.extend(problems.problems);
            return Err(Error::Input(p));
        }
        Err(e) => return Err(e),
    };
    if !problems.problems.is_empty() {
        return Err(Error::Input(problems));
    }
    if sites.is_empty() {
        return Err(Error::Usage("at least one sites file is needed".into()));
    }
    Ok(Problem::from_validated(
        d,
        all_sites,
        demand_ids.into_index(),
        site_ids.into_index(),
    ))
}

/// Reads an OD cost file (`demand_id,site_id,cost`) for `problem`. Ids must
/// exist in the problem; each pair may appear once; costs are finite and ≥ 0.
///
/// ```
/// # use siteplan::{Problem, DemandPoint, Site};
/// let p = Problem::builder().demand(DemandPoint::new("a", 0.0, 0.0, 1.0)).site(Site::new("s", 0.0, 0.0)).build()?;
/// let dir = tempfile::tempdir()?;
/// let f = dir.path().join("costs.csv");
/// std::fs::write(&f, "demand_id,site_id,cost\na,s,12.5\n")?;
/// let od = siteplan::io::read_costs(&f, &p)?;
/// assert_eq!(od.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_costs(path: &Path, problem: &Problem) -> Result<OdMatrix> {
    let label = path.display().to_string();
    let bytes = read_bytes(path, COSTS_HEADER)?;
    let parsed = read_table(
        &bytes,
        &label,
        &["demand_id", "site_id", "cost"],
        &[],
        "demand_id,site_id,cost row",
        |t| {
            let (c_d, c_s, c_cost) = (t.col("demand_id"), t.col("site_id"), t.col("cost"));
            move |r: &Record<'_>, p: &mut Problems<'_>| {
                let d = r.required_text(c_d, p).and_then(|id| {
                    let i = problem.demand_index(id);
                    if i.is_none() {
                        p.push(
                            Some(r.line),
                            Some(c_d.name),
                            format!("{id:?} is not the id of any demand point"),
                        );
                    }
                    i
                });
                let s = r.required_text(c_s, p).and_then(|id| {
                    let i = problem.site_index(id);
                    if i.is_none() {
                        p.push(
                            Some(r.line),
                            Some(c_s.name),
                            format!("{id:?} is not the id of any site"),
                        );
                    }
                    i
                });
                let c = r.number(c_cost, None, p);
                let c = c.filter(|&c| {
                    if c < 0.0 {
                        r.non_negative(c_cost, Some(c), p);
                    }
                    c >= 0.0
                });
                Some((d? as u32, s? as u32, c?))
            }
        },
    );
    let mut parsed = match parsed {
        Ok(parsed) => parsed,
        Err(p) => {
            p.into_result()?;
            unreachable!("a table that cannot be opened has problems")
        }
    };
    if parsed.problems.list.is_empty() {
        // Duplicate pairs, reported at the second occurrence.
        let rows: Vec<(u64, (u32, u32, f64))> = parsed.rows.concat();
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.par_sort_unstable_by_key(|&i| (rows[i].1 .0, rows[i].1 .1, rows[i].0));
        let mut dups = Problems::new(&label);
        for w in order.windows(2) {
            let ((la, a), (lb, b)) = (rows[w[0]], rows[w[1]]);
            if a.0 == b.0 && a.1 == b.1 {
                dups.push(
                    Some(lb),
                    None,
                    format!(
                        "pair ({:?}, {:?}) is given twice (first on line {la})",
                        problem.demand()[a.0 as usize].id,
                        problem.sites()[a.1 as usize].id,
                    ),
                );
            }
        }
        parsed.problems.merge(dups.list, dups.truncated);
    }
    parsed.problems.into_result()?;
    let pairs = parsed.rows.into_iter().flatten().map(|r| r.1).collect();
    OdMatrix::from_pairs(problem, pairs)
}
