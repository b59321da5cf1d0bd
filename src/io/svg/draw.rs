//! Drawing a map: borders, demand, assignment lines, sites and labels.

use super::borders::*;
use super::frame::*;
use super::legend::*;
use super::options::*;
use super::text::*;
use crate::io::view::{DrawnDemand, MapData, SiteRole};
use std::fmt::Write as _;
use std::io::Write;

/// Writes the `<svg>` element (no XML declaration), for files and for
/// inlining in HTML.
pub(crate) fn write_svg_element(
    w: &mut dyn Write,
    map: &MapData,
    options: &SvgOptions<'_>,
) -> std::io::Result<()> {
    write_svg_element_filled(w, map, options, None)
}

/// [`write_svg_element`] with countries filled by class. Filled, it is a
/// country map: the countries and the sites, without the demand circles
/// and assignment lines (the view and the summary line still come from
/// the whole map).
pub(crate) fn write_svg_element_filled(
    w: &mut dyn Write,
    full: &MapData,
    options: &SvgOptions<'_>,
    fills: Option<&CountryFills>,
) -> std::io::Result<()> {
    let (pr, extent) = Projection::fit(full, options.width);
    let sites_only;
    let map = if fills.is_some() {
        sites_only = MapData {
            title: full.title.clone(),
            sites: full.sites.clone(),
            demand: Vec::new(),
            lines: Vec::new(),
        };
        &sites_only
    } else {
        full
    };
    // A large market's demand: the heaviest points only, said so under the map.
    let weights: Vec<f64> = map.demand.iter().map(|d| d.weight).collect();
    let drawn = DrawnDemand::of(&weights);
    let drawn_note = drawn.caption().map(|c| {
        format!("Demand drawn: {c}; every point is in assignment.csv and demand.geojson.")
    });
    let total_w = PAD + pr.w + 16.0 + LEGEND_W + PAD;
    let total_h = TOP + pr.h + BOTTOM + if drawn_note.is_some() { 14.0 } else { 0.0 };
    let mut s = String::with_capacity(1 << 16);
    let title = if map.title.is_empty() {
        "siteplan plan"
    } else {
        &map.title
    };
    svg_head(
        &mut s,
        (total_w, total_h),
        title,
        "map-clip",
        &pr,
        Some(DEFS),
    );
    // The one-line summary under the title.
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"50\" font-size=\"13\" fill=\"#555\">{}</text>",
        num(PAD),
        escape(&subtitle(full))
    );
    w.write_all(s.as_bytes())?;
    s.clear();

    // The map area.
    let sea = if options.borders.is_some() {
        "#dde9f1"
    } else {
        "#f6f6f3"
    };
    let _ = writeln!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{sea}\"/>",
        num(pr.x0),
        num(pr.y0),
        num(pr.w),
        num(pr.h)
    );
    s.push_str("<g clip-path=\"url(#map-clip)\">\n");
    w.write_all(s.as_bytes())?;
    s.clear();
    if let Some(b) = options.borders {
        write_borders(w, b, &pr, fills)?;
    }
    // Sites left closed go under the demand circles: there can be many
    // of them (often one in every city), and they must not hide whether
    // a city is covered.
    write_sites(&mut s, map, &pr, &[SiteRole::Excluded, SiteRole::Candidate]);
    w.write_all(s.as_bytes())?;
    s.clear();
    if options.lines && !map.lines.is_empty() {
        write_lines(w, map, &pr, &drawn)?;
    }
    write_demand(w, map, &pr, &drawn)?;
    // Open sites and competitors: the least important first, so new
    // sites end on top.
    write_sites(
        &mut s,
        map,
        &pr,
        &[SiteRole::Competitor, SiteRole::Existing, SiteRole::New],
    );
    if options.labels {
        write_labels(&mut s, map, &pr, options.numbers);
    }
    s.push_str("</g>\n");
    write_map_frame(&mut s, &pr);
    write_legend(&mut s, map, &pr, options, fills);
    let mut note = if options.borders.is_some() {
        "Borders: Natural Earth. Equirectangular projection, scaled at the middle latitude."
    } else {
        "Equirectangular projection, scaled at the middle latitude."
    }
    .to_string();
    if extent.left_out > 0 {
        let _ = write!(
            note,
            " Not in view: {} far-off demand point{} ({:.1}% of demand).",
            extent.left_out,
            if extent.left_out == 1 { "" } else { "s" },
            100.0 * extent.left_out_share
        );
    }
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"#777\">{}</text>",
        num(PAD),
        num(TOP + pr.h + 18.0),
        escape(&note)
    );
    if let Some(n) = drawn_note {
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"#777\">{}</text>",
            num(PAD),
            num(TOP + pr.h + 32.0),
            escape(&n)
        );
    }
    s.push_str("</svg>\n");
    w.write_all(s.as_bytes())
}

