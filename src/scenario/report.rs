//! `report.html` of a sweep: the scenario table, a comparable measure
//! (coverage %, or profit for market entry) against each varied parameter,
//! and the robustness of the candidates on an interactive map with the
//! existing sites. One self-contained file (inline CSS, SVG and the
//! vendored Leaflet; nothing fetched), assembled from the results only, so
//! a merged sweep writes the same bytes as a single run.

use std::fmt::Write as _;
use std::path::Path;

use super::charts::{chart_svg, has_plan, key_words, Measure};
use super::results::{Manifest, Robustness, ScenarioResult};
use crate::error::Result;
use crate::io::svg::{escape, write_share_map_svg_with, Borders, ShareExtras, SharePoint};
use crate::io::webmap::{page_head, page_scripts, popup_html, WebLayer, WebMap, WebPoint};
use crate::io::write_atomic;
use crate::units::grouped;

const CSS: &str = "*{box-sizing:border-box}body{font-family:Helvetica,Arial,sans-serif;color:#222;max-width:1280px;margin:24px auto;padding:0 16px;line-height:1.4;overflow-wrap:anywhere}\
h1{font-size:26px;margin:0 0 6px}h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}\
.meta{color:#555;font-size:14px}.meta b{color:#222}\
.scroll{max-width:100%;overflow-x:auto;max-height:640px;overflow-y:auto}\
table{border-collapse:collapse;font-size:13px;margin:6px 0;overflow-wrap:normal}th,td{padding:3px 8px;border-bottom:1px solid #e4e4e4;text-align:left}\
th{background:#f4f4f2;position:sticky;top:0}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
tr.fail td{color:#b0301f}.charts{display:flex;flex-wrap:wrap;gap:12px}.charts>svg{flex:0 1 440px;min-width:0}\
.figure svg{max-width:100%;height:auto;border:1px solid #eee}\
footer{margin-top:32px;color:#888;font-size:12px}\
@media (max-width:600px){body{margin:12px auto;padding:0 10px}h1{font-size:21px}table{font-size:12px}th,td{white-space:nowrap}}";

/// The map's layer of candidates no scenario chooses (hidden at first).
const NEVER: &str = "Candidates never chosen";

/// Candidates labelled on the map at all times: the most robust.
const LABELLED: usize = 12;

/// Writes `dir/report.html`.
pub(crate) fn write_report(
    dir: &Path,
    manifest: &Manifest,
    results: &[ScenarioResult],
    robust: &[Robustness],
    keys: &[&str],
    timings: bool,
) -> Result<()> {
    // The manifest records the borders file of the machine that started the
    // sweep; where that path is missing (a merge elsewhere), the shipped
    // default under the current folder stands in when present.
    let borders = manifest
        .borders
        .as_deref()
        .map(|p| {
            if p.exists() {
                p
            } else {
                Path::new(crate::config::DEFAULT_BORDERS)
            }
        })
        .filter(|p| p.exists())
        .and_then(|p| Borders::read_with_provinces(p).ok());
    let html = report_string(manifest, results, robust, keys, timings, borders.as_ref());
    write_atomic(&dir.join("report.html"), |w| w.write_all(html.as_bytes()))
}

/// `x` as a percentage with one decimal.
fn pct(x: f64) -> String {
    let s = format!("{:.1}%", 100.0 * x);
    if s == "-0.0%" {
        "0.0%".into()
    } else {
        s
    }
}

/// Candidates by weighted share, then chosen, then id.
fn ranked(robust: &[Robustness]) -> Vec<&Robustness> {
    ranked_indices(robust)
        .into_iter()
        .map(|i| &robust[i])
        .collect()
}

/// [`ranked`] as indices into `robust`.
fn ranked_indices(robust: &[Robustness]) -> Vec<usize> {
    let mut top: Vec<usize> = (0..robust.len())
        .filter(|&i| robust[i].chosen > 0)
        .collect();
    top.sort_by(|&a, &b| {
        let (a, b) = (&robust[a], &robust[b]);
        b.weighted_share
            .total_cmp(&a.weighted_share)
            .then(b.chosen.cmp(&a.chosen))
            .then(a.site.id.cmp(&b.site.id))
    });
    top
}

/// The robustness map: existing sites, candidates chosen somewhere (colour
/// and size by weighted share, the most robust labelled), and those never
/// chosen (hidden when the map opens).
fn robustness_map(manifest: &Manifest, robust: &[Robustness], borders: Option<&Borders>) -> WebMap {
    let colour = |s: f64| {
        // Light yellow to dark red, as the static map.
        let stops = [
            (255.0, 237.0, 160.0),
            (253.0, 141.0, 60.0),
            (189.0, 0.0, 38.0),
        ];
        let t = s.clamp(0.0, 1.0) * 2.0;
        let i = (t.floor() as usize).min(1);
        let f = t - i as f64;
        let (a, b) = (stops[i], stops[i + 1]);
        let mix = |x: f64, y: f64| (x + (y - x) * f).round() as u8;
        format!(
            "#{:02x}{:02x}{:02x}",
            mix(a.0, b.0),
            mix(a.1, b.1),
            mix(a.2, b.2)
        )
    };
    let name = |id: &str, name: &str| {
        if name.is_empty() {
            id.to_string()
        } else {
            name.to_string()
        }
    };
    let top = ranked(robust);
    let mut chosen = WebLayer::new("Candidates chosen at least once", "#5a1a00", "#fd8d3c");
    chosen.opacity = 0.9;
    for (rank, r) in top.iter().enumerate() {
        let n = name(&r.site.id, &r.site.name);
        let popup = popup_html(
            &n,
            &[
                ("Id", r.site.id.clone()),
                ("Rank", format!("{} of {}", rank + 1, top.len())),
                ("Chosen in", format!("{} scenarios", r.chosen)),
                ("Share of scenarios", pct(r.share)),
                ("Weighted by wave size", pct(r.weighted_share)),
            ],
        );
        let mut p = WebPoint::new(r.site.lat, r.site.lon, 3.0 + 9.0 * r.weighted_share.sqrt())
            .with_tip(format!("{n}: chosen in {}", r.chosen))
            .with_popup(popup)
            .with_fill(&colour(r.weighted_share))
            .with_key(r.site.id.clone());
        if rank < LABELLED {
            p = p.with_label(format!("{}", rank + 1));
            p.tip = format!("{}. {n}", rank + 1);
        }
        chosen.points.push(p);
    }
    // Least robust drawn first, so the strongest sit on top.
    chosen.points.reverse();
    let mut never = WebLayer::new(NEVER, "#888", "#ccc").shown(false);
    for r in robust.iter().filter(|r| r.chosen == 0) {
        let n = name(&r.site.id, &r.site.name);
        never.points.push(
            WebPoint::new(r.site.lat, r.site.lon, 2.0)
                .with_tip(n.clone())
                .with_popup(popup_html(
                    &n,
                    &[
                        ("Id", r.site.id.clone()),
                        ("Chosen in", "no scenario".into()),
                    ],
                )),
        );
    }
    let mut existing = WebLayer::new("Existing sites", "#ffffff", "#1b2a49");
    for e in &manifest.existing {
        let n = name(&e.id, &e.name);
        existing.points.push(
            WebPoint::new(e.lat, e.lon, 4.0)
                .with_tip(n.clone())
                .with_popup(popup_html(
                    &n,
                    &[
                        ("Id", e.id.clone()),
                        ("Status", "existing: open in every scenario".into()),
                    ],
                )),
        );
    }
    let mut map = WebMap::default();
    let mut legend = Vec::new();
    if !existing.points.is_empty() {
        legend.push((
            "#1b2a49".to_string(),
            false,
            format!("Existing site ({})", existing.points.len()),
        ));
    }
    legend.push((
        colour(1.0),
        false,
        "Chosen in every scenario (weighted)".to_string(),
    ));
    legend.push((colour(0.5), false, "Chosen in about half".to_string()));
    legend.push((colour(0.0), false, "Chosen rarely".to_string()));
    if !never.points.is_empty() {
        legend.push((
            "#ccc".to_string(),
            false,
            format!("Never chosen ({}; off at first)", never.points.len()),
        ));
    }
    map.legend = legend;
    for l in [never, existing, chosen] {
        if !l.points.is_empty() {
            map.layers.push(l);
        }
    }
    map.fit_to_layers(&[NEVER], 0.01);
    if let Some(b) = borders {
        map.add_borders(b);
    }
    map
}

fn report_string(
    manifest: &Manifest,
    results: &[ScenarioResult],
    robust: &[Robustness],
    keys: &[&str],
    timings: bool,
    borders: Option<&Borders>,
) -> String {
    let title = if manifest.title.is_empty() {
        "siteplan sweep".to_string()
    } else {
        manifest.title.clone()
    };
    let t = escape(&title);
    let mut s = String::with_capacity(1 << 16);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{t}</title>\n<style>{CSS}</style>\n{}</head>\n<body>\n<h1>{t}</h1>\n",
        page_head()
    );
    let with_plan = results.iter().filter(|r| has_plan(r)).count();
    let words: Vec<String> = keys.iter().map(|k| key_words(k)).collect();
    let _ = writeln!(
        s,
        "<p class=\"meta\">Scenarios <b>{}</b> · with a plan <b>{}</b> · without <b>{}</b> · varied: <b>{}</b></p>",
        results.len(),
        with_plan,
        results.len() - with_plan,
        escape(&words.join(", "))
    );
    let demand = if manifest.demand_label.is_empty() {
        "demand"
    } else {
        &manifest.demand_label
    };
    let measure = Measure::of(results);
    let measure_name = measure.name(&manifest.currency, demand);

    // Charts.
    let charts: Vec<String> = keys
        .iter()
        .filter_map(|k| chart_svg(k, keys, results, measure, &measure_name))
        .collect();
    if !charts.is_empty() {
        let _ = writeln!(
            s,
            "<h2>{} against each varied parameter</h2>\n<p>{} One line per combination of the other parameters (see each chart's legend); scenarios without a plan are left out.</p>\n<div class=\"charts figure\">",
            escape(&measure_name),
            match measure {
                Measure::Coverage => "Coverage is comparable across scenarios whatever their weighting or radius: the share of all demand within the scenario's cutoff of an open site.",
                Measure::Profit => "Profit over the horizon after entry and center costs, in millions.",
            }
        );
        for c in charts {
            s.push_str(&c);
        }
        s.push_str("</div>\n");
    }

    // Robustness.
    s.push_str("<h2>Robustness of the candidate sites</h2>\n<p>How often each candidate is chosen across the scenarios with a plan. A scenario that opens many sites picks far more of them than one that opens few, so the <b>weighted share</b> counts each scenario's picks by 1 / (its number of new sites): a site chosen in every scenario scores 100%, one chosen only in the largest waves scores little. Click a row to find the site on the map; the most robust are numbered.</p>\n");
    s.push_str(&robustness_map(manifest, robust, borders).html("robustness-map"));
    s.push_str("<div class=\"figure print-only\">\n");
    let points: Vec<SharePoint> = robust
        .iter()
        .map(|r| SharePoint {
            id: r.site.id.clone(),
            name: r.site.name.clone(),
            lon: r.site.lon,
            lat: r.site.lat,
            share: r.share,
            chosen: r.chosen,
        })
        .collect();
    let existing: Vec<SharePoint> = manifest
        .existing
        .iter()
        .map(|e| SharePoint {
            id: e.id.clone(),
            name: e.name.clone(),
            lon: e.lon,
            lat: e.lat,
            share: 1.0,
            chosen: results.len(),
        })
        .collect();
    let ranking = ranked_indices(robust);
    let extras = ShareExtras {
        existing: &existing,
        ranking: &ranking,
    };
    let mut buf = Vec::new();
    write_share_map_svg_with(
        &mut buf,
        "Candidates by share of scenarios choosing them",
        &points,
        &extras,
        borders,
    )
    .expect("writing to memory cannot fail");
    s.push_str(&String::from_utf8_lossy(&buf));
    s.push_str("</div>\n");
    let top = ranked(robust);
    let shown = top.len().min(40);
    let _ = writeln!(
        s,
        "<p>{} of {} candidates are chosen at least once{}.</p>",
        grouped(top.len() as f64),
        grouped(robust.len() as f64),
        if top.len() > shown {
            format!("; the {shown} most robust")
        } else {
            String::new()
        }
    );
    if shown > 0 {
        let _ = writeln!(
            s,
            "<div class=\"scroll\"><table>\n<tr><th class=\"n\">Rank</th><th>Name</th><th>Id</th><th class=\"n\">Chosen in (of {with_plan} scenarios)</th><th class=\"n\">Share</th><th class=\"n\">Weighted share</th></tr>"
        );
        for (i, r) in top[..shown].iter().enumerate() {
            let _ = writeln!(
                s,
                "<tr data-site=\"{}\"><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(&r.site.id),
                i + 1,
                escape(if r.site.name.is_empty() { &r.site.id } else { &r.site.name }),
                escape(&r.site.id),
                r.chosen,
                pct(r.share),
                pct(r.weighted_share)
            );
        }
        s.push_str("</table></div>\n");
    }

    scenario_table(
        &mut s,
        results,
        keys,
        timings,
        measure,
        &measure_name,
        &manifest.currency,
    );
    let _ = writeln!(
        s,
        "<footer>Written by siteplan {} from the sweep's results; summary.csv, robustness.csv and robustness.geojson hold the same figures. Map: Leaflet (BSD-2-Clause), inlined; no network.</footer>\n{}</body>\n</html>",
        env!("CARGO_PKG_VERSION"),
        page_scripts()
    );
    s
}

/// The scenario table (the rows of summary.csv), parameters in words.
fn scenario_table(
    s: &mut String,
    results: &[ScenarioResult],
    keys: &[&str],
    timings: bool,
    measure: Measure,
    measure_name: &str,
    currency: &str,
) {
    s.push_str("<h2>Scenarios</h2>\n<p class=\"meta\">Objective, bound and gap are the solver's: the bound is a proven limit on the objective, the gap how far the plan may be from the best possible.</p>\n<div class=\"scroll\"><table>\n<tr><th class=\"n\">#</th>");
    for k in keys {
        let _ = write!(s, "<th>{}</th>", escape(&key_words(k)));
    }
    let profit = measure == Measure::Profit;
    let money = |x: f64| {
        if currency.is_empty() {
            grouped(x)
        } else {
            format!("{} {currency}", grouped(x))
        }
    };
    let mut cols = vec!["Status".to_string(), measure_name.to_string()];
    if !profit {
        cols.push("Objective".into());
    }
    cols.extend(["Bound".into(), "Gap".into(), "New sites".into()]);
    if timings {
        cols.push("Seconds".into());
    }
    for c in &cols {
        let class = if c == "Status" { "" } else { " class=\"n\"" };
        let _ = write!(s, "<th{class}>{}</th>", escape(c));
    }
    let reasons = results.iter().any(|r| r.outcome.reason.is_some());
    if reasons {
        s.push_str("<th>Why not</th>");
    }
    s.push_str("</tr>\n");
    for r in results {
        let o = &r.outcome;
        let class = if has_plan(r) { "" } else { " class=\"fail\"" };
        let _ = write!(s, "<tr{class}><td class=\"n\">{}</td>", r.index);
        for k in keys {
            let v = r
                .params
                .iter()
                .find(|(pk, _)| pk == k)
                .map(|p| p.1.as_str());
            let _ = write!(s, "<td>{}</td>", escape(v.unwrap_or("")));
        }
        let fmt = |x: f64| if profit { money(x) } else { grouped(x) };
        let mut cells = vec![measure
            .value(r)
            .map(|v| {
                if profit {
                    format!("{v:.1}")
                } else {
                    format!("{v:.1}%")
                }
            })
            .unwrap_or_default()];
        if !profit {
            cells.push(o.objective.map(fmt).unwrap_or_default());
        }
        cells.push(o.bound.map(fmt).unwrap_or_default());
        cells.push(
            o.gap
                .map(|g| format!("{:.2}%", 100.0 * g))
                .unwrap_or_default(),
        );
        cells.push(o.new_sites.len().to_string());
        if timings {
            cells.push(o.seconds.map(|x| format!("{x:.2}")).unwrap_or_default());
        }
        let _ = write!(s, "<td>{}</td>", escape(&o.status));
        for c in cells {
            let _ = write!(s, "<td class=\"n\">{}</td>", escape(&c));
        }
        if reasons {
            let _ = write!(s, "<td>{}</td>", escape(o.reason.as_deref().unwrap_or("")));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</table></div>\n");
}
