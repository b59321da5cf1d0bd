//! CSV readers for demand, sites and OD costs, with precise error reports.
//!
//! Accepted: UTF-8 with or without BOM, LF or CRLF line ends, quoted fields,
//! columns in any order (names matched case-insensitively), unknown extra
//! columns (ignored) and a missing final newline. Every problem is reported
//! as `file:line: column "name": what was found and what was expected`, up to
//! [`MAX_REPORTED_PROBLEMS`] per file.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, InputProblem, InputProblems, Result, MAX_REPORTED_PROBLEMS};
use crate::problem::{DemandPoint, Problem, Site, SiteStatus};
use crate::travel::OdMatrix;

/// Collects the problems of one file.
struct Problems {
    file: String,
    list: Vec<InputProblem>,
    truncated: bool,
}

impl Problems {
    fn new(file: &str) -> Self {
        Problems {
            file: file.to_owned(),
            list: Vec::new(),
            truncated: false,
        }
    }

    fn push(&mut self, line: Option<u64>, column: Option<&str>, msg: impl Into<String>) {
        if self.list.len() >= MAX_REPORTED_PROBLEMS {
            self.truncated = true;
            return;
        }
        self.list
            .push(InputProblem::new(self.file.clone(), line, column, msg));
    }

    fn full(&self) -> bool {
        self.truncated
    }

    fn into_result(self) -> Result<()> {
        if self.list.is_empty() {
            Ok(())
        } else {
            Err(Error::Input(InputProblems {
                problems: self.list,
                truncated: self.truncated,
            }))
        }
    }
}

/// Reads a whole file, turning "not found", "is a directory" and "empty"
/// into input problems.
fn read_bytes(path: &Path, expected_header: &str) -> Result<Vec<u8>> {
    let label = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| {
        let msg = if e.kind() == std::io::ErrorKind::NotFound {
            "file not found".to_string()
        } else {
            format!("cannot read: {e}")
        };
        Error::input(InputProblem::new(&label, None, None, msg))
    })?;
    if meta.is_dir() {
        return Err(Error::input(InputProblem::new(
            &label,
            None,
            None,
            "is a directory; expected a CSV file",
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        Error::input(InputProblem::new(
            &label,
            None,
            None,
            format!("cannot read: {e}"),
        ))
    })?;
    if bytes.is_empty() {
        return Err(Error::input(InputProblem::new(
            &label,
            None,
            None,
            format!("file is empty; expected a header row such as `{expected_header}`"),
        )));
    }
    Ok(bytes)
}

/// Finds a quoted field that is never closed: returns the line where it opens.
fn unterminated_quote(bytes: &[u8]) -> Option<u64> {
    let mut line = 1u64;
    let mut at_field_start = true;
    let mut in_quote = false;
    let mut open_line = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_quote {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    in_quote = false;
                }
            } else if b == b'\n' {
                line += 1;
            }
        } else {
            match b {
                b'"' if at_field_start => {
                    in_quote = true;
                    open_line = line;
                }
                b'\n' => line += 1,
                _ => {}
            }
            at_field_start = matches!(b, b',' | b'\n' | b'\r');
        }
        i += 1;
    }
    in_quote.then_some(open_line)
}

/// A parsed CSV file: header positions and an iterator over records.
struct Table {
    columns: HashMap<String, usize>,
    n_fields: usize,
    reader: csv::Reader<std::io::Cursor<Vec<u8>>>,
    utf8_ok: bool,
}

/// Opens a table: checks encoding basics, quotes and the header.
fn open_table(
    bytes: Vec<u8>,
    problems: &mut Problems,
    required: &[&str],
    aliases: &[(&str, &str)],
) -> Option<Table> {
    let mut bytes = bytes;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    if let Some(line) = unterminated_quote(&bytes) {
        problems.push(
            Some(line),
            None,
            "a quoted field opened here is never closed (unterminated quote)",
        );
        return None;
    }
    let utf8_ok = std::str::from_utf8(&bytes).is_ok();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(std::io::Cursor::new(bytes));
    let mut header = csv::ByteRecord::new();
    match reader.read_byte_record(&mut header) {
        Ok(true) => {}
        Ok(false) => {
            problems.push(
                None,
                None,
                format!("no header row; expected columns {}", required.join(",")),
            );
            return None;
        }
        Err(e) => {
            problems.push(Some(1), None, format!("cannot parse the header: {e}"));
            return None;
        }
    }
    let mut columns = HashMap::new();
    for (i, raw) in header.iter().enumerate() {
        let Ok(name) = std::str::from_utf8(raw) else {
            problems.push(
                Some(1),
                None,
                format!("header field {} is not valid UTF-8", i + 1),
            );
            continue;
        };
        let mut name = name.trim().to_ascii_lowercase();
        if let Some((_, canonical)) = aliases.iter().find(|(a, _)| *a == name) {
            if header
                .iter()
                .any(|h| h.eq_ignore_ascii_case(canonical.as_bytes()))
            {
                continue; // the canonical column is present; the alias is just extra
            }
            name = canonical.to_string();
        }
        if columns.insert(name.clone(), i).is_some() {
            problems.push(Some(1), Some(&name), "column appears twice in the header");
        }
    }
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| !columns.contains_key(*c))
        .collect();
    if !missing.is_empty() {
        let found: Vec<String> = header
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_string())
            .collect();
        for m in missing {
            problems.push(
                Some(1),
                Some(m),
                format!(
                    "required column is missing (header has: {}; required: {})",
                    found.join(","),
                    required.join(",")
                ),
            );
        }
        return None;
    }
    Some(Table {
        columns,
        n_fields: header.len(),
        reader,
        utf8_ok,
    })
}

