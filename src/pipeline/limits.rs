//! Resource limits of a run, checked before anything big is built.
//!
//! - Memory: once demand and sites are read, and before the OD table is
//!   read or the cost matrix built, [`estimate_plan`] estimates what the
//!   plan will hold at its peak (the matrix's pairs counted on the site
//!   index, [`crate::travel::estimate`]; the bytes per pair of
//!   [`crate::memory`]) and [`check_memory`] refuses a plan beyond its
//!   budget ([`crate::memory::Budget`]) with a usage error (exit code 2)
//!   that says what to change. A sweep adds up its matrices and the solves
//!   that run at once ([`check_sweep_memory`]).
//! - Inputs that vanish: [`InputsAtStart`] notes which input files exist
//!   when a run starts; one of them missing or unreadable later is an I/O
//!   fault (exit code 1) naming the file, not bad input.

use std::path::{Path, PathBuf};

use super::PlanRequest;
use crate::error::{Error, Result};
use crate::memory::{Budget, Bytes, MemoryEstimate};
use crate::models::{ModelKind, ModelSpec};
use crate::problem::{Problem, SiteStatus};
use crate::solve::{Method, SolveParams};
use crate::spatial::PointIndex;
use crate::travel::{estimate, Reach, WIDEN_FACTOR};
use crate::units::grouped;

/// What a plan is estimated to need, and how its pairs were counted.
///
/// # Examples
///
/// ```
/// use siteplan::pipeline::estimate_plan;
/// # let (req, inputs) = siteplan::pipeline::doc_fixture()?;
/// let reach = req.reach(&inputs.problem)?;
/// let need = estimate_plan(&req, &inputs.problem, None, reach);
/// // The fixture's matrix: every pair within 60 km, counted exactly.
/// assert_eq!(need.estimate.pairs, inputs.costs.n_pairs() as u64);
/// assert!(need.how.contains("within the cutoff of 60"));
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PlanNeed {
    /// The estimate at the plan's peak.
    pub estimate: MemoryEstimate,
    /// How the pairs were counted, in words.
    pub how: String,
    /// The sites kept per point that the solve is expected to widen its
    /// rows to (`None`: no widening expected).
    pub widened_to: Option<usize>,
    /// The cost matrix as first built (part of `estimate.matrix`, which
    /// adds the widened ones).
    pub built: Bytes,
    /// The pairs of the matrix as first built (`estimate.pairs` counts the
    /// widest one).
    pub built_pairs: u64,
}

