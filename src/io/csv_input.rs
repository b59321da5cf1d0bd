//! CSV readers for demand, sites and OD costs, with precise error reports.
//!
//! Accepted: UTF-8 with or without BOM, LF or CRLF line ends, quoted fields,
//! columns in any order (names matched case-insensitively), unknown extra
//! columns (ignored) and a missing final newline. Every problem is reported
//! as `file:line: column "name": what was found and what was expected`, up to
//! [`MAX_REPORTED_PROBLEMS`] per file.
//!
//! Large files are parsed in parallel: the body is cut into chunks at line
//! ends outside quoted fields, each chunk is parsed on its own, and the
//! results are joined in file order, so rows, ids and reported problems are
//! the same whatever the number of threads.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use crate::error::{Error, InputProblem, InputProblems, Result, MAX_REPORTED_PROBLEMS};
use crate::problem::{DemandPoint, Problem, Site, SiteStatus};
use crate::travel::OdMatrix;

/// Bytes of body parsed by one parallel task (cut at the next line end).
const CHUNK_BYTES: usize = 1 << 20;

/// Collects the problems of one file (or of one chunk of it).
struct Problems<'f> {
    file: &'f str,
    list: Vec<InputProblem>,
    truncated: bool,
}

impl<'f> Problems<'f> {
    fn new(file: &'f str) -> Self {
        Problems {
            file,
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
            .push(InputProblem::new(self.file, line, column, msg));
    }

    fn full(&self) -> bool {
        self.truncated
    }

    /// Adds the problems of a later part of the file (or out-of-order ones,
    /// such as duplicates found after parsing), keeping file order and the cap.
    fn merge(&mut self, other: Vec<InputProblem>, truncated: bool) {
        self.truncated |= truncated;
        self.list.extend(other);
        self.list.sort_by_key(|p| p.line.unwrap_or(0));
        if self.list.len() > MAX_REPORTED_PROBLEMS {
            self.list.truncate(MAX_REPORTED_PROBLEMS);
            self.truncated = true;
        }
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
            format!("file is empty (0 bytes); expected a header row such as `{expected_header}`"),
        )));
    }
    Ok(bytes)
}

/// Scans the quoting of a CSV text. Returns the places where the body may be
/// cut into chunks of about `chunk` bytes — (byte offset, line number) just
/// after a line end outside any quoted field — or, when a quoted field is
/// never closed, the line where it opens.
///
/// A quote opens a field only at the start of that field, and `""` inside a
/// quoted field is an escaped quote, as in the `csv` crate.
fn scan_quotes(bytes: &[u8], start_line: u64, chunk: usize) -> Result<Vec<(usize, u64)>, u64> {
    if !bytes.contains(&b'"') {
        // No quotes at all (most machine-written files): every line end is
        // a record end, and the search for one is fast.
        let mut cuts = Vec::new();
        let (mut at, mut line) = (0usize, start_line);
        while bytes.len() - at > chunk {
            let Some(nl) = bytes[at + chunk - 1..].iter().position(|&b| b == b'\n') else {
                break;
            };
            let cut = at + chunk + nl;
            if cut >= bytes.len() {
                break;
            }
            line += count_lines(&bytes[at..cut]);
            cuts.push((cut, line));
            at = cut;
        }
        return Ok(cuts);
    }
    let mut cuts = Vec::new();
    let mut line = start_line;
    let mut at_field_start = true;
    let mut in_quote = false;
    let mut open_line = 0;
    let mut last_cut = 0;
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
                b'\n' => {
                    line += 1;
                    if i + 1 - last_cut >= chunk && i + 1 < bytes.len() {
                        last_cut = i + 1;
                        cuts.push((last_cut, line));
                    }
                }
                _ => {}
            }
            at_field_start = matches!(b, b',' | b'\n' | b'\r');
        }
        i += 1;
    }
    if in_quote {
        Err(open_line)
    } else {
        Ok(cuts)
    }
}

/// A column the reader looks for, resolved against one file's header.
#[derive(Debug, Clone, Copy)]
struct Col {
    name: &'static str,
    idx: Option<usize>,
}

