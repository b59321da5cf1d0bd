//! Market-entry model: properties on small generated instances (checked
//! against brute force and an independent re-computation), and one run on
//! the shipped European data with the heuristic.

mod common;

use common::entry::*;
use std::path::{Path, PathBuf};

use siteplan::market::CountryFacts;
use siteplan::models::market_entry::{
    city_sites, Decay, MarketEntryInstance, MarketEntryParams, MarketEntryPlan, Route,
    ENTRY_PLAN_HEADER,
};
use siteplan::solve::{market_entry, Method, SolveParams};
use siteplan::spatial::haversine_km;
use siteplan::{Problem, Site, SiteStatus, TravelCost};

fn solve(inst: &MarketEntryInstance, method: Method) -> MarketEntryPlan {
    market_entry::solve(
        inst,
        &SolveParams::default()
            .with_method(method)
            .with_time_limit(30.0),
    )
    .unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

/// Profit of a plan recomputed from the raw inputs and the plan's opening
/// years only: its own demand formula, haversine, decay, Huff share, costs.
fn recompute(f: &Fixture, p: &MarketEntryParams, plan: &MarketEntryPlan) -> f64 {
    let years = p.years();
    let demand = f.problem.demand();
    let sites = f.problem.sites();
    let total_w = |c: &str| -> f64 {
        demand
            .iter()
            .filter(|d| d.country.as_deref() == Some(c))
            .map(|d| d.weight)
            .sum()
    };
    let duty = |c: &CountryFacts| {
        p.duty_pct
            .get(&c.iso2)
            .copied()
            .unwrap_or(p.eu_duty_pct.unwrap())
    };
    let mean_pc = {
        let g: f64 = f.market.countries.iter().map(|c| c.gdp_usd.unwrap()).sum();
        let n: f64 = f
            .market
            .countries
            .iter()
            .map(|c| c.population.unwrap())
            .sum();
        g / n
    };
    let kappa = |c: &CountryFacts| {
        if p.cost_index {
            c.gdp_usd.unwrap() / c.population.unwrap() / mean_pc
        } else {
            1.0
        }
    };
    let decay = |d: f64| p.decay.value(d, p.cutoff_km);
    let country_of = |code: &str| f.market.country(code).unwrap();
    let mut profit = 0.0;
    for (t, &year) in years.iter().enumerate() {
        let df = (1.0 + p.discount_rate_pct / 100.0).powi(-(t as i32));
        let open: Vec<&siteplan::models::market_entry::CenterPlan> = plan
            .centers
            .iter()
            .filter(|c| c.year_opened <= year)
            .collect();
        for d in demand {
            let code = d.country.as_deref().unwrap();
            let c = country_of(code);
            let v = p.contribution_per_car(duty(c));
            if v <= 0.0 {
                continue;
            }
            let cars = c.bev_sales.unwrap()
                * (1.0 + p.growth_pct / 100.0).powi(year - p.base_year)
                * d.weight
                / total_w(code)
                * p.market_share_pct
                / 100.0;
            let pressure: f64 = if p.competitors {
                sites
                    .iter()
                    .filter(|s| s.status == SiteStatus::Competitor)
                    .map(|s| s.attractiveness * decay(haversine_km(d.lat, d.lon, s.lat, s.lon).0))
                    .sum()
            } else {
                0.0
            };
            let best = open
                .iter()
                .filter(|o| p.cross_border || o.country == code)
                .map(|o| {
                    let s = &sites[o.site];
                    let a = decay(haversine_km(d.lat, d.lon, s.lat, s.lon).0);
                    a * s.attractiveness / (s.attractiveness + pressure)
                })
                .fold(0.0, f64::max);
            profit += df * v * cars * best;
        }
        for o in &plan.centers {
            let c = country_of(&o.country);
            if o.year_opened <= year {
                profit -= df * p.fixed_cost * kappa(c);
            }
            if o.year_opened == year && !o.existing {
                profit -= df * p.opening_cost * kappa(c);
            }
        }
    }
    for cp in plan.countries.iter().filter(|c| c.entered) {
        let present = plan
            .centers
            .iter()
            .any(|c| c.existing && c.country == cp.country);
        if present {
            continue;
        }
        let t = years
            .iter()
            .position(|&y| Some(y) == cp.entry_year)
            .unwrap();
        profit -= (1.0 + p.discount_rate_pct / 100.0).powi(-(t as i32)) * p.entry_cost;
    }
    profit
}

/// Every schedule of the candidates (each opens in some year or never),
/// feasible for the limits, scored independently; the best profit.
fn brute_force(f: &Fixture, p: &MarketEntryParams, inst: &MarketEntryInstance) -> f64 {
    let nt = p.years().len();
    let nk = inst.n_candidates();
    let mut best = f64::NEG_INFINITY;
    let mut code = vec![0usize; nk];
    loop {
        let schedule: Vec<Option<usize>> = code.iter().map(|&c| (c < nt).then_some(c)).collect();
        if inst.check(&schedule).is_ok() {
            let plan = inst.plan(
                &schedule,
                siteplan::PlanStatus::Feasible,
                "enumeration",
                None,
                Default::default(),
            );
            best = best.max(recompute(f, p, &plan));
        }
        let mut i = 0;
        while i < nk && code[i] == nt {
            code[i] = 0;
            i += 1;
        }
        if i == nk {
            return best;
        }
        code[i] += 1;
    }
}

#[test]
fn exact_matches_brute_force_and_heuristic_is_bounded() {
    for seed in 1..=4u64 {
        let f = fixture(seed, 2, 3, 0);
        let mut p = small_params();
        if seed % 2 == 0 {
            p.max_openings_per_year = Some(1);
            p.budget = Some(4.5e6);
        }
        let inst = instance(&f, &p);
        let opt = brute_force(&f, &p, &inst);
        let exact = solve(&inst, Method::Exact);
        let mip = market_entry::solve_exact(&inst, &SolveParams::default()).unwrap();
        let heur = solve(&inst, Method::Heuristic);
        assert_eq!(mip.status, siteplan::PlanStatus::Optimal);
        assert!(
            close(mip.objective, opt),
            "seed {seed}: MIP alone {} vs brute force {opt}",
            mip.objective
        );
        assert!(close(recompute(&f, &p, &mip), opt));
        assert!(
            close(exact.objective, opt),
            "seed {seed}: exact {} vs brute force {opt}",
            exact.objective
        );
        assert!(
            heur.objective <= opt + 1e-6 * opt.abs().max(1.0),
            "seed {seed}"
        );
        let b = heur.bound.unwrap();
        assert!(
            b >= opt - 1e-6 * opt.abs().max(1.0),
            "seed {seed}: bound {b} below optimum {opt}"
        );
    }
}

#[test]
fn raising_the_duty_never_raises_profit_nor_entries() {
    for seed in 11..=13u64 {
        let f = fixture(seed, 3, 3, 0);
        let mut last: Option<(f64, usize)> = None;
        for duty in [0.0, 4.0, 8.0, 12.0, 16.0, 20.0] {
            let p = MarketEntryParams {
                eu_duty_pct: Some(duty),
                ..small_params()
            };
            let plan =
                market_entry::solve_exact(&instance(&f, &p), &SolveParams::default()).unwrap();
            assert_eq!(plan.status, siteplan::PlanStatus::Optimal);
            let checked = solve(&instance(&f, &p), Method::Exact);
            assert!(
                close(plan.objective, checked.objective),
                "seed {seed} duty {duty}"
            );
            let now = (plan.objective, plan.totals.countries_entered);
            if let Some((profit, entered)) = last {
                assert!(
                    now.0 <= profit + 1e-6 * profit.abs().max(1.0),
                    "seed {seed} duty {duty}: profit rose"
                );
                assert!(
                    now.1 <= entered,
                    "seed {seed} duty {duty}: more countries entered"
                );
            }
            last = Some(now);
        }
    }
}

#[test]
fn prohibitive_duty_enters_nothing_and_says_why() {
    let f = fixture(21, 2, 4, 0);
    let p = MarketEntryParams {
        eu_duty_pct: Some(48.0),
        ..small_params()
    };
    for method in [Method::Exact, Method::Heuristic] {
        let plan = solve(&instance(&f, &p), method);
        assert_eq!(plan.totals.countries_entered, 0);
        assert!(plan.centers.is_empty());
        assert_eq!(plan.objective, 0.0);
        let reason = plan.reason.as_deref().expect("a reason");
        assert!(reason.contains("no car is profitable"), "{reason}");
        assert!(reason.contains("break even"), "{reason}");
        assert!(plan
            .countries
            .iter()
            .all(|c| c.note.as_deref().unwrap().contains("loses")));
    }
}

#[test]
fn free_entry_serves_every_reachable_profitable_city() {
    for seed in 31..=33u64 {
        let f = fixture(seed, 2, 5, 0);
        let p = MarketEntryParams {
            entry_cost: 0.0,
            fixed_cost: 0.0,
            opening_cost: 0.0,
            ..small_params()
        };
        let inst = instance(&f, &p);
        for method in [Method::Exact, Method::Heuristic] {
            let plan = solve(&inst, method);
            for year in p.years() {
                for d in f.problem.demand() {
                    let reachable = f.problem.sites().iter().any(|s| {
                        s.status == SiteStatus::Candidate
                            && s.country == d.country
                            && haversine_km(d.lat, d.lon, s.lat, s.lon).0 <= p.cutoff_km
                    });
                    let served = plan.centers.iter().any(|c| {
                        c.year_opened <= year
                            && c.country == d.country.clone().unwrap()
                            && haversine_km(d.lat, d.lon, c.lat, c.lon).0 <= p.cutoff_km
                    });
                    assert_eq!(
                        reachable, served,
                        "seed {seed} {method:?} {year} city {}",
                        d.id
                    );
                }
            }
        }
    }
}

#[test]
fn budget_and_yearly_limits_hold() {
    for seed in 41..=46u64 {
        let f = fixture(seed, 3, 4, 0);
        let kmax = 1 + (seed % 2) as usize;
        let budget = 3e6 + 2e6 * (seed % 3) as f64;
        let p = MarketEntryParams {
            max_openings_per_year: Some(kmax),
            budget: Some(budget),
            last_year: 2029,
            ..small_params()
        };
        let inst = instance(&f, &p);
        let methods: &[Method] = if seed <= 42 {
            &[Method::Exact, Method::Heuristic]
        } else {
            &[Method::Heuristic]
        };
        let optimum = market_entry::solve_exact(&inst, &SolveParams::default())
            .unwrap()
            .objective;
        for &m in methods {
            let plan = solve(&inst, m);
            assert!(plan.objective <= optimum + 1e-6 * optimum.abs().max(1.0));
            assert!(
                plan.bound.unwrap() >= optimum - 1e-6 * optimum.abs().max(1.0),
                "seed {seed} {m:?}: bound {:?} below the optimum {optimum}",
                plan.bound
            );
            for year in p.years() {
                let n = plan
                    .centers
                    .iter()
                    .filter(|c| c.year_opened == year && !c.existing)
                    .count();
                assert!(n <= kmax, "seed {seed} {m:?}: {n} openings in {year}");
            }
            assert!(
                plan.totals.spend <= budget * (1.0 + 1e-9),
                "seed {seed} {m:?}: spend {}",
                plan.totals.spend
            );
            // Recompute the spend independently.
            let mut spend = 0.0;
            for c in &plan.centers {
                let k = f.market.country(&c.country).unwrap();
                let kappa = k.gdp_per_capita().unwrap()
                    / (f.market
                        .countries
                        .iter()
                        .map(|c| c.gdp_usd.unwrap())
                        .sum::<f64>()
                        / f.market
                            .countries
                            .iter()
                            .map(|c| c.population.unwrap())
                            .sum::<f64>());
                spend +=
                    kappa * (p.opening_cost + p.fixed_cost * (2029 - c.year_opened + 1) as f64);
            }
            spend += p.entry_cost * plan.totals.countries_entered as f64;
            assert!(
                close(spend, plan.totals.spend),
                "seed {seed}: {spend} vs {}",
                plan.totals.spend
            );
        }
    }
}

#[test]
fn objective_equals_independent_recomputation() {
    let variants = [
        small_params(),
        MarketEntryParams {
            discount_rate_pct: 8.0,
            decay: Decay::Power {
                beta: 1.5,
                d0: 20.0,
            },
            max_openings_per_year: Some(2),
            last_year: 2029,
            ..small_params()
        },
        MarketEntryParams {
            competitors: true,
            decay: Decay::Linear,
            cost_index: false,
            ..small_params()
        },
    ];
    for (n, p) in variants.iter().enumerate() {
        let f = fixture(50 + n as u64, 3, 5, 4);
        let inst = instance(&f, p);
        for m in [Method::Heuristic, Method::Auto] {
            let plan = solve(&inst, m);
            let again = recompute(&f, p, &plan);
            assert!(
                close(plan.objective, again),
                "variant {n} {m:?}: {} vs {again}",
                plan.objective
            );
            let by_country: f64 = plan.countries.iter().map(|c| c.profit).sum();
            assert!(close(plan.objective, by_country));
            assert!(plan.bound.unwrap() >= plan.objective - 1e-6 * plan.objective.abs().max(1.0));
        }
    }
}

#[test]
fn entry_plan_csv_has_the_documented_columns() {
    let f = fixture(61, 2, 3, 0);
    let plan = solve(&instance(&f, &small_params()), Method::Auto);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("entry_plan.csv");
    plan.write_csv(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(ENTRY_PLAN_HEADER));
    // The first seven columns are the original ones; later ones are added after them.
    assert!(ENTRY_PLAN_HEADER.starts_with(
        "country,entry_year,centers_per_year,expected_sales,revenue,duty_paid,profit,"
    ));
    assert_eq!(
        ENTRY_PLAN_HEADER,
        "country,entry_year,centers_per_year,expected_sales,revenue,duty_paid,profit,routes,sales_per_year,break_even_duty_pct"
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 2);
    for r in rows {
        let cols: Vec<&str> = r.split(',').collect();
        assert_eq!(cols.len(), 10, "{r}");
        if !cols[1].is_empty() {
            assert!(cols[2].split(';').all(|p| p.split(':').count() == 2), "{r}");
        }
    }
}

/// The shipped data folder: `SITEPLAN_DATA_DIR` or `data/` of the crate.
fn data_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SITEPLAN_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("data"));
    ["cities_eu.csv", "countries_eu.csv"]
        .iter()
        .all(|f| dir.join(f).is_file())
        .then_some(dir)
}