/// One record being read, with helpers that report problems at its line.
struct Record<'a> {
    rec: &'a csv::ByteRecord,
    line: u64,
    columns: &'a HashMap<String, usize>,
}

impl Record<'_> {
    fn raw(&self, col: &str) -> Option<&[u8]> {
        self.columns.get(col).and_then(|&i| self.rec.get(i))
    }

    /// The trimmed text of a column (None when absent or not UTF-8, reported).
    fn text(&self, col: &str, p: &mut Problems) -> Option<&str> {
        let raw = self.raw(col)?;
        match std::str::from_utf8(raw) {
            Ok(s) => Some(s.trim()),
            Err(e) => {
                p.push(
                    Some(self.line),
                    Some(col),
                    format!("invalid UTF-8 (byte {} of the field)", e.valid_up_to() + 1),
                );
                None
            }
        }
    }

    fn required_text(&self, col: &str, p: &mut Problems) -> Option<&str> {
        let s = self.text(col, p)?;
        if s.is_empty() {
            p.push(Some(self.line), Some(col), "is empty; expected a value");
            return None;
        }
        Some(s)
    }

    fn optional_text(&self, col: &str, p: &mut Problems) -> Option<String> {
        self.text(col, p)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    }

    /// A finite number; `default` when the column is absent or empty
    /// (`None` default makes it required).
    fn number(&self, col: &str, default: Option<f64>, p: &mut Problems) -> Option<f64> {
        let s = match self.raw(col) {
            None => return default,
            Some(_) => self.text(col, p)?,
        };
        if s.is_empty() {
            if default.is_none() {
                p.push(Some(self.line), Some(col), "is empty; expected a number");
            }
            return default;
        }
        match s.parse::<f64>() {
            Ok(v) if v.is_finite() => Some(v),
            Ok(_) => {
                p.push(
                    Some(self.line),
                    Some(col),
                    format!("{s} is not a finite number"),
                );
                None
            }
            Err(_) => {
                p.push(Some(self.line), Some(col), format!("{s:?} is not a number"));
                None
            }
        }
    }

    fn in_range(&self, col: &str, v: Option<f64>, lo: f64, hi: f64, p: &mut Problems) -> f64 {
        match v {
            Some(v) if (lo..=hi).contains(&v) => v,
            Some(v) => {
                p.push(
                    Some(self.line),
                    Some(col),
                    format!("{v} is outside {lo}..{hi}"),
                );
                0.0
            }
            None => 0.0,
        }
    }

    fn non_negative(&self, col: &str, v: Option<f64>, p: &mut Problems) -> f64 {
        match v {
            Some(v) if v >= 0.0 => v,
            Some(v) => {
                p.push(
                    Some(self.line),
                    Some(col),
                    format!("{v} is negative; expected a number ≥ 0"),
                );
                0.0
            }
            None => 0.0,
        }
    }
}

