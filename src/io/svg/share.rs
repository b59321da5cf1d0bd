//! The share map: how often each site is chosen over scenarios.

use super::borders::*;
use super::draw::*;
use super::frame::*;
use super::legend::*;
use super::text::*;
use crate::io::view::{MapData, MapSite, SiteRole};
use std::fmt::Write as _;
use std::io::Write;

/// A point of a share map: a site and the share of scenarios choosing it.
///
/// # Examples
///
/// ```
/// use siteplan::io::svg::{write_share_map_svg, SharePoint};
/// let point = |id: &str, lon, lat, chosen: usize| SharePoint {
///     id: id.into(), name: String::new(), lon, lat, share: chosen as f64 / 4.0, chosen,
/// };
/// // Out of 4 scenarios: hz-1 is chosen in 3, sz-1 in none.
/// let points = [point("hz-1", 120.15, 30.28, 3), point("sz-1", 120.62, 31.31, 0)];
/// let mut buf = Vec::new();
/// write_share_map_svg(&mut buf, "Robust sites", &points, None)?;
/// let svg = String::from_utf8(buf)?;
/// assert!(svg.contains("2 candidate sites · 1 chosen in at least one scenario"));
/// assert!(svg.contains("<title>hz-1: chosen in 3 scenarios (75.0%)</title>"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SharePoint {
    /// Site id.
    pub id: String,
    /// Display name (may be empty).
    pub name: String,
    /// Longitude in degrees.
    pub lon: f64,
    /// Latitude in degrees.
    pub lat: f64,
    /// Share in [0, 1].
    pub share: f64,
    /// How many scenarios chose it.
    pub chosen: usize,
}

/// Colour of a share: light yellow through orange to dark red.
pub(super) fn share_colour(share: f64) -> String {
    const STOPS: [(f64, [f64; 3]); 4] = [
        (0.0, [255.0, 237.0, 160.0]),
        (0.33, [254.0, 178.0, 76.0]),
        (0.66, [240.0, 59.0, 32.0]),
        (1.0, [128.0, 0.0, 38.0]),
    ];
    let t = if share.is_finite() {
        share.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let i = STOPS.iter().rposition(|s| s.0 <= t).unwrap_or(0).min(2);
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    let f = (t - a.0) / (b.0 - a.0);
    let c: Vec<String> = (0..3)
        .map(|k| format!("{:02x}", (a.1[k] + f * (b.1[k] - a.1[k])).round() as u8))
        .collect();
    format!("#{}", c.concat())
}

/// Writes an `<svg>` element (for inlining in HTML) mapping sites as
/// circles sized and coloured by their share — e.g. how often a candidate
/// is chosen across a sweep's scenarios — over optional country borders.
/// Sites never chosen are small grey dots. Deterministic like the plan map.
///
/// ```
/// use siteplan::io::svg::{write_share_map_svg, SharePoint};
/// let pts = [SharePoint { id: "a".into(), name: "A & B".into(), lon: 121.5, lat: 31.2, share: 0.5, chosen: 3 }];
/// let mut buf = Vec::new();
/// write_share_map_svg(&mut buf, "Robustness", &pts, None)?;
/// let s = String::from_utf8(buf).unwrap();
/// assert!(s.starts_with("<svg") && s.contains("A &amp; B"));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_share_map_svg(
    w: &mut dyn Write,
    title: &str,
    points: &[SharePoint],
    borders: Option<&Borders>,
) -> std::io::Result<()> {
    write_share_map_svg_with(w, title, points, &ShareExtras::default(), borders)
}

/// Labels drawn on a share map: the most robust sites, by rank.
pub const SHARE_LABELS: usize = 12;

