//! Market entry: which countries to enter, in which year, and where to open
//! sales-and-service centers, when every car sold pays an import duty.
//!
//! Demand is each country's battery-electric car market (IEA sales, grown
//! yearly) spread over its cities by population and multiplied by a market
//! share target ([`crate::market::city_demand`]). A center captures a share
//! of the demand of cities within the cutoff that falls with distance
//! ([`Decay`](crate::models::market_entry::Decay)), optionally shared with competitors (Huff). Each car sold
//! earns price × margin − duty − logistics; a country costs an entry cost
//! the year it is entered; each open center costs a fixed amount a year.
//!
//! # Formulation
//!
//! Maximise the (discounted) profit over the planning years
//!
//! ```text
//! max Σ_t δ_t [ Σ_i Σ_j v_c(i) D_it a_ij x_ijt
//!               − Σ_j F_j y_jt − Σ_j O_j (y_jt − y_j,t−1)
//!               − Σ_c E_c (u_ct − u_c,t−1) ]
//!
//! s.t. (1) x_ijt ≤ y_jt                          every pair i–j within the cutoff, every t
//!      (2) Σ_j x_ijt ≤ 1                          every city i, year t
//!      (3) y_jt ≤ u_c(j),t                        a center only in an entered country
//!      (4) y_jt ≥ y_j,t−1                         once open, a center stays open
//!      (5) u_ct ≥ u_c,t−1                         once entered, a country stays entered
//!      (6) Σ_j (y_jt − y_j,t−1) ≤ K               at most K openings a year (optional)
//!      (7) Σ_t [ Σ_c E_c (u_ct − u_c,t−1)
//!              + Σ_j O_j (y_jt − y_j,t−1) + Σ_j F_j y_jt ] ≤ B   budget (optional, undiscounted)
//!      (8) y_jt = 1 and u_c(j),t = 1 for existing centers j (no entry cost, not counted in K or B)
//!      (9) x_ijt exists only where v_c(i) > 0, a_ij > 0 and, without
//!          cross-border service, c(i) = c(j)
//!      y_j,t0−1 = u_c,t0−1 = 0;  y, u ∈ {0, 1};  0 ≤ x ≤ 1
//! ```
//!
//! Every coefficient `v D a` of `x` is positive, so for given openings an
//! optimal `x` serves each city entirely by its open center of largest
//! capture `a_ij` (the best open one): the linear model is exact for
//! "served by the best open center".
//!
//! | symbol | meaning | parameter |
//! |---|---|---|
//! | `t`, `t0` | planning years, the first one | `first_year`, `last_year` |
//! | `i`, `j`, `c` | demand city, candidate site, country | demand and sites files |
//! | `D_it` | target sales at `i` in year `t`: `S_c g^(t−2024) w_i/W_c m` | `growth_pct`, `market_share_pct`, `bev_sales` |
//! | `a_ij` | capture: `decay(d_ij)` (× Huff share with competitors), 0 beyond the cutoff | `decay`, `cutoff_km`, `competitors` |
//! | `v_c` | contribution per car: `p g_m − p s τ_c − l` | `price`, `gross_margin_pct`, `customs_value_pct`, duty keys, `logistics_per_car` |
//! | `τ_c` | duty rate of country `c` | `exporter_group`, `eu_duty_pct`, `duty_pct` |
//! | `F_j` | yearly fixed cost of a center: `F × κ_c(j)` | `fixed_cost`, `cost_index` |
//! | `O_j` | one-off opening cost of a center: `O × κ_c(j)` | `opening_cost`, `cost_index` |
//! | `κ_c` | cost index: GDP per capita / population-weighted mean | `cost_index` |
//! | `E_c` | one-off cost of entering country `c` | `entry_cost`, `entry_cost_by_country` |
//! | `δ_t` | discount factor `(1 + r)^−(t − t0)` | `discount_rate_pct` |
//! | `K`, `B` | openings per year, budget | `max_openings_per_year`, `budget` |
//! | `x_ijt` | share of `i`'s target served by `j` in `t` | — |
//! | `y_jt`, `u_ct` | center `j` open in `t`; country `c` entered by `t` | — |
//!
//! Competitors (sites with status `competitor`, used when `competitors =
//! true`) reduce capture by a Huff share computed per pair:
//! `a_ij = decay(d_ij) × A_j / (A_j + Σ_k A_k decay(d_ik))` over competitors
//! `k` within the cutoff of `i`. This is the Huff share of a city served by
//! one own center; it approximates the Huff model (where several own centers
//! near a city would add up) and keeps the model linear.

// Index loops over (city, year) and (candidate, year) arrays read best as such.
#![allow(clippy::needless_range_loop)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use good_lp::{variable, Constraint, Expression, ProblemVariables, Variable};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::market::{city_demand, cost_index, DemandSettings, MarketData};
use crate::plan::{PlanStatus, SolveStats};
use crate::problem::{Problem, SiteStatus};
use crate::spatial::PointIndex;
use crate::travel::CostMatrix;

/// How the captured share falls with distance `d` (in the cost matrix's
/// unit: km for great-circle costs). Every kind is 0 beyond the cutoff.
///
/// In TOML: `decay = { kind = "exponential", beta = 0.01 }`,
/// `decay = { kind = "power", beta = 2.0, d0 = 25.0 }`,
/// `decay = { kind = "linear" }` or `decay = { kind = "none" }`.
///
/// ```
/// use siteplan::models::market_entry::Decay;
/// let e = Decay::Exponential { beta: 0.01 };
/// assert!((e.value(100.0, 150.0) - (-1.0f64).exp()).abs() < 1e-12);
/// let p = Decay::Power { beta: 2.0, d0: 25.0 };
/// assert_eq!(p.value(25.0, 150.0), 0.25);
/// assert_eq!(Decay::Linear.value(75.0, 150.0), 0.5);
/// assert_eq!(Decay::None.value(200.0, 150.0), 0.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum Decay {
    /// 1 within the cutoff.
    None,
    /// `1 − d / cutoff`.
    Linear,
    /// `1 / (1 + d / d0)^beta` (a power decay that is 1 at distance 0).
    Power {
        /// Exponent β > 0.
        beta: f64,
        /// Distance scale d0 > 0: the capture is `2^−β` at `d0`.
        d0: f64,
    },
    /// `exp(−beta × d)`, as ArcGIS "maximize attendance" uses.
    Exponential {
        /// Rate per unit distance (per km), ≥ 0; `ln 2 / beta` is the half distance.
        beta: f64,
    },
}

impl Decay {
    /// Capture fraction at distance `d` with the given cutoff.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::models::market_entry::Decay;
    /// let d = Decay::Power { beta: 1.0, d0: 50.0 };
    /// assert_eq!(d.value(0.0, 150.0), 1.0);
    /// assert_eq!(d.value(50.0, 150.0), 0.5); // 1 / (1 + 50/50)
    /// assert_eq!(d.value(151.0, 150.0), 0.0); // beyond the cutoff
    /// ```
    pub fn value(&self, d: f64, cutoff: f64) -> f64 {
        if d.is_nan() || d > cutoff {
            return 0.0;
        }
        let d = d.max(0.0);
        match *self {
            Decay::None => 1.0,
            Decay::Linear => {
                if cutoff > 0.0 {
                    1.0 - d / cutoff
                } else {
                    1.0
                }
            }
            Decay::Power { beta, d0 } => (1.0 + d / d0).powf(-beta),
            Decay::Exponential { beta } => (-beta * d).exp(),
        }
    }

    fn validate(&self) -> Result<()> {
        let bad = match *self {
            Decay::Power { beta, d0 } => !(beta > 0.0 && beta.is_finite() && d0 > 0.0),
            Decay::Exponential { beta } => !(beta >= 0.0 && beta.is_finite()),
            _ => false,
        };
        if bad {
            return Err(Error::Usage(format!(
                "decay {self:?}: power needs beta > 0 and d0 > 0; exponential needs beta ≥ 0"
            )));
        }
        Ok(())
    }
}

/// The exporter group whose duty applies by default: cooperating companies
/// not sampled (20.7 % countervailing duty + 10 % standard duty).
pub const DEFAULT_EXPORTER_GROUP: &str = "Other cooperating companies (not sampled)";

