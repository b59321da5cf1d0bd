//! Yearly city demand: national BEV sales spread over the listed cities.
//!
//! For city `i` in country `c` and year `t`:
//!
//! ```text
//! cars[i][t] = S_c × g^(t − base_year) × w_i / W_c × m
//! ```
//!
//! with `S_c` the country's BEV car sales in the base year (IEA 2024),
//! `g = 1 + growth_pct/100`, `w_i` the city's weight (population), `W_c`
//! the sum of the weights of the country's listed cities and
//! `m = market_share_pct/100` the scenario's market-share target. The whole
//! national market is thus attributed to the listed cities in proportion to
//! their population (people outside them are counted with their nearest
//! listed cities only implicitly).

use std::collections::BTreeMap;

use serde::Serialize;

use super::MarketData;
use crate::error::{Error, Result};
use crate::problem::DemandPoint;

/// How national sales become city demand.
///
/// # Examples
///
/// ```
/// use siteplan::{DemandPoint, market::*};
/// let mut valletta = DemandPoint::new("valletta", 35.9, 14.5, 1.0);
/// valletta.country = Some("MT".into());
/// // The IEA has no BEV figure for Malta; supply one for the base year.
/// let m = MarketData::new(vec![CountryFacts::new("MT", "Malta", true)], DutyTable::regulation_2024_2754());
/// let s = DemandSettings {
///     base_year: 2024,
///     years: vec![2025],
///     growth_pct: 0.0,
///     market_share_pct: 10.0,
///     bev_sales: [("MT".to_string(), 500.0)].into_iter().collect(),
/// };
/// let d = city_demand(&[valletta], &m, &s)?;
/// assert!((d.cars[0][0] - 50.0).abs() < 1e-9);
/// assert!(d.notes.is_empty());
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DemandSettings {
    /// Year of the sales figures (2024 for `bev_car_sales_2024_iea`).
    pub base_year: i32,
    /// The planning years, ascending.
    pub years: Vec<i32>,
    /// Yearly growth of BEV sales in percent (same in every country).
    pub growth_pct: f64,
    /// Market-share target in percent of BEV sales.
    pub market_share_pct: f64,
    /// Base-year BEV sales replacing (or supplying, e.g. for Malta) the
    /// figure in the country table, by ISO2 code.
    pub bev_sales: BTreeMap<String, f64>,
}

impl DemandSettings {
    /// Growth factor from the base year to `year`.
    ///
    /// ```
    /// use siteplan::market::DemandSettings;
    /// let s = DemandSettings { base_year: 2024, years: vec![2026], growth_pct: 10.0,
    ///     market_share_pct: 1.0, bev_sales: Default::default() };
    /// assert!((s.growth_factor(2026) - 1.21).abs() < 1e-12);
    /// ```
    pub fn growth_factor(&self, year: i32) -> f64 {
        (1.0 + self.growth_pct / 100.0).powi(year - self.base_year)
    }
}

/// City demand for every planning year, with the country of each city.
///
/// # Examples
///
/// ```
/// use siteplan::{DemandPoint, market::*};
/// let mut lyon = DemandPoint::new("lyon", 45.76, 4.84, 1.0);
/// lyon.country = Some("FR".into());
/// let mut zurich = DemandPoint::new("zurich", 47.37, 8.54, 1.0);
/// zurich.country = Some("CH".into()); // not in the country table
/// let m = MarketData::new(
///     vec![CountryFacts::new("FR", "France", true).with_bev_sales(300_000.0)],
///     DutyTable::regulation_2024_2754(),
/// );
/// let s = DemandSettings { base_year: 2024, years: vec![2024], growth_pct: 5.0,
///     market_share_pct: 1.0, bev_sales: Default::default() };
/// let d = city_demand(&[lyon, zurich], &m, &s)?;
/// assert_eq!(d.country, [Some(0), None]);
/// assert_eq!(d.market_cars[0], [300_000.0]);
/// assert!((d.cars[0][0] - 3_000.0).abs() < 1e-9); // the only listed French city
/// assert_eq!(d.cars[1], [0.0]);
/// assert!(d.notes[0].contains(r#"country "CH""#));
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CityDemand {
    /// For each demand point, the index of its country in
    /// [`MarketData::countries`]; `None` when the point has no usable country.
    pub country: Vec<Option<usize>>,
    /// `cars[i][t]`: target sales at demand point `i` in year `t` (the
    /// market share target applied, before any distance decay).
    pub cars: Vec<Vec<f64>>,
    /// For each country, the sum of its listed cities' weights.
    pub listed_weight: Vec<f64>,
    /// For each country, the base-year BEV sales used (`None`: no figure, no demand).
    pub base_sales: Vec<Option<f64>>,
    /// For each country and year, its whole BEV market (all makers).
    pub market_cars: Vec<Vec<f64>>,
    /// Data decisions worth telling the user (skipped countries and cities).
    pub notes: Vec<String>,
}

