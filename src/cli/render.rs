//! `siteplan render`: draw a `plan.geojson` as an SVG map.

use std::path::{Path, PathBuf};

use clap::Args;
use siteplan::io::{self, Borders, SvgOptions};

/// Where `render` looks for borders when `--borders` is not given.
const DEFAULT_BORDERS: &str = "data/borders/countries_50m.geojson";

#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  siteplan render out/plan.geojson -o out/plan.svg --title \"China, 12 new sites\" --lines"
)]
pub struct RenderArgs {
    /// A plan.geojson written by `siteplan plan`.
    #[arg(value_name = "PLAN.GEOJSON")]
    pub input: PathBuf,
    /// The SVG file to write.
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,
    /// Title drawn on the map (default: the input file's name).
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// Country borders GeoJSON (default: data/borders/countries_50m.geojson when present).
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
    let mut map = io::read_plan_geojson(&a.input)?;
    map.title = match a.title {
        Some(t) => t,
        None => a
            .input
            .file_name()
            .map_or("plan".into(), |n| n.to_string_lossy().into_owned()),
    };
    let borders_path = match a.borders {
        Some(p) => Some(p),
        None => Some(PathBuf::from(DEFAULT_BORDERS)).filter(|p| Path::new(p).is_file()),
    };
    let borders = borders_path.as_deref().map(Borders::read).transpose()?;
    let options = SvgOptions {
        width: a.width,
        lines: a.lines,
        labels: true,
        borders: borders.as_ref(),
    };
    io::write_svg(&a.output, &map, &options)?;
    if !quiet {
        eprintln!(
            "wrote {} ({} sites, {} demand points{})",
            a.output.display(),
            map.sites.len(),
            map.demand.len(),
            match &borders_path {
                Some(p) => format!(", borders from {}", p.display()),
                None => String::new(),
            }
        );
    }
    Ok(())
}
