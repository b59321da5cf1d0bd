//! I/O faults around `siteplan plan`: a process killed between two output
//! files, a disk that fills up, a folder that cannot be written, an input
//! file that vanishes while the plan runs. Each ends with a message naming
//! the path, exit code 1 (an input that was never there is bad input: 2),
//! and either the previous plan folder byte for byte or nothing at all;
//! never a mix of old and new files.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_siteplan");

/// A market of `n` demand points and `n / 2` sites around Shanghai, so
/// that the report and GeoJSON files run to tens of kilobytes.
fn setup(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut demand = String::from("id,lat,lon,weight\n");
    let mut sites = String::from("id,lat,lon,status\n");
    let mut costs = String::from("demand_id,site_id,cost\n");
    for i in 0..n {
        let (lat, lon) = (
            30.0 + (i % 17) as f64 * 0.13,
            120.0 + (i / 17) as f64 * 0.11,
        );
        demand.push_str(&format!("d{i},{lat:.3},{lon:.3},{}\n", 10 + i % 7));
        if i % 2 == 0 {
            let status = if i % 10 == 0 { "existing" } else { "candidate" };
            sites.push_str(&format!("s{i},{:.3},{:.3},{status}\n", lat + 0.01, lon));
        }
    }
    for i in 0..n {
        for j in (0..n).step_by(2) {
            costs.push_str(&format!("d{i},s{j},{}\n", (i as f64 - j as f64).abs()));
        }
    }
    std::fs::write(dir.path().join("demand.csv"), demand).unwrap();
    std::fs::write(dir.path().join("sites.csv"), sites).unwrap();
    std::fs::write(dir.path().join("costs.csv"), costs).unwrap();
    dir
}

/// `siteplan plan` in `dir` reading `demand` and writing `out`, opening
/// `new_sites` sites.
fn plan_cmd(dir: &Path, demand: &str, out: &Path, new_sites: u32) -> Command {
    let mut c = Command::new(BIN);
    c.current_dir(dir)
        .args(["plan", "--demand", demand, "--sites", "sites.csv"])
        .args(["--model", "max-coverage", "--cutoff", "30"])
        .args(["--new-sites", &new_sites.to_string()])
        .arg("--out")
        .arg(out)
        .env_remove("SITEPLAN_PAUSE");
    c
}

/// [`plan_cmd`] with `demand.csv`, quiet.
fn plan(dir: &Path, out: &Path, new_sites: u32) -> Command {
    let mut c = plan_cmd(dir, "demand.csv", out, new_sites);
    c.arg("--quiet");
    c
}

fn run(mut c: Command) -> (Option<i32>, String) {
    let Output { status, stderr, .. } = c.output().unwrap();
    (status.code(), String::from_utf8_lossy(&stderr).into_owned())
}

/// Every file under `dir` (names relative to it) with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// A plan folder written without faults: `out` in `dir`, its bytes.
fn previous_plan(dir: &Path) -> (PathBuf, BTreeMap<PathBuf, Vec<u8>>) {
    let out = dir.join("out");
    let (code, stderr) = run(plan(dir, &out, 1));
    assert_eq!(code, Some(0), "{stderr}");
    let before = snapshot(&out);
    assert!(before.len() >= 9, "{:?}", before.keys());
    (out, before)
}

