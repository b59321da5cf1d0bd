//! The Europe market-entry scenarios run through the real binary
//! (`siteplan plan --config data/scenarios/europe*.toml`).
//!
//! Most checks use the shipped scenario files unchanged but for their data
//! paths, pointed at a smaller city table (the shipped cities of 400,000
//! people or more, with the national markets still spread over them), so
//! that they run in seconds in a debug build. The shipped `europe.toml`
//! runs once on the full table.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use siteplan::models::market_entry::ENTRY_PLAN_HEADER;

const SCENARIOS: [&str; 3] = [
    "europe.toml",
    "europe_local_assembly.toml",
    "europe_seed_48.toml",
];

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
    "entry_plan.csv",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A folder laid out like `data/`: `scenarios/` holding the three shipped
/// files, the country and duty tables, the borders, and a city table cut
/// to cities of at least `min_population`.
fn fixture(min_population: f64) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let data = root().join("data");
    let cities = std::fs::read_to_string(data.join("cities_eu.csv")).unwrap();
    let mut lines = cities.lines();
    let header = lines.next().unwrap();
    let weight_col = header.split(',').position(|h| h == "weight").unwrap();
    let mut kept = vec![header.to_owned()];
    kept.extend(
        lines
            .filter(|l| {
                l.split(',')
                    .nth(weight_col)
                    .unwrap()
                    .parse::<f64>()
                    .unwrap()
                    >= min_population
            })
            .map(str::to_owned),
    );
    std::fs::write(dir.path().join("cities_eu.csv"), kept.join("\n") + "\n").unwrap();
    for f in ["countries_eu.csv", "eu_bev_duties_cn.csv"] {
        std::fs::copy(data.join(f), dir.path().join(f)).unwrap();
    }
    std::fs::create_dir(dir.path().join("borders")).unwrap();
    std::fs::copy(
        data.join("borders/countries_50m.geojson"),
        dir.path().join("borders/countries_50m.geojson"),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("scenarios")).unwrap();
    for s in SCENARIOS {
        std::fs::copy(
            data.join("scenarios").join(s),
            dir.path().join("scenarios").join(s),
        )
        .unwrap();
    }
    dir
}

fn plan(config: &Path, out: &Path) -> Command {
    let mut c = Command::cargo_bin("siteplan").unwrap();
    c.args(["--quiet", "plan", "--config"])
        .arg(config)
        .arg("--out")
        .arg(out);
    c
}

fn summary(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap()
}