/// Duty (percent) for countries outside the EU27 when the scenario does not
/// set one: GB 10 (the UK's standard car tariff), NO 0, CH 0. These are
/// scenario defaults, not verified tariff facts.
pub const DEFAULT_NON_EU_DUTY_PCT: [(&str, f64); 3] = [("GB", 10.0), ("NO", 0.0), ("CH", 0.0)];

/// Settings of the market-entry model, read from the `[market_entry]`
/// table of a scenario file. Every field has a documented default;
/// unknown keys are an error.
///
/// ```
/// use siteplan::models::market_entry::MarketEntryParams;
/// let p = MarketEntryParams::from_toml_str(r#"
///     price = 40000.0
///     eu_duty_pct = 0.0
///     decay = { kind = "power", beta = 1.5, d0 = 30.0 }
/// "#)?;
/// assert_eq!(p.price, 40000.0);
/// assert_eq!(p.gross_margin_pct, 23.2);
/// assert!(MarketEntryParams::from_toml_str("pricee = 1.0").is_err());
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MarketEntryParams {
    /// Country table (`countries_eu.csv`); relative paths are resolved
    /// against the scenario file's folder by [`MarketEntryParams::resolve_paths`].
    /// Required to run.
    pub countries: Option<PathBuf>,
    /// Duty table (`eu_bev_duties_cn.csv`); default: the rates of Regulation
    /// (EU) 2024/2754 built into siteplan.
    pub duties: Option<PathBuf>,
    /// Net revenue per car to the maker, € (default 35,000).
    pub price: f64,
    /// Gross margin per car before duty and logistics, percent of the price
    /// (default 23.2, the low end of the maker's home margin).
    pub gross_margin_pct: f64,
    /// Exporter group of the duty table whose countervailing duty applies in
    /// the EU27 (default [`DEFAULT_EXPORTER_GROUP`]); a unique part of the
    /// name is enough.
    pub exporter_group: String,
    /// Total EU27 duty in percent, replacing standard + countervailing duty
    /// (e.g. 0 for cars assembled in the EU, 48 for the total quoted in the
    /// press). Default: none (use the table).
    pub eu_duty_pct: Option<f64>,
    /// Duty in percent by ISO2 code, overriding every other rule for that
    /// country; non-EU countries not listed get [`DEFAULT_NON_EU_DUTY_PCT`].
    pub duty_pct: BTreeMap<String, f64>,
    /// Customs value (the base the duty is charged on) in percent of the
    /// price (default 100: duty on the full price, which overstates it when
    /// the import price is below the selling price).
    pub customs_value_pct: f64,
    /// Shipping, insurance and delivery per car, € (default 1,500).
    pub logistics_per_car: f64,
    /// Year of the sales figures in the country table (default 2024).
    pub base_year: i32,
    /// Yearly growth of BEV sales, percent (default 10).
    pub growth_pct: f64,
    /// Market share target in percent of BEV sales at a city with a center
    /// at distance 0 (default 3).
    pub market_share_pct: f64,
    /// Base-year BEV sales by ISO2 code, replacing or supplying the table's
    /// figure (e.g. `bev_sales = { MT = 1500 }`; default none, so Malta,
    /// which the IEA does not cover, has no demand).
    pub bev_sales: BTreeMap<String, f64>,
    /// One-off cost of entering a country, € (default 20 million).
    pub entry_cost: f64,
    /// Entry cost by ISO2 code, overriding `entry_cost`.
    pub entry_cost_by_country: BTreeMap<String, f64>,
    /// Yearly running cost of a center at cost index 1, € (default 1.5 million).
    pub fixed_cost: f64,
    /// One-off opening cost of a center at cost index 1, € (default 0).
    pub opening_cost: f64,
    /// Scale center costs by the country's cost index (default true).
    pub cost_index: bool,
    /// Largest distance (km, or the cost matrix's unit) at which a center
    /// captures demand (default 150).
    pub cutoff_km: f64,
    /// Distance decay (default exponential, beta 0.01 per km: half the
    /// capture at 69 km).
    pub decay: Decay,
    /// First planning year (default 2027).
    pub first_year: i32,
    /// Last planning year (default 2030).
    pub last_year: i32,
    /// Most new centers opened in one year (default 30). TOML has no null:
    /// for no limit write a number above the candidate count, or set
    /// `None` from Rust.
    pub max_openings_per_year: Option<usize>,
    /// Most that entry, opening and yearly center costs of new centers may
    /// add up to over the horizon, undiscounted € (default none).
    pub budget: Option<f64>,
    /// Let competitor sites reduce capture (Huff share; default false).
    pub competitors: bool,
    /// Let a center serve cities in other countries (default false).
    pub cross_border: bool,
    /// Discount rate for the profit, percent a year (default 0).
    pub discount_rate_pct: f64,
}

impl Default for MarketEntryParams {
    fn default() -> Self {
        MarketEntryParams {
            countries: None,
            duties: None,
            price: 35_000.0,
            gross_margin_pct: 23.2,
            exporter_group: DEFAULT_EXPORTER_GROUP.to_owned(),
            eu_duty_pct: None,
            duty_pct: BTreeMap::new(),
            customs_value_pct: 100.0,
            logistics_per_car: 1_500.0,
            base_year: 2024,
            growth_pct: 10.0,
            market_share_pct: 3.0,
            bev_sales: BTreeMap::new(),
            entry_cost: 20e6,
            entry_cost_by_country: BTreeMap::new(),
            fixed_cost: 1.5e6,
            opening_cost: 0.0,
            cost_index: true,
            cutoff_km: 150.0,
            decay: Decay::Exponential { beta: 0.01 },
            first_year: 2027,
            last_year: 2030,
            max_openings_per_year: Some(30),
            budget: None,
            competitors: false,
            cross_border: false,
            discount_rate_pct: 0.0,
        }
    }
}