/// The header of a CSV file and where its body starts.
struct Table<'a> {
    /// Canonical (lowercase, alias-resolved) names, by position.
    names: Vec<String>,
    /// The bytes after the header row.
    body: &'a [u8],
    /// The line number the body starts on.
    body_line: u64,
    /// The line number of the header row.
    header_line: u64,
    /// Whether the whole file is valid UTF-8 (most are: then no field needs a
    /// separate encoding check).
    utf8_ok: bool,
}

impl Table<'_> {
    fn col(&self, name: &'static str) -> Col {
        Col {
            name,
            idx: self.names.iter().position(|n| n == name),
        }
    }

    fn n_fields(&self) -> usize {
        self.names.len()
    }
}

/// Opens a table (quotes already checked): reads and checks the header.
fn open_table<'a>(
    bytes: &'a [u8],
    problems: &mut Problems<'_>,
    required: &[&str],
    aliases: &[(&str, &str)],
) -> Option<Table<'a>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut header = csv::ByteRecord::new();
    match reader.read_byte_record(&mut header) {
        Ok(true) => {}
        Ok(false) => {
            problems.push(
                None,
                None,
                format!(
                    "has no header row; expected a first row such as `{}`",
                    required.join(",")
                ),
            );
            return None;
        }
        Err(e) => {
            let line = e.position().map_or(1, |p| p.line());
            problems.push(Some(line), None, format!("cannot parse the header: {e}"));
            return None;
        }
    }
    let mut header_at = header.position().map_or(0, |p| p.byte() as usize);
    while matches!(bytes.get(header_at), Some(b'\r' | b'\n')) {
        header_at += 1; // blank lines before the header
    }
    let body_at = (reader.position().byte() as usize).min(bytes.len());
    let header_line = 1 + count_lines(&bytes[..header_at]);
    let body_line = header_line + count_lines(&bytes[header_at..body_at]);
    let mut names = Vec::with_capacity(header.len());
    for (i, raw) in header.iter().enumerate() {
        let Ok(name) = std::str::from_utf8(raw) else {
            problems.push(
                Some(header_line),
                None,
                format!(
                    "header field {} is not valid UTF-8; save the file as UTF-8",
                    i + 1
                ),
            );
            names.push(String::new());
            continue;
        };
        let mut name = name.trim().to_ascii_lowercase();
        if let Some((_, canonical)) = aliases.iter().find(|(a, _)| *a == name) {
            let canonical_present = header
                .iter()
                .any(|h| h.trim_ascii().eq_ignore_ascii_case(canonical.as_bytes()));
            if !canonical_present {
                name = canonical.to_string();
            }
            // else the canonical column is present; the alias is just extra
        }
        if !name.is_empty() && names.contains(&name) {
            problems.push(
                Some(header_line),
                Some(&name),
                "column appears twice in the header",
            );
        }
        names.push(name);
    }
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| !names.iter().any(|n| n == c))
        .collect();
    if !missing.is_empty() {
        let found: Vec<String> = header
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_string())
            .collect();
        for m in missing {
            problems.push(
                Some(header_line),
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
    if !problems.list.is_empty() {
        return None;
    }
    let body = &bytes[body_at..];
    Some(Table {
        names,
        body,
        body_line,
        header_line,
        utf8_ok: std::str::from_utf8(body).is_ok(),
    })
}

/// One record being read, with helpers that report problems at its line.
struct Record<'a> {
    rec: &'a csv::ByteRecord,
    line: u64,
}

