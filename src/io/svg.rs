//! `plan.svg`: a map of a plan a person reads at a glance.
//!
//! Country borders (Natural Earth, optional) under demand circles sized by
//! weight (area ∝ weight, radius capped) and coloured by coverage, existing
//! sites (navy squares), new sites (orange stars, labelled), competitors
//! (purple triangles), unopened candidates (small grey diamonds), optional
//! assignment lines, a legend, a scale bar in km and the scenario title.
//!
//! The projection is equirectangular with longitudes scaled by the cosine of
//! the view's middle latitude, which keeps shapes true near that latitude —
//! right for a country or a continent. The view fits the data with a margin.
//! Output is deterministic: fixed number formatting (1 decimal), fixed
//! drawing order, no clock or random input. Borders are clipped to the view
//! and thinned to points at least 0.5 px apart.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use serde_json::Value;

use super::view::{MapData, SiteRole};
use crate::error::{Error, InputProblem, Result};
use crate::units::EARTH_RADIUS_KM;

/// Country borders to draw under a map: polygons in `[lon, lat]`.
///
/// ```
/// let gj = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},
///   "geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}"#;
/// let b = siteplan::io::Borders::parse(gj.as_bytes(), "borders.geojson")?;
/// assert_eq!(b.len(), 1);
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Borders {
    polygons: Vec<BorderPolygon>,
}

#[derive(Debug, Clone)]
struct BorderPolygon {
    /// `[west, south, east, north]`.
    bbox: [f64; 4],
    rings: Vec<Vec<[f64; 2]>>,
    /// The feature's `iso_a2` property (ISO 3166-1 alpha-2), if any.
    iso_a2: Option<String>,
}

/// Countries filled by class (for example by the year a plan enters them),
/// matched to border polygons by their `iso_a2` property, with a legend.
///
/// ```
/// use siteplan::io::{svg_string_with_fills, Borders, CountryFills, MapData, MapSite, SiteRole, SvgOptions};
/// let gj = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"iso_a2":"DE"},
///   "geometry":{"type":"Polygon","coordinates":[[[6,47],[15,47],[15,55],[6,47]]]}}]}"#;
/// let b = Borders::parse(gj.as_bytes(), "borders.geojson")?;
/// let mut fills = CountryFills::new("Entry year");
/// let class = fills.class("2027", "#1a9850");
/// fills.fill("DE", class);
/// let berlin = MapSite { id: "berlin".into(), name: None, lon: 13.4, lat: 52.5, role: SiteRole::New };
/// let map = MapData { sites: vec![berlin], ..Default::default() };
/// let svg = svg_string_with_fills(&map, &SvgOptions::default().with_borders(Some(&b)), &fills);
/// assert!(svg.contains("Z\" fill=\"#1a9850\"/>")); // Germany's outline, filled
/// assert!(svg.contains("2027 (1)")); // legend: one country entered in 2027
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CountryFills {
    /// Legend heading.
    pub title: String,
    /// Legend classes: label and fill colour, in legend order.
    pub classes: Vec<(String, String)>,
    /// ISO 3166-1 alpha-2 code → index into `classes`.
    pub by_iso2: std::collections::BTreeMap<String, usize>,
}

impl CountryFills {
    /// No classes yet, with a legend heading.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::CountryFills;
    /// let fills = CountryFills::new("Entry year");
    /// assert_eq!(fills.title, "Entry year");
    /// assert!(fills.classes.is_empty() && fills.by_iso2.is_empty());
    /// ```
    pub fn new(title: impl Into<String>) -> Self {
        CountryFills {
            title: title.into(),
            ..Default::default()
        }
    }

    /// Adds a legend class and returns its index.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::CountryFills;
    /// let mut fills = CountryFills::new("Entry year");
    /// assert_eq!(fills.class("2027", "#1a9850"), 0);
    /// assert_eq!(fills.class("2028", "#91cf60"), 1);
    /// assert_eq!(fills.classes[1], ("2028".to_string(), "#91cf60".to_string()));
    /// ```
    pub fn class(&mut self, label: impl Into<String>, colour: impl Into<String>) -> usize {
        self.classes.push((label.into(), colour.into()));
        self.classes.len() - 1
    }

    /// Fills the country with ISO2 code `iso2` with class `class`.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::CountryFills;
    /// let mut fills = CountryFills::new("Entry year");
    /// let early = fills.class("2027", "#1a9850");
    /// fills.fill("DE", early);
    /// fills.fill("AT", early);
    /// assert_eq!(fills.by_iso2.get("DE"), Some(&early));
    /// assert_eq!(fills.by_iso2.len(), 2);
    /// ```
    pub fn fill(&mut self, iso2: impl Into<String>, class: usize) {
        self.by_iso2.insert(iso2.into(), class);
    }

    fn colour(&self, iso2: Option<&str>) -> Option<&str> {
        let c = *self.by_iso2.get(iso2?)?;
        self.classes.get(c).map(|(_, colour)| colour.as_str())
    }

    fn count(&self, class: usize) -> usize {
        self.by_iso2.values().filter(|&&c| c == class).count()
    }
}

