//! DataFrame columns (numpy arrays and lists of text) to a [`Problem`] and
//! an [`OdMatrix`], checked row by row so that a `ValueError` names the row
//! (its position in the frame, from 0) and the column.

use std::collections::HashMap;

use numpy::PyReadonlyArray1;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use siteplan::{DemandPoint, OdMatrix, Problem, Site, SiteStatus};

/// Most problems listed in one error.
const MAX_LISTED: usize = 20;

/// Problems found in a frame, each naming the row and the column.
pub struct Problems {
    lines: Vec<String>,
    more: usize,
}

impl Problems {
    fn new() -> Self {
        Problems {
            lines: Vec::new(),
            more: 0,
        }
    }

    fn push(&mut self, frame: &str, row: usize, id: Option<&str>, column: &str, msg: String) {
        if self.lines.len() >= MAX_LISTED {
            self.more += 1;
            return;
        }
        let id = id.map(|i| format!(" (id {i:?})")).unwrap_or_default();
        self.lines
            .push(format!("{frame} row {row}{id}, column {column:?}: {msg}"));
    }

    fn into_result(self) -> PyResult<()> {
        if self.lines.is_empty() {
            return Ok(());
        }
        let mut text = self.lines.join("\n");
        if self.more > 0 {
            text.push_str(&format!("\n… and {} more", self.more));
        }
        Err(PyValueError::new_err(text))
    }
}

/// One column as `f64`s (a numpy array, read in place).
fn numbers<'py>(cols: &Bound<'py, PyDict>, name: &str) -> PyResult<Option<Vec<f64>>> {
    match cols.get_item(name)? {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => {
            let a: PyReadonlyArray1<'py, f64> = v
                .extract()
                .map_err(|_| PyValueError::new_err(format!("column {name:?}: expected numbers")))?;
            Ok(Some(a.as_slice()?.to_vec()))
        }
    }
}

/// One column of text (`None` for missing values).
fn texts(cols: &Bound<'_, PyDict>, name: &str) -> PyResult<Option<Vec<Option<String>>>> {
    match cols.get_item(name)? {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => Ok(Some(v.extract().map_err(|_| {
            PyValueError::new_err(format!("column {name:?}: expected text"))
        })?)),
    }
}

fn required<T>(v: Option<T>, frame: &str, name: &str) -> PyResult<T> {
    v.ok_or_else(|| PyValueError::new_err(format!("{frame}: missing column {name:?}")))
}

fn check_len(frame: &str, name: &str, got: usize, rows: usize) -> PyResult<()> {
    if got != rows {
        return Err(PyValueError::new_err(format!(
            "{frame}: column {name:?} has {got} values for {rows} rows"
        )));
    }
    Ok(())
}

/// The ids of a frame, each non-empty and unique.
fn ids(frame: &str, ids: &[Option<String>], p: &mut Problems) -> Vec<String> {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(ids.len());
    for (row, id) in ids.iter().enumerate() {
        match id.as_deref().map(str::trim) {
            None | Some("") => p.push(frame, row, None, "id", "empty id".into()),
            Some(s) => {
                if let Some(first) = seen.insert(s, row) {
                    p.push(
                        frame,
                        row,
                        Some(s),
                        "id",
                        format!("duplicate id (first on row {first})"),
                    );
                }
            }
        }
    }
    ids.iter()
        .map(|i| i.as_deref().unwrap_or("").trim().to_owned())
        .collect()
}

fn check_coords(frame: &str, row: usize, id: &str, lat: f64, lon: f64, p: &mut Problems) {
    if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
        p.push(
            frame,
            row,
            Some(id),
            "lat",
            format!("{lat} is outside -90..90"),
        );
    }
    if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) {
        p.push(
            frame,
            row,
            Some(id),
            "lon",
            format!("{lon} is outside -180..180"),
        );
    }
}

/// `v` must be finite and ≥ 0 (NaN allowed where `optional`).
fn check_non_negative(frame: &str, row: usize, id: &str, col: &str, v: f64, p: &mut Problems) {
    if !v.is_finite() {
        p.push(
            frame,
            row,
            Some(id),
            col,
            format!("{v} is not a finite number"),
        );
    } else if v < 0.0 {
        p.push(frame, row, Some(id), col, format!("{v} is negative"));
    }
}

