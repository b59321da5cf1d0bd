//! Share solvers against enumeration on small random markets.

use super::*;
use crate::models::choice::Decay;
use crate::problem::{DemandPoint, Site};
use crate::travel::{Haversine, Reach, TravelCost};

/// A small deterministic generator (tests only).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn market(seed: u64, candidates: usize, competitors: usize, fixed: bool) -> Problem {
    let mut r = Lcg(seed.wrapping_mul(7919).wrapping_add(13));
    let mut b = Problem::builder();
    for i in 0..8 {
        b = b.demand(DemandPoint::new(
            format!("d{i}"),
            r.next(),
            r.next(),
            1.0 + 9.0 * r.next(),
        ));
    }
    let site = |id: String, status: SiteStatus, r: &mut Lcg| {
        let mut s = Site::new(id, r.next(), r.next()).with_status(status);
        if fixed {
            s = s.with_fixed_cost((r.next() * 3.0).round());
        }
        s.attractiveness = 0.5 + r.next();
        s
    };
    b = b.site(site("e0".into(), SiteStatus::Existing, &mut r));
    b = b.site(site("e1".into(), SiteStatus::Existing, &mut r));
    for j in 0..candidates {
        b = b.site(site(format!("c{j}"), SiteStatus::Candidate, &mut r));
    }
    for k in 0..competitors {
        b = b.site(site(format!("k{k}"), SiteStatus::Competitor, &mut r));
    }
    b.build().unwrap()
}

fn params(decay: &str, outside: f64) -> ShareParams {
    ShareParams {
        decay: decay.parse::<Decay>().unwrap(),
        outside_weight: outside,
        ..Default::default()
    }
}

/// Best objective by enumeration of every set of candidates (and of
/// existing stores when closures pay), computed on the choice sets alone.
fn brute(
    p: &Problem,
    sets: &ChoiceSets,
    sp: &ShareParams,
    max_new: Option<usize>,
    budget: Option<f64>,
) -> f64 {
    let sites = p.sites();
    let free: Vec<usize> = (0..sites.len())
        .filter(|&s| {
            sites[s].status == SiteStatus::Candidate
                || (sites[s].status == SiteStatus::Existing
                    && sp.allow_closures
                    && sp.margin.is_some())
        })
        .collect();
    let mut best = f64::NEG_INFINITY;
    for mask in 0u32..(1 << free.len()) {
        let mut open: Vec<bool> = sites
            .iter()
            .map(|s| s.status == SiteStatus::Existing)
            .collect();
        for (b, &s) in free.iter().enumerate() {
            open[s] = mask & (1 << b) != 0;
        }
        let new: Vec<usize> = (0..sites.len())
            .filter(|&s| open[s] && sites[s].status == SiteStatus::Candidate)
            .collect();
        let spent: f64 = new.iter().map(|&s| sites[s].fixed_cost).sum();
        if max_new.is_some_and(|n| new.len() > n) || budget.is_some_and(|b| spent > b) {
            continue;
        }
        let captured = sets.total_captured(p, &open);
        let value = match sp.margin {
            None => captured,
            Some(m) => {
                let closed: f64 = (0..sites.len())
                    .filter(|&s| sites[s].status == SiteStatus::Existing && !open[s])
                    .map(|s| sites[s].fixed_cost)
                    .sum();
                m * captured - spent + closed
            }
        };
        best = best.max(value);
    }
    best
}

