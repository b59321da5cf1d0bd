//! Reading a report's maps back: the interactive map's view and the open
//! sites of a plan.geojson.

use serde_json::Value;

/// The view the report's first interactive map opens on, `[west, south,
/// east, north]`, from its data (`"fit":[[south,west],[north,east]]`).
pub fn web_map_fit(html: &str) -> [f64; 4] {
    let at = html
        .find("\"fit\":")
        .expect("the report has an interactive map");
    let rest = &html[at + 6..];
    let end = rest.find("]]").expect("the fit ends") + 2;
    let v: Value = serde_json::from_str(&rest[..end]).expect("the fit is JSON");
    let n = |i: usize, j: usize| v[i][j].as_f64().expect("a number");
    [n(0, 1), n(0, 0), n(1, 1), n(1, 0)]
}

/// `(lon, lat)` of the sites of a plan.geojson that are open (status
/// `existing` or `new`).
pub fn open_sites(plan_geojson: &str) -> Vec<(f64, f64)> {
    let v: Value = serde_json::from_str(plan_geojson).expect("plan.geojson is JSON");
    v["features"]
        .as_array()
        .expect("features")
        .iter()
        .filter(|f| {
            f["properties"]["kind"] == "site"
                && matches!(f["properties"]["status"].as_str(), Some("existing" | "new"))
        })
        .map(|f| {
            let c = &f["geometry"]["coordinates"];
            (c[0].as_f64().unwrap(), c[1].as_f64().unwrap())
        })
        .collect()
}

/// Whether `(lon, lat)` lies in `bbox` (`[west, south, east, north]`),
/// with a margin of 1e-4 degrees for the rounding of the map's data.
pub fn within(bbox: [f64; 4], (lon, lat): (f64, f64)) -> bool {
    let m = 1e-4;
    lon >= bbox[0] - m && lon <= bbox[2] + m && lat >= bbox[1] - m && lat <= bbox[3] + m
}