fn text_at(col: &Option<Vec<Option<String>>>, row: usize) -> Option<String> {
    col.as_ref()
        .and_then(|c| c[row].as_deref())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn demand_points(cols: &Bound<'_, PyDict>, p: &mut Problems) -> PyResult<Vec<DemandPoint>> {
    const F: &str = "demand";
    let id = required(texts(cols, "id")?, F, "id")?;
    let n = id.len();
    let lat = required(numbers(cols, "lat")?, F, "lat")?;
    let lon = required(numbers(cols, "lon")?, F, "lon")?;
    let weight = required(numbers(cols, "weight")?, F, "weight")?;
    let outside = numbers(cols, "outside")?;
    let (name, country, region) = (
        texts(cols, "name")?,
        texts(cols, "country")?,
        texts(cols, "region")?,
    );
    for (c, len) in [
        ("lat", lat.len()),
        ("lon", lon.len()),
        ("weight", weight.len()),
    ] {
        check_len(F, c, len, n)?;
    }
    if n == 0 {
        return Err(PyValueError::new_err("demand: no rows"));
    }
    let id = ids(F, &id, p);
    let mut out = Vec::with_capacity(n);
    for row in 0..n {
        let i = id[row].as_str();
        check_coords(F, row, i, lat[row], lon[row], p);
        check_non_negative(F, row, i, "weight", weight[row], p);
        let mut d = DemandPoint::new(i, lat[row], lon[row], weight[row]);
        if let Some(o) = outside.as_ref().map(|o| o[row]).filter(|o| !o.is_nan()) {
            check_non_negative(F, row, i, "outside", o, p);
            d.outside = Some(o);
        }
        d.name = text_at(&name, row);
        d.country = text_at(&country, row);
        d.region = text_at(&region, row);
        out.push(d);
    }
    Ok(out)
}

fn sites(cols: &Bound<'_, PyDict>, p: &mut Problems) -> PyResult<Vec<Site>> {
    const F: &str = "sites";
    let id = required(texts(cols, "id")?, F, "id")?;
    let n = id.len();
    let lat = required(numbers(cols, "lat")?, F, "lat")?;
    let lon = required(numbers(cols, "lon")?, F, "lon")?;
    check_len(F, "lat", lat.len(), n)?;
    check_len(F, "lon", lon.len(), n)?;
    let status = texts(cols, "status")?;
    let fixed = numbers(cols, "fixed_cost")?;
    let capacity = numbers(cols, "capacity")?;
    let attract = numbers(cols, "attractiveness")?;
    let (name, country, region, city) = (
        texts(cols, "name")?,
        texts(cols, "country")?,
        texts(cols, "region")?,
        texts(cols, "city")?,
    );
    if n == 0 {
        return Err(PyValueError::new_err("sites: no rows"));
    }
    let id = ids(F, &id, p);
    let mut out = Vec::with_capacity(n);
    for row in 0..n {
        let i = id[row].as_str();
        check_coords(F, row, i, lat[row], lon[row], p);
        let mut s = Site::new(i, lat[row], lon[row]);
        if let Some(t) = text_at(&status, row) {
            match t.parse::<SiteStatus>() {
                Ok(st) => s.status = st,
                Err(m) => p.push(F, row, Some(i), "status", m),
            }
        }
        if let Some(v) = fixed.as_ref().map(|c| c[row]).filter(|v| !v.is_nan()) {
            check_non_negative(F, row, i, "fixed_cost", v, p);
            s.fixed_cost = v;
        }
        if let Some(v) = capacity.as_ref().map(|c| c[row]).filter(|v| !v.is_nan()) {
            check_non_negative(F, row, i, "capacity", v, p);
            s.capacity = Some(v);
        }
        if let Some(v) = attract.as_ref().map(|c| c[row]).filter(|v| !v.is_nan()) {
            if !(v.is_finite() && v > 0.0) {
                let m = format!("{v} is not a positive number");
                p.push(F, row, Some(i), "attractiveness", m);
            }
            s.attractiveness = v;
        }
        s.name = text_at(&name, row);
        s.country = text_at(&country, row);
        s.region = text_at(&region, row);
        s.city = text_at(&city, row);
        out.push(s);
    }
    Ok(out)
}

/// The problem of a demand frame and a sites frame, given as dicts of
/// columns; a `ValueError` lists every bad cell (up to 20).
pub fn problem(demand: &Bound<'_, PyDict>, sites_cols: &Bound<'_, PyDict>) -> PyResult<Problem> {
    let mut p = Problems::new();
    let d = demand_points(demand, &mut p)?;
    let s = sites(sites_cols, &mut p)?;
    p.into_result()?;
    Problem::builder()
        .demands(d)
        .sites(s)
        .build()
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The OD table of a costs frame (`demand_id`, `site_id`, `cost`).
pub fn od_matrix(problem: &Problem, cols: &Bound<'_, PyDict>) -> PyResult<OdMatrix> {
    const F: &str = "costs";
    let d = required(texts(cols, "demand_id")?, F, "demand_id")?;
    let s = required(texts(cols, "site_id")?, F, "site_id")?;
    let cost = required(numbers(cols, "cost")?, F, "cost")?;
    check_len(F, "site_id", s.len(), d.len())?;
    check_len(F, "cost", cost.len(), d.len())?;
    let mut p = Problems::new();
    let mut pairs = Vec::with_capacity(d.len());
    for row in 0..d.len() {
        let di = d[row].as_deref().map(str::trim).unwrap_or("");
        let si = s[row].as_deref().map(str::trim).unwrap_or("");
        let a = problem.demand_index(di);
        let b = problem.site_index(si);
        if a.is_none() {
            let m = format!("{di:?} is not the id of any demand point");
            p.push(F, row, None, "demand_id", m);
        }
        if b.is_none() {
            p.push(
                F,
                row,
                None,
                "site_id",
                format!("{si:?} is not the id of any site"),
            );
        }
        check_non_negative(F, row, di, "cost", cost[row], &mut p);
        if let (Some(a), Some(b)) = (a, b) {
            pairs.push((a as u32, b as u32, cost[row]));
        }
    }
    p.into_result()?;
    OdMatrix::from_pairs(problem, pairs).map_err(|e| PyValueError::new_err(e.to_string()))
}