fn limits(method: Method) -> Limits {
    Limits {
        method,
        time_limit: 30.0,
        gap: 0.0,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-7 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn market_share_matches_enumeration_with_a_valid_bound() {
    for seed in 0..40u64 {
        let decay = ["power:2", "exponential:5", "logit:1", "power:0.5"][seed as usize % 4];
        let outside = [1.0, 0.0, 0.3][seed as usize % 3];
        let p = market(seed, 7, (seed % 3) as usize, false);
        let sp = params(decay, outside);
        let costs = Haversine.cost_matrix(&p, Reach::all()).unwrap();
        let sets = ChoiceSets::build(&p, &costs, None, &sp).unwrap();
        for n in [1, 2, 4] {
            let opt = brute(&p, &sets, &sp, Some(n), None);
            let exact = market_share(&p, &sets, &sp, Some(n), None, limits(Method::Exact)).unwrap();
            assert!(
                close(exact.objective, opt),
                "seed {seed} n {n}: {} vs {opt}",
                exact.objective
            );
            assert!(
                exact.bound >= opt * (1.0 - 1e-9),
                "seed {seed}: bound below optimum"
            );
            let heur =
                market_share(&p, &sets, &sp, Some(n), None, limits(Method::Heuristic)).unwrap();
            assert!(heur.objective <= opt * (1.0 + 1e-9) && heur.bound >= opt * (1.0 - 1e-9));
            assert!(heur.objective >= heur.bound * (1.0 - heur.gap) - 1e-9);
            assert_eq!(heur.new.len(), n.min(7));
            let mut flags = vec![false; p.sites().len()];
            for &s in &exact.open {
                flags[s] = true;
            }
            assert!(close(sets.total_captured(&p, &flags), exact.objective));
        }
    }
}

#[test]
fn profit_budget_and_closures_match_enumeration() {
    for seed in 0..30u64 {
        let p = market(seed, 6, 1, true);
        let mut sp = params("exponential:3", 0.5);
        sp.margin = Some(2.0 + (seed % 3) as f64);
        sp.allow_closures = seed % 2 == 0;
        let costs = Haversine.cost_matrix(&p, Reach::all()).unwrap();
        let sets = ChoiceSets::build(&p, &costs, None, &sp).unwrap();
        for (n, b) in [
            (None, None),
            (Some(2), None),
            (None, Some(3.0)),
            (Some(3), Some(4.0)),
        ] {
            let opt = brute(&p, &sets, &sp, n, b);
            let exact = market_share(&p, &sets, &sp, n, b, limits(Method::Exact)).unwrap();
            assert!(
                close(exact.objective, opt),
                "seed {seed} {n:?} {b:?}: {} vs {opt}",
                exact.objective
            );
            assert!(exact.bound >= opt - 1e-7 * opt.abs().max(1.0));
            let heur = market_share(&p, &sets, &sp, n, b, limits(Method::Heuristic)).unwrap();
            assert!(heur.objective <= opt + 1e-9 && heur.bound >= opt - 1e-7 * opt.abs().max(1.0));
        }
        // Without a margin the captured demand needs a limit.
        let plain = params("power:2", 1.0);
        assert!(matches!(
            market_share(&p, &sets, &plain, None, None, limits(Method::Exact)),
            Err(Error::Usage(_))
        ));
    }
}

#[test]
fn target_share_is_the_fewest_sites_reaching_the_target() {
    for seed in 0..30u64 {
        let p = market(seed, 7, 1 + (seed % 2) as usize, false);
        let sp = params("power:1", 0.2);
        let costs = Haversine.cost_matrix(&p, Reach::all()).unwrap();
        let sets = ChoiceSets::build(&p, &costs, None, &sp).unwrap();
        let total = p.total_weight();
        let best = brute(&p, &sets, &sp, None, None) / total;
        let before = brute(&p, &sets, &sp, Some(0), None) / total;
        for frac in [0.3, 0.6, 0.95] {
            let target = before + frac * (best - before);
            if target <= 0.0 {
                continue;
            }
            let fewest = (0..=7)
                .find(|&n| brute(&p, &sets, &sp, Some(n), None) >= target * total * (1.0 - 1e-12))
                .unwrap();
            let got = target_share(&p, &sets, &sp, target, limits(Method::Exact)).unwrap();
            assert_eq!(
                got.objective as usize, fewest,
                "seed {seed} target {target}"
            );
            assert_eq!(got.bound, got.objective);
            let heur = target_share(&p, &sets, &sp, target, limits(Method::Heuristic)).unwrap();
            assert!(heur.objective as usize >= fewest && heur.bound as usize <= fewest);
        }
        let err = target_share(
            &p,
            &sets,
            &sp,
            (best + 0.01).min(1.0),
            limits(Method::Exact),
        );
        if best + 0.01 <= 1.0 {
            let msg = err.unwrap_err().to_string();
            assert!(msg.contains("out of reach"), "{msg}");
        }
    }
}

#[test]
fn a_competitor_never_raises_what_we_capture() {
    for seed in 0..20u64 {
        let p = market(seed, 5, 2, false);
        let sp = params("power:2", 1.0);
        let mut alone = p.sites().to_vec();
        alone.retain(|s| s.status != SiteStatus::Competitor);
        let q = Problem::builder()
            .demands(p.demand().iter().cloned())
            .sites(alone)
            .build()
            .unwrap();
        let solve = |p: &Problem| {
            let costs = Haversine.cost_matrix(p, Reach::all()).unwrap();
            let sets = ChoiceSets::build(p, &costs, None, &sp).unwrap();
            market_share(p, &sets, &sp, Some(2), None, limits(Method::Exact))
                .unwrap()
                .objective
        };
        assert!(solve(&p) <= solve(&q) + 1e-9);
    }
}