impl Borders {
    /// Reads a GeoJSON file of (Multi)Polygons, such as Natural Earth's
    /// `countries_50m.geojson`. Other geometries are ignored.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::Borders;
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("countries.geojson");
    /// // Two polygons in one MultiPolygon, and a point that is ignored.
    /// std::fs::write(&path, r#"{"type":"FeatureCollection","features":[
    ///   {"type":"Feature","properties":{"iso_a2":"DK"},"geometry":{"type":"MultiPolygon","coordinates":[
    ///     [[[8,55],[11,55],[11,57],[8,55]]], [[[12,55],[13,55],[13,56],[12,55]]]]}},
    ///   {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[10,56]}}]}"#)?;
    /// assert_eq!(Borders::read(&path)?.len(), 2);
    /// assert!(Borders::read(&dir.path().join("missing.geojson")).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read(path: &Path) -> Result<Borders> {
        let file = super::geojson::open_input(path, "a GeoJSON file of country borders")?;
        Borders::parse(file, &path.display().to_string())
    }

    /// Parses GeoJSON (a FeatureCollection, Feature or bare geometry);
    /// `label` names the source in errors.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::Borders;
    /// let square = r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}"#;
    /// assert_eq!(Borders::parse(square.as_bytes(), "square.geojson")?.len(), 1);
    /// let err = Borders::parse("{not json".as_bytes(), "broken.geojson").unwrap_err();
    /// assert!(err.to_string().contains("broken.geojson"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse(reader: impl std::io::Read, label: &str) -> Result<Borders> {
        let v: Value = serde_json::from_reader(reader).map_err(|e| {
            let line = (e.line() > 0).then_some(e.line() as u64);
            Error::input(InputProblem::new(
                label,
                line,
                None,
                format!("not valid GeoJSON: {e}"),
            ))
        })?;
        let mut b = Borders::default();
        b.add(&v, None);
        Ok(b)
    }

    /// Number of polygons.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::Borders;
    /// let two = r#"{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[2,0],[3,0],[3,1],[2,0]]]]}"#;
    /// assert_eq!(Borders::parse(two.as_bytes(), "two.geojson")?.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn len(&self) -> usize {
        self.polygons.len()
    }

    /// True when there are no polygons.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::Borders;
    /// assert!(Borders::default().is_empty());
    /// // Only (Multi)Polygons count: a file of points gives no borders.
    /// let point = r#"{"type":"Point","coordinates":[121.5,31.2]}"#;
    /// assert!(Borders::parse(point.as_bytes(), "point.geojson")?.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.polygons.is_empty()
    }

    fn add(&mut self, v: &Value, iso_a2: Option<&str>) {
        match v.get("type").and_then(Value::as_str) {
            Some("FeatureCollection") => {
                for f in v
                    .get("features")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    self.add(f, None);
                }
            }
            Some("Feature") => {
                let iso = v
                    .get("properties")
                    .and_then(|p| p.get("iso_a2"))
                    .and_then(Value::as_str);
                if let Some(g) = v.get("geometry") {
                    self.add(g, iso);
                }
            }
            Some("GeometryCollection") => {
                for g in v
                    .get("geometries")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    self.add(g, iso_a2);
                }
            }
            Some("Polygon") => {
                if let Some(c) = v.get("coordinates") {
                    self.add_polygon(c, iso_a2);
                }
            }
            Some("MultiPolygon") => {
                for p in v
                    .get("coordinates")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    self.add_polygon(p, iso_a2);
                }
            }
            _ => {}
        }
    }

    fn add_polygon(&mut self, c: &Value, iso_a2: Option<&str>) {
        let mut rings = Vec::new();
        let mut bbox = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for ring in c.as_array().into_iter().flatten() {
            let pts: Vec<[f64; 2]> = ring
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| Some([p.get(0)?.as_f64()?, p.get(1)?.as_f64()?]))
                .collect();
            if pts.len() < 3 {
                continue;
            }
            for p in &pts {
                bbox = [
                    bbox[0].min(p[0]),
                    bbox[1].min(p[1]),
                    bbox[2].max(p[0]),
                    bbox[3].max(p[1]),
                ];
            }
            rings.push(pts);
        }
        if !rings.is_empty() {
            self.polygons.push(BorderPolygon {
                bbox,
                rings,
                iso_a2: iso_a2.map(str::to_owned),
            });
        }
    }
}

/// How the SVG map is drawn.
///
/// ```
/// let o = siteplan::io::SvgOptions::default();
/// assert_eq!(o.width, 900.0);
/// assert!(!o.lines && o.labels && o.borders.is_none());
/// ```
#[derive(Debug, Clone, Copy)]
pub struct SvgOptions<'a> {
    /// Width of the map area in px (the legend adds 230 px). Default 900.
    pub width: f64,
    /// Draw assignment lines (demand → site). Default `false`.
    pub lines: bool,
    /// Label new sites with their names (where labels do not collide). Default `true`.
    pub labels: bool,
    /// Country borders to draw, if any. Default `None`.
    pub borders: Option<&'a Borders>,
}

impl Default for SvgOptions<'_> {
    fn default() -> Self {
        SvgOptions {
            width: 900.0,
            lines: false,
            labels: true,
            borders: None,
        }
    }
}

impl<'a> SvgOptions<'a> {
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
    /// let map = PlanView::new(&problem, &plan)?.map_data();
    /// let with_lines = svg_string(&map, &SvgOptions::default().with_lines(true));
    /// assert!(with_lines.contains(">Assignment</text>")); // legend entry for the lines
    /// assert!(!svg_string(&map, &SvgOptions::default()).contains(">Assignment</text>"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_lines(mut self, lines: bool) -> Self {
        self.lines = lines;
        self
    }

    /// The same options with borders.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::{svg_string, Borders, MapData, SvgOptions};
    /// let gj = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"iso_a2":"DE"},
    ///   "geometry":{"type":"Polygon","coordinates":[[[6,47],[15,47],[15,55],[6,47]]]}}]}"#;
    /// let borders = Borders::parse(gj.as_bytes(), "borders.geojson")?;
    /// let options = SvgOptions::default().with_borders(Some(&borders));
    /// assert!(options.borders.is_some_and(|b| b.len() == 1));
    /// let svg = svg_string(&MapData::default(), &options);
    /// assert!(svg.contains("Borders: Natural Earth.")); // credit line under the map
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_borders(mut self, borders: Option<&'a Borders>) -> Self {
        self.borders = borders;
        self
    }
}

/// Writes `plan.svg` atomically.
///
/// ```
/// use siteplan::io::{self, MapData, MapSite, SiteRole, SvgOptions};
/// let map = MapData { title: "Demo".into(), sites: vec![MapSite { id: "s".into(), name: None,
///     lon: 121.5, lat: 31.2, role: SiteRole::New }], ..Default::default() };
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("plan.svg");
/// io::write_svg(&path, &map, &SvgOptions::default())?;
/// let svg = std::fs::read_to_string(&path)?;
/// assert!(svg.contains("<title>Demo</title>") && svg.contains("<title>s, new</title>"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_svg(path: &Path, map: &MapData, options: &SvgOptions<'_>) -> Result<()> {
    super::write_atomic(path, |w| write_svg_to(w, map, options))
}

/// Writes the SVG document to any writer.
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
/// io::svg::write_svg_to(&mut buf, &PlanView::new(&problem, &plan)?.map_data(), &SvgOptions::default())?;
/// let svg = String::from_utf8(buf)?;
/// assert!(svg.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));
/// assert!(svg.ends_with("</svg>\n"));
/// // New sites are labelled with their name (here their id).
/// assert!(svg.contains(">hz-1</text>"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_svg_to(
    w: &mut dyn Write,
    map: &MapData,
    options: &SvgOptions<'_>,
) -> std::io::Result<()> {
    w.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
    write_svg_element(w, map, options)
}

/// The SVG document as a string.
///
/// ```
/// use siteplan::io::{svg_string, MapData, SvgOptions};
/// let s = svg_string(&MapData { title: "A & B".into(), ..Default::default() }, &SvgOptions::default());
/// assert!(s.contains("<title>A &amp; B</title>"));
/// ```
pub fn svg_string(map: &MapData, options: &SvgOptions<'_>) -> String {
    let mut buf = Vec::new();
    write_svg_to(&mut buf, map, options).expect("writing to memory cannot fail");
    String::from_utf8(buf).expect("the SVG is UTF-8")
}