impl MarketEntryParams {
    /// Parses the keys of a `[market_entry]` table given as TOML text.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::models::market_entry::{Decay, MarketEntryParams};
    /// let p = MarketEntryParams::from_toml_str("first_year = 2026\ndecay = { kind = \"linear\" }")?;
    /// assert_eq!(p.years(), vec![2026, 2027, 2028, 2029, 2030]);
    /// assert_eq!(p.decay, Decay::Linear);
    /// assert!(MarketEntryParams::from_toml_str("price = \"high\"").is_err());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn from_toml_str(s: &str) -> Result<Self> {
        toml::from_str(s).map_err(|e| Error::Usage(format!("[market_entry]: {e}")))
    }

    /// Reads the parameters from a parsed `[market_entry]` table.
    ///
    /// ```
    /// use siteplan::models::market_entry::MarketEntryParams;
    /// let file: toml::Table = toml::from_str("[market_entry]\neu_duty_pct = 48.0\n").unwrap();
    /// let p = MarketEntryParams::from_table(file["market_entry"].as_table().unwrap())?;
    /// assert_eq!(p.eu_duty_pct, Some(48.0));
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn from_table(table: &toml::Table) -> Result<Self> {
        table
            .clone()
            .try_into()
            .map_err(|e| Error::Usage(format!("[market_entry]: {e}")))
    }

    /// The same parameters with relative `countries` and `duties` paths
    /// joined to `base` (the scenario file's folder).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::path::Path;
    /// use siteplan::models::market_entry::MarketEntryParams;
    /// let fixed = std::env::temp_dir().join("duties.csv"); // absolute: kept as it is
    /// let p = MarketEntryParams {
    ///     countries: Some("countries_eu.csv".into()),
    ///     duties: Some(fixed.clone()),
    ///     ..Default::default()
    /// }
    /// .resolve_paths(Path::new("data/scenarios"));
    /// assert_eq!(p.countries.as_deref(), Some(Path::new("data/scenarios/countries_eu.csv")));
    /// assert_eq!(p.duties, Some(fixed));
    /// ```
    pub fn resolve_paths(mut self, base: &Path) -> Self {
        for p in [&mut self.countries, &mut self.duties]
            .into_iter()
            .flatten()
        {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        }
        self
    }

    /// The planning years.
    ///
    /// ```
    /// let p = siteplan::models::market_entry::MarketEntryParams::default();
    /// assert_eq!(p.years(), vec![2027, 2028, 2029, 2030]);
    /// ```
    pub fn years(&self) -> Vec<i32> {
        (self.first_year..=self.last_year).collect()
    }

    /// Checks ranges and combinations.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::models::market_entry::MarketEntryParams;
    /// assert!(MarketEntryParams::default().validate().is_ok());
    /// let p = MarketEntryParams { first_year: 2030, last_year: 2027, price: -1.0, ..Default::default() };
    /// let msg = p.validate().unwrap_err().to_string();
    /// assert!(msg.contains("price") && msg.contains("before first_year"));
    /// ```
    pub fn validate(&self) -> Result<()> {
        let mut bad = Vec::new();
        let mut nonneg = |name: &str, v: f64| {
            if !(v.is_finite() && v >= 0.0) {
                bad.push(format!("{name} = {v} must be a number ≥ 0"));
            }
        };
        nonneg("price", self.price);
        nonneg("gross_margin_pct", self.gross_margin_pct);
        nonneg("customs_value_pct", self.customs_value_pct);
        nonneg("logistics_per_car", self.logistics_per_car);
        nonneg("market_share_pct", self.market_share_pct);
        nonneg("entry_cost", self.entry_cost);
        nonneg("fixed_cost", self.fixed_cost);
        nonneg("opening_cost", self.opening_cost);
        nonneg("cutoff_km", self.cutoff_km);
        nonneg("discount_rate_pct", self.discount_rate_pct);
        if let Some(d) = self.eu_duty_pct {
            nonneg("eu_duty_pct", d);
        }
        for (k, &v) in &self.duty_pct {
            nonneg(&format!("duty_pct.{k}"), v);
        }
        for (k, &v) in &self.entry_cost_by_country {
            nonneg(&format!("entry_cost_by_country.{k}"), v);
        }
        if let Some(b) = self.budget {
            nonneg("budget", b);
        }
        if self.market_share_pct > 100.0 {
            bad.push("market_share_pct must be at most 100".into());
        }
        if self.last_year < self.first_year {
            bad.push(format!(
                "last_year {} is before first_year {}",
                self.last_year, self.first_year
            ));
        } else if self.last_year - self.first_year > 50 {
            bad.push("the horizon is longer than 50 years".into());
        }
        if let Err(Error::Usage(m)) = self.decay.validate() {
            bad.push(m);
        }
        if bad.is_empty() {
            Ok(())
        } else {
            Err(Error::Usage(format!("[market_entry]: {}", bad.join("; "))))
        }
    }

    /// Contribution per car at a duty of `duty_pct`:
    /// `price × margin − price × customs share × duty − logistics`.
    ///
    /// ```
    /// let p = siteplan::models::market_entry::MarketEntryParams::default();
    /// assert!((p.contribution_per_car(0.0) - (35000.0 * 0.232 - 1500.0)).abs() < 1e-9);
    /// assert!(p.contribution_per_car(30.7) < 0.0);
    /// ```
    pub fn contribution_per_car(&self, duty_pct: f64) -> f64 {
        self.price * self.gross_margin_pct / 100.0
            - self.price * self.customs_value_pct / 100.0 * duty_pct / 100.0
            - self.logistics_per_car
    }

    /// The duty (percent) at which a car earns nothing; `None` when the
    /// customs value is 0.
    ///
    /// ```
    /// let p = siteplan::models::market_entry::MarketEntryParams::default();
    /// let be = p.break_even_duty_pct().unwrap();
    /// assert!(p.contribution_per_car(be).abs() < 1e-6);
    /// ```
    pub fn break_even_duty_pct(&self) -> Option<f64> {
        let base = self.price * self.customs_value_pct / 100.0;
        (base > 0.0).then(|| {
            (self.price * self.gross_margin_pct / 100.0 - self.logistics_per_car) / base * 100.0
        })
    }
}

/// Candidate sites at the demand points themselves (same ids, names,
/// countries and regions), for plans whose candidates are the cities.
///
/// ```
/// let mut d = siteplan::DemandPoint::new("paris", 48.85, 2.35, 2.1e6);
/// d.country = Some("FR".into());
/// let s = siteplan::models::market_entry::city_sites(&[d]);
/// assert_eq!(s[0].id, "paris");
/// assert_eq!(s[0].country.as_deref(), Some("FR"));
/// ```
pub fn city_sites(demand: &[crate::problem::DemandPoint]) -> Vec<crate::problem::Site> {
    demand
        .iter()
        .map(|d| {
            let mut s = crate::problem::Site::new(d.id.clone(), d.lat, d.lon);
            s.name = d.name.clone();
            s.country = d.country.clone();
            s.region = d.region.clone();
            s
        })
        .collect()
}

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
    /// Duty in percent of the customs value.
    pub duty_pct: f64,
    /// Contribution per car `v_c`, €.
    pub contribution_per_car: f64,
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
}

