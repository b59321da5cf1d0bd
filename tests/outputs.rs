//! Output files: plan.geojson (RFC 7946), report.html and report.md. The
//! maps (plan.svg) and the `render` command: tests/output_maps.rs.

mod common;

use std::process::Command;

use common::xml::{check_xml, without_code};
use serde_json::Value;
use siteplan::io::{self, before_after, CurvePoint, GeoJsonOptions, PlanView, Report, SiteRole};
use siteplan::{Haversine, Km, Plan, Problem, Reach, TravelCost};

use common::outputs::{fixture, tiny_borders, two_scenario_sweep, view, TRICKY};

// ---------------------------------------------------------------- GeoJSON

#[test]
fn plan_view_derives_roles_loads_and_coverage() {
    let (problem, plan) = fixture();
    let v = view(&problem, &plan);
    let roles: Vec<SiteRole> = v.sites.iter().map(|s| s.role).collect();
    use SiteRole::*;
    assert_eq!(
        roles,
        [Existing, Existing, New, New, Candidate, Competitor, Excluded]
    );
    // Shanghai keeps 3/4 of Hangzhou; Beijing 1/4.
    assert_eq!(v.sites[0].served_weight, 24_874_500.0 + 0.75 * 6_241_971.0);
    assert_eq!(v.demand[5].site, Some(0));
    assert!(!v.demand[5].covered, "164.1 > 150");
    assert!(v.demand[0].covered);
    assert_eq!(v.demand[7].site, None);
    assert!(!v.demand[7].covered);
}

#[test]
fn plan_view_rejects_a_plan_for_another_problem() {
    let (problem, mut plan) = fixture();
    plan.open.push(99);
    let err = PlanView::new(&problem, &plan).unwrap_err();
    assert!(err.to_string().contains("site 99"), "{err}");
}

