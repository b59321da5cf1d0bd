//! Draws a plan for Chinese cities: demand from a cities CSV (GeoNames
//! columns `id,name,admin1,lat,lon,population`), ten existing sites in the
//! largest cities, a greedy choice of new sites among the next 150 cities,
//! and a few competitors. Writes plan.geojson, plan.svg, report.html and
//! report.md into an output folder.
//!
//! ```text
//! cargo run --example plan_map -- data/cities_cn.csv out/ [borders.geojson] [title]
//! ```

use std::path::PathBuf;

use siteplan::io::{
    self, before_after, Borders, CurvePoint, GeoJsonOptions, PlanView, Report, SvgOptions,
};
use siteplan::{
    evaluate, Assignment, DemandPoint, Haversine, Km, ModelKind, Plan, PlanStatus, Problem, Reach,
    Site, SiteStatus, SolveStats, TravelCost,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cities = PathBuf::from(args.first().map_or("data/cities_cn.csv", String::as_str));
    let out = PathBuf::from(args.get(1).map_or("out", String::as_str));
    let borders_path = args
        .get(2)
        .map_or("data/borders/countries_50m.geojson", String::as_str);
    std::fs::create_dir_all(&out)?;

    let mut rdr = csv::Reader::from_path(&cities)?;
    let mut demand = Vec::new();
    for row in rdr.deserialize::<std::collections::HashMap<String, String>>() {
        let row = row?;
        let num = |k: &str| row[k].parse::<f64>();
        let mut d = DemandPoint::new(
            row["id"].clone(),
            num("lat")?,
            num("lon")?,
            num("population")?,
        );
        d.name = Some(row["name"].clone());
        d.region = row.get("admin1").cloned();
        d.country = row.get("country_code").cloned();
        demand.push(d);
    }
    demand.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    let site_from = |d: &DemandPoint, prefix: &str, status| {
        let mut s = Site::new(format!("{prefix}-{}", d.id), d.lat, d.lon).with_status(status);
        s.name = d.name.clone();
        s.city = d.name.clone();
        s.region = d.region.clone();
        s.country = d.country.clone();
        s
    };
    let mut sites: Vec<Site> = demand[..10]
        .iter()
        .map(|d| site_from(d, "ex", SiteStatus::Existing))
        .collect();
    sites.extend(
        demand[10..160]
            .iter()
            .map(|d| site_from(d, "cand", SiteStatus::Candidate)),
    );
    sites.extend(demand[..40].iter().step_by(7).map(|d| {
        let mut s = site_from(d, "rival", SiteStatus::Competitor);
        s.lat += 0.15;
        s.lon += 0.2;
        s
    }));
    let problem = Problem::builder().demands(demand).sites(sites).build()?;
    let cutoff = 150.0;
    let costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(600.0)))?;

    // Greedy: add the candidate that covers the most weight, twelve times.
    let n = problem.sites().len();
    let mut open: Vec<bool> = problem
        .sites()
        .iter()
        .map(|s| s.status == SiteStatus::Existing)
        .collect();
    let mut curve = Vec::new();
    let mut last_covered = 0.0;
    for k in 0..=12 {
        let e = evaluate(&problem, &costs, &open, Some(cutoff));
        curve.push(CurvePoint {
            new_sites: k,
            objective: e.covered_weight,
            coverage_pct: 100.0 * e.covered_weight / e.total_weight,
            mean_cost: e.mean_cost,
            marginal_gain: if k == 0 {
                0.0
            } else {
                e.covered_weight - last_covered
            },
        });
        last_covered = e.covered_weight;
        if k == 12 {
            break;
        }
        let base = e.covered_weight;
        let choices: Vec<usize> = (0..n)
            .filter(|&s| problem.sites()[s].status == SiteStatus::Candidate && !open[s])
            .collect();
        let best = choices
            .into_iter()
            .map(|s| {
                open[s] = true;
                let gain = evaluate(&problem, &costs, &open, Some(cutoff)).covered_weight - base;
                open[s] = false;
                (s, gain)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        if let Some((s, _)) = best {
            open[s] = true;
        }
    }
    let e = evaluate(&problem, &costs, &open, Some(cutoff));
    let open_idx: Vec<usize> = (0..n).filter(|&s| open[s]).collect();
    let plan = Plan {
        model: ModelKind::MaxCoverage,
        timeline: None,
        method: "greedy (example)".into(),
        status: PlanStatus::Feasible,
        new: open_idx
            .iter()
            .copied()
            .filter(|&s| problem.sites()[s].status == SiteStatus::Candidate)
            .collect(),
        open: open_idx,
        assignment: e
            .assignment
            .iter()
            .enumerate()
            .filter_map(|(d, a)| {
                a.map(|(site, cost)| Assignment {
                    demand: d,
                    site,
                    share: 1.0,
                    cost,
                })
            })
            .collect(),
        objective: e.covered_weight,
        bound: None,
        gap: None,
        stats: SolveStats::default(),
    };
    let view = PlanView::new(&problem, &plan)?
        .with_title(
            args.get(3)
                .map_or("12 new service centres, 150 km coverage", String::as_str),
        )
        .with_cutoff(Some(cutoff));
    io::write_plan_geojson(
        &out.join("plan.geojson"),
        &view,
        &GeoJsonOptions::default().with_lines(true),
    )?;
    let borders = std::path::Path::new(borders_path)
        .exists()
        .then(|| Borders::read(borders_path.as_ref()))
        .transpose()?;
    let options = SvgOptions::default()
        .with_lines(true)
        .with_borders(borders.as_ref());
    io::write_svg(&out.join("plan.svg"), &view.map_data(), &options)?;
    let (before, after) = before_after(&problem, &costs, &plan, Some(cutoff));
    let report = Report::new(&view, &before, &after)
        .with_curve(&curve)
        .with_borders(borders.as_ref());
    io::write_report_html(&out.join("report.html"), &report)?;
    io::write_report_md(&out.join("report.md"), &report)?;
    println!("wrote {}", out.display());
    Ok(())
}