/// Spreads each country's BEV sales over its listed cities by weight and
/// grows them to each planning year.
///
/// Demand points whose `country` is missing or not in the country table
/// get no demand (counted in a note). Countries without a BEV figure
/// (Malta in the IEA data) get no demand unless `settings.bev_sales` gives
/// one (also noted).
///
/// ```
/// use siteplan::{DemandPoint, market::*};
/// let mut a = DemandPoint::new("a", 48.1, 11.6, 3.0);
/// a.country = Some("DE".into());
/// let mut b = DemandPoint::new("b", 52.5, 13.4, 1.0);
/// b.country = Some("DE".into());
/// let m = MarketData::new(vec![CountryFacts::new("DE", "Germany", true).with_bev_sales(1000.0)],
///     DutyTable::regulation_2024_2754());
/// let s = DemandSettings { base_year: 2024, years: vec![2024, 2025], growth_pct: 10.0,
///     market_share_pct: 2.0, bev_sales: Default::default() };
/// let d = city_demand(&[a, b], &m, &s)?;
/// assert!((d.cars[0][0] - 1000.0 * 0.75 * 0.02).abs() < 1e-9);
/// assert!((d.cars[1][1] - 1000.0 * 1.1 * 0.25 * 0.02).abs() < 1e-9);
/// # Ok::<(), siteplan::Error>(())
/// ```
pub fn city_demand(
    demand: &[DemandPoint],
    market: &MarketData,
    settings: &DemandSettings,
) -> Result<CityDemand> {
    if !(settings.growth_pct > -100.0 && settings.growth_pct.is_finite()) {
        return Err(Error::Usage(format!(
            "growth_pct = {} must be a number above -100",
            settings.growth_pct
        )));
    }
    if !(0.0..=100.0).contains(&settings.market_share_pct) {
        return Err(Error::Usage(format!(
            "market_share_pct = {} must be within 0..100",
            settings.market_share_pct
        )));
    }
    let nc = market.countries.len();
    let mut base_sales: Vec<Option<f64>> = market.countries.iter().map(|c| c.bev_sales).collect();
    for (k, &v) in &settings.bev_sales {
        let i = market.country_index(k).ok_or_else(|| {
            Error::Usage(format!(
                "bev_sales: {k:?} is not a country of the country table"
            ))
        })?;
        if !(v.is_finite() && v >= 0.0) {
            return Err(Error::Usage(format!(
                "bev_sales.{k} = {v} must be a number ≥ 0"
            )));
        }
        base_sales[i] = Some(v);
    }
    let mut country = Vec::with_capacity(demand.len());
    let mut listed_weight = vec![0.0; nc];
    let (mut no_country, mut unknown) = (0usize, BTreeMap::<String, usize>::new());
    for d in demand {
        let c = match d.country.as_deref() {
            None => {
                no_country += 1;
                None
            }
            Some(code) => {
                let c = market.country_index(code);
                if c.is_none() {
                    *unknown.entry(code.to_owned()).or_default() += 1;
                }
                c
            }
        };
        if let Some(c) = c {
            listed_weight[c] += d.weight;
        }
        country.push(c);
    }
    let mut notes = Vec::new();
    if no_country > 0 {
        notes.push(format!(
            "{no_country} demand point(s) have no country and get no demand"
        ));
    }
    for (code, n) in &unknown {
        notes.push(format!(
            "{n} demand point(s) have country {code:?}, which is not in the country table; they get no demand"
        ));
    }
    for (c, facts) in market.countries.iter().enumerate() {
        if base_sales[c].is_none() && listed_weight[c] > 0.0 {
            notes.push(format!(
                "{} ({}): no BEV sales figure in the country table, so no demand there; set market_entry.bev_sales.{} to include it",
                facts.iso2, facts.name, facts.iso2
            ));
        }
    }
    let share = settings.market_share_pct / 100.0;
    let growth: Vec<f64> = settings
        .years
        .iter()
        .map(|&y| settings.growth_factor(y))
        .collect();
    let cars = demand
        .iter()
        .zip(&country)
        .map(|(d, c)| match c {
            Some(c) if listed_weight[*c] > 0.0 => {
                let s = base_sales[*c].unwrap_or(0.0);
                growth
                    .iter()
                    .map(|g| s * g * d.weight / listed_weight[*c] * share)
                    .collect()
            }
            _ => vec![0.0; growth.len()],
        })
        .collect();
    let market_cars = base_sales
        .iter()
        .map(|s| growth.iter().map(|g| s.unwrap_or(0.0) * g).collect())
        .collect();
    Ok(CityDemand {
        country,
        cars,
        listed_weight,
        base_sales,
        market_cars,
        notes,
    })
}
