//! What one car earns: powertrain routes, the duty and how much of it is
//! passed on to the buyer, and how sales answer the price.
//!
//! A car of route `r` sold in country `c` at a duty of `τ` (percent of the
//! customs value) earns, in € and net of VAT (VAT is passed to the buyer in
//! full and never touches the margin):
//!
//! ```text
//! P      = price_r × price_index_c                       net retail price before the duty
//! D      = τ/100 × customs_value_pct_r/100 × P           duty per car
//! ΔP     = π × D                                         price rise (π: pass-through share)
//! m      = (1 + ΔP / P)^(−ε)                             volume factor (ε: price elasticity of our share)
//! v      = P + ΔP − unit_cost_r − logistics_r − D        contribution per car
//!        = P − unit_cost_r − logistics_r − (1 − π) D
//! ```
//!
//! and the country's demand for the route is the city demand of the
//! battery-electric market times `q_r × m`, where `q_r` is 1 for
//! battery-electric routes and PHEV sales / BEV sales for `phev_import`.
//! Both `v` and `m` are non-increasing in `τ` (for `0 ≤ π ≤ 1`, `ε ≥ 0`).

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// How cars reach a country: the choices the market-entry model makes per
/// country and year.
///
/// ```
/// use siteplan::models::market_entry::Route;
/// assert_eq!(Route::PhevImport.name(), "phev_import");
/// assert_eq!("local_assembly".parse::<Route>().unwrap(), Route::LocalAssembly);
/// assert!(!Route::PhevImport.pays_countervailing_duty());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// Battery-electric cars built abroad: standard duty plus the
    /// countervailing duty of the exporter group in the EU27.
    BevImport,
    /// Plug-in hybrids built abroad: the standard (MFN) duty only; they sell
    /// into the plug-in hybrid market.
    PhevImport,
    /// Battery-electric cars assembled in a plant inside the EU: no EU duty,
    /// the plant's capex and capacity, its own logistics.
    LocalAssembly,
}

impl Route {
    /// Every route, in the order ties are broken.
    ///
    /// ```
    /// assert_eq!(siteplan::models::market_entry::Route::ALL.len(), 3);
    /// ```
    pub const ALL: [Route; 3] = [Route::BevImport, Route::PhevImport, Route::LocalAssembly];

    /// The name used in scenario files and outputs.
    ///
    /// ```
    /// assert_eq!(siteplan::models::market_entry::Route::BevImport.name(), "bev_import");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Route::BevImport => "bev_import",
            Route::PhevImport => "phev_import",
            Route::LocalAssembly => "local_assembly",
        }
    }

    /// Whether cars of this route pay the EU countervailing duty (only
    /// battery-electric cars imported from the exporter).
    ///
    /// ```
    /// use siteplan::models::market_entry::Route;
    /// assert!(Route::BevImport.pays_countervailing_duty());
    /// assert!(!Route::LocalAssembly.pays_countervailing_duty());
    /// ```
    pub fn pays_countervailing_duty(self) -> bool {
        self == Route::BevImport
    }

    /// Whether the cars are imported (built outside the selling market).
    ///
    /// ```
    /// use siteplan::models::market_entry::Route;
    /// assert!(Route::PhevImport.is_import() && !Route::LocalAssembly.is_import());
    /// ```
    pub fn is_import(self) -> bool {
        self != Route::LocalAssembly
    }

    /// Index in [`Route::ALL`].
    ///
    /// ```
    /// assert_eq!(siteplan::models::market_entry::Route::LocalAssembly.index(), 2);
    /// ```
    pub fn index(self) -> usize {
        self as usize
    }
}

impl std::str::FromStr for Route {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Route::ALL
            .into_iter()
            .find(|r| r.name() == s)
            .ok_or_else(|| {
                Error::Usage(format!(
                    "route {s:?}: expected bev_import, phev_import or local_assembly"
                ))
            })
    }
}

/// Per-car terms of one route; a missing value takes the top-level key
/// (`price`, `customs_value_pct`, `logistics_per_car`) or, for the unit
/// cost, the top-level `price × (1 − gross_margin_pct/100)` (the home net
/// revenue less the home gross margin).
///
/// In TOML: `[market_entry.phev_import]` with `unit_cost = 26000.0` etc.
///
/// ```
/// use siteplan::models::market_entry::{MarketEntryParams, Route};
/// let p = MarketEntryParams::from_toml_str("phev_import = { unit_cost = 25000.0 }")?;
/// let t = p.route_terms(Route::PhevImport);
/// assert_eq!((t.price, t.unit_cost), (35_000.0, 25_000.0));
/// let b = p.route_terms(Route::BevImport);
/// assert!((b.unit_cost - 35_000.0 * (1.0 - 0.232)).abs() < 1e-9);
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RouteCosts {
    /// Net retail price (ex VAT) at price index 1, €.
    pub price: Option<f64>,
    /// Unit cost ex works, €.
    pub unit_cost: Option<f64>,
    /// Customs value in percent of the net price (the duty's base).
    pub customs_value_pct: Option<f64>,
    /// Freight, port handling and delivery per car, €.
    pub logistics_per_car: Option<f64>,
}

