//! `plan.geojson`: a plan for map viewers (QGIS, geojson.io, kepler.gl).
//!
//! The file is strict RFC 7946: one `FeatureCollection` in WGS 84, positions
//! `[longitude, latitude]` rounded to 6 decimals (about 0.1 m), no `crs`
//! member, and no top-level member besides `type`, `bbox` (optional) and
//! `features` — but for a market of more than [`DRAWN_DEMAND`] demand
//! points, whose `plan.geojson` holds the heaviest of them only (see
//! [`DrawnDemand`]) and says so in a foreign member, `siteplan`:
//! `{"demand_drawn": 20000, "demand_total": 1002000, "demand_drawn_share":
//! 0.8731, "note": "..."}`. `demand.geojson` and `assignment.csv` keep every
//! point. Features come in a fixed order — every site, every (drawn) demand
//! point, then (optionally) one `LineString` per assignment — one per line,
//! so the file diffs well and is byte-identical for the same plan.
//!
//! It is written feature by feature through serde, never held whole in
//! memory. [`read_plan_geojson`] reads it back into the [`MapData`] the SVG
//! map draws. Property names and meanings are listed in `docs/OUTPUTS.md`.

use std::io::{Read, Write};
use std::path::Path;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

#[cfg(doc)]
use super::view::DRAWN_DEMAND;
use super::view::{DrawnDemand, MapData, MapDemand, MapLine, MapSite, PlanView, SiteRole};
use crate::error::{Error, InputProblem, Result};

/// What `plan.geojson` holds besides sites and demand points.
///
/// ```
/// let o = siteplan::io::GeoJsonOptions::default();
/// assert!(!o.lines && o.bbox);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GeoJsonOptions {
    /// One `LineString` per assignment (demand → site). Default `false`.
    pub lines: bool,
    /// A top-level `bbox` `[west, south, east, north]`. Default `true`.
    pub bbox: bool,
    /// Which features: all (`plan.geojson`), sites only (`sites.geojson`)
    /// or demand points only (`demand.geojson`). Default all.
    pub layer: GeoJsonLayer,
}

/// The features a GeoJSON file holds (see [`GeoJsonOptions::with_layer`]).
///
/// ```
/// assert_eq!(siteplan::io::GeoJsonLayer::default(), siteplan::io::GeoJsonLayer::All);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GeoJsonLayer {
    /// Sites, demand points and (with lines) assignments; of a market of
    /// over [`DRAWN_DEMAND`] demand points, the heaviest only (see
    /// [`DrawnDemand`]) and their assignments.
    #[default]
    All,
    /// Sites only.
    Sites,
    /// Demand points only.
    Demand,
}

impl Default for GeoJsonOptions {
    fn default() -> Self {
        GeoJsonOptions {
            lines: false,
            bbox: true,
            layer: GeoJsonLayer::All,
        }
    }
}

impl GeoJsonOptions {
    /// The same options with assignment lines on or off.
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::prelude::*;
    /// # let problem = Problem::builder()
    /// #     .demand(DemandPoint::new("shanghai", 31.23, 121.47, 25.0))
    /// #     .demand(DemandPoint::new("suzhou", 31.30, 120.59, 5.0))
    /// #     .demand(DemandPoint::new("hangzhou", 30.27, 120.16, 6.0))
    /// #     .site(Site::new("sh-1", 31.22, 121.48).with_status(SiteStatus::Existing))
    /// #     .site(Site::new("sz-1", 31.31, 120.62))
    /// #     .site(Site::new("hz-1", 30.28, 120.15))
    /// #     .build()?;
    /// # let costs = Haversine.cost_matrix(&problem, Reach::all())?;
    /// # let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
    /// # let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
    /// // Shanghai (weight 25), Suzhou (5) and Hangzhou (6): the plan keeps the
    /// // existing sh-1 (Shanghai) open and opens hz-1 (Hangzhou); sz-1 stays closed.
    /// let view = PlanView::new(&problem, &plan)?;
    /// let count = |options: &GeoJsonOptions| -> usize {
    ///     let json: serde_json::Value = serde_json::from_str(&view.geojson_string(options)).unwrap();
    ///     json["features"].as_array().unwrap().len()
    /// };
    /// assert_eq!(count(&GeoJsonOptions::default()), 6); // 3 sites, 3 demand points
    /// assert_eq!(count(&GeoJsonOptions::default().with_lines(true)), 9); // and 3 assignments
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_lines(mut self, lines: bool) -> Self {
        self.lines = lines;
        self
    }

