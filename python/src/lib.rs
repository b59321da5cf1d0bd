//! The native part of the `siteplan` Python package (`siteplan._siteplan`).
//!
//! The Python layer (python/pysrc/siteplan) turns DataFrames into columns
//! (numpy arrays, lists of text) and settings into JSON; this module builds
//! the problem, runs the library's one pipeline
//! ([`siteplan::pipeline::run_with`]) on a worker thread with the GIL
//! released, and hands back the outcome, whose files are written by the
//! library's one writer ([`siteplan::output::PlanFolder`]).

mod frames;
mod outcome;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use siteplan::config::PlanConfig;
use siteplan::io::Borders;
use siteplan::pipeline::{self, Inputs, PlanRequest};
use siteplan::scenario::{run_sweep_table, OnProgress, SweepOptions};
use siteplan::synth::{self, MarketParams};
use siteplan::{Error, Haversine, TravelCost};

use outcome::PlanResult;

/// How often the waiting thread looks for Ctrl-C and reports progress.
const POLL: Duration = Duration::from_millis(100);

/// A library error as the Python exception a pandas user expects: bad
/// input and settings are `ValueError`, an impossible plan is
/// `siteplan.Infeasible`, a file error is `OSError`, the rest
/// `siteplan.SiteplanError`.
pub(crate) fn to_py(py: Python<'_>, e: Error) -> PyErr {
    match e {
        Error::Input(_) | Error::Usage(_) => PyValueError::new_err(e.to_string()),
        Error::Io { .. } => PyOSError::new_err(e.to_string()),
        Error::Infeasible(reason) => raise(py, "Infeasible", reason),
        other => raise(py, "SiteplanError", other.to_string()),
    }
}

/// An exception of `siteplan._errors` named `class`, made with `msg`.
fn raise(py: Python<'_>, class: &str, msg: String) -> PyErr {
    let made = py
        .import("siteplan._errors")
        .and_then(|m| m.getattr(class))
        .and_then(|c| c.call1((msg,)));
    match made {
        Ok(v) => PyErr::from_value(v),
        Err(e) => e,
    }
}

/// How long an interrupted job gets to notice the stop request and end
/// before `KeyboardInterrupt` is raised without it.
const STOP_GRACE: Duration = Duration::from_secs(30);

/// Scenarios done and in all, as a sweep reports them (0 of 0 for a plan).
type Counts = Arc<(AtomicUsize, AtomicUsize)>;

/// Runs `job` on its own thread while this one, with the GIL released,
/// waits: every [`POLL`] it takes the GIL back to look for Ctrl-C and to
/// call `progress(seconds, done, total)` (`done` and `total` from
/// `counts`, 0 where there are none). On Ctrl-C it asks the job to stop
/// ([`siteplan::stop::request`]), waits for it to end (a plan is then
/// dropped unseen, a sweep keeps only whole result files) and raises
/// `KeyboardInterrupt`.
fn wait<T: Send + 'static>(
    py: Python<'_>,
    job: impl FnOnce() -> T + Send + 'static,
    progress: Option<&Bound<'_, PyAny>>,
    counts: Option<Counts>,
) -> PyResult<T> {
    // A stop asked for during an earlier run is not this run's.
    siteplan::stop::clear();
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("siteplan-solve".into())
        .spawn(move || {
            let _ = tx.send(job());
        })
        .map_err(|e| PyOSError::new_err(format!("cannot start the solve thread: {e}")))?;
    let start = Instant::now();
    let mut rx = rx;
    loop {
        let (got, back) = py.allow_threads(move || (rx.recv_timeout(POLL), rx));
        rx = back;
        match got {
            Ok(v) => return Ok(v),
            Err(RecvTimeoutError::Disconnected) => {
                return Err(to_py(
                    py,
                    Error::Solver("the solve stopped without a result (a panic)".into()),
                ))
            }
            Err(RecvTimeoutError::Timeout) => {}
        }
        if let Err(interrupt) = py.check_signals() {
            siteplan::stop::request();
            // The solvers look for the request as often as for their time
            // limit; the result, if any, is not this call's.
            py.allow_threads(move || rx.recv_timeout(STOP_GRACE).ok());
            return Err(interrupt);
        }
        if let Some(cb) = progress {
            let (done, total) = counts.as_deref().map_or((0, 0), |c| {
                (c.0.load(Ordering::Relaxed), c.1.load(Ordering::Relaxed))
            });
            cb.call1((start.elapsed().as_secs_f64(), done, total))?;
        }
    }
}