/// The bytes a plan of `request` on `problem` is estimated to need at its
/// peak, before its cost matrix is built. `index` is the site index
/// (built here when a cutoff needs one and it is `None`); `reach` is the
/// request's reach for `problem`.
///
/// When rows are cut to the k nearest and may grow while the cut holds
/// the plan back ([`crate::solve::solve_growing`]), the estimate follows
/// the growth it expects: rows grow fourfold while more than 0.1 % of the
/// demand points (and at least one) are expected to have no open site
/// among their k nearest, taking the
/// open sites (existing plus new; 1 % of the candidates where the number
/// of new sites is open) as spread evenly over the sites. The original
/// matrix, the one before the last growth and the last one are then held
/// at once. p-center keeps whole rows.
///
/// # Examples
///
/// See [`PlanNeed`].
pub fn estimate_plan(
    request: &PlanRequest,
    problem: &Problem,
    index: Option<&PointIndex>,
    reach: Reach,
) -> PlanNeed {
    let n = problem.demand().len() as u64;
    let m = problem.sites().len();
    let od = request.od_costs.as_deref().and_then(|p| {
        let rows = estimate::od_file_rows(p)?;
        let bytes = std::fs::metadata(p).ok()?.len();
        Some((p, rows, bytes))
    });
    let built;
    let index = match (index, reach.cutoff, &od) {
        (Some(i), _, _) => Some(i),
        (None, Some(_), None) => {
            built = PointIndex::new(problem.sites().iter().map(|s| (s.lat, s.lon)));
            Some(&built)
        }
        _ => None,
    };
    let count = |k: Option<usize>| -> (u64, Option<usize>) {
        let r = Reach {
            cutoff: reach.cutoff,
            k_nearest: k.filter(|&k| k < m),
        };
        match &od {
            Some((_, rows, _)) => {
                let cap = n.saturating_mul(r.k_nearest.unwrap_or(m) as u64);
                ((*rows).min(cap), None)
            }
            None => {
                let e = estimate::pairs(problem, index, r);
                (e.pairs, e.sampled)
            }
        }
    };
    let (first, sampled) = count(reach.k_nearest);
    let widened_to = widening(problem, &request.spec, reach);
    let (pairs, held) = match widened_to {
        None => (first, 0),
        Some(kw) => {
            let last = count(Some(kw)).0;
            let before = if kw / WIDEN_FACTOR > reach.k_nearest.unwrap_or(0) {
                count(Some(kw / WIDEN_FACTOR)).0
            } else {
                0
            };
            (last, first + before)
        }
    };
    let mip = uses_mip(&request.params, &request.spec, pairs);
    let mut e = MemoryEstimate::new(n, m as u64, pairs, mip);
    let built = MemoryEstimate::new(n, m as u64, first, mip).matrix;
    if widened_to.is_some() {
        let per_pair = crate::memory::MATRIX_BYTES_PER_PAIR;
        e.matrix = Bytes(e.matrix.0.saturating_add(held.saturating_mul(per_pair)));
    }
    if let Some((_, rows, bytes)) = od {
        e = e.with_od_file(rows, bytes);
    }
    let how = describe(
        request,
        problem,
        reach,
        first,
        sampled,
        widened_to,
        pairs,
        od.map(|o| (o.0, o.1)),
    );
    PlanNeed {
        estimate: e,
        how,
        widened_to,
        built,
        built_pairs: first,
    }
}

/// Whether the exact (MIP) route is expected to solve a model of `pairs`.
fn uses_mip(params: &SolveParams, spec: &ModelSpec, pairs: u64) -> bool {
    match params.method {
        Method::Exact => true,
        Method::Heuristic => false,
        Method::Auto => {
            spec.kind == ModelKind::PCenter || pairs <= crate::solve::exact::AUTO_MAX_PAIRS as u64
        }
    }
}

/// Share of the demand points expected without an open site among their
/// k nearest below which rows are not expected to grow. Open sites are not
/// spread evenly but placed near demand, so a plan meets its rows' cut on
/// fewer points than the even spread suggests.
const BINDING_SHARE: f64 = 0.001;

/// The sites per point the solve is expected to widen rows cut to the k
/// nearest to (see [`estimate_plan`]); `None` when no growth is expected.
fn widening(problem: &Problem, spec: &ModelSpec, reach: Reach) -> Option<usize> {
    let k0 = reach.k_nearest?;
    let m = problem.sites().len();
    if spec.kind.facts().all_pairs {
        return Some(m);
    }
    if crate::solve::grow::grows_in_budget(problem, spec) {
        // Rows grow where plans need them, within the budget
        // (`solve::grow`), not four-fold everywhere.
        return None;
    }
    let sites = problem.sites();
    let existing = sites
        .iter()
        .filter(|s| s.status == SiteStatus::Existing)
        .count();
    let candidates = sites
        .iter()
        .filter(|s| s.status == SiteStatus::Candidate)
        .count();
    let new = spec.new_sites.unwrap_or((candidates / 100).max(1));
    let q = ((existing + new) as f64 / m.max(1) as f64).min(1.0);
    let n = problem.demand().len();
    let capped = crate::solve::uses_capacities(problem, spec);
    let mut k = k0;
    while k < m {
        let binding = n as f64 * (1.0 - q).powf(k as f64);
        if binding < (n as f64 * BINDING_SHARE).max(1.0) {
            break;
        }
        let next = k.saturating_mul(WIDEN_FACTOR);
        if capped && n.saturating_mul(next.min(m)) > crate::solve::WIDEN_CAPACITATED_MAX_PAIRS {
            break;
        }
        k = next;
    }
    (k > k0).then_some(k.min(m))
}

/// The sites per point that rows are cut to, tried in turn, when the whole
/// matrix of an uncapacitated p-median or max-coverage would not fit its
/// memory budget and no `k_nearest` was set: the rows then grow where
/// plans need them.
pub const AUTO_K_NEAREST: [usize; 4] = [64, 32, 16, 8];