#[test]
fn a_plan_killed_between_two_files_leaves_the_previous_folder_intact() {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: SITEPLAN_PAUSE=write:N works in debug builds only");
        return;
    }
    let dir = setup(60);
    let (out, before) = previous_plan(dir.path());
    let staging = dir.path().join(".out.siteplan-new");
    // Kill after 1, 4 and 8 of the new plan's files (the last one before
    // report.md): each time the previous folder is there, byte for byte.
    // The debug build's pause holds the process after its N-th file until
    // the kill, however fast or slow the machine.
    for files in [1, 4, 8] {
        let mut c = plan(dir.path(), &out, 3);
        c.env("SITEPLAN_PAUSE", format!("write:{files}"))
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut said = String::new();
        stderr.read_line(&mut said).unwrap();
        assert_eq!(said, "siteplan: paused at write\n", "after {files} file(s)");
        let written: Vec<String> = names(&staging)
            .into_iter()
            .filter(|n| !n.starts_with('.'))
            .collect();
        assert_eq!(written.len(), files, "{written:?}");
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        assert_eq!(snapshot(&out), before, "killed after {files} file(s)");
        assert_eq!(
            names(dir.path()),
            [
                ".out.siteplan-new",
                "costs.csv",
                "demand.csv",
                "out",
                "sites.csv"
            ]
        );
    }
    // The next run cleans up and writes the new plan as a whole.
    let (code, stderr) = run(plan(dir.path(), &out, 3));
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        names(dir.path()),
        ["costs.csv", "demand.csv", "out", "sites.csv"]
    );
    let fresh = dir.path().join("fresh");
    assert_eq!(run(plan(dir.path(), &fresh, 3)).0, Some(0));
    let after = snapshot(&out);
    assert_eq!(after, snapshot(&fresh));
    assert_ne!(after, before);
}

#[test]
fn a_folder_holding_other_files_keeps_them() {
    let dir = setup(20);
    let (out, _) = previous_plan(dir.path());
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    std::fs::write(out.join("curve.csv"), "stale").unwrap();
    // Written file by file: the user's file stays, and so does a plan file
    // this plan does not write.
    let o = plan_cmd(dir.path(), "demand.csv", Path::new("out"), 2)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("note: out holds notes.txt, which siteplan does not write: the plan files are written into it one by one"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(out.join("notes.txt")).unwrap(), b"mine");
    assert_eq!(std::fs::read(out.join("curve.csv")).unwrap(), b"stale");
    let fresh = dir.path().join("fresh");
    assert_eq!(run(plan(dir.path(), &fresh, 2)).0, Some(0));
    for (name, bytes) in snapshot(&fresh) {
        assert_eq!(std::fs::read(out.join(&name)).unwrap(), bytes, "{name:?}");
    }
}

/// `plan` run by a shell that first limits the size of any file it
/// writes to `kb` KiB: a write past it fails with EFBIG ("File too
/// large"), as on a full disk (SIGXFSZ is ignored so the write fails
/// rather than the process dying).
fn plan_limited(dir: &Path, out: &Path, kb: u32) -> (Option<i32>, String) {
    let inner = plan(dir, out, 3);
    let mut c = Command::new("bash");
    c.current_dir(dir)
        .arg("-c")
        .arg(format!("trap '' XFSZ; ulimit -f {kb}; exec \"$0\" \"$@\""))
        .arg(inner.get_program())
        .args(inner.get_args());
    run(c)
}

#[test]
fn a_file_size_limit_midway_fails_cleanly_and_keeps_the_previous_plan() {
    let dir = setup(120);
    let (out, before) = previous_plan(dir.path());
    let sizes: Vec<u64> = before.values().map(|b| b.len() as u64).collect();
    let (small, big) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
    // Room for the small files, not for the largest one.
    let kb = ((small + big) / 2 / 1024).max(1) as u32;
    assert!(
        u64::from(kb) * 1024 < *big && u64::from(kb) * 1024 > *small,
        "{sizes:?}"
    );
    let (code, stderr) = plan_limited(dir.path(), &out, kb);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("could not write the plan into"), "{stderr}");
    assert!(stderr.contains("File too large"), "{stderr}");
    // The message names the file under its real name, not a temporary one.
    let out_s = out.display().to_string();
    assert!(stderr.contains(&format!("caused by: {out_s}/")), "{stderr}");
    assert!(!stderr.contains("siteplan-new"), "{stderr}");
    assert_eq!(snapshot(&out), before);
    assert_eq!(
        names(dir.path()),
        ["costs.csv", "demand.csv", "out", "sites.csv"]
    );
    // Into a new folder: nothing at all.
    let (code, stderr) = plan_limited(dir.path(), &dir.path().join("new"), kb);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(
        names(dir.path()),
        ["costs.csv", "demand.csv", "out", "sites.csv"]
    );
}

