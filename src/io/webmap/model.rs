//! What an interactive map shows ([`WebMap`]) and its JSON.

use crate::io::svg::{escape, Borders};
use serde_json::{json, Value};

/// An interactive map: layers of points, numbered markers, lines, borders
/// and a legend, in the order they are drawn (later layers on top).
///
/// # Examples
///
/// ```
/// use siteplan::io::webmap::{WebLayer, WebMap, WebPoint};
/// let mut map = WebMap::default();
/// let mut sites = WebLayer::new("Sites", "#1b2a49", "#1b2a49");
/// sites.points.push(WebPoint::new(31.23, 121.47, 5.0).with_tip("Shanghai"));
/// map.layers.push(sites);
/// map.fit_to_points(0.0);
/// assert_eq!(map.fit, [121.47, 31.23, 121.47, 31.23]);
/// let html = map.html("m1");
/// assert!(html.contains("<div id=\"m1\" class=\"sp-webmap\"") && html.contains("Shanghai"));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WebMap {
    /// `[west, south, east, north]`: the view the map opens on.
    pub fit: [f64; 4],
    /// Point layers, each with a toggle.
    pub layers: Vec<WebLayer>,
    /// Lines `[lat, lon, lat, lon]` (demand point to site), one toggle.
    pub lines: Vec<[f64; 4]>,
    /// Whether the lines are shown when the map opens.
    pub lines_on: bool,
    /// Border rings `[lon, lat]`, one toggle.
    pub borders: Vec<Vec<[f64; 2]>>,
    /// Province border rings `[lon, lat]`, drawn as thin lines, one toggle.
    pub provinces: Vec<Vec<[f64; 2]>>,
    /// The credit line (sources of the borders).
    pub credit: String,
    /// Legend rows: (colour, numbered, text).
    pub legend: Vec<(String, bool, String)>,
}

/// One layer of points with a toggle of its own.
///
/// # Examples
///
/// ```
/// use siteplan::io::webmap::{WebLayer, WebPoint};
/// let mut new = WebLayer::new("New sites", "#7a2e0e", "#f28e2b").numbered();
/// new.points.push(WebPoint::new(30.28, 120.15, 8.0).with_label("1").with_key("hz-1"));
/// assert!(new.numbered && new.on);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct WebLayer {
    /// Name in the layer control.
    pub name: String,
    /// Shown when the map opens.
    pub on: bool,
    /// Outline colour.
    pub stroke: String,
    /// Fill colour (a point may have its own).
    pub fill: String,
    /// Fill opacity, 0 to 1.
    pub opacity: f64,
    /// Points drawn as numbered markers (their `label`) instead of circles.
    pub numbered: bool,
    /// The points.
    pub points: Vec<WebPoint>,
}

impl WebLayer {
    /// An empty layer, shown, with circles of these colours.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::webmap::WebLayer;
    /// let l = WebLayer::new("Demand", "#fff", "#2b7bba");
    /// assert!(l.on && !l.numbered && l.points.is_empty());
    /// ```
    pub fn new(name: impl Into<String>, stroke: &str, fill: &str) -> Self {
        WebLayer {
            name: name.into(),
            on: true,
            stroke: stroke.into(),
            fill: fill.into(),
            opacity: 0.85,
            numbered: false,
            points: Vec::new(),
        }
    }

    /// The same layer drawn as numbered markers.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::webmap::WebLayer;
    /// assert!(WebLayer::new("New", "#000", "#f80").numbered().numbered);
    /// ```
    pub fn numbered(mut self) -> Self {
        self.numbered = true;
        self
    }

    /// The same layer, hidden or shown when the map opens.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::webmap::WebLayer;
    /// assert!(!WebLayer::new("Candidates", "#999", "#ccc").shown(false).on);
    /// ```
    pub fn shown(mut self, on: bool) -> Self {
        self.on = on;
        self
    }
}

/// A point of a [`WebLayer`]: where, how large, its hover label and its
/// click popup (HTML, already escaped).
///
/// # Examples
///
/// ```
/// use siteplan::io::webmap::{popup_html, WebPoint};
/// let p = WebPoint::new(31.23, 121.47, 6.0)
///     .with_tip("Shanghai")
///     .with_popup(popup_html("Shanghai", &[("Population", "24,874,500".into())]));
/// assert!(p.popup.contains("<th>Population</th><td>24,874,500</td>"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct WebPoint {
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Radius in pixels (circles).
    pub radius: f64,
    /// Hover text (plain text).
    pub tip: String,
    /// Click popup (HTML).
    pub popup: String,
    /// Own fill colour, else the layer's.
    pub fill: Option<String>,
    /// Marker number (numbered layers) or a label always shown.
    pub label: Option<String>,
    /// Key of the table row (`data-site`) that opens this point.
    pub key: Option<String>,
}