#[test]
fn geojson_follows_rfc_7946() {
    let (problem, plan) = fixture();
    let v = view(&problem, &plan);
    let text = io::plan_geojson_string(&v, &GeoJsonOptions::default().with_lines(true));
    let gj: Value = serde_json::from_str(&text).unwrap();
    let top = gj.as_object().unwrap();
    assert_eq!(top["type"], "FeatureCollection");
    for k in top.keys() {
        assert!(
            ["type", "bbox", "features"].contains(&k.as_str()),
            "top-level member {k}"
        );
    }
    assert!(!text.contains("\"crs\""));
    let bbox: Vec<f64> = top["bbox"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert_eq!(bbox, [87.60046, 22.54554, 121.47, 43.80096]);

    let features = top["features"].as_array().unwrap();
    assert_eq!(features.len(), 7 + 8 + 8);
    let mut positions = Vec::new();
    for f in features {
        assert_eq!(f["type"], "Feature");
        let g = &f["geometry"];
        match g["type"].as_str().unwrap() {
            "Point" => positions.push(g["coordinates"].clone()),
            "LineString" => positions.extend(g["coordinates"].as_array().unwrap().iter().cloned()),
            other => panic!("unexpected geometry {other}"),
        }
    }
    for p in &positions {
        let p = p.as_array().unwrap();
        assert_eq!(p.len(), 2);
        let (lon, lat) = (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
        assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
        for x in [lon, lat] {
            assert_eq!((x * 1e6).round() / 1e6, x, "{x} has more than 6 decimals");
        }
    }
    // [lon, lat] order, rounded to 6 decimals.
    assert_eq!(
        features[2]["geometry"]["coordinates"],
        serde_json::json!([113.261111, 23.123457])
    );
    assert_eq!(
        features[7]["geometry"]["coordinates"],
        serde_json::json!([121.45806, 31.22222])
    );
    // China lies east of 73°E and north of 18°N: longitudes come first.
    for p in &positions {
        assert!(p[0].as_f64().unwrap() > p[1].as_f64().unwrap());
    }
}

#[test]
fn geojson_properties() {
    let (problem, plan) = fixture();
    let v = view(&problem, &plan);
    let text = io::plan_geojson_string(&v, &GeoJsonOptions::default().with_lines(true));
    let gj: Value = serde_json::from_str(&text).unwrap();
    let f = gj["features"].as_array().unwrap();
    let statuses: Vec<&str> = f[..7]
        .iter()
        .map(|x| x["properties"]["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        [
            "existing",
            "existing",
            "new",
            "new",
            "candidate",
            "competitor",
            "excluded"
        ]
    );
    let gz = &f[2]["properties"];
    assert_eq!(gz["id"], "c-gz");
    assert_eq!(gz["opened"], true);
    assert_eq!(gz["country"], "CN");
    assert_eq!(gz["load"], Value::Null);
    assert_eq!(
        gz["served_weight"],
        17_494_398.0 + 16_096_724.0 + 4_184_206.0
    );
    assert_eq!(f[4]["properties"]["opened"], false);
    assert_eq!(f[3]["properties"]["name"], TRICKY);

    let hz = &f[7 + 5]["properties"];
    assert_eq!(hz["id"], "hz");
    assert_eq!(hz["site_id"], "s-sh");
    assert_eq!(hz["cost"], 164.1);
    assert_eq!(hz["covered"], false);
    assert_eq!(hz["weight"], 6_241_971.0);
    let ur = &f[7 + 7]["properties"];
    assert_eq!(
        (&ur["site_id"], &ur["cost"], &ur["covered"]),
        (&Value::Null, &Value::Null, &Value::Bool(false))
    );

    let split: Vec<&Value> = f[15..]
        .iter()
        .map(|x| &x["properties"])
        .filter(|p| p["demand_id"] == "hz")
        .collect();
    assert_eq!(split.len(), 2);
    assert_eq!(
        (&split[1]["site_id"], &split[1]["share"]),
        (&"s-bj".into(), &0.25.into())
    );
    assert_eq!(split[1]["cost"], 1125.9);
}

#[test]
fn geojson_is_byte_identical_across_runs_and_streams_one_feature_per_line() {
    let (problem, plan) = fixture();
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.geojson"), dir.path().join("b.geojson"));
    let opts = GeoJsonOptions::default().with_lines(true);
    io::write_plan_geojson(&a, &view(&problem, &plan), &opts).unwrap();
    io::write_plan_geojson(&b, &view(&problem, &plan), &opts).unwrap();
    let (a, b) = (std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
    assert_eq!(a, b);
    let text = String::from_utf8(a).unwrap();
    assert_eq!(text, io::plan_geojson_string(&view(&problem, &plan), &opts));
    assert_eq!(text.lines().count(), 1 + 23 + 1);
    assert!(text.ends_with("\n]}\n"));
}

#[test]
fn geojson_reads_back() {
    let (problem, plan) = fixture();
    let v = view(&problem, &plan);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.geojson");
    io::write_plan_geojson(&path, &v, &GeoJsonOptions::default().with_lines(true)).unwrap();
    let map = io::read_plan_geojson(&path).unwrap();
    let mut expected = v.map_data();
    expected.title = String::new();
    assert_eq!(map.sites.len(), expected.sites.len());
    for (got, want) in map.sites.iter().zip(&expected.sites) {
        assert_eq!(
            (&got.id, &got.name, got.role),
            (&want.id, &want.name, want.role)
        );
        assert!((got.lon - want.lon).abs() <= 5e-7 && (got.lat - want.lat).abs() <= 5e-7);
    }
    assert_eq!(map.demand.len(), 8);
    assert_eq!(map.lines.len(), 8);
    assert_eq!(map.demand[7].name.as_deref(), Some(TRICKY));
    assert!(!map.demand[7].served);

    // Without LineStrings, lines come from each demand point's site_id.
    io::write_plan_geojson(&path, &v, &GeoJsonOptions::default()).unwrap();
    let map = io::read_plan_geojson(&path).unwrap();
    assert_eq!(map.lines.len(), 7);
}

#[test]
fn geojson_reader_reports_bad_files() {
    let cases = [
        ("{", "not valid GeoJSON"),
        (r#"{"type":"Feature"}"#, "expected \"FeatureCollection\""),
        (
            r#"{"type":"FeatureCollection","features":[]}"#,
            "holds no sites",
        ),
        (
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[31.2,121.5]},"properties":{"kind":"site","id":"s","status":"new"}}]}"#,
            "feature 1: position [31.2, 121.5] is outside",
        ),
        (
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[121.5,31.2]},"properties":{"kind":"site","id":"s","status":"open"}}]}"#,
            "feature 1: status \"open\"",
        ),
    ];
    for (text, want) in cases {
        let err = io::parse_plan_geojson(text.as_bytes(), "p.geojson").unwrap_err();
        assert_eq!(err.exit_code(), 2);
        let msg = err.to_string();
        assert!(msg.starts_with("p.geojson") && msg.contains(want), "{msg}");
    }
}