fn scenario(name: &str) -> MarketEntryParams {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/scenarios")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let table: toml::Table = toml::from_str(&text).unwrap();
    assert_eq!(table["model"].as_str(), Some("market-entry"));
    MarketEntryParams::from_table(table["market_entry"].as_table().unwrap()).unwrap()
}

#[test]
fn shipped_scenarios_differ_only_in_the_duty_and_the_plant() {
    let base = scenario("europe.toml");
    let local = scenario("europe_local_assembly.toml");
    let seed = scenario("europe_seed_48.toml");
    assert_eq!(base.eu_duty_pct, None);
    assert_eq!(local.eu_duty_pct, None);
    assert_eq!(seed.eu_duty_pct, Some(48.0));
    assert!(local.plant.is_some() && local.routes.contains(&Route::LocalAssembly));
    // The curve is asked for where it is worth reading.
    assert!(seed.curve_duties_pct.is_empty() && !base.curve_duties_pct.is_empty());
    let no_curve = |p: &MarketEntryParams| MarketEntryParams {
        curve_duties_pct: Vec::new(),
        ..p.clone()
    };
    assert_eq!(
        MarketEntryParams {
            eu_duty_pct: None,
            ..no_curve(&seed)
        },
        no_curve(&base)
    );
    assert_eq!(
        MarketEntryParams {
            routes: base.routes.clone(),
            plant: None,
            local_assembly: Default::default(),
            ..no_curve(&local)
        },
        no_curve(&base)
    );
}

