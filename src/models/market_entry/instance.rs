//! An instance built for one scenario: countries, candidates and their terms, and what a schedule is worth.

#![allow(clippy::needless_range_loop)]

use super::economics::*;
use super::params::*;
use serde::Serialize;

/// One country of an instance, with its economic terms.
///
/// # Examples
///
/// ```
/// # use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, TravelCost};
/// # use siteplan::market::{CountryFacts, DutyTable, MarketData};
/// # use siteplan::models::market_entry::*;
/// # let city = |id: &str, lat: f64, lon: f64, iso2: &str| { let mut d = DemandPoint::new(id, lat, lon, 1.0); d.country = Some(iso2.into()); d };
/// # let demand = vec![city("berlin", 52.52, 13.40, "DE"), city("paris", 48.86, 2.35, "FR")];
/// # let problem = Problem::builder().demands(demand.clone()).sites(city_sites(&demand)).build()?;
/// # let market = MarketData::new(vec![CountryFacts::new("DE", "Germany", true).with_bev_sales(1000.0),
/// #     CountryFacts::new("FR", "France", true).with_bev_sales(1000.0)], DutyTable::regulation_2024_2754());
/// # let params = MarketEntryParams { price: 10_000.0, gross_margin_pct: 20.0, logistics_per_car: 0.0,
/// #     eu_duty_pct: Some(0.0), growth_pct: 0.0, market_share_pct: 10.0, decay: Decay::None,
/// #     fixed_cost: 50_000.0, entry_cost: 100_000.0, ..Default::default() };
/// # let costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(params.cutoff_km)))?;
/// # let inst = MarketEntryInstance::build(&problem, &costs, &market, &params)?;
/// // `inst`: Berlin and Paris, 100 cars a year each at €2,000 a car, 2027–2030,
/// // €50,000 a year per center, €100,000 per country entered (see the `MarketEntryInstance` example).
/// let fr = &inst.countries()[1];
/// assert_eq!((fr.iso2.as_str(), fr.eu_member, fr.duty_pct), ("FR", true, 0.0));
/// assert_eq!(fr.contribution_per_car, 2000.0); // 20 % of €10,000
/// assert_eq!(fr.entry_cost, 100_000.0);
/// assert_eq!((fr.n_cities, fr.n_sites, fr.present), (1, 1, false));
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryTerms {
    /// ISO2 code.
    pub iso2: String,
    /// English name.
    pub name: String,
    /// Member of the EU27.
    pub eu_member: bool,
    /// Duty on battery-electric imports, percent of the customs value.
    pub duty_pct: f64,
    /// Contribution per car `v_c` of the `bev_import` route (of the first
    /// enabled route when `bev_import` is not enabled), €.
    pub contribution_per_car: f64,
    /// Price index (multiplies every route's price).
    pub price_index: f64,
    /// Economics of every enabled route, in [`Route::ALL`] order.
    pub routes: Vec<RouteEconomics>,
    /// Entry cost `E_c`, €.
    pub entry_cost: f64,
    /// Cost index `κ_c`.
    pub cost_index: f64,
    /// Base-year BEV sales (None: no figure).
    pub base_sales: Option<f64>,
    /// The whole BEV market per planning year (all makers).
    pub market_cars: Vec<f64>,
    /// The country already has an existing center (entered before `t0`).
    pub present: bool,
    /// Demand cities in the country.
    pub n_cities: usize,
    /// Candidate and existing sites in the country.
    pub n_sites: usize,
}