/// Writes an SVG map (atomically) with countries filled by class and a
/// legend of the classes; see [`CountryFills`].
///
/// # Examples
///
/// ```
/// use siteplan::io::{write_svg_with_fills, Borders, CountryFills, MapData, MapSite, SiteRole, SvgOptions};
/// let gj = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"iso_a2":"DE"},
///   "geometry":{"type":"Polygon","coordinates":[[[6,47],[15,47],[15,55],[6,47]]]}}]}"#;
/// let borders = Borders::parse(gj.as_bytes(), "borders.geojson")?;
/// let mut fills = CountryFills::new("Entry year");
/// let first = fills.class("2027", "#1a9850");
/// fills.fill("DE", first);
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("entry.svg");
/// let berlin = MapSite { id: "berlin".into(), name: None, lon: 13.4, lat: 52.5, role: SiteRole::New };
/// let map = MapData { sites: vec![berlin], ..Default::default() };
/// write_svg_with_fills(&path, &map, &SvgOptions::default().with_borders(Some(&borders)), &fills)?;
/// let svg = std::fs::read_to_string(&path)?;
/// assert!(svg.contains("Z\" fill=\"#1a9850\"/>")); // Germany's outline, filled
/// assert!(svg.contains(">Entry year</text>") && svg.contains("2027 (1)")); // the legend
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_svg_with_fills(
    path: &Path,
    map: &MapData,
    options: &SvgOptions<'_>,
    fills: &CountryFills,
) -> Result<()> {
    super::write_atomic(path, |w| {
        w.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
        write_svg_element_filled(w, map, options, Some(fills))
    })
}

/// [`write_svg_with_fills`] as a string.
///
/// # Examples
///
/// ```
/// use siteplan::io::{svg_string_with_fills, CountryFills, MapData, SvgOptions};
/// let mut fills = CountryFills::new("Entry year");
/// let entered = fills.class("2027", "#1a9850");
/// let not_entered = fills.class("Not entered", "#d4d4d4");
/// fills.fill("DE", entered);
/// fills.fill("FR", not_entered);
/// fills.fill("IT", not_entered);
/// let svg = svg_string_with_fills(&MapData::default(), &SvgOptions::default(), &fills);
/// // Legend entries count the countries of each class.
/// assert!(svg.contains("2027 (1)") && svg.contains("Not entered (2)"));
/// ```
pub fn svg_string_with_fills(
    map: &MapData,
    options: &SvgOptions<'_>,
    fills: &CountryFills,
) -> String {
    let mut buf = Vec::new();
    buf.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    write_svg_element_filled(&mut buf, map, options, Some(fills))
        .expect("writing to memory cannot fail");
    String::from_utf8(buf).expect("the SVG is UTF-8")
}

/// Escapes text for XML and HTML content and attribute values.
///
/// ```
/// assert_eq!(siteplan::io::svg::escape(r#"<a & "b" 'c'>"#), "&lt;a &amp; &quot;b&quot; &#39;c&#39;&gt;");
/// ```
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Characters XML 1.0 forbids (other control characters).
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A number with one decimal, without a trailing `.0` and never `-0`.
pub(crate) fn num(x: f64) -> String {
    let s = format!("{x:.1}");
    let s = s.strip_suffix(".0").unwrap_or(&s);
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// A weight in a few characters: `950`, `12.3k`, `24.9M`, `1.2G`.
fn compact(w: f64) -> String {
    let a = w.abs();
    let (v, unit) = if a >= 1e9 {
        (w / 1e9, "G")
    } else if a >= 1e6 {
        (w / 1e6, "M")
    } else if a >= 1e4 {
        (w / 1e3, "k")
    } else {
        return num(w);
    };
    if v.abs() >= 99.95 {
        format!("{v:.0}{unit}")
    } else {
        format!("{}{unit}", num(v))
    }
}

const TOP: f64 = 64.0;
const PAD: f64 = 16.0;
const LEGEND_W: f64 = 214.0;
const BOTTOM: f64 = 28.0;
const R_MIN: f64 = 1.6;
const R_MAX: f64 = 16.0;

const C_COVERED: &str = "#2b7bba";
const C_SERVED: &str = "#f0a30a";
const C_UNSERVED: &str = "#d7301f";

/// Marker shapes, centred on (0, 0).
const DEFS: &str = concat!(
    "<defs>",
    "<path id=\"m-existing\" d=\"M-4.5-4.5h9v9h-9z\" fill=\"#1b2a49\" stroke=\"#fff\" stroke-width=\"1\"/>",
    "<path id=\"m-new\" d=\"M0-10L2.4-3.3 9.5-3.1 3.8 1.2 5.9 8.1 0 4 -5.9 8.1 -3.8 1.2 -9.5-3.1 -2.4-3.3Z\" fill=\"#e4572e\" stroke=\"#fff\" stroke-width=\"1\" stroke-linejoin=\"round\"/>",
    "<path id=\"m-competitor\" d=\"M0-6L5.5 4h-11z\" fill=\"#7b3294\" stroke=\"#fff\" stroke-width=\"1\"/>",
    "<path id=\"m-candidate\" d=\"M0-2.6L2.6 0 0 2.6-2.6 0z\" fill=\"#9a9a9a\"/>",
    "<path id=\"m-excluded\" d=\"M-2.5-2.5l5 5m0-5l-5 5\" stroke=\"#8c8c8c\" stroke-width=\"1.2\"/>",
    "</defs>\n"
);

fn marker_id(role: SiteRole) -> &'static str {
    match role {
        SiteRole::Existing => "m-existing",
        SiteRole::New => "m-new",
        SiteRole::Candidate => "m-candidate",
        SiteRole::Competitor => "m-competitor",
        SiteRole::Excluded => "m-excluded",
    }
}

/// Opens an SVG document: the root element of `size` (with the xlink
/// namespace when `defs`, the symbol definitions, are given), its title,
/// the clip path `clip` of the map area, a white background and the title
/// text at the top left.
fn svg_head(
    s: &mut String,
    (w, h): (f64, f64),
    title: &str,
    clip: &str,
    pr: &Projection,
    defs: Option<&str>,
) {
    let xlink = if defs.is_some() {
        " xmlns:xlink=\"http://www.w3.org/1999/xlink\""
    } else {
        ""
    };
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\"{xlink} width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" font-family=\"Helvetica, Arial, sans-serif\">",
        num(w),
        num(h),
        num(w),
        num(h)
    );
    let _ = writeln!(s, "<title>{}</title>", escape(title));
    if let Some(defs) = defs {
        s.push_str(defs);
    }
    let _ = writeln!(
        s,
        "<clipPath id=\"{clip}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath>",
        num(pr.x0),
        num(pr.y0),
        num(pr.w),
        num(pr.h)
    );
    let _ = writeln!(s, "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"28\" font-size=\"20\" font-weight=\"bold\" fill=\"#222\">{}</text>",
        num(PAD),
        escape(title)
    );
}