/// What a share map shows besides its candidates: the existing sites (open
/// in every scenario) and the ranking whose first [`SHARE_LABELS`] sites
/// are labelled "rank. name".
///
/// # Examples
///
/// ```
/// use siteplan::io::svg::{write_share_map_svg_with, ShareExtras, SharePoint};
/// let point = |id: &str, name: &str, lon, lat, chosen: usize| SharePoint {
///     id: id.into(), name: name.into(), lon, lat, share: chosen as f64 / 4.0, chosen,
/// };
/// let candidates = [point("hz-1", "Hangzhou", 120.15, 30.28, 3), point("sz-1", "", 120.62, 31.31, 0)];
/// let existing = [point("sh-1", "Shanghai", 121.47, 31.23, 4)];
/// let extras = ShareExtras { existing: &existing, ranking: &[0] };
/// let mut buf = Vec::new();
/// write_share_map_svg_with(&mut buf, "Robust sites", &candidates, &extras, None)?;
/// let svg = String::from_utf8(buf)?;
/// assert!(svg.contains("<g class=\"existing\"") && svg.contains("Shanghai (sh-1), existing"));
/// assert!(svg.contains(">1. Hangzhou</text>"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct ShareExtras<'a> {
    /// Sites open in every scenario, drawn as dark squares.
    pub existing: &'a [SharePoint],
    /// Indices into the candidates, most robust first.
    pub ranking: &'a [usize],
}

