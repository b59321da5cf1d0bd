//! The plan folder: the one writer of the files a plan leaves behind,
//! used by `siteplan plan`, by the sweep's `--write-plans` folders and by
//! market entry. It sits on the top floor: it reads a finished
//! [`PlanOutcome`] or [`EntryOutcome`] and writes; nothing below imports it.
//!
//! | file | [`FileSet::Full`] | [`FileSet::Scenario`] |
//! |---|---|---|
//! | `summary.json` | ✓ | ✓ |
//! | `sites.csv`, `assignment.csv` | ✓ | ✓ (location models) |
//! | `plan.geojson` | ✓ | ✓ (location models) |
//! | `plan.svg`, `report.html`, `report.md` | ✓ | |
//! | `curve.csv` | with a curve | |
//! | `entry_plan.csv` | market entry | market entry |
//! | `centers.csv` | | market entry |
//! | `shares.csv` | share models | share models |
//!
//! The one `summary.json` schema is in [`summary`]. Every file is written
//! atomically (temporary file, then rename), and the plan's view is built
//! before the folder is created, so a plan that cannot be shown writes
//! nothing. The folder itself is replaced as a whole: the files go into a
//! hidden sibling `.NAME.siteplan-new`, which then takes the place of the
//! previous folder in one step, so a process killed or a disk filled
//! midway leaves the previous folder as it was ([`PlanFolder::recover`]
//! cleans up after a kill). A folder holding files siteplan does not write
//! is never moved: the files are then written into it one by one
//! ([`PlanFolder::in_place`]).

mod entry;
mod share;
pub mod summary;
mod swap;

use std::path::{Path, PathBuf};

use crate::curve::write_curve_csv;
use crate::error::{Error, Result};
use crate::io::{self, tables, GeoJsonOptions, PlanView, Report, SvgOptions};
use crate::models::market_share::ShareReport;
use crate::pipeline::{EntryOutcome, PlanOutcome};
use crate::plan::Plan;
use crate::problem::Problem;

/// Which files a plan folder holds.
///
/// # Examples
///
/// ```
/// use siteplan::output::{FileSet, PlanFolder};
/// assert_eq!(PlanFolder::new("out").file_set(), FileSet::Full);
/// assert_eq!(PlanFolder::scenario("out/scenarios/a").file_set(), FileSet::Scenario);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileSet {
    /// What `siteplan plan` writes: tables, GeoJSON, SVG map, reports,
    /// and `curve.csv` with a curve.
    Full,
    /// What a sweep writes per scenario (`--write-plans`): the tables and
    /// the GeoJSON of the plan as solved.
    Scenario,
}

/// A file written into a plan folder, with a few words on what it is.
pub type Written = (PathBuf, &'static str);

/// A plan folder: where the files go and which set of them.
///
/// # Examples
///
/// ```
/// use siteplan::output::PlanFolder;
/// # let (req, inputs) = siteplan::pipeline::doc_fixture()?;
/// let outcome = siteplan::pipeline::run_with(&req, inputs)?;
/// let dir = tempfile::tempdir()?;
/// let written = PlanFolder::new(dir.path()).write(&outcome)?;
/// let names: Vec<_> = written.iter().map(|(p, _)| p.file_name().unwrap().to_str().unwrap()).collect();
/// assert_eq!(names, PlanFolder::new(dir.path()).file_names(false));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanFolder {
    dir: PathBuf,
    set: FileSet,
}

