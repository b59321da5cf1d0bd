//! market-share and target-share against enumeration on random tiny
//! markets (≤ 7 candidates, 2 existing stores, 0–3 competitors, ≤ 9
//! demand points, random attractiveness, fixed costs, decays, outside
//! weights, cutoffs, counts and budgets, and rows cut to the k nearest). The oracle computes
//! the Huff / logit shares itself from great-circle distances, so the
//! choice sets the solver builds are checked too. A fixed proptest seed
//! keeps runs reproducible.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use siteplan::models::choice::Decay;
use siteplan::models::market_share::ShareParams;
use siteplan::prelude::*;
use siteplan::spatial::haversine_km;

/// SplitMix64: a tiny deterministic generator for instances.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

struct Market {
    problem: Problem,
    spec: ModelSpec,
    /// Rows cut to the 2 nearest sites (widened inside the solver).
    cut: bool,
}

fn market(seed: u64, kind: ModelKind, profit: bool) -> Market {
    let mut r = Rng(seed);
    let nd = 3 + r.below(7) as usize;
    let nc = 2 + r.below(6) as usize;
    let nk = r.below(4) as usize;
    let mut b = Problem::builder();
    for i in 0..nd {
        b = b.demand(DemandPoint::new(
            format!("d{i}"),
            r.unit(),
            r.unit(),
            (1.0 + 20.0 * r.unit()).round(),
        ));
    }
    let site = |id: String, status: SiteStatus, r: &mut Rng| {
        let mut s = Site::new(id, r.unit(), r.unit())
            .with_status(status)
            .with_fixed_cost((4.0 * r.unit()).round());
        s.attractiveness = 0.5 + 2.0 * r.unit();
        s
    };
    for e in 0..2 {
        b = b.site(site(format!("e{e}"), SiteStatus::Existing, &mut r));
    }
    for j in 0..nc {
        b = b.site(site(format!("c{j}"), SiteStatus::Candidate, &mut r));
    }
    for k in 0..nk {
        b = b.site(site(format!("k{k}"), SiteStatus::Competitor, &mut r));
    }
    if r.below(4) == 0 {
        b = b.site(site("x".into(), SiteStatus::Excluded, &mut r));
    }
    let problem = b.build().unwrap();
    let decay = match r.below(3) {
        0 => Decay::Power {
            lambda: 0.5 + 2.0 * r.unit(),
        },
        1 => Decay::Exponential {
            beta: 0.05 * r.unit(),
        },
        _ => Decay::Logit {
            beta: 0.02 * r.unit(),
        },
    };
    let mut spec = ModelSpec::new(kind);
    spec.share = ShareParams {
        decay,
        outside_weight: [0.0, 0.01, 0.2, 1.0][r.below(4) as usize],
        ..ShareParams::default()
    };
    if r.below(3) == 0 {
        spec.cutoff = Some(40.0 + 80.0 * r.unit());
    }
    if profit {
        spec.share.margin = Some(1.0 + 3.0 * r.unit());
        spec.share.allow_closures = r.below(2) == 0;
        if r.below(2) == 0 {
            spec.budget = Some((6.0 * r.unit()).round());
        }
        if r.below(2) == 0 {
            spec.new_sites = Some(1 + r.below(3) as usize);
        }
    } else if kind == ModelKind::MarketShare {
        // A count, a budget on the candidates' fixed costs, or both.
        match r.below(3) {
            0 => spec.new_sites = Some(1 + r.below(4) as usize),
            1 => spec.budget = Some((8.0 * r.unit()).round()),
            _ => {
                spec.new_sites = Some(1 + r.below(4) as usize);
                spec.budget = Some((8.0 * r.unit()).round());
            }
        }
    }
    let cut = r.below(3) == 0 && spec.cutoff.is_none();
    Market { problem, spec, cut }
}

fn costs(m: &Market) -> CostMatrix {
    let reach = match (m.spec.cutoff, m.cut) {
        (Some(c), _) => Reach::cutoff(Km(c)),
        (None, true) => Reach::k_nearest(2),
        (None, false) => Reach::all(),
    };
    Haversine.cost_matrix(&m.problem, reach).unwrap()
}

/// Demand our stores `open` capture, from first principles.
fn captured(m: &Market, open: &[bool]) -> f64 {
    let p = &m.problem;
    let mut total = 0.0;
    for d in p.demand() {
        let (mut ours, mut theirs) = (0.0, 0.0);
        for (s, site) in p.sites().iter().enumerate() {
            let km = haversine_km(d.lat, d.lon, site.lat, site.lon).0;
            if m.spec.cutoff.is_some_and(|c| km > c) {
                continue;
            }
            let v = m.spec.share.decay.weight(site.attractiveness, km);
            match site.status {
                SiteStatus::Competitor => theirs += v,
                SiteStatus::Excluded => {}
                _ if open[s] => ours += v,
                _ => {}
            }
        }
        let all = ours + theirs + m.spec.share.outside_weight;
        if all > 0.0 {
            total += d.weight * ours / all;
        }
    }
    total
}

