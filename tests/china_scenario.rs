//! The project's main job end to end: `siteplan plan --config
//! data/scenarios/china.toml` run as the real binary, its files checked
//! against each other, against the inputs and across runs.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::xml::{check_xml, without_code, HTML_VOID};
use serde_json::Value;
use siteplan::{evaluate, io, Haversine, Reach, SiteStatus, TravelCost};

const FILES: [&str; 10] = [
    "summary.json",
    "sites.csv",
    "assignment.csv",
    "plan.geojson",
    "sites.geojson",
    "demand.geojson",
    "plan.svg",
    "report.html",
    "report.md",
    "curve.csv",
];

/// The values china.toml sets, as the checks expect them.
const NEW_SITES: usize = 40;
const CUTOFF_KM: f64 = 50.0;
const CURVE: std::ops::RangeInclusive<usize> = 0..=60;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the China scenario into `out`, from the repository root (so the
/// default borders file is found), with `RAYON_NUM_THREADS` set if given.
fn run_china(out: &Path, rayon_threads: Option<&str>) -> std::process::Output {
    let mut c = Command::cargo_bin("siteplan").unwrap();
    c.current_dir(root())
        .args(["plan", "--config", "data/scenarios/china.toml", "--out"])
        .arg(out);
    match rayon_threads {
        Some(n) => c.env("RAYON_NUM_THREADS", n),
        None => c.env_remove("RAYON_NUM_THREADS"),
    };
    let output = c.output().unwrap();
    assert!(
        output.status.success(),
        "siteplan plan failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn ids(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .expect("a list of ids")
        .iter()
        .map(|x| x.as_str().expect("site ids are strings").to_string())
        .collect()
}

/// Every number written inside `"coordinates":…` has at most 6 decimals.
fn coordinates_have_six_decimals(text: &str) {
    let mut n = 0;
    for (i, _) in text.match_indices("\"coordinates\":") {
        let rest = &text[i + 14..];
        let end = rest.find('}').expect("geometry closes");
        for tok in rest[..end].split(|c| "[], ".contains(c)) {
            if tok.is_empty() {
                continue;
            }
            let decimals = tok.split_once('.').map_or(0, |(_, f)| f.len());
            assert!(decimals <= 6, "coordinate {tok} has {decimals} decimals");
            assert!(
                !tok.contains(['e', 'E']),
                "coordinate {tok} in exponent form"
            );
            n += 1;
        }
    }
    assert!(n > 0, "no coordinates found");
}

#[test]
fn china_scenario_end_to_end() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    // Three runs at once: two with rayon's default threads, one with one.
    let ((out_a, out_b), out_c) = std::thread::scope(|s| {
        let ha = s.spawn(|| run_china(&a, None));
        let hb = s.spawn(|| run_china(&b, None));
        let hc = s.spawn(|| run_china(&c, Some("1")));
        ((ha.join().unwrap(), hb.join().unwrap()), hc.join().unwrap())
    });
    let _ = (out_b, out_c);

    // It says where every file is.
    let stdout = String::from_utf8_lossy(&out_a.stdout);
    for f in FILES {
        let path = a.join(f);
        assert!(path.is_file(), "{f} missing");
        assert!(
            stdout.contains(&path.display().to_string()),
            "stdout does not name {}:\n{stdout}",
            path.display()
        );
    }
    assert!(stdout.contains("max-coverage: optimal"), "{stdout}");

    // Byte-identical across runs and thread counts; no temporary files.
    for f in FILES {
        let bytes = std::fs::read(a.join(f)).unwrap();
        assert_eq!(bytes, std::fs::read(b.join(f)).unwrap(), "{f}: run 1 vs 2");
        assert_eq!(
            bytes,
            std::fs::read(c.join(f)).unwrap(),
            "{f}: default vs RAYON_NUM_THREADS=1"
        );
    }
    for dir in [&a, &b, &c] {
        let names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), FILES.len(), "{names:?}");
    }

    // The maps: province borders drawn from the shipped file (a thin-line
    // group in plan.svg, a toggle in the report), and the report's view
    // holds every open site.
    let svg = read(&a, "plan.svg");
    assert!(
        svg.contains("<g class=\"provinces\""),
        "no province borders in plan.svg"
    );
    let html = read(&a, "report.html");
    assert!(html.contains("\"provinces\":[[") && html.contains("Province borders"));
    let fit = common::maps::web_map_fit(&html);
    let open = common::maps::open_sites(&read(&a, "plan.geojson"));
    assert_eq!(open.len(), 375);
    for p in &open {
        assert!(
            common::maps::within(fit, *p),
            "{p:?} is outside the view {fit:?}"
        );
    }

    // The inputs, read the way `plan` reads them.
    let data = root().join("data");
    let problem = io::read_problem(
        &data.join("cities_cn.csv"),
        &[
            data.join("cn_existing_centers.csv"),
            data.join("cn_candidates.csv"),
        ],
    )
    .unwrap();
    let existing: BTreeSet<String> = problem
        .sites()
        .iter()
        .filter(|s| s.status == SiteStatus::Existing)
        .map(|s| s.id.clone())
        .collect();
    assert_eq!(existing.len(), 335);

    // summary.json: the contract keys, seconds null without --timings.
    let summary: Value = serde_json::from_str(&read(&a, "summary.json")).unwrap();
    for key in [
        "model",
        "status",
        "objective",
        "bound",
        "gap",
        "open_sites",
        "new_sites",
        "covered_weight",
        "total_weight",
        "seconds",
    ] {
        assert!(summary.get(key).is_some(), "summary.json lacks {key}");
    }
    assert_eq!(summary["model"], "max-coverage");
    assert_eq!(summary["status"], "optimal");
    assert!(summary["seconds"].is_null(), "seconds must be null");
    let open = ids(&summary["open_sites"]);
    let new = ids(&summary["new_sites"]);
    assert_eq!(new.len(), NEW_SITES);
    assert!(existing.is_subset(&open), "an existing center is closed");
    assert_eq!(open.len(), existing.len() + NEW_SITES);

    // plan.geojson: RFC 7946.
    let text = read(&a, "plan.geojson");
    let gj: Value = serde_json::from_str(&text).unwrap();
    let top = gj.as_object().unwrap();
    assert_eq!(gj["type"], "FeatureCollection");
    assert!(!top.contains_key("crs"), "RFC 7946 has no crs member");
    for k in top.keys() {
        assert!(["type", "bbox", "features"].contains(&k.as_str()), "{k}");
    }
    coordinates_have_six_decimals(&text);
    let features = gj["features"].as_array().unwrap();
    let (mut gj_open, mut gj_new, mut gj_existing) =
        (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    let mut covered = 0.0;
    let mut n_demand = 0;
    for f in features {
        assert_eq!(f["type"], "Feature");
        let g = &f["geometry"];
        let p = &f["properties"];
        let points: Vec<&Value> = match g["type"].as_str().unwrap() {
            "Point" => vec![&g["coordinates"]],
            "LineString" => g["coordinates"].as_array().unwrap().iter().collect(),
            t => panic!("unexpected geometry {t}"),
        };
        for pt in points {
            let (lon, lat) = (pt[0].as_f64().unwrap(), pt[1].as_f64().unwrap());
            assert!((-180.0..=180.0).contains(&lon), "lon {lon}");
            assert!((-90.0..=90.0).contains(&lat), "lat {lat}");
            // China: a [lat, lon] swap would put these outside.
            assert!((70.0..=140.0).contains(&lon) && (15.0..=55.0).contains(&lat));
        }
        match p["kind"].as_str().unwrap() {
            "site" => {
                let id = p["id"].as_str().unwrap().to_string();
                if p["opened"] == true {
                    gj_open.insert(id.clone());
                }
                match p["status"].as_str().unwrap() {
                    "new" => {
                        assert_eq!(p["opened"], true);
                        gj_new.insert(id);
                    }
                    "existing" => {
                        assert_eq!(p["opened"], true, "existing center {id} not opened");
                        gj_existing.insert(id);
                    }
                    "candidate" => assert_eq!(p["opened"], false),
                    s => panic!("unexpected status {s}"),
                }
            }
            "demand" => {
                n_demand += 1;
                if p["covered"] == true {
                    covered += p["weight"].as_f64().unwrap();
                }
            }
            k => panic!("unexpected kind {k}"),
        }
    }
    assert_eq!(n_demand, problem.demand().len());
    assert_eq!(gj_existing, existing, "every existing center, opened");
    assert_eq!(gj_new.len(), NEW_SITES);
    assert_eq!(gj_new, new, "summary.json and plan.geojson: new sites");
    assert_eq!(gj_open, open, "summary.json and plan.geojson: open sites");
    let summary_covered = summary["covered_weight"].as_f64().unwrap();
    assert!(
        close(covered, summary_covered),
        "{covered} vs {summary_covered}"
    );

    // The referee: evaluate the open sites from the inputs alone.
    let costs = Haversine
        .cost_matrix(&problem, Reach::cost_cutoff(CUTOFF_KM))
        .unwrap();
    let flags: Vec<bool> = problem
        .sites()
        .iter()
        .map(|s| open.contains(&s.id))
        .collect();
    let e = evaluate(&problem, &costs, &flags, Some(CUTOFF_KM));
    assert!(close(e.covered_weight, summary_covered));
    assert!(close(
        e.covered_weight,
        summary["objective"].as_f64().unwrap()
    ));
    assert!(close(
        e.total_weight,
        summary["total_weight"].as_f64().unwrap()
    ));

    // The map and the report are well-formed.
    check_xml(&read(&a, "plan.svg"), &[]).unwrap_or_else(|e| panic!("plan.svg: {e}"));
    let html = read(&a, "report.html");
    let body = html.strip_prefix("<!DOCTYPE html>\n").expect("doctype");
    check_xml(&without_code(body), &HTML_VOID).unwrap_or_else(|e| panic!("report.html: {e}"));
    assert!(html.contains("China: next 40 sales centers"));
    assert!(html.contains("Coverage versus number of new sites"));
    assert!(read(&a, "report.md").contains("## Coverage versus number of new sites"));

    // curve.csv: one row per count, its point at 40 is the plan itself.
    let curve = read(&a, "curve.csv");
    let mut lines = curve.lines();
    assert_eq!(
        lines.next(),
        Some("new_sites,objective,coverage_pct,mean_cost,marginal_gain")
    );
    let rows: Vec<Vec<f64>> = lines
        .map(|l| l.split(',').map(|x| x.parse().unwrap()).collect())
        .collect();
    assert_eq!(rows.len(), CURVE.count());
    for (k, row) in CURVE.zip(&rows) {
        assert_eq!(row[0], k as f64);
    }
    let at = rows.iter().find(|r| r[0] == NEW_SITES as f64).unwrap();
    assert!(close(at[1], summary_covered));
    for w in rows.windows(2) {
        // Optimal plans: one more site never covers less.
        assert!(w[1][1] >= w[0][1], "{:?} then {:?}", w[0], w[1]);
        assert!(close(w[1][4], w[1][1] - w[0][1]));
    }
}
