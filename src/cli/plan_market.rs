//! `siteplan plan` for the market-entry model: reads a scenario file
//! (`model = "market-entry"`, `demand`, optional `sites`, `[market_entry]`),
//! solves it with `siteplan::solve::market_entry` and writes the usual plan
//! files plus `entry_plan.csv`.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use siteplan::io::{self, tables, EntrySection, EntryYears, GeoJsonOptions, PlanView, SiteRole};
use siteplan::models::market_entry::MarketEntryPlan;
use siteplan::solve::{market_entry, Method, SolveParams};
use siteplan::{Error, Haversine, Km, ModelKind, Plan, Reach, TravelCost};

use super::plan::PlanArgs;

/// Top-level keys a market-entry scenario file may hold.
const KEYS: [&str; 11] = [
    "model",
    "name",
    "demand",
    "sites",
    "out",
    "borders",
    "time_limit",
    "method",
    "gap",
    "seed",
    "market_entry",
];

/// Where the country borders are looked for when the file names none:
/// relative to the working folder, then to the scenario file's folder.
const BORDERS: [&str; 2] = [
    "data/borders/countries_50m.geojson",
    "../borders/countries_50m.geojson",
];

/// True when the plan asked for is the market-entry model: `--model
/// market-entry`, or no `--model` and `model = "market-entry"` in the
/// `--config` file.
pub fn wanted(a: &PlanArgs) -> anyhow::Result<bool> {
    if let Some(m) = a.model {
        return Ok(m == ModelKind::MarketEntry);
    }
    let Some(path) = &a.config else {
        return Ok(false);
    };
    let table = read_table(path)?;
    Ok(table.get("model").and_then(|v| v.as_str()) == Some(ModelKind::MarketEntry.as_str()))
}

fn read_table(path: &Path) -> anyhow::Result<toml::Table> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    toml::from_str(&text).map_err(|e| {
        Error::Usage(format!(
            "{}: not valid TOML: {}",
            path.display(),
            e.message()
        ))
        .into()
    })
}

/// The figures of `summary.json` for a market-entry plan.
#[derive(Debug, Serialize)]
struct Summary<'a> {
    model: &'static str,
    name: &'a str,
    status: String,
    method: &'a str,
    objective: Option<f64>,
    bound: Option<f64>,
    gap: Option<f64>,
    open_sites: Vec<String>,
    new_sites: Vec<String>,
    covered_weight: f64,
    total_weight: f64,
    /// Σ of the per-country profit of `entry_plan.csv` (= objective).
    profit: f64,
    /// Codes of the countries entered, in entry order.
    countries_entered: Vec<String>,
    centers: usize,
    expected_sales: f64,
    revenue: f64,
    duty_paid: f64,
    entry_costs: f64,
    center_costs: f64,
    first_year: Option<i32>,
    last_year: Option<i32>,
    reason: Option<&'a str>,
    notes: &'a [String],
    /// Wall-clock seconds of the solve; null unless `--timings`.
    seconds: Option<f64>,
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// Refuses the location-model flags that mean nothing here.
fn check_flags(a: &PlanArgs) -> Result<(), Error> {
    let unused: [(&str, bool); 10] = [
        (
            "--demand (set demand in the scenario file)",
            a.demand.is_some(),
        ),
        (
            "--sites (set sites in the scenario file)",
            !a.sites.is_empty(),
        ),
        ("--costs", a.costs.is_some()),
        ("--new-sites", a.new_sites.is_some()),
        (
            "--cutoff (set cutoff_km in [market_entry])",
            a.cutoff.is_some(),
        ),
        ("--min-coverage", a.min_coverage.is_some()),
        (
            "--budget (set budget in [market_entry])",
            a.budget.is_some(),
        ),
        ("--single-source", a.single_source),
        ("--no-capacities", a.no_capacities),
        ("--k-nearest", a.k_nearest.is_some()),
    ];
    let bad: Vec<&str> = unused
        .iter()
        .filter(|(_, set)| *set)
        .map(|(n, _)| *n)
        .collect();
    if bad.is_empty() {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "market-entry does not take {}",
            bad.join(", ")
        )))
    }
}