    /// The same options for one layer: sites only or demand points only
    /// (no lines), each file with its own `bbox`.
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::prelude::*;
    /// # let problem = Problem::builder()
    /// #     .demand(DemandPoint::new("shanghai", 31.23, 121.47, 25.0))
    /// #     .demand(DemandPoint::new("suzhou", 31.30, 120.59, 5.0))
    /// #     .site(Site::new("sh-1", 31.22, 121.48).with_status(SiteStatus::Existing))
    /// #     .build()?;
    /// # let costs = Haversine.cost_matrix(&problem, Reach::all())?;
    /// # let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(0);
    /// # let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
    /// use siteplan::io::GeoJsonLayer;
    /// let view = PlanView::new(&problem, &plan)?;
    /// let sites = view.geojson_string(&GeoJsonOptions::default().with_layer(GeoJsonLayer::Sites));
    /// let json: serde_json::Value = serde_json::from_str(&sites)?;
    /// assert_eq!(json["features"].as_array().unwrap().len(), 1);
    /// assert_eq!(json["bbox"], serde_json::json!([121.48, 31.22, 121.48, 31.22]));
    /// // No site has a capacity, a name or a country: those members are left out.
    /// assert!(json["features"][0]["properties"].get("load").is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_layer(mut self, layer: GeoJsonLayer) -> Self {
        self.layer = layer;
        self
    }
}

/// Writes `plan.geojson` atomically (see [`crate::io::write_atomic`]).
///
/// ```
/// # use siteplan::{io::{self, PlanView, GeoJsonOptions}, *};
/// # let problem = Problem::builder().demand(DemandPoint::new("a", 31.2, 121.5, 10.0))
/// #     .site(Site::new("s", 31.2, 121.4)).build()?;
/// # let plan = Plan { model: ModelKind::PMedian, method: "x".into(), status: PlanStatus::Optimal,
/// #     open: vec![0], new: vec![0], assignment: vec![Assignment { demand: 0, site: 0, share: 1.0, cost: 9.5 }],
/// #     objective: 95.0, bound: None, gap: None, stats: SolveStats::default(), timeline: None };
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("plan.geojson");
/// let view = PlanView::new(&problem, &plan)?;
/// io::write_plan_geojson(&path, &view, &GeoJsonOptions::default().with_lines(true))?;
/// let map = io::read_plan_geojson(&path)?;
/// assert_eq!((map.sites.len(), map.demand.len(), map.lines.len()), (1, 1, 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_plan_geojson(
    path: &Path,
    view: &PlanView<'_>,
    options: &GeoJsonOptions,
) -> Result<()> {
    super::write_atomic(path, |w| write_plan_geojson_to(w, view, options))
}