/// Equirectangular projection with cos(φ₀) scaling, fitted to a box.
struct Projection {
    kx: f64,
    /// px per degree of latitude.
    scale: f64,
    cx: f64,
    cy: f64,
    /// Map box: left, top, width, height in px.
    x0: f64,
    y0: f64,
    w: f64,
    h: f64,
}

impl Projection {
    fn fit(map: &MapData, width: f64) -> Projection {
        let pts = map
            .demand
            .iter()
            .map(|d| (d.lon, d.lat))
            .chain(map.sites.iter().map(|s| (s.lon, s.lat)));
        Projection::fit_points(pts, width)
    }

    fn fit_points(pts: impl Iterator<Item = (f64, f64)>, width: f64) -> Projection {
        let (mut w, mut s, mut e, mut n) = (
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        );
        for (lon, lat) in pts.filter(|(a, b)| a.is_finite() && b.is_finite()) {
            w = w.min(lon);
            e = e.max(lon);
            s = s.min(lat);
            n = n.max(lat);
        }
        if !w.is_finite() {
            (w, s, e, n) = (-10.0, -10.0, 10.0, 10.0);
        }
        let phi0 = ((s + n) / 2.0).clamp(-80.0, 80.0);
        let kx = phi0.to_radians().cos();
        let dx = ((e - w) * kx).max(0.2);
        let dy = (n - s).max(0.2);
        let width = if width.is_finite() {
            width.clamp(200.0, 4000.0)
        } else {
            900.0
        };
        let height = (width * dy / dx).clamp(440.0, width * 1.25);
        let margin = 1.12;
        let scale = (width / (dx * margin)).min(height / (dy * margin));
        Projection {
            kx,
            scale,
            cx: (w + e) / 2.0 * kx,
            cy: (s + n) / 2.0,
            x0: PAD,
            y0: TOP,
            w: width,
            h: height,
        }
    }

    fn xy(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            self.x0 + self.w / 2.0 + (lon * self.kx - self.cx) * self.scale,
            self.y0 + self.h / 2.0 - (lat - self.cy) * self.scale,
        )
    }

    /// The view in degrees, `[west, south, east, north]`, grown by `grow` px.
    fn view_deg(&self, grow: f64) -> [f64; 4] {
        let hw = (self.w / 2.0 + grow) / (self.scale * self.kx);
        let hh = (self.h / 2.0 + grow) / self.scale;
        let lon_c = self.cx / self.kx;
        [lon_c - hw, self.cy - hh, lon_c + hw, self.cy + hh]
    }

    fn px_per_km(&self) -> f64 {
        self.scale / (EARTH_RADIUS_KM * std::f64::consts::PI / 180.0)
    }
}

/// Writes the `<svg>` element (no XML declaration), for files and for
/// inlining in HTML.
pub(crate) fn write_svg_element(
    w: &mut dyn Write,
    map: &MapData,
    options: &SvgOptions<'_>,
) -> std::io::Result<()> {
    write_svg_element_filled(w, map, options, None)
}

/// [`write_svg_element`] with countries filled by class.
pub(crate) fn write_svg_element_filled(
    w: &mut dyn Write,
    map: &MapData,
    options: &SvgOptions<'_>,
    fills: Option<&CountryFills>,
) -> std::io::Result<()> {
    let pr = Projection::fit(map, options.width);
    let total_w = PAD + pr.w + 16.0 + LEGEND_W + PAD;
    let total_h = TOP + pr.h + BOTTOM;
    let mut s = String::with_capacity(1 << 16);
    let title = if map.title.is_empty() {
        "siteplan plan"
    } else {
        &map.title
    };
    svg_head(
        &mut s,
        (total_w, total_h),
        title,
        "map-clip",
        &pr,
        Some(DEFS),
    );
    // The one-line summary under the title.
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"50\" font-size=\"13\" fill=\"#555\">{}</text>",
        num(PAD),
        escape(&subtitle(map))
    );
    w.write_all(s.as_bytes())?;
    s.clear();

    // The map area.
    let sea = if options.borders.is_some() {
        "#dde9f1"
    } else {
        "#f6f6f3"
    };
    let _ = writeln!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{sea}\"/>",
        num(pr.x0),
        num(pr.y0),
        num(pr.w),
        num(pr.h)
    );
    s.push_str("<g clip-path=\"url(#map-clip)\">\n");
    w.write_all(s.as_bytes())?;
    s.clear();
    if let Some(b) = options.borders {
        write_borders(w, b, &pr, fills)?;
    }
    // Sites left closed go under the demand circles: there can be many
    // of them (often one in every city), and they must not hide whether
    // a city is covered.
    write_sites(&mut s, map, &pr, &[SiteRole::Excluded, SiteRole::Candidate]);
    w.write_all(s.as_bytes())?;
    s.clear();
    if options.lines && !map.lines.is_empty() {
        write_lines(w, map, &pr)?;
    }
    write_demand(w, map, &pr)?;
    // Open sites and competitors: the least important first, so new
    // sites end on top.
    write_sites(
        &mut s,
        map,
        &pr,
        &[SiteRole::Competitor, SiteRole::Existing, SiteRole::New],
    );
    if options.labels {
        write_labels(&mut s, map, &pr);
    }
    s.push_str("</g>\n");
    let _ = writeln!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#999\" stroke-width=\"1\"/>",
        num(pr.x0),
        num(pr.y0),
        num(pr.w),
        num(pr.h)
    );
    write_scale_bar(&mut s, &pr);
    write_legend(&mut s, map, &pr, options, fills);
    let note = if options.borders.is_some() {
        "Borders: Natural Earth. Equirectangular projection, scaled at the middle latitude."
    } else {
        "Equirectangular projection, scaled at the middle latitude."
    };
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"#777\">{note}</text>",
        num(PAD),
        num(TOP + pr.h + 18.0)
    );
    s.push_str("</svg>\n");
    w.write_all(s.as_bytes())
}

/// Draws the sites of `roles`, one group per role, in that order.
fn write_sites(s: &mut String, map: &MapData, pr: &Projection, roles: &[SiteRole]) {
    for &role in roles {
        let mut any = false;
        for site in map.sites.iter().filter(|x| x.role == role) {
            if !any {
                let _ = writeln!(s, "<g class=\"{}\">", role.as_str());
                any = true;
            }
            let (x, y) = pr.xy(site.lon, site.lat);
            let _ = writeln!(
                s,
                "<use xlink:href=\"#{}\" x=\"{}\" y=\"{}\"><title>{}</title></use>",
                marker_id(role),
                num(x),
                num(y),
                escape(&site_tooltip(site.name.as_deref(), &site.id, role))
            );
        }
        if any {
            s.push_str("</g>\n");
        }
    }
}