impl MarketEntryInstance {
    /// Builds the instance: city demand from `market`, candidates from the
    /// problem's `candidate` and `existing` sites, captures from `costs`
    /// (pairs beyond `params.cutoff_km` are dropped).
    ///
    /// Sites without a country take the country of the nearest demand point
    /// (noted); sites and cities in countries missing from the country table
    /// are left out (noted).
    ///
    /// ```
    /// use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, Site, TravelCost};
    /// use siteplan::market::{CountryFacts, DutyTable, MarketData};
    /// use siteplan::models::market_entry::{MarketEntryInstance, MarketEntryParams};
    /// let mut a = DemandPoint::new("berlin", 52.52, 13.40, 3.4e6);
    /// a.country = Some("DE".into());
    /// let mut s = Site::new("berlin", 52.52, 13.40);
    /// s.country = Some("DE".into());
    /// let problem = Problem::builder().demand(a).site(s).build()?;
    /// let market = MarketData::new(
    ///     vec![CountryFacts::new("DE", "Germany", true).with_bev_sales(380_000.0)],
    ///     DutyTable::regulation_2024_2754());
    /// let params = MarketEntryParams { eu_duty_pct: Some(0.0), ..Default::default() };
    /// let costs = Haversine.cost_matrix(&problem, Reach::cutoff(Km(params.cutoff_km)))?;
    /// let inst = MarketEntryInstance::build(&problem, &costs, &market, &params)?;
    /// assert_eq!(inst.n_candidates(), 1);
    /// assert_eq!(inst.countries()[0].duty_pct, 0.0);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn build(
        problem: &Problem,
        costs: &CostMatrix,
        market: &MarketData,
        params: &MarketEntryParams,
    ) -> Result<Self> {
        params.validate()?;
        if costs.n_demand() != problem.demand().len() || costs.n_sites() != problem.sites().len() {
            return Err(Error::Usage(
                "the cost matrix was built for a different problem".into(),
            ));
        }
        let years = params.years();
        let nt = years.len();
        let r = params.discount_rate_pct / 100.0;
        let discount: Vec<f64> = (0..nt).map(|t| (1.0 + r).powi(-(t as i32))).collect();
        let settings = DemandSettings {
            base_year: params.base_year,
            years: years.clone(),
            growth_pct: params.growth_pct,
            market_share_pct: params.market_share_pct,
            bev_sales: params.bev_sales.clone(),
        };
        let cd = city_demand(problem.demand(), market, &settings)?;
        let mut notes = cd.notes.clone();

        // Duties and country terms.
        let eu_duty = match params.eu_duty_pct {
            Some(d) => d,
            None => market.duties.combined_pct(&params.exporter_group)?,
        };
        for k in params
            .duty_pct
            .keys()
            .chain(params.entry_cost_by_country.keys())
        {
            if market.country_index(k).is_none() {
                return Err(Error::Usage(format!(
                    "[market_entry]: {k:?} is not a country of the country table"
                )));
            }
        }
        let kappa = cost_index(&market.countries);
        let mut countries = Vec::with_capacity(market.countries.len());
        for (ci, c) in market.countries.iter().enumerate() {
            let over = params
                .duty_pct
                .iter()
                .find(|(k, _)| c.matches(k))
                .map(|(_, &v)| v);
            let duty_pct = match over {
                Some(v) => v,
                None if c.eu_member => eu_duty,
                None => DEFAULT_NON_EU_DUTY_PCT
                    .iter()
                    .find(|(k, _)| *k == c.iso2)
                    .map(|&(_, v)| v)
                    .ok_or_else(|| {
                        Error::Usage(format!(
                            "{} is not in the EU27 and has no default duty; set duty_pct.{} in [market_entry]",
                            c.iso2, c.iso2
                        ))
                    })?,
            };
            let entry_cost = params
                .entry_cost_by_country
                .iter()
                .find(|(k, _)| c.matches(k))
                .map(|(_, &v)| v)
                .unwrap_or(params.entry_cost);
            countries.push(CountryTerms {
                iso2: c.iso2.clone(),
                name: c.name.clone(),
                eu_member: c.eu_member,
                duty_pct,
                contribution_per_car: params.contribution_per_car(duty_pct),
                entry_cost,
                cost_index: if params.cost_index {
                    kappa.get(&c.iso2).copied().unwrap_or(1.0)
                } else {
                    1.0
                },
                base_sales: cd.base_sales[ci],
                market_cars: cd.market_cars[ci].clone(),
                present: false,
                n_cities: 0,
                n_sites: 0,
            });
        }

        // Cities.
        let (mut city_demand_idx, mut city_country, mut cars, mut value) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (d, c) in cd.country.iter().enumerate() {
            let Some(c) = *c else { continue };
            city_demand_idx.push(d);
            city_country.push(c);
            countries[c].n_cities += 1;
            let v = countries[c].contribution_per_car;
            for t in 0..nt {
                let x = cd.cars[d][t];
                cars.push(x);
                value.push(if v > 0.0 { discount[t] * v * x } else { 0.0 });
            }
        }

        // Candidates and their countries.
        let sites = problem.sites();
        let mut cand_of_site = vec![u32::MAX; sites.len()];
        let mut candidates = Vec::new();
        let mut inferred = 0usize;
        let mut unknown_sites = 0usize;
        let demand_index = PointIndex::new(problem.demand().iter().map(|d| (d.lat, d.lon)));
        for (s, site) in sites.iter().enumerate() {
            if !site.can_open() {
                continue;
            }
            let c = match site.country.as_deref() {
                Some(code) => market.country_index(code),
                None => {
                    inferred += 1;
                    demand_index
                        .nearest(site.lat, site.lon, 1)
                        .first()
                        .and_then(|h| cd.country[h.0 as usize])
                }
            };
            let Some(c) = c else {
                unknown_sites += 1;
                continue;
            };
            let existing = site.status == SiteStatus::Existing;
            let k = countries[c].cost_index;
            cand_of_site[s] = candidates.len() as u32;
            countries[c].n_sites += 1;
            if existing {
                countries[c].present = true;
            }
            candidates.push(CandidateTerms {
                site: s,
                country: c,
                existing,
                fixed_cost: params.fixed_cost * k,
                opening_cost: if existing {
                    0.0
                } else {
                    params.opening_cost * k
                },
            });
        }
        if inferred > 0 {
            notes.push(format!(
                "{inferred} site(s) have no country; each was given the country of its nearest demand point"
            ));
        }
        if unknown_sites > 0 {
            notes.push(format!(
                "{unknown_sites} site(s) are in no country of the country table and were left out"
            ));
        }

        // Competitor pressure per city (Huff denominators).
        let cutoff = params.cutoff_km;
        let mut pressure = vec![0.0; city_demand_idx.len()];
        if params.competitors {
            for (i, &d) in city_demand_idx.iter().enumerate() {
                for (s, dist) in costs.row(d).iter() {
                    if sites[s].status == SiteStatus::Competitor {
                        pressure[i] += sites[s].attractiveness * params.decay.value(dist, cutoff);
                    }
                }
            }
        }

        // Pairs.
        let mut pairs: Vec<(u32, u32, f64, f64)> = Vec::new(); // (cand, city, capture, dist)
        for (i, &d) in city_demand_idx.iter().enumerate() {
            if value[i * nt..(i + 1) * nt].iter().all(|&v| v <= 0.0) {
                continue;
            }
            for (s, dist) in costs.row(d).iter() {
                let k = cand_of_site[s];
                if k == u32::MAX || dist > cutoff {
                    continue;
                }
                let cand = &candidates[k as usize];
                if !params.cross_border && cand.country != city_country[i] {
                    continue;
                }
                let mut a = params.decay.value(dist, cutoff);
                if params.competitors {
                    let aj = sites[s].attractiveness;
                    a *= aj / (aj + pressure[i]);
                }
                if a > 0.0 {
                    pairs.push((k, i as u32, a, dist));
                }
            }
        }
        pairs.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        let nk = candidates.len();
        let mut col_start = vec![0usize; nk + 1];
        for p in &pairs {
            col_start[p.0 as usize + 1] += 1;
        }
        for k in 0..nk {
            col_start[k + 1] += col_start[k];
        }
        let col_city: Vec<u32> = pairs.iter().map(|p| p.1).collect();
        let col_capture: Vec<f64> = pairs.iter().map(|p| p.2).collect();
        let col_dist: Vec<f64> = pairs.iter().map(|p| p.3).collect();
        let ni = city_demand_idx.len();
        let mut by_city: Vec<(u32, u32, f64)> = pairs.iter().map(|p| (p.1, p.0, p.2)).collect();
        by_city.sort_by(|a, b| a.0.cmp(&b.0).then(b.2.total_cmp(&a.2)).then(a.1.cmp(&b.1)));
        let mut row_start = vec![0usize; ni + 1];
        for p in &by_city {
            row_start[p.0 as usize + 1] += 1;
        }
        for i in 0..ni {
            row_start[i + 1] += row_start[i];
        }
        let row_cand = by_city.iter().map(|p| p.1).collect();
        let row_capture = by_city.iter().map(|p| p.2).collect();

        Ok(MarketEntryInstance {
            params: params.clone(),
            years,
            discount,
            countries,
            city_demand: city_demand_idx,
            city_country,
            cars,
            value,
            candidates,
            col_start,
            col_city,
            col_capture,
            col_dist,
            row_start,
            row_cand,
            row_capture,
            notes,
            site_ids: sites.iter().map(|s| s.id.clone()).collect(),
            site_names: sites.iter().map(|s| s.name.clone()).collect(),
            site_coords: sites.iter().map(|s| (s.lat, s.lon)).collect(),
        })
    }

    /// The part of the instance in one country (its cities and
    /// candidates, pairs within it), with no yearly or budget limit.
    /// Country indices are unchanged.
    pub(crate) fn restricted_to_country(&self, c: usize) -> MarketEntryInstance {
        let nt = self.years.len();
        let cities: Vec<usize> = (0..self.city_demand.len())
            .filter(|&i| self.city_country[i] == c)
            .collect();
        let cands: Vec<usize> = (0..self.candidates.len())
            .filter(|&k| self.candidates[k].country == c)
            .collect();
        let mut city_new = vec![u32::MAX; self.city_demand.len()];
        for (n, &i) in cities.iter().enumerate() {
            city_new[i] = n as u32;
        }
        let mut cand_new = vec![u32::MAX; self.candidates.len()];
        for (n, &k) in cands.iter().enumerate() {
            cand_new[k] = n as u32;
        }
        let (mut col_start, mut col_city, mut col_capture, mut col_dist) =
            (vec![0usize], Vec::new(), Vec::new(), Vec::new());
        for &k in &cands {
            for p in self.col_start[k]..self.col_start[k + 1] {
                let i = city_new[self.col_city[p] as usize];
                if i != u32::MAX {
                    col_city.push(i);
                    col_capture.push(self.col_capture[p]);
                    col_dist.push(self.col_dist[p]);
                }
            }
            col_start.push(col_city.len());
        }
        let (mut row_start, mut row_cand, mut row_capture) = (vec![0usize], Vec::new(), Vec::new());
        for &i in &cities {
            for p in self.row_start[i]..self.row_start[i + 1] {
                let k = cand_new[self.row_cand[p] as usize];
                if k != u32::MAX {
                    row_cand.push(k);
                    row_capture.push(self.row_capture[p]);
                }
            }
            row_start.push(row_cand.len());
        }
        let pick = |v: &[f64]| -> Vec<f64> {
            cities
                .iter()
                .flat_map(|&i| v[i * nt..(i + 1) * nt].iter().copied())
                .collect()
        };
        let mut params = self.params.clone();
        params.max_openings_per_year = None;
        params.budget = None;
        MarketEntryInstance {
            params,
            years: self.years.clone(),
            discount: self.discount.clone(),
            countries: self.countries.clone(),
            city_demand: cities.iter().map(|&i| self.city_demand[i]).collect(),
            city_country: vec![c; cities.len()],
            cars: pick(&self.cars),
            value: pick(&self.value),
            candidates: cands.iter().map(|&k| self.candidates[k].clone()).collect(),
            col_start,
            col_city,
            col_capture,
            col_dist,
            row_start,
            row_cand,
            row_capture,
            notes: Vec::new(),
            site_ids: self.site_ids.clone(),
            site_names: self.site_names.clone(),
            site_coords: self.site_coords.clone(),
        }
    }

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

    /// Scores a schedule: each city in each year is served by its open
    /// center of largest capture. Needs no solver.
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
    /// // Berlin from 2027, Paris from 2028.
    /// let v = inst.evaluate(&vec![Some(0), Some(1)]);
    /// assert_eq!(v.country_sales[1], vec![0.0, 100.0, 100.0, 100.0]);
    /// // Germany 800,000 − 200,000 − 100,000; France 600,000 − 150,000 − 100,000.
    /// assert!((v.objective - 850_000.0).abs() < 1e-6);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn evaluate(&self, schedule: &Schedule) -> ScheduleValue {
        let nt = self.years.len();
        let nc = self.countries.len();
        let mut v = ScheduleValue {
            objective: 0.0,
            country_sales: vec![vec![0.0; nt]; nc],
            country_contribution: vec![0.0; nc],
            country_costs: vec![0.0; nc],
            country_entry_cost: vec![0.0; nc],
            center_sales: vec![0.0; self.candidates.len()],
            final_assignment: Vec::new(),
        };
        for i in 0..self.city_demand.len() {
            let c = self.city_country[i];
            let v_c = self.countries[c].contribution_per_car.max(0.0);
            for t in 0..nt {
                if let Some((k, a)) = self.best_open(i, t, schedule) {
                    let sold = self.cars[i * nt + t] * a;
                    v.country_sales[c][t] += sold;
                    v.country_contribution[c] += self.discount[t] * v_c * sold;
                    v.center_sales[k] += sold;
                    if t + 1 == nt {
                        v.final_assignment.push((i, k, a));
                    }
                }
            }
        }
        for (c, s) in self.candidates.iter().zip(schedule) {
            if let Some(t0) = *s {
                let mut cost = 0.0;
                if !c.existing {
                    cost += self.discount[t0] * c.opening_cost;
                }
                for t in t0..nt {
                    cost += self.discount[t] * c.fixed_cost;
                }
                v.country_costs[c.country] += cost;
            }
        }
        for (ci, e) in self.entry_years(schedule).iter().enumerate() {
            if let Some(t) = *e {
                if !self.countries[ci].present {
                    v.country_entry_cost[ci] = self.discount[t] * self.countries[ci].entry_cost;
                }
            }
        }
        v.objective = (0..nc)
            .map(|c| v.country_contribution[c] - v.country_costs[c] - v.country_entry_cost[c])
            .sum();
        v
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

    /// The mixed-integer program (1)–(9), with a starting point when `start` is given.
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
    /// let mip = inst.formulate(None);
    /// // Per year: u for 2 countries, y for 2 candidates, x for 2 pairs.
    /// assert_eq!(mip.variables.len(), 4 * (2 + 2 + 2));
    /// assert_eq!(mip.y[0].len(), 4);
    /// assert!(mip.hint.is_empty());
    /// // A start gives every variable a value.
    /// assert_eq!(inst.formulate(Some(&vec![Some(0), None])).hint.len(), 24);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn formulate(&self, start: Option<&Schedule>) -> MarketEntryMip {
        let nt = self.years.len();
        let mut vars = ProblemVariables::new();
        let mut objective = Expression::default();
        let mut constraints: Vec<Constraint> = Vec::new();
        let mut hint = Vec::new();
        let start_entry = start.map(|s| self.entry_years(s));

        // u[c][t] for countries without existing centers that have a usable candidate.
        let usable: Vec<bool> = (0..self.candidates.len())
            .map(|k| self.col_start[k + 1] > self.col_start[k] || self.candidates[k].existing)
            .collect();
        let mut u: Vec<Vec<Variable>> = vec![Vec::new(); self.countries.len()];
        for (ci, c) in self.countries.iter().enumerate() {
            let needed = !c.present
                && self
                    .candidates
                    .iter()
                    .enumerate()
                    .any(|(k, cand)| cand.country == ci && usable[k]);
            if !needed {
                continue;
            }
            for t in 0..nt {
                let v = vars.add(variable().binary());
                if let Some(e) = &start_entry {
                    hint.push((
                        v,
                        if e[ci].is_some_and(|x| x <= t) {
                            1.0
                        } else {
                            0.0
                        },
                    ));
                }
                u[ci].push(v);
            }
            for t in 0..nt {
                // Entry cost paid in the entry year: E (u_t − u_{t−1}) δ_t.
                objective -= self.discount[t] * c.entry_cost * u[ci][t];
                if t > 0 {
                    objective += self.discount[t] * c.entry_cost * u[ci][t - 1];
                    constraints.push(Expression::from(u[ci][t]).geq(u[ci][t - 1]));
                    // (5)
                }
            }
        }

        // y[k][t] for usable new candidates.
        let mut y: Vec<Vec<Variable>> = vec![Vec::new(); self.candidates.len()];
        let mut opened_in: Vec<Expression> = vec![Expression::default(); nt];
        let mut budget = Expression::default();
        for (ci, c) in self.countries.iter().enumerate() {
            if !u[ci].is_empty() {
                for t in 0..nt {
                    budget += c.entry_cost * u[ci][t];
                    if t > 0 {
                        budget -= c.entry_cost * u[ci][t - 1];
                    }
                }
            }
        }
        let mut constant = 0.0;
        for (k, cand) in self.candidates.iter().enumerate() {
            if cand.existing {
                constant -= (0..nt)
                    .map(|t| self.discount[t] * cand.fixed_cost)
                    .sum::<f64>(); // (8)
                continue;
            }
            if !usable[k] {
                continue;
            }
            for t in 0..nt {
                let v = vars.add(variable().binary());
                if let Some(s) = start {
                    hint.push((
                        v,
                        if s[k].is_some_and(|o| o <= t) {
                            1.0
                        } else {
                            0.0
                        },
                    ));
                }
                y[k].push(v);
            }
            for t in 0..nt {
                let yt = y[k][t];
                objective -= self.discount[t] * (cand.fixed_cost + cand.opening_cost) * yt;
                budget += (cand.fixed_cost + cand.opening_cost) * yt;
                opened_in[t] += yt;
                if t > 0 {
                    let yp = y[k][t - 1];
                    objective += self.discount[t] * cand.opening_cost * yp;
                    budget -= cand.opening_cost * yp;
                    opened_in[t] -= yp;
                    constraints.push(Expression::from(yt).geq(yp)); // (4)
                }
                let uc = &u[cand.country];
                if !uc.is_empty() {
                    constraints.push(Expression::from(yt).leq(uc[t])); // (3)
                }
            }
        }
        objective += constant;

        // x[p][t] for every pair (9), with (1) and (2).
        let mut row_sum: Vec<Vec<Expression>> = Vec::new();
        row_sum.resize_with(self.city_demand.len(), || vec![Expression::default(); nt]);
        let mut row_used = vec![false; self.city_demand.len()];
        let hint_x: Option<Vec<Vec<Option<usize>>>> = start.map(|s| {
            (0..self.city_demand.len())
                .map(|i| {
                    (0..nt)
                        .map(|t| self.best_open(i, t, s).map(|b| b.0))
                        .collect()
                })
                .collect()
        });
        for (k, cand) in self.candidates.iter().enumerate() {
            for p in self.col_start[k]..self.col_start[k + 1] {
                let i = self.col_city[p] as usize;
                let a = self.col_capture[p];
                row_used[i] = true;
                for t in 0..nt {
                    let x = vars.add(variable().min(0.0).max(1.0));
                    if let Some(h) = &hint_x {
                        hint.push((x, if h[i][t] == Some(k) { 1.0 } else { 0.0 }));
                    }
                    objective += self.value[i * nt + t] * a * x;
                    if !cand.existing {
                        constraints.push(Expression::from(x).leq(y[k][t])); // (1)
                    }
                    row_sum[i][t] += x;
                }
            }
        }
        for (i, sums) in row_sum.into_iter().enumerate() {
            if row_used[i] {
                for s in sums {
                    constraints.push(s.leq(1.0)); // (2)
                }
            }
        }
        if let Some(kmax) = self.params.max_openings_per_year {
            for e in opened_in {
                constraints.push(e.leq(kmax as f64)); // (6)
            }
        }
        if let Some(b) = self.params.budget {
            constraints.push(budget.leq(b)); // (7)
        }
        MarketEntryMip {
            variables: vars,
            objective,
            constraints,
            y,
            u,
            hint,
        }
    }

    /// The schedule encoded by the values of `y` (a center opens in the
    /// first year its `y` exceeds ½).
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
    /// // Read back the schedule a start encodes.
    /// let start = vec![Some(1), None];
    /// let mip = inst.formulate(Some(&start));
    /// let values: std::collections::HashMap<_, _> = mip.hint.iter().copied().collect();
    /// assert_eq!(inst.schedule_from(&mip, |v| values[&v]), start);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn schedule_from(&self, mip: &MarketEntryMip, value: impl Fn(Variable) -> f64) -> Schedule {
        self.candidates
            .iter()
            .enumerate()
            .map(|(k, c)| {
                if c.existing {
                    Some(0)
                } else {
                    mip.y[k].iter().position(|&v| value(v) > 0.5)
                }
            })
            .collect()
    }

    /// Turns a schedule into a [`MarketEntryPlan`].
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
    /// use siteplan::{PlanStatus, SolveStats};
    /// // Berlin from 2027, Paris from 2028.
    /// let plan = inst.plan(&vec![Some(0), Some(1)], PlanStatus::Feasible, "by hand", None, SolveStats::default());
    /// assert_eq!(plan.countries[0].entry_year, Some(2027));
    /// assert_eq!(plan.countries[1].entry_year, Some(2028));
    /// assert_eq!(plan.totals.centers, 2);
    /// assert!((plan.objective - 850_000.0).abs() < 1e-6);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn plan(
        &self,
        schedule: &Schedule,
        status: PlanStatus,
        method: &str,
        bound: Option<f64>,
        stats: SolveStats,
    ) -> MarketEntryPlan {
        let nt = self.years.len();
        let val = self.evaluate(schedule);
        let entry = self.entry_years(schedule);
        let p = &self.params;
        let customs = p.price * p.customs_value_pct / 100.0;
        let mut countries = Vec::new();
        let mut totals = EntryTotals::default();
        for (ci, c) in self.countries.iter().enumerate() {
            if c.n_cities == 0 && c.n_sites == 0 {
                continue;
            }
            let mut per_year = vec![0usize; nt];
            let mut n_centers = 0;
            for (cand, s) in self.candidates.iter().zip(schedule) {
                if cand.country == ci {
                    if let Some(t) = *s {
                        n_centers += 1;
                        if !cand.existing {
                            per_year[t] += 1;
                        }
                    }
                }
            }
            let sales: f64 = val.country_sales[ci].iter().sum();
            let profit =
                val.country_contribution[ci] - val.country_costs[ci] - val.country_entry_cost[ci];
            let note = if entry[ci].is_some() {
                None
            } else if c.base_sales.is_none() {
                Some("no BEV sales figure in the country table".to_owned())
            } else if c.n_cities == 0 {
                Some("no demand city".to_owned())
            } else if c.contribution_per_car <= 0.0 {
                Some(format!(
                    "each car loses €{:.0} at a duty of {}%",
                    -c.contribution_per_car, c.duty_pct
                ))
            } else if c.n_sites == 0 {
                Some("no candidate site".to_owned())
            } else {
                Some(
                    "not entered: entry and center costs exceed the contribution within reach, \
                     or the yearly or budget limits went to better countries"
                        .to_owned(),
                )
            };
            let cp = CountryPlan {
                country: c.iso2.clone(),
                name: c.name.clone(),
                entered: entry[ci].is_some(),
                entry_year: entry[ci].map(|t| self.years[t]),
                centers_per_year: (0..nt)
                    .filter(|&t| per_year[t] > 0)
                    .map(|t| (self.years[t], per_year[t]))
                    .collect(),
                centers: n_centers,
                sales_per_year: val.country_sales[ci].clone(),
                expected_sales: sales,
                revenue: sales * p.price,
                duty_paid: sales * customs * c.duty_pct / 100.0,
                contribution: val.country_contribution[ci],
                center_costs: val.country_costs[ci],
                entry_cost: val.country_entry_cost[ci],
                profit,
                duty_pct: c.duty_pct,
                contribution_per_car: c.contribution_per_car,
                note,
            };
            totals.countries_entered += cp.entered as usize;
            totals.centers += n_centers;
            totals.expected_sales += cp.expected_sales;
            totals.revenue += cp.revenue;
            totals.duty_paid += cp.duty_paid;
            totals.contribution += cp.contribution;
            totals.center_costs += cp.center_costs;
            totals.entry_costs += cp.entry_cost;
            totals.profit += cp.profit;
            countries.push(cp);
        }
        totals.spend = self.spend(schedule);
        countries.sort_by(|a, b| match (a.entry_year, b.entry_year) {
            (Some(x), Some(y)) => x.cmp(&y).then(b.profit.total_cmp(&a.profit)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.country.cmp(&b.country),
        });
        let mut centers: Vec<CenterPlan> = self
            .candidates
            .iter()
            .zip(schedule)
            .enumerate()
            .filter_map(|(k, (c, s))| {
                s.map(|t| CenterPlan {
                    site: c.site,
                    id: self.site_ids[c.site].clone(),
                    name: self.site_names[c.site].clone(),
                    country: self.countries[c.country].iso2.clone(),
                    lat: self.site_coords[c.site].0,
                    lon: self.site_coords[c.site].1,
                    year_opened: self.years[t],
                    existing: c.existing,
                    expected_sales: val.center_sales[k],
                })
            })
            .collect();
        centers.sort_by(|a, b| {
            a.year_opened
                .cmp(&b.year_opened)
                .then(b.expected_sales.total_cmp(&a.expected_sales))
                .then(a.site.cmp(&b.site))
        });
        let reason = (totals.countries_entered == 0).then(|| self.why_nothing());
        let objective = val.objective;
        let gap = bound.map(|b| crate::plan::relative_gap(objective, b.max(objective)));
        MarketEntryPlan {
            status,
            method: method.to_owned(),
            years: self.years.clone(),
            countries,
            centers,
            totals,
            objective,
            bound,
            gap,
            reason,
            notes: self.notes.clone(),
            assignment: val
                .final_assignment
                .iter()
                .map(|&(i, k, a)| crate::plan::Assignment {
                    demand: self.city_demand[i],
                    site: self.candidates[k].site,
                    share: a,
                    cost: self.pair_distance(k, i).unwrap_or(f64::NAN),
                })
                .collect(),
            stats,
        }
    }

    fn pair_distance(&self, k: usize, i: usize) -> Option<f64> {
        let (a, b) = (self.col_start[k], self.col_start[k + 1]);
        let p = self.col_city[a..b].binary_search(&(i as u32)).ok()?;
        Some(self.col_dist[a + p])
    }

    /// Why a plan enters no country.
    fn why_nothing(&self) -> String {
        let p = &self.params;
        let with_demand: Vec<&CountryTerms> = self
            .countries
            .iter()
            .filter(|c| c.n_cities > 0 && c.base_sales.is_some_and(|s| s > 0.0))
            .collect();
        if with_demand.is_empty() {
            return "no country has demand (no cities with a BEV sales figure)".into();
        }
        if p.market_share_pct <= 0.0 {
            return "the market share target is 0, so no car is sold".into();
        }
        if with_demand.iter().all(|c| c.contribution_per_car <= 0.0) {
            let worst = with_demand
                .iter()
                .max_by(|a, b| a.contribution_per_car.total_cmp(&b.contribution_per_car))
                .unwrap();
            let be = p
                .break_even_duty_pct()
                .map(|x| format!("; cars break even at a duty of {x:.1}%"))
                .unwrap_or_default();
            return format!(
                "no car is profitable: the contribution per car (price × margin − duty − logistics) is ≤ 0 in every country, \
                 at best €{:.0} in {} ({} × {}% − {} × {}% × {}% − {}){be}",
                worst.contribution_per_car,
                worst.iso2,
                p.price,
                p.gross_margin_pct,
                p.price,
                p.customs_value_pct,
                worst.duty_pct,
                p.logistics_per_car
            );
        }
        if self.n_pairs() == 0 {
            return format!(
                "no candidate site is within {} of a city in a country where cars are profitable",
                p.cutoff_km
            );
        }
        if p.max_openings_per_year == Some(0) {
            return "max_openings_per_year is 0".into();
        }
        if let Some(b) = p.budget {
            let cheapest = self
                .candidates
                .iter()
                .filter(|c| !c.existing)
                .map(|c| {
                    c.opening_cost
                        + c.fixed_cost
                        + if self.countries[c.country].present {
                            0.0
                        } else {
                            self.countries[c.country].entry_cost
                        }
                })
                .fold(f64::INFINITY, f64::min);
            if cheapest > b {
                return format!(
                    "the budget ({b:.0}) is below the cheapest entry with one center for one year ({cheapest:.0})"
                );
            }
        }
        format!(
            "in every country where cars are profitable, entry and center costs exceed the contribution \
             centers could capture within {} over {}–{}",
            p.cutoff_km, p.first_year, p.last_year
        )
    }
}