/// `ogrinfo -al -so FILE`: whether it succeeded, and its output.
fn ogrinfo(path: &std::path::Path) -> (bool, String) {
    let out = Command::new("ogrinfo")
        .args(["-al", "-so"])
        .arg(path)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn ogrinfo_reads_plan_geojson_without_warnings() {
    let probe = Command::new("ogrinfo").arg("--version").output();
    if !probe.is_ok_and(|o| o.status.success()) {
        println!("skipped: ogrinfo (GDAL) is not installed");
        return;
    }
    let (problem, plan) = fixture();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.geojson");
    io::write_plan_geojson(
        &path,
        &view(&problem, &plan),
        &GeoJsonOptions::default().with_lines(true),
    )
    .unwrap();
    let (ok, text) = ogrinfo(&path);
    assert!(ok, "{text}");
    let lower = text.to_lowercase();
    assert!(
        !lower.contains("warning") && !lower.contains("error"),
        "{text}"
    );
    assert!(text.contains("Feature Count: 23"), "{text}");
    assert!(text.contains("WGS 84"), "{text}");
    // The sites and the demand points alone, each its own layer; no member
    // is null in every feature (GDAL would type it as text).
    for (layer, name, count) in [
        (io::GeoJsonLayer::Sites, "sites.geojson", 7),
        (io::GeoJsonLayer::Demand, "demand.geojson", 8),
    ] {
        let path = dir.path().join(name);
        let options = GeoJsonOptions::default().with_layer(layer);
        io::write_plan_geojson(&path, &view(&problem, &plan), &options).unwrap();
        let (ok, text) = ogrinfo(&path);
        let lower = text.to_lowercase();
        assert!(ok && !lower.contains("warning"), "{text}");
        assert!(text.contains(&format!("Feature Count: {count}")), "{text}");
        assert!(text.contains("Extent: "), "{text}");
        assert!(!text.contains("load: String"), "{text}");
    }
}

#[test]
fn ogrinfo_reads_robustness_geojson_without_warnings() {
    use siteplan::scenario::CandidateInfo;
    let probe = Command::new("ogrinfo").arg("--version").output();
    if !probe.is_ok_and(|o| o.status.success()) {
        println!("skipped: ogrinfo (GDAL) is not installed");
        return;
    }
    let candidates = vec![
        CandidateInfo {
            id: "a".into(),
            name: TRICKY.into(),
            lat: 31.2,
            lon: 121.5,
        },
        CandidateInfo {
            id: "b".into(),
            name: String::new(),
            lat: 39.9,
            lon: 116.4,
        },
    ];
    let dir = tempfile::tempdir().unwrap();
    two_scenario_sweep(dir.path(), candidates);
    let path = dir.path().join("robustness.geojson");
    let (ok, text) = ogrinfo(&path);
    assert!(ok, "{text}");
    let lower = text.to_lowercase();
    assert!(
        !lower.contains("warning") && !lower.contains("error"),
        "{text}"
    );
    assert!(text.contains("Feature Count: 3"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(json["bbox"], serde_json::json!([116.4, 30.0, 121.5, 39.9]));
    assert_eq!(json["features"][2]["properties"]["status"], "existing");
    assert!(text.contains("WGS 84"), "{text}");
    // The sweep's report is well-formed and self-contained too.
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    let body = html.strip_prefix("<!DOCTYPE html>\n").expect("doctype");
    check_xml(&without_code(body), &HTML_VOID).unwrap_or_else(|e| panic!("{e}"));
    assert!(html.contains("&lt;East&gt; &amp;"));
    // Self-contained: inline code only, nothing to fetch.
    for banned in ["<script src", "<link", "src=\"http", "@import", "url(http"] {
        assert!(!html.contains(banned), "{banned}");
    }
    assert!(!without_code(&html).contains("src="));
}

// -------------------------------------------------------------------- XML

#[test]
fn the_xml_check_catches_mistakes() {
    assert!(check_xml("<a><b/></a>", &[]).is_ok());
    assert!(check_xml("<a><b></a>", &[]).is_err());
    assert!(check_xml("<a>x & y</a>", &[]).is_err());
    assert!(check_xml("<a t=\"<\"/>", &[]).is_err());
    assert!(check_xml("<a t=1/>", &[]).is_err());
    assert!(check_xml("<a>&nbsp;</a>", &[]).is_err());
    assert!(check_xml("<a/><b/>", &[]).is_err());
}
// ----------------------------------------------------------------- Reports

use common::xml::HTML_VOID;

/// The plan's before/after evaluations on great-circle costs within 1500 km.
fn scored(
    problem: &Problem,
    plan: &Plan,
    cutoff: Option<f64>,
) -> (
    siteplan::evaluate::Evaluation,
    siteplan::evaluate::Evaluation,
) {
    let costs = Haversine
        .cost_matrix(problem, Reach::cutoff(Km(1500.0)))
        .unwrap();
    before_after(problem, &costs, plan, cutoff)
}

#[test]
fn report_map_numbers_the_new_sites_as_the_table() {
    let (problem, plan) = fixture();
    let v = view(&problem, &plan);
    let (before, after) = scored(&problem, &plan, v.cutoff);
    let borders = tiny_borders();
    let report = Report::new(&v, &before, &after)
        .with_borders(Some(&borders))
        .with_measure("people", "");
    let html = io::report_html_string(&report);
    // The map's data: one numbered layer keyed by the new sites' ids.
    let open = "<script type=\"application/json\" id=\"map-data\">";
    let start = html.find(open).expect("the map's data") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    let data: Value = serde_json::from_str(&html[start..end]).unwrap();
    let layers = data["layers"].as_array().unwrap();
    let new: Vec<&Value> = layers.iter().filter(|l| l["numbered"] == true).collect();
    assert_eq!(new.len(), 1, "{data}");
    let points = new[0]["points"].as_array().unwrap();
    assert_eq!(points.len(), plan.new.len());
    let keys: Vec<&str> = points.iter().map(|p| p[7].as_str().unwrap()).collect();
    let numbers: Vec<&str> = points.iter().map(|p| p[6].as_str().unwrap()).collect();
    assert_eq!(numbers, ["1", "2"]);
    // The new-sites table: the same sites in the same order, row n keyed to
    // marker n.
    let rows: Vec<&str> = html
        .match_indices("<tr data-site=\"")
        .map(|(i, m)| {
            let t = &html[i + m.len()..];
            &t[..t.find('"').unwrap()]
        })
        .collect();
    assert_eq!(rows, keys);
    for id in &keys {
        assert!(plan.new.iter().any(|&s| problem.sites()[s].id == *id));
    }
    // Popups name the measure; borders come from the borders file.
    assert!(points[0][4].as_str().unwrap().contains(" people"), "{data}");
    assert!(!data["borders"].as_array().unwrap().is_empty());
    // Leaflet is inlined once, with its licence named in the footer.
    assert_eq!(
        html.matches("<script>").count(),
        2,
        "Leaflet and the map script, once each"
    );
    assert!(html.contains("Leaflet (BSD-2-Clause)"));
}

fn curve() -> Vec<CurvePoint> {
    (0..=4)
        .map(|k| CurvePoint {
            new_sites: k,
            objective: 100.0 - 10.0 * k as f64,
            coverage_pct: 40.0 + 9.5 * k as f64,
            mean_cost: 200.0 - 20.0 * k as f64,
            marginal_gain: if k == 0 { 0.0 } else { 10.0 },
        })
        .collect()
}

#[test]
fn reports_are_self_contained_escaped_and_deterministic() {
    let (problem, plan) = fixture();
    let v = view(&problem, &plan);
    let (before, after) = scored(&problem, &plan, v.cutoff);
    let borders = tiny_borders();
    let curve = curve();
    let report = Report::new(&v, &before, &after)
        .with_curve(&curve)
        .with_borders(Some(&borders))
        .with_lines(true);
    let html = io::report_html_string(&report);
    assert_eq!(html, io::report_html_string(&report));
    let body = html.strip_prefix("<!DOCTYPE html>\n").expect("doctype");
    check_xml(&without_code(body), &HTML_VOID).unwrap_or_else(|e| panic!("{e}"));
    // Self-contained: inline code only, nothing to fetch.
    for banned in ["<script src", "<link", "src=\"http", "@import", "url(http"] {
        assert!(!html.contains(banned), "{banned}");
    }
    assert!(!without_code(&html).contains("src="));
    let page = without_code(&html);
    let external = page
        .match_indices("http")
        .filter(|(i, _)| {
            let t = &page[*i..];
            !t.starts_with("http://www.w3.org/2000/svg")
                && !t.starts_with("http://www.w3.org/1999/xlink")
        })
        .count();
    assert_eq!(external, 0, "only SVG namespaces may name a URL");
    assert!(html
        .contains("<h1>China test: Ürümqi &lt;East&gt; &amp; &quot;Co&quot; &#39;Ltd&#39;</h1>"));
    assert!(!html.contains("<East>"));
    for fact in [
        "Before and after",
        "Coverage (% of demand weight within the cutoff)",
        "Mean distance (km)",
        "Max distance (km)",
        "New sites (2)",
        "By province / region",
        "Guangdong",
        "Coverage versus number of new sites",
        "this plan",
    ] {
        assert!(html.contains(fact), "{fact}");
    }

    let md = io::report_md_string(&report);
    assert_eq!(md, io::report_md_string(&report));
    assert!(md.starts_with("# China test: Ürümqi \\<East\\> \\& \"Co\" 'Ltd'\n"));
    assert!(md.contains("| Open sites | 2 | 4 | +2 |"), "{md}");
    assert!(md.contains("| New sites | 0 | 2 | +2 |"), "{md}");
    assert!(md.contains("## New sites (2)"));
    assert!(
        md.contains("| Coverage (% of demand) | Mean distance (km) | Gain over one site fewer |"),
        "{md}"
    );
    // Every table row has the same number of cells as its header.
    for block in md.split("\n\n").filter(|b| b.starts_with('|')) {
        let cells: Vec<usize> = block
            .lines()
            .map(|l| l.replace("\\|", "").matches('|').count())
            .collect();
        assert!(cells.iter().all(|&c| c == cells[0]), "{block}");
    }

    let dir = tempfile::tempdir().unwrap();
    io::write_report_html(&dir.path().join("report.html"), &report).unwrap();
    io::write_report_md(&dir.path().join("report.md"), &report).unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("report.html")).unwrap(),
        html
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("report.md")).unwrap(),
        md
    );
}

#[test]
fn before_is_existing_sites_only() {
    let (problem, plan) = fixture();
    let costs = Haversine
        .cost_matrix(&problem, Reach::cutoff(Km(1500.0)))
        .unwrap();
    let (before, after) = before_after(&problem, &costs, &plan, Some(150.0));
    assert_eq!(before.load[2], 0.0);
    assert!(after.covered_weight > before.covered_weight);
    let f = io::Figures::from_evaluation(&before, 2, 0);
    let covered = 24_874_500.0 + 18_960_744.0;
    assert!((f.coverage_pct - 100.0 * covered / problem.total_weight()).abs() < 1e-9);
}
