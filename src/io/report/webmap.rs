//! The interactive map of a plan's `report.html` (see [`crate::io::webmap`]).

use super::content::Report;
use super::numbers::*;
use crate::io::view::{DrawnDemand, SiteRole};
use crate::io::webmap::{popup_html, WebLayer, WebMap, WebPoint};

/// The layer of candidates left closed (left out of the first view).
const CANDIDATES: &str = "Candidates left closed";
/// The layer of competitors (left out of the first view).
const COMPETITORS: &str = "Competitors";

/// Colours of demand points: covered, served beyond the cutoff, not served.
pub(super) const DEMAND_FILLS: [&str; 3] = ["#2b7bba", "#f0a030", "#d62728"];

impl Report<'_> {
    /// A country's name from the borders file, else its code.
    pub(super) fn country_name(&self, code: &str) -> String {
        self.borders
            .and_then(|b| b.country_name(code))
            .unwrap_or(code)
            .to_string()
    }

    /// An amount of demand with its unit: `1,234,567 people`.
    pub(super) fn demand_amount(&self, x: f64) -> String {
        if self.demand_label.is_empty() {
            weight(x)
        } else {
            format!("{} {}", weight(x), self.demand_label)
        }
    }

    /// What the demand weights count (`people`, `cars per year`), or
    /// `demand weight` when the scenario does not say.
    pub(super) fn demand_label(&self) -> &str {
        if self.demand_label.is_empty() {
            "demand weight"
        } else {
            self.demand_label
        }
    }

    /// A cost or distance with its unit: `12.3 km`.
    pub(super) fn cost_amount(&self, x: f64) -> String {
        let unit = &self.view.cost_unit;
        if unit.is_empty() {
            fixed(x, 1)
        } else {
            format!("{} {unit}", fixed(x, 1))
        }
    }

    /// The plan's interactive map: demand, candidates, competitors,
    /// existing sites and the new sites numbered as in the new-sites table
    /// (`numbers`: site index → number), with popups and borders.
    pub(super) fn web_map(&self, numbers: &[(usize, usize)]) -> WebMap {
        let view = self.view;
        let p = view.problem;
        let total = p.total_weight();
        // Per site: served demand's Σ weight × distance, Σ weight, max distance.
        let mut stats = vec![(0.0f64, 0.0f64, 0.0f64); p.sites().len()];
        for (d, dv) in view.demand.iter().enumerate() {
            if let (Some(s), Some(c)) = (dv.site, dv.cost) {
                let w = p.demand()[d].weight;
                let st = &mut stats[s];
                st.0 += w * c;
                st.1 += w;
                st.2 = st.2.max(c);
            }
        }
        let place = |city: Option<&str>, region: Option<&str>, country: Option<&str>| {
            let mut parts: Vec<String> = Vec::new();
            for t in [city, region].into_iter().flatten() {
                if !t.is_empty() && !parts.iter().any(|x| x == t) {
                    parts.push(t.to_string());
                }
            }
            if let Some(c) = country.filter(|c| !c.is_empty()) {
                parts.push(self.country_name(c));
            }
            parts.join(", ")
        };
        let site_point = |s: usize, number: Option<usize>| -> WebPoint {
            let site = &p.sites()[s];
            let v = &view.sites[s];
            let name = site.name.clone().unwrap_or_else(|| site.id.clone());
            let status = match (v.role, number) {
                (SiteRole::New, Some(n)) => format!("new, no. {n} in the table"),
                (role, _) => role.as_str().to_string(),
            };
            let mut rows = vec![("Status", status), ("Id", site.id.clone())];
            let at = place(
                site.city.as_deref(),
                site.region.as_deref(),
                site.country.as_deref(),
            );
            if !at.is_empty() {
                rows.push(("Where", at));
            }
            if v.role.is_open() {
                let (wc, w, max) = stats[s];
                rows.push(("Serves", self.demand_amount(v.served_weight)));
                if total > 0.0 {
                    rows.push((
                        "Share of all demand",
                        format!("{}%", fixed(100.0 * v.served_weight / total, 2)),
                    ));
                }
                if w > 0.0 {
                    rows.push(("Mean distance", self.cost_amount(wc / w)));
                    rows.push(("Max distance", self.cost_amount(max)));
                }
            }
            let mut pt = WebPoint::new(site.lat, site.lon, 4.0)
                .with_tip(name.clone())
                .with_popup(popup_html(&name, &rows));
            if let Some(n) = number {
                pt = pt.with_label(n.to_string()).with_key(site.id.clone());
            }
            pt
        };

        let mut map = WebMap {
            lines_on: self.lines,
            ..Default::default()
        };
        // Demand: circle area proportional to weight.
        let max_w = p.demand().iter().map(|d| d.weight).fold(0.0, f64::max);
        let mut demand = WebLayer::new(
            format!("Demand ({})", self.demand_label()),
            "#ffffff",
            DEMAND_FILLS[0],
        );
        demand.opacity = 0.7;
        let weights: Vec<f64> = p.demand().iter().map(|d| d.weight).collect();
        let drawn_demand = DrawnDemand::of(&weights);
        let class_of = |dv: &crate::io::DemandView| {
            if dv.covered {
                0
            } else if dv.site.is_some() {
                1
            } else {
                2
            }
        };
        let mut counts = [0usize; 3];
        for dv in &view.demand {
            counts[class_of(dv)] += 1;
        }
        // Large maps draw the heaviest points only (and say so in the
        // layer's name); every point stays in assignment.csv.
        let drawn = drawn_demand.mask();
        for &d in &drawn_demand.order {
            let point = &p.demand()[d];
            let dv = &view.demand[d];
            let class = class_of(dv);
            let r = if max_w > 0.0 {
                2.0 + 14.0 * (point.weight / max_w).sqrt()
            } else {
                3.0
            };
            let name = point.name.clone().unwrap_or_else(|| point.id.clone());
            let mut rows = vec![("Demand", self.demand_amount(point.weight))];
            let at = place(None, point.region.as_deref(), point.country.as_deref());
            if !at.is_empty() {
                rows.push(("Where", at));
            }
            match (dv.site, dv.cost) {
                (Some(s), Some(c)) => {
                    let site = &p.sites()[s];
                    rows.push((
                        "Nearest open site",
                        site.name.clone().unwrap_or_else(|| site.id.clone()),
                    ));
                    rows.push(("Distance", self.cost_amount(c)));
                }
                _ => rows.push(("Nearest open site", "none within reach".into())),
            }
            if view.cutoff.is_some() {
                rows.push(("Covered", if dv.covered { "yes" } else { "no" }.into()));
            }
            demand.points.push(
                WebPoint::new(point.lat, point.lon, r)
                    .with_tip(format!("{name}: {}", self.demand_amount(point.weight)))
                    .with_popup(popup_html(&name, &rows))
                    .with_fill(DEMAND_FILLS[class]),
            );
        }
        if drawn_demand.is_limited() {
            let share = if total > 0.0 {
                100.0 * drawn_demand.drawn_weight / total
            } else {
                0.0
            };
            demand.name = format!(
                "{}: the {} largest of {} points ({}% of demand; all in assignment.csv)",
                demand.name,
                group(&drawn_demand.order.len().to_string()),
                group(&p.demand().len().to_string()),
                fixed(share, 1)
            );
        }
        let role_layer = |role: SiteRole, name: &str, stroke: &str, fill: &str, r: f64| {
            let mut l = WebLayer::new(name, stroke, fill);
            for (s, v) in view.sites.iter().enumerate() {
                if v.role == role {
                    let mut pt = site_point(s, None);
                    pt.radius = r;
                    l.points.push(pt);
                }
            }
            l
        };
        let candidates = role_layer(SiteRole::Candidate, CANDIDATES, "#777", "#bbb", 2.5);
        let candidates_on = candidates.points.len() <= 400;
        let candidates = candidates.shown(candidates_on);
        let competitors = role_layer(SiteRole::Competitor, COMPETITORS, "#3d1f5c", "#8e5cc4", 4.0);
        let existing = role_layer(
            SiteRole::Existing,
            "Existing sites",
            "#ffffff",
            "#1b2a49",
            5.0,
        );
        let mut new =
            WebLayer::new("New sites (numbered as in the table)", "#7a2e0e", "#f28e2b").numbered();
        for &(s, n) in numbers {
            new.points.push(site_point(s, Some(n)));
        }
        let mut legend = Vec::new();
        if !new.points.is_empty() {
            legend.push((
                "#f28e2b".to_string(),
                true,
                format!("New site ({})", new.points.len()),
            ));
        }
        for (l, colour) in [
            (&existing, "#1b2a49"),
            (&competitors, "#8e5cc4"),
            (&candidates, "#bbb"),
        ] {
            if !l.points.is_empty() {
                legend.push((
                    colour.to_string(),
                    false,
                    format!("{} ({})", l.name, l.points.len()),
                ));
            }
        }
        let demand_names = if view.cutoff.is_some() {
            [
                "Demand covered",
                "Demand served beyond the cutoff",
                "Demand not served",
            ]
        } else {
            ["Demand served", "Demand served", "Demand not served"]
        };
        for (i, c) in counts.iter().enumerate() {
            if *c > 0 {
                legend.push((
                    DEMAND_FILLS[i].to_string(),
                    false,
                    format!("{} ({c})", demand_names[i]),
                ));
            }
        }
        map.legend = legend;
        for l in [demand, candidates, competitors, existing, new] {
            if !l.points.is_empty() {
                map.layers.push(l);
            }
        }
        // Open the view on the demand and the open sites, without far-off
        // groups of demand points that hold a tiny share of it.
        let demand: Vec<(f64, f64, f64)> = p
            .demand()
            .iter()
            .map(|d| (d.lon, d.lat, d.weight))
            .collect();
        let open: Vec<(f64, f64)> = view
            .sites
            .iter()
            .zip(p.sites())
            .filter(|(v, _)| v.role.is_open())
            .map(|(_, s)| (s.lon, s.lat))
            .collect();
        map.fit = crate::io::MapExtent::of(&demand, &open).bbox;
        if self.lines {
            for l in view.assignment_lines().filter(|l| drawn[l.demand]) {
                let (d, s) = (&p.demand()[l.demand], &p.sites()[l.site]);
                map.lines.push([d.lat, d.lon, s.lat, s.lon]);
            }
        } else if !drawn_demand.is_limited() {
            // Without --lines the lines are there but hidden: one per point
            // (left out of large maps, to keep the page light).
            for (d, dv) in view.demand.iter().enumerate() {
                if let Some(s) = dv.site {
                    let (d, s) = (&p.demand()[d], &p.sites()[s]);
                    map.lines.push([d.lat, d.lon, s.lat, s.lon]);
                }
            }
        }
        if let Some(b) = self.borders {
            map.add_borders(b);
        }
        map
    }
}