/// The value of a schedule, by country and center.
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
/// let v: ScheduleValue = inst.evaluate(&vec![Some(0), None]);
/// assert_eq!(v.country_sales[0], vec![100.0; 4]);
/// assert_eq!(v.center_sales, vec![400.0, 0.0]);
/// assert_eq!(v.country_entry_cost, vec![100_000.0, 0.0]);
/// assert_eq!(v.final_assignment, vec![(0, 0, 1.0)]); // Berlin by its center, full capture
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleValue {
    /// Objective (discounted profit).
    pub objective: f64,
    /// Cars sold per country (of the buyer) and year.
    pub country_sales: Vec<Vec<f64>>,
    /// Discounted contribution of the cars sold per country.
    pub country_contribution: Vec<f64>,
    /// Discounted fixed and opening costs of the centers in each country.
    pub country_costs: Vec<f64>,
    /// Discounted entry cost of each country.
    pub country_entry_cost: Vec<f64>,
    /// Cars sold per candidate over the horizon.
    pub center_sales: Vec<f64>,
    /// (city, candidate, capture) in the last year.
    pub final_assignment: Vec<(usize, usize, f64)>,
}

/// The MIP of [`MarketEntryInstance::formulate`].
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
/// let mip: MarketEntryMip = inst.formulate(None);
/// assert_eq!((mip.y.len(), mip.u.len()), (2, 2)); // per candidate, per country
/// assert_eq!(mip.u[1].len(), inst.years().len());
/// assert!(!mip.constraints.is_empty());
/// # Ok::<(), siteplan::Error>(())
/// ```
pub struct MarketEntryMip {
    /// The variables.
    pub variables: ProblemVariables,
    /// The objective (maximised).
    pub objective: Expression,
    /// Constraints (1)–(7).
    pub constraints: Vec<Constraint>,
    /// `y[k][t]` (empty for existing and unusable candidates).
    pub y: Vec<Vec<Variable>>,
    /// `u[c][t]` (empty for countries that are present or have no usable candidate).
    pub u: Vec<Vec<Variable>>,
    /// Starting values of every variable (empty when no start was given).
    pub hint: Vec<(Variable, f64)>,
}