/// Runs `f` on every data record of a table, checking the field count,
/// until the file ends or too many problems pile up. Returns the number of
/// data rows seen.
fn for_each_record(
    table: &mut Table,
    problems: &mut Problems,
    mut f: impl FnMut(&Record<'_>, &mut Problems),
) -> usize {
    let mut rec = csv::ByteRecord::new();
    let mut rows = 0;
    loop {
        if problems.full() {
            break;
        }
        match table.reader.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map(|p| p.line());
                problems.push(line, None, format!("cannot parse CSV: {e}"));
                break;
            }
        }
        rows += 1;
        let line = rec.position().map_or(0, |p| p.line());
        if rec.len() != table.n_fields {
            problems.push(
                Some(line),
                None,
                format!(
                    "has {} fields; expected {} as in the header",
                    rec.len(),
                    table.n_fields
                ),
            );
            continue;
        }
        if !table.utf8_ok {
            // Report invalid UTF-8 in any column, even ignored ones.
            let names: Vec<(&String, &usize)> = table.columns.iter().collect();
            let mut bad = false;
            for (i, field) in rec.iter().enumerate() {
                if let Err(e) = std::str::from_utf8(field) {
                    let col = names
                        .iter()
                        .find(|(_, &j)| j == i)
                        .map(|(n, _)| n.as_str())
                        .unwrap_or("?");
                    problems.push(
                        Some(line),
                        Some(col),
                        format!("invalid UTF-8 (byte {} of the field)", e.valid_up_to() + 1),
                    );
                    bad = true;
                }
            }
            if bad {
                continue;
            }
        }
        let r = Record {
            rec: &rec,
            line,
            columns: &table.columns,
        };
        f(&r, problems);
    }
    rows
}

/// Keeps ids unique within (and across) files, remembering where each was first seen.
struct IdRegistry {
    seen: HashMap<String, (u32, String, u64)>,
    next: u32,
}

impl IdRegistry {
    fn new() -> Self {
        IdRegistry {
            seen: HashMap::new(),
            next: 0,
        }
    }

    fn add(&mut self, id: &str, file: &str, line: u64, p: &mut Problems) -> bool {
        if let Some((_, f, l)) = self.seen.get(id) {
            let where_ = if f == file {
                format!("line {l}")
            } else {
                format!("{f}:{l}")
            };
            p.push(
                Some(line),
                Some("id"),
                format!("duplicate id {id:?} (first on {where_})"),
            );
            return false;
        }
        self.seen
            .insert(id.to_owned(), (self.next, file.to_owned(), line));
        self.next += 1;
        true
    }

    fn into_index(self) -> HashMap<String, u32> {
        self.seen.into_iter().map(|(k, v)| (k, v.0)).collect()
    }
}

const DEMAND_HEADER: &str = "id,lat,lon,weight";
const SITES_HEADER: &str = "id,lat,lon";
const COSTS_HEADER: &str = "demand_id,site_id,cost";
const ALIASES: &[(&str, &str)] = &[
    ("latitude", "lat"),
    ("longitude", "lon"),
    ("lng", "lon"),
    ("admin1", "region"),
];

fn read_demand_rows(path: &Path, ids: &mut IdRegistry) -> Result<Vec<DemandPoint>> {
    let label = path.display().to_string();
    let bytes = read_bytes(path, DEMAND_HEADER)?;
    let mut p = Problems::new(&label);
    let mut out = Vec::new();
    if let Some(mut table) = open_table(bytes, &mut p, &["id", "lat", "lon", "weight"], ALIASES) {
        let rows = for_each_record(&mut table, &mut p, |r, p| {
            let id = r.required_text("id", p);
            let lat = r.number("lat", None, p);
            let lon = r.number("lon", None, p);
            let weight = r.number("weight", None, p);
            let lat = r.in_range("lat", lat, -90.0, 90.0, p);
            let lon = r.in_range("lon", lon, -180.0, 180.0, p);
            let weight = r.non_negative("weight", weight, p);
            let name = r.optional_text("name", p);
            let country = r.optional_text("country", p);
            let region = r.optional_text("region", p);
            if let Some(id) = id {
                if ids.add(id, &label, r.line, p) {
                    out.push(DemandPoint {
                        id: id.to_owned(),
                        name,
                        country,
                        region,
                        lat,
                        lon,
                        weight,
                    });
                }
            }
        });
        if rows == 0 && p.list.is_empty() {
            p.push(
                None,
                None,
                "has a header but no data rows; expected at least one demand point",
            );
        }
    }
    p.into_result()?;
    Ok(out)
}