/// Draws the sites of `roles`, one group per role, in that order.
pub(super) fn write_sites(s: &mut String, map: &MapData, pr: &Projection, roles: &[SiteRole]) {
    for &role in roles {
        let mut any = false;
        for site in map.sites.iter().filter(|x| x.role == role) {
            if !any {
                let _ = writeln!(s, "<g class=\"{}\">", role.as_str());
                any = true;
            }
            let (x, y) = pr.xy(site.lon, site.lat);
            let _ = writeln!(
                s,
                "<use xlink:href=\"#{}\" x=\"{}\" y=\"{}\"><title>{}</title></use>",
                marker_id(role),
                num(x),
                num(y),
                escape(&site_tooltip(site.name.as_deref(), &site.id, role))
            );
        }
        if any {
            s.push_str("</g>\n");
        }
    }
}

pub(super) fn subtitle(map: &MapData) -> String {
    let count = |r: SiteRole| map.sites.iter().filter(|s| s.role == r).count();
    let total: f64 = map.demand.iter().map(|d| d.weight).sum();
    let covered: f64 = map
        .demand
        .iter()
        .filter(|d| d.covered)
        .map(|d| d.weight)
        .sum();
    let mut t = format!(
        "{} demand points · {} existing + {} new sites",
        map.demand.len(),
        count(SiteRole::Existing),
        count(SiteRole::New)
    );
    if count(SiteRole::Competitor) > 0 {
        let _ = write!(t, " · {} competitors", count(SiteRole::Competitor));
    }
    if total > 0.0 {
        let _ = write!(t, " · {:.1}% of demand covered", 100.0 * covered / total);
    }
    t
}

pub(super) fn site_tooltip(name: Option<&str>, id: &str, role: SiteRole) -> String {
    match name {
        Some(n) if !n.is_empty() && n != id => format!("{n} ({id}), {role}"),
        _ => format!("{id}, {role}"),
    }
}

pub(super) fn write_borders(
    w: &mut dyn Write,
    borders: &Borders,
    pr: &Projection,
    fills: Option<&CountryFills>,
) -> std::io::Result<()> {
    let [vw, vs, ve, vn] = pr.view_deg(20.0);
    let clip = [
        pr.x0 - 2.0,
        pr.y0 - 2.0,
        pr.x0 + pr.w + 2.0,
        pr.y0 + pr.h + 2.0,
    ];
    let mut s = String::with_capacity(1 << 16);
    s.push_str(
        "<g fill=\"#f3efe6\" stroke=\"#a9a398\" stroke-width=\"0.6\" stroke-linejoin=\"round\" fill-rule=\"evenodd\">\n",
    );
    for poly in &borders.polygons {
        let [bw, bs, be, bn] = poly.bbox;
        if be < vw || bw > ve || bn < vs || bs > vn {
            continue;
        }
        let d = polygon_path(poly, pr, clip);
        if !d.is_empty() {
            match fills.and_then(|f| f.colour(poly.iso_a2.as_deref())) {
                Some(colour) => {
                    let _ = writeln!(s, "<path d=\"{d}\" fill=\"{}\"/>", escape(colour));
                }
                None => {
                    let _ = writeln!(s, "<path d=\"{d}\"/>");
                }
            }
        }
        if s.len() > 1 << 15 {
            w.write_all(s.as_bytes())?;
            s.clear();
        }
    }
    s.push_str("</g>\n");
    // Province borders: thin lines over the countries, never filled.
    let mut any = false;
    for poly in &borders.provinces {
        let [bw, bs, be, bn] = poly.bbox;
        if be < vw || bw > ve || bn < vs || bs > vn {
            continue;
        }
        let d = polygon_path(poly, pr, clip);
        if d.is_empty() {
            continue;
        }
        if !any {
            s.push_str(
                "<g class=\"provinces\" fill=\"none\" stroke=\"#b7ad9c\" stroke-width=\"0.35\" stroke-linejoin=\"round\">\n",
            );
            any = true;
        }
        let _ = writeln!(s, "<path d=\"{d}\"/>");
        if s.len() > 1 << 15 {
            w.write_all(s.as_bytes())?;
            s.clear();
        }
    }
    if any {
        s.push_str("</g>\n");
    }
    w.write_all(s.as_bytes())
}

