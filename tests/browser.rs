//! The reports of the China, Europe and sweep scenarios, opened in a real
//! browser (headless Chromium): no console errors and nothing fetched, the
//! interactive map has drawn its markers, clicking the first row of the
//! new-sites table opens that site's popup, and a 375 px wide phone shows
//! no horizontal overflow.
//!
//! The browser is `$SITEPLAN_CHROMIUM`, else the first of `chromium`,
//! `chromium-browser`, `google-chrome` that runs; without one the test
//! prints "skipped: no chromium" (it is not a pass). With
//! `SITEPLAN_SCREENSHOTS=DIR` it also writes a desktop and a phone
//! screenshot of each report's map into DIR (docs/img holds those of the
//! full scenarios, made by tests/browser/screenshots.sh).
//!
//! Each report is checked through tests/browser/check.html, which loads a
//! copy of it (with tests/browser/hook.js first in its `<head>`, recording
//! errors) in a 1280 px and a 375 px frame and writes its findings into the
//! page as JSON, read back with `--dump-dom`.

use assert_cmd::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::hostile::{self, IMG, SCRIPT};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The browser to drive, if one runs here.
fn chromium() -> Option<String> {
    let named = std::env::var("SITEPLAN_CHROMIUM").ok();
    let candidates = named
        .into_iter()
        .chain(["chromium", "chromium-browser", "google-chrome"].map(String::from));
    candidates.into_iter().find(|c| {
        Command::new(c)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// Runs the browser headless with `args`; its stdout, or a panic after
/// two minutes.
fn browse(chrome: &str, args: &[&str]) -> String {
    let mut child = Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
            "--allow-file-access-from-files",
            "--virtual-time-budget=20000",
        ])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the browser");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait for the browser").is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("the browser ran for over two minutes: {args:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().expect("the browser's output");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Runs `siteplan` in the repository root.
fn siteplan(args: &[&str]) {
    siteplan_in(&root(), args)
}

/// Runs `siteplan` in `dir`.
fn siteplan_in(dir: &Path, args: &[&str]) {
    let out = Command::cargo_bin("siteplan")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "siteplan {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Opens `report` through check.html; the findings for the desktop and the
/// phone frame.
fn check(chrome: &str, report: &Path) -> Value {
    check_with(chrome, report, "")
}

/// [`check`], with check.html's `hash` (`#names`: hover every marker and
/// report tooltips, layer names and whether a name ran as markup).
fn check_with(chrome: &str, report: &Path, hash: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let html = std::fs::read_to_string(report).unwrap();
    let hook = std::fs::read_to_string(root().join("tests/browser/hook.js")).unwrap();
    let html = html.replacen("<head>", &format!("<head>\n<script>{hook}</script>"), 1);
    std::fs::write(dir.path().join("report.html"), html).unwrap();
    std::fs::copy(
        root().join("tests/browser/check.html"),
        dir.path().join("check.html"),
    )
    .unwrap();
    let dom = browse(
        chrome,
        &[
            "--window-size=1700,1000",
            "--dump-dom",
            &format!("{}{hash}", url(&dir.path().join("check.html"))),
        ],
    );
    let start = dom
        .find("<pre id=\"result\">")
        .expect("check.html's result")
        + 17;
    let end = start + dom[start..].find("</pre>").unwrap();
    let text = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// Asserts what every report must show, in both frames.
fn assert_works(name: &str, found: &Value, numbered_rows: bool) {
    for frame in ["desktop", "phone"] {
        let f = &found[frame];
        let what = format!("{name} ({frame}): {f}");
        assert!(f.get("error").is_none(), "{what}");
        assert_eq!(f["errors"], Value::Array(vec![]), "console errors: {what}");
        assert_eq!(f["resources"], Value::Array(vec![]), "fetched: {what}");
        assert!(f["maps"].as_u64() >= Some(1), "no map: {what}");
        assert_eq!(f["leaflet"], f["maps"], "a map did not start: {what}");
        let markers = f["circles"].as_u64().unwrap() + f["numbered"].as_u64().unwrap();
        assert!(markers > 0, "no markers drawn: {what}");
        let rows = f["rows"].as_u64().unwrap();
        assert!(rows > 0, "no table row opens the map: {what}");
        if numbered_rows {
            assert_eq!(f["numbered"].as_u64(), Some(rows), "{what}");
        }
        let key = f["popup_key"].as_str().unwrap();
        let popup = f["popup"].as_str().unwrap_or("");
        assert!(popup.contains(key), "the row's popup did not open: {what}");
        assert!(
            f["scroll_width"].as_u64() <= f["width"].as_u64(),
            "horizontal overflow: {what}"
        );
    }
    assert!(found["phone"]["width"].as_u64() <= Some(375), "{found}");
}

/// Desktop and phone screenshots of `report` into `dir` as NAME-desktop.png
/// and NAME-phone.png, scrolled to the report's interactive map by
/// tests/browser/shot.html (as tests/browser/screenshots.sh takes them of
/// the full scenarios for docs/img).
fn screenshots(chrome: &str, report: &Path, dir: &Path, name: &str) {
    std::fs::create_dir_all(dir).unwrap();
    let page = tempfile::tempdir().unwrap();
    std::fs::copy(report, page.path().join("report.html")).unwrap();
    std::fs::copy(
        root().join("tests/browser/shot.html"),
        page.path().join("shot.html"),
    )
    .unwrap();
    let dir = std::path::absolute(dir).unwrap();
    for (suffix, size) in [("desktop", "1400,1100"), ("phone", "390,1100")] {
        let shot = dir.join(format!("{name}-{suffix}.png"));
        browse(
            chrome,
            &[
                &format!("--window-size={size}"),
                &format!("--screenshot={}", shot.display()),
                &url(&page.path().join("shot.html")),
            ],
        );
        assert!(shot.is_file(), "no screenshot {}", shot.display());
    }
}

/// A sweep file from a shipped one with a smaller grid (`grid` lines
/// replaced) and absolute paths, so the test runs in a few seconds.
fn small_sweep(dir: &Path, shipped: &str, grid: &[(&str, &str)]) -> PathBuf {
    let data = root().join("data");
    let mut text = std::fs::read_to_string(data.join("scenarios").join(shipped))
        .unwrap()
        .replace("\"../", &format!("\"{}/", data.display()));
    for (from, to) in grid {
        assert!(text.contains(from), "{shipped} has no {from}");
        text = text.replace(from, to);
    }
    let path = dir.join(shipped);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn reports_work_in_a_real_browser() {
    let Some(chrome) = chromium() else {
        println!("skipped: no chromium (set SITEPLAN_CHROMIUM or install chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = |n: &str| dir.path().join(n);
    let shots = std::env::var_os("SITEPLAN_SCREENSHOTS").map(PathBuf::from);

    // China (the curve cut to 38..=42 new sites to keep the test short;
    // the plan itself is china.toml's) and Europe, as shipped.
    let china = out("china");
    siteplan(&[
        "plan",
        "--config",
        "data/scenarios/china.toml",
        "--curve",
        "38..=42",
        "--out",
        china.to_str().unwrap(),
    ]);
    let europe = out("europe");
    siteplan(&[
        "plan",
        "--config",
        "data/scenarios/europe.toml",
        "--out",
        europe.to_str().unwrap(),
    ]);
    // The two sweeps on smaller grids.
    let cn_sweep = small_sweep(
        dir.path(),
        "china_sweep.toml",
        &[
            (
                "new_sites = [10, 20, 30, 40, 50, 60]",
                "new_sites = [10, 40]",
            ),
            ("cutoff = [30, 50, 80]", "cutoff = [30, 50]"),
        ],
    );
    let eu_sweep = small_sweep(
        dir.path(),
        "europe_sweep.toml",
        &[
            (
                "market_entry.eu_duty_pct = [10.0, 27.0, 28.8, 30.7, 45.3]",
                "market_entry.eu_duty_pct = [10.0, 30.7]",
            ),
            (
                "market_entry.growth_pct = [0.0, 10.0, 20.0]",
                "market_entry.growth_pct = [10.0]",
            ),
        ],
    );
    for (file, name) in [(&cn_sweep, "china-sweep"), (&eu_sweep, "europe-sweep")] {
        siteplan(&[
            "sweep",
            "--config",
            file.to_str().unwrap(),
            "--out",
            out(name).to_str().unwrap(),
            "--quiet",
        ]);
    }

    for (name, numbered) in [
        ("china", true),
        ("europe", true),
        ("china-sweep", false),
        ("europe-sweep", false),
    ] {
        let report = out(name).join("report.html");
        let found = check(&chrome, &report);
        assert_works(name, &found, numbered);
        println!("{name}: {}", found["desktop"]);
        if let Some(dir) = &shots {
            screenshots(&chrome, &report, dir, name);
        }
    }
}

/// Names that are markup (`<script>`, `</script><img onerror=…>`, quotes)
/// in the demand, sites and sweep files: the plan and sweep reports show
/// them as text in tables, tooltips, popups and layer names, and none runs.
#[test]
fn hostile_names_show_as_text_in_a_real_browser() {
    let Some(chrome) = chromium() else {
        println!("skipped: no chromium (set SITEPLAN_CHROMIUM or install chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    hostile::market(dir.path());
    hostile::sweep(dir.path());
    let args = hostile::plan_args("plan");
    siteplan_in(
        dir.path(),
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    siteplan_in(
        dir.path(),
        &[
            "sweep",
            "--config",
            "sweep.toml",
            "--out",
            "sweep",
            "--quiet",
        ],
    );
    for name in ["plan", "sweep"] {
        let found = check_with(
            &chrome,
            &dir.path().join(name).join("report.html"),
            "#names",
        );
        let f = &found["desktop"];
        let what = format!("{name}: {f}");
        assert_eq!(f["errors"], Value::Array(vec![]), "console errors: {what}");
        assert_eq!(f["resources"], Value::Array(vec![]), "fetched: {what}");
        assert_eq!(f["pwned"], Value::Null, "a name ran: {what}");
        assert_eq!(f["handlers"], 0, "a name became an element: {what}");
        assert_eq!(f["title"], SCRIPT, "{what}");
        let tips: Vec<&str> = f["tooltips"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert!(tips.iter().any(|t| t.contains(SCRIPT)), "{what}");
        if name == "plan" {
            assert!(tips.iter().any(|t| t.contains(IMG)), "{what}");
            let layers = f["layers"].to_string();
            assert!(layers.contains("Demand"), "{what}");
        }
        let popup = f["popup"].as_str().unwrap_or("");
        assert!(popup.contains(SCRIPT) || popup.contains(IMG), "{what}");
    }
}
