//! The share map: how often each site is chosen over scenarios.

use super::borders::*;
use super::draw::*;
use super::frame::*;
use super::legend::*;
use super::text::*;
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
    let pr = Projection::fit_points(points.iter().map(|p| (p.lon, p.lat)), 760.0);
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
    s.push_str("</g>\n</g>\n");
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
        "<circle cx=\"{}\" cy=\"{}\" r=\"1.5\" fill=\"#9a9a9a\"/><text x=\"{}\" y=\"{}\">never chosen</text>\n</g>",
        num(x + 10.0),
        num(y + 9.0),
        num(x + 28.0),
        num(y + 13.0)
    );
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
