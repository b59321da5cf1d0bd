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

#![allow(clippy::needless_range_loop)]

mod analysis;
mod build;
mod economics;
mod evaluate;
mod instance;
mod mip;
mod mip_sales;
mod params;
mod plan;
mod settings;

pub use analysis::*;
pub use economics::*;
pub use evaluate::*;
pub use instance::*;
pub use mip::*;
pub use params::*;
pub use plan::*;
pub use settings::*;