/// Writes `plan.geojson` to any writer, feature by feature.
///
/// # Examples
///
/// ```
/// # use siteplan::prelude::*;
/// # let problem = Problem::builder()
/// #     .demand(DemandPoint::new("shanghai", 31.23, 121.47, 25.0))
/// #     .demand(DemandPoint::new("suzhou", 31.30, 120.59, 5.0))
/// #     .demand(DemandPoint::new("hangzhou", 30.27, 120.16, 6.0))
/// #     .site(Site::new("sh-1", 31.22, 121.48).with_status(SiteStatus::Existing))
/// #     .site(Site::new("sz-1", 31.31, 120.62))
/// #     .site(Site::new("hz-1", 30.28, 120.15))
/// #     .build()?;
/// # let costs = Haversine.cost_matrix(&problem, Reach::all())?;
/// # let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
/// # let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
/// // Shanghai (weight 25), Suzhou (5) and Hangzhou (6): the plan keeps the
/// // existing sh-1 (Shanghai) open and opens hz-1 (Hangzhou); sz-1 stays closed.
/// let mut buf = Vec::new();
/// io::write_plan_geojson_to(&mut buf, &PlanView::new(&problem, &plan)?, &GeoJsonOptions::default())?;
/// let json: serde_json::Value = serde_json::from_slice(&buf)?;
/// let features = json["features"].as_array().unwrap();
/// assert_eq!(features.len(), 6);
/// assert_eq!(features[2]["properties"]["id"], "hz-1");
/// assert_eq!(features[2]["properties"]["status"], "new");
/// assert_eq!(features[2]["geometry"]["coordinates"], serde_json::json!([120.15, 30.28]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_plan_geojson_to(
    mut w: impl Write,
    view: &PlanView<'_>,
    options: &GeoJsonOptions,
) -> std::io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut w, FeaturePerLine::default());
    // The whole plan's file draws the heaviest points of a large market
    // only; the demand layer keeps every point.
    let drawn = (options.layer == GeoJsonLayer::All)
        .then(|| {
            let weights: Vec<f64> = view.problem.demand().iter().map(|d| d.weight).collect();
            DrawnDemand::of(&weights)
        })
        .filter(DrawnDemand::is_limited);
    let mask = drawn.as_ref().map(DrawnDemand::mask);
    Collection {
        view,
        options,
        drawn: drawn.as_ref().zip(mask.as_deref()),
    }
    .serialize(&mut ser)
    .map_err(std::io::Error::other)?;
    w.write_all(b"\n")
}

/// `plan.geojson` as a string (for small plans and tests).
///
/// ```
/// # use siteplan::{io::{self, PlanView, GeoJsonOptions}, *};
/// # let problem = Problem::builder().demand(DemandPoint::new("a", 31.2, 121.5, 10.0))
/// #     .site(Site::new("s", 31.2, 121.4)).build()?;
/// # let plan = Plan { model: ModelKind::PMedian, method: "x".into(), status: PlanStatus::Optimal,
/// #     open: vec![0], new: vec![0], assignment: vec![], objective: 0.0, bound: None, gap: None,
/// #     stats: SolveStats::default(), timeline: None };
/// let s = io::plan_geojson_string(&PlanView::new(&problem, &plan)?, &GeoJsonOptions::default());
/// assert!(s.starts_with(r#"{"type":"FeatureCollection","bbox":[121.4,31.2,121.5,31.2],"features":["#));
/// assert!(s.contains(r#""coordinates":[121.5,31.2]"#)); // [lon, lat]
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn plan_geojson_string(view: &PlanView<'_>, options: &GeoJsonOptions) -> String {
    let mut buf = Vec::new();
    write_plan_geojson_to(&mut buf, view, options).expect("writing to memory cannot fail");
    String::from_utf8(buf).expect("serde_json writes UTF-8")
}

/// Rounds a coordinate to 6 decimals (and turns `-0` into `0`).
fn round6(x: f64) -> f64 {
    let r = (x * 1e6).round() / 1e6;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// Rounds a cost to 3 decimals.
fn round3(x: f64) -> f64 {
    let r = (x * 1e3).round() / 1e3;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

struct Collection<'v, 'a> {
    view: &'v PlanView<'a>,
    options: &'v GeoJsonOptions,
    /// The demand points drawn and, by index, whether each is: `None` when
    /// every point is.
    drawn: Option<(&'v DrawnDemand, &'v [bool])>,
}

impl Collection<'_, '_> {
    /// Whether demand point `d` is in the file.
    fn has(&self, d: usize) -> bool {
        self.drawn.is_none_or(|(_, m)| m[d])
    }
}

/// The `siteplan` foreign member of a `plan.geojson` that holds the
/// heaviest demand points only.
#[derive(Serialize)]
struct DrawnMember {
    demand_drawn: usize,
    demand_total: usize,
    demand_drawn_share: f64,
    note: String,
}

impl Serialize for Collection<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("type", "FeatureCollection")?;
        if self.options.bbox {
            if let Some(b) = bbox(self, self.options.layer) {
                m.serialize_entry("bbox", &b)?;
            }
        }
        if let Some((d, _)) = self.drawn {
            let caption = d.caption().unwrap_or_default();
            m.serialize_entry(
                "siteplan",
                &DrawnMember {
                    demand_drawn: d.order.len(),
                    demand_total: d.total,
                    demand_drawn_share: (d.share_percent() * 100.0).round() / 10000.0,
                    note: format!(
                        "Demand features: {caption}. The full assignment, every demand \
                         point, is in assignment.csv and demand.geojson."
                    ),
                },
            )?;
        }
        m.serialize_entry("features", &Features(self))?;
        m.end()
    }
}

