//! Entry points for fuzzing the readers of siteplan's input files.
//!
//! Each [`Target`] takes arbitrary bytes, writes them to a file in a fresh
//! scratch folder and reads that file through the same function the
//! command-line tool uses. [`check`] then asserts the readers' contract:
//! no panic (a panic propagates to the caller, which is how a fuzzer sees
//! it), and every error is a typed [`Error`] that names the file it is
//! about, with a line number where the format has lines.
//!
//! The fuzz targets of `fuzz/` and the replay of their corpus in
//! `tests/fuzz_corpus.rs` both call [`check`].

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{Error, InputProblem};

/// One reader under test.
///
/// # Examples
///
/// ```
/// use siteplan::fuzzing::Target;
/// assert_eq!(Target::from_name("demand"), Some(Target::Demand));
/// assert_eq!(Target::Demand.name(), "demand");
/// assert_eq!(Target::ALL.len(), 7);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A demand CSV (`siteplan::io::read_demand`).
    Demand,
    /// A sites CSV (`siteplan::io::read_sites`).
    Sites,
    /// An OD cost CSV for a small fixed problem (`siteplan::io::read_costs`).
    Costs,
    /// `plan --config` TOML: loaded, then turned into a plan request.
    PlanConfig,
    /// A sweep TOML, run as `siteplan sweep --config` runs it (inputs named
    /// in it are read, relative to the scratch folder).
    SweepConfig,
    /// A GeoJSON of country borders (`siteplan::io::Borders::read`).
    Borders,
    /// A sweep folder's `manifest.json`, merged as `siteplan sweep merge`
    /// merges it.
    Manifest,
}

impl Target {
    /// Every target, in the order of `fuzz/fuzz_targets/`.
    ///
    /// ```
    /// use siteplan::fuzzing::Target;
    /// assert!(Target::ALL.contains(&Target::Manifest));
    /// ```
    pub const ALL: [Target; 7] = [
        Target::Demand,
        Target::Sites,
        Target::Costs,
        Target::PlanConfig,
        Target::SweepConfig,
        Target::Borders,
        Target::Manifest,
    ];

    /// The target's name: its fuzz target and its corpus folder.
    ///
    /// ```
    /// assert_eq!(siteplan::fuzzing::Target::PlanConfig.name(), "plan_config");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Target::Demand => "demand",
            Target::Sites => "sites",
            Target::Costs => "costs",
            Target::PlanConfig => "plan_config",
            Target::SweepConfig => "sweep_config",
            Target::Borders => "borders",
            Target::Manifest => "manifest",
        }
    }

    /// The target of a name, if any.
    ///
    /// ```
    /// use siteplan::fuzzing::Target;
    /// assert_eq!(Target::from_name("borders"), Some(Target::Borders));
    /// assert_eq!(Target::from_name("nothing"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The name the input is written under, as a user would name the file.
    fn file_name(self) -> &'static str {
        match self {
            Target::Demand => "demand.csv",
            Target::Sites => "sites.csv",
            Target::Costs => "costs.csv",
            Target::PlanConfig => "plan.toml",
            Target::SweepConfig => "sweep.toml",
            Target::Borders => "borders.geojson",
            Target::Manifest => "manifest.json",
        }
    }

    /// Whether an error found in the file must say on which line.
    fn has_lines(self) -> bool {
        !matches!(self, Target::Manifest)
    }
}

/// A fresh folder under the system's temporary folder, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("siteplan-fuzz-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a scratch folder");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Feeds `data` to `target`'s reader. `Ok` when the reader accepted the
/// input or refused it as its contract says; `Err` describes a broken
/// contract (an error that does not name the file or the line). A panic in
/// the reader is not caught.
///
/// # Examples
///
/// ```
/// use siteplan::fuzzing::{check, Target};
/// // A valid file and a malformed one both keep the contract.
/// check(Target::Demand, b"id,lat,lon,weight\na,31.2,121.5,100\n")?;
/// check(Target::Demand, b"id,lat,lon,weight\na,95,121.5,100\n")?;
/// check(Target::SweepConfig, b"[grid]\nnew_sites = [1, 2]\n")?;
/// check(Target::Manifest, b"{\"scenarios\": 7}")?;
/// # Ok::<(), String>(())
/// ```
pub fn check(target: Target, data: &[u8]) -> Result<(), String> {
    let scratch = Scratch::new();
    let path = scratch.0.join(target.file_name());
    std::fs::write(&path, data).map_err(|e| format!("cannot write the input: {e}"))?;
    let label = path.display().to_string();
    let result = read(target, &path, &scratch.0);
    match result {
        Ok(()) => Ok(()),
        Err(e) => located(target, &e, &label, line_count(data)),
    }
}

/// The number of lines of `data` as an editor counts them: a last line
/// without its newline still counts, and so does the empty line after a
/// final newline (an error "at the end of the file" may point there).
fn line_count(data: &[u8]) -> u64 {
    data.iter().filter(|&&b| b == b'\n').count() as u64 + 1
}

/// Runs the reader of `target` on `path`.
fn read(target: Target, path: &Path, dir: &Path) -> crate::Result<()> {
    match target {
        Target::Demand => crate::io::read_demand(path).map(drop),
        Target::Sites => crate::io::read_sites(path).map(drop),
        Target::Costs => {
            let problem = small_problem();
            crate::io::read_costs(path, &problem).map(drop)
        }
        Target::PlanConfig => {
            let cfg = crate::config::PlanConfig::load(path)?;
            crate::pipeline::PlanRequest::from_config(&cfg)?;
            cfg.share_params().map(drop)
        }
        Target::SweepConfig => {
            let opts = crate::scenario::SweepOptions {
                jobs: 1,
                ..Default::default()
            };
            crate::scenario::run_sweep_file(path, &dir.join("out"), &opts, true).map(drop)
        }
        Target::Borders => {
            let b = crate::io::Borders::read(path)?;
            let mut map = crate::io::webmap::WebMap::default();
            map.add_borders(&b);
            drop(map.json());
            Ok(())
        }
        Target::Manifest => {
            let shard = path.parent().unwrap_or(dir).to_path_buf();
            crate::scenario::merge(&[shard], &dir.join("merged"), false)
        }
    }
}