impl PlanFolder {
    /// The folder `dir` with the full set of files.
    ///
    /// ```
    /// let f = siteplan::output::PlanFolder::new("out/china");
    /// assert_eq!(f.dir(), std::path::Path::new("out/china"));
    /// ```
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        PlanFolder {
            dir: dir.into(),
            set: FileSet::Full,
        }
    }

    /// The folder `dir` with a sweep scenario's set of files.
    ///
    /// ```
    /// let f = siteplan::output::PlanFolder::scenario("sweep/scenarios/cutoff=50");
    /// assert_eq!(f.file_names(false), ["summary.json", "sites.csv", "assignment.csv", "plan.geojson"]);
    /// ```
    pub fn scenario(dir: impl Into<PathBuf>) -> Self {
        PlanFolder {
            dir: dir.into(),
            set: FileSet::Scenario,
        }
    }

    /// The folder.
    ///
    /// ```
    /// assert_eq!(siteplan::output::PlanFolder::new("o").dir(), std::path::Path::new("o"));
    /// ```
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Which set of files this folder holds.
    ///
    /// ```
    /// use siteplan::output::{FileSet, PlanFolder};
    /// assert_eq!(PlanFolder::new("o").file_set(), FileSet::Full);
    /// ```
    pub fn file_set(&self) -> FileSet {
        self.set
    }

    /// The names of the files [`write`](Self::write) writes for a location
    /// plan, in the order written (`curve`: the outcome has a curve).
    ///
    /// ```
    /// let names = siteplan::output::PlanFolder::new("o").file_names(true);
    /// assert_eq!(names.last(), Some(&"curve.csv"));
    /// assert_eq!(names.len(), 10);
    /// ```
    ///
    /// The share models also write `shares.csv`, after `assignment.csv`
    /// (or after `plan.geojson` in a scenario folder).
    pub fn file_names(&self, curve: bool) -> Vec<&'static str> {
        let mut names = vec![
            "summary.json",
            "sites.csv",
            "assignment.csv",
            "plan.geojson",
        ];
        if self.set == FileSet::Full {
            names.extend([
                "sites.geojson",
                "demand.geojson",
                "plan.svg",
                "report.html",
                "report.md",
            ]);
            if curve {
                names.push("curve.csv");
            }
        }
        names
    }

    /// The names of the files [`write_entry`](Self::write_entry) writes,
    /// in the order written.
    ///
    /// ```
    /// let names = siteplan::output::PlanFolder::scenario("o").entry_file_names();
    /// assert_eq!(names, ["entry_plan.csv", "centers.csv", "summary.json"]);
    /// ```
    pub fn entry_file_names(&self) -> Vec<&'static str> {
        match self.set {
            FileSet::Full => vec![
                "summary.json",
                "sites.csv",
                "assignment.csv",
                "entry_plan.csv",
                "plan.geojson",
                "sites.geojson",
                "demand.geojson",
                "plan.svg",
                "report.html",
                "report.md",
            ],
            FileSet::Scenario => vec!["entry_plan.csv", "centers.csv", "summary.json"],
        }
    }

    /// Writes a location plan's files atomically into the folder (created
    /// if needed); returns each path with a few words on what it is.
    ///
    /// ```
    /// use siteplan::output::PlanFolder;
    /// # let (req, inputs) = siteplan::pipeline::doc_fixture()?;
    /// let outcome = siteplan::pipeline::run_with(&req, inputs)?;
    /// let dir = tempfile::tempdir()?;
    /// PlanFolder::scenario(dir.path().join("a")).write(&outcome)?;
    /// assert_eq!(std::fs::read_dir(dir.path().join("a"))?.count(), 4);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write(&self, outcome: &PlanOutcome) -> Result<Vec<Written>> {
        self.replace(|folder| folder.write_files(outcome))
    }

    fn write_files(&self, outcome: &PlanOutcome) -> Result<Vec<Written>> {
        if outcome.entry().is_some() {
            return entry::write(self, outcome);
        }
        let (problem, plan) = (outcome.problem(), outcome.plan());
        let dir = self.dir.as_path();
        let cutoff = outcome.cutoff();
        let view = PlanView::new(problem, plan)?
            .with_title(outcome.title())
            .with_cutoff(cutoff);
        if self.set == FileSet::Scenario {
            // The plan as solved: no re-evaluation of unassigned points.
            write_tables(dir, problem, plan, cutoff, false, outcome.share())?;
            let geojson = dir.join("plan.geojson");
            io::write_plan_geojson(&geojson, &view, &GeoJsonOptions::default())?;
            let mut written = vec![
                (dir.join("summary.json"), "headline figures"),
                (dir.join("sites.csv"), "every site and its part in the plan"),
                (dir.join("assignment.csv"), "who is served by whom"),
                (geojson, "for map viewers (QGIS, geojson.io)"),
            ];
            if outcome.share().is_some() {
                written.push((dir.join("shares.csv"), SHARES));
            }
            return Ok(written);
        }
        let lines = outcome.lines();
        let borders = outcome.borders();
        let (before, after) = (outcome.before(), outcome.after());
        let view = view
            .with_cost_unit(outcome.cost_unit())
            .with_evaluation(after);
        write_tables(
            dir,
            problem,
            plan,
            cutoff,
            outcome.timings(),
            outcome.share(),
        )?;
        let mut written = vec![
            (dir.join("summary.json"), "headline figures"),
            (dir.join("sites.csv"), "every site and its part in the plan"),
            (dir.join("assignment.csv"), "who is served by whom"),
        ];
        if outcome.share().is_some() {
            written.push((dir.join("shares.csv"), SHARES));
        }
        let geojson = dir.join("plan.geojson");
        io::write_plan_geojson(
            &geojson,
            &view,
            &GeoJsonOptions::default().with_lines(lines),
        )?;
        written.push((geojson, "for map viewers (QGIS, geojson.io)"));
        written.extend(write_layers(dir, &view)?);
        let svg = dir.join("plan.svg");
        let options = SvgOptions::default()
            .with_lines(lines)
            .with_borders(borders);
        io::write_svg(&svg, &view.map_data(), &options)?;
        written.push((svg, "map"));
        let report = Report::new(&view, before, after)
            .with_curve(outcome.curve())
            .with_borders(borders)
            .with_lines(lines)
            .with_measure(outcome.measure().0, outcome.measure().1);
        let report = match outcome.share() {
            Some(r) => report.with_share(r),
            None => report,
        };
        let html = dir.join("report.html");
        io::write_report_html(&html, &report)?;
        written.push((html, "report: before and after, map, new sites, regions"));
        let md = dir.join("report.md");
        io::write_report_md(&md, &report)?;
        written.push((md, "the same report in Markdown"));
        if !outcome.curve().is_empty() {
            let csv = dir.join("curve.csv");
            write_curve_csv(&csv, outcome.curve())?;
            written.push((csv, "coverage versus number of new sites"));
        }
        Ok(written)
    }

    /// Writes a market-entry plan's files atomically into the folder: the
    /// location files plus `entry_plan.csv` ([`FileSet::Full`]), or
    /// `entry_plan.csv`, `centers.csv` and `summary.json`
    /// ([`FileSet::Scenario`]).
    ///
    /// ```
    /// use siteplan::output::PlanFolder;
    /// let outcome = siteplan::pipeline::entry_doc_fixture()?;
    /// let dir = tempfile::tempdir()?;
    /// let folder = PlanFolder::new(dir.path());
    /// let written = folder.write_entry(&outcome)?;
    /// assert_eq!(written.len(), folder.entry_file_names().len());
    /// assert!(dir.path().join("entry_plan.csv").is_file());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_entry(&self, outcome: &EntryOutcome) -> Result<Vec<Written>> {
        self.write(outcome.outcome())
    }

    /// Whether [`write`](Self::write) replaces the folder as a whole
    /// (`None`: it is missing or holds only plan files) or writes the
    /// files into it one by one, and why (it holds other files, is a
    /// symbolic link, read-only, or the current directory).
    ///
    /// ```
    /// use siteplan::output::PlanFolder;
    /// let dir = tempfile::tempdir()?;
    /// let folder = PlanFolder::new(dir.path().join("plan"));
    /// assert_eq!(folder.in_place(), None);
    /// std::fs::create_dir(folder.dir())?;
    /// std::fs::write(folder.dir().join("notes.txt"), "mine")?;
    /// assert_eq!(folder.in_place().as_deref(), Some("holds notes.txt, which siteplan does not write"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn in_place(&self) -> Option<String> {
        let mut own = PlanFolder::new("").file_names(true);
        own.extend(PlanFolder::new("").entry_file_names());
        own.extend(PlanFolder::scenario("").entry_file_names());
        own.extend(["shares.csv", "entry_curve.csv"]);
        swap::in_place(&self.dir, &own)
    }

    /// Cleans what a write killed midway left: puts the previous folder
    /// back from `.NAME.siteplan-old` if the folder itself is missing,
    /// else removes it, and removes an unfinished `.NAME.siteplan-new`.
    /// [`write`](Self::write) does this first.
    ///
    /// ```
    /// use siteplan::output::PlanFolder;
    /// let dir = tempfile::tempdir()?;
    /// // A write killed after moving the previous folder aside.
    /// std::fs::create_dir(dir.path().join(".plan.siteplan-old"))?;
    /// std::fs::write(dir.path().join(".plan.siteplan-old/summary.json"), "{}")?;
    /// PlanFolder::new(dir.path().join("plan")).recover()?;
    /// assert!(dir.path().join("plan/summary.json").is_file());
    /// assert!(!dir.path().join(".plan.siteplan-old").exists());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn recover(&self) -> Result<()> {
        swap::recover(&self.dir)
    }

    /// Runs `fill` on a folder in a temporary place and swaps it in, or
    /// on this folder itself where it must be written in place.
    fn replace(
        &self,
        fill: impl FnOnce(&PlanFolder) -> Result<Vec<Written>>,
    ) -> Result<Vec<Written>> {
        self.recover()?;
        if self.in_place().is_some() {
            return fill(self);
        }
        swap::replace(&self.dir, |staged| {
            let folder = PlanFolder {
                dir: staged.tmp().to_path_buf(),
                set: self.set,
            };
            let written = fill(&folder)?;
            Ok(written
                .into_iter()
                .map(|(p, what)| (staged.rebase(p), what))
                .collect())
        })
    }
}