fn bbox(c: &Collection<'_, '_>, layer: GeoJsonLayer) -> Option<[f64; 4]> {
    let p = c.view.problem;
    let sites = if layer != GeoJsonLayer::Demand {
        p.sites()
    } else {
        &[]
    };
    let demand = if layer != GeoJsonLayer::Sites {
        p.demand()
    } else {
        &[]
    };
    let pts = sites.iter().map(|s| (s.lon, s.lat)).chain(
        demand
            .iter()
            .enumerate()
            .filter(|&(i, _)| c.has(i))
            .map(|(_, d)| (d.lon, d.lat)),
    );
    let mut b: Option<[f64; 4]> = None;
    for (lon, lat) in pts {
        let (lon, lat) = (round6(lon), round6(lat));
        b = Some(match b {
            None => [lon, lat, lon, lat],
            Some([w, s, e, n]) => [w.min(lon), s.min(lat), e.max(lon), n.max(lat)],
        });
    }
    b
}

struct Features<'c, 'v, 'a>(&'c Collection<'v, 'a>);

impl Serialize for Features<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let view = self.0.view;
        let layer = self.0.options.layer;
        let p = view.problem;
        let mut seq = s.serialize_seq(None)?;
        let years = view.entry_years.as_ref();
        // A member null in every feature of its kind is left out: GIS tools
        // type an always-null column as text.
        let sites = if layer == GeoJsonLayer::Demand {
            &[][..]
        } else {
            p.sites()
        };
        let any = |f: &dyn Fn(&crate::problem::Site) -> bool| sites.iter().any(f);
        let site_has = [
            any(&|s| s.name.is_some()),
            view.sites.iter().any(|v| v.load.is_some()),
            any(&|s| s.country.is_some()),
            any(&|s| s.region.is_some()),
            any(&|s| s.city.is_some()),
        ];
        for (s_idx, (site, v)) in sites.iter().zip(&view.sites).enumerate() {
            seq.serialize_element(&Feature {
                kind: "Feature",
                geometry: Point::new(site.lon, site.lat),
                properties: SiteProps {
                    kind: "site",
                    id: &site.id,
                    name: keep_if(site_has[0], site.name.as_deref()),
                    status: v.role.as_str(),
                    opened: v.role.is_open(),
                    load: keep_if(site_has[1], v.load),
                    served_weight: v.served_weight,
                    country: keep_if(site_has[2], site.country.as_deref()),
                    region: keep_if(site_has[3], site.region.as_deref()),
                    city: keep_if(site_has[4], site.city.as_deref()),
                    opened_year: years.map(|y| y.opened_year.get(s_idx).copied().flatten()),
                    entry_year: years.map(|y| y.entry_year_of(site.country.as_deref())),
                },
            })?;
        }
        let demand = if layer == GeoJsonLayer::Sites {
            &[][..]
        } else {
            p.demand()
        };
        let has = |i: usize| self.0.has(i);
        let drawn = || {
            demand
                .iter()
                .zip(&view.demand)
                .enumerate()
                .filter(move |&(i, _)| has(i))
                .map(|(_, x)| x)
        };
        let demand_has = [
            drawn().any(|(d, _)| d.name.is_some()),
            drawn().any(|(_, v)| v.site.is_some()),
            drawn().any(|(d, _)| d.country.is_some()),
            drawn().any(|(d, _)| d.region.is_some()),
        ];
        for (d, v) in drawn() {
            seq.serialize_element(&Feature {
                kind: "Feature",
                geometry: Point::new(d.lon, d.lat),
                properties: DemandProps {
                    kind: "demand",
                    id: &d.id,
                    name: keep_if(demand_has[0], d.name.as_deref()),
                    weight: d.weight,
                    site_id: keep_if(demand_has[1], v.site.map(|s| p.sites()[s].id.as_str())),
                    cost: keep_if(demand_has[1], v.cost.map(round3)),
                    covered: v.covered,
                    country: keep_if(demand_has[2], d.country.as_deref()),
                    region: keep_if(demand_has[3], d.region.as_deref()),
                },
            })?;
        }
        if self.0.options.lines && layer == GeoJsonLayer::All {
            for l in view.assignment_lines().filter(|l| has(l.demand)) {
                let (d, site) = (&p.demand()[l.demand], &p.sites()[l.site]);
                seq.serialize_element(&Feature {
                    kind: "Feature",
                    geometry: LineString {
                        kind: "LineString",
                        coordinates: [
                            [round6(d.lon), round6(d.lat)],
                            [round6(site.lon), round6(site.lat)],
                        ],
                    },
                    properties: LineProps {
                        kind: "assignment",
                        demand_id: &d.id,
                        site_id: &site.id,
                        cost: round3(l.cost),
                        share: l.share,
                    },
                })?;
            }
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct Feature<G, P> {
    #[serde(rename = "type")]
    kind: &'static str,
    geometry: G,
    properties: P,
}

#[derive(Serialize)]
struct Point {
    #[serde(rename = "type")]
    kind: &'static str,
    coordinates: [f64; 2],
}

impl Point {
    fn new(lon: f64, lat: f64) -> Point {
        Point {
            kind: "Point",
            coordinates: [round6(lon), round6(lat)],
        }
    }
}

#[derive(Serialize)]
struct LineString {
    #[serde(rename = "type")]
    kind: &'static str,
    coordinates: [[f64; 2]; 2],
}

/// Site members; an outer `None` leaves the member out (null in every
/// feature), an inner one writes null.
#[derive(Serialize)]
struct SiteProps<'a> {
    kind: &'static str,
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<Option<&'a str>>,
    status: &'static str,
    opened: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    load: Option<Option<f64>>,
    served_weight: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    city: Option<Option<&'a str>>,
    /// Market entry: the year the center opens (null if it does not).
    #[serde(skip_serializing_if = "Option::is_none")]
    opened_year: Option<Option<i32>>,
    /// Market entry: the year the plan enters the site's country (null if never).
    #[serde(skip_serializing_if = "Option::is_none")]
    entry_year: Option<Option<i32>>,
}