impl Record<'_> {
    fn raw(&self, col: Col) -> Option<&[u8]> {
        col.idx.and_then(|i| self.rec.get(i))
    }

    /// The trimmed text of a column (None when absent or not UTF-8, reported).
    fn text(&self, col: Col, p: &mut Problems<'_>) -> Option<&str> {
        let raw = self.raw(col)?;
        match std::str::from_utf8(raw) {
            Ok(s) => Some(s.trim()),
            Err(e) => {
                p.push(Some(self.line), Some(col.name), not_utf8(&e));
                None
            }
        }
    }

    fn required_text(&self, col: Col, p: &mut Problems<'_>) -> Option<&str> {
        let s = self.text(col, p)?;
        if s.is_empty() {
            p.push(
                Some(self.line),
                Some(col.name),
                "is empty; expected a value",
            );
            return None;
        }
        Some(s)
    }

    fn optional_text(&self, col: Col, p: &mut Problems<'_>) -> Option<String> {
        self.text(col, p)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    }

    /// A finite number; `default` when the column is absent or empty
    /// (`None` default makes it required).
    fn number(&self, col: Col, default: Option<f64>, p: &mut Problems<'_>) -> Option<f64> {
        let s = match self.raw(col) {
            None => return default,
            Some(_) => self.text(col, p)?,
        };
        if s.is_empty() {
            if default.is_none() {
                p.push(
                    Some(self.line),
                    Some(col.name),
                    "is empty; expected a number",
                );
            }
            return default;
        }
        match s.parse::<f64>() {
            Ok(v) if v.is_finite() => Some(v),
            Ok(_) => {
                p.push(
                    Some(self.line),
                    Some(col.name),
                    format!("{s} is not a finite number"),
                );
                None
            }
            Err(_) => {
                p.push(
                    Some(self.line),
                    Some(col.name),
                    format!("{s:?} is not a number"),
                );
                None
            }
        }
    }

    fn non_negative(&self, col: Col, v: Option<f64>, p: &mut Problems<'_>) -> f64 {
        match v {
            Some(v) if v >= 0.0 => v,
            Some(v) => {
                p.push(
                    Some(self.line),
                    Some(col.name),
                    format!("{v} is negative; expected a number ≥ 0"),
                );
                0.0
            }
            None => 0.0,
        }
    }

    /// Latitude and longitude in degrees, range-checked, with a hint when
    /// they look swapped. Invalid values become 0 (their problem is reported).
    fn lat_lon(&self, lat_col: Col, lon_col: Col, p: &mut Problems<'_>) -> (f64, f64) {
        let lat = self.number(lat_col, None, p);
        let lon = self.number(lon_col, None, p);
        let lat_ok = lat.is_some_and(|v| (-90.0..=90.0).contains(&v));
        let lon_ok = lon.is_some_and(|v| (-180.0..=180.0).contains(&v));
        if let Some(v) = lat.filter(|_| !lat_ok) {
            let swapped =
                (-180.0..=180.0).contains(&v) && lon.is_some_and(|w| (-90.0..=90.0).contains(&w));
            let hint = if swapped {
                " (are lat and lon swapped?)"
            } else {
                ""
            };
            p.push(
                Some(self.line),
                Some(lat_col.name),
                format!("{v} is outside -90..90{hint}"),
            );
        }
        if let Some(v) = lon.filter(|_| !lon_ok) {
            p.push(
                Some(self.line),
                Some(lon_col.name),
                format!("{v} is outside -180..180"),
            );
        }
        (
            if lat_ok { lat.unwrap_or(0.0) } else { 0.0 },
            if lon_ok { lon.unwrap_or(0.0) } else { 0.0 },
        )
    }
}

/// Number of line ends in `bytes`.
fn count_lines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

fn not_utf8(e: &std::str::Utf8Error) -> String {
    format!(
        "is not valid UTF-8 (byte {} of the field); save the file as UTF-8",
        e.valid_up_to() + 1
    )
}

/// What parsing a table's body produced: per-row values in file order (with
/// their lines, one list per parsed chunk), the problems found, and how many
/// data rows were seen.
struct Parsed<'f, T> {
    rows: Vec<Vec<(u64, T)>>,
    problems: Problems<'f>,
    n_rows: usize,
}