fn subtitle(map: &MapData) -> String {
    let count = |r: SiteRole| map.sites.iter().filter(|s| s.role == r).count();
    let total: f64 = map.demand.iter().map(|d| d.weight).sum();
    let covered: f64 = map
        .demand
        .iter()
        .filter(|d| d.covered)
        .map(|d| d.weight)
        .sum();
    let mut t = format!(
        "{} demand points · {} existing + {} new sites",
        map.demand.len(),
        count(SiteRole::Existing),
        count(SiteRole::New)
    );
    if count(SiteRole::Competitor) > 0 {
        let _ = write!(t, " · {} competitors", count(SiteRole::Competitor));
    }
    if total > 0.0 {
        let _ = write!(t, " · {:.1}% of demand covered", 100.0 * covered / total);
    }
    t
}

fn site_tooltip(name: Option<&str>, id: &str, role: SiteRole) -> String {
    match name {
        Some(n) if !n.is_empty() && n != id => format!("{n} ({id}), {role}"),
        _ => format!("{id}, {role}"),
    }
}

fn write_borders(
    w: &mut dyn Write,
    borders: &Borders,
    pr: &Projection,
    fills: Option<&CountryFills>,
) -> std::io::Result<()> {
    let [vw, vs, ve, vn] = pr.view_deg(20.0);
    let clip = [
        pr.x0 - 2.0,
        pr.y0 - 2.0,
        pr.x0 + pr.w + 2.0,
        pr.y0 + pr.h + 2.0,
    ];
    let mut s = String::with_capacity(1 << 16);
    s.push_str(
        "<g fill=\"#f3efe6\" stroke=\"#a9a398\" stroke-width=\"0.6\" stroke-linejoin=\"round\" fill-rule=\"evenodd\">\n",
    );
    for poly in &borders.polygons {
        let [bw, bs, be, bn] = poly.bbox;
        if be < vw || bw > ve || bn < vs || bs > vn {
            continue;
        }
        let mut d = String::new();
        for ring in &poly.rings {
            let projected: Vec<(f64, f64)> = ring.iter().map(|p| pr.xy(p[0], p[1])).collect();
            let clipped = clip_polygon(projected, clip);
            let thin = thin_ring(&clipped, 0.5);
            if thin.len() < 3 {
                continue;
            }
            for (i, (x, y)) in thin.iter().enumerate() {
                let sep = match i {
                    0 => "M",
                    1 => "L",
                    _ => " ",
                };
                let _ = write!(d, "{sep}{},{}", num(*x), num(*y));
            }
            d.push('Z');
        }
        if !d.is_empty() {
            match fills.and_then(|f| f.colour(poly.iso_a2.as_deref())) {
                Some(colour) => {
                    let _ = writeln!(s, "<path d=\"{d}\" fill=\"{}\"/>", escape(colour));
                }
                None => {
                    let _ = writeln!(s, "<path d=\"{d}\"/>");
                }
            }
        }
        if s.len() > 1 << 15 {
            w.write_all(s.as_bytes())?;
            s.clear();
        }
    }
    s.push_str("</g>\n");
    w.write_all(s.as_bytes())
}

/// Sutherland–Hodgman clipping of a polygon ring against a rectangle
/// `[left, top, right, bottom]` (px). Good for filled areas: the edges it
/// adds lie on the rectangle, outside the visible map.
fn clip_polygon(mut pts: Vec<(f64, f64)>, [l, t, r, b]: [f64; 4]) -> Vec<(f64, f64)> {
    // Each edge: inside test and intersection along x or y.
    for edge in 0..4 {
        if pts.is_empty() {
            break;
        }
        let inside = |p: (f64, f64)| match edge {
            0 => p.0 >= l,
            1 => p.0 <= r,
            2 => p.1 >= t,
            _ => p.1 <= b,
        };
        let cross = |p: (f64, f64), q: (f64, f64)| {
            let (k, v) = match edge {
                0 => (0, l),
                1 => (0, r),
                2 => (1, t),
                _ => (1, b),
            };
            if k == 0 {
                let f = (v - p.0) / (q.0 - p.0);
                (v, p.1 + f * (q.1 - p.1))
            } else {
                let f = (v - p.1) / (q.1 - p.1);
                (p.0 + f * (q.0 - p.0), v)
            }
        };
        let mut out = Vec::with_capacity(pts.len());
        let mut prev = *pts.last().expect("not empty");
        for &cur in &pts {
            match (inside(cur), inside(prev)) {
                (true, true) => out.push(cur),
                (true, false) => {
                    out.push(cross(prev, cur));
                    out.push(cur);
                }
                (false, true) => out.push(cross(prev, cur)),
                (false, false) => {}
            }
            prev = cur;
        }
        pts = out;
    }
    pts
}

/// Drops points closer than `min_px` to the last kept one (after rounding to
/// the output precision).
fn thin_ring(pts: &[(f64, f64)], min_px: f64) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(pts.len());
    for &(x, y) in pts {
        let p = ((x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0);
        match out.last() {
            Some(&(lx, ly)) if (p.0 - lx).hypot(p.1 - ly) < min_px => {}
            _ => out.push(p),
        }
    }
    while out.len() > 1 {
        let (a, b) = (out[0], out[out.len() - 1]);
        if (a.0 - b.0).hypot(a.1 - b.1) < min_px {
            out.pop();
        } else {
            break;
        }
    }
    out
}

fn write_lines(w: &mut dyn Write, map: &MapData, pr: &Projection) -> std::io::Result<()> {
    let mut s = String::from(
        "<g fill=\"none\" stroke=\"#555\" stroke-opacity=\"0.45\" stroke-width=\"0.7\">\n",
    );
    for chunk in map.lines.chunks(400) {
        s.push_str("<path d=\"");
        for l in chunk {
            let (x1, y1) = pr.xy(l.from[0], l.from[1]);
            let (x2, y2) = pr.xy(l.to[0], l.to[1]);
            let _ = write!(s, "M{},{}L{},{}", num(x1), num(y1), num(x2), num(y2));
        }
        s.push_str("\"/>\n");
    }
    s.push_str("</g>\n");
    w.write_all(s.as_bytes())
}

fn radius(weight: f64, w_max: f64) -> f64 {
    if w_max <= 0.0 || !weight.is_finite() {
        return R_MIN;
    }
    (R_MAX * (weight.max(0.0) / w_max).sqrt()).clamp(R_MIN, R_MAX)
}