/// [`check_memory`], and, when the whole matrix of an uncapacitated
/// p-median or max-coverage does not fit and the request sets no
/// `k_nearest`, the first
/// cut of [`AUTO_K_NEAREST`] that does (the solve then grows the rows
/// where its plans need them, within the budget). Returns the reach to
/// build and the need; the refusal of the request's own reach otherwise.
///
/// # Examples
///
/// ```
/// use siteplan::pipeline::{estimate_plan, fit_reach, PlanRequest};
/// use siteplan::prelude::*;
/// # let (mut req, _) = siteplan::pipeline::doc_fixture()?;
/// req.spec.kind = ModelKind::PMedian;
/// let market = generate(&MarketParams::new().cities(3).towns(2_000).candidates(80).seed(1));
/// let problem = market.problem()?;
/// let reach = Reach::all(); // every pair: 2,003 × 80
/// // A budget that holds rows of the 16 nearest sites, not whole ones.
/// let budget = estimate_plan(&req, &problem, None, reach.with_k_nearest(16)).estimate.total();
/// let req = PlanRequest { max_memory: Some(budget), ..req };
/// let (fitted, _) = fit_reach(&req, &problem, None, reach)?;
/// assert_eq!(fitted.k_nearest, Some(16));
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn fit_reach(
    request: &PlanRequest,
    problem: &Problem,
    index: Option<&PointIndex>,
    reach: Reach,
) -> Result<(Reach, PlanNeed)> {
    let refused = match check_memory(request, problem, index, reach) {
        Ok(need) => return Ok((reach, need)),
        Err(e) => e,
    };
    if request.k_nearest.is_some() || !crate::solve::grow::grows_in_budget(problem, &request.spec) {
        return Err(refused);
    }
    for k in AUTO_K_NEAREST {
        if k >= problem.sites().len() {
            continue;
        }
        let cut = reach.with_k_nearest(k);
        if let Ok(need) = check_memory(request, problem, index, cut) {
            return Ok((cut, need));
        }
    }
    Err(refused)
}

/// How the pairs were counted, in words.
#[allow(clippy::too_many_arguments)]
fn describe(
    request: &PlanRequest,
    problem: &Problem,
    reach: Reach,
    first: u64,
    sampled: Option<usize>,
    widened_to: Option<usize>,
    pairs: u64,
    od: Option<(&Path, u64)>,
) -> String {
    let (n, m) = (problem.demand().len() as u64, problem.sites().len());
    let unit = if od.is_some() { "" } else { " km" };
    let mut s = match (od, reach.cutoff, reach.k_nearest) {
        (Some((path, rows)), _, _) => format!(
            "the OD file {} has about {} rows, {} of them kept",
            path.display(),
            grouped(rows as f64),
            grouped(first as f64)
        ),
        (None, Some(c), _) => match sampled {
            Some(k) => format!(
                "an estimated {} demand–site pairs lie within the cutoff of {c}{unit} \
                 (counted for {} of the {} demand points and scaled up, with a 25 % margin)",
                grouped(first as f64),
                grouped(k as f64),
                grouped(n as f64)
            ),
            None => format!(
                "{} demand–site pairs lie within the cutoff of {c}{unit}",
                grouped(first as f64)
            ),
        },
        (None, None, Some(k)) => format!(
            "{} demand points × {k} nearest sites make {} pairs",
            grouped(n as f64),
            grouped(first as f64)
        ),
        (None, None, None) => format!(
            "every pair is kept: {} demand points × {} sites make {} pairs",
            grouped(n as f64),
            grouped(m as f64),
            grouped(first as f64)
        ),
    };
    if let Some(kw) = widened_to {
        let to = if kw >= m {
            "every site".to_string()
        } else {
            format!("the {} nearest sites", grouped(kw as f64))
        };
        let why = if request.spec.kind.facts().all_pairs {
            format!("{} needs whole rows", request.spec.kind)
        } else {
            "with so few sites open, the cut to the nearest sites is expected to hold the plan back"
                .to_string()
        };
        s.push_str(&format!(
            "; {why}, so the solve widens the rows to {to} ({} pairs)",
            grouped(pairs as f64)
        ));
    }
    s
}

