//! Generated market-entry fixtures shared by the market-entry tests.

use siteplan::market::{CountryFacts, DutyTable, MarketData};
use siteplan::models::market_entry::{city_sites, MarketEntryInstance, MarketEntryParams};
use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, Site, SiteStatus, TravelCost};

/// A tiny deterministic generator (64-bit LCG), so seeds name fixtures.
pub struct Lcg(pub u64);
impl Lcg {
    pub fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A generated market: countries far apart (no pair crosses a border within
/// the cutoff), `per_country` cities each, candidates at the cities.
pub struct Fixture {
    pub problem: Problem,
    pub market: MarketData,
}

pub fn fixture(seed: u64, n_countries: usize, per_country: usize, competitors: usize) -> Fixture {
    let mut rng = Lcg(seed.wrapping_mul(0x9E3779B97F4A7C15) ^ 0xD1B54A32D192ED03);
    let codes = ["AA", "BB", "CC", "DD"];
    let mut demand = Vec::new();
    let mut countries = Vec::new();
    for (c, code) in codes.iter().take(n_countries).enumerate() {
        let lon0 = 10.0 * c as f64;
        for k in 0..per_country {
            let mut d = DemandPoint::new(
                format!("{code}{k}"),
                50.0 + rng.next() * 1.2,
                lon0 + rng.next() * 1.8,
                (20_000.0 + rng.next() * 980_000.0).round(),
            );
            d.country = Some(code.to_string());
            demand.push(d);
        }
        let sales = (5_000.0 + rng.next() * 95_000.0).round();
        countries.push(
            CountryFacts::new(code, &format!("Country {code}"), true)
                .with_bev_sales(sales)
                .with_phev_sales((0.4 * sales).round())
                .with_economy(1e6 * (1.0 + c as f64), 4e10 * (1.0 + rng.next())),
        );
    }
    let mut sites = city_sites(&demand);
    for k in 0..competitors {
        let d = &demand[(k * 7) % demand.len()];
        let mut s = Site::new(format!("rival{k}"), d.lat + 0.05, d.lon + 0.05)
            .with_status(SiteStatus::Competitor);
        s.attractiveness = 0.5 + rng.next();
        s.country = d.country.clone();
        sites.push(s);
    }
    let problem = Problem::builder()
        .demands(demand)
        .sites(sites)
        .build()
        .unwrap();
    let market = MarketData::new(countries, DutyTable::regulation_2024_2754());
    Fixture { problem, market }
}

/// Parameters scaled to the generated markets (profitable at low duty).
pub fn small_params() -> MarketEntryParams {
    MarketEntryParams {
        eu_duty_pct: Some(0.0),
        market_share_pct: 5.0,
        entry_cost: 2e6,
        fixed_cost: 0.4e6,
        opening_cost: 0.1e6,
        first_year: 2027,
        last_year: 2028,
        max_openings_per_year: None,
        cutoff_km: 120.0,
        ..Default::default()
    }
}

pub fn instance(f: &Fixture, p: &MarketEntryParams) -> MarketEntryInstance {
    let costs = Haversine
        .cost_matrix(&f.problem, Reach::cutoff(Km(p.cutoff_km)))
        .unwrap();
    MarketEntryInstance::build(&f.problem, &costs, &f.market, p).unwrap()
}

/// Checks each break-even duty against re-solving the country alone 0.1
/// percentage point below (it enters) and above (it does not).
pub fn assert_break_even_matches_re_solving(
    inst: &MarketEntryInstance,
    be: &[siteplan::models::market_entry::BreakEven],
) {
    use siteplan::solve::market_entry::enters_alone;
    for b in be {
        let Some(d) = b.duty_pct else { continue };
        let c = inst
            .countries()
            .iter()
            .position(|c| c.iso2 == b.country)
            .unwrap();
        assert!(
            enters_alone(inst, c, false, d - 0.1),
            "{} at {d} − 0.1",
            b.country
        );
        assert!(
            !enters_alone(inst, c, false, d + 0.1),
            "{} at {d} + 0.1",
            b.country
        );
    }
}
