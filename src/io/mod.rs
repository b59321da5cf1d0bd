//! Reading inputs and writing outputs.
//!
//! Readers report every problem with file, line and column. Writers never
//! leave a half-written file under its final name: they write to a temporary
//! file in the same folder and rename it into place ([`write_atomic`]).

pub mod tables;

mod csv_input;
pub mod geojson;
pub mod report;
pub mod svg;
pub mod view;
pub mod webmap;

pub use csv_input::{read_costs, read_demand, read_problem, read_sites};
pub use geojson::{
    parse_plan_geojson, plan_geojson_string, read_plan_geojson, write_plan_geojson,
    write_plan_geojson_to, GeoJsonLayer, GeoJsonOptions,
};
pub use report::{
    before_after, report_html_string, report_md_string, write_report_html, write_report_html_to,
    write_report_md, write_report_md_to, CurvePoint, Figures, RegionLevel, Report,
};
pub use report::{EntryRow, EntrySection, EntryTimeline};
pub use svg::{svg_string, write_svg, write_svg_to, Borders, SvgOptions};
pub use svg::{svg_string_with_fills, write_svg_with_fills, CountryFills};
pub use view::{
    DemandView, DrawnDemand, EntryYears, LineView, MapData, MapDemand, MapExtent, MapLine, MapSite,
    PlanView, SiteRole, SiteView, DRAWN_DEMAND,
};

use std::io::{BufWriter, Write};
use std::path::Path;

use crate::error::{Error, Result};

/// Writes a file atomically: `fill` writes into a temporary file beside
/// `path`, which is flushed, synced and renamed over `path` only if `fill`
/// succeeds. On any error the temporary file is removed and `path` is
/// untouched.
///
/// ```
/// use std::io::Write;
/// let dir = tempfile::tempdir()?;
/// let f = dir.path().join("out.txt");
/// siteplan::io::write_atomic(&f, |w| Ok(w.write_all(b"hello")?))?;
/// assert_eq!(std::fs::read_to_string(&f)?, "hello");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_atomic(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let io_err = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let file = std::fs::File::create(&tmp)?;
        let mut w = BufWriter::with_capacity(1 << 16, file);
        fill(&mut w)?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io_err(e));
    }
    crate::pause::after("write");
    Ok(())
}
