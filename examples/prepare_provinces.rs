//! Extracts the province borders of China from Natural Earth's 1:50m
//! admin-1 layer (`ne_50m_admin_1_states_provinces.geojson`) into the small
//! file shipped as `data/borders/provinces_cn.geojson`.
//!
//! ```sh
//! cargo run --release --example prepare_provinces -- \
//!   --from ne_50m_admin_1_states_provinces.geojson \
//!   --out data/borders/provinces_cn.geojson
//! ```
//!
//! Kept: the features whose `iso_a2` is `CN` (the 31 provinces,
//! autonomous regions and municipalities of the mainland; Natural Earth
//! maps Hong Kong, Macao and Taiwan as countries of their own, at admin-0).
//! Each keeps `iso_3166_2`, `name` and `name_zh`; features are sorted by
//! `iso_3166_2`. Coordinates are rounded to 3 decimals (about 100 m, far
//! below what a country map shows), repeated points are dropped, and rings
//! left with fewer than 4 points are dropped. Rounding is per point, so a
//! border shared by two provinces stays the same line in both. The output
//! is deterministic: one feature a line, `\n` line ends.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Decimals kept in each coordinate.
const DECIMALS: i32 = 3;

/// Mainland provinces in Natural Earth's 1:50m admin-1 layer.
pub const PROVINCES: usize = 31;

/// A coordinate rounded to [`DECIMALS`], printed in its shortest form.
fn coord(x: f64) -> String {
    let f = 10f64.powi(DECIMALS);
    let r = (x * f).round() / f;
    let s = format!("{r}");
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

/// One ring, rounded, without repeated points; `None` when fewer than 4
/// points (a closed triangle) are left.
fn ring(r: &Value) -> Option<String> {
    let mut pts: Vec<(String, String)> = Vec::new();
    for p in r.as_array()? {
        let q = (coord(p.get(0)?.as_f64()?), coord(p.get(1)?.as_f64()?));
        if pts.last() != Some(&q) {
            pts.push(q);
        }
    }
    if pts.len() < 4 || pts.first() != pts.last() {
        return None;
    }
    let body: Vec<String> = pts.iter().map(|(x, y)| format!("[{x},{y}]")).collect();
    Some(format!("[{}]", body.join(",")))
}

/// One polygon (exterior ring first); `None` when its exterior is gone.
fn polygon(p: &Value) -> Option<String> {
    let rings = p.as_array()?;
    let outer = ring(rings.first()?)?;
    let mut all = vec![outer];
    all.extend(rings[1..].iter().filter_map(ring));
    Some(format!("[{}]", all.join(",")))
}

/// The output GeoJSON text of the Natural Earth admin-1 `source`, and the
/// number of features kept.
pub fn extract(source: &Value) -> Result<(String, usize), String> {
    let features = source["features"]
        .as_array()
        .ok_or("the source is not a GeoJSON FeatureCollection")?;
    let mut kept: Vec<(String, String)> = Vec::new();
    for f in features {
        let p = &f["properties"];
        if p["iso_a2"].as_str() != Some("CN") {
            continue;
        }
        let code = p["iso_3166_2"]
            .as_str()
            .ok_or("a CN feature has no iso_3166_2")?;
        let g = &f["geometry"];
        let polys: Vec<String> = match g["type"].as_str() {
            Some("Polygon") => polygon(&g["coordinates"]).into_iter().collect(),
            Some("MultiPolygon") => g["coordinates"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(polygon)
                .collect(),
            _ => return Err(format!("{code}: not a (Multi)Polygon")),
        };
        if polys.is_empty() {
            return Err(format!("{code}: no polygon left"));
        }
        let props = serde_json::json!({
            "iso_3166_2": code,
            "name": p["name"].as_str().unwrap_or_default(),
            "name_zh": p["name_zh"].as_str().unwrap_or_default(),
        });
        let geometry = if polys.len() == 1 {
            format!("{{\"type\":\"Polygon\",\"coordinates\":{}}}", polys[0])
        } else {
            format!(
                "{{\"type\":\"MultiPolygon\",\"coordinates\":[{}]}}",
                polys.join(",")
            )
        };
        kept.push((
            code.to_string(),
            format!("{{\"type\":\"Feature\",\"properties\":{props},\"geometry\":{geometry}}}"),
        ));
    }
    kept.sort();
    let mut out =
        String::from("{\"type\":\"FeatureCollection\",\"name\":\"provinces_cn\",\"features\":[\n");
    for (i, (_, f)) in kept.iter().enumerate() {
        let sep = if i + 1 < kept.len() { "," } else { "" };
        let _ = writeln!(out, "{f}{sep}");
    }
    out.push_str("]}\n");
    Ok((out, kept.len()))
}

/// Reads `from`, writes `out`; fails unless exactly [`PROVINCES`] are kept.
pub fn run(from: &Path, out: &Path) -> Result<usize, String> {
    let text = std::fs::read(from).map_err(|e| format!("{}: {e}", from.display()))?;
    let v: Value = serde_json::from_slice(&text).map_err(|e| format!("{}: {e}", from.display()))?;
    let (gj, n) = extract(&v)?;
    if n != PROVINCES {
        return Err(format!("{n} CN features, expected {PROVINCES}"));
    }
    std::fs::write(out, gj).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(n)
}

#[allow(dead_code)]
fn main() {
    let mut args = std::env::args().skip(1);
    let (mut from, mut out) = (None, PathBuf::from("data/borders/provinces_cn.geojson"));
    while let Some(a) = args.next() {
        match a.as_str() {
            "--from" => from = args.next().map(PathBuf::from),
            "--out" => out = args.next().map(PathBuf::from).unwrap_or(out),
            _ => {
                eprintln!("usage: prepare_provinces --from NE_ADMIN1.geojson [--out FILE]");
                std::process::exit(2);
            }
        }
    }
    let Some(from) = from else {
        eprintln!("usage: prepare_provinces --from NE_ADMIN1.geojson [--out FILE]");
        std::process::exit(2);
    };
    match run(&from, &out) {
        Ok(n) => eprintln!("wrote {} ({n} provinces)", out.display()),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
