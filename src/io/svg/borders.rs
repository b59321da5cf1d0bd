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
    /// Country names by `iso_a2` code (the first feature's `name`).
    pub(super) names: std::collections::BTreeMap<String, String>,
    /// Province (admin-1) borders drawn as thin lines over the countries.
    pub(super) provinces: Vec<BorderPolygon>,
}

#[derive(Debug, Clone)]
pub(super) struct BorderPolygon {
    /// `[west, south, east, north]`.
    pub(super) bbox: [f64; 4],
    pub(super) rings: Vec<Vec<[f64; 2]>>,
    /// The feature's `iso_a2` property (ISO 3166-1 alpha-2), if any.
    pub(super) iso_a2: Option<String>,
    /// The feature's `name` property, if any.
    pub(super) name: Option<String>,
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

    /// The name of the country with ISO 3166-1 alpha-2 code `iso2`, from the
    /// features' `name` and `iso_a2` properties.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::Borders;
    /// let gj = r#"{"type":"Feature","properties":{"name":"Norway","iso_a2":"NO"},
    ///   "geometry":{"type":"Polygon","coordinates":[[[5,58],[11,58],[11,64],[5,58]]]}}"#;
    /// let b = Borders::parse(gj.as_bytes(), "no.geojson")?;
    /// assert_eq!(b.country_name("NO"), Some("Norway"));
    /// assert_eq!(b.country_name("SE"), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn country_name(&self, iso2: &str) -> Option<&str> {
        self.names.get(iso2).map(String::as_str)
    }

    /// The rings of every polygon whose box meets `bbox` (`[west, south,
    /// east, north]`), as `[lon, lat]`, with points closer than `min_step`
    /// degrees to the last kept one dropped (each ring keeps at least 4).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::Borders;
    /// let gj = r#"{"type":"MultiPolygon","coordinates":[
    ///   [[[0,0],[0.001,0],[1,0],[1,1],[0,1],[0,0]]], [[[50,50],[51,50],[51,51],[50,50]]]]}"#;
    /// let b = Borders::parse(gj.as_bytes(), "b.geojson")?;
    /// let rings = b.rings_within([-1.0, -1.0, 2.0, 2.0], 0.01);
    /// assert_eq!(rings.len(), 1); // the far polygon is left out
    /// assert_eq!(rings[0].len(), 5); // (0.001, 0) is too close to (0, 0)
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rings_within(&self, bbox: [f64; 4], min_step: f64) -> Vec<Vec<[f64; 2]>> {
        rings_of(&self.polygons, bbox, min_step)
    }

    /// [`Borders::rings_within`] for the province borders.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::Borders;
    /// let gj = r#"{"type":"Feature","properties":{"name":"Anhui"},
    ///   "geometry":{"type":"Polygon","coordinates":[[[115,30],[119,30],[119,34],[115,30]]]}}"#;
    /// let mut b = Borders::default();
    /// b.add_provinces(gj.as_bytes(), "provinces.geojson")?;
    /// assert_eq!(b.province_rings_within([110.0, 25.0, 125.0, 40.0], 0.01).len(), 1);
    /// assert!(b.rings_within([110.0, 25.0, 125.0, 40.0], 0.01).is_empty());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn province_rings_within(&self, bbox: [f64; 4], min_step: f64) -> Vec<Vec<[f64; 2]>> {
        rings_of(&self.provinces, bbox, min_step)
    }

    /// Number of province polygons.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(siteplan::io::Borders::default().province_count(), 0);
    /// ```
    pub fn province_count(&self) -> usize {
        self.provinces.len()
    }

    /// Adds province (admin-1) borders from GeoJSON (Multi)Polygons; they
    /// are drawn as thin lines over the countries and never filled.
    /// `label` names the source in errors.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::Borders;
    /// let mut b = Borders::default();
    /// let two = r#"{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[2,0],[3,0],[3,1],[2,0]]]]}"#;
    /// b.add_provinces(two.as_bytes(), "p.geojson")?;
    /// assert_eq!((b.len(), b.province_count()), (0, 2));
    /// assert!(b.add_provinces("[".as_bytes(), "bad.geojson").is_err());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn add_provinces(&mut self, reader: impl std::io::Read, label: &str) -> Result<()> {
        let mut p = Borders::parse(reader, label)?;
        self.provinces.append(&mut p.polygons);
        Ok(())
    }

    /// Reads the country borders in `path` and the province borders of
    /// every `provinces_*.geojson` in the same folder (in name order), as
    /// shipped in `data/borders/`.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::Borders;
    /// let dir = tempfile::tempdir()?;
    /// let square = r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}"#;
    /// std::fs::write(dir.path().join("countries.geojson"), square)?;
    /// std::fs::write(dir.path().join("provinces_xx.geojson"), square)?;
    /// let b = Borders::read_with_provinces(&dir.path().join("countries.geojson"))?;
    /// assert_eq!((b.len(), b.province_count()), (1, 1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_with_provinces(path: &Path) -> Result<Borders> {
        let mut b = Borders::read(path)?;
        for p in provinces_beside(path) {
            let file = crate::io::geojson::open_input(&p, "a GeoJSON file of province borders")?;
            b.add_provinces(file, &p.display().to_string())?;
        }
        Ok(b)
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
                let props = v.get("properties");
                let text = |k: &str| props.and_then(|p| p.get(k)).and_then(Value::as_str);
                let (iso, name) = (text("iso_a2"), text("name"));
                if let (Some(iso), Some(name)) = (iso, name) {
                    self.names
                        .entry(iso.to_string())
                        .or_insert_with(|| name.to_string());
                }
                if let Some(g) = v.get("geometry") {
                    let first = self.polygons.len();
                    self.add(g, iso);
                    for p in &mut self.polygons[first..] {
                        p.name = name.map(str::to_owned);
                    }
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
                name: None,
            });
        }
    }
}

/// The `provinces_*.geojson` files in the folder of `countries`, by name.
fn provinces_beside(countries: &Path) -> Vec<std::path::PathBuf> {
    let dir = match countries.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut found: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("provinces_") && n.ends_with(".geojson"))
                && p != countries
                && p.is_file()
        })
        .collect();
    found.sort();
    found
}

/// The rings of the polygons whose box meets `bbox`, thinned
/// ([`Borders::rings_within`]).
fn rings_of(polygons: &[BorderPolygon], bbox: [f64; 4], min_step: f64) -> Vec<Vec<[f64; 2]>> {
    let mut out = Vec::new();
    for p in polygons {
        let b = p.bbox;
        if b[0] > bbox[2] || b[2] < bbox[0] || b[1] > bbox[3] || b[3] < bbox[1] {
            continue;
        }
        for ring in &p.rings {
            let mut kept: Vec<[f64; 2]> = Vec::with_capacity(ring.len());
            for (i, q) in ring.iter().enumerate() {
                let far = kept.last().is_none_or(|k: &[f64; 2]| {
                    (k[0] - q[0]).abs().max((k[1] - q[1]).abs()) >= min_step
                });
                if far || i + 1 == ring.len() {
                    kept.push(*q);
                }
            }
            if kept.len() >= 4 {
                out.push(kept);
            }
        }
    }
    out
}