fn demand_colour(served: bool, covered: bool) -> &'static str {
    match (served, covered) {
        (_, true) => C_COVERED,
        (true, false) => C_SERVED,
        (false, false) => C_UNSERVED,
    }
}

fn w_max(map: &MapData) -> f64 {
    map.demand
        .iter()
        .map(|d| d.weight)
        .filter(|w| w.is_finite())
        .fold(0.0, f64::max)
}

fn write_demand(w: &mut dyn Write, map: &MapData, pr: &Projection) -> std::io::Result<()> {
    let mut s = String::with_capacity(1 << 16);
    let w_max = w_max(map);
    let mut order: Vec<usize> = (0..map.demand.len()).collect();
    // Largest first, so small circles stay visible on top (ties: input order).
    order.sort_by(|&a, &b| {
        map.demand[b]
            .weight
            .total_cmp(&map.demand[a].weight)
            .then(a.cmp(&b))
    });
    s.push_str("<g fill-opacity=\"0.6\" stroke=\"#fff\" stroke-width=\"0.5\">\n");
    for i in order {
        let d = &map.demand[i];
        let (x, y) = pr.xy(d.lon, d.lat);
        let name = d.name.as_deref().unwrap_or(&d.id);
        let _ = writeln!(
            s,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\"><title>{}: {}</title></circle>",
            num(x),
            num(y),
            num(radius(d.weight, w_max)),
            demand_colour(d.served, d.covered),
            escape(name),
            escape(&compact(d.weight))
        );
        if s.len() > 1 << 15 {
            w.write_all(s.as_bytes())?;
            s.clear();
        }
    }
    s.push_str("</g>\n");
    w.write_all(s.as_bytes())
}

/// Labels new sites, skipping labels that would overlap markers or labels
/// placed before them.
fn write_labels(s: &mut String, map: &MapData, pr: &Projection) {
    const MAX_LABELS: usize = 60;
    const FONT: f64 = 11.0;
    let mut taken: Vec<[f64; 4]> = Vec::new();
    let new_sites: Vec<_> = map
        .sites
        .iter()
        .filter(|x| x.role == SiteRole::New)
        .collect();
    // Labels keep clear of every prominent marker.
    for site in map.sites.iter().filter(|x| {
        matches!(
            x.role,
            SiteRole::New | SiteRole::Existing | SiteRole::Competitor
        )
    }) {
        let (x, y) = pr.xy(site.lon, site.lat);
        let r = if site.role == SiteRole::New { 9.0 } else { 5.5 };
        taken.push([x - r, y - r, x + r, y + r]);
    }
    let mut placed = 0;
    let mut out = String::new();
    for site in &new_sites {
        if placed == MAX_LABELS {
            break;
        }
        let text = site.name.as_deref().unwrap_or(&site.id);
        let text: String = text.chars().take(28).collect();
        let tw = FONT * 0.58 * text.chars().count() as f64;
        let (x, y) = pr.xy(site.lon, site.lat);
        // Right, left, above, below the marker, then the four diagonals.
        let spots = [
            (x + 11.0, y + 4.0, "start"),
            (x - 11.0, y + 4.0, "end"),
            (x, y - 12.0, "middle"),
            (x, y + 20.0, "middle"),
            (x + 8.0, y - 8.0, "start"),
            (x + 8.0, y + 17.0, "start"),
            (x - 8.0, y - 8.0, "end"),
            (x - 8.0, y + 17.0, "end"),
        ];
        for (tx, ty, anchor) in spots {
            let left = match anchor {
                "start" => tx,
                "end" => tx - tw,
                _ => tx - tw / 2.0,
            };
            let bx = [left, ty - FONT, left + tw, ty + 2.0];
            let inside = bx[0] >= pr.x0 + 2.0
                && bx[2] <= pr.x0 + pr.w - 2.0
                && bx[1] >= pr.y0 + 2.0
                && bx[3] <= pr.y0 + pr.h - 2.0;
            let free = taken
                .iter()
                .all(|t| bx[2] <= t[0] || bx[0] >= t[2] || bx[3] <= t[1] || bx[1] >= t[3]);
            if inside && free {
                let _ = writeln!(
                    out,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>",
                    num(tx),
                    num(ty),
                    escape(&text)
                );
                taken.push(bx);
                placed += 1;
                break;
            }
        }
    }
    if !out.is_empty() {
        let _ = writeln!(
            s,
            "<g font-size=\"{}\" font-weight=\"bold\" fill=\"#8a2a0e\" stroke=\"#fff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">",
            num(FONT)
        );
        s.push_str(&out);
        s.push_str("</g>\n");
    }
}

/// A round length near `target`: 1, 2 or 5 × 10ⁿ.
fn nice(target: f64) -> f64 {
    let p = 10f64.powf(target.log10().floor());
    let m = target / p;
    let f = if m >= 5.0 {
        5.0
    } else if m >= 2.0 {
        2.0
    } else {
        1.0
    };
    f * p
}

fn write_scale_bar(s: &mut String, pr: &Projection) {
    let ppk = pr.px_per_km();
    if !(ppk.is_finite() && ppk > 0.0) {
        return;
    }
    let km = nice(pr.w / 5.0 / ppk);
    let len = km * ppk;
    let (x, y) = (pr.x0 + 14.0, pr.y0 + pr.h - 16.0);
    let label = if km >= 1.0 {
        format!("{} km", num(km))
    } else {
        format!("{} m", num(km * 1000.0))
    };
    let _ = writeln!(
        s,
        "<g font-size=\"11\" fill=\"#333\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"30\" fill=\"#fff\" fill-opacity=\"0.75\" rx=\"3\"/><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"5\" fill=\"#333\"/><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"5\" fill=\"#fff\" stroke=\"#333\" stroke-width=\"0.8\"/><text x=\"{}\" y=\"{}\">0</text><text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text></g>",
        num(x - 6.0),
        num(y - 20.0),
        num(len + 40.0),
        num(x),
        num(y),
        num(len / 2.0),
        num(x + len / 2.0),
        num(y),
        num(len / 2.0),
        num(x - 3.0),
        num(y - 4.0),
        num(x + len),
        num(y - 4.0),
        escape(&label)
    );
}