impl std::fmt::Debug for MarketEntryMip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MarketEntryMip")
            .field("variables", &self.variables.len())
            .field("constraints", &self.constraints.len())
            .finish()
    }
}

/// One country's line of a market-entry plan. Sales, revenue and duty are
/// plain sums over the horizon; `profit` is discounted at
/// `discount_rate_pct` (a plain sum at the default rate 0). Sales are
/// counted in the buyer's country, center costs in the center's country.
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
/// use siteplan::{PlanStatus, SolveStats};
/// // Berlin from 2027, Paris from 2028.
/// let plan = inst.plan(&vec![Some(0), Some(1)], PlanStatus::Feasible, "by hand", None, SolveStats::default());
/// let fr: &CountryPlan = &plan.countries[1];
/// assert_eq!((fr.country.as_str(), fr.entry_year), ("FR", Some(2028)));
/// assert_eq!(fr.centers_per_year, vec![(2028, 1)]);
/// assert_eq!(fr.sales_per_year, vec![0.0, 100.0, 100.0, 100.0]);
/// // 300 cars × €2,000 − 3 years × €50,000 − €100,000 entry.
/// assert!((fr.profit - 350_000.0).abs() < 1e-6);
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryPlan {
    /// ISO2 code.
    pub country: String,
    /// English name.
    pub name: String,
    /// Entered during (or before) the horizon.
    pub entered: bool,
    /// Year of entry (first opening), if entered.
    pub entry_year: Option<i32>,
    /// New centers opened per year (years with openings only).
    pub centers_per_year: Vec<(i32, usize)>,
    /// Centers open at the end of the horizon (existing included).
    pub centers: usize,
    /// Cars sold per planning year.
    pub sales_per_year: Vec<f64>,
    /// Cars sold over the horizon.
    pub expected_sales: f64,
    /// Sales × price, €.
    pub revenue: f64,
    /// Duty paid, €.
    pub duty_paid: f64,
    /// Discounted contribution of the cars sold, €.
    pub contribution: f64,
    /// Discounted fixed and opening costs of the country's centers, €.
    pub center_costs: f64,
    /// Discounted entry cost, €.
    pub entry_cost: f64,
    /// Contribution − center costs − entry cost, €.
    pub profit: f64,
    /// Duty rate applied, percent.
    pub duty_pct: f64,
    /// Contribution per car, €.
    pub contribution_per_car: f64,
    /// Why the country was not entered, if it was not.
    pub note: Option<String>,
}