/// One site that may be (or is) open.
///
/// # Examples
///
/// ```
/// # use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, TravelCost};
/// # use siteplan::market::{CountryFacts, DutyTable, MarketData};
/// # use siteplan::models::market_entry::*;
/// # let city = |id: &str, lat: f64, lon: f64, iso2: &str| { let mut d = DemandPoint::new(id, lat, lon, 1.0); d.country = Some(iso2.into()); d };
/// # let demand = vec![city("berlin", 52.52, 13.40, "DE"), city("paris", 48.86, 2.35, "FR")];
/// # let problem = Problem::builder().demands(demand.clone()).sites(city_sites(&demand)).build()?;
/// # let market = MarketData::new(vec![CountryFacts::new("DE", "Germany", true).with_bev_sales(1000.0),
/// #     CountryFacts::new("FR", "France", true).with_bev_sales(1000.0)], DutyTable::regulation_2024_2754());
/// # let params = MarketEntryParams { price: 10_000.0, gross_margin_pct: 20.0, logistics_per_car: 0.0,
/// #     eu_duty_pct: Some(0.0), growth_pct: 0.0, market_share_pct: 10.0, decay: Decay::None,
/// #     fixed_cost: 50_000.0, entry_cost: 100_000.0, ..Default::default() };
/// # let costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(params.cutoff_km)))?;
/// # let inst = MarketEntryInstance::build(&problem, &costs, &market, &params)?;
/// // `inst`: Berlin and Paris, 100 cars a year each at €2,000 a car, 2027–2030,
/// // €50,000 a year per center, €100,000 per country entered (see the `MarketEntryInstance` example).
/// let c = &inst.candidates()[1];
/// assert_eq!((c.site, c.country, c.existing), (1, 1, false)); // Paris, in France
/// assert_eq!(c.fixed_cost, 50_000.0); // cost index 1 without GDP figures
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CandidateTerms {
    /// Index of the site in the problem.
    pub site: usize,
    /// Index of its country in [`MarketEntryInstance::countries`].
    pub country: usize,
    /// Already open (status `existing`).
    pub existing: bool,
    /// Yearly fixed cost `F_j`, €.
    pub fixed_cost: f64,
    /// One-off opening cost `O_j`, €.
    pub opening_cost: f64,
}

/// Opening year of each candidate, as an index into the planning years
/// (`None`: never opened). Existing centers are `Some(0)`.
pub type Schedule = Vec<Option<usize>>;

/// A market-entry model ready to solve: years, countries, cities,
/// candidates and the capture of every city–candidate pair.
///
/// Build one with [`MarketEntryInstance::build`].
///
/// # Examples
///
/// Berlin and Paris, the same numbers in each country:
///
/// ```
/// use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, TravelCost};
/// use siteplan::market::{CountryFacts, DutyTable, MarketData};
/// use siteplan::models::market_entry::*;
/// // Two countries, one city each, a candidate center at each city.
/// let city = |id: &str, lat: f64, lon: f64, iso2: &str| {
///     let mut d = DemandPoint::new(id, lat, lon, 1.0);
///     d.country = Some(iso2.into());
///     d
/// };
/// let demand = vec![city("berlin", 52.52, 13.40, "DE"), city("paris", 48.86, 2.35, "FR")];
/// let problem = Problem::builder().demands(demand.clone()).sites(city_sites(&demand)).build()?;
/// let market = MarketData::new(
///     vec![
///         CountryFacts::new("DE", "Germany", true).with_bev_sales(1000.0),
///         CountryFacts::new("FR", "France", true).with_bev_sales(1000.0),
///     ],
///     DutyTable::regulation_2024_2754(),
/// );
/// // 10 % of 1,000 BEV sales, no growth: 100 cars a year per city in 2027–2030.
/// // €2,000 per car (no duty); €50,000 a year per center; €100,000 per country entered.
/// let params = MarketEntryParams {
///     price: 10_000.0, gross_margin_pct: 20.0, logistics_per_car: 0.0, eu_duty_pct: Some(0.0),
///     growth_pct: 0.0, market_share_pct: 10.0, decay: Decay::None,
///     fixed_cost: 50_000.0, entry_cost: 100_000.0, ..Default::default()
/// };
/// let costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(params.cutoff_km)))?;
/// let inst = MarketEntryInstance::build(&problem, &costs, &market, &params)?;
/// assert_eq!((inst.n_cities(), inst.n_candidates(), inst.n_pairs()), (2, 2, 2));
/// // Germany entered in 2027, nothing in France: 4 × 100 cars × €2,000 − 4 × €50,000 − €100,000.
/// let v = inst.evaluate(&vec![Some(0), None]);
/// assert!((v.objective - 500_000.0).abs() < 1e-6);
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct MarketEntryInstance {
    pub(crate) params: MarketEntryParams,
    pub(crate) years: Vec<i32>,
    pub(crate) discount: Vec<f64>,
    pub(crate) countries: Vec<CountryTerms>,
    /// Problem demand index of each city with demand in a known country.
    pub(crate) city_demand: Vec<usize>,
    pub(crate) city_country: Vec<usize>,
    /// cars[i * T + t]
    pub(crate) cars: Vec<f64>,
    /// value[i * T + t] = δ_t v_c(i) D_it (0 when v ≤ 0).
    pub(crate) value: Vec<f64>,
    pub(crate) candidates: Vec<CandidateTerms>,
    /// Pairs by candidate (CSR): cities, captures, distances.
    pub(crate) col_start: Vec<usize>,
    pub(crate) col_city: Vec<u32>,
    pub(crate) col_capture: Vec<f64>,
    pub(crate) col_dist: Vec<f64>,
    /// Pairs by city (CSR), largest capture first: candidates, captures.
    pub(crate) row_start: Vec<usize>,
    pub(crate) row_cand: Vec<u32>,
    pub(crate) row_capture: Vec<f64>,
    pub(crate) notes: Vec<String>,
    pub(crate) site_ids: Vec<String>,
    pub(crate) site_names: Vec<Option<String>>,
    pub(crate) site_coords: Vec<(f64, f64)>,
    /// BEV-market cars per city and year before route factors: base_cars[i * T + t].
    pub(crate) base_cars: Vec<f64>,
    /// Duty on BEV imports per country, percent.
    pub(crate) bev_duty: Vec<f64>,
    /// The standard (MFN) duty of the duty table, percent.
    pub(crate) mfn_pct: f64,
    /// PHEV sales / BEV sales per country (0 without both figures).
    pub(crate) phev_factor: Vec<f64>,
    /// Route of largest value index per country and year (c * T + t);
    /// what `value` and `cars` are built on.
    pub(crate) route_of: Vec<Option<Route>>,
    /// The plant is built (the `local_assembly` route is open from `plant_t`).
    pub(crate) plant_on: bool,
    /// Year index from which the plant produces (None: not within the horizon).
    pub(crate) plant_t: Option<usize>,
}