/// Every plan the model allows: (open flags, new count, objective).
fn plans(m: &Market) -> Vec<(Vec<bool>, usize, f64)> {
    let p = &m.problem;
    let sp = &m.spec.share;
    let closable = sp.allow_closures && sp.margin.is_some();
    let free: Vec<usize> = (0..p.sites().len())
        .filter(|&s| match p.sites()[s].status {
            SiteStatus::Candidate => true,
            SiteStatus::Existing => closable,
            _ => false,
        })
        .collect();
    let mut out = Vec::new();
    for mask in 0u32..(1 << free.len()) {
        let mut open: Vec<bool> = p
            .sites()
            .iter()
            .map(|s| s.status == SiteStatus::Existing)
            .collect();
        for (b, &s) in free.iter().enumerate() {
            open[s] = mask & (1 << b) != 0;
        }
        let sites = p.sites();
        let new: Vec<usize> = (0..sites.len())
            .filter(|&s| open[s] && sites[s].status == SiteStatus::Candidate)
            .collect();
        let spent: f64 = new.iter().map(|&s| sites[s].fixed_cost).sum();
        if m.spec.new_sites.is_some_and(|n| new.len() > n)
            || m.spec.budget.is_some_and(|b| spent > b)
        {
            continue;
        }
        let cap = captured(m, &open);
        let value = match sp.margin {
            None => cap,
            Some(g) => {
                let closed: f64 = (0..sites.len())
                    .filter(|&s| sites[s].status == SiteStatus::Existing && !open[s])
                    .map(|s| sites[s].fixed_cost)
                    .sum();
                g * cap - spent + closed
            }
        };
        out.push((open, new.len(), value));
    }
    out
}

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-7 * a.abs().max(b.abs()).max(1.0)
}

fn check_market_share(seed: u64, profit: bool) {
    let m = market(seed, ModelKind::MarketShare, profit);
    let c = costs(&m);
    let best = plans(&m)
        .iter()
        .map(|p| p.2)
        .fold(f64::NEG_INFINITY, f64::max);
    let exact = solve(
        &m.problem,
        &c,
        &m.spec,
        &SolveParams::default().with_gap(0.0),
    )
    .unwrap();
    assert!(
        near(exact.objective, best),
        "seed {seed}: {} vs {best}",
        exact.objective
    );
    assert_eq!(exact.status, PlanStatus::Optimal);
    let heur = solve(
        &m.problem,
        &c,
        &m.spec,
        &SolveParams::default().with_method(Method::Heuristic),
    )
    .unwrap();
    let bound = heur.bound.unwrap();
    let tol = 1e-7 * best.abs().max(1.0);
    // Bound on the right side, objective no better than the optimum, and
    // the optimum within the reported gap of the objective.
    assert!(
        bound >= best - tol && heur.objective <= best + tol,
        "seed {seed}"
    );
    assert!(best - heur.objective <= heur.gap.unwrap() * heur.objective.abs() + tol);
    // The objective is the plan's own value.
    let open = heur.open_flags(m.problem.sites().len());
    if !profit {
        assert!(near(captured(&m, &open), heur.objective));
    }
    // Where the new stores' customers came from adds up to what they
    // capture; per-site captures add up to the plan's.
    let r = siteplan::solve::share::report(&m.problem, &c, &m.spec, &heur).unwrap();
    let mut sum = 0.0;
    for (s, site) in r.sites.iter().enumerate() {
        sum += site.captured;
        if heur.new.contains(&s) {
            let from = site.from_own + site.from_competitors + site.from_outside;
            assert!(
                near(from, site.captured),
                "seed {seed} site {s}: {from} vs {}",
                site.captured
            );
        }
    }
    assert!(near(sum, r.captured_after) && near(r.captured_after, captured(&m, &open)));
}