/// One center of a market-entry plan.
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
/// use siteplan::{PlanStatus, SolveStats};
/// // Berlin from 2027, Paris from 2028.
/// let plan = inst.plan(&vec![Some(0), Some(1)], PlanStatus::Feasible, "by hand", None, SolveStats::default());
/// let berlin: &CenterPlan = &plan.centers[0];
/// assert_eq!((berlin.id.as_str(), berlin.country.as_str()), ("berlin", "DE"));
/// assert_eq!((berlin.year_opened, berlin.existing), (2027, false));
/// assert!((berlin.expected_sales - 400.0).abs() < 1e-9);
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CenterPlan {
    /// Site index in the problem.
    pub site: usize,
    /// Site id.
    pub id: String,
    /// Site name, if any.
    pub name: Option<String>,
    /// ISO2 code of its country.
    pub country: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Year it opens (the first year for existing centers).
    pub year_opened: i32,
    /// Already open before the horizon.
    pub existing: bool,
    /// Cars it sells over the horizon.
    pub expected_sales: f64,
}

/// Totals of a market-entry plan.
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
/// use siteplan::{PlanStatus, SolveStats};
/// // Berlin from 2027, Paris from 2028.
/// let plan = inst.plan(&vec![Some(0), Some(1)], PlanStatus::Feasible, "by hand", None, SolveStats::default());
/// let t: &EntryTotals = &plan.totals;
/// assert_eq!((t.countries_entered, t.centers), (2, 2));
/// assert!((t.expected_sales - 700.0).abs() < 1e-9);
/// assert!((t.spend - 550_000.0).abs() < 1e-6); // 2 entries + 7 center-years
/// assert!((t.profit - plan.objective).abs() < 1e-6);
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EntryTotals {
    /// Countries entered.
    pub countries_entered: usize,
    /// Centers open at the end.
    pub centers: usize,
    /// Cars sold over the horizon.
    pub expected_sales: f64,
    /// Revenue, €.
    pub revenue: f64,
    /// Duty paid, €.
    pub duty_paid: f64,
    /// Discounted contribution, €.
    pub contribution: f64,
    /// Discounted center costs, €.
    pub center_costs: f64,
    /// Discounted entry costs, €.
    pub entry_costs: f64,
    /// Undiscounted spending counted against the budget, €.
    pub spend: f64,
    /// Profit (the objective), €.
    pub profit: f64,
}