/// The SVG path of a border polygon, projected, clipped to `clip` and
/// thinned to half-pixel steps (empty when nothing is left).
fn polygon_path(poly: &BorderPolygon, pr: &Projection, clip: [f64; 4]) -> String {
    let mut d = String::new();
    for ring in &poly.rings {
        let projected: Vec<(f64, f64)> = ring.iter().map(|p| pr.xy(p[0], p[1])).collect();
        let clipped = clip_polygon(projected, clip);
        let thin = thin_ring(&clipped, 0.5);
        if thin.len() < 3 {
            continue;
        }
        for (i, (x, y)) in thin.iter().enumerate() {
            let sep = match i {
                0 => "M",
                1 => "L",
                _ => " ",
            };
            let _ = write!(d, "{sep}{},{}", num(*x), num(*y));
        }
        d.push('Z');
    }
    d
}

/// Sutherland–Hodgman clipping of a polygon ring against a rectangle
/// `[left, top, right, bottom]` (px). Good for filled areas: the edges it
/// adds lie on the rectangle, outside the visible map.
pub(super) fn clip_polygon(mut pts: Vec<(f64, f64)>, [l, t, r, b]: [f64; 4]) -> Vec<(f64, f64)> {
    // Each edge: inside test and intersection along x or y.
    for edge in 0..4 {
        if pts.is_empty() {
            break;
        }
        let inside = |p: (f64, f64)| match edge {
            0 => p.0 >= l,
            1 => p.0 <= r,
            2 => p.1 >= t,
            _ => p.1 <= b,
        };
        let cross = |p: (f64, f64), q: (f64, f64)| {
            let (k, v) = match edge {
                0 => (0, l),
                1 => (0, r),
                2 => (1, t),
                _ => (1, b),
            };
            if k == 0 {
                let f = (v - p.0) / (q.0 - p.0);
                (v, p.1 + f * (q.1 - p.1))
            } else {
                let f = (v - p.1) / (q.1 - p.1);
                (p.0 + f * (q.0 - p.0), v)
            }
        };
        let mut out = Vec::with_capacity(pts.len());
        let mut prev = *pts.last().expect("not empty");
        for &cur in &pts {
            match (inside(cur), inside(prev)) {
                (true, true) => out.push(cur),
                (true, false) => {
                    out.push(cross(prev, cur));
                    out.push(cur);
                }
                (false, true) => out.push(cross(prev, cur)),
                (false, false) => {}
            }
            prev = cur;
        }
        pts = out;
    }
    pts
}

/// Drops points closer than `min_px` to the last kept one (after rounding to
/// the output precision).
pub(super) fn thin_ring(pts: &[(f64, f64)], min_px: f64) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(pts.len());
    for &(x, y) in pts {
        let p = ((x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0);
        match out.last() {
            Some(&(lx, ly)) if (p.0 - lx).hypot(p.1 - ly) < min_px => {}
            _ => out.push(p),
        }
    }
    while out.len() > 1 {
        let (a, b) = (out[0], out[out.len() - 1]);
        if (a.0 - b.0).hypot(a.1 - b.1) < min_px {
            out.pop();
        } else {
            break;
        }
    }
    out
}

/// Draws the assignment lines: of the drawn demand points only, when a
/// large market's map draws the heaviest (lines are matched to points by
/// their position).
pub(super) fn write_lines(
    w: &mut dyn Write,
    map: &MapData,
    pr: &Projection,
    drawn: &DrawnDemand,
) -> std::io::Result<()> {
    let mut s = String::from(
        "<g fill=\"none\" stroke=\"#555\" stroke-opacity=\"0.45\" stroke-width=\"0.7\">\n",
    );
    let kept: Vec<crate::io::view::MapLine>;
    let lines = if drawn.is_limited() {
        let at: std::collections::HashSet<(u64, u64)> = drawn
            .order
            .iter()
            .map(|&i| (map.demand[i].lon.to_bits(), map.demand[i].lat.to_bits()))
            .collect();
        kept = map
            .lines
            .iter()
            .filter(|l| at.contains(&(l.from[0].to_bits(), l.from[1].to_bits())))
            .copied()
            .collect();
        &kept[..]
    } else {
        &map.lines[..]
    };
    for chunk in lines.chunks(400) {
        s.push_str("<path d=\"");
        for l in chunk {
            let (x1, y1) = pr.xy(l.from[0], l.from[1]);
            let (x2, y2) = pr.xy(l.to[0], l.to[1]);
            let _ = write!(s, "M{},{}L{},{}", num(x1), num(y1), num(x2), num(y2));
        }
        s.push_str("\"/>\n");
    }
    s.push_str("</g>\n");
    w.write_all(s.as_bytes())
}

