//! Writing `plan.svg`: to a file, a writer or a string.

use super::borders::*;
use super::draw::*;
use super::options::*;
use crate::error::Result;
use crate::io::view::MapData;
use std::io::Write;
use std::path::Path;

/// Writes `plan.svg` atomically.
///
/// ```
/// use siteplan::io::{self, MapData, MapSite, SiteRole, SvgOptions};
/// let map = MapData { title: "Demo".into(), sites: vec![MapSite { id: "s".into(), name: None,
///     lon: 121.5, lat: 31.2, role: SiteRole::New }], ..Default::default() };
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("plan.svg");
/// io::write_svg(&path, &map, &SvgOptions::default())?;
/// let svg = std::fs::read_to_string(&path)?;
/// assert!(svg.contains("<title>Demo</title>") && svg.contains("<title>s, new</title>"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_svg(path: &Path, map: &MapData, options: &SvgOptions<'_>) -> Result<()> {
    crate::io::write_atomic(path, |w| write_svg_to(w, map, options))
}

/// Writes the SVG document to any writer.
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
/// let mut buf = Vec::new();
/// io::svg::write_svg_to(&mut buf, &PlanView::new(&problem, &plan)?.map_data(), &SvgOptions::default())?;
/// let svg = String::from_utf8(buf)?;
/// assert!(svg.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));
/// assert!(svg.ends_with("</svg>\n"));
/// // New sites are labelled with their name (here their id).
/// assert!(svg.contains(">hz-1</text>"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_svg_to(
    w: &mut dyn Write,
    map: &MapData,
    options: &SvgOptions<'_>,
) -> std::io::Result<()> {
    w.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
    write_svg_element(w, map, options)
}

/// The SVG document as a string.
///
/// ```
/// use siteplan::io::{svg_string, MapData, SvgOptions};
/// let s = svg_string(&MapData { title: "A & B".into(), ..Default::default() }, &SvgOptions::default());
/// assert!(s.contains("<title>A &amp; B</title>"));
/// ```
pub fn svg_string(map: &MapData, options: &SvgOptions<'_>) -> String {
    let mut buf = Vec::new();
    write_svg_to(&mut buf, map, options).expect("writing to memory cannot fail");
    String::from_utf8(buf).expect("the SVG is UTF-8")
}

/// Writes an SVG map (atomically) with countries filled by class and a
/// legend of the classes; see [`CountryFills`].
///
/// # Examples
///
/// ```
/// use siteplan::io::{write_svg_with_fills, Borders, CountryFills, MapData, MapSite, SiteRole, SvgOptions};
/// let gj = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"iso_a2":"DE"},
///   "geometry":{"type":"Polygon","coordinates":[[[6,47],[15,47],[15,55],[6,47]]]}}]}"#;
/// let borders = Borders::parse(gj.as_bytes(), "borders.geojson")?;
/// let mut fills = CountryFills::new("Entry year");
/// let first = fills.class("2027", "#1a9850");
/// fills.fill("DE", first);
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("entry.svg");
/// let berlin = MapSite { id: "berlin".into(), name: None, lon: 13.4, lat: 52.5, role: SiteRole::New };
/// let map = MapData { sites: vec![berlin], ..Default::default() };
/// write_svg_with_fills(&path, &map, &SvgOptions::default().with_borders(Some(&borders)), &fills)?;
/// let svg = std::fs::read_to_string(&path)?;
/// assert!(svg.contains("Z\" fill=\"#1a9850\"/>")); // Germany's outline, filled
/// assert!(svg.contains(">Entry year</text>") && svg.contains("2027 (1)")); // the legend
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_svg_with_fills(
    path: &Path,
    map: &MapData,
    options: &SvgOptions<'_>,
    fills: &CountryFills,
) -> Result<()> {
    crate::io::write_atomic(path, |w| {
        w.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
        write_svg_element_filled(w, map, options, Some(fills))
    })
}

/// [`write_svg_with_fills`] as a string.
///
/// # Examples
///
/// ```
/// use siteplan::io::{svg_string_with_fills, CountryFills, MapData, SvgOptions};
/// let mut fills = CountryFills::new("Entry year");
/// let entered = fills.class("2027", "#1a9850");
/// let not_entered = fills.class("Not entered", "#d4d4d4");
/// fills.fill("DE", entered);
/// fills.fill("FR", not_entered);
/// fills.fill("IT", not_entered);
/// let svg = svg_string_with_fills(&MapData::default(), &SvgOptions::default(), &fills);
/// // Legend entries count the countries of each class.
/// assert!(svg.contains("2027 (1)") && svg.contains("Not entered (2)"));
/// ```
pub fn svg_string_with_fills(
    map: &MapData,
    options: &SvgOptions<'_>,
    fills: &CountryFills,
) -> String {
    let mut buf = Vec::new();
    buf.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    write_svg_element_filled(&mut buf, map, options, Some(fills))
        .expect("writing to memory cannot fail");
    String::from_utf8(buf).expect("the SVG is UTF-8")
}