/// Writes `sites.geojson` and `demand.geojson`: the plan's sites and its
/// demand points, each a layer of its own for GIS tools.
pub(crate) fn write_layers(dir: &Path, view: &PlanView<'_>) -> Result<Vec<Written>> {
    use crate::io::GeoJsonLayer;
    let sites = dir.join("sites.geojson");
    let options = GeoJsonOptions::default().with_layer(GeoJsonLayer::Sites);
    io::write_plan_geojson(&sites, view, &options)?;
    let demand = dir.join("demand.geojson");
    let options = GeoJsonOptions::default().with_layer(GeoJsonLayer::Demand);
    io::write_plan_geojson(&demand, view, &options)?;
    Ok(vec![
        (sites, "the sites alone, one layer for GIS tools"),
        (demand, "the demand points alone, one layer for GIS tools"),
    ])
}

/// What `shares.csv` holds.
const SHARES: &str = "our market share per demand point, before and after";

fn create_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })
}

/// Writes `summary.json`, `sites.csv` and `assignment.csv` into `dir`
/// (created if missing), with `seconds` null in `summary.json` (see
/// [`write_plan_with_timings`]).
///
/// ```
/// use siteplan::{Plan, PlanStatus, ModelKind, SolveStats, Problem, DemandPoint, Site};
/// let p = Problem::builder().demand(DemandPoint::new("a", 0.0, 0.0, 1.0)).site(Site::new("s", 0.0, 0.0)).build()?;
/// let plan = Plan { model: ModelKind::PMedian, method: "x".into(), status: PlanStatus::Optimal,
///     open: vec![], new: vec![], assignment: vec![], objective: 0.0, bound: None, gap: None,
///     stats: SolveStats::default(), timeline: None };
/// let dir = tempfile::tempdir().unwrap();
/// siteplan::output::write_plan(dir.path(), &p, &plan, None)?;
/// assert!(dir.path().join("sites.csv").exists());
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn write_plan(dir: &Path, problem: &Problem, plan: &Plan, cutoff: Option<f64>) -> Result<()> {
    write_plan_with_timings(dir, problem, plan, cutoff, false)
}

