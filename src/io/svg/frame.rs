//! The frame of a map: sizes, colours, markers, the document head and the projection.

use super::text::*;
use crate::io::view::{MapData, MapExtent, SiteRole};
use crate::units::EARTH_RADIUS_KM;
use std::fmt::Write as _;

pub(super) const TOP: f64 = 64.0;
pub(super) const PAD: f64 = 16.0;
pub(super) const LEGEND_W: f64 = 214.0;
pub(super) const BOTTOM: f64 = 28.0;
pub(super) const R_MIN: f64 = 1.6;
pub(super) const R_MAX: f64 = 16.0;

pub(super) const C_COVERED: &str = "#2b7bba";
pub(super) const C_SERVED: &str = "#f0a30a";
pub(super) const C_UNSERVED: &str = "#d7301f";

/// Marker shapes, centred on (0, 0).
pub(super) const DEFS: &str = concat!(
    "<defs>",
    "<path id=\"m-existing\" d=\"M-4.5-4.5h9v9h-9z\" fill=\"#1b2a49\" stroke=\"#fff\" stroke-width=\"1\"/>",
    "<path id=\"m-new\" d=\"M0-10L2.4-3.3 9.5-3.1 3.8 1.2 5.9 8.1 0 4 -5.9 8.1 -3.8 1.2 -9.5-3.1 -2.4-3.3Z\" fill=\"#e4572e\" stroke=\"#fff\" stroke-width=\"1\" stroke-linejoin=\"round\"/>",
    "<path id=\"m-competitor\" d=\"M0-6L5.5 4h-11z\" fill=\"#7b3294\" stroke=\"#fff\" stroke-width=\"1\"/>",
    "<path id=\"m-candidate\" d=\"M0-2.6L2.6 0 0 2.6-2.6 0z\" fill=\"#9a9a9a\"/>",
    "<path id=\"m-excluded\" d=\"M-2.5-2.5l5 5m0-5l-5 5\" stroke=\"#8c8c8c\" stroke-width=\"1.2\"/>",
    "</defs>\n"
);

pub(super) fn marker_id(role: SiteRole) -> &'static str {
    match role {
        SiteRole::Existing => "m-existing",
        SiteRole::New => "m-new",
        SiteRole::Candidate => "m-candidate",
        SiteRole::Competitor => "m-competitor",
        SiteRole::Excluded => "m-excluded",
    }
}

/// Opens an SVG document: the root element of `size` (with the xlink
/// namespace when `defs`, the symbol definitions, are given), its title,
/// the clip path `clip` of the map area, a white background and the title
/// text at the top left.
pub(super) fn svg_head(
    s: &mut String,
    (w, h): (f64, f64),
    title: &str,
    clip: &str,
    pr: &Projection,
    defs: Option<&str>,
) {
    let xlink = if defs.is_some() {
        " xmlns:xlink=\"http://www.w3.org/1999/xlink\""
    } else {
        ""
    };
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\"{xlink} width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" font-family=\"Helvetica, Arial, sans-serif\">",
        num(w),
        num(h),
        num(w),
        num(h)
    );
    let _ = writeln!(s, "<title>{}</title>", escape(title));
    if let Some(defs) = defs {
        s.push_str(defs);
    }
    let _ = writeln!(
        s,
        "<clipPath id=\"{clip}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath>",
        num(pr.x0),
        num(pr.y0),
        num(pr.w),
        num(pr.h)
    );
    let _ = writeln!(s, "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"28\" font-size=\"20\" font-weight=\"bold\" fill=\"#222\">{}</text>",
        num(PAD),
        escape(title)
    );
}

/// Equirectangular projection with cos(φ₀) scaling, fitted to a box.
pub(super) struct Projection {
    pub(super) kx: f64,
    /// px per degree of latitude.
    pub(super) scale: f64,
    pub(super) cx: f64,
    pub(super) cy: f64,
    /// Map box: left, top, width, height in px.
    pub(super) x0: f64,
    pub(super) y0: f64,
    pub(super) w: f64,
    pub(super) h: f64,
}