#[test]
fn europe_with_the_heuristic() {
    let Some(dir) = data_dir() else {
        eprintln!(
            "skipped: no cities_eu.csv and countries_eu.csv in data/ (set SITEPLAN_DATA_DIR)"
        );
        return;
    };
    let problem = shipped_problem(&dir);
    let solve = SolveParams::default()
        .with_method(Method::Heuristic)
        .with_time_limit(20.0);
    let run = |p: MarketEntryParams| {
        let p = MarketEntryParams {
            countries: Some(dir.join("countries_eu.csv")),
            duties: None,
            curve_duties_pct: Vec::new(),
            break_even: false,
            ..p
        };
        siteplan::pipeline::solve_entry(&problem, &p, &solve).unwrap()
    };
    let base = scenario("europe.toml");
    let plan = run(base.clone());
    assert!(plan.totals.countries_entered >= 1);
    let (b, g) = (plan.bound.unwrap(), plan.gap.unwrap());
    assert!(b >= plan.objective && g.is_finite());
    let kmax = base.max_openings_per_year.unwrap();
    for y in base.years() {
        assert!(plan.centers.iter().filter(|c| c.year_opened == y).count() <= kmax);
    }
    // Entry costs per year stay within the yearly budget, which moves
    // entries past 2027.
    let budget = base.budget_per_year.unwrap();
    for y in base.years() {
        let spent: f64 = plan
            .countries
            .iter()
            .filter(|c| c.entry_year == Some(y))
            .map(|c| {
                base.entry_cost_by_country
                    .get(&c.country)
                    .copied()
                    .unwrap_or(base.entry_cost)
            })
            .sum();
        assert!(spent <= budget + 1e-6, "{y}: {spent}");
    }
    assert!(plan
        .countries
        .iter()
        .any(|c| c.entry_year.is_some_and(|y| y > 2027)));
    // No center sells more than its capacity in any year.
    let cap = base.store_capacity.unwrap();
    for c in &plan.centers {
        let years = (base.last_year - c.year_opened + 1) as f64;
        assert!(c.expected_sales <= cap * years + 1e-6, "{}", c.id);
    }
    // Malta has no IEA figure and is said so.
    assert!(plan.notes.iter().any(|n| n.starts_with("MT")));
    // Without any duty the plan earns at least as much.
    let free = run(MarketEntryParams {
        eu_duty_pct: Some(0.0),
        ..base.clone()
    });
    assert!(free.objective >= plan.objective * 0.99);
    let dir_out = tempfile::tempdir().unwrap();
    plan.write_csv(&dir_out.path().join("entry_plan.csv"))
        .unwrap();
    // The shipped scenario file runs as it is (its paths are relative to it).
    if dir == Path::new(env!("CARGO_MANIFEST_DIR")).join("data") {
        let scenarios = dir.join("scenarios");
        let text = std::fs::read_to_string(scenarios.join("europe.toml")).unwrap();
        let mut table: toml::Table = toml::from_str(&text).unwrap();
        let me = table["market_entry"].as_table_mut().unwrap();
        me.remove("curve_duties_pct");
        me.remove("break_even");
        let again = siteplan::pipeline::run_entry_table(&table, &scenarios, &solve).unwrap();
        assert!(close(again.objective, plan.objective));
    }
}