/// [`write_share_map_svg`] with the existing sites and the labels of
/// `extras`. The map opens on the candidates chosen at least once and the
/// existing sites, and on the others except far-off groups of them
/// ([`crate::io::MapExtent`], each candidate weighing the same).
pub fn write_share_map_svg_with(
    w: &mut dyn Write,
    title: &str,
    points: &[SharePoint],
    extras: &ShareExtras<'_>,
    borders: Option<&Borders>,
) -> std::io::Result<()> {
    let all: Vec<(f64, f64, f64)> = points.iter().map(|p| (p.lon, p.lat, 1.0)).collect();
    let keep: Vec<(f64, f64)> = points
        .iter()
        .filter(|p| p.chosen > 0)
        .chain(extras.existing)
        .map(|p| (p.lon, p.lat))
        .collect();
    let [vw, vs, ve, vn] = crate::io::MapExtent::of(&all, &keep).bbox;
    let pr = Projection::fit_points([(vw, vs), (ve, vn)].into_iter(), 760.0);
    let total_w = PAD + pr.w + 16.0 + LEGEND_W + PAD;
    let total_h = TOP + pr.h + BOTTOM;
    let mut s = String::with_capacity(1 << 16);
    svg_head(&mut s, (total_w, total_h), title, "share-clip", &pr, None);
    let chosen = points.iter().filter(|p| p.chosen > 0).count();
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"50\" font-size=\"13\" fill=\"#555\">{} candidate sites · {} chosen in at least one scenario</text>",
        num(PAD),
        points.len(),
        chosen
    );
    let sea = if borders.is_some() {
        "#dde9f1"
    } else {
        "#f6f6f3"
    };
    let _ = writeln!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{sea}\"/>\n<g clip-path=\"url(#share-clip)\">",
        num(pr.x0),
        num(pr.y0),
        num(pr.w),
        num(pr.h)
    );
    w.write_all(s.as_bytes())?;
    s.clear();
    if let Some(b) = borders {
        write_borders(w, b, &pr, None)?;
    }
    // Never chosen first, then by share ascending, so robust sites end on top.
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by(|&a, &b| points[a].share.total_cmp(&points[b].share).then(a.cmp(&b)));
    s.push_str("<g stroke=\"#fff\" stroke-width=\"0.5\">\n");
    for i in order {
        let p = &points[i];
        let (x, y) = pr.xy(p.lon, p.lat);
        let label = if p.name.is_empty() || p.name == p.id {
            p.id.clone()
        } else {
            format!("{} ({})", p.name, p.id)
        };
        let (r, fill) = if p.chosen == 0 {
            (1.5, "#9a9a9a".to_string())
        } else {
            (share_radius(p.share), share_colour(p.share))
        };
        let _ = writeln!(
            s,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{fill}\" fill-opacity=\"0.85\"><title>{}: chosen in {} scenarios ({:.1}%)</title></circle>",
            num(x),
            num(y),
            num(r),
            escape(&label),
            p.chosen,
            100.0 * p.share
        );
        if s.len() > 1 << 15 {
            w.write_all(s.as_bytes())?;
            s.clear();
        }
    }
    s.push_str("</g>\n");
    // Existing sites on top of the candidates, then the labels of the
    // most robust.
    let site = |p: &SharePoint, role: SiteRole, name: Option<String>| MapSite {
        id: p.id.clone(),
        name,
        lon: p.lon,
        lat: p.lat,
        role,
    };
    let mut marks = MapData::default();
    for p in extras.existing {
        let name = (!p.name.is_empty()).then(|| p.name.clone());
        marks.sites.push(site(p, SiteRole::Existing, name));
    }
    if !marks.sites.is_empty() {
        s.push_str(
            "<g class=\"existing\" fill=\"#1b2a49\" stroke=\"#fff\" stroke-width=\"0.8\">\n",
        );
        for m in &marks.sites {
            let (x, y) = pr.xy(m.lon, m.lat);
            let _ = writeln!(
                s,
                "<rect x=\"{}\" y=\"{}\" width=\"7\" height=\"7\"><title>{}</title></rect>",
                num(x - 3.5),
                num(y - 3.5),
                escape(&site_tooltip(m.name.as_deref(), &m.id, SiteRole::Existing))
            );
        }
        s.push_str("</g>\n");
    }
    // Labels keep clear of each other and of the labelled sites only (a
    // network of hundreds of existing sites would crowd them out; their
    // white halo keeps them readable over the markers).
    marks.sites.clear();
    for (rank, &i) in extras.ranking.iter().take(SHARE_LABELS).enumerate() {
        if let Some(p) = points.get(i) {
            let name = if p.name.is_empty() { &p.id } else { &p.name };
            marks.sites.push(site(
                p,
                SiteRole::New,
                Some(format!("{}. {name}", rank + 1)),
            ));
        }
    }
    write_labels(&mut s, &marks, &pr, None);
    s.push_str("</g>\n");
    write_map_frame(&mut s, &pr);
    // Legend.
    let x = pr.x0 + pr.w + 16.0;
    let mut y = pr.y0 + 14.0;
    let _ = writeln!(
        s,
        "<g font-size=\"12\" fill=\"#222\">\n<text x=\"{}\" y=\"{}\" font-size=\"14\" font-weight=\"bold\">Share of scenarios</text>",
        num(x),
        num(y)
    );
    y += 14.0;
    for share in [1.0, 0.75, 0.5, 0.25, 0.05] {
        let r = share_radius(share);
        let row = (2.0 * r + 6.0).max(18.0);
        let cy = y + row / 2.0;
        let _ = writeln!(
            s,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\" fill-opacity=\"0.85\"/><text x=\"{}\" y=\"{}\">{}%</text>",
            num(x + 10.0),
            num(cy),
            num(r),
            share_colour(share),
            num(x + 28.0),
            num(cy + 4.0),
            num(100.0 * share)
        );
        y += row;
    }
    let _ = writeln!(
        s,
        "<circle cx=\"{}\" cy=\"{}\" r=\"1.5\" fill=\"#9a9a9a\"/><text x=\"{}\" y=\"{}\">never chosen</text>",
        num(x + 10.0),
        num(y + 9.0),
        num(x + 28.0),
        num(y + 13.0)
    );
    if !extras.existing.is_empty() {
        y += 22.0;
        let _ = writeln!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"7\" height=\"7\" fill=\"#1b2a49\"/><text x=\"{}\" y=\"{}\">existing site ({}), open in all</text>",
            num(x + 6.5),
            num(y + 5.5),
            num(x + 28.0),
            num(y + 13.0),
            extras.existing.len()
        );
    }
    if !extras.ranking.is_empty() {
        y += 22.0;
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-weight=\"bold\" fill=\"#8a2a0e\">1.</text><text x=\"{}\" y=\"{}\">most robust, by rank</text>",
            num(x + 4.0),
            num(y + 13.0),
            num(x + 28.0),
            num(y + 13.0)
        );
    }
    s.push_str("</g>\n");
    let note = if borders.is_some() {
        "Borders: Natural Earth. Equirectangular projection, scaled at the middle latitude."
    } else {
        "Equirectangular projection, scaled at the middle latitude."
    };
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"#777\">{note}</text>\n</svg>",
        num(PAD),
        num(TOP + pr.h + 18.0)
    );
    w.write_all(s.as_bytes())
}

pub(super) fn share_radius(share: f64) -> f64 {
    let t = if share.is_finite() {
        share.clamp(0.0, 1.0)
    } else {
        0.0
    };
    2.5 + 9.5 * t.sqrt()
}
