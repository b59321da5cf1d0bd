//! The CSV table reader: quotes, headers, columns and records with located problems, parsed in parallel chunks.

use crate::error::{Error, InputProblem, InputProblems, Result, MAX_REPORTED_PROBLEMS};
use rayon::prelude::*;
use std::path::Path;

/// Bytes of body parsed by one parallel task (cut at the next line end).
pub(super) const CHUNK_BYTES: usize = 1 << 20;

/// Collects the problems of one file (or of one chunk of it).
pub(super) struct Problems<'f> {
    pub(super) file: &'f str,
    pub(super) list: Vec<InputProblem>,
    pub(super) truncated: bool,
}

impl<'f> Problems<'f> {
    pub(super) fn new(file: &'f str) -> Self {
        Problems {
            file,
            list: Vec::new(),
            truncated: false,
        }
    }

    pub(super) fn push(&mut self, line: Option<u64>, column: Option<&str>, msg: impl Into<String>) {
        if self.list.len() >= MAX_REPORTED_PROBLEMS {
            self.truncated = true;
            return;
        }
        self.list
            .push(InputProblem::new(self.file, line, column, msg));
    }

    pub(super) fn full(&self) -> bool {
        self.truncated
    }

    /// Adds the problems of a later part of the file (or out-of-order ones,
    /// such as duplicates found after parsing), keeping file order and the cap.
    pub(super) fn merge(&mut self, other: Vec<InputProblem>, truncated: bool) {
        self.truncated |= truncated;
        self.list.extend(other);
        self.list.sort_by_key(|p| p.line.unwrap_or(0));
        if self.list.len() > MAX_REPORTED_PROBLEMS {
            self.list.truncate(MAX_REPORTED_PROBLEMS);
            self.truncated = true;
        }
    }

    pub(super) fn into_result(self) -> Result<()> {
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
pub(super) fn read_bytes(path: &Path, expected_header: &str) -> Result<Vec<u8>> {
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
pub(super) fn scan_quotes(
    bytes: &[u8],
    start_line: u64,
    chunk: usize,
) -> Result<Vec<(usize, u64)>, u64> {
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
pub(super) struct Col {
    pub(super) name: &'static str,
    pub(super) idx: Option<usize>,
}

/// The header of a CSV file and where its body starts.
pub(super) struct Table<'a> {
    /// Canonical (lowercase, alias-resolved) names, by position.
    pub(super) names: Vec<String>,
    /// The bytes after the header row.
    pub(super) body: &'a [u8],
    /// The line number the body starts on.
    pub(super) body_line: u64,
    /// The line number of the header row.
    pub(super) header_line: u64,
    /// Whether the whole file is valid UTF-8 (most are: then no field needs a
    /// separate encoding check).
    pub(super) utf8_ok: bool,
}

impl Table<'_> {
    pub(super) fn col(&self, name: &'static str) -> Col {
        Col {
            name,
            idx: self.names.iter().position(|n| n == name),
        }
    }

    pub(super) fn n_fields(&self) -> usize {
        self.names.len()
    }
}

/// Opens a table (quotes already checked): reads and checks the header.
pub(super) fn open_table<'a>(
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
pub(super) struct Record<'a> {
    pub(super) rec: &'a csv::ByteRecord,
    pub(super) line: u64,
}

impl Record<'_> {
    pub(super) fn raw(&self, col: Col) -> Option<&[u8]> {
        col.idx.and_then(|i| self.rec.get(i))
    }

    /// The trimmed text of a column (None when absent or not UTF-8, reported).
    pub(super) fn text(&self, col: Col, p: &mut Problems<'_>) -> Option<&str> {
        let raw = self.raw(col)?;
        match std::str::from_utf8(raw) {
            Ok(s) => Some(s.trim()),
            Err(e) => {
                p.push(Some(self.line), Some(col.name), not_utf8(&e));
                None
            }
        }
    }

    pub(super) fn required_text(&self, col: Col, p: &mut Problems<'_>) -> Option<&str> {
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

    pub(super) fn optional_text(&self, col: Col, p: &mut Problems<'_>) -> Option<String> {
        self.text(col, p)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    }

    /// A finite number; `default` when the column is absent or empty
    /// (`None` default makes it required).
    pub(super) fn number(
        &self,
        col: Col,
        default: Option<f64>,
        p: &mut Problems<'_>,
    ) -> Option<f64> {
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

    pub(super) fn non_negative(&self, col: Col, v: Option<f64>, p: &mut Problems<'_>) -> f64 {
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
    pub(super) fn lat_lon(&self, lat_col: Col, lon_col: Col, p: &mut Problems<'_>) -> (f64, f64) {
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
pub(super) fn count_lines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

pub(super) fn not_utf8(e: &std::str::Utf8Error) -> String {
    format!(
        "is not valid UTF-8 (byte {} of the field); save the file as UTF-8",
        e.valid_up_to() + 1
    )
}

/// What parsing a table's body produced: per-row values in file order (with
/// their lines, one list per parsed chunk), the problems found, and how many
/// data rows were seen.
pub(super) struct Parsed<'f, T> {
    pub(super) rows: Vec<Vec<(u64, T)>>,
    pub(super) problems: Problems<'f>,
    pub(super) n_rows: usize,
}

/// Parses every data record of a table with `f`, checking field counts and
/// encoding, in parallel chunks; results come back in file order. Each chunk
/// stops early once it holds [`MAX_REPORTED_PROBLEMS`] problems.
/// `cuts` are (offset into the body, line) places where it may be cut.
pub(super) fn parse_rows<'f, T: Send>(
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
pub(super) fn read_table<'f, T: Send, F>(
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
