//! A small header-addressed CSV reader for the market tables, reporting
//! problems as `file:line: column "name": message`.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, InputProblem, InputProblems, Result, MAX_REPORTED_PROBLEMS};

/// A parsed table: lower-case header names and the data records.
pub(crate) struct Table {
    pub file: String,
    columns: HashMap<String, usize>,
    pub rows: Vec<(u64, Vec<String>)>,
    problems: Vec<InputProblem>,
}

impl Table {
    /// Reads a whole CSV file and checks that `required` columns exist.
    pub fn read(path: &Path, required: &[&str]) -> Result<Table> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(bytes.as_slice());
        let header = rdr
            .headers()
            .map_err(|e| Error::input(InputProblem::new(&file, Some(1), None, e.to_string())))?
            .clone();
        let columns: HashMap<String, usize> = header
            .iter()
            .enumerate()
            .map(|(i, h)| {
                (
                    h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase(),
                    i,
                )
            })
            .collect();
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|c| !columns.contains_key(*c))
            .collect();
        if !missing.is_empty() {
            return Err(Error::input(InputProblem::new(
                &file,
                Some(1),
                None,
                format!(
                    "required column(s) missing: {} (header has: {})",
                    missing.join(","),
                    header.iter().collect::<Vec<_>>().join(",")
                ),
            )));
        }
        let mut rows = Vec::new();
        for (n, rec) in rdr.records().enumerate() {
            let line = n as u64 + 2;
            let rec = rec.map_err(|e| {
                Error::input(InputProblem::new(&file, Some(line), None, e.to_string()))
            })?;
            rows.push((line, rec.iter().map(|s| s.trim().to_owned()).collect()));
        }
        if rows.is_empty() {
            return Err(Error::input(InputProblem::new(
                &file,
                None,
                None,
                "has a header but no data rows",
            )));
        }
        Ok(Table {
            file,
            columns,
            rows,
            problems: Vec::new(),
        })
    }

    /// The text of column `col` in a row ("" when the column is absent).
    pub fn text<'a>(&self, row: &'a [String], col: &str) -> &'a str {
        self.columns
            .get(col)
            .and_then(|&i| row.get(i))
            .map(String::as_str)
            .unwrap_or("")
    }

    /// An optional finite number (empty → `None`); bad values are reported.
    pub fn number(&mut self, line: u64, row: &[String], col: &str) -> Option<f64> {
        let s = self.text(row, col);
        if s.is_empty() {
            return None;
        }
        match s.parse::<f64>() {
            Ok(v) if v.is_finite() => Some(v),
            _ => {
                self.problem(line, col, format!("{s:?} is not a finite number"));
                None
            }
        }
    }

    /// Records a problem.
    pub fn problem(&mut self, line: u64, col: &str, msg: String) {
        self.problems
            .push(InputProblem::new(&self.file, Some(line), Some(col), msg));
    }

    /// `Ok` when no problem was recorded.
    pub fn finish(self) -> Result<()> {
        if self.problems.is_empty() {
            return Ok(());
        }
        let truncated = self.problems.len() > MAX_REPORTED_PROBLEMS;
        let mut problems = self.problems;
        problems.truncate(MAX_REPORTED_PROBLEMS);
        Err(Error::Input(InputProblems {
            problems,
            truncated,
        }))
    }
}