fn json_err(what: &str, e: serde_json::Error) -> PyErr {
    PyValueError::new_err(format!("{what}: {e}"))
}

/// Solves one plan: `demand`, `sites` and `costs` are dicts of columns,
/// `options` the plan settings (the keys of docs/CONFIG.md) as JSON.
#[pyfunction]
#[pyo3(signature = (demand, sites, costs, options, borders=None, progress=None))]
fn plan(
    py: Python<'_>,
    demand: &Bound<'_, PyDict>,
    sites: &Bound<'_, PyDict>,
    costs: Option<&Bound<'_, PyDict>>,
    options: &str,
    borders: Option<PathBuf>,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<PlanResult> {
    let mut cfg: PlanConfig =
        serde_json::from_str(options).map_err(|e| json_err("plan settings", e))?;
    cfg.demand = Some(PathBuf::from("<demand DataFrame>"));
    cfg.sites = Some(vec![PathBuf::from("<sites DataFrame>")]);
    if costs.is_some() {
        cfg.costs = Some(PathBuf::from("<costs DataFrame>"));
    }
    let mut request = PlanRequest::from_config(&cfg).map_err(|e| to_py(py, e))?;
    request.borders = borders;
    let problem = frames::problem(demand, sites)?;
    let od = costs.map(|c| frames::od_matrix(&problem, c)).transpose()?;
    let job = move || -> siteplan::Result<PlanResult> {
        let borders = request.borders.as_deref().map(Borders::read).transpose()?;
        let reach = request.reach(&problem)?;
        if od.is_none() {
            // Refused, like a plan from files, before the matrix is built.
            pipeline::check_memory(&request, &problem, None, reach)?;
        }
        let costs = match &od {
            Some(od) => od.cost_matrix(&problem, reach)?,
            None => Haversine.cost_matrix(&problem, reach)?,
        };
        let inputs = Inputs {
            problem: Arc::new(problem),
            od: od.map(Arc::new),
            costs: Arc::new(costs),
            borders: borders.map(Arc::new),
        };
        Ok(PlanResult::new(pipeline::run_with(&request, inputs)?))
    };
    wait(py, job, progress, None)?.map_err(|e| to_py(py, e))
}

/// A generated market as CSV text: `(demand.csv, sites.csv)`.
/// `params` holds the keys of docs/SYNTH.md as JSON.
#[pyfunction]
fn generate(py: Python<'_>, params: &str) -> PyResult<(String, String)> {
    let p: MarketParams =
        serde_json::from_str(params).map_err(|e| json_err("market parameters", e))?;
    p.validate().map_err(|e| to_py(py, e))?;
    let market = py.allow_threads(|| synth::generate(&p));
    Ok((market.demand_csv(), market.sites_csv()))
}

/// Runs a sweep, given as JSON (a TOML table's keys, paths relative to
/// `base_dir`), into `out`; returns (total, solved, failed).
#[pyfunction]
#[pyo3(signature = (table, base_dir, name, out, jobs, write_plans=false, progress=None))]
#[allow(clippy::too_many_arguments)]
fn sweep(
    py: Python<'_>,
    table: &str,
    base_dir: PathBuf,
    name: PathBuf,
    out: PathBuf,
    jobs: usize,
    write_plans: bool,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<(usize, usize, usize)> {
    let file: toml::Table = serde_json::from_str(table).map_err(|e| json_err("sweep", e))?;
    let counts: Counts = Arc::default();
    let seen = Arc::clone(&counts);
    let opts = SweepOptions {
        jobs: jobs.max(1),
        on_progress: Some(OnProgress::new(move |done, total| {
            seen.0.fetch_max(done, Ordering::Relaxed);
            seen.1.store(total, Ordering::Relaxed);
        })),
        ..SweepOptions::default()
    };
    let job = move || run_sweep_table(file, &base_dir, &name, &out, &opts, write_plans);
    let r = wait(py, job, progress, Some(counts))?.map_err(|e| to_py(py, e))?;
    Ok((r.total, r.solved, r.failed))
}

/// The native module.
#[pymodule]
fn _siteplan(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(plan, m)?)?;
    m.add_function(wrap_pyfunction!(generate, m)?)?;
    m.add_function(wrap_pyfunction!(sweep, m)?)?;
    m.add_class::<PlanResult>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
