//! The sweep's tables, assembled from the result files: summary.csv,
//! robustness.csv, robustness.geojson and (through the report module)
//! report.html.

use std::path::Path;

use serde::Serialize;

use super::results::{read_results, robustness, Robustness};
use crate::error::Result;
use crate::io::write_atomic;

/// Writes summary.csv, robustness.csv, robustness.geojson and report.html
/// from the results in `dir`.
///
/// # Examples
///
/// A sharded run leaves the tables out; assembling writes them once every
/// result is there:
///
/// ```
/// use siteplan::prelude::*;
/// use siteplan::scenario::{assemble, Shard};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let specs = expand(&toml::from_str("[grid]\nnew_sites = [1, 2]")?)?;
/// let site = CandidateInfo { id: "s1".into(), name: "Harbour".into(), lat: 31.2, lon: 121.5 };
/// let manifest = Manifest::new(&specs, vec![site]);
/// let dir = tempfile::tempdir()?;
/// let opts = SweepOptions { shard: Some(Shard { k: 0, n: 1 }), ..Default::default() };
/// run_sweep(dir.path(), &specs, &manifest, &opts, |_| ScenarioOutcome {
///     status: "optimal".into(),
///     new_sites: vec!["s1".into()],
///     ..Default::default()
/// })?;
/// assert!(!dir.path().join("summary.csv").exists());
/// assemble(dir.path(), false)?;
/// for f in ["summary.csv", "robustness.csv", "robustness.geojson", "report.html"] {
///     assert!(dir.path().join(f).exists(), "{f}");
/// }
/// let robust = std::fs::read_to_string(dir.path().join("robustness.csv"))?;
/// assert_eq!(robust.lines().nth(1), Some("s1,Harbour,31.2,121.5,2,1"));
/// # Ok(()) }
/// ```
pub fn assemble(dir: &Path, timings: bool) -> Result<()> {
    let (manifest, results) = read_results(dir)?;
    // Varied keys in order of first appearance.
    let mut keys: Vec<&str> = Vec::new();
    for e in &manifest.scenarios {
        for (k, _) in &e.params {
            if !keys.contains(&k.as_str()) {
                keys.push(k);
            }
        }
    }
    let summary = dir.join("summary.csv");
    write_atomic(&summary, |w| {
        let mut c = csv::Writer::from_writer(w);
        let mut header = vec!["index", "name"];
        header.extend(keys.iter().copied());
        header.extend([
            "status",
            "objective",
            "bound",
            "gap",
            "new_site_count",
            "coverage_pct",
            "profit",
            "seconds",
            "reason",
        ]);
        c.write_record(&header)?;
        for r in &results {
            let o = &r.outcome;
            let mut row = vec![r.index.to_string(), r.name.clone()];
            for k in &keys {
                let v = r.params.iter().find(|(pk, _)| pk == k).map(|p| p.1.clone());
                row.push(v.unwrap_or_default());
            }
            row.push(o.status.clone());
            row.push(opt_num(o.objective));
            row.push(opt_num(o.bound));
            row.push(opt_num(o.gap));
            row.push(o.new_sites.len().to_string());
            row.push(opt_num(o.coverage_pct));
            row.push(opt_num(o.profit));
            row.push(if timings {
                opt_num(o.seconds)
            } else {
                String::new()
            });
            row.push(o.reason.clone().unwrap_or_default());
            c.write_record(&row)?;
        }
        c.flush()
    })?;
    let robust = robustness(&manifest, &results);
    write_atomic(&dir.join("robustness.csv"), |w| {
        let mut c = csv::Writer::from_writer(w);
        c.write_record(["site_id", "name", "lat", "lon", "chosen", "share"])?;
        for r in &robust {
            c.write_record([
                r.site.id.clone(),
                r.site.name.clone(),
                num(r.site.lat),
                num(r.site.lon),
                r.chosen.to_string(),
                num(r.share),
            ])?;
        }
        c.flush()
    })?;
    write_atomic(&dir.join("robustness.geojson"), |w| {
        serde_json::to_writer(&mut *w, &RobustnessCollection(&robust, results.len()))?;
        w.write_all(b"\n")
    })?;
    super::report::write_report(dir, &manifest, &results, &robust, &keys, timings)
}

/// A number for tables: shortest round-trip form, rounded to 9 significant
/// decimals so that tiny float noise never shows.
fn num(v: f64) -> String {
    let r = (v * 1e9).round() / 1e9;
    if r == 0.0 {
        "0".into()
    } else {
        format!("{r}")
    }
}

fn opt_num(v: Option<f64>) -> String {
    v.map(num).unwrap_or_default()
}

/// RFC 7946 FeatureCollection of candidate points with their robustness.
struct RobustnessCollection<'a>(&'a [Robustness], usize);

impl Serialize for RobustnessCollection<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        #[derive(Serialize)]
        struct Geometry {
            #[serde(rename = "type")]
            kind: &'static str,
            coordinates: [f64; 2],
        }
        #[derive(Serialize)]
        struct Props<'a> {
            id: &'a str,
            name: &'a str,
            chosen: usize,
            share: f64,
            scenarios: usize,
        }
        #[derive(Serialize)]
        struct Feature<'a> {
            #[serde(rename = "type")]
            kind: &'static str,
            geometry: Geometry,
            properties: Props<'a>,
        }
        let round6 = |v: f64| (v * 1e6).round() / 1e6;
        let features: Vec<Feature> = self
            .0
            .iter()
            .map(|r| Feature {
                kind: "Feature",
                geometry: Geometry {
                    kind: "Point",
                    coordinates: [round6(r.site.lon), round6(r.site.lat)],
                },
                properties: Props {
                    id: &r.site.id,
                    name: &r.site.name,
                    chosen: r.chosen,
                    share: (r.share * 1e6).round() / 1e6,
                    scenarios: self.1,
                },
            })
            .collect();
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("type", "FeatureCollection")?;
        m.serialize_entry("features", &features)?;
        m.end()
    }
}
