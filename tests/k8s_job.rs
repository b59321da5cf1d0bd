//! The Kubernetes manifests of `deploy/k8s/`: the Indexed Job that runs one
//! sweep shard per pod and the Job that merges the shards.
//!
//! - Validated against the Kubernetes Job schema (version
//!   [`KUBERNETES_VERSION`], `--strict`: no unknown field) by
//!   `kubernetes-validate` (PyPI), named by `SITEPLAN_K8S_VALIDATE` or found
//!   on the `PATH`; without it that test prints "skipped: …".
//! - Read as plain text (no YAML library): the fields an Indexed Job needs,
//!   N the same in `completions` and `--shard K/N`, every flag one that
//!   `siteplan sweep --help` (or `sweep merge --help`) lists.
//! - Run: the pods' command lines, with `/work` a temporary folder and
//!   `$(JOB_COMPLETION_INDEX)` each index in turn, then the merge's, on a
//!   small sweep; the merged folder must equal a one-process run.

use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_siteplan");

/// The Kubernetes version the manifests are validated for: the first
/// release with `backoffLimitPerIndex` generally available.
const KUBERNETES_VERSION: &str = "1.33.0";

fn manifest(name: &str) -> (PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("deploy/k8s")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    (path, text)
}

/// The lines of `text` without comments (a `#` at the start of a line or
/// after a space) and without blank lines.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| {
            let cut = if l.trim_start().starts_with('#') {
                0
            } else {
                l.find(" #").unwrap_or(l.len())
            };
            l[..cut].trim_end().to_string()
        })
        .filter(|l| !l.trim().is_empty())
        .collect()
}

fn indent(l: &str) -> usize {
    l.len() - l.trim_start().len()
}

/// The value of the first `key: value` line (anywhere in the file).
fn field(text: &str, key: &str) -> Option<String> {
    let prefix = format!("{key}:");
    lines(text).iter().find_map(|l| {
        let t = l.trim_start().trim_start_matches("- ");
        t.strip_prefix(&prefix)
            .map(|v| v.trim().trim_matches('"').to_string())
    })
}

/// The items of the first `key:` list: a flow list (`[a, b]`), a block
/// list (`- a` lines) or a folded scalar (`>-`, split on spaces).
fn list(text: &str, key: &str) -> Vec<String> {
    let unquote = |s: &str| s.trim().trim_matches('"').to_string();
    let lines = lines(text);
    let prefix = format!("{key}:");
    let start = lines
        .iter()
        .position(|l| l.trim_start().starts_with(&prefix))
        .unwrap_or_else(|| panic!("no `{key}:`"));
    let head = lines[start].trim_start()[prefix.len()..].trim();
    if let Some(flow) = head.strip_prefix('[') {
        return flow.trim_end_matches(']').split(',').map(unquote).collect();
    }
    let base = indent(&lines[start]);
    let body = lines[start + 1..]
        .iter()
        .take_while(|l| indent(l) > base || (indent(l) == base && l.trim().starts_with("- ")));
    let mut items = Vec::new();
    let mut folded = false;
    for l in body {
        let t = l.trim();
        if t == "- >-" || t == "- >" {
            folded = true;
        } else if folded {
            items.extend(t.split_whitespace().map(str::to_string));
        } else if let Some(item) = t.strip_prefix("- ") {
            items.push(unquote(item));
        }
    }
    items
}

/// The `--flags` of a command line.
fn flags(args: &[String]) -> Vec<&str> {
    args.iter()
        .filter(|a| a.starts_with("--"))
        .map(|a| a.split('=').next().unwrap())
        .collect()
}

fn help(args: &[&str]) -> String {
    let o = Command::new(BIN).args(args).arg("--help").output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// The sweep Job's command line: `siteplan sweep …`.
fn sweep_args() -> Vec<String> {
    let (_, text) = manifest("indexed-job.yaml");
    assert_eq!(list(&text, "command"), ["siteplan"]);
    let args = list(&text, "args");
    assert_eq!(args.first().map(String::as_str), Some("sweep"), "{args:?}");
    args
}

/// The merge Job's command line, after `sh -c`.
fn merge_line() -> String {
    let (_, text) = manifest("merge-job.yaml");
    assert_eq!(list(&text, "command"), ["sh", "-c"]);
    list(&text, "args").join(" ")
}

/// The value after `flag` in `args`.
fn value<'a>(args: &'a [String], flag: &str) -> &'a str {
    let i = args.iter().position(|a| a == flag);
    let i = i.unwrap_or_else(|| panic!("no {flag} in {args:?}"));
    &args[i + 1]
}