/// A solved market-entry plan: which countries are entered when, which
/// centers open when, and what they earn.
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
/// use siteplan::PlanStatus;
/// use siteplan::solve::{market_entry, SolveParams};
/// let plan: MarketEntryPlan = market_entry::solve(&inst, &SolveParams::default())?;
/// // Both countries pay for themselves from the first year: enter both in 2027.
/// assert_eq!(plan.status, PlanStatus::Optimal);
/// assert_eq!(plan.totals.countries_entered, 2);
/// assert!((plan.objective - 1_000_000.0).abs() < 1e-6);
/// assert!(plan.bound.is_some_and(|b| b >= plan.objective - 1e-6));
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarketEntryPlan {
    /// How the solve ended.
    pub status: PlanStatus,
    /// The method that produced it.
    pub method: String,
    /// The planning years.
    pub years: Vec<i32>,
    /// One line per country of the market (entered first, in entry order).
    pub countries: Vec<CountryPlan>,
    /// Open centers, by opening year.
    pub centers: Vec<CenterPlan>,
    /// Totals.
    pub totals: EntryTotals,
    /// Profit over the horizon (discounted), €.
    pub objective: f64,
    /// Proven upper bound on the optimal profit, if known.
    pub bound: Option<f64>,
    /// Relative gap between objective and bound, if a bound is known.
    pub gap: Option<f64>,
    /// Why nothing is entered, when nothing is.
    pub reason: Option<String>,
    /// Data decisions (skipped countries, inferred site countries).
    pub notes: Vec<String>,
    /// Who buys where in the last year: demand point, site, captured share
    /// of the target (`share`) and distance (`cost`).
    pub assignment: Vec<crate::plan::Assignment>,
    /// Solver counters.
    pub stats: SolveStats,
}

/// Column names of `entry_plan.csv`.
pub const ENTRY_PLAN_HEADER: &str =
    "country,entry_year,centers_per_year,expected_sales,revenue,duty_paid,profit";

impl MarketEntryPlan {
    /// Site indices of the centers open at the end of the horizon, ascending.
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
    /// use siteplan::{PlanStatus, SolveStats};
    /// // Berlin from 2027, Paris from 2028.
    /// let plan = inst.plan(&vec![Some(0), Some(1)], PlanStatus::Feasible, "by hand", None, SolveStats::default());
    /// assert_eq!(plan.open_sites(), vec![0, 1]);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn open_sites(&self) -> Vec<usize> {
        let mut v: Vec<usize> = self.centers.iter().map(|c| c.site).collect();
        v.sort_unstable();
        v
    }

    /// Writes `entry_plan.csv` (atomically): one row per country with
    /// columns `country,entry_year,centers_per_year,expected_sales,revenue,
    /// duty_paid,profit`. `centers_per_year` lists new centers by year as
    /// `2027:2;2028:1`; `entry_year` is empty for countries not entered.
    /// Sales have one decimal, money is in whole euros.
    ///
    /// ```
    /// # use siteplan::models::market_entry::*;
    /// # use siteplan::{PlanStatus, SolveStats};
    /// let plan = MarketEntryPlan { status: PlanStatus::Optimal, method: "x".into(), years: vec![2027],
    ///     countries: vec![CountryPlan { country: "DE".into(), name: "Germany".into(), entered: true,
    ///         entry_year: Some(2027), centers_per_year: vec![(2027, 2)], centers: 2,
    ///         sales_per_year: vec![10.0], expected_sales: 10.0, revenue: 350000.0, duty_paid: 0.0,
    ///         contribution: 1.0, center_costs: 0.0, entry_cost: 0.0, profit: 1.0, duty_pct: 0.0,
    ///         contribution_per_car: 0.1, note: None }],
    ///     centers: vec![], totals: Default::default(), objective: 1.0, bound: None, gap: None,
    ///     reason: None, notes: vec![], assignment: vec![], stats: SolveStats::default() };
    /// let dir = tempfile::tempdir()?;
    /// let f = dir.path().join("entry_plan.csv");
    /// plan.write_csv(&f)?;
    /// assert_eq!(std::fs::read_to_string(&f)?,
    ///     "country,entry_year,centers_per_year,expected_sales,revenue,duty_paid,profit\nDE,2027,2027:2,10.0,350000,0,1\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_csv(&self, path: &Path) -> Result<()> {
        crate::io::write_atomic(path, |w| {
            writeln!(w, "{ENTRY_PLAN_HEADER}")?;
            for c in &self.countries {
                let per_year: Vec<String> = c
                    .centers_per_year
                    .iter()
                    .map(|(y, n)| format!("{y}:{n}"))
                    .collect();
                writeln!(
                    w,
                    "{},{},{},{:.1},{:.0},{:.0},{:.0}",
                    c.country,
                    c.entry_year.map(|y| y.to_string()).unwrap_or_default(),
                    per_year.join(";"),
                    c.expected_sales,
                    c.revenue,
                    c.duty_paid,
                    zero_if_tiny(c.profit)
                )?;
            }
            Ok(())
        })
    }

    /// Writes the open centers (atomically) as CSV:
    /// `site_id,name,country,lat,lon,year_opened,existing,expected_sales`.
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
    /// use siteplan::{PlanStatus, SolveStats};
    /// // Berlin from 2027, Paris from 2028.
    /// let plan = inst.plan(&vec![Some(0), Some(1)], PlanStatus::Feasible, "by hand", None, SolveStats::default());
    /// let dir = tempfile::tempdir()?;
    /// let f = dir.path().join("centers.csv");
    /// plan.write_centers_csv(&f)?;
    /// let text = std::fs::read_to_string(&f)?;
    /// let lines: Vec<&str> = text.lines().collect();
    /// assert_eq!(lines[0], "site_id,name,country,lat,lon,year_opened,existing,expected_sales");
    /// assert_eq!(lines[1], "berlin,,DE,52.52,13.4,2027,false,400.0");
    /// assert_eq!(lines[2], "paris,,FR,48.86,2.35,2028,false,300.0");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_centers_csv(&self, path: &Path) -> Result<()> {
        crate::io::write_atomic(path, |w| {
            writeln!(
                w,
                "site_id,name,country,lat,lon,year_opened,existing,expected_sales"
            )?;
            for c in &self.centers {
                writeln!(
                    w,
                    "{},{},{},{},{},{},{},{:.1}",
                    csv_field(&c.id),
                    csv_field(c.name.as_deref().unwrap_or("")),
                    c.country,
                    c.lat,
                    c.lon,
                    c.year_opened,
                    c.existing,
                    c.expected_sales
                )?;
            }
            Ok(())
        })
    }

    /// A short human-readable summary (a few lines).
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
    /// use siteplan::{PlanStatus, SolveStats};
    /// // Berlin from 2027, Paris from 2028.
    /// let plan = inst.plan(&vec![Some(0), Some(1)], PlanStatus::Feasible, "by hand", None, SolveStats::default());
    /// let text = plan.summary();
    /// assert!(text.starts_with("market entry 2027–2030: feasible (by hand)"));
    /// assert!(text.contains("2 countries entered, 2 centers, 700 cars"));
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn summary(&self) -> String {
        let mut s = format!(
            "market entry {}–{}: {} ({}); profit €{:.0}",
            self.years.first().copied().unwrap_or_default(),
            self.years.last().copied().unwrap_or_default(),
            self.status,
            self.method,
            self.objective
        );
        if let (Some(b), Some(g)) = (self.bound, self.gap) {
            s += &format!(", bound €{b:.0}, gap {:.2}%", g * 100.0);
        }
        s += &format!(
            "\n{} countries entered, {} centers, {:.0} cars, duty paid €{:.0}",
            self.totals.countries_entered,
            self.totals.centers,
            self.totals.expected_sales,
            self.totals.duty_paid
        );
        for c in self.countries.iter().filter(|c| c.entered) {
            s += &format!(
                "\n  {} {}: {} centers, {:.0} cars, profit €{:.0}",
                c.entry_year.unwrap_or_default(),
                c.country,
                c.centers,
                c.expected_sales,
                c.profit
            );
        }
        if let Some(r) = &self.reason {
            s += &format!("\nnothing entered: {r}");
        }
        s
    }
}

fn zero_if_tiny(x: f64) -> f64 {
    if x.abs() < 0.5 {
        0.0
    } else {
        x
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}