/// Refuses `request` when its estimated need ([`estimate_plan`]) is above
/// its memory budget (`max_memory`, else [`crate::memory::default_budget`]),
/// with a usage error that gives the estimate, the budget and what to
/// change. Returns the need otherwise.
///
/// # Examples
///
/// ```
/// use siteplan::memory::Bytes;
/// use siteplan::pipeline::{check_memory, PlanRequest};
/// # let (req, inputs) = siteplan::pipeline::doc_fixture()?;
/// let reach = req.reach(&inputs.problem)?;
/// assert!(check_memory(&req, &inputs.problem, None, reach).is_ok());
/// let tiny = PlanRequest { max_memory: Some(Bytes(1000)), ..req };
/// let err = check_memory(&tiny, &inputs.problem, None, reach).unwrap_err();
/// assert_eq!(err.exit_code(), 2);
/// assert!(err.to_string().contains("more than the memory budget of 1000 B"));
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn check_memory(
    request: &PlanRequest,
    problem: &Problem,
    index: Option<&PointIndex>,
    reach: Reach,
) -> Result<PlanNeed> {
    let budget = Budget::resolve(request.max_memory);
    let need = estimate_plan(request, problem, index, reach);
    let total = need.estimate.total();
    if total <= budget.bytes {
        return Ok(need);
    }
    let e = &need.estimate;
    Err(Error::Usage(format!(
        "this plan would need about {total} of memory, more than the memory budget of {}: {}; \
         the cost matrix takes {}, the solve's working set about {} and the inputs {}. \
         Nothing was built or written. To make it fit, {}.",
        budget.describe(),
        need.how,
        e.matrix,
        e.solver,
        e.inputs,
        hints(
            &request.spec,
            &request.params,
            reach,
            problem,
            total,
            need.widened_to,
            false
        )
    )))
}

/// What to change to make a plan (or a sweep) fit, as one sentence part.
#[allow(clippy::too_many_arguments)]
fn hints(
    spec: &ModelSpec,
    params: &SolveParams,
    reach: Reach,
    problem: &Problem,
    total: Bytes,
    widened_to: Option<usize>,
    sweep: bool,
) -> String {
    // A plan is changed by its flags, a sweep by the keys of its file.
    let set = |flag: &str, key: &str| {
        if sweep {
            format!("`{key}`")
        } else {
            flag.to_string()
        }
    };
    let mut h = Vec::new();
    match reach.cutoff {
        None => h.push(format!(
            "give a cutoff ({}) so that only pairs within reach are kept",
            set("--cutoff KM, or `cutoff` in the file", "cutoff")
        )),
        Some(c) => h.push(format!(
            "lower the cutoff ({}, now {c})",
            set("--cutoff", "cutoff")
        )),
    }
    // With rows expected to widen, fewer nearest sites would only widen more.
    if !spec.kind.is_share() && spec.kind != ModelKind::MarketEntry && widened_to.is_none() {
        let k_key = set("--k-nearest", "k_nearest");
        match reach.k_nearest {
            Some(k) => h.push(format!(
                "keep fewer sites per demand point ({k_key}, now {k})"
            )),
            None if reach.cutoff.is_some() => {
                h.push(format!("keep at most K sites per demand point ({k_key})"))
            }
            None => {}
        }
    }
    if widened_to.is_some() && spec.new_sites.is_some() && !spec.kind.facts().all_pairs {
        h.push(format!(
            "open more sites ({}), so that fewer rows need to grow",
            set("--new-sites", "new_sites")
        ));
    }
    if params.method == Method::Exact {
        h.push(format!(
            "use the heuristic ({}; the exact route needs far more memory per pair)",
            set("--method heuristic", "method = \"heuristic\"")
        ));
    }
    if sweep {
        h.push("run fewer scenarios at once (--jobs) or split the sweep (--shard)".into());
    }
    h.push(format!(
        "plan for fewer demand points or sites (now {} × {})",
        grouped(problem.demand().len() as f64),
        grouped(problem.sites().len() as f64)
    ));
    let gib = total.0.div_ceil(1 << 30);
    h.push(format!(
        "or raise the budget (--max-memory {gib}GiB, or `max_memory` in the file) if the machine has that much memory"
    ));
    h.join(", ")
}