/// The problem the costs target reads OD pairs for.
fn small_problem() -> crate::Problem {
    use crate::{DemandPoint, Problem, Site};
    Problem::builder()
        .demand(DemandPoint::new("a", 31.2, 121.5, 10.0))
        .demand(DemandPoint::new("b", 31.3, 121.4, 5.0))
        .demand(DemandPoint::new("c", 30.3, 120.2, 8.0))
        .site(Site::new("s1", 31.2, 121.5))
        .site(Site::new("s2", 30.3, 120.2))
        .build()
        .expect("a valid problem")
}

/// Problems of a whole file, which have no line.
const WHOLE_FILE: [&str; 7] = [
    "file is empty",
    "has no header row",
    "has a header but no data rows",
    "no data rows",
    "file not found",
    "is a directory",
    "cannot read",
];

/// Checks that `e`, an error about the file `label` of `lines` lines, says
/// where it is.
fn located(target: Target, e: &Error, label: &str, lines: u64) -> Result<(), String> {
    let text = e.to_string();
    match e {
        Error::Input(list) => {
            if list.problems.is_empty() {
                return Err(format!("an input error with no problem: {text:?}"));
            }
            for p in &list.problems {
                problem_located(target, p, label, lines).map_err(|m| format!("{m}: {text:?}"))?;
            }
            Ok(())
        }
        Error::Usage(m) => {
            // A request that cannot run (a model without its number of new
            // sites, …) is about the settings, not a place in the file; the
            // file must still be named where the file is the whole request.
            // (A merge's folders are named instead of their manifest.)
            let named = match target {
                Target::SweepConfig => m.contains(label),
                Target::Manifest => {
                    let dir = Path::new(label).parent().unwrap_or(Path::new(label));
                    m.contains(&dir.display().to_string())
                }
                Target::PlanConfig => true,
                // The plain readers have no settings: whatever they refuse
                // is in the file, and is an input problem with its place.
                Target::Demand | Target::Sites | Target::Costs | Target::Borders => false,
            };
            if !named {
                Err(format!(
                    "a usage error that does not name the file: {text:?}"
                ))
            } else {
                Ok(())
            }
        }
        Error::Io { path, .. } if path.as_os_str().is_empty() => {
            Err(format!("an I/O error that names no file: {text:?}"))
        }
        Error::Io { .. } => Ok(()),
        // Only a sweep solves anything; the others read and check.
        Error::Infeasible(_) | Error::Solver(_) if target == Target::SweepConfig => Ok(()),
        _ => Err(format!("an unexpected error: {text:?}")),
    }
}

fn problem_located(
    target: Target,
    p: &InputProblem,
    label: &str,
    lines: u64,
) -> Result<(), String> {
    if p.file.is_empty() || p.file == "config" {
        return Err("a problem that names no file".into());
    }
    let ours = p.file == label || p.file.starts_with(&format!("{label}:"));
    if !ours {
        // Another file the input names (a sweep's demand file, say): it
        // must exist or be reported as missing, under its own name.
        return if matches!(target, Target::SweepConfig) {
            Ok(())
        } else {
            Err(format!("a problem about another file {:?}", p.file))
        };
    }
    let whole_file = WHOLE_FILE.iter().any(|w| p.message.contains(w));
    let in_scenario = p.file.starts_with(&format!("{label}: scenario"));
    if target.has_lines() && p.line.is_none() && !whole_file && !in_scenario {
        return Err("a problem in the file without its line".into());
    }
    match p.line {
        Some(n) if p.file == label && (n == 0 || n > lines) => Err(format!(
            "a problem at line {n}, outside the file's {lines} lines"
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LABEL: &str = "/tmp/x/demand.csv";

    fn problem(line: Option<u64>, message: &str) -> Error {
        Error::input(InputProblem::new(LABEL, line, Some("lat"), message))
    }

    #[test]
    fn a_located_problem_keeps_the_contract() {
        assert_eq!(
            located(Target::Demand, &problem(Some(3), "bad"), LABEL, 3),
            Ok(())
        );
        let whole = problem(None, "has a header but no data rows");
        assert_eq!(located(Target::Demand, &whole, LABEL, 2), Ok(()));
    }

    #[test]
    fn errors_that_do_not_say_where_they_are_are_caught() {
        let cases = [
            problem(None, "bad"),
            problem(Some(0), "bad"),
            problem(Some(4), "bad"),
            Error::input(InputProblem::new("", Some(2), None, "bad")),
            Error::input(InputProblem::new("other.csv", Some(2), None, "bad")),
            Error::Usage("bad".into()),
            Error::Io {
                path: PathBuf::new(),
                source: std::io::Error::other("bad"),
            },
            Error::Infeasible("bad".into()),
            Error::Interrupted,
        ];
        for e in &cases {
            assert!(located(Target::Demand, e, LABEL, 3).is_err(), "{e:?}");
        }
    }

    #[test]
    fn line_count_counts_a_last_line_without_newline() {
        assert_eq!(line_count(b""), 1);
        assert_eq!(line_count(b"a"), 1);
        assert_eq!(line_count(b"a\n"), 2);
        assert_eq!(line_count(b"a\nb"), 2);
    }
}