fn get<T: serde::de::DeserializeOwned>(table: &toml::Table, key: &str) -> Result<Option<T>, Error> {
    table
        .get(key)
        .map(|v| {
            v.clone()
                .try_into()
                .map_err(|e: toml::de::Error| Error::Usage(format!("`{key}`: {}", e.message())))
        })
        .transpose()
}

/// Runs a market-entry scenario and writes its outputs.
pub fn run(a: &PlanArgs, quiet: bool) -> anyhow::Result<()> {
    check_flags(a)?;
    let path = a.config.as_ref().ok_or_else(|| {
        Error::Usage(
            "market-entry reads its settings from a scenario file: --config scenario.toml \
             (see data/scenarios/europe.toml)"
                .into(),
        )
    })?;
    let table = read_table(path)?;
    let unknown: Vec<&str> = table
        .keys()
        .map(String::as_str)
        .filter(|k| !KEYS.contains(k))
        .collect();
    if !unknown.is_empty() {
        return Err(Error::Usage(format!(
            "{}: unknown key{} {} for market-entry; expected {}",
            path.display(),
            if unknown.len() > 1 { "s" } else { "" },
            unknown
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", "),
            KEYS.join(", ")
        ))
        .into());
    }
    let base = path.parent().unwrap_or(Path::new(""));
    let join = |p: PathBuf| {
        if p.is_relative() && !base.as_os_str().is_empty() {
            base.join(p)
        } else {
            p
        }
    };
    let d = SolveParams::default();
    let method: Option<Method> = match get::<String>(&table, "method")? {
        Some(m) => Some(m.parse().map_err(Error::Usage)?),
        None => None,
    };
    let solve = SolveParams {
        method: a.method.or(method).unwrap_or(d.method),
        time_limit: a
            .time_limit
            .or(get(&table, "time_limit")?)
            .unwrap_or(d.time_limit),
        gap: a.gap.or(get(&table, "gap")?).unwrap_or(d.gap),
        threads: a.threads.unwrap_or(d.threads).max(1),
        seed: a.seed.or(get(&table, "seed")?).unwrap_or(d.seed),
    };
    if !(solve.time_limit.is_finite() && solve.time_limit > 0.0) {
        return Err(Error::Usage(format!(
            "time limit {}: expected a positive number of seconds",
            solve.time_limit
        ))
        .into());
    }
    if !(solve.gap.is_finite() && solve.gap >= 0.0) {
        return Err(
            Error::Usage(format!("gap {}: expected a finite number ≥ 0", solve.gap)).into(),
        );
    }
    let out = match (&a.out, get::<PathBuf>(&table, "out")?) {
        (Some(o), _) => o.clone(),
        (None, Some(o)) => join(o),
        (None, None) => PathBuf::from("siteplan-out"),
    };
    let name: String = get(&table, "name")?.unwrap_or_else(|| {
        path.file_stem()
            .map_or("market entry".into(), |s| s.to_string_lossy().into_owned())
    });
    let borders_path = match get::<PathBuf>(&table, "borders")? {
        Some(p) => Some(join(p)),
        None => BORDERS
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if i == 0 {
                    PathBuf::from(p)
                } else {
                    join(PathBuf::from(p))
                }
            })
            .find(|p| p.is_file()),
    };

    let (problem, params) = market_entry::problem_from_table(&table, base)?;
    let me = market_entry::run(&problem, &params, &solve)?;
    let plan = as_plan(&me, &problem);

    std::fs::create_dir_all(&out).map_err(|source| Error::Io {
        path: out.clone(),
        source,
    })?;
    let costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(params.cutoff_km)))?;
    let years = entry_years(&me, problem.sites().len());
    let view = PlanView::new(&problem, &plan)?
        .with_title(name.clone())
        .with_cutoff(Some(params.cutoff_km))
        .with_entry_years(years);

    let summary = Summary {
        model: ModelKind::MarketEntry.as_str(),
        name: &name,
        status: me.status.to_string(),
        method: &me.method,
        objective: finite(me.objective),
        bound: me.bound.and_then(finite),
        gap: me.gap.and_then(finite),
        open_sites: plan
            .open
            .iter()
            .map(|&s| problem.sites()[s].id.clone())
            .collect(),
        new_sites: plan
            .new
            .iter()
            .map(|&s| problem.sites()[s].id.clone())
            .collect(),
        covered_weight: view.covered_weight(),
        total_weight: problem.total_weight(),
        profit: me.totals.profit,
        countries_entered: me
            .countries
            .iter()
            .filter(|c| c.entered)
            .map(|c| c.country.clone())
            .collect(),
        centers: me.totals.centers,
        expected_sales: me.totals.expected_sales,
        revenue: me.totals.revenue,
        duty_paid: me.totals.duty_paid,
        entry_costs: me.totals.entry_costs,
        center_costs: me.totals.center_costs,
        first_year: me.years.first().copied(),
        last_year: me.years.last().copied(),
        reason: me.reason.as_deref(),
        notes: &me.notes,
        seconds: a.timings.then_some(me.stats.seconds),
    };
    io::write_atomic(&out.join("summary.json"), |w| {
        serde_json::to_writer_pretty(&mut *w, &summary)?;
        w.write_all(b"\n")
    })?;
    tables::write_sites(&out.join("sites.csv"), &problem, &plan)?;
    tables::write_assignment(&out.join("assignment.csv"), &problem, &plan)?;
    me.write_csv(&out.join("entry_plan.csv"))?;
    io::write_plan_geojson(&out.join("plan.geojson"), &view, &GeoJsonOptions::default())?;

    let borders = borders_path.as_deref().map(io::Borders::read).transpose()?;
    // The entry map: every city and the centers (not the unopened candidates).
    let mut map = view.map_data();
    map.sites.retain(|s| s.role != SiteRole::Candidate);
    let section = EntrySection::from_plan(&me, map);
    let options = io::SvgOptions::default().with_borders(borders.as_ref());
    io::write_svg_with_fills(
        &out.join("plan.svg"),
        &section.map,
        &options,
        &section.fills,
    )?;
    let (before, after) = io::before_after(&problem, &costs, &plan, Some(params.cutoff_km));
    let report = io::Report::new(&view, &before, &after)
        .with_borders(borders.as_ref())
        .with_entry(Some(&section));
    io::write_report_html(&out.join("report.html"), &report)?;
    io::write_report_md(&out.join("report.md"), &report)?;

    if quiet {
        return Ok(());
    }
    let mut o = std::io::stdout().lock();
    writeln!(o, "{}", me.summary())?;
    if a.timings {
        writeln!(o, "solved in {:.2} s", me.stats.seconds)?;
    }
    writeln!(
        o,
        "wrote {}: summary.json, entry_plan.csv, sites.csv, assignment.csv, plan.geojson, plan.svg, report.html, report.md",
        out.display()
    )?;
    Ok(())
}

/// The market-entry plan as a location [`Plan`]: the centers open at the
/// end of the horizon and the last year's assignment.
fn as_plan(me: &MarketEntryPlan, problem: &siteplan::Problem) -> Plan {
    let open = me.open_sites();
    let new: Vec<usize> = open
        .iter()
        .copied()
        .filter(|&s| problem.sites()[s].status == siteplan::SiteStatus::Candidate)
        .collect();
    Plan {
        model: ModelKind::MarketEntry,
        method: me.method.clone(),
        status: me.status,
        open,
        new,
        assignment: me.assignment.clone(),
        objective: me.objective,
        bound: me.bound,
        gap: me.gap,
        stats: me.stats.clone(),
    }
}

fn entry_years(me: &MarketEntryPlan, n_sites: usize) -> EntryYears {
    let mut opened_year = vec![None; n_sites];
    for c in &me.centers {
        if c.site < n_sites {
            opened_year[c.site] = Some(c.year_opened);
        }
    }
    EntryYears {
        opened_year,
        entry_year: me
            .countries
            .iter()
            .filter_map(|c| Some((c.country.clone(), c.entry_year?)))
            .collect(),
    }
}
