//! `siteplan plan` for the location models: the settings become a
//! [`PlanRequest`], [`pipeline::run`] solves it and [`PlanFolder`] writes
//! the plan folder; this file only prints what happened.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use siteplan::config::PlanConfig;
use siteplan::output::PlanFolder;
use siteplan::pipeline::{self, PlanRequest};

use super::plan_args::PlanArgs;

pub fn run(a: PlanArgs, quiet: bool) -> anyhow::Result<()> {
    let file = match &a.config {
        Some(path) => PlanConfig::load(path)?,
        None => PlanConfig::default(),
    };
    let mut cfg = file.override_with(a.flags());
    if cfg.model == Some(siteplan::ModelKind::MarketEntry) {
        entry_defaults(&mut cfg, a.config.as_deref());
    }
    // One plan has the machine to itself: every core, unless told. The
    // plan is the same on any number of threads.
    if cfg.threads.is_none() {
        cfg.threads = std::thread::available_parallelism().ok().map(|n| n.get());
    }
    let request = PlanRequest::from_config(&cfg)?;
    let outcome = pipeline::run(&request)?;
    super::check_stop()?;
    let out = &request.out;
    let folder = PlanFolder::new(out);
    if let (Some(why), false) = (folder.in_place(), quiet) {
        eprintln!("{}", in_place_note(out, &why));
    }
    let written = folder
        .write(&outcome)
        .with_context(|| format!("could not write the plan into {}", out.display()))?;
    if quiet {
        return Ok(());
    }
    if let Some(me) = outcome.entry() {
        let mut o = std::io::stdout().lock();
        writeln!(o, "{}", me.summary())?;
        if a.timings {
            writeln!(o, "solved in {:.2} s", me.stats.seconds)?;
        }
        let names: Vec<String> = written
            .iter()
            .filter_map(|(p, _)| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        writeln!(o, "wrote {}: {}", tidy(out).display(), names.join(", "))?;
        return Ok(());
    }
    let (plan, cutoff, curve) = (outcome.plan(), outcome.cutoff(), outcome.curve());
    let s = siteplan::output::summary::summary(outcome.problem(), plan, cutoff);
    let mut o = std::io::stdout().lock();
    writeln!(
        o,
        "{}: {} ({}, {:.2} s)",
        s.model, s.status, s.method, plan.stats.seconds
    )?;
    // The summary's own lines after its first, which gains the seconds.
    // Named as the scenario names them: "covered people within 50 km".
    let mut text = s.to_string();
    let (label, _) = outcome.measure();
    let named = if label.is_empty() { "demand" } else { label };
    if !label.is_empty() {
        text = text.replace("covered demand", &format!("covered {label}"));
    }
    // What the objective counts.
    let what = match plan.model {
        siteplan::ModelKind::MaxCoverage => format!("{named} covered"),
        siteplan::ModelKind::PMedian => format!("Σ {named} × distance"),
        siteplan::ModelKind::PCenter => "largest distance".to_string(),
        siteplan::ModelKind::SetCover | siteplan::ModelKind::TargetShare => {
            "sites opened".to_string()
        }
        siteplan::ModelKind::MarketShare => format!("{named} captured"),
        _ => "cost".to_string(),
    };
    if let Some(rest) = text.strip_prefix("objective ") {
        text = format!("objective ({what}) {rest}");
    } else if let Some(at) = text.find("\nobjective ") {
        text.replace_range(at..at + 11, &format!("\nobjective ({what}) "));
    }
    if let (Some(c), unit) = (cutoff, outcome.cost_unit()) {
        if !unit.is_empty() {
            text = text.replace(&format!(" within {c}:"), &format!(" within {c} {unit}:"));
        }
    }
    write!(o, "{}", text.split_once('\n').map_or("", |(_, rest)| rest))?;
    if let (Some(range), Some(first), Some(last)) = (request.curve, curve.first(), curve.last()) {
        writeln!(
            o,
            "curve {range}: {} solves in {:.2} s, coverage {:.1}% to {:.1}%",
            curve.len(),
            outcome.curve_seconds(),
            first.coverage_pct,
            last.coverage_pct
        )?;
    }
    writeln!(o, "wrote:")?;
    let shown: Vec<(String, &str)> = written
        .iter()
        .map(|(p, what)| (tidy(p).display().to_string(), *what))
        .collect();
    let w = shown.iter().map(|(p, _)| p.chars().count()).max();
    for (path, what) in &shown {
        writeln!(o, "  {path:<w$}  {what}", w = w.unwrap_or(0))?;
    }
    Ok(())
}

/// What `plan` says when it writes into a folder it cannot replace as a
/// whole (see [`PlanFolder::in_place`]).
pub(super) fn in_place_note(out: &Path, why: &str) -> String {
    format!(
        "note: {} {why}: the plan files are written into it one by one, \
         not replaced as a whole folder",
        out.display()
    )
}

/// Market entry's defaults that depend on the scenario file: the title is
/// the file's name, and the borders are also looked for beside the file's
/// folder (`../borders/countries_50m.geojson`, as in the shipped data).
fn entry_defaults(cfg: &mut PlanConfig, config: Option<&Path>) {
    if cfg.title.is_none() {
        cfg.title = Some(
            config
                .and_then(Path::file_stem)
                .map_or("market entry".into(), |s| s.to_string_lossy().into_owned()),
        );
    }
    if cfg.borders.is_none() && !Path::new(siteplan::config::DEFAULT_BORDERS).is_file() {
        let base = config.and_then(Path::parent).unwrap_or(Path::new(""));
        let beside = base.join("../borders/countries_50m.geojson");
        cfg.borders = beside.is_file().then_some(beside);
    }
}

/// `path` with `dir/..` pairs removed, for display
/// (`data/scenarios/../../out/china` → `out/china`).
fn tidy(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            Component::CurDir if !out.is_empty() => {}
            c => out.push(c),
        }
    }
    if out.is_empty() {
        PathBuf::from(".")
    } else {
        out.iter().collect()
    }
}
