//! Country borders and country fills under a map.

use crate::error::{Error, InputProblem, Result};
use serde_json::Value;
use std::path::Path;

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
    pub(super) polygons: Vec<BorderPolygon>,
}

#[derive(Debug, Clone)]
pub(super) struct BorderPolygon {
    /// `[west, south, east, north]`.
    pub(super) bbox: [f64; 4],
    pub(super) rings: Vec<Vec<[f64; 2]>>,
    /// The feature's `iso_a2` property (ISO 3166-1 alpha-2), if any.
    pub(super) iso_a2: Option<String>,
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

    pub(super) fn colour(&self, iso2: Option<&str>) -> Option<&str> {
        let c = *self.by_iso2.get(iso2?)?;
        self.classes.get(c).map(|(_, colour)| colour.as_str())
    }

    pub(super) fn count(&self, class: usize) -> usize {
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
        let file = crate::io::geojson::open_input(path, "a GeoJSON file of country borders")?;
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

    pub(super) fn add(&mut self, v: &Value, iso_a2: Option<&str>) {
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

    pub(super) fn add_polygon(&mut self, c: &Value, iso_a2: Option<&str>) {
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