impl MarketEntryInstance {
    /// The parameters it was built with.
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, TravelCost};
    /// # use siteplan::market::{CountryFacts, DutyTable, MarketData};
    /// # use siteplan::models::market_entry::*;
    /// # let city = |id: &str, lat: f64, lon: f64, iso2: &str| { let mut d = DemandPoint::new(id, lat, lon, 1.0); d.country = Some(iso2.into()); d };
    /// # let demand = vec![city("berlin", 52.52, 13.40, "DE"), city("paris", 48.86, 2.35, "FR")];
    /// # let problem = Problem::builder().demands(demand.clone()).sites(city_sites(&demand)).build()?;
    /// # let market = MarketData::new(vec![CountryFacts::new("DE", "Germany", true).with_bev_sales(1000.0),
    /// #     CountryFacts::new("FR", "France", true).with_bev_sales(1000.0)], DutyTable::regulation_2024_2754());
    /// # let params = MarketEntryParams { price: 10_000.0, gross_margin_pct: 20.0, logistics_per_car: 0.0,
    /// #     eu_duty_pct: Some(0.0), growth_pct: 0.0, market_share_pct: 10.0, decay: Decay::None,
    /// #     fixed_cost: 50_000.0, entry_cost: 100_000.0, ..Default::default() };
    /// # let costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(params.cutoff_km)))?;
    /// # let inst = MarketEntryInstance::build(&problem, &costs, &market, &params)?;
    /// // `inst`: Berlin and Paris, 100 cars a year each at €2,000 a car, 2027–2030,
    /// // €50,000 a year per center, €100,000 per country entered (see the `MarketEntryInstance` example).
    /// assert_eq!(inst.params().fixed_cost, 50_000.0);
    /// assert_eq!(inst.params().years(), inst.years());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn params(&self) -> &MarketEntryParams {
        &self.params
    }

    /// The planning years.
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, TravelCost};
    /// # use siteplan::market::{CountryFacts, DutyTable, MarketData};
    /// # use siteplan::models::market_entry::*;
    /// # let city = |id: &str, lat: f64, lon: f64, iso2: &str| { let mut d = DemandPoint::new(id, lat, lon, 1.0); d.country = Some(iso2.into()); d };
    /// # let demand = vec![city("berlin", 52.52, 13.40, "DE"), city("paris", 48.86, 2.35, "FR")];
    /// # let problem = Problem::builder().demands(demand.clone()).sites(city_sites(&demand)).build()?;
    /// # let market = MarketData::new(vec![CountryFacts::new("DE", "Germany", true).with_bev_sales(1000.0),
    /// #     CountryFacts::new("FR", "France", true).with_bev_sales(1000.0)], DutyTable::regulation_2024_2754());
    /// # let params = MarketEntryParams { price: 10_000.0, gross_margin_pct: 20.0, logistics_per_car: 0.0,
    /// #     eu_duty_pct: Some(0.0), growth_pct: 0.0, market_share_pct: 10.0, decay: Decay::None,
    /// #     fixed_cost: 50_000.0, entry_cost: 100_000.0, ..Default::default() };
    /// # let costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(params.cutoff_km)))?;
    /// # let inst = MarketEntryInstance::build(&problem, &costs, &market, &params)?;
    /// // `inst`: Berlin and Paris, 100 cars a year each at €2,000 a car, 2027–2030,
    /// // €50,000 a year per center, €100,000 per country entered (see the `MarketEntryInstance` example).
    /// assert_eq!(inst.years(), &[2027, 2028, 2029, 2030]);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn years(&self) -> &[i32] {
        &self.years
    }

    /// The countries of the country table, with their terms.
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, TravelCost};
    /// # use siteplan::market::{CountryFacts, DutyTable, MarketData};
    /// # use siteplan::models::market_entry::*;
    /// # let city = |id: &str, lat: f64, lon: f64, iso2: &str| { let mut d = DemandPoint::new(id, lat, lon, 1.0); d.country = Some(iso2.into()); d };
    /// # let demand = vec![city("berlin", 52.52, 13.40, "DE"), city("paris", 48.86, 2.35, "FR")];
    /// # let problem = Problem::builder().demands(demand.clone()).sites(city_sites(&demand)).build()?;
    /// # let market = MarketData::new(vec![CountryFacts::new("DE", "Germany", true).with_bev_sales(1000.0),
    /// #     CountryFacts::new("FR", "France", true).with_bev_sales(1000.0)], DutyTable::regulation_2024_2754());
    /// # let params = MarketEntryParams { price: 10_000.0, gross_margin_pct: 20.0, logistics_per_car: 0.0,
    /// #     eu_duty_pct: Some(0.0), growth_pct: 0.0, market_share_pct: 10.0, decay: Decay::None,
    /// #     fixed_cost: 50_000.0, entry_cost: 100_000.0, ..Default::default() };
    /// # let costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(params.cutoff_km)))?;
    /// # let inst = MarketEntryInstance::build(&problem, &costs, &market, &params)?;
    /// // `inst`: Berlin and Paris, 100 cars a year each at €2,000 a car, 2027–2030,
    /// // €50,000 a year per center, €100,000 per country entered (see the `MarketEntryInstance` example).
    /// let codes: Vec<&str> = inst.countries().iter().map(|c| c.iso2.as_str()).collect();
    /// assert_eq!(codes, ["DE", "FR"]);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn countries(&self) -> &[CountryTerms] {
        &self.countries
    }

    /// The candidate (and existing) sites.
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, TravelCost};
    /// # use siteplan::market::{CountryFacts, DutyTable, MarketData};
    /// # use siteplan::models::market_entry::*;
    /// # let city = |id: &str, lat: f64, lon: f64, iso2: &str| { let mut d = DemandPoint::new(id, lat, lon, 1.0); d.country = Some(iso2.into()); d };
    /// # let demand = vec![city("berlin", 52.52, 13.40, "DE"), city("paris", 48.86, 2.35, "FR")];
    /// # let problem = Problem::builder().demands(demand.clone()).sites(city_sites(&demand)).build()?;
    /// # let market = MarketData::new(vec![CountryFacts::new("DE", "Germany", true).with_bev_sales(1000.0),
    /// #     CountryFacts::new("FR", "France", true).with_bev_sales(1000.0)], DutyTable::regulation_2024_2754());
    /// # let params = MarketEntryParams { price: 10_000.0, gross_margin_pct: 20.0, logistics_per_car: 0.0,
    /// #     eu_duty_pct: Some(0.0), growth_pct: 0.0, market_share_pct: 10.0, decay: Decay::None,
    /// #     fixed_cost: 50_000.0, entry_cost: 100_000.0, ..Default::default() };
    /// # let costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(params.cutoff_km)))?;
    /// # let inst = MarketEntryInstance::build(&problem, &costs, &market, &params)?;
    /// // `inst`: Berlin and Paris, 100 cars a year each at €2,000 a car, 2027–2030,
    /// // €50,000 a year per center, €100,000 per country entered (see the `MarketEntryInstance` example).
    /// let sites: Vec<usize> = inst.candidates().iter().map(|c| c.site).collect();
    /// assert_eq!(sites, [0, 1]);
    /// assert!(inst.candidates().iter().all(|c| !c.existing));
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn candidates(&self) -> &[CandidateTerms] {
        &self.candidates
    }

    /// Number of candidate (and existing) sites.
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, TravelCost};
    /// # use siteplan::market::{CountryFacts, DutyTable, MarketData};
    /// # use siteplan::models::market_entry::*;
    /// # let city = |id: &str, lat: f64, lon: f64, iso2: &str| { let mut d = DemandPoint::new(id, lat, lon, 1.0); d.country = Some(iso2.into()); d };
    /// # let demand = vec![city("berlin", 52.52, 13.40, "DE"), city("paris", 48.86, 2.35, "FR")];
    /// # let problem = Problem::builder().demands(demand.clone()).sites(city_sites(&demand)).build()?;
    /// # let market = MarketData::new(vec![CountryFacts::new("DE", "Germany", true).with_bev_sales(1000.0),
    /// #     CountryFacts::new("FR", "France", true).with_bev_sales(1000.0)], DutyTable::regulation_2024_2754());
    /// # let params = MarketEntryParams { price: 10_000.0, gross_margin_pct: 20.0, logistics_per_car: 0.0,
    /// #     eu_duty_pct: Some(0.0), growth_pct: 0.0, market_share_pct: 10.0, decay: Decay::None,
    /// #     fixed_cost: 50_000.0, entry_cost: 100_000.0, ..Default::default() };
    /// # let costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(params.cutoff_km)))?;
    /// # let inst = MarketEntryInstance::build(&problem, &costs, &market, &params)?;
    /// // `inst`: Berlin and Paris, 100 cars a year each at €2,000 a car, 2027–2030,
    /// // €50,000 a year per center, €100,000 per country entered (see the `MarketEntryInstance` example).
    /// assert_eq!(inst.n_candidates(), 2); // the two city sites
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn n_candidates(&self) -> usize {
        self.candidates.len()
    }

    /// Number of cities with a country.
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, TravelCost};
    /// # use siteplan::market::{CountryFacts, DutyTable, MarketData};
    /// # use siteplan::models::market_entry::*;
    /// # let city = |id: &str, lat: f64, lon: f64, iso2: &str| { let mut d = DemandPoint::new(id, lat, lon, 1.0); d.country = Some(iso2.into()); d };
    /// # let demand = vec![city("berlin", 52.52, 13.40, "DE"), city("paris", 48.86, 2.35, "FR")];
    /// # let problem = Problem::builder().demands(demand.clone()).sites(city_sites(&demand)).build()?;
    /// # let market = MarketData::new(vec![CountryFacts::new("DE", "Germany", true).with_bev_sales(1000.0),
    /// #     CountryFacts::new("FR", "France", true).with_bev_sales(1000.0)], DutyTable::regulation_2024_2754());
    /// # let params = MarketEntryParams { price: 10_000.0, gross_margin_pct: 20.0, logistics_per_car: 0.0,
    /// #     eu_duty_pct: Some(0.0), growth_pct: 0.0, market_share_pct: 10.0, decay: Decay::None,
    /// #     fixed_cost: 50_000.0, entry_cost: 100_000.0, ..Default::default() };
    /// # let costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(params.cutoff_km)))?;
    /// # let inst = MarketEntryInstance::build(&problem, &costs, &market, &params)?;
    /// // `inst`: Berlin and Paris, 100 cars a year each at €2,000 a car, 2027–2030,
    /// // €50,000 a year per center, €100,000 per country entered (see the `MarketEntryInstance` example).
    /// assert_eq!(inst.n_cities(), 2);
    /// // With France missing from the country table, Paris and its site drop out.
    /// let germany_only = MarketData::new(vec![market.countries[0].clone()], DutyTable::regulation_2024_2754());
    /// let de = MarketEntryInstance::build(&problem, &costs, &germany_only, &params)?;
    /// assert_eq!((de.n_cities(), de.n_candidates()), (1, 1));
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn n_cities(&self) -> usize {
        self.city_demand.len()
    }

    /// Number of city–candidate pairs with a positive value.
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, TravelCost};
    /// # use siteplan::market::{CountryFacts, DutyTable, MarketData};
    /// # use siteplan::models::market_entry::*;
    /// # let city = |id: &str, lat: f64, lon: f64, iso2: &str| { let mut d = DemandPoint::new(id, lat, lon, 1.0); d.country = Some(iso2.into()); d };
    /// # let demand = vec![city("berlin", 52.52, 13.40, "DE"), city("paris", 48.86, 2.35, "FR")];
    /// # let problem = Problem::builder().demands(demand.clone()).sites(city_sites(&demand)).build()?;
    /// # let market = MarketData::new(vec![CountryFacts::new("DE", "Germany", true).with_bev_sales(1000.0),
    /// #     CountryFacts::new("FR", "France", true).with_bev_sales(1000.0)], DutyTable::regulation_2024_2754());
    /// # let params = MarketEntryParams { price: 10_000.0, gross_margin_pct: 20.0, logistics_per_car: 0.0,
    /// #     eu_duty_pct: Some(0.0), growth_pct: 0.0, market_share_pct: 10.0, decay: Decay::None,
    /// #     fixed_cost: 50_000.0, entry_cost: 100_000.0, ..Default::default() };
    /// # let costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(params.cutoff_km)))?;
    /// # let inst = MarketEntryInstance::build(&problem, &costs, &market, &params)?;
    /// // `inst`: Berlin and Paris, 100 cars a year each at €2,000 a car, 2027–2030,
    /// // €50,000 a year per center, €100,000 per country entered (see the `MarketEntryInstance` example).
    /// // Each center reaches its own city only: Berlin–Paris is beyond the 150 km cutoff.
    /// assert_eq!(inst.n_pairs(), 2);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn n_pairs(&self) -> usize {
        self.col_city.len()
    }

    /// Data decisions worth telling the user.
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, TravelCost};
    /// # use siteplan::market::{CountryFacts, DutyTable, MarketData};
    /// # use siteplan::models::market_entry::*;
    /// # let city = |id: &str, lat: f64, lon: f64, iso2: &str| { let mut d = DemandPoint::new(id, lat, lon, 1.0); d.country = Some(iso2.into()); d };
    /// # let demand = vec![city("berlin", 52.52, 13.40, "DE"), city("paris", 48.86, 2.35, "FR")];
    /// # let problem = Problem::builder().demands(demand.clone()).sites(city_sites(&demand)).build()?;
    /// # let market = MarketData::new(vec![CountryFacts::new("DE", "Germany", true).with_bev_sales(1000.0),
    /// #     CountryFacts::new("FR", "France", true).with_bev_sales(1000.0)], DutyTable::regulation_2024_2754());
    /// # let params = MarketEntryParams { price: 10_000.0, gross_margin_pct: 20.0, logistics_per_car: 0.0,
    /// #     eu_duty_pct: Some(0.0), growth_pct: 0.0, market_share_pct: 10.0, decay: Decay::None,
    /// #     fixed_cost: 50_000.0, entry_cost: 100_000.0, ..Default::default() };
    /// # let costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(params.cutoff_km)))?;
    /// # let inst = MarketEntryInstance::build(&problem, &costs, &market, &params)?;
    /// // `inst`: Berlin and Paris, 100 cars a year each at €2,000 a car, 2027–2030,
    /// // €50,000 a year per center, €100,000 per country entered (see the `MarketEntryInstance` example).
    /// assert!(inst.notes().is_empty());
    /// // A country table without France: Paris's site is left out, and said so.
    /// let germany_only = MarketData::new(vec![market.countries[0].clone()], DutyTable::regulation_2024_2754());
    /// let de = MarketEntryInstance::build(&problem, &costs, &germany_only, &params)?;
    /// assert!(de.notes().iter().any(|n| n.contains("left out")));
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// The schedule with only existing centers open.
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, TravelCost};
    /// # use siteplan::market::{CountryFacts, DutyTable, MarketData};
    /// # use siteplan::models::market_entry::*;
    /// # let city = |id: &str, lat: f64, lon: f64, iso2: &str| { let mut d = DemandPoint::new(id, lat, lon, 1.0); d.country = Some(iso2.into()); d };
    /// # let demand = vec![city("berlin", 52.52, 13.40, "DE"), city("paris", 48.86, 2.35, "FR")];
    /// # let problem = Problem::builder().demands(demand.clone()).sites(city_sites(&demand)).build()?;
    /// # let market = MarketData::new(vec![CountryFacts::new("DE", "Germany", true).with_bev_sales(1000.0),
    /// #     CountryFacts::new("FR", "France", true).with_bev_sales(1000.0)], DutyTable::regulation_2024_2754());
    /// # let params = MarketEntryParams { price: 10_000.0, gross_margin_pct: 20.0, logistics_per_car: 0.0,
    /// #     eu_duty_pct: Some(0.0), growth_pct: 0.0, market_share_pct: 10.0, decay: Decay::None,
    /// #     fixed_cost: 50_000.0, entry_cost: 100_000.0, ..Default::default() };
    /// # let costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(params.cutoff_km)))?;
    /// # let inst = MarketEntryInstance::build(&problem, &costs, &market, &params)?;
    /// // `inst`: Berlin and Paris, 100 cars a year each at €2,000 a car, 2027–2030,
    /// // €50,000 a year per center, €100,000 per country entered (see the `MarketEntryInstance` example).
    /// let none = inst.empty_schedule();
    /// assert_eq!(none, vec![None, None]); // no existing centers
    /// assert_eq!(inst.evaluate(&none).objective, 0.0);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn empty_schedule(&self) -> Schedule {
        self.candidates
            .iter()
            .map(|c| c.existing.then_some(0))
            .collect()
    }

    /// Checks a schedule against constraints (3)–(8): existing centers open
    /// from the first year, openings per year, budget. Returns the first
    /// violation found.
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, TravelCost};
    /// # use siteplan::market::{CountryFacts, DutyTable, MarketData};
    /// # use siteplan::models::market_entry::*;
    /// # let city = |id: &str, lat: f64, lon: f64, iso2: &str| { let mut d = DemandPoint::new(id, lat, lon, 1.0); d.country = Some(iso2.into()); d };
    /// # let demand = vec![city("berlin", 52.52, 13.40, "DE"), city("paris", 48.86, 2.35, "FR")];
    /// # let problem = Problem::builder().demands(demand.clone()).sites(city_sites(&demand)).build()?;
    /// # let market = MarketData::new(vec![CountryFacts::new("DE", "Germany", true).with_bev_sales(1000.0),
    /// #     CountryFacts::new("FR", "France", true).with_bev_sales(1000.0)], DutyTable::regulation_2024_2754());
    /// # let params = MarketEntryParams { price: 10_000.0, gross_margin_pct: 20.0, logistics_per_car: 0.0,
    /// #     eu_duty_pct: Some(0.0), growth_pct: 0.0, market_share_pct: 10.0, decay: Decay::None,
    /// #     fixed_cost: 50_000.0, entry_cost: 100_000.0, ..Default::default() };
    /// # let costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(params.cutoff_km)))?;
    /// # let inst = MarketEntryInstance::build(&problem, &costs, &market, &params)?;
    /// // `inst`: Berlin and Paris, 100 cars a year each at €2,000 a car, 2027–2030,
    /// // €50,000 a year per center, €100,000 per country entered (see the `MarketEntryInstance` example).
    /// assert!(inst.check(&vec![Some(0), Some(3)]).is_ok());
    /// assert!(inst.check(&vec![Some(0)]).is_err()); // one entry per candidate
    /// assert!(inst.check(&vec![Some(4), None]).is_err()); // there are only 4 years
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn check(&self, schedule: &Schedule) -> std::result::Result<(), String> {
        if schedule.len() != self.candidates.len() {
            return Err(format!(
                "schedule has {} entries for {} candidates",
                schedule.len(),
                self.candidates.len()
            ));
        }
        let nt = self.years.len();
        let mut per_year = vec![0usize; nt];
        for (k, (c, s)) in self.candidates.iter().zip(schedule).enumerate() {
            match (c.existing, s) {
                (true, Some(0)) => {}
                (true, _) => {
                    return Err(format!(
                        "existing center {} must be open from the first year",
                        self.site_ids[c.site]
                    ))
                }
                (false, Some(t)) if *t >= nt => {
                    return Err(format!("candidate {k} opens in year index {t} ≥ {nt}"))
                }
                (false, Some(t)) => per_year[*t] += 1,
                (false, None) => {}
            }
        }
        if let Some(kmax) = self.params.max_openings_per_year {
            if let Some(t) = (0..nt).find(|&t| per_year[t] > kmax) {
                return Err(format!(
                    "{} openings in {} exceed max_openings_per_year = {kmax}",
                    per_year[t], self.years[t]
                ));
            }
        }
        if let Some(b) = self.params.budget {
            let spend = self.spend(schedule);
            if spend > b * (1.0 + 1e-9) + 1e-6 {
                return Err(format!("spending {spend:.0} exceeds the budget {b:.0}"));
            }
        }
        if let Some(b) = self.params.budget_per_year {
            for (t, x) in self.invest_per_year(schedule).iter().enumerate() {
                if *x > b * (1.0 + 1e-9) + 1e-6 {
                    return Err(format!(
                        "entry and opening costs of {x:.0} in {} exceed budget_per_year = {b:.0}",
                        self.years[t]
                    ));
                }
            }
        }
        Ok(())
    }

    /// Year index each country is entered by a schedule: the first opening
    /// year of its centers (`Some(0)` for countries with an existing center).
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, TravelCost};
    /// # use siteplan::market::{CountryFacts, DutyTable, MarketData};
    /// # use siteplan::models::market_entry::*;
    /// # let city = |id: &str, lat: f64, lon: f64, iso2: &str| { let mut d = DemandPoint::new(id, lat, lon, 1.0); d.country = Some(iso2.into()); d };
    /// # let demand = vec![city("berlin", 52.52, 13.40, "DE"), city("paris", 48.86, 2.35, "FR")];
    /// # let problem = Problem::builder().demands(demand.clone()).sites(city_sites(&demand)).build()?;
    /// # let market = MarketData::new(vec![CountryFacts::new("DE", "Germany", true).with_bev_sales(1000.0),
    /// #     CountryFacts::new("FR", "France", true).with_bev_sales(1000.0)], DutyTable::regulation_2024_2754());
    /// # let params = MarketEntryParams { price: 10_000.0, gross_margin_pct: 20.0, logistics_per_car: 0.0,
    /// #     eu_duty_pct: Some(0.0), growth_pct: 0.0, market_share_pct: 10.0, decay: Decay::None,
    /// #     fixed_cost: 50_000.0, entry_cost: 100_000.0, ..Default::default() };
    /// # let costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(params.cutoff_km)))?;
    /// # let inst = MarketEntryInstance::build(&problem, &costs, &market, &params)?;
    /// // `inst`: Berlin and Paris, 100 cars a year each at €2,000 a car, 2027–2030,
    /// // €50,000 a year per center, €100,000 per country entered (see the `MarketEntryInstance` example).
    /// assert_eq!(inst.entry_years(&vec![Some(2), None]), vec![Some(2), None]);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn entry_years(&self, schedule: &Schedule) -> Vec<Option<usize>> {
        let mut entry = vec![None; self.countries.len()];
        for (c, s) in self.candidates.iter().zip(schedule) {
            if let Some(t) = *s {
                let e: &mut Option<usize> = &mut entry[c.country];
                *e = Some(e.map_or(t, |x: usize| x.min(t)));
            }
        }
        entry
    }

    /// Undiscounted spending counted against the budget, constraint (7):
    /// entry costs of countries without an existing center, plus opening and
    /// yearly costs of new centers.
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, TravelCost};
    /// # use siteplan::market::{CountryFacts, DutyTable, MarketData};
    /// # use siteplan::models::market_entry::*;
    /// # let city = |id: &str, lat: f64, lon: f64, iso2: &str| { let mut d = DemandPoint::new(id, lat, lon, 1.0); d.country = Some(iso2.into()); d };
    /// # let demand = vec![city("berlin", 52.52, 13.40, "DE"), city("paris", 48.86, 2.35, "FR")];
    /// # let problem = Problem::builder().demands(demand.clone()).sites(city_sites(&demand)).build()?;
    /// # let market = MarketData::new(vec![CountryFacts::new("DE", "Germany", true).with_bev_sales(1000.0),
    /// #     CountryFacts::new("FR", "France", true).with_bev_sales(1000.0)], DutyTable::regulation_2024_2754());
    /// # let params = MarketEntryParams { price: 10_000.0, gross_margin_pct: 20.0, logistics_per_car: 0.0,
    /// #     eu_duty_pct: Some(0.0), growth_pct: 0.0, market_share_pct: 10.0, decay: Decay::None,
    /// #     fixed_cost: 50_000.0, entry_cost: 100_000.0, ..Default::default() };
    /// # let costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(params.cutoff_km)))?;
    /// # let inst = MarketEntryInstance::build(&problem, &costs, &market, &params)?;
    /// // `inst`: Berlin and Paris, 100 cars a year each at €2,000 a car, 2027–2030,
    /// // €50,000 a year per center, €100,000 per country entered (see the `MarketEntryInstance` example).
    /// // Berlin from 2027: entry €100,000 + 4 years × €50,000.
    /// assert_eq!(inst.spend(&vec![Some(0), None]), 300_000.0);
    /// // Paris added in 2030: another entry + 1 year.
    /// assert_eq!(inst.spend(&vec![Some(0), Some(3)]), 450_000.0);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn spend(&self, schedule: &Schedule) -> f64 {
        let nt = self.years.len();
        let mut total = 0.0;
        for (c, s) in self.candidates.iter().zip(schedule) {
            if let (false, Some(t)) = (c.existing, *s) {
                total += c.opening_cost + c.fixed_cost * (nt - t) as f64;
            }
        }
        for (ci, e) in self.entry_years(schedule).iter().enumerate() {
            if e.is_some() && !self.countries[ci].present {
                total += self.countries[ci].entry_cost;
            }
        }
        total
    }

    /// The open candidate of largest capture for city `i` in year `t`.
    #[inline]
    pub(crate) fn best_open(
        &self,
        i: usize,
        t: usize,
        schedule: &Schedule,
    ) -> Option<(usize, f64)> {
        let (a, b) = (self.row_start[i], self.row_start[i + 1]);
        (a..b)
            .map(|p| (self.row_cand[p] as usize, self.row_capture[p]))
            .find(|&(k, _)| schedule[k].is_some_and(|o| o <= t))
    }
}
