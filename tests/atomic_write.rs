//! Outputs are written atomically: a write that fails half way (a writer
//! that breaks, a folder that cannot be written) leaves no file under the
//! final name and no temporary file behind.

use std::io::Write;
use std::path::Path;

use assert_cmd::Command;
use siteplan::io::{self, GeoJsonOptions, PlanView};
use siteplan::{Assignment, DemandPoint, ModelKind, Plan, PlanStatus, Problem, Site, SolveStats};

/// A writer that accepts `left` bytes, then fails: a process killed or a
/// disk filled in the middle of a file.
struct FailAfter<W> {
    inner: W,
    left: usize,
}

impl<W: Write> Write for FailAfter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            return Err(std::io::Error::other("injected failure half way"));
        }
        let n = buf.len().min(self.left);
        self.left -= n;
        self.inner.write(&buf[..n])
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn small_plan() -> (Problem, Plan) {
    let problem = Problem::builder()
        .demands(
            (0..50).map(|i| DemandPoint::new(format!("d{i}"), 30.0 + i as f64 * 0.1, 120.0, 1.0)),
        )
        .site(Site::new("s", 30.0, 120.0))
        .build()
        .unwrap();
    let plan = Plan {
        model: ModelKind::PMedian,
        timeline: None,
        method: "test".into(),
        status: PlanStatus::Optimal,
        open: vec![0],
        new: vec![0],
        assignment: (0..50)
            .map(|d| Assignment {
                demand: d,
                site: 0,
                share: 1.0,
                cost: d as f64,
            })
            .collect(),
        objective: 0.0,
        bound: None,
        gap: None,
        stats: SolveStats::default(),
    };
    (problem, plan)
}

#[test]
fn a_writer_failing_half_way_leaves_nothing() {
    let (problem, plan) = small_plan();
    let view = PlanView::new(&problem, &plan).unwrap();
    let whole = io::plan_geojson_string(&view, &GeoJsonOptions::default());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.geojson");
    let err = io::write_atomic(&path, |w| {
        let half = FailAfter {
            inner: w,
            left: whole.len() / 2,
        };
        io::write_plan_geojson_to(half, &view, &GeoJsonOptions::default())
    })
    .unwrap_err();
    assert!(matches!(err, siteplan::Error::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("injected failure"), "{err}");
    assert!(!path.exists(), "a half-written file under the final name");
    assert!(entries(dir.path()).is_empty(), "{:?}", entries(dir.path()));

    // An earlier complete file survives a failed rewrite untouched.
    io::write_plan_geojson(&path, &view, &GeoJsonOptions::default()).unwrap();
    let _ = io::write_atomic(&path, |w| {
        w.write_all(b"{\"type\":")?;
        Err(std::io::Error::other("injected failure"))
    });
    assert_eq!(std::fs::read_to_string(&path).unwrap(), whole);
    assert_eq!(entries(dir.path()), vec!["plan.geojson"]);
}

const DEMAND: &str = "id,lat,lon,weight\nsh,31.22,121.46,100\nbj,39.90,116.40,200\n";
const SITES: &str = "id,lat,lon,status\nsh-1,31.23,121.47,existing\nbj-c,39.91,116.39,candidate\n";

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("demand.csv"), DEMAND).unwrap();
    std::fs::write(dir.path().join("sites.csv"), SITES).unwrap();
    dir
}

/// Runs `plan` in `dir` into `out`; returns (exit code, stderr).
fn plan_into(dir: &Path, out: &str) -> (Option<i32>, String) {
    let o = Command::cargo_bin("siteplan")
        .unwrap()
        .current_dir(dir)
        .args(["plan", "--demand", "demand.csv", "--sites", "sites.csv"])
        .args([
            "--model",
            "max-coverage",
            "--new-sites",
            "1",
            "--cutoff",
            "50",
        ])
        .args(["--borders", "none.geojson"])
        .args(["--out", out, "--quiet"])
        .output()
        .unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn a_missing_borders_file_stops_before_anything_is_written() {
    let dir = setup();
    let (code, stderr) = plan_into(dir.path(), "out");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("none.geojson"), "{stderr}");
    assert!(!dir.path().join("out").exists());
}

fn plan_ok_into(dir: &Path, out: &str) -> (Option<i32>, String) {
    let o = Command::cargo_bin("siteplan")
        .unwrap()
        .current_dir(dir)
        .args(["plan", "--demand", "demand.csv", "--sites", "sites.csv"])
        .args([
            "--model",
            "max-coverage",
            "--new-sites",
            "1",
            "--cutoff",
            "50",
        ])
        .args(["--out", out, "--quiet"])
        .output()
        .unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn a_read_only_folder_fails_cleanly() {
    use std::os::unix::fs::PermissionsExt;
    let dir = setup();
    let out = dir.path().join("ro");
    std::fs::create_dir(&out).unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root (and some file systems) ignore the mode: then this test cannot
    // make the folder unwritable, and says so.
    let probe = out.join("probe");
    if std::fs::write(&probe, b"x").is_ok() {
        let _ = std::fs::remove_file(&probe);
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!(
            "skipped: {} stays writable with mode 0555 (running as root?); \
             out_under_a_regular_file_fails_cleanly covers this case",
            out.display()
        );
        return;
    }
    let (code, stderr) = plan_ok_into(dir.path(), "ro");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("could not write the plan into ro"),
        "{stderr}"
    );
    assert!(stderr.contains("ermission denied"), "{stderr}");
    assert!(entries(&out).is_empty(), "{:?}", entries(&out));
}

#[test]
fn out_under_a_regular_file_fails_cleanly() {
    // Fails for every user, root included: a regular file cannot hold a folder.
    let dir = setup();
    std::fs::write(dir.path().join("file.txt"), b"keep").unwrap();
    let (code, stderr) = plan_ok_into(dir.path(), "file.txt/out");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.starts_with("error: could not write the plan into file.txt/out"),
        "{stderr}"
    );
    assert!(stderr.contains("caused by: file.txt/out:"), "{stderr}");
    assert_eq!(std::fs::read(dir.path().join("file.txt")).unwrap(), b"keep");
    assert_eq!(
        entries(dir.path()),
        vec!["demand.csv", "file.txt", "sites.csv"]
    );
}

#[test]
fn a_failure_mid_run_leaves_whole_files_only() {
    // plan.svg cannot be renamed into place (a folder holds its name): the
    // files before it are complete, nothing is half-written, no temporary
    // file remains.
    let dir = setup();
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("plan.svg")).unwrap();
    let (code, stderr) = plan_ok_into(dir.path(), "out");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("plan.svg"), "{stderr}");
    assert_eq!(
        entries(&out),
        vec![
            "assignment.csv",
            "demand.geojson",
            "plan.geojson",
            "plan.svg",
            "sites.csv",
            "sites.geojson",
            "summary.json"
        ]
    );
    assert!(std::fs::read_dir(out.join("plan.svg"))
        .unwrap()
        .next()
        .is_none());
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["status"], "optimal");
    let gj: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("plan.geojson")).unwrap()).unwrap();
    assert_eq!(gj["type"], "FeatureCollection");
}