/// Parses every data record of a table with `f`, checking field counts and
/// encoding, in parallel chunks; results come back in file order. Each chunk
/// stops early once it holds [`MAX_REPORTED_PROBLEMS`] problems.
/// `cuts` are (offset into the body, line) places where it may be cut.
fn parse_rows<'f, T: Send>(
    table: &Table<'_>,
    cuts: &[(usize, u64)],
    file: &'f str,
    f: impl Fn(&Record<'_>, &mut Problems<'_>) -> Option<T> + Sync,
) -> Parsed<'f, T> {
    let mut bounds = Vec::with_capacity(cuts.len() + 1);
    let mut from = (0usize, table.body_line);
    for &cut in cuts {
        bounds.push((from, cut.0));
        from = cut;
    }
    bounds.push((from, table.body.len()));
    let parse_chunk = |((start, first_line), end): ((usize, u64), usize)| {
        let mut p = Problems::new(file);
        let mut rows = Vec::new();
        let mut n_rows = 0;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(&table.body[start..end]);
        let mut rec = csv::ByteRecord::new();
        // The csv crate does not count line ends inside quoted fields, so
        // lines are counted here from each record's byte offset.
        let text = &table.body[start..end];
        let (mut seen_byte, mut seen_line) = (0usize, first_line);
        let mut line_at = |byte: usize| {
            let mut byte = byte.min(text.len()).max(seen_byte);
            // A record's offset may point at the end of the previous line
            // (the `\n` of `\r\n`); no record starts with a line end.
            while byte < text.len() && matches!(text[byte], b'\r' | b'\n') {
                byte += 1;
            }
            seen_line += text[seen_byte..byte]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            seen_byte = byte;
            seen_line
        };
        while !p.full() {
            match reader.read_byte_record(&mut rec) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let line = e.position().map(|q| line_at(q.byte() as usize));
                    p.push(line, None, format!("cannot parse CSV: {e}"));
                    break;
                }
            }
            n_rows += 1;
            let line = line_at(rec.position().map_or(0, |q| q.byte() as usize));
            if rec.len() != table.n_fields() {
                p.push(
                    Some(line),
                    None,
                    format!(
                        "row has {} fields but the header has {}",
                        rec.len(),
                        table.n_fields()
                    ),
                );
                continue;
            }
            if !table.utf8_ok {
                // Report invalid UTF-8 in any column, even ignored ones.
                let mut bad = false;
                for (i, field) in rec.iter().enumerate() {
                    if let Err(e) = std::str::from_utf8(field) {
                        p.push(Some(line), Some(&table.names[i]), not_utf8(&e));
                        bad = true;
                    }
                }
                if bad {
                    continue;
                }
            }
            if let Some(v) = f(&Record { rec: &rec, line }, &mut p) {
                rows.push((line, v));
            }
        }
        (rows, p.list, p.truncated, n_rows)
    };
    let chunks: Vec<_> = if bounds.len() == 1 {
        bounds.into_iter().map(parse_chunk).collect()
    } else {
        bounds.into_par_iter().map(parse_chunk).collect()
    };
    let mut out = Parsed {
        rows: Vec::with_capacity(chunks.len()),
        problems: Problems::new(file),
        n_rows: 0,
    };
    for (rows, list, truncated, n) in chunks {
        if out.problems.full() {
            break;
        }
        out.rows.push(rows);
        out.problems.merge(list, truncated);
        out.n_rows += n;
    }
    out
}

/// Reads and parses one table: the shared start of every reader. Returns the
/// parsed rows, or the problems of a file that has no usable header.
/// `make` builds the row parser once the header's columns are known.
fn read_table<'f, T: Send, F>(
    bytes: &[u8],
    file: &'f str,
    required: &[&str],
    aliases: &[(&str, &str)],
    what: &str,
    make: impl FnOnce(&Table<'_>) -> F,
) -> std::result::Result<Parsed<'f, T>, Problems<'f>>
where
    F: Fn(&Record<'_>, &mut Problems<'_>) -> Option<T> + Sync,
{
    let mut p = Problems::new(file);
    let stripped = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let cuts = match scan_quotes(stripped, 1, CHUNK_BYTES) {
        Ok(cuts) => cuts,
        Err(line) => {
            p.push(
                Some(line),
                None,
                "a quoted field opened here is never closed (unterminated quote)",
            );
            return Err(p);
        }
    };
    let Some(table) = open_table(stripped, &mut p, required, aliases) else {
        return Err(p);
    };
    let body_at = stripped.len() - table.body.len();
    let cuts: Vec<(usize, u64)> = cuts
        .into_iter()
        .filter(|&(at, _)| at > body_at)
        .map(|(at, line)| (at - body_at, line))
        .collect();
    let mut parsed = parse_rows(&table, &cuts, file, make(&table));
    if parsed.n_rows == 0 && parsed.problems.list.is_empty() {
        parsed.problems.push(
            Some(table.header_line),
            None,
            format!("the header is the only row; expected at least one {what} after it"),
        );
    }
    Ok(parsed)
}