/// `entry_plan.csv` as rows of column → value.
fn entry_rows(out: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(out.join("entry_plan.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|l| {
            header
                .iter()
                .zip(l.split(','))
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn check_outputs(out: &Path) {
    for f in FILES {
        let meta = std::fs::metadata(out.join(f)).unwrap_or_else(|_| panic!("{f} missing"));
        assert!(meta.len() > 0, "{f} is empty");
    }
    let csv = std::fs::read_to_string(out.join("entry_plan.csv")).unwrap();
    assert_eq!(csv.lines().next(), Some(ENTRY_PLAN_HEADER));
    // The original seven columns first, the added ones after them.
    assert!(ENTRY_PLAN_HEADER.starts_with(
        "country,entry_year,centers_per_year,expected_sales,revenue,duty_paid,profit,"
    ));
    let rows = entry_rows(out);
    let s = summary(out);
    // The summary's profit is the sum of the per-country profits (all
    // costs are per country), up to the CSV's rounding to whole euros.
    let csv_profit: f64 = rows
        .iter()
        .map(|r| r["profit"].parse::<f64>().unwrap())
        .sum();
    let profit = s["profit"].as_f64().unwrap();
    assert!(
        (profit - csv_profit).abs() <= 0.5 * rows.len() as f64 + 1e-6,
        "summary profit {profit} vs entry_plan.csv {csv_profit}"
    );
    let objective = s["objective"].as_f64().unwrap();
    assert!((profit - objective).abs() <= 1e-6 * objective.abs().max(1.0));
    // Countries entered: the same in both files.
    let entered: Vec<&str> = rows
        .iter()
        .filter(|r| !r["entry_year"].is_empty())
        .map(|r| r["country"].as_str())
        .collect();
    let listed: Vec<&str> = s["countries_entered"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(entered, listed);
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
        "profit",
        "countries_entered",
        "reason",
    ] {
        assert!(s.get(key).is_some(), "summary.json lacks {key}");
    }
    assert_eq!(s["model"], "market-entry");
    assert!(s["seconds"].is_null());
    assert_eq!(s["reason"].is_null(), !entered.is_empty());
    // Every site in plan.geojson carries its opening and entry years.
    let gj: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("plan.geojson")).unwrap()).unwrap();
    let mut centers = 0;
    for f in gj["features"].as_array().unwrap() {
        let p = &f["properties"];
        if p["kind"] != "site" {
            continue;
        }
        assert!(p.get("opened_year").is_some() && p.get("entry_year").is_some());
        if p["opened"] == true {
            centers += 1;
            assert!(p["opened_year"].is_i64());
            assert!(entered.contains(&p["country"].as_str().unwrap()));
            assert!(p["entry_year"].as_i64() <= p["opened_year"].as_i64());
        }
    }
    assert_eq!(centers, s["open_sites"].as_array().unwrap().len());
    for f in ["report.html", "report.md"] {
        let text = std::fs::read_to_string(out.join(f)).unwrap();
        assert!(text.contains("Entry plan"), "{f} has no Entry plan section");
    }
    let svg = std::fs::read_to_string(out.join("plan.svg")).unwrap();
    assert!(svg.contains("Entry year"));
}

#[test]
fn shipped_scenarios_on_a_smaller_city_table() {
    let dir = fixture(400_000.0);
    let scenarios = dir.path().join("scenarios");
    // Each scenario's profit and its proven bound (the profit itself where
    // the solve proved it optimal).
    let mut profit = BTreeMap::new();
    for s in SCENARIOS {
        let out = dir.path().join("out").join(s);
        plan(&scenarios.join(s), &out).assert().success();
        check_outputs(&out);
        let sum = summary(&out);
        let p = sum["objective"].as_f64().unwrap();
        let bound = sum["bound"].as_f64().unwrap_or(p);
        assert!(
            bound >= p - 1e-6 * p.abs(),
            "{s}: bound {bound} below profit {p}"
        );
        profit.insert(s, (p, bound));
    }
    let (base, local, seed) = (
        profit["europe.toml"],
        profit["europe_local_assembly.toml"],
        profit["europe_seed_48.toml"],
    );
    // The seed-48 duty only takes options away and the plant only adds one:
    // no plan of the one can beat the best of the other. Plans stopped
    // within their gap are compared with the other's proven bound.
    assert!(
        seed.0 <= base.1 && base.0 <= local.1,
        "{seed:?} ≤ {base:?} ≤ {local:?}"
    );
    assert!(local.0 > 0.0);
    // The EU map is filled by entry year from the Natural Earth borders.
    let svg = std::fs::read_to_string(dir.path().join("out/europe_local_assembly.toml/plan.svg"))
        .unwrap();
    assert!(svg.contains("fill=\"#1a9850\""));
}

#[test]
fn outputs_are_byte_identical_across_runs() {
    let dir = fixture(400_000.0);
    let config = dir.path().join("scenarios/europe_local_assembly.toml");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    plan(&config, &a).assert().success();
    plan(&config, &b).assert().success();
    for f in FILES {
        assert!(
            std::fs::read(a.join(f)).unwrap() == std::fs::read(b.join(f)).unwrap(),
            "{f} differs between two runs"
        );
    }
    // --timings fills in the seconds.
    let c = dir.path().join("c");
    plan(&config, &c).arg("--timings").assert().success();
    assert!(summary(&c)["seconds"].as_f64().unwrap() >= 0.0);
}

#[test]
fn a_plan_that_enters_nothing_says_why_and_succeeds() {
    let dir = fixture(400_000.0);
    let config = dir.path().join("scenarios/europe_seed_48.toml");
    // Battery-electric imports only, and everywhere a duty at which no car pays.
    let text = std::fs::read_to_string(&config)
        .unwrap()
        .replace("eu_duty_pct = 48.0", "eu_duty_pct = 100.0")
        .replace(
            "routes = [\"bev_import\", \"phev_import\"]",
            "routes = [\"bev_import\"]",
        )
        + "duty_pct = { GB = 100.0, NO = 100.0, CH = 100.0 }\n";
    std::fs::write(&config, text).unwrap();
    let out = dir.path().join("out");
    plan(&config, &out).assert().success();
    check_outputs(&out);
    let s = summary(&out);
    assert!(s["countries_entered"].as_array().unwrap().is_empty());
    assert_eq!(s["profit"].as_f64(), Some(0.0));
    let reason = s["reason"].as_str().unwrap();
    assert!(reason.contains("no car is profitable"), "{reason}");
    for f in ["report.html", "report.md"] {
        let text = std::fs::read_to_string(out.join(f)).unwrap();
        assert!(text.contains("enters no country"), "{f}");
    }
}

#[test]
fn unknown_keys_and_location_flags_are_refused() {
    let dir = fixture(400_000.0);
    let config = dir.path().join("scenarios/europe.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("colour = \"red\"\n{text}")).unwrap();
    let out = dir.path().join("out");
    let r = plan(&config, &out).assert().code(2);
    let err = String::from_utf8_lossy(&r.get_output().stderr).into_owned();
    assert!(err.contains("`colour`"), "{err}");
    // An unknown key inside [market_entry] is named too.
    std::fs::write(&config, format!("{text}pricee = 1.0\n")).unwrap();
    let r = plan(&config, &out).assert().code(2);
    let err = String::from_utf8_lossy(&r.get_output().stderr).into_owned();
    assert!(err.contains("pricee"), "{err}");
    // Location-model flags do not apply.
    std::fs::write(&config, &text).unwrap();
    let r = plan(&config, &out)
        .args(["--cutoff", "50"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&r.get_output().stderr).into_owned();
    assert!(err.contains("--cutoff"), "{err}");
    // The location-model solvers point to the market-entry route.
    let p = siteplan::Problem::builder()
        .demand(siteplan::DemandPoint::new("a", 0.0, 0.0, 1.0))
        .site(siteplan::Site::new("s", 0.0, 0.0))
        .build()
        .unwrap();
    let m = siteplan::CostMatrix::from_rows(1, vec![vec![(0, 0.0)]], siteplan::Reach::all());
    let spec = siteplan::models::ModelSpec::new(siteplan::ModelKind::MarketEntry);
    for method in [
        siteplan::solve::Method::Auto,
        siteplan::solve::Method::Exact,
        siteplan::solve::Method::Heuristic,
    ] {
        let params = siteplan::solve::SolveParams::default().with_method(method);
        match siteplan::solve::solve(&p, &m, &spec, &params) {
            Err(siteplan::Error::Usage(msg)) => assert!(msg.contains("market_entry")),
            other => panic!("expected a usage error, got {other:?}"),
        }
    }
}

#[test]
fn shipped_europe_toml_runs_as_it_is() {
    let out = tempfile::tempdir().unwrap();
    plan(&root().join("data/scenarios/europe.toml"), out.path())
        .assert()
        .success();
    check_outputs(out.path());
    let s = summary(out.path());
    // The yearly budget moves some entries past 2027, and the report shows
    // the plan year by year.
    let by_year = s["entries_by_year"].as_object().unwrap();
    assert!(by_year.keys().any(|y| y.as_str() > "2027"), "{by_year:?}");
    for f in ["report.html", "report.md"] {
        let text = std::fs::read_to_string(out.path().join(f)).unwrap();
        assert!(
            text.contains("Year by year") && text.contains("Profit against the duty"),
            "{f}"
        );
        assert!(text.contains("2028"), "{f}");
    }
    // entry_curve.csv: profit and the imported-car centers never rise with
    // the duty, and profit moves by less than one center's value between
    // neighbouring levels.
    let text = std::fs::read_to_string(out.path().join("entry_curve.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).unwrap();
    let rows: Vec<Vec<f64>> = lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            ["duty_pct", "profit", "import_centers", "store_value"]
                .iter()
                .map(|n| f[col(n)].parse().unwrap())
                .collect()
        })
        .collect();
    assert!(rows.len() >= 20);
    for w in rows.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        assert!(a[0] < b[0]);
        assert!(b[1] <= a[1], "profit rises from {} to {} %", a[0], b[0]);
        assert!(
            b[2] <= a[2],
            "imported-car centers rise from {} to {} %",
            a[0],
            b[0]
        );
        assert!(
            a[1] - b[1] <= a[3].max(b[3]),
            "a jump of {} between {} and {} %",
            a[1] - b[1],
            a[0],
            b[0]
        );
    }
    // Break-even duties are listed per country.
    assert!(s["break_even_duty_pct"].as_object().unwrap().len() >= 20);
    // The report's map opens on Europe: every open site, Nicosia and
    // Valletta, but not the Canaries far to the south-west; the entry-year
    // map is a country map (no demand circles, the far-off points named).
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    let fit = common::maps::web_map_fit(&html);
    assert!(fit[1] > 30.0, "the view reaches {} degrees south", fit[1]);
    for (name, p) in [
        ("Nicosia", (33.35397, 35.17284)),
        ("Valletta", (14.5148, 35.89968)),
    ] {
        assert!(common::maps::within(fit, p), "{name} is outside {fit:?}");
    }
    let plan = std::fs::read_to_string(out.path().join("plan.geojson")).unwrap();
    let open = common::maps::open_sites(&plan);
    assert!(!open.is_empty());
    for p in &open {
        assert!(common::maps::within(fit, *p), "{p:?} is outside {fit:?}");
    }
    assert!(
        html.contains("Not in view: 9 far-off demand points"),
        "no note of the far-off points"
    );
}