fn read_site_rows(path: &Path, ids: &mut IdRegistry) -> Result<Vec<Site>> {
    let label = path.display().to_string();
    let bytes = read_bytes(path, SITES_HEADER)?;
    let mut p = Problems::new(&label);
    let mut out = Vec::new();
    if let Some(mut table) = open_table(bytes, &mut p, &["id", "lat", "lon"], ALIASES) {
        let rows = for_each_record(&mut table, &mut p, |r, p| {
            let id = r.required_text("id", p);
            let lat = r.number("lat", None, p);
            let lon = r.number("lon", None, p);
            let lat = r.in_range("lat", lat, -90.0, 90.0, p);
            let lon = r.in_range("lon", lon, -180.0, 180.0, p);
            let status = match r.optional_text("status", p) {
                None => Some(SiteStatus::Candidate),
                Some(s) => match s.parse::<SiteStatus>() {
                    Ok(st) => Some(st),
                    Err(msg) => {
                        p.push(Some(r.line), Some("status"), msg);
                        None
                    }
                },
            };
            let fixed = r.number("fixed_cost", Some(0.0), p);
            let fixed_cost = r.non_negative("fixed_cost", fixed, p);
            let capacity = match r.raw("capacity").map(|_| r.text("capacity", p)) {
                Some(Some(s)) if !s.is_empty() => {
                    let v = r.number("capacity", None, p);
                    Some(r.non_negative("capacity", v, p))
                }
                _ => None,
            };
            let attractiveness = match r.number("attractiveness", Some(1.0), p) {
                Some(a) if a > 0.0 => a,
                Some(a) => {
                    p.push(
                        Some(r.line),
                        Some("attractiveness"),
                        format!("{a} is not positive; expected a number > 0"),
                    );
                    1.0
                }
                None => 1.0,
            };
            let name = r.optional_text("name", p);
            let country = r.optional_text("country", p);
            let region = r.optional_text("region", p);
            let city = r.optional_text("city", p);
            if let (Some(id), Some(status)) = (id, status) {
                if ids.add(id, &label, r.line, p) {
                    out.push(Site {
                        id: id.to_owned(),
                        name,
                        country,
                        region,
                        city,
                        lat,
                        lon,
                        status,
                        fixed_cost,
                        capacity,
                        attractiveness,
                    });
                }
            }
        });
        if rows == 0 && p.list.is_empty() {
            p.push(
                None,
                None,
                "has a header but no data rows; expected at least one site",
            );
        }
    }
    p.into_result()?;
    Ok(out)
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
    let mut p = Problems::new(&label);
    let mut pairs = Vec::new();
    let mut lines = Vec::new();
    if let Some(mut table) = open_table(bytes, &mut p, &["demand_id", "site_id", "cost"], &[]) {
        let rows = for_each_record(&mut table, &mut p, |r, p| {
            let d = r.required_text("demand_id", p).and_then(|id| {
                let i = problem.demand_index(id);
                if i.is_none() {
                    p.push(
                        Some(r.line),
                        Some("demand_id"),
                        format!("{id:?} is not a demand point id"),
                    );
                }
                i
            });
            let s = r.required_text("site_id", p).and_then(|id| {
                let i = problem.site_index(id);
                if i.is_none() {
                    p.push(
                        Some(r.line),
                        Some("site_id"),
                        format!("{id:?} is not a site id"),
                    );
                }
                i
            });
            let c = r.number("cost", None, p);
            let c = c.map(|c| r.non_negative("cost", Some(c), p));
            if let (Some(d), Some(s), Some(c)) = (d, s, c) {
                if c >= 0.0 {
                    pairs.push((d as u32, s as u32, c));
                    lines.push(r.line);
                }
            }
        });
        if rows == 0 && p.list.is_empty() {
            p.push(
                None,
                None,
                "has a header but no data rows; expected at least one demand_id,site_id,cost row",
            );
        }
    }
    if p.list.is_empty() {
        // Duplicate pairs, reported at the second occurrence.
        let mut order: Vec<usize> = (0..pairs.len()).collect();
        order.sort_unstable_by_key(|&i| (pairs[i].0, pairs[i].1, lines[i]));
        for w in order.windows(2) {
            let (a, b) = (pairs[w[0]], pairs[w[1]]);
            if a.0 == b.0 && a.1 == b.1 {
                p.push(
                    Some(lines[w[1]]),
                    None,
                    format!(
                        "pair ({:?}, {:?}) is given twice (first on line {})",
                        problem.demand()[a.0 as usize].id,
                        problem.sites()[a.1 as usize].id,
                        lines[w[0]]
                    ),
                );
            }
        }
    }
    p.into_result()?;
    OdMatrix::from_pairs(problem, pairs)
}

#[cfg(test)]
mod tests {
    use super::unterminated_quote;

    #[test]
    fn finds_unterminated_quotes() {
        assert_eq!(unterminated_quote(b"a,b\n\"x,y\n1,2\n"), Some(2));
        assert_eq!(unterminated_quote(b"a,b\n\"x\"\"y\",1\n"), None);
        assert_eq!(unterminated_quote(b"a,b\nx\"y,1\n"), None);
        assert_eq!(unterminated_quote(b"a,b\r\n\"multi\r\nline\",1\r\n"), None);
    }
}