impl WebPoint {
    /// A point with no text.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::webmap::WebPoint;
    /// let p = WebPoint::new(48.85, 2.35, 4.0);
    /// assert!(p.tip.is_empty() && p.key.is_none());
    /// ```
    pub fn new(lat: f64, lon: f64, radius: f64) -> Self {
        WebPoint {
            lat,
            lon,
            radius,
            tip: String::new(),
            popup: String::new(),
            fill: None,
            label: None,
            key: None,
        }
    }

    /// With a hover text.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::webmap::WebPoint;
    /// assert_eq!(WebPoint::new(0.0, 0.0, 1.0).with_tip("a").tip, "a");
    /// ```
    pub fn with_tip(mut self, tip: impl Into<String>) -> Self {
        self.tip = tip.into();
        self
    }

    /// With a click popup (HTML, see [`popup_html`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::webmap::WebPoint;
    /// assert_eq!(WebPoint::new(0.0, 0.0, 1.0).with_popup("<b>a</b>").popup, "<b>a</b>");
    /// ```
    pub fn with_popup(mut self, popup: impl Into<String>) -> Self {
        self.popup = popup.into();
        self
    }

    /// With a fill colour of its own.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::webmap::WebPoint;
    /// assert_eq!(WebPoint::new(0.0, 0.0, 1.0).with_fill("#d62728").fill.as_deref(), Some("#d62728"));
    /// ```
    pub fn with_fill(mut self, fill: &str) -> Self {
        self.fill = Some(fill.into());
        self
    }

    /// With a number (numbered layers) or a label shown at all times.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::webmap::WebPoint;
    /// assert_eq!(WebPoint::new(0.0, 0.0, 1.0).with_label("7").label.as_deref(), Some("7"));
    /// ```
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// With the key of the table row that opens it.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::webmap::WebPoint;
    /// assert_eq!(WebPoint::new(0.0, 0.0, 1.0).with_key("s1").key.as_deref(), Some("s1"));
    /// ```
    pub fn with_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }
}

/// A popup: a bold title and a two-column table, every text escaped.
///
/// # Examples
///
/// ```
/// use siteplan::io::webmap::popup_html;
/// let html = popup_html("A & B", &[("Status", "new".into())]);
/// assert_eq!(html, "<b>A &amp; B</b><table><tr><th>Status</th><td>new</td></tr></table>");
/// ```
pub fn popup_html(title: &str, rows: &[(&str, String)]) -> String {
    let mut s = format!("<b>{}</b><table>", escape(title));
    for (k, v) in rows {
        s.push_str(&format!(
            "<tr><th>{}</th><td>{}</td></tr>",
            escape(k),
            escape(v)
        ));
    }
    s.push_str("</table>");
    s
}

/// Rounds to 5 decimals (about 1 m), the precision of the map's data.
fn r5(x: f64) -> f64 {
    (x * 1e5).round() / 1e5
}

impl WebMap {
    /// Sets `fit` to the box of all points, trimmed by `trim` (a fraction,
    /// e.g. 0.01) of the points at each side so a few far islands do not
    /// shrink the rest.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::webmap::{WebLayer, WebMap, WebPoint};
    /// let mut map = WebMap::default();
    /// let mut l = WebLayer::new("Demand", "#fff", "#2b7bba");
    /// for i in 0..99 { l.points.push(WebPoint::new(40.0 + i as f64 / 10.0, 10.0, 2.0)); }
    /// l.points.push(WebPoint::new(28.1, -15.4, 2.0)); // one far island
    /// map.layers.push(l);
    /// map.fit_to_points(0.02);
    /// assert!(map.fit[0] == 10.0 && map.fit[1] > 40.0);
    /// ```
    pub fn fit_to_points(&mut self, trim: f64) {
        let mut lats: Vec<f64> = Vec::new();
        let mut lons: Vec<f64> = Vec::new();
        for p in self.layers.iter().flat_map(|l| &l.points) {
            lats.push(p.lat);
            lons.push(p.lon);
        }
        if lats.is_empty() {
            self.fit = [-180.0, -60.0, 180.0, 75.0];
            return;
        }
        lats.sort_by(f64::total_cmp);
        lons.sort_by(f64::total_cmp);
        let n = lats.len();
        let k = ((n as f64 * trim).floor() as usize).min((n - 1) / 2);
        self.fit = [lons[k], lats[k], lons[n - 1 - k], lats[n - 1 - k]];
    }