/// Keeps ids unique within (and across) files, remembering where each was
/// first seen. The value of each id is its position in input order.
struct IdRegistry {
    index: HashMap<String, u32>,
    /// (file number, line) of each id, by position.
    origin: Vec<(u32, u64)>,
    files: Vec<String>,
}

impl IdRegistry {
    fn new() -> Self {
        IdRegistry {
            index: HashMap::new(),
            origin: Vec::new(),
            files: Vec::new(),
        }
    }

    /// Starts a new file; later ids are recorded as coming from it.
    fn start_file(&mut self, file: &str, expected_rows: usize) {
        self.files.push(file.to_owned());
        self.index.reserve(expected_rows);
        self.origin.reserve(expected_rows);
    }

    /// Adds an id found at `line` of the current file; reports a duplicate.
    fn add(&mut self, id: &str, line: u64, p: &mut Problems<'_>) -> bool {
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

    fn into_index(self) -> HashMap<String, u32> {
        self.index
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

/// Registers the ids of parsed rows in file order, dropping duplicates, and
/// returns the rows (or every problem of the file).
fn register<T>(
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

fn read_demand_rows(path: &Path, ids: &mut IdRegistry) -> Result<Vec<DemandPoint>> {
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

fn read_site_rows(path: &Path, ids: &mut IdRegistry) -> Result<Vec<Site>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_unterminated_quotes() {
        let open = |b: &[u8]| scan_quotes(b, 1, usize::MAX).err();
        assert_eq!(open(b"a,b\n\"x,y\n1,2\n"), Some(2));
        assert_eq!(open(b"a,b\n\"x\"\"y\",1\n"), None);
        assert_eq!(open(b"a,b\nx\"y,1\n"), None);
        assert_eq!(open(b"a,b\r\n\"multi\r\nline\",1\r\n"), None);
    }

    #[test]
    fn cuts_only_outside_quotes() {
        let text = b"h\n1,\"a\nb\"\n2,c\n3,d";
        let cuts = scan_quotes(text, 1, 1).unwrap();
        // After "h\n" (line 2), after the quoted record (line 4), after "2,c\n" (line 5).
        assert_eq!(cuts, vec![(2, 2), (10, 4), (14, 5)]);
    }

    #[test]
    fn quote_free_cuts_match_the_general_scan() {
        let text = b"h,x\n1,a\n22,bb\n\n333,ccc\r\n4,d";
        // With a quote somewhere the general scan runs; add one at the end
        // (an escaped quote in the last field) without changing the cuts.
        let mut quoted = text.to_vec();
        quoted.extend_from_slice(b"\n5,\"e\"");
        for chunk in [1, 2, 3, 5, 8, 100] {
            let fast = scan_quotes(text, 1, chunk).unwrap();
            let general = scan_quotes(&quoted, 1, chunk).unwrap();
            let general: Vec<_> = general.into_iter().filter(|c| c.0 < text.len()).collect();
            assert_eq!(fast, general, "chunk {chunk}");
        }
    }

    /// Parsing in many small chunks gives the same rows, lines and problems
    /// as parsing in one.
    #[test]
    fn chunked_parsing_matches_whole() {
        let mut text = String::from("id,lat,lon,weight,note\n");
        for i in 0..200 {
            let note = if i % 7 == 0 {
                "\"two\nlines, quoted\""
            } else {
                "x"
            };
            let w = if i % 13 == 0 {
                "-1".to_string()
            } else {
                i.to_string()
            };
            text.push_str(&format!("p{i},{},{},{w},{note}\r\n", i % 90, i % 180));
        }
        let parse = |chunk: usize| {
            let mut p = Problems::new("f");
            let table = open_table(text.as_bytes(), &mut p, &["id"], &[]).unwrap();
            let cuts = scan_quotes(table.body, table.body_line, chunk).unwrap();
            let c_id = table.col("id");
            let c_w = table.col("weight");
            let parsed = parse_rows(&table, &cuts, "f", |r, p| {
                let w = r.number(c_w, None, p);
                r.non_negative(c_w, w, p);
                Some(r.required_text(c_id, p)?.to_owned())
            });
            (parsed.rows.concat(), parsed.problems.list, parsed.n_rows)
        };
        let whole = parse(usize::MAX);
        assert_eq!(whole.2, 200);
        assert_eq!(whole.0[0], (2, "p0".to_string()));
        // p0 and p7 hold a line end inside quotes.
        assert_eq!(whole.0[1], (4, "p1".to_string()));
        assert_eq!(whole.0[8], (12, "p8".to_string()));
        assert_eq!(whole.1[0].line, Some(2));
        for chunk in [1, 7, 64, 500] {
            assert_eq!(parse(chunk), whole, "chunk {chunk}");
        }
    }

    /// A file of several parallel chunks: rows, line numbers, duplicates
    /// across chunks and the problem cap all come out in file order.
    #[test]
    fn large_file_reads_in_chunks_with_file_order() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("big.csv");
        let n = 60_000; // about 3 MB: three or four chunks
        let mut text = String::from("id,name,lat,lon,weight\n");
        let mut line = 2u64;
        for i in 0..n {
            let name = if i % 1000 == 0 {
                "\"two\nlines, quoted\"".to_string()
            } else {
                format!("Town {i} with a long name")
            };
            text.push_str(&format!("p{i},{name},30.5,120.5,{i}\n"));
            line += if i % 1000 == 0 { 2 } else { 1 };
        }
        assert!(text.len() > 2 * CHUNK_BYTES);
        std::fs::write(&f, &text).unwrap();
        let d = read_demand(&f).unwrap();
        assert_eq!(d.len(), n);
        assert!(d.iter().enumerate().all(|(i, p)| p.id == format!("p{i}")));
        assert_eq!(d[1000].name.as_deref(), Some("two\nlines, quoted"));

        // Problems in the first and last chunks, and a duplicate of an id
        // from the first chunk near the end.
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let mut bad: String = lines.concat();
        let last_line = line - 1;
        bad.push_str("p5,dup,1,1,1\n");
        bad = bad.replacen(
            "p7,Town 7 with a long name,30.5,120.5,7",
            "p7,Town 7,95,120.5,7",
            1,
        );
        bad = bad.replacen(
            &format!(
                "p{},Town {} with a long name,30.5,120.5,{}",
                n - 2,
                n - 2,
                n - 2
            ),
            &format!("p{},Town,30.5,120.5,-1", n - 2),
            1,
        );
        std::fs::write(&f, &bad).unwrap();
        let err = read_demand(&f).unwrap_err();
        let Error::Input(p) = err else { panic!() };
        let got: Vec<(Option<u64>, Option<&str>)> = p
            .problems
            .iter()
            .map(|q| (q.line, q.column.as_deref()))
            .collect();
        // p7 sits on line 10 (p0's name spans lines 2-3; p1 is on line 4).
        assert_eq!(
            got,
            vec![
                (Some(10), Some("lat")),
                (Some(last_line - 1), Some("weight")),
                (Some(last_line + 1), Some("id")),
            ]
        );
        assert!(
            p.problems[2].message.contains("first on line 8"),
            "{}",
            p.problems[2]
        );
        assert!(!p.truncated);

        // 30 problems spread over every chunk: the first 20, in order.
        let mut many = String::from("id,lat,lon,weight\n");
        for i in 0..n {
            let w = if i % 2000 == 0 { "-1" } else { "1" };
            many.push_str(&format!("p{i},30.5,120.5,{w},padding padding padding\n"));
        }
        let many = many.replace("id,lat,lon,weight\n", "id,lat,lon,weight,note\n");
        std::fs::write(&f, &many).unwrap();
        let Error::Input(p) = read_demand(&f).unwrap_err() else {
            panic!()
        };
        assert!(p.truncated);
        let lines: Vec<u64> = p.problems.iter().map(|q| q.line.unwrap()).collect();
        let want: Vec<u64> = (0..20).map(|k| 2 + 2000 * k).collect();
        assert_eq!(lines, want);
    }
}