fn write_legend(
    s: &mut String,
    map: &MapData,
    pr: &Projection,
    options: &SvgOptions<'_>,
    fills: Option<&CountryFills>,
) {
    let x = pr.x0 + pr.w + 16.0;
    let mut y = pr.y0 + 4.0;
    let count = |r: SiteRole| map.sites.iter().filter(|x| x.role == r).count();
    let _ = writeln!(s, "<g font-size=\"12\" fill=\"#222\">");
    if let Some(f) = fills {
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"14\" font-weight=\"bold\">{}</text>",
            num(x),
            num(y + 10.0),
            escape(&f.title)
        );
        y += 30.0;
        for (i, (label, colour)) in f.classes.iter().enumerate() {
            let _ = writeln!(
                s,
                "<rect x=\"{}\" y=\"{}\" width=\"18\" height=\"12\" fill=\"{}\" stroke=\"#a9a398\" stroke-width=\"0.6\"/><text x=\"{}\" y=\"{}\">{} ({})</text>",
                num(x + 1.0),
                num(y - 6.0),
                escape(colour),
                num(x + 26.0),
                num(y + 4.0),
                escape(label),
                f.count(i)
            );
            y += 22.0;
        }
        y += 14.0;
    }
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"{}\" font-size=\"14\" font-weight=\"bold\">Sites</text>",
        num(x),
        num(y + 10.0)
    );
    y += 30.0;
    for role in SiteRole::ALL {
        let n = count(role);
        if n == 0 && !matches!(role, SiteRole::Existing | SiteRole::New) {
            continue;
        }
        let label = match role {
            SiteRole::Existing => "Existing site",
            SiteRole::New => "New site",
            SiteRole::Candidate => "Candidate, not opened",
            SiteRole::Competitor => "Competitor",
            SiteRole::Excluded => "Excluded",
        };
        let _ = writeln!(
            s,
            "<use xlink:href=\"#{}\" x=\"{}\" y=\"{}\"/><text x=\"{}\" y=\"{}\">{label} ({n})</text>",
            marker_id(role),
            num(x + 10.0),
            num(y),
            num(x + 26.0),
            num(y + 4.0)
        );
        y += 24.0;
    }
    y += 10.0;
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"{}\" font-size=\"14\" font-weight=\"bold\">Demand</text>",
        num(x),
        num(y)
    );
    y += 8.0;
    let w_max = w_max(map);
    if w_max > 0.0 {
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#555\">circle area ∝ weight</text>",
            num(x),
            num(y + 10.0)
        );
        y += 20.0;
        for f in [1.0, 0.25, 1.0 / 16.0] {
            let r = radius(w_max * f, w_max);
            let row = (2.0 * r + 6.0).max(18.0);
            let cy = y + row / 2.0;
            let _ = writeln!(
                s,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"#888\" fill-opacity=\"0.25\" stroke=\"#666\" stroke-width=\"0.8\"/><text x=\"{}\" y=\"{}\">{}</text>",
                num(x + R_MAX),
                num(cy),
                num(r),
                num(x + 2.0 * R_MAX + 10.0),
                num(cy + 4.0),
                escape(&compact(w_max * f))
            );
            y += row;
        }
        y += 6.0;
    }
    let n_by = |served: bool, covered: bool| {
        map.demand
            .iter()
            .filter(|d| d.covered == covered && (covered || d.served == served))
            .count()
    };
    let classes = [
        (C_COVERED, "Covered", n_by(true, true)),
        (C_SERVED, "Served beyond the cutoff", n_by(true, false)),
        (C_UNSERVED, "Not served", n_by(false, false)),
    ];
    for (colour, label, n) in classes {
        if n == 0 && colour != C_COVERED {
            continue;
        }
        let _ = writeln!(
            s,
            "<circle cx=\"{}\" cy=\"{}\" r=\"6\" fill=\"{colour}\" fill-opacity=\"0.6\"/><text x=\"{}\" y=\"{}\">{label} ({n})</text>",
            num(x + 10.0),
            num(y + 4.0),
            num(x + 26.0),
            num(y + 8.0)
        );
        y += 22.0;
    }
    if options.lines && !map.lines.is_empty() {
        y += 4.0;
        let _ = writeln!(
            s,
            "<path d=\"M{},{}h18\" stroke=\"#555\" stroke-opacity=\"0.6\" stroke-width=\"1\"/><text x=\"{}\" y=\"{}\">Assignment</text>",
            num(x + 1.0),
            num(y + 4.0),
            num(x + 26.0),
            num(y + 8.0)
        );
    }
    s.push_str("</g>\n");
}

/// A point of a share map: a site and the share of scenarios choosing it.
///
/// # Examples
///
/// ```
/// use siteplan::io::svg::{write_share_map_svg, SharePoint};
/// let point = |id: &str, lon, lat, chosen: usize| SharePoint {
///     id: id.into(), name: String::new(), lon, lat, share: chosen as f64 / 4.0, chosen,
/// };
/// // Out of 4 scenarios: hz-1 is chosen in 3, sz-1 in none.
/// let points = [point("hz-1", 120.15, 30.28, 3), point("sz-1", 120.62, 31.31, 0)];
/// let mut buf = Vec::new();
/// write_share_map_svg(&mut buf, "Robust sites", &points, None)?;
/// let svg = String::from_utf8(buf)?;
/// assert!(svg.contains("2 candidate sites · 1 chosen in at least one scenario"));
/// assert!(svg.contains("<title>hz-1: chosen in 3 scenarios (75.0%)</title>"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SharePoint {
    /// Site id.
    pub id: String,
    /// Display name (may be empty).
    pub name: String,
    /// Longitude in degrees.
    pub lon: f64,
    /// Latitude in degrees.
    pub lat: f64,
    /// Share in [0, 1].
    pub share: f64,
    /// How many scenarios chose it.
    pub chosen: usize,
}