/// One scenario of a sweep, for [`check_sweep_memory`].
#[derive(Debug, Clone, Copy)]
pub struct SweepPart<'a> {
    /// The scenario's request.
    pub request: &'a PlanRequest,
    /// Its problem as read.
    pub problem: &'a Problem,
    /// Its problem's site index, when its costs are great-circle ones.
    pub index: Option<&'a PointIndex>,
    /// Its reach.
    pub reach: Reach,
    /// Which distinct cost matrix it shares with others.
    pub matrix: usize,
}

/// Refuses a sweep whose estimated peak is above `budget`: its distinct
/// cost matrices (built up front and held to the end), plus, for the
/// `jobs` scenarios with the largest needs (that many run at once), their
/// solves' working sets and the rows they are expected to widen to, plus
/// `inputs` (problems and OD tables already read). The message names
/// `config`.
///
/// # Examples
///
/// ```
/// use siteplan::memory::{Budget, BudgetSource, Bytes};
/// use siteplan::pipeline::{check_sweep_memory, SweepPart};
/// # let (req, inputs) = siteplan::pipeline::doc_fixture()?;
/// let reach = req.reach(&inputs.problem)?;
/// let part = SweepPart { request: &req, problem: &inputs.problem, index: None, reach, matrix: 0 };
/// let big = Budget { bytes: Bytes(1 << 40), source: BudgetSource::Set };
/// let cfg = std::path::Path::new("sweep.toml");
/// assert!(check_sweep_memory(cfg, &[part, part], 2, Bytes(0), big).is_ok());
/// let small = Budget { bytes: Bytes(100), source: BudgetSource::Set };
/// let err = check_sweep_memory(cfg, &[part, part], 2, Bytes(0), small).unwrap_err();
/// assert!(err.to_string().starts_with("sweep.toml: this sweep would need about"));
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn check_sweep_memory(
    config: &Path,
    parts: &[SweepPart<'_>],
    jobs: usize,
    inputs: Bytes,
    budget: Budget,
) -> Result<()> {
    type Key = (usize, Option<usize>, ModelKind, Method, bool);
    let mut needs: std::collections::HashMap<Key, PlanNeed> = Default::default();
    let mut matrices: std::collections::BTreeMap<usize, (u64, u64)> = Default::default();
    // (bytes a running scenario adds, its position, its need's key)
    let mut running: Vec<(u64, usize, Key)> = Vec::with_capacity(parts.len());
    for (i, p) in parts.iter().enumerate() {
        let (spec, params) = (&p.request.spec, &p.request.params);
        let key = (
            p.matrix,
            spec.new_sites,
            spec.kind,
            params.method,
            spec.capacities,
        );
        let need = needs
            .entry(key)
            .or_insert_with(|| estimate_plan(p.request, p.problem, p.index, p.reach));
        matrices
            .entry(p.matrix)
            .or_insert((need.built.0, need.built_pairs));
        let e = &need.estimate;
        let own = e
            .solver
            .0
            .saturating_add(e.matrix.0.saturating_sub(need.built.0));
        running.push((own, i, key));
    }
    let matrix: u64 = matrices.values().map(|m| m.0).sum();
    let pairs: u64 = matrices.values().map(|m| m.1).sum();
    running.sort_unstable_by_key(|r| std::cmp::Reverse((r.0, r.1)));
    let at_once = jobs.max(1).min(running.len());
    let solving: u64 = running.iter().take(at_once).map(|s| s.0).sum();
    let total = Bytes(matrix.saturating_add(solving).saturating_add(inputs.0));
    if total <= budget.bytes {
        return Ok(());
    }
    let Some(&(_, worst, key)) = running.first() else {
        return Ok(());
    };
    let w = &parts[worst];
    let need = &needs[&key];
    Err(Error::Usage(format!(
        "{}: this sweep would need about {total} of memory, more than the memory budget of {}: \
         its {} distinct cost matrices are built first and kept to the end ({} pairs, {}), \
         {at_once} scenarios are solved at once (their working sets and widened rows about {}), \
         and the inputs take {}. In the largest scenario, {}, {}. Nothing was solved or written. \
         To make it fit, {}.",
        config.display(),
        budget.describe(),
        matrices.len(),
        grouped(pairs as f64),
        Bytes(matrix),
        Bytes(solving),
        inputs,
        w.request.title.as_deref().unwrap_or("unnamed"),
        need.how,
        hints(
            &w.request.spec,
            &w.request.params,
            w.reach,
            w.problem,
            total,
            need.widened_to,
            true
        )
    )))
}

/// The input files of a run that existed when it started.
///
/// A file read later that is then missing or unreadable went away while
/// the run went on: an I/O fault ([`Error::Io`], exit code 1) naming the
/// file, not bad input. A file that never existed stays an input error
/// (exit code 2).
///
/// # Examples
///
/// ```
/// use siteplan::pipeline::InputsAtStart;
/// let dir = tempfile::tempdir()?;
/// let f = dir.path().join("demand.csv");
/// std::fs::write(&f, "id,lat,lon,weight\n")?;
/// let start = InputsAtStart::new([f.as_path(), dir.path().join("never.csv").as_path()]);
/// std::fs::remove_file(&f)?;
/// let err = siteplan::io::read_demand(&f).map_err(|e| start.fault(e)).unwrap_err();
/// assert_eq!(err.exit_code(), 1);
/// assert!(err.to_string().contains("was there when the run started"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct InputsAtStart {
    /// (path, whether it could be opened for reading at the start).
    present: Vec<(PathBuf, bool)>,
}

