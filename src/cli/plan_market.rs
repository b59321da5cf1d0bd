//! `siteplan plan` for the market-entry model: reads a scenario file
//! (`model = "market-entry"`, `demand`, optional `sites`, `[market_entry]`),
//! solves it through `siteplan::pipeline::run_entry` and writes the usual
//! plan files plus `entry_plan.csv` with `siteplan::output::PlanFolder`.

use std::io::Write;
use std::path::{Path, PathBuf};

use siteplan::output::PlanFolder;
use siteplan::pipeline::{self, EntryRequest};
use siteplan::solve::{Method, SolveParams};
use siteplan::{Error, ModelKind};

use super::plan_args::PlanArgs;

/// Top-level keys a market-entry scenario file may hold.
const KEYS: [&str; 13] = [
    "model",
    "name",
    "demand_label",
    "currency",
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

/// Refuses the location-model flags that mean nothing here.
fn check_flags(a: &PlanArgs) -> Result<(), Error> {
    let unused: [(&str, bool); 15] = [
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
        ("--decay (set decay in [market_entry])", a.decay.is_some()),
        ("--outside-weight", a.outside_weight.is_some()),
        ("--target-share", a.target_share.is_some()),
        ("--allow-closures", a.allow_closures),
        (
            "--margin (set gross_margin_pct in [market_entry])",
            a.margin.is_some(),
        ),
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

    let request = EntryRequest {
        table,
        base: base.to_path_buf(),
        params: solve,
        title: name,
        borders: borders_path,
        timings: a.timings,
    };
    let outcome = pipeline::run_entry(&request)?;
    super::check_stop()?;
    let me = outcome.entry();
    let written = PlanFolder::new(&out).write_entry(&outcome)?;

    if quiet {
        return Ok(());
    }
    let mut o = std::io::stdout().lock();
    writeln!(o, "{}", me.summary())?;
    if a.timings {
        writeln!(o, "solved in {:.2} s", me.stats.seconds)?;
    }
    let names: Vec<String> = written
        .iter()
        .filter_map(|(p, _)| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    writeln!(o, "wrote {}: {}", out.display(), names.join(", "))?;
    Ok(())
}