/// Colour of a share: light yellow through orange to dark red.
fn share_colour(share: f64) -> String {
    const STOPS: [(f64, [f64; 3]); 4] = [
        (0.0, [255.0, 237.0, 160.0]),
        (0.33, [254.0, 178.0, 76.0]),
        (0.66, [240.0, 59.0, 32.0]),
        (1.0, [128.0, 0.0, 38.0]),
    ];
    let t = if share.is_finite() {
        share.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let i = STOPS.iter().rposition(|s| s.0 <= t).unwrap_or(0).min(2);
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    let f = (t - a.0) / (b.0 - a.0);
    let c: Vec<String> = (0..3)
        .map(|k| format!("{:02x}", (a.1[k] + f * (b.1[k] - a.1[k])).round() as u8))
        .collect();
    format!("#{}", c.concat())
}

/// Writes an `<svg>` element (for inlining in HTML) mapping sites as
/// circles sized and coloured by their share — e.g. how often a candidate
/// is chosen across a sweep's scenarios — over optional country borders.
/// Sites never chosen are small grey dots. Deterministic like the plan map.
///
/// ```
/// use siteplan::io::svg::{write_share_map_svg, SharePoint};
/// let pts = [SharePoint { id: "a".into(), name: "A & B".into(), lon: 121.5, lat: 31.2, share: 0.5, chosen: 3 }];
/// let mut buf = Vec::new();
/// write_share_map_svg(&mut buf, "Robustness", &pts, None)?;
/// let s = String::from_utf8(buf).unwrap();
/// assert!(s.starts_with("<svg") && s.contains("A &amp; B"));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_share_map_svg(
    w: &mut dyn Write,
    title: &str,
    points: &[SharePoint],
    borders: Option<&Borders>,
) -> std::io::Result<()> {
    let pr = Projection::fit_points(points.iter().map(|p| (p.lon, p.lat)), 760.0);
    let total_w = PAD + pr.w + 16.0 + LEGEND_W + PAD;
    let total_h = TOP + pr.h + BOTTOM;
    let mut s = String::with_capacity(1 << 16);
    svg_head(&mut s, (total_w, total_h), title, "share-clip", &pr, None);
    let chosen = points.iter().filter(|p| p.chosen > 0).count();
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"50\" font-size=\"13\" fill=\"#555\">{} candidate sites · {} chosen in at least one scenario</text>",
        num(PAD),
        points.len(),
        chosen
    );
    let sea = if borders.is_some() {
        "#dde9f1"
    } else {
        "#f6f6f3"
    };
    let _ = writeln!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{sea}\"/>\n<g clip-path=\"url(#share-clip)\">",
        num(pr.x0),
        num(pr.y0),
        num(pr.w),
        num(pr.h)
    );
    w.write_all(s.as_bytes())?;
    s.clear();
    if let Some(b) = borders {
        write_borders(w, b, &pr, None)?;
    }
    // Never chosen first, then by share ascending, so robust sites end on top.
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by(|&a, &b| points[a].share.total_cmp(&points[b].share).then(a.cmp(&b)));
    s.push_str("<g stroke=\"#fff\" stroke-width=\"0.5\">\n");
    for i in order {
        let p = &points[i];
        let (x, y) = pr.xy(p.lon, p.lat);
        let label = if p.name.is_empty() || p.name == p.id {
            p.id.clone()
        } else {
            format!("{} ({})", p.name, p.id)
        };
        let (r, fill) = if p.chosen == 0 {
            (1.5, "#9a9a9a".to_string())
        } else {
            (share_radius(p.share), share_colour(p.share))
        };
        let _ = writeln!(
            s,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{fill}\" fill-opacity=\"0.85\"><title>{}: chosen in {} scenarios ({:.1}%)</title></circle>",
            num(x),
            num(y),
            num(r),
            escape(&label),
            p.chosen,
            100.0 * p.share
        );
        if s.len() > 1 << 15 {
            w.write_all(s.as_bytes())?;
            s.clear();
        }
    }
    s.push_str("</g>\n</g>\n");
    let _ = writeln!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#999\" stroke-width=\"1\"/>",
        num(pr.x0),
        num(pr.y0),
        num(pr.w),
        num(pr.h)
    );
    write_scale_bar(&mut s, &pr);
    // Legend.
    let x = pr.x0 + pr.w + 16.0;
    let mut y = pr.y0 + 14.0;
    let _ = writeln!(
        s,
        "<g font-size=\"12\" fill=\"#222\">\n<text x=\"{}\" y=\"{}\" font-size=\"14\" font-weight=\"bold\">Share of scenarios</text>",
        num(x),
        num(y)
    );
    y += 14.0;
    for share in [1.0, 0.75, 0.5, 0.25, 0.05] {
        let r = share_radius(share);
        let row = (2.0 * r + 6.0).max(18.0);
        let cy = y + row / 2.0;
        let _ = writeln!(
            s,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" fill-opacity=\"0.85\"/><text x=\"{}\" y=\"{}\">{}%</text>",
            num(x + 10.0),
            num(cy),
            num(r),
            share_colour(share),
            num(x + 28.0),
            num(cy + 4.0),
            num(100.0 * share)
        );
        y += row;
    }
    let _ = writeln!(
        s,
        "<circle cx=\"{}\" cy=\"{}\" r=\"1.5\" fill=\"#9a9a9a\"/><text x=\"{}\" y=\"{}\">never chosen</text>\n</g>",
        num(x + 10.0),
        num(y + 9.0),
        num(x + 28.0),
        num(y + 13.0)
    );
    let note = if borders.is_some() {
        "Borders: Natural Earth. Equirectangular projection, scaled at the middle latitude."
    } else {
        "Equirectangular projection, scaled at the middle latitude."
    };
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"#777\">{note}</text>\n</svg>",
        num(PAD),
        num(TOP + pr.h + 18.0)
    );
    w.write_all(s.as_bytes())
}

fn share_radius(share: f64) -> f64 {
    let t = if share.is_finite() {
        share.clamp(0.0, 1.0)
    } else {
        0.0
    };
    2.5 + 9.5 * t.sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_fixed_and_never_negative_zero() {
        assert_eq!(num(1.25), "1.2");
        assert_eq!(num(3.0), "3");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(-2.55), "-2.5");
        assert_eq!(compact(24_874_500.0), "24.9M");
        assert_eq!(compact(12_345.0), "12.3k");
        assert_eq!(compact(950.0), "950");
        assert_eq!(compact(560_123.0), "560k");
        assert_eq!(compact(99_960.0), "100k");
    }

    #[test]
    fn share_colours_run_from_yellow_to_dark_red() {
        assert_eq!(share_colour(0.0), "#ffeda0");
        assert_eq!(share_colour(1.0), "#800026");
        assert_eq!(share_colour(2.0), "#800026");
        assert!(share_radius(1.0) > share_radius(0.25));
    }

    #[test]
    fn nice_lengths() {
        assert_eq!(nice(230.0), 200.0);
        assert_eq!(nice(74.0), 50.0);
        assert_eq!(nice(1.4), 1.0);
    }

    #[test]
    fn clipping_keeps_the_inside_part() {
        let sq = vec![(-10.0, -10.0), (10.0, -10.0), (10.0, 10.0), (-10.0, 10.0)];
        let c = clip_polygon(sq, [0.0, 0.0, 5.0, 5.0]);
        let (mut x0, mut x1) = (f64::INFINITY, f64::NEG_INFINITY);
        for p in &c {
            x0 = x0.min(p.0);
            x1 = x1.max(p.0);
        }
        assert_eq!((x0, x1), (0.0, 5.0));
        assert!(clip_polygon(
            vec![(20.0, 20.0), (30.0, 20.0), (30.0, 30.0)],
            [0.0, 0.0, 5.0, 5.0]
        )
        .is_empty());
    }

    #[test]
    fn thinning_drops_close_points() {
        let pts = [(0.0, 0.0), (0.1, 0.1), (5.0, 0.0), (5.0, 5.0), (0.2, 0.0)];
        assert_eq!(
            thin_ring(&pts, 0.5),
            vec![(0.0, 0.0), (5.0, 0.0), (5.0, 5.0)]
        );
    }
}
