//! The page parts of an interactive map: style sheets, the map element and
//! the scripts.

use super::model::WebMap;

/// Leaflet's style sheet, vendored (assets/leaflet/leaflet.css).
const LEAFLET_CSS: &str = include_str!("../../../assets/leaflet/leaflet.css");
/// Leaflet, vendored (assets/leaflet/leaflet.js).
const LEAFLET_JS: &str = include_str!("../../../assets/leaflet/leaflet.js");
/// siteplan's map script: builds every `.sp-webmap` from its JSON.
const MAP_JS: &str = include_str!("map.js");

/// The map's own style: its box, the numbered markers, labels, the legend,
/// and the two rules of Leaflet's sheet that name image files overridden
/// (the page fetches nothing).
const MAP_CSS: &str = ".sp-webmap{height:540px;max-height:75vh;min-height:320px;border:1px solid #ddd;background:#dbe9f4;margin:8px 0}\
.leaflet-control-layers-toggle,.leaflet-retina .leaflet-control-layers-toggle,.leaflet-default-icon-path{background-image:none}\
.leaflet-control-layers-toggle{width:auto;height:auto;padding:6px 10px;font-weight:bold;color:#333;text-decoration:none;white-space:nowrap}\
.leaflet-control-layers-toggle::after{content:\"Layers\"}\
.leaflet-container{font:13px/1.4 Helvetica,Arial,sans-serif}\
.sp-num{background:#f28e2b;color:#fff;border:2px solid #7a2e0e;border-radius:50%;font:bold 11px/20px Helvetica,Arial,sans-serif;text-align:center;box-sizing:border-box}\
.sp-key{display:inline-block;width:14px;height:14px;vertical-align:middle;line-height:10px;font-size:9px}\
.sp-dot{border-radius:50%;border:1px solid #444;box-sizing:border-box}\
.sp-legend{background:rgba(255,255,255,.92);padding:6px 8px;border-radius:4px;font-size:12px;line-height:18px;box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:60vw}\
.sp-label{background:rgba(255,255,255,.85);border:0;box-shadow:none;padding:0 3px;font-size:11px}\
.leaflet-popup-content table{margin:4px 0 0;font-size:12px}.leaflet-popup-content th,.leaflet-popup-content td{padding:1px 6px 1px 0;border:0;background:none}\
tr.sp-link{cursor:pointer}tr.sp-link:hover td,tr.sp-link:focus td{background:#fff4e5}\
.print-only{display:none}\
@media (max-width:600px){.sp-legend{font-size:11px;line-height:15px;padding:4px 6px}.sp-webmap{height:440px}}\
@media print{.sp-webmap{display:none}.print-only{display:block}}";

/// The style sheets a page with interactive maps puts in its `<head>`:
/// Leaflet's and the map's own.
///
/// # Examples
///
/// ```
/// let head = siteplan::io::webmap::page_head();
/// assert!(head.starts_with("<style>") && head.contains(".leaflet-container"));
/// ```
pub fn page_head() -> String {
    format!("<style>{LEAFLET_CSS}\n{MAP_CSS}</style>\n")
}

/// The scripts a page with interactive maps puts at the end of its
/// `<body>`: Leaflet (without its source-map comment: nothing is fetched)
/// and the script that builds every map from its data.
///
/// # Examples
///
/// ```
/// let js = siteplan::io::webmap::page_scripts();
/// assert!(js.contains("Leaflet") && !js.contains("sourceMappingURL"));
/// ```
pub fn page_scripts() -> String {
    let leaflet = LEAFLET_JS.trim_end();
    let leaflet = leaflet
        .strip_suffix("//# sourceMappingURL=leaflet.js.map")
        .unwrap_or(leaflet);
    format!("<script>{leaflet}</script>\n<script>{MAP_JS}</script>\n")
}

impl WebMap {
    /// The map's element (`id`), its data and a note for readers without
    /// scripts; [`page_head`] and [`page_scripts`] bring the rest.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::webmap::WebMap;
    /// let html = WebMap::default().html("map");
    /// assert!(html.contains("<script type=\"application/json\" id=\"map-data\">"));
    /// ```
    pub fn html(&self, id: &str) -> String {
        format!(
            "<div id=\"{id}\" class=\"sp-webmap\" role=\"region\" aria-label=\"Interactive map\"></div>\n<script type=\"application/json\" id=\"{id}-data\">{}</script>\n",
            self.json()
        )
    }
}