#[test]
fn the_sweep_job_is_an_indexed_job_of_n_shards() {
    let (_, text) = manifest("indexed-job.yaml");
    assert_eq!(field(&text, "apiVersion").as_deref(), Some("batch/v1"));
    assert_eq!(field(&text, "kind").as_deref(), Some("Job"));
    assert_eq!(field(&text, "completionMode").as_deref(), Some("Indexed"));
    assert_eq!(field(&text, "restartPolicy").as_deref(), Some("Never"));
    let n: u32 = field(&text, "completions").unwrap().parse().unwrap();
    let parallel: u32 = field(&text, "parallelism").unwrap().parse().unwrap();
    assert!((1..=n).contains(&parallel), "parallelism {parallel} of {n}");
    let args = sweep_args();
    // Shard K of N with N = completions: otherwise scenarios are lost or
    // solved twice.
    assert_eq!(
        value(&args, "--shard"),
        format!("$(JOB_COMPLETION_INDEX)/{n}")
    );
    // One folder per pod, and a retried pod resumes.
    assert!(value(&args, "--out").ends_with("$(JOB_COMPLETION_INDEX)"));
    assert!(args.iter().any(|a| a == "--resume"), "{args:?}");
    // The merge reads exactly the shard folders.
    let shard_dir = value(&args, "--out").replace("$(JOB_COMPLETION_INDEX)", "*");
    assert!(
        merge_line().contains(&format!("sweep merge {shard_dir} --out ")),
        "{}",
        merge_line()
    );
}

#[test]
fn the_manifests_use_only_flags_the_cli_accepts() {
    let sweep = help(&["sweep"]);
    let args = sweep_args();
    for flag in flags(&args) {
        assert!(
            sweep.contains(&format!("{flag} ")) || sweep.contains(&format!("{flag}\n")),
            "`siteplan sweep --help` does not list {flag}:\n{sweep}"
        );
    }
    let merge = help(&["sweep", "merge"]);
    let line: Vec<String> = merge_line()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let used = flags(&line);
    assert!(used.contains(&"--out"), "{line:?}");
    for flag in used {
        assert!(
            merge.contains(&format!("{flag} ")) || merge.contains(&format!("{flag}\n")),
            "`siteplan sweep merge --help` does not list {flag}:\n{merge}"
        );
    }
}

/// `kubernetes-validate`: `SITEPLAN_K8S_VALIDATE`, else on the `PATH`.
fn validator() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SITEPLAN_K8S_VALIDATE") {
        return Some(PathBuf::from(p));
    }
    let found = Command::new("kubernetes-validate")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    found.then(|| PathBuf::from("kubernetes-validate"))
}

#[test]
fn the_manifests_follow_the_kubernetes_job_schema() {
    let Some(validate) = validator() else {
        eprintln!(
            "skipped: kubernetes-validate not found (pip install kubernetes-validate, \
             or set SITEPLAN_K8S_VALIDATE; .ci/k8s does both)"
        );
        return;
    };
    for name in ["indexed-job.yaml", "merge-job.yaml"] {
        let (path, _) = manifest(name);
        let o = Command::new(&validate)
            .args(["--strict", "--kubernetes-version", KUBERNETES_VERSION])
            .arg(&path)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", validate.display()));
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(o.status.success(), "{name}: {said}");
        assert!(said.contains("passed"), "{name}: {said}");
        eprintln!("{}", said.trim_end());
    }
}

fn run(mut c: Command) {
    let o = c.output().unwrap();
    assert!(
        o.status.success(),
        "{c:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Every file under `dir`, by path relative to it, with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_path_buf();
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_pods_and_the_merge_give_a_one_process_sweep() {
    let (_, text) = manifest("indexed-job.yaml");
    let n: u32 = field(&text, "completions").unwrap().parse().unwrap();
    let work = tempfile::tempdir().unwrap();
    let root = work.path().display().to_string();
    let at = |s: &str| s.replace("/work/", &format!("{root}/"));
    let args = sweep_args();
    // The sweep file the Job names, here a small one on a generated market.
    let config = PathBuf::from(at(value(&args, "--config")));
    let data = config.parent().unwrap();
    std::fs::create_dir_all(data).unwrap();
    let mut generate = Command::new(BIN);
    generate
        .args([
            "generate",
            "--cities",
            "6",
            "--towns",
            "30",
            "--existing",
            "1",
        ])
        .args(["--candidates", "8", "--seed", "5", "-q", "--out"])
        .arg(data.join("market"));
    run(generate);
    std::fs::write(
        &config,
        "demand = \"market/demand.csv\"\nsites = \"market/sites.csv\"\n\
         model = \"max-coverage\"\ncutoff = 40\n[grid]\nnew_sites = [1, 2, 3]\n\
         cutoff = [20, 40]\n",
    )
    .unwrap();
    // Each pod's command line, as Kubernetes expands it.
    for k in 0..n {
        let mut pod = Command::new(BIN);
        pod.args(
            args.iter()
                .map(|a| at(&a.replace("$(JOB_COMPLETION_INDEX)", &k.to_string()))),
        );
        run(pod);
    }
    let mut merge = Command::new("sh");
    merge.arg("-c").arg(
        at(&merge_line())
            .replace("exec siteplan ", "exec \"$0\" ")
            .replace(" siteplan ", " \"$0\" "),
    );
    merge.arg(BIN);
    run(merge);
    let one = work.path().join("one");
    let mut whole = Command::new(BIN);
    whole
        .arg("sweep")
        .arg("--config")
        .arg(&config)
        .arg("--out")
        .arg(&one)
        .arg("-q");
    run(whole);
    let merged = snapshot(&work.path().join("out/sweep"));
    assert_eq!(merged.len(), snapshot(&one).len());
    assert!(merged == snapshot(&one), "merged folder differs");
}