/// A tmpfs mounted until dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    /// Mounts a tmpfs of `options` on `at`; `None` (and why, printed)
    /// where this process may not mount.
    fn mount(at: &Path, options: &str) -> Option<Tmpfs> {
        if !is_root() {
            eprintln!("skipped: mounting a tmpfs needs root");
            return None;
        }
        std::fs::create_dir_all(at).unwrap();
        let o = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(at)
            .output();
        match o {
            Ok(o) if o.status.success() => Some(Tmpfs(at.to_path_buf())),
            Ok(o) => {
                let why = String::from_utf8_lossy(&o.stderr);
                eprintln!("skipped: cannot mount a tmpfs: {}", why.trim());
                None
            }
            Err(e) => {
                eprintln!("skipped: cannot run mount: {e}");
                None
            }
        }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// `plan` into a new folder on a tmpfs mounted with `options` fails with
/// exit 1 and a message naming the folder and giving `reason`, and
/// leaves the tmpfs empty.
fn plan_fails_on_tmpfs(options: &str, reason: &str) {
    let dir = setup(120);
    let fs = dir.path().join("fs");
    let Some(_mounted) = Tmpfs::mount(&fs, options) else {
        return;
    };
    let out = fs.join("out");
    let (code, stderr) = run(plan(dir.path(), &out, 3));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains(reason), "{stderr}");
    let out = out.display();
    assert!(
        stderr.starts_with(&format!("error: could not write the plan into {out}\n")),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("caused by: {out}")), "{stderr}");
    assert!(!stderr.contains("siteplan-new"), "{stderr}");
    assert!(names(&fs).is_empty(), "{:?}", names(&fs));
}

#[test]
fn a_full_disk_fails_cleanly_and_leaves_nothing() {
    plan_fails_on_tmpfs("size=64k", "No space left on device");
}

#[test]
fn a_read_only_file_system_fails_cleanly() {
    plan_fails_on_tmpfs("ro,size=64k", "Read-only file system");
}

#[test]
fn an_input_file_vanishing_mid_run_fails_cleanly() {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let dir = setup(20);
    // The demand file is a named pipe: siteplan waits on it while the
    // costs file, which it reads after the demand and sites, is deleted.
    let fifo = dir.path().join("demand.fifo");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let demand = std::fs::read(dir.path().join("demand.csv")).unwrap();
    let out = dir.path().join("out");
    let mut child = plan_cmd(dir.path(), "demand.fifo", Path::new("out"), 2)
        .args(["--costs", "costs.csv", "--quiet"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let t0 = Instant::now();
    let mut pipe = loop {
        // Non-blocking: opening for writing fails until siteplan opens it.
        match std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&fifo)
        {
            Ok(f) => break f,
            Err(_) => {
                assert!(
                    child.try_wait().unwrap().is_none(),
                    "siteplan stopped before reading the demand"
                );
                assert!(t0.elapsed() < Duration::from_secs(60));
                std::thread::sleep(Duration::from_millis(10));
            }
        }
    };
    std::fs::remove_file(dir.path().join("costs.csv")).unwrap();
    pipe.write_all(&demand).unwrap();
    drop(pipe);
    let o = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    // It was there when the run started: an I/O fault (exit 1) naming
    // the file, not bad input.
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("error: costs.csv: file not found; it was there when the run started"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!out.exists());
}

#[test]
fn an_input_file_that_never_existed_is_bad_input() {
    let dir = setup(6);
    let (code, stderr) = run({
        let mut c = plan(dir.path(), Path::new("out"), 1);
        c.args(["--costs", "missing.csv"]);
        c
    });
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(stderr.trim_end(), "error: missing.csv: file not found");
    assert!(!dir.path().join("out").exists());
}
