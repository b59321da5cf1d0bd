//! The scale bar and the legend.

use super::borders::*;
use super::frame::*;
use super::options::*;
use super::text::*;
use crate::io::view::{MapData, SiteRole};
use std::fmt::Write as _;

/// A round length near `target`: 1, 2 or 5 × 10ⁿ.
pub(super) fn nice(target: f64) -> f64 {
    let p = 10f64.powf(target.log10().floor());
    let m = target / p;
    let f = if m >= 5.0 {
        5.0
    } else if m >= 2.0 {
        2.0
    } else {
        1.0
    };
    f * p
}

/// The grey frame around the map area and the scale bar below it.
pub(super) fn write_map_frame(s: &mut String, pr: &Projection) {
    let _ = writeln!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#999\" stroke-width=\"1\"/>",
        num(pr.x0),
        num(pr.y0),
        num(pr.w),
        num(pr.h)
    );
    write_scale_bar(s, pr);
}

pub(super) fn write_scale_bar(s: &mut String, pr: &Projection) {
    let ppk = pr.px_per_km();
    if !(ppk.is_finite() && ppk > 0.0) {
        return;
    }
    let km = nice(pr.w / 5.0 / ppk);
    let len = km * ppk;
    let (x, y) = (pr.x0 + 14.0, pr.y0 + pr.h - 16.0);
    let label = if km >= 1.0 {
        format!("{} km", num(km))
    } else {
        format!("{} m", num(km * 1000.0))
    };
    let _ = writeln!(
        s,
        "<g font-size=\"11\" fill=\"#333\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"30\" fill=\"#fff\" fill-opacity=\"0.75\" rx=\"3\"/><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"5\" fill=\"#333\"/><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"5\" fill=\"#fff\" stroke=\"#333\" stroke-width=\"0.8\"/><text x=\"{}\" y=\"{}\">0</text><text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text></g>",
        num(x - 6.0),
        num(y - 20.0),
        num(len + 40.0),
        num(x),
        num(y),
        num(len / 2.0),
        num(x + len / 2.0),
        num(y),
        num(len / 2.0),
        num(x - 3.0),
        num(y - 4.0),
        num(x + len),
        num(y - 4.0),
        escape(&label)
    );
}

pub(super) fn write_legend(
    s: &mut String,
    map: &MapData,
    pr: &Projection,
    options: &SvgOptions<'_>,
    fills: Option<&CountryFills>,
) {
    let x = pr.x0 + pr.w + 16.0;
    let mut y = pr.y0 + 4.0;
    let count = |r: SiteRole| map.sites.iter().filter(|x| x.role == r).count();
    let _ = writeln!(s, "<g font-size=\"12\" fill=\"#222\">");
    if let Some(f) = fills {
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"14\" font-weight=\"bold\">{}</text>",
            num(x),
            num(y + 10.0),
            escape(&f.title)
        );
        y += 30.0;
        for (i, (label, colour)) in f.classes.iter().enumerate() {
            let _ = writeln!(
                s,
                "<rect x=\"{}\" y=\"{}\" width=\"18\" height=\"12\" fill=\"{}\" stroke=\"#a9a398\" stroke-width=\"0.6\"/><text x=\"{}\" y=\"{}\">{} ({})</text>",
                num(x + 1.0),
                num(y - 6.0),
                escape(colour),
                num(x + 26.0),
                num(y + 4.0),
                escape(label),
                f.count(i)
            );
            y += 22.0;
        }
        y += 14.0;
    }
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"{}\" font-size=\"14\" font-weight=\"bold\">Sites</text>",
        num(x),
        num(y + 10.0)
    );
    y += 30.0;
    for role in SiteRole::ALL {
        let n = count(role);
        if n == 0 && !matches!(role, SiteRole::Existing | SiteRole::New) {
            continue;
        }
        let label = match role {
            SiteRole::Existing => "Existing site",
            SiteRole::New => "New site",
            SiteRole::Candidate => "Candidate, not opened",
            SiteRole::Competitor => "Competitor",
            SiteRole::Excluded => "Excluded",
        };
        let _ = writeln!(
            s,
            "<use xlink:href=\"#{}\" x=\"{}\" y=\"{}\"/><text x=\"{}\" y=\"{}\">{label} ({n})</text>",
            marker_id(role),
            num(x + 10.0),
            num(y),
            num(x + 26.0),
            num(y + 4.0)
        );
        y += 24.0;
    }
    y += 10.0;
    // A map drawn without its demand (the country map) has no demand key.
    if map.demand.is_empty() {
        s.push_str("</g>\n");
        return;
    }
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"{}\" font-size=\"14\" font-weight=\"bold\">Demand</text>",
        num(x),
        num(y)
    );
    y += 8.0;
    let w_max = w_max(map);
    if w_max > 0.0 {
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#555\">circle area ∝ weight</text>",
            num(x),
            num(y + 10.0)
        );
        y += 20.0;
        for f in [1.0, 0.25, 1.0 / 16.0] {
            let r = radius(w_max * f, w_max);
            let row = (2.0 * r + 6.0).max(18.0);
            let cy = y + row / 2.0;
            let _ = writeln!(
                s,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"#888\" fill-opacity=\"0.25\" stroke=\"#666\" stroke-width=\"0.8\"/><text x=\"{}\" y=\"{}\">{}</text>",
                num(x + R_MAX),
                num(cy),
                num(r),
                num(x + 2.0 * R_MAX + 10.0),
                num(cy + 4.0),
                escape(&compact(w_max * f))
            );
            y += row;
        }
        y += 6.0;
    }
    let n_by = |served: bool, covered: bool| {
        map.demand
            .iter()
            .filter(|d| d.covered == covered && (covered || d.served == served))
            .count()
    };
    let classes = [
        (C_COVERED, "Covered", n_by(true, true)),
        (C_SERVED, "Served beyond the cutoff", n_by(true, false)),
        (C_UNSERVED, "Not served", n_by(false, false)),
    ];
    for (colour, label, n) in classes {
        if n == 0 && colour != C_COVERED {
            continue;
        }
        let _ = writeln!(
            s,
            "<circle cx=\"{}\" cy=\"{}\" r=\"6\" fill=\"{colour}\" fill-opacity=\"0.6\"/><text x=\"{}\" y=\"{}\">{label} ({n})</text>",
            num(x + 10.0),
            num(y + 4.0),
            num(x + 26.0),
            num(y + 8.0)
        );
        y += 22.0;
    }
    if options.lines && !map.lines.is_empty() {
        y += 4.0;
        let _ = writeln!(
            s,
            "<path d=\"M{},{}h18\" stroke=\"#555\" stroke-opacity=\"0.6\" stroke-width=\"1\"/><text x=\"{}\" y=\"{}\">Assignment</text>",
            num(x + 1.0),
            num(y + 4.0),
            num(x + 26.0),
            num(y + 8.0)
        );
    }
    s.push_str("</g>\n");
}