/// [`RouteCosts`] with every default filled in.
///
/// ```
/// use siteplan::models::market_entry::{MarketEntryParams, Route};
/// let t = MarketEntryParams::default().route_terms(Route::BevImport);
/// assert_eq!((t.price, t.customs_value_pct, t.logistics_per_car), (35_000.0, 100.0, 1_500.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RouteTerms {
    /// Net retail price (ex VAT) at price index 1, €.
    pub price: f64,
    /// Unit cost ex works, €.
    pub unit_cost: f64,
    /// Customs value, percent of the net price.
    pub customs_value_pct: f64,
    /// Logistics per car, €.
    pub logistics_per_car: f64,
}

/// A vehicle assembly plant inside the EU (the `local_assembly` route).
///
/// In TOML: `plant = { capex = 400e6, capacity = 100000.0, build_year = 2028 }`.
///
/// ```
/// use siteplan::models::market_entry::MarketEntryParams;
/// let p = MarketEntryParams::from_toml_str("plant = { capex = 1e8, capacity = 5e4, build_year = 2028 }")?;
/// assert_eq!(p.plant.unwrap().build_year, 2028);
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plant {
    /// One-off investment, €, paid in the build year.
    pub capex: f64,
    /// Cars a year it can assemble.
    pub capacity: f64,
    /// First year it produces (cars of the route sell from this year).
    pub build_year: i32,
    /// Running cost a year from the build year, € (default 0).
    #[serde(default)]
    pub fixed_cost: f64,
}

/// What one car of a route earns in one country at one duty.
///
/// ```
/// use siteplan::models::market_entry::{RouteEconomics, RouteTerms, Route};
/// let t = RouteTerms { price: 40_000.0, unit_cost: 30_000.0, customs_value_pct: 50.0, logistics_per_car: 1_000.0 };
/// // 20 % duty on half the price: €4,000 a car; half of it passed on.
/// let e = RouteEconomics::new(Route::BevImport, &t, 1.0, 20.0, 0.5, 2.0, 1.0);
/// assert_eq!(e.duty_per_car, 4_000.0);
/// assert_eq!(e.contribution_per_car, 40_000.0 - 30_000.0 - 1_000.0 - 2_000.0);
/// assert!((e.volume_factor - (1.05f64).powf(-2.0)).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RouteEconomics {
    /// The route.
    pub route: Route,
    /// Duty, percent of the customs value.
    pub duty_pct: f64,
    /// Net price before the duty (price × price index), €.
    pub price: f64,
    /// Duty per car, €.
    pub duty_per_car: f64,
    /// Price rise passed to the buyer, €.
    pub price_rise: f64,
    /// Sales relative to no price rise: `(1 + rise/price)^(−ε)`.
    pub volume_factor: f64,
    /// Size of the route's market relative to the BEV market (PHEV sales / BEV sales for PHEV).
    pub market_factor: f64,
    /// Contribution per car, €.
    pub contribution_per_car: f64,
}

impl RouteEconomics {
    /// The terms of route `route` at `duty_pct`, with price index
    /// `price_index`, pass-through share `pass_through` (0–1), elasticity
    /// `elasticity` (≥ 0) and market factor `market_factor`.
    ///
    /// ```
    /// use siteplan::models::market_entry::{RouteEconomics, RouteTerms, Route};
    /// let t = RouteTerms { price: 35_000.0, unit_cost: 26_880.0, customs_value_pct: 100.0, logistics_per_car: 1_500.0 };
    /// let lo = RouteEconomics::new(Route::BevImport, &t, 1.0, 10.0, 0.0, 0.0, 1.0);
    /// let hi = RouteEconomics::new(Route::BevImport, &t, 1.0, 30.7, 0.0, 0.0, 1.0);
    /// assert!(hi.contribution_per_car < lo.contribution_per_car);
    /// ```
    pub fn new(
        route: Route,
        terms: &RouteTerms,
        price_index: f64,
        duty_pct: f64,
        pass_through: f64,
        elasticity: f64,
        market_factor: f64,
    ) -> Self {
        let price = terms.price * price_index;
        let duty_per_car = duty_pct / 100.0 * terms.customs_value_pct / 100.0 * price;
        let price_rise = pass_through * duty_per_car;
        let volume_factor = if price > 0.0 && elasticity > 0.0 {
            (1.0 + price_rise / price).powf(-elasticity)
        } else {
            1.0
        };
        RouteEconomics {
            route,
            duty_pct,
            price,
            duty_per_car,
            price_rise,
            volume_factor,
            market_factor,
            contribution_per_car: price - terms.unit_cost - terms.logistics_per_car + price_rise
                - duty_per_car,
        }
    }

    /// Value per car of the BEV market potential: `q × m × max(v, 0)`; the
    /// route with the largest is best when centers have no capacity limit.
    ///
    /// ```
    /// use siteplan::models::market_entry::{RouteEconomics, RouteTerms, Route};
    /// let t = RouteTerms { price: 10.0, unit_cost: 20.0, customs_value_pct: 100.0, logistics_per_car: 0.0 };
    /// assert_eq!(RouteEconomics::new(Route::BevImport, &t, 1.0, 0.0, 0.0, 0.0, 1.0).value_index(), 0.0);
    /// ```
    pub fn value_index(&self) -> f64 {
        self.market_factor * self.volume_factor * self.contribution_per_car.max(0.0)
    }
}