fn check_target_share(seed: u64) {
    let mut m = market(seed, ModelKind::TargetShare, false);
    let all = plans(&m);
    let total = m.problem.total_weight();
    let top = all.iter().map(|p| p.2).fold(0.0, f64::max) / total;
    let mut r = Rng(seed ^ 0xABCD);
    let target = (top * (0.3 + 0.8 * r.unit())).clamp(1e-6, 1.0);
    m.spec.share.target_share = Some(target);
    let c = costs(&m);
    let fewest = all
        .iter()
        .filter(|p| p.2 >= target * total * (1.0 - 1e-12))
        .map(|p| p.1)
        .min();
    for method in [Method::Exact, Method::Heuristic] {
        let got = solve(
            &m.problem,
            &c,
            &m.spec,
            &SolveParams::default().with_method(method),
        );
        match (got, fewest) {
            (Ok(plan), Some(n)) => {
                let count = plan.new.len();
                let open = plan.open_flags(m.problem.sites().len());
                assert!(captured(&m, &open) >= target * total * (1.0 - 1e-9));
                assert_eq!(plan.objective, count as f64);
                assert!(
                    plan.bound.unwrap() <= n as f64,
                    "seed {seed}: bound above optimum"
                );
                if method == Method::Exact {
                    assert_eq!(count, n, "seed {seed}");
                } else {
                    assert!(count >= n);
                }
            }
            (Err(Error::Infeasible(why)), None) => assert!(why.contains("out of reach")),
            (got, n) => panic!("seed {seed}: {got:?} vs {n:?}"),
        }
    }
}

fn check_competitor_never_helps(seed: u64) {
    let m = market(seed, ModelKind::MarketShare, false);
    let c = costs(&m);
    let params = SolveParams::default().with_gap(0.0);
    let before = solve(&m.problem, &c, &m.spec, &params).unwrap().objective;
    let mut r = Rng(seed ^ 0x5EED);
    let mut rival = Site::new("rival", r.unit(), r.unit()).with_status(SiteStatus::Competitor);
    rival.attractiveness = 0.1 + 3.0 * r.unit();
    let more = Problem::builder()
        .demands(m.problem.demand().iter().cloned())
        .sites(m.problem.sites().iter().cloned())
        .site(rival)
        .build()
        .unwrap();
    let m2 = Market {
        problem: more,
        spec: m.spec.clone(),
        cut: m.cut,
    };
    let after = solve(&m2.problem, &costs(&m2), &m2.spec, &params)
        .unwrap()
        .objective;
    assert!(
        after <= before + 1e-9 * before.max(1.0),
        "seed {seed}: {after} > {before}"
    );
}

fn config() -> Config {
    Config {
        cases: 96,
        rng_seed: RngSeed::Fixed(20_261_206),
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn market_share_matches_enumeration(seed in any::<u64>()) {
        check_market_share(seed, false);
    }

    #[test]
    fn profit_with_budget_and_closures_matches_enumeration(seed in any::<u64>()) {
        check_market_share(seed, true);
    }

    #[test]
    fn target_share_is_the_fewest_new_sites(seed in any::<u64>()) {
        check_target_share(seed);
    }

    #[test]
    fn adding_a_competitor_never_raises_captured_demand(seed in any::<u64>()) {
        check_competitor_never_helps(seed);
    }
}

/// Four towns in a row; with nobody else around, the two new stores go to
/// the two larger towns. Strong competitors next to those stores send the
/// plan to the other two.
#[test]
fn strong_competitors_next_to_the_new_sites_change_the_plan() {
    let towns = [
        ("a", 0.0, 100.0),
        ("b", 0.5, 90.0),
        ("c", 1.0, 60.0),
        ("d", 1.5, 50.0),
    ];
    let build = |rivals: &[&str]| {
        let mut b = Problem::builder();
        for (id, lon, w) in towns {
            b = b.demand(DemandPoint::new(id, 0.0, lon, w));
            b = b.site(Site::new(format!("at-{id}"), 0.0, lon));
        }
        for id in rivals {
            let lon = towns.iter().find(|t| t.0 == *id).unwrap().1;
            let mut s =
                Site::new(format!("rival-{id}"), 0.0, lon).with_status(SiteStatus::Competitor);
            s.attractiveness = 20.0;
            b = b.site(s);
        }
        b.build().unwrap()
    };
    let spec = ModelSpec::new(ModelKind::MarketShare).with_new_sites(2);
    let plan_of = |p: &Problem| {
        let costs = Haversine.cost_matrix(p, Reach::all()).unwrap();
        let plan = solve(p, &costs, &spec, &SolveParams::default()).unwrap();
        plan.new
            .iter()
            .map(|&s| p.sites()[s].id.clone())
            .collect::<Vec<_>>()
    };
    let alone = plan_of(&build(&[]));
    assert_eq!(alone, ["at-a", "at-b"]);
    let contested = plan_of(&build(&["a", "b"]));
    assert_eq!(contested, ["at-c", "at-d"]);
}