impl Projection {
    /// Fitted to the map's view ([`MapExtent::of`] the demand and the
    /// open sites); also returns the view.
    pub(super) fn fit(map: &MapData, width: f64) -> (Projection, MapExtent) {
        let extent = view_of(map);
        let [w, s, e, n] = extent.bbox;
        (
            Projection::fit_points([(w, s), (e, n)].into_iter(), width),
            extent,
        )
    }

    pub(super) fn fit_points(pts: impl Iterator<Item = (f64, f64)>, width: f64) -> Projection {
        let (mut w, mut s, mut e, mut n) = (
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        );
        for (lon, lat) in pts.filter(|(a, b)| a.is_finite() && b.is_finite()) {
            w = w.min(lon);
            e = e.max(lon);
            s = s.min(lat);
            n = n.max(lat);
        }
        if !w.is_finite() {
            (w, s, e, n) = (-10.0, -10.0, 10.0, 10.0);
        }
        let phi0 = ((s + n) / 2.0).clamp(-80.0, 80.0);
        let kx = phi0.to_radians().cos();
        let dx = ((e - w) * kx).max(0.2);
        let dy = (n - s).max(0.2);
        let width = if width.is_finite() {
            width.clamp(200.0, 4000.0)
        } else {
            900.0
        };
        let height = (width * dy / dx).clamp(440.0, width * 1.25);
        let margin = 1.12;
        let scale = (width / (dx * margin)).min(height / (dy * margin));
        Projection {
            kx,
            scale,
            cx: (w + e) / 2.0 * kx,
            cy: (s + n) / 2.0,
            x0: PAD,
            y0: TOP,
            w: width,
            h: height,
        }
    }

    pub(super) fn xy(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            self.x0 + self.w / 2.0 + (lon * self.kx - self.cx) * self.scale,
            self.y0 + self.h / 2.0 - (lat - self.cy) * self.scale,
        )
    }

    /// The view in degrees, `[west, south, east, north]`, grown by `grow` px.
    pub(super) fn view_deg(&self, grow: f64) -> [f64; 4] {
        let hw = (self.w / 2.0 + grow) / (self.scale * self.kx);
        let hh = (self.h / 2.0 + grow) / self.scale;
        let lon_c = self.cx / self.kx;
        [lon_c - hw, self.cy - hh, lon_c + hw, self.cy + hh]
    }

    pub(super) fn px_per_km(&self) -> f64 {
        self.scale / (EARTH_RADIUS_KM * std::f64::consts::PI / 180.0)
    }
}

pub(super) fn radius(weight: f64, w_max: f64) -> f64 {
    if w_max <= 0.0 || !weight.is_finite() {
        return R_MIN;
    }
    (R_MAX * (weight.max(0.0) / w_max).sqrt()).clamp(R_MIN, R_MAX)
}

pub(super) fn demand_colour(served: bool, covered: bool) -> &'static str {
    match (served, covered) {
        (_, true) => C_COVERED,
        (true, false) => C_SERVED,
        (false, false) => C_UNSERVED,
    }
}

pub(super) fn w_max(map: &MapData) -> f64 {
    map.demand
        .iter()
        .map(|d| d.weight)
        .filter(|w| w.is_finite())
        .fold(0.0, f64::max)
}

/// The view of a map: its demand by weight and its open sites
/// ([`MapExtent::of`]); with no demand, every site.
pub(super) fn view_of(map: &MapData) -> MapExtent {
    let demand: Vec<(f64, f64, f64)> = map
        .demand
        .iter()
        .map(|d| (d.lon, d.lat, d.weight))
        .collect();
    let keep: Vec<(f64, f64)> = map
        .sites
        .iter()
        .filter(|s| demand.is_empty() || s.role.is_open())
        .map(|s| (s.lon, s.lat))
        .collect();
    MapExtent::of(&demand, &keep)
}