/// The shipped cities, each a candidate site.
fn shipped_problem(dir: &Path) -> Problem {
    let demand = siteplan::io::read_demand(&dir.join("cities_eu.csv")).unwrap();
    Problem::builder()
        .demands(demand.clone())
        .sites(city_sites(&demand))
        .build()
        .unwrap()
}

#[test]
fn break_even_duties_on_the_shipped_data_match_re_solving() {
    let Some(dir) = data_dir() else {
        eprintln!("skipped: no shipped data");
        return;
    };
    let problem = shipped_problem(&dir);
    let p = MarketEntryParams {
        countries: Some(dir.join("countries_eu.csv")),
        duties: None,
        ..scenario("europe.toml")
    };
    let market = siteplan::market::MarketData::load(p.countries.as_deref().unwrap(), None).unwrap();
    let costs = siteplan::Haversine
        .cost_matrix(&problem, siteplan::Reach::cutoff(siteplan::Km(p.cutoff_km)))
        .unwrap();
    let inst = MarketEntryInstance::build(&problem, &costs, &market, &p).unwrap();
    let be = market_entry::break_even_duties(&inst, false);
    assert!(
        be.iter().filter(|b| b.duty_pct.is_some()).count() >= 3,
        "{be:?}"
    );
    assert_break_even_matches_re_solving(&inst, &be);
}