pub(super) fn write_demand(
    w: &mut dyn Write,
    map: &MapData,
    pr: &Projection,
    drawn: &DrawnDemand,
) -> std::io::Result<()> {
    let mut s = String::with_capacity(1 << 16);
    let w_max = w_max(map);
    // Largest first, so small circles stay visible on top (ties: input order).
    s.push_str("<g fill-opacity=\"0.6\" stroke=\"#fff\" stroke-width=\"0.5\">\n");
    for &i in &drawn.order {
        let d = &map.demand[i];
        let (x, y) = pr.xy(d.lon, d.lat);
        let name = d.name.as_deref().unwrap_or(&d.id);
        let _ = writeln!(
            s,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\"><title>{}: {}</title></circle>",
            num(x),
            num(y),
            num(radius(d.weight, w_max)),
            demand_colour(d.served, d.covered),
            escape(name),
            escape(&compact(d.weight))
        );
        if s.len() > 1 << 15 {
            w.write_all(s.as_bytes())?;
            s.clear();
        }
    }
    s.push_str("</g>\n");
    w.write_all(s.as_bytes())
}

/// Labels new sites, skipping labels that would overlap markers or labels
/// placed before them; with `numbers`, labels them with their numbers
/// instead, every one (where no spot is free, at the last spot tried).
pub(super) fn write_labels(
    s: &mut String,
    map: &MapData,
    pr: &Projection,
    numbers: Option<&[(String, usize)]>,
) {
    const MAX_LABELS: usize = 60;
    const FONT: f64 = 11.0;
    let mut taken: Vec<[f64; 4]> = Vec::new();
    let new_sites: Vec<_> = map
        .sites
        .iter()
        .filter(|x| x.role == SiteRole::New)
        .collect();
    // Labels keep clear of every prominent marker.
    for site in map.sites.iter().filter(|x| {
        matches!(
            x.role,
            SiteRole::New | SiteRole::Existing | SiteRole::Competitor
        )
    }) {
        let (x, y) = pr.xy(site.lon, site.lat);
        let r = if site.role == SiteRole::New { 9.0 } else { 5.5 };
        taken.push([x - r, y - r, x + r, y + r]);
    }
    let mut placed = 0;
    let mut out = String::new();
    for site in &new_sites {
        if placed == MAX_LABELS && numbers.is_none() {
            break;
        }
        let number = numbers.and_then(|n| n.iter().find(|(id, _)| *id == site.id));
        let text: String = match number {
            Some((_, n)) => n.to_string(),
            None => site
                .name
                .as_deref()
                .unwrap_or(&site.id)
                .chars()
                .take(28)
                .collect(),
        };
        let tw = FONT * 0.58 * text.chars().count() as f64;
        let (x, y) = pr.xy(site.lon, site.lat);
        // Right, left, above, below the marker, then the four diagonals.
        let spots = [
            (x + 11.0, y + 4.0, "start"),
            (x - 11.0, y + 4.0, "end"),
            (x, y - 12.0, "middle"),
            (x, y + 20.0, "middle"),
            (x + 8.0, y - 8.0, "start"),
            (x + 8.0, y + 17.0, "start"),
            (x - 8.0, y - 8.0, "end"),
            (x - 8.0, y + 17.0, "end"),
        ];
        for (k, (tx, ty, anchor)) in spots.into_iter().enumerate() {
            let left = match anchor {
                "start" => tx,
                "end" => tx - tw,
                _ => tx - tw / 2.0,
            };
            let bx = [left, ty - FONT, left + tw, ty + 2.0];
            let inside = bx[0] >= pr.x0 + 2.0
                && bx[2] <= pr.x0 + pr.w - 2.0
                && bx[1] >= pr.y0 + 2.0
                && bx[3] <= pr.y0 + pr.h - 2.0;
            let free = taken
                .iter()
                .all(|t| bx[2] <= t[0] || bx[0] >= t[2] || bx[3] <= t[1] || bx[1] >= t[3]);
            let last = k == spots.len() - 1;
            if inside && free || (number.is_some() && last) {
                let _ = writeln!(
                    out,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>",
                    num(tx),
                    num(ty),
                    escape(&text)
                );
                taken.push(bx);
                placed += 1;
                break;
            }
        }
    }
    if !out.is_empty() {
        let _ = writeln!(
            s,
            "<g font-size=\"{}\" font-weight=\"bold\" fill=\"#8a2a0e\" stroke=\"#fff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">",
            num(FONT)
        );
        s.push_str(&out);
        s.push_str("</g>\n");
    }
}