impl InputsAtStart {
    /// Notes which of `paths` exist now (and, for plain files, can be
    /// opened; other files, such as named pipes, are not opened), each
    /// path once.
    ///
    /// # Examples
    ///
    /// See [`InputsAtStart`].
    /// ```
    /// let start = siteplan::pipeline::InputsAtStart::new([std::path::Path::new("no-such.csv")]);
    /// assert!(start.is_empty());
    /// ```
    pub fn new(paths: impl IntoIterator<Item = impl AsRef<Path>>) -> InputsAtStart {
        // Each file once, however many scenarios name it.
        let unique: std::collections::BTreeSet<PathBuf> = paths
            .into_iter()
            .map(|p| p.as_ref().to_path_buf())
            .collect();
        let present = unique
            .into_iter()
            .filter_map(|p| {
                let meta = std::fs::metadata(&p).ok()?;
                let readable = meta.is_file() && std::fs::File::open(&p).is_ok();
                Some((p, readable))
            })
            .collect();
        InputsAtStart { present }
    }

    /// True when none of the paths existed.
    ///
    /// ```
    /// assert!(siteplan::pipeline::InputsAtStart::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.present.is_empty()
    }

    /// `e` as an I/O fault when it is an input error and a file present at
    /// the start is now gone (or no longer opens); `e` itself otherwise.
    ///
    /// # Examples
    ///
    /// See [`InputsAtStart`].
    /// ```
    /// let start = siteplan::pipeline::InputsAtStart::default();
    /// let e = start.fault(siteplan::Error::Usage("x".into()));
    /// assert_eq!(e.exit_code(), 2);
    /// ```
    pub fn fault(&self, e: Error) -> Error {
        if !matches!(e, Error::Input(_)) {
            return e;
        }
        for (path, readable) in &self.present {
            let gone = match std::fs::metadata(path) {
                Err(err) => Some(err),
                Ok(meta) if *readable && meta.is_file() => std::fs::File::open(path).err(),
                Ok(_) => None,
            };
            if let Some(err) = gone {
                let what = if err.kind() == std::io::ErrorKind::NotFound {
                    "file not found".to_string()
                } else {
                    format!("cannot read: {err}")
                };
                return Error::Io {
                    path: path.clone(),
                    source: std::io::Error::new(
                        err.kind(),
                        format!(
                            "{what}; it was there when the run started, so it was removed \
                             or changed while siteplan ran (nothing was written)"
                        ),
                    ),
                };
            }
        }
        e
    }
}