#[test]
fn an_existing_center_means_the_country_is_already_entered() {
    let f = fixture(71, 2, 4, 0);
    // Make the first city of country AA an existing center.
    let mut sites: Vec<Site> = f.problem.sites().to_vec();
    sites[0].status = SiteStatus::Existing;
    let problem = Problem::builder()
        .demands(f.problem.demand().to_vec())
        .sites(sites)
        .build()
        .unwrap();
    let f = Fixture {
        problem,
        market: f.market,
    };
    let p = MarketEntryParams {
        eu_duty_pct: Some(48.0),
        ..small_params()
    };
    let inst = instance(&f, &p);
    for m in [Method::Exact, Method::Heuristic] {
        let plan = solve(&inst, m);
        let aa = plan.countries.iter().find(|c| c.country == "AA").unwrap();
        assert!(aa.entered);
        assert_eq!(aa.entry_year, Some(2027));
        assert_eq!(aa.entry_cost, 0.0);
        assert!(
            aa.centers_per_year.is_empty(),
            "existing centers are not openings"
        );
        assert_eq!(plan.centers.len(), 1);
        assert!(plan.centers[0].existing);
        // Cars lose money, so the existing center sells nothing and costs its
        // yearly fixed cost: the profit is negative and recomputes exactly.
        assert!(plan.objective < 0.0);
        assert!(close(plan.objective, recompute(&f, &p, &plan)));
        assert!(plan.reason.is_none());
    }
}