/// Demand members; an outer `None` leaves the member out.
#[derive(Serialize)]
struct DemandProps<'a> {
    kind: &'static str,
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<Option<&'a str>>,
    weight: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    site_id: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cost: Option<Option<f64>>,
    covered: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Option<&'a str>>,
}

#[derive(Serialize)]
struct LineProps<'a> {
    kind: &'static str,
    demand_id: &'a str,
    site_id: &'a str,
    cost: f64,
    share: f64,
}

/// Compact JSON with each feature on its own line.
#[derive(Default)]
struct FeaturePerLine {
    depth: usize,
    broke_lines: bool,
}

impl serde_json::ser::Formatter for FeaturePerLine {
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        if self.depth == 3 {
            // A feature inside the top-level `features` array.
            self.broke_lines = true;
            w.write_all(b"\n{")
        } else {
            w.write_all(b"{")
        }
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth -= 1;
        w.write_all(b"}")
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth -= 1;
        if self.depth == 1 && self.broke_lines {
            self.broke_lines = false;
            w.write_all(b"\n]")
        } else {
            w.write_all(b"]")
        }
    }
}

// ---------------------------------------------------------------- reading

#[derive(Deserialize)]
struct InCollection {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    features: Vec<InFeature>,
}

#[derive(Deserialize)]
struct InFeature {
    #[serde(default)]
    geometry: Option<InGeometry>,
    #[serde(default)]
    properties: Option<Map<String, Value>>,
}