/// [`write_plan`], with the solve's wall-clock seconds in `summary.json`
/// when `timings` is true.
///
/// # Examples
///
/// ```
/// # use siteplan::prelude::*;
/// # let problem = Problem::builder()
/// #     .demand(DemandPoint::new("shanghai", 31.23, 121.47, 25.0))
/// #     .demand(DemandPoint::new("suzhou", 31.30, 120.59, 5.0))
/// #     .demand(DemandPoint::new("hangzhou", 30.27, 120.16, 6.0))
/// #     .site(Site::new("sh-1", 31.22, 121.48).with_status(SiteStatus::Existing))
/// #     .site(Site::new("sz-1", 31.31, 120.62))
/// #     .site(Site::new("hz-1", 30.28, 120.15))
/// #     .build()?;
/// # let costs = Haversine.cost_matrix(&problem, Reach::all())?;
/// # let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
/// # let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
/// // Shanghai (weight 25), Suzhou (5) and Hangzhou (6): the plan keeps the
/// // existing sh-1 (Shanghai) open and opens hz-1 (Hangzhou); sz-1 stays closed.
/// let dir = tempfile::tempdir()?;
/// siteplan::output::write_plan_with_timings(dir.path(), &problem, &plan, Some(50.0), true)?;
/// let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.path().join("summary.json"))?)?;
/// assert!(json["seconds"].as_f64().unwrap() >= 0.0); // null without timings
/// for table in ["sites.csv", "assignment.csv"] {
///     assert!(dir.path().join(table).is_file());
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_plan_with_timings(
    dir: &Path,
    problem: &Problem,
    plan: &Plan,
    cutoff: Option<f64>,
    timings: bool,
) -> Result<()> {
    write_tables(dir, problem, plan, cutoff, timings, None)
}

/// Writes `summary.json`, `sites.csv` and `assignment.csv`, and with a
/// share model's report its keys, its `sites.csv` columns and `shares.csv`.
fn write_tables(
    dir: &Path,
    problem: &Problem,
    plan: &Plan,
    cutoff: Option<f64>,
    timings: bool,
    share: Option<&ShareReport>,
) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| crate::Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut s =
        summary::summary(problem, plan, cutoff).with_timings(timings.then_some(plan.stats.seconds));
    if let Some(r) = share {
        s = s.with_share(r);
    }
    summary::write_summary(&dir.join("summary.json"), &s)?;
    match share {
        Some(r) => share::write_sites(&dir.join("sites.csv"), problem, plan, r)?,
        None => tables::write_sites(&dir.join("sites.csv"), problem, plan)?,
    }
    tables::write_assignment(&dir.join("assignment.csv"), problem, plan)?;
    match share {
        Some(r) => share::write_shares(&dir.join("shares.csv"), problem, r),
        None => Ok(()),
    }
}
