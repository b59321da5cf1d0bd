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
/// assert_eq!(robust.lines().nth(1), Some("s1,Harbour,31.2,121.5,2,1,1"));
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
        c.write_record([
            "site_id",
            "name",
            "lat",
            "lon",
            "chosen",
            "share",
            "weighted_share",
        ])?;
        for r in &robust {
            c.write_record([
                r.site.id.clone(),
                r.site.name.clone(),
                num(r.site.lat),
                num(r.site.lon),
                r.chosen.to_string(),
                num(r.share),
                num(r.weighted_share),
            ])?;
        }
        c.flush()
    })?;
    write_atomic(&dir.join("robustness.geojson"), |w| {
        let with_plan = results
            .iter()
            .filter(|r| matches!(r.outcome.status.as_str(), "optimal" | "feasible"))
            .count();
        let collection = RobustnessCollection {
            robust: &robust,
            existing: &manifest.existing,
            scenarios: results.len(),
            with_plan,
        };
        let mut bytes = serde_json::to_vec(&collection)?;
        bytes.push(b'\n');
        crate::pause::write_all("tables", w, &bytes)
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

/// RFC 7946 FeatureCollection of candidate points with their robustness,
/// then the existing sites (open in every plan), with a `bbox`; every
/// feature has the same properties of the same types.
struct RobustnessCollection<'a> {
    robust: &'a [Robustness],
    existing: &'a [super::results::CandidateInfo],
    scenarios: usize,
    with_plan: usize,
}

impl<'a> Serialize for RobustnessCollection<'a> {
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
            status: &'static str,
            chosen: usize,
            share: f64,
            weighted_share: f64,
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
        fn feature<'b>(site: &super::results::CandidateInfo, props: Props<'b>) -> Feature<'b> {
            let round6 = |v: f64| (v * 1e6).round() / 1e6;
            Feature {
                kind: "Feature",
                geometry: Geometry {
                    kind: "Point",
                    coordinates: [round6(site.lon), round6(site.lat)],
                },
                properties: props,
            }
        }
        let mut features: Vec<Feature> = self
            .robust
            .iter()
            .map(|r| {
                feature(
                    &r.site,
                    Props {
                        id: &r.site.id,
                        name: &r.site.name,
                        status: "candidate",
                        chosen: r.chosen,
                        share: round6(r.share),
                        weighted_share: round6(r.weighted_share),
                        scenarios: self.scenarios,
                    },
                )
            })
            .collect();
        let all = if self.with_plan > 0 { 1.0 } else { 0.0 };
        features.extend(self.existing.iter().map(|e| {
            feature(
                e,
                Props {
                    id: &e.id,
                    name: &e.name,
                    status: "existing",
                    chosen: self.with_plan,
                    share: all,
                    weighted_share: all,
                    scenarios: self.scenarios,
                },
            )
        }));
        let mut bbox = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for f in &features {
            let [x, y] = f.geometry.coordinates;
            bbox = [
                bbox[0].min(x),
                bbox[1].min(y),
                bbox[2].max(x),
                bbox[3].max(y),
            ];
        }
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("type", "FeatureCollection")?;
        if features.is_empty() {
            m.serialize_entry("bbox", &[-180.0, -90.0, 180.0, 90.0])?;
        } else {
            m.serialize_entry("bbox", &bbox)?;
        }
        m.serialize_entry("features", &features)?;
        m.end()
    }
}