#[derive(Deserialize)]
struct InGeometry {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    coordinates: Value,
}

/// Reads a `plan.geojson` written by siteplan back into [`MapData`] (the
/// title is left empty). Lines are the file's assignment `LineString`s or,
/// when it has none, one line from each demand point to its `site_id`.
///
/// Features that are neither a siteplan site, demand point nor assignment
/// are ignored. Errors ([`Error::Input`]) name the file and, where it
/// applies, the line or feature at fault.
///
/// # Examples
///
/// ```
/// # use siteplan::prelude::*;
/// # let problem = Problem::builder()
/// #     .demand(DemandPoint::new("shanghai", 31.23, 121.47, 25.0))
/// #     .demand(DemandPoint::new("suzhou", 31.30, 120.59, 5.0))
/// #     .demand(DemandPoint::new("hangzhou", 30.27, 120.16, 6.0))
/// #     .site(Site::new("sh-1", 31.22, 121.48).with_status(SiteStatus::Existing))
/// #     .site(Site::new("sz-1", 31.31, 120.62))
/// #     .site(Site::new("hz-1", 30.28, 120.15))
/// #     .build()?;
/// # let costs = Haversine.cost_matrix(&problem, Reach::all())?;
/// # let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
/// # let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
/// // Shanghai (weight 25), Suzhou (5) and Hangzhou (6): the plan keeps the
/// // existing sh-1 (Shanghai) open and opens hz-1 (Hangzhou); sz-1 stays closed.
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("plan.geojson");
/// io::write_plan_geojson(&path, &PlanView::new(&problem, &plan)?.with_cutoff(Some(50.0)), &GeoJsonOptions::default())?;
/// let map = io::read_plan_geojson(&path)?;
/// assert_eq!((map.sites.len(), map.demand.len()), (3, 3));
/// // No assignment lines in the file: one line per served demand point, to its site.
/// assert_eq!(map.lines.len(), 3);
/// let covered: Vec<bool> = map.demand.iter().map(|d| d.covered).collect();
/// assert_eq!(covered, [true, false, true]); // Suzhou is beyond 50 km
/// assert!(io::read_plan_geojson(&dir.path().join("missing.geojson")).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_plan_geojson(path: &Path) -> Result<MapData> {
    let file = open_input(path, "a GeoJSON file")?;
    parse_plan_geojson(file, &path.display().to_string())
}

/// Opens an input file; a missing file, a folder or an unreadable file is
/// an [`Error::Input`] naming it.
pub(crate) fn open_input(path: &Path, expected: &str) -> Result<std::io::BufReader<std::fs::File>> {
    let label = path.display().to_string();
    let fail = |msg: String| Error::input(InputProblem::new(&label, None, None, msg));
    let file = std::fs::File::open(path).map_err(|e| {
        fail(if e.kind() == std::io::ErrorKind::NotFound {
            "file not found".to_string()
        } else {
            format!("cannot read: {e}")
        })
    })?;
    let meta = file
        .metadata()
        .map_err(|e| fail(format!("cannot read: {e}")))?;
    if meta.is_dir() {
        return Err(fail(format!("is a directory; expected {expected}")));
    }
    Ok(std::io::BufReader::new(file))
}

