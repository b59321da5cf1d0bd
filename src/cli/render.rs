//! `siteplan render`: draw a `plan.geojson` (or a sweep's
//! `robustness.geojson`) as an SVG map.

use std::path::{Path, PathBuf};

use clap::Args;
use siteplan::io::{self, Borders, SvgOptions};

/// True when the file is a sweep's robustness.geojson (features with
/// `share` and `chosen`).
fn is_robustness(v: &serde_json::Value) -> bool {
    v["features"]
        .as_array()
        .and_then(|f| f.first())
        .is_some_and(|f| {
            f["properties"].get("share").is_some() && f["properties"].get("chosen").is_some()
        })
}

#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  siteplan render out/plan.geojson -o out/plan.svg --title \"China, 12 new sites\" --lines"
)]
pub struct RenderArgs {
    /// A plan.geojson written by `siteplan plan` (or sites.geojson), or a
    /// sweep's robustness.geojson.
    #[arg(value_name = "PLAN.GEOJSON")]
    pub input: PathBuf,
    /// The SVG file to write.
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,
    /// Title drawn on the map (default: the input file's name).
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// Country borders GeoJSON (default: data/borders/countries_50m.geojson under the working folder or siteplan's own folder).
    #[arg(long, value_name = "FILE")]
    pub borders: Option<PathBuf>,
    /// Draw assignment lines (demand → site).
    #[arg(long)]
    pub lines: bool,
    /// Width of the map area in px (the legend adds 230 px).
    #[arg(long, value_name = "PX", default_value_t = 900.0)]
    pub width: f64,
}

pub fn run(a: RenderArgs, quiet: bool) -> anyhow::Result<()> {
    if !(a.width.is_finite() && (200.0..=4000.0).contains(&a.width)) {
        return Err(siteplan::Error::Usage(format!(
            "--width {}: expected a number of px from 200 to 4000",
            a.width
        ))
        .into());
    }
    let title = match a.title {
        Some(t) => t,
        None => a
            .input
            .file_name()
            .map_or("plan".into(), |n| n.to_string_lossy().into_owned()),
    };
    let borders_path = match a.borders {
        Some(p) => Some(p),
        None => siteplan::config::default_borders(),
    };
    let borders = borders_path
        .as_deref()
        .map(Borders::read_with_provinces)
        .transpose()?;
    if borders_path.is_none() && !quiet {
        eprintln!(
            "no borders drawn: {} is neither under the working folder nor beside siteplan; name a file with --borders FILE",
            siteplan::config::DEFAULT_BORDERS
        );
    }
    let from = match &borders_path {
        Some(p) => format!(
            ", borders from {}{}",
            p.display(),
            match borders.as_ref().map_or(0, Borders::province_count) {
                0 => String::new(),
                n => format!(" with {n} province polygons beside it"),
            }
        ),
        None => String::new(),
    };
    let raw = std::fs::read(&a.input).ok();
    let parsed = raw.as_deref().and_then(|b| serde_json::from_slice(b).ok());
    if let Some(v) = parsed.filter(is_robustness) {
        let (n, existing) = render_robustness(&a.output, &title, &v, borders.as_ref())?;
        if !quiet {
            eprintln!(
                "wrote {} ({n} candidates by share of scenarios, {existing} existing sites{from})",
                a.output.display()
            );
        }
        return Ok(());
    }
    let mut map = io::read_plan_geojson(&a.input)?;
    map.title = title;
    let options = SvgOptions {
        width: a.width,
        lines: a.lines,
        labels: true,
        borders: borders.as_ref(),
        numbers: None,
    };
    super::check_stop()?;
    io::write_svg(&a.output, &map, &options)?;
    if !quiet {
        eprintln!(
            "wrote {} ({} sites, {} demand points{})",
            a.output.display(),
            map.sites.len(),
            map.demand.len(),
            from
        );
    }
    Ok(())
}

/// Draws a sweep's robustness.geojson (returns the numbers of candidates
/// and existing sites): candidates by the share of
/// scenarios choosing them, the existing sites (open in every scenario) as
/// squares, and the most robust candidates labelled by rank (weighted
/// share, then scenarios, then id, as in the sweep's report).
fn render_robustness(
    output: &Path,
    title: &str,
    v: &serde_json::Value,
    borders: Option<&Borders>,
) -> anyhow::Result<(usize, usize)> {
    use siteplan::io::svg::{write_share_map_svg_with, ShareExtras, SharePoint};
    let mut points = Vec::new();
    let mut existing = Vec::new();
    let mut weighted = Vec::new();
    for f in v["features"].as_array().into_iter().flatten() {
        let p = &f["properties"];
        let c = &f["geometry"]["coordinates"];
        let (Some(lon), Some(lat)) = (c[0].as_f64(), c[1].as_f64()) else {
            continue;
        };
        let point = SharePoint {
            id: p["id"].as_str().unwrap_or_default().to_string(),
            name: p["name"].as_str().unwrap_or_default().to_string(),
            lon,
            lat,
            share: p["share"].as_f64().unwrap_or(0.0),
            chosen: p["chosen"].as_u64().unwrap_or(0) as usize,
        };
        if p["status"].as_str() == Some("existing") {
            existing.push(point);
        } else {
            weighted.push(p["weighted_share"].as_f64().unwrap_or(point.share));
            points.push(point);
        }
    }
    let mut ranking: Vec<usize> = (0..points.len())
        .filter(|&i| points[i].chosen > 0)
        .collect();
    ranking.sort_by(|&a, &b| {
        weighted[b]
            .total_cmp(&weighted[a])
            .then(points[b].chosen.cmp(&points[a].chosen))
            .then(points[a].id.cmp(&points[b].id))
    });
    let extras = ShareExtras {
        existing: &existing,
        ranking: &ranking,
    };
    super::check_stop()?;
    siteplan::io::write_atomic(output, |w| {
        write_share_map_svg_with(w, title, &points, &extras, borders)
    })?;
    Ok((points.len(), existing.len()))
}