#[test]
fn decay_tables_reject_unknown_keys() {
    assert!(
        MarketEntryParams::from_toml_str("decay = { kind = \"exponential\", beta = 0.02 }").is_ok()
    );
    assert!(MarketEntryParams::from_toml_str(
        "decay = { kind = \"exponential\", beta = 0.02, d0 = 3 }"
    )
    .is_err());
    assert!(MarketEntryParams::from_toml_str("decay = { kind = \"gaussian\" }").is_err());
    let bad = MarketEntryParams {
        decay: Decay::Power {
            beta: -1.0,
            d0: 10.0,
        },
        ..Default::default()
    };
    assert!(bad.validate().is_err());
}

#[test]
fn scenario_tables_run_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("cities.csv"),
        "id,name,lat,lon,weight,country\nb,Berlin,52.52,13.40,3400000,DE\nh,Hamburg,53.55,9.99,1800000,DE\nm,Munich,48.14,11.58,1500000,DE\n",
    )
    .unwrap();
    std::fs::write(
        d.join("countries.csv"),
        "iso2,name,eu_member,population_2023_wb,gdp_usd_2023_wb,bev_car_sales_2024_iea\nDE,Germany,1,83287273,4456081016706,380000\n",
    )
    .unwrap();
    let table: toml::Table = toml::from_str(
        "model = \"market-entry\"\ndemand = \"cities.csv\"\n[market_entry]\ncountries = \"countries.csv\"\neu_duty_pct = 0.0\n",
    )
    .unwrap();
    let plan = siteplan::pipeline::run_entry_table(&table, d, &SolveParams::default()).unwrap();
    assert_eq!(plan.totals.countries_entered, 1);
    assert_eq!(plan.status, siteplan::PlanStatus::Optimal);
    plan.write_csv(&d.join("entry_plan.csv")).unwrap();
    let text = std::fs::read_to_string(d.join("entry_plan.csv")).unwrap();
    assert!(
        text.lines().nth(1).unwrap().starts_with("DE,2027,2027:3,"),
        "{text}"
    );
    // A missing country table is a usage error that says what to set.
    let table: toml::Table = toml::from_str("demand = \"cities.csv\"\n").unwrap();
    let err = siteplan::pipeline::run_entry_table(&table, d, &SolveParams::default()).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(err.to_string().contains("countries ="), "{err}");
}