    /// Sets `fit` as [`fit_to_points`](Self::fit_to_points) does, over the
    /// layers not named in `leave_out` (say, candidates left closed).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::webmap::{WebLayer, WebMap, WebPoint};
    /// let mut map = WebMap::default();
    /// let mut open = WebLayer::new("Open", "#000", "#000");
    /// open.points.push(WebPoint::new(31.2, 121.5, 4.0));
    /// let mut far = WebLayer::new("Closed", "#999", "#ccc");
    /// far.points.push(WebPoint::new(45.0, 90.0, 2.0));
    /// map.layers = vec![open, far];
    /// map.fit_to_layers(&["Closed"], 0.0);
    /// assert_eq!(map.fit, [121.5, 31.2, 121.5, 31.2]);
    /// assert_eq!(map.layers.len(), 2);
    /// ```
    pub fn fit_to_layers(&mut self, leave_out: &[&str], trim: f64) {
        let all = std::mem::take(&mut self.layers);
        self.layers = all
            .iter()
            .filter(|l| !leave_out.contains(&l.name.as_str()))
            .cloned()
            .collect();
        self.fit_to_points(trim);
        self.layers = all;
    }

    /// Adds the rings of `borders` near the map's `fit` box (widened by
    /// half its size), thinned to steps of about 1/400 of the box.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::{webmap::WebMap, Borders};
    /// let gj = r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}"#;
    /// let mut map = WebMap { fit: [0.2, 0.2, 0.8, 0.8], ..Default::default() };
    /// map.add_borders(&Borders::parse(gj.as_bytes(), "b.geojson")?);
    /// assert_eq!(map.borders.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_borders(&mut self, borders: &Borders) {
        let [w, s, e, n] = self.fit;
        let (dx, dy) = (((e - w) / 2.0).max(2.0), ((n - s) / 2.0).max(2.0));
        let step = ((e - w).max(n - s) / 400.0).max(0.005);
        let near = [w - dx, s - dy, e + dx, n + dy];
        self.borders = borders.rings_within(near, step);
        self.provinces = borders.province_rings_within(near, step);
        if !self.borders.is_empty() && self.credit.is_empty() {
            self.credit = "Borders: Natural Earth".into();
        }
    }

    /// The map's data as JSON (coordinates rounded to 5 decimals; `<`
    /// written as `\u003c` so the text can sit inside a `<script>`).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::webmap::WebMap;
    /// let json = WebMap::default().json();
    /// assert!(json.starts_with("{\"borders\":[]"));
    /// ```
    pub fn json(&self) -> String {
        let point = |p: &WebPoint| -> Value {
            let mut a = vec![
                json!(r5(p.lat)),
                json!(r5(p.lon)),
                json!((p.radius * 10.0).round() / 10.0),
                json!(p.tip),
                json!(p.popup),
            ];
            let opt = |o: &Option<String>| o.as_ref().map_or(Value::Null, |s| json!(s));
            let tail = [opt(&p.fill), opt(&p.label), opt(&p.key)];
            let keep = tail.iter().rposition(|v| !v.is_null()).map_or(0, |i| i + 1);
            a.extend(tail.into_iter().take(keep));
            Value::Array(a)
        };
        let layers: Vec<Value> = self
            .layers
            .iter()
            .map(|l| {
                json!({
                    "name": l.name, "on": l.on, "stroke": l.stroke, "fill": l.fill,
                    "opacity": l.opacity, "numbered": l.numbered,
                    "points": l.points.iter().map(point).collect::<Vec<_>>(),
                })
            })
            .collect();
        let latlon = |rings: &[Vec<[f64; 2]>]| -> Vec<Vec<[f64; 2]>> {
            rings
                .iter()
                .map(|r| r.iter().map(|p| [r5(p[1]), r5(p[0])]).collect())
                .collect()
        };
        let borders = latlon(&self.borders);
        let lines: Vec<[f64; 4]> = self
            .lines
            .iter()
            .map(|l| [r5(l[0]), r5(l[1]), r5(l[2]), r5(l[3])])
            .collect();
        let [w, s, e, n] = self.fit;
        let v = json!({
            "borders": borders,
            "credit": self.credit,
            "fit": [[r5(s), r5(w)], [r5(n), r5(e)]],
            "layers": layers,
            "legend": self.legend.iter().map(|(c, num, t)| json!([c, num, t])).collect::<Vec<_>>(),
            "lines": lines,
            "lines_on": self.lines_on,
            "provinces": latlon(&self.provinces),
        });
        serde_json::to_string(&v)
            .expect("the map's data serialises")
            .replace('<', "\\u003c")
    }
}
