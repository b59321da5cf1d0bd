//! The settings of a market-entry instance: decay, duties and costs ([`MarketEntryParams`]).

#![allow(clippy::needless_range_loop)]

use super::economics::*;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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

    pub(super) fn validate(&self) -> Result<()> {
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
    /// Routes the model may choose per country and year (default
    /// `["bev_import"]`); `local_assembly` needs a `plant`.
    pub routes: Vec<Route>,
    /// Terms of the `bev_import` route (defaults: the top-level keys).
    pub bev_import: RouteCosts,
    /// Terms of the `phev_import` route (defaults: the top-level keys).
    pub phev_import: RouteCosts,
    /// Terms of the `local_assembly` route (defaults: the top-level keys).
    pub local_assembly: RouteCosts,
    /// The EU assembly plant of the `local_assembly` route (default none).
    pub plant: Option<Plant>,
    /// Price index by ISO2 code, multiplying every route's price (default 1).
    pub price_index: BTreeMap<String, f64>,
    /// Share of the duty passed on to the buyer as a higher price, percent
    /// (default 0: the maker absorbs it).
    pub duty_pass_through_pct: f64,
    /// Price elasticity of our share: sales × `(1 + rise/price)^(−ε)`
    /// (default 0: sales do not answer the price).
    pub price_elasticity: f64,
    /// Most cars a center sells in a year at full ramp-up (default none).
    pub store_capacity: Option<f64>,
    /// Share of its mature sales a center makes in its 1st, 2nd, … year,
    /// percent; the last value holds afterwards (default `[100]`).
    pub ramp_up_pct: Vec<f64>,
    /// Most that entry and opening costs may add up to in any one year,
    /// undiscounted € (default none).
    pub budget_per_year: Option<f64>,
    /// EU27 battery-electric duties (percent) at which `entry_curve.csv`
    /// re-solves the plan (default: none, no curve).
    pub curve_duties_pct: Vec<f64>,
    /// Find each country's break-even duty (default false).
    pub break_even: bool,
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
            routes: vec![Route::BevImport],
            bev_import: RouteCosts::default(),
            phev_import: RouteCosts::default(),
            local_assembly: RouteCosts::default(),
            plant: None,
            price_index: BTreeMap::new(),
            duty_pass_through_pct: 0.0,
            price_elasticity: 0.0,
            store_capacity: None,
            ramp_up_pct: vec![100.0],
            budget_per_year: None,
            curve_duties_pct: Vec::new(),
            break_even: false,
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
        fn nonneg(bad: &mut Vec<String>, name: &str, v: f64) {
            if !(v.is_finite() && v >= 0.0) {
                bad.push(format!("{name} = {v} must be a number ≥ 0"));
            }
        }
        nonneg(&mut bad, "price", self.price);
        nonneg(&mut bad, "gross_margin_pct", self.gross_margin_pct);
        nonneg(&mut bad, "customs_value_pct", self.customs_value_pct);
        nonneg(&mut bad, "logistics_per_car", self.logistics_per_car);
        nonneg(&mut bad, "market_share_pct", self.market_share_pct);
        nonneg(&mut bad, "entry_cost", self.entry_cost);
        nonneg(&mut bad, "fixed_cost", self.fixed_cost);
        nonneg(&mut bad, "opening_cost", self.opening_cost);
        nonneg(&mut bad, "cutoff_km", self.cutoff_km);
        nonneg(&mut bad, "discount_rate_pct", self.discount_rate_pct);
        if let Some(d) = self.eu_duty_pct {
            nonneg(&mut bad, "eu_duty_pct", d);
        }
        for (k, &v) in &self.duty_pct {
            nonneg(&mut bad, &format!("duty_pct.{k}"), v);
        }
        for (k, &v) in &self.entry_cost_by_country {
            nonneg(&mut bad, &format!("entry_cost_by_country.{k}"), v);
        }
        if let Some(b) = self.budget {
            nonneg(&mut bad, "budget", b);
        }
        nonneg(
            &mut bad,
            "duty_pass_through_pct",
            self.duty_pass_through_pct,
        );
        nonneg(&mut bad, "price_elasticity", self.price_elasticity);
        if self.duty_pass_through_pct > 100.0 {
            bad.push("duty_pass_through_pct must be at most 100".into());
        }
        for (k, &v) in &self.price_index {
            if !(v.is_finite() && v > 0.0) {
                bad.push(format!("price_index.{k} = {v} must be a number > 0"));
            }
        }
        if let Some(c) = self.store_capacity {
            if !(c.is_finite() && c > 0.0) {
                bad.push(format!("store_capacity = {c} must be a number > 0"));
            }
        }
        if self.ramp_up_pct.is_empty()
            || self
                .ramp_up_pct
                .iter()
                .any(|&r| !(r.is_finite() && (0.0..=100.0).contains(&r)))
        {
            bad.push("ramp_up_pct must list one or more percentages from 0 to 100".into());
        }
        if let Some(b) = self.budget_per_year {
            nonneg(&mut bad, "budget_per_year", b);
        }
        for &d in &self.curve_duties_pct {
            nonneg(&mut bad, "curve_duties_pct", d);
        }
        if self.routes.is_empty() {
            bad.push("routes must name at least one route".into());
        }
        for (r, c) in [
            (Route::BevImport, &self.bev_import),
            (Route::PhevImport, &self.phev_import),
            (Route::LocalAssembly, &self.local_assembly),
        ] {
            for (k, v) in [
                ("price", c.price),
                ("unit_cost", c.unit_cost),
                ("customs_value_pct", c.customs_value_pct),
                ("logistics_per_car", c.logistics_per_car),
            ] {
                if let Some(v) = v {
                    nonneg(&mut bad, &format!("{}.{k}", r.name()), v);
                }
            }
        }
        match (self.routes.contains(&Route::LocalAssembly), &self.plant) {
            (true, None) => bad.push(
                "the local_assembly route needs a plant = { capex, capacity, build_year }".into(),
            ),
            (_, Some(pl)) => {
                nonneg(&mut bad, "plant.capex", pl.capex);
                nonneg(&mut bad, "plant.fixed_cost", pl.fixed_cost);
                if !(pl.capacity.is_finite() && pl.capacity > 0.0) {
                    bad.push(format!(
                        "plant.capacity = {} must be a number > 0",
                        pl.capacity
                    ));
                }
            }
            _ => {}
        }
        if self.cross_border
            && (self.store_capacity.is_some()
                || self.ramp_up_pct.iter().any(|&r| r < 100.0)
                || self.routes.contains(&Route::LocalAssembly))
        {
            bad.push(
                "cross_border = true works without store_capacity, ramp-up below 100 and local_assembly"
                    .into(),
            );
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
        let t = self.route_terms(Route::BevImport);
        RouteEconomics::new(
            Route::BevImport,
            &t,
            1.0,
            duty_pct,
            self.duty_pass_through_pct / 100.0,
            self.price_elasticity,
            1.0,
        )
        .contribution_per_car
    }

    /// The per-car terms of `route`, defaults filled in from the top-level keys.
    ///
    /// ```
    /// use siteplan::models::market_entry::{MarketEntryParams, Route};
    /// let p = MarketEntryParams { logistics_per_car: 900.0, ..Default::default() };
    /// assert_eq!(p.route_terms(Route::LocalAssembly).logistics_per_car, 900.0);
    /// ```
    pub fn route_terms(&self, route: Route) -> RouteTerms {
        let c = match route {
            Route::BevImport => &self.bev_import,
            Route::PhevImport => &self.phev_import,
            Route::LocalAssembly => &self.local_assembly,
        };
        let price = c.price.unwrap_or(self.price);
        RouteTerms {
            price,
            unit_cost: c
                .unit_cost
                .unwrap_or(self.price * (1.0 - self.gross_margin_pct / 100.0)),
            customs_value_pct: c.customs_value_pct.unwrap_or(self.customs_value_pct),
            logistics_per_car: c.logistics_per_car.unwrap_or(self.logistics_per_car),
        }
    }

    /// Ramp-up factor (0–1) of a center in its `age`-th year (0: the year it opens).
    ///
    /// ```
    /// let p = siteplan::models::market_entry::MarketEntryParams { ramp_up_pct: vec![50.0, 80.0], ..Default::default() };
    /// assert_eq!((p.ramp(0), p.ramp(1), p.ramp(5)), (0.5, 0.8, 0.8));
    /// ```
    pub fn ramp(&self, age: usize) -> f64 {
        self.ramp_up_pct
            .get(age)
            .or(self.ramp_up_pct.last())
            .map_or(1.0, |r| r / 100.0)
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
        let t = self.route_terms(Route::BevImport);
        let absorbed = 1.0 - self.duty_pass_through_pct / 100.0;
        let base = t.price * t.customs_value_pct / 100.0 * absorbed;
        (base > 0.0).then(|| (t.price - t.unit_cost - t.logistics_per_car) / base * 100.0)
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