/// Parses `plan.geojson` text from any reader; `label` names it in errors.
///
/// ```
/// let err = siteplan::io::parse_plan_geojson(r#"{"type":"Feature"}"#.as_bytes(), "x.geojson")
///     .unwrap_err();
/// assert!(err.to_string().starts_with("x.geojson"));
/// ```
pub fn parse_plan_geojson(reader: impl Read, label: &str) -> Result<MapData> {
    let fail =
        |line: Option<u64>, msg: String| Error::input(InputProblem::new(label, line, None, msg));
    let fc: InCollection = serde_json::from_reader(reader).map_err(|e| {
        let line = (e.line() > 0).then_some(e.line() as u64);
        fail(line, format!("not valid GeoJSON: {e}"))
    })?;
    if fc.kind != "FeatureCollection" {
        return Err(fail(
            None,
            format!(
                "top-level type is {:?}; expected \"FeatureCollection\"",
                fc.kind
            ),
        ));
    }
    let mut map = MapData::default();
    let mut site_ids: Vec<(String, [f64; 2])> = Vec::new();
    let mut demand_sites: Vec<Option<String>> = Vec::new();
    for (i, f) in fc.features.iter().enumerate() {
        let at = |msg: String| fail(None, format!("feature {}: {msg}", i + 1));
        let (Some(g), Some(props)) = (&f.geometry, &f.properties) else {
            continue;
        };
        let kind = props.get("kind").and_then(Value::as_str);
        let text = |k: &str| props.get(k).and_then(Value::as_str).map(str::to_owned);
        let id = || text("id").ok_or_else(|| at("no string property \"id\"".into()));
        match g.kind.as_str() {
            "Point" if kind == Some("site") || (kind.is_none() && props.contains_key("status")) => {
                let [lon, lat] = position(&g.coordinates).map_err(at)?;
                let status = text("status").unwrap_or_default();
                let role = SiteRole::parse(&status).ok_or_else(|| {
                    at(format!(
                        "status {status:?} is not existing, new, candidate, competitor or excluded"
                    ))
                })?;
                let id = id()?;
                site_ids.push((id.clone(), [lon, lat]));
                map.sites.push(MapSite {
                    id,
                    name: text("name"),
                    lon,
                    lat,
                    role,
                });
            }
            "Point"
                if kind == Some("demand") || (kind.is_none() && props.contains_key("weight")) =>
            {
                let [lon, lat] = position(&g.coordinates).map_err(at)?;
                let weight = props
                    .get("weight")
                    .and_then(Value::as_f64)
                    .filter(|w| w.is_finite() && *w >= 0.0)
                    .ok_or_else(|| at("property \"weight\" is not a number ≥ 0".into()))?;
                let site = text("site_id");
                let covered = props
                    .get("covered")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                map.demand.push(MapDemand {
                    id: id()?,
                    name: text("name"),
                    lon,
                    lat,
                    weight,
                    served: site.is_some(),
                    covered,
                });
                demand_sites.push(site);
            }
            "LineString" if kind == Some("assignment") || props.contains_key("demand_id") => {
                let pts = g
                    .coordinates
                    .as_array()
                    .filter(|a| a.len() >= 2)
                    .ok_or_else(|| at("a LineString needs at least two positions".into()))?;
                let from = position(&pts[0]).map_err(at)?;
                let to = position(&pts[pts.len() - 1]).map_err(at)?;
                map.lines.push(MapLine { from, to });
            }
            _ => {}
        }
    }
    if map.sites.is_empty() && map.demand.is_empty() {
        return Err(fail(
            None,
            "holds no sites or demand points (is it a plan.geojson written by siteplan?)".into(),
        ));
    }
    if map.lines.is_empty() {
        let by_id: std::collections::HashMap<&str, [f64; 2]> =
            site_ids.iter().map(|(id, p)| (id.as_str(), *p)).collect();
        for (d, s) in map.demand.iter().zip(&demand_sites) {
            if let Some(to) = s.as_deref().and_then(|s| by_id.get(s)) {
                map.lines.push(MapLine {
                    from: [d.lon, d.lat],
                    to: *to,
                });
            }
        }
    }
    Ok(map)
}

fn position(v: &Value) -> std::result::Result<[f64; 2], String> {
    let a = v
        .as_array()
        .filter(|a| a.len() >= 2)
        .ok_or_else(|| format!("position {v} is not [longitude, latitude]"))?;
    let (Some(lon), Some(lat)) = (a[0].as_f64(), a[1].as_f64()) else {
        return Err(format!("position {v} holds a non-number"));
    };
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        return Err(format!(
            "position [{lon}, {lat}] is outside longitude -180..180, latitude -90..90"
        ));
    }
    Ok([lon, lat])
}

/// `Some(v)` when `on`: a member written (even as null); `None` leaves it out.
fn keep_if<T>(on: bool, v: T) -> Option<T> {
    on.then_some(v)
}
