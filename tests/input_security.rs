//! Hostile inputs through the command line: a sweep file or a merge
//! manifest cannot make siteplan write outside the output folder (exit 2,
//! a message naming the file and the key, nothing written), input paths
//! may point anywhere, and every name taken from the inputs shows as text
//! in the HTML reports (escaped in the page, and `</script>` cannot close
//! the script element that carries the interactive map's data).

use std::path::Path;

use assert_cmd::Command;

mod common;

use common::hostile::{self, IMG, QUOTES, SCRIPT};

fn siteplan(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("siteplan")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

/// Asserts that no hostile name reached `html` as markup.
fn assert_escaped(html: &str, what: &str) {
    for raw in [SCRIPT, IMG, "<img", QUOTES] {
        assert!(!html.contains(raw), "{what} holds {raw:?} unescaped");
    }
    // Every script element the page opens is one it meant to: as many
    // openings as closings.
    assert_eq!(
        html.matches("<script").count(),
        html.matches("</script>").count(),
        "{what}: a name opened or closed a script element"
    );
    assert!(
        html.contains("&lt;script&gt;window.pwned=1&lt;/script&gt;"),
        "{what} does not show the name as text"
    );
    // The map's data: `<` written as \u003c inside the JSON.
    assert!(
        html.contains("\\u003cscript>window.pwned=1\\u003c/script>"),
        "{what}: the map's data lacks the name"
    );
}

#[test]
fn plan_report_shows_hostile_names_as_text() {
    let dir = tempfile::tempdir().unwrap();
    hostile::market(dir.path());
    let args = hostile::plan_args("out");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = siteplan(dir.path(), &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    assert_escaped(&html, "report.html");
    assert!(
        html.contains("O&#39;Brien &amp; &quot;Sons&quot;"),
        "quotes"
    );
}

#[test]
fn sweep_report_shows_hostile_names_as_text() {
    let dir = tempfile::tempdir().unwrap();
    hostile::market(dir.path());
    hostile::sweep(dir.path());
    let out = siteplan(
        dir.path(),
        &["sweep", "--config", "sweep.toml", "--out", "out", "--quiet"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The varied titles are parameters: in the charts and the table.
    let html = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    assert_escaped(&html, "the sweep report");
}

#[test]
fn a_scenario_named_dot_dot_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    hostile::market(dir.path());
    for name in ["..", "."] {
        let sweep = format!(
            "demand = \"demand.csv\"\nsites = \"sites.csv\"\nmodel = \"max-coverage\"\ncutoff = 30\nnew_sites = 1\n[[scenario]]\nname = \"ok\"\n[[scenario]]\nname = \"{name}\"\n"
        );
        std::fs::write(dir.path().join("sweep.toml"), sweep).unwrap();
        let out = siteplan(
            dir.path(),
            &[
                "sweep",
                "--config",
                "sweep.toml",
                "--out",
                "out",
                "--write-plans",
            ],
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("sweep.toml"), "names the file: {err}");
        assert!(
            err.contains(&format!("name = \"{name}\"")),
            "names the key: {err}"
        );
        assert!(!dir.path().join("out").exists(), "wrote something: {err}");
    }
    // Slashes in a name become `_`: a scenario named like a path stays a
    // folder inside scenarios/.
    std::fs::write(
        dir.path().join("sweep.toml"),
        "demand = \"demand.csv\"\nsites = \"sites.csv\"\nmodel = \"max-coverage\"\ncutoff = 30\nnew_sites = 1\n[[scenario]]\nname = \"../../escaped\"\n",
    )
    .unwrap();
    let out = siteplan(
        dir.path(),
        &[
            "sweep",
            "--config",
            "sweep.toml",
            "--out",
            "out",
            "--write-plans",
            "--quiet",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir
        .path()
        .join("out/scenarios/.._.._escaped/summary.json")
        .is_file());
    assert!(!dir.path().join("escaped").exists());
}

#[test]
fn sweep_inputs_may_live_anywhere() {
    // Inputs are read, not written: `../` and absolute paths are fine.
    let dir = tempfile::tempdir().unwrap();
    hostile::market(dir.path());
    let sub = dir.path().join("sweeps");
    std::fs::create_dir(&sub).unwrap();
    let sites = dir.path().join("sites.csv");
    std::fs::write(
        sub.join("sweep.toml"),
        format!(
            "demand = \"../demand.csv\"\nsites = {:?}\nmodel = \"max-coverage\"\ncutoff = 30\n[grid]\nnew_sites = [1, 2]\n",
            sites.display().to_string()
        ),
    )
    .unwrap();
    let out = siteplan(
        &sub,
        &["sweep", "--config", "sweep.toml", "--out", "out", "--quiet"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(sub.join("out/summary.csv").is_file());
}

#[test]
fn a_manifest_naming_a_path_is_refused_by_merge() {
    let dir = tempfile::tempdir().unwrap();
    hostile::market(dir.path());
    std::fs::write(
        dir.path().join("sweep.toml"),
        "demand = \"demand.csv\"\nsites = \"sites.csv\"\nmodel = \"max-coverage\"\ncutoff = 30\n[grid]\nnew_sites = [1, 2]\n",
    )
    .unwrap();
    for k in 0..2 {
        let shard = format!("shard{k}");
        let out = siteplan(
            dir.path(),
            &[
                "sweep",
                "--config",
                "sweep.toml",
                "--out",
                &shard,
                "--shard",
                &format!("{k}/2"),
                "--quiet",
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Both shards' manifests tampered with alike.
    for bad in ["../../outside", "..", "/etc/cron.d/x"] {
        for k in 0..2 {
            let path = dir.path().join(format!("shard{k}/manifest.json"));
            let text = std::fs::read_to_string(&path).unwrap();
            let mut m: serde_json::Value = serde_json::from_str(&text).unwrap();
            m["scenarios"][1]["name"] = serde_json::Value::String(bad.into());
            std::fs::write(&path, serde_json::to_string_pretty(&m).unwrap()).unwrap();
        }
        let out = siteplan(
            dir.path(),
            &["sweep", "merge", "shard0", "shard1", "--out", "merged"],
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad}: {err}");
        assert!(
            err.contains("shard0/manifest.json") && err.contains("scenarios[1].name"),
            "names the file and the key: {err}"
        );
        assert!(err.contains(&format!("{bad:?}")), "{err}");
        assert!(
            !dir.path().join("merged").exists(),
            "wrote something: {err}"
        );
    }
}
