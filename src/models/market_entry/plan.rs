//! Market-entry plans: by country and center, their totals, and `entry_plan.csv`.

#![allow(clippy::needless_range_loop)]

use super::analysis::*;
use super::instance::*;
use crate::error::Result;
use crate::plan::{PlanStatus, SolveStats};
use crate::units::grouped;
use serde::Serialize;
use std::path::Path;

impl MarketEntryInstance {
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
            } else if c.routes.iter().all(|e| e.contribution_per_car <= 0.0) {
                Some(format!(
                    "each car loses money on every route (battery-electric: €{:.0} at a duty of {}%)",
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
                revenue: val.country_revenue[ci],
                duty_paid: val.country_duty[ci],
                contribution: val.country_contribution[ci],
                center_costs: val.country_costs[ci],
                entry_cost: val.country_entry_cost[ci],
                profit,
                duty_pct: c.duty_pct,
                contribution_per_car: c.contribution_per_car,
                note,
                routes: val.country_route[ci]
                    .iter()
                    .map(|r| r.map_or("", |r| r.name()).to_owned())
                    .collect(),
                break_even_duty_pct: None,
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
            plant_built: val.plant_cars.iter().any(|&x| x > 0.0) || self.plant_on,
            plant_cars: val.plant_cars.clone(),
            analysis: EntryAnalysis::default(),
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

    pub(super) fn pair_distance(&self, k: usize, i: usize) -> Option<f64> {
        let (a, b) = (self.col_start[k], self.col_start[k + 1]);
        let p = self.col_city[a..b].binary_search(&(i as u32)).ok()?;
        Some(self.col_dist[a + p])
    }

    /// Why a plan enters no country.
    pub(super) fn why_nothing(&self) -> String {
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
        let best_route = |c: &CountryTerms| {
            c.routes
                .iter()
                .copied()
                .max_by(|a, b| a.contribution_per_car.total_cmp(&b.contribution_per_car))
        };
        if with_demand.iter().all(|c| {
            best_route(c).is_none_or(|e| e.contribution_per_car <= 0.0 || e.value_index() <= 0.0)
        }) {
            let (worst, e) = with_demand
                .iter()
                .filter_map(|c| best_route(c).map(|e| (c, e)))
                .max_by(|a, b| {
                    a.1.contribution_per_car
                        .total_cmp(&b.1.contribution_per_car)
                })
                .expect("countries with demand have routes");
            let t = p.route_terms(e.route);
            let be = p
                .break_even_duty_pct()
                .map(|x| format!("; battery-electric imports break even at a duty of {x:.1}%"))
                .unwrap_or_default();
            return format!(
                "no car is profitable: the contribution per car (price − unit cost − logistics − the duty not passed on) is ≤ 0 \
                 on every route in every country, at best €{:.0} in {} on {} (€{:.0} − €{:.0} − €{:.0} − {:.0}% of a €{:.0} duty at {}%){be}",
                e.contribution_per_car,
                worst.iso2,
                e.route.name(),
                e.price,
                t.unit_cost,
                t.logistics_per_car,
                100.0 - p.duty_pass_through_pct,
                e.duty_per_car,
                e.duty_pct
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
    /// Route per planning year (`bev_import`, `phev_import`,
    /// `local_assembly`; empty: nothing sold that year).
    pub routes: Vec<String>,
    /// The duty on battery-electric imports (percent) above which the
    /// country alone no longer pays to enter, when it was analysed.
    pub break_even_duty_pct: Option<f64>,
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
    /// The EU assembly plant is built.
    pub plant_built: bool,
    /// Cars assembled in the plant per planning year.
    pub plant_cars: Vec<f64>,
    /// Profit against duty and break-even duties, when asked for.
    pub analysis: EntryAnalysis,
}

/// Column names of `entry_plan.csv`.
pub const ENTRY_PLAN_HEADER: &str =
    "country,entry_year,centers_per_year,expected_sales,revenue,duty_paid,profit,routes,sales_per_year,break_even_duty_pct";

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
    ///         contribution_per_car: 0.1, note: None, routes: vec![],
    ///         break_even_duty_pct: None }],
    ///     centers: vec![], totals: Default::default(), objective: 1.0, bound: None, gap: None,
    ///     reason: None, notes: vec![], assignment: vec![], stats: SolveStats::default(),
    ///     plant_built: false, plant_cars: vec![], analysis: Default::default() };
    /// let dir = tempfile::tempdir()?;
    /// let f = dir.path().join("entry_plan.csv");
    /// plan.write_csv(&f)?;
    /// assert_eq!(std::fs::read_to_string(&f)?,
    ///     "country,entry_year,centers_per_year,expected_sales,revenue,duty_paid,profit,routes,sales_per_year,break_even_duty_pct\n\
    ///      DE,2027,2027:2,10.0,350000,0,1,,2027:10,\n");
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
                // Routes by year, runs of the same route merged: `2027-2028:bev_import;2029-2030:local_assembly`.
                let mut routes: Vec<String> = Vec::new();
                let mut t = 0;
                while t < c.routes.len() {
                    let mut u = t;
                    while u + 1 < c.routes.len() && c.routes[u + 1] == c.routes[t] {
                        u += 1;
                    }
                    if !c.routes[t].is_empty() {
                        let (a, b) = (self.years[t], self.years[u]);
                        routes.push(if a == b {
                            format!("{a}:{}", c.routes[t])
                        } else {
                            format!("{a}-{b}:{}", c.routes[t])
                        });
                    }
                    t = u + 1;
                }
                let sales: Vec<String> = self
                    .years
                    .iter()
                    .zip(&c.sales_per_year)
                    .filter(|(_, &s)| s > 0.0)
                    .map(|(y, s)| format!("{y}:{s:.0}"))
                    .collect();
                writeln!(
                    w,
                    "{},{},{},{:.1},{:.0},{:.0},{:.0},{},{},{}",
                    c.country,
                    c.entry_year.map(|y| y.to_string()).unwrap_or_default(),
                    per_year.join(";"),
                    c.expected_sales,
                    c.revenue,
                    c.duty_paid,
                    zero_if_tiny(c.profit),
                    routes.join(";"),
                    sales.join(";"),
                    c.break_even_duty_pct
                        .map(|d| format!("{d:.2}"))
                        .unwrap_or_default()
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
            "market entry {}–{}: {} ({}); profit €{}",
            self.years.first().copied().unwrap_or_default(),
            self.years.last().copied().unwrap_or_default(),
            self.status,
            self.method,
            grouped(self.objective)
        );
        if let (Some(b), Some(g)) = (self.bound, self.gap) {
            s += &format!(", bound €{}, gap {:.2}%", grouped(b), g * 100.0);
        }
        s += &format!(
            "\n{} countries entered, {} centers, {} cars sold, duty paid €{}",
            self.totals.countries_entered,
            self.totals.centers,
            grouped(self.totals.expected_sales),
            grouped(self.totals.duty_paid)
        );
        for c in self.countries.iter().filter(|c| c.entered) {
            s += &format!(
                "\n  {} {}: {} centers, {} cars sold, profit €{}",
                c.entry_year.unwrap_or_default(),
                c.country,
                c.centers,
                grouped(c.expected_sales),
                grouped(c.profit)
            );
        }
        if let Some(r) = &self.reason {
            s += &format!("\nnothing entered: {r}");
        }
        s
    }
}

pub(super) fn zero_if_tiny(x: f64) -> f64 {
    if x.abs() < 0.5 {
        0.0
    } else {
        x
    }
}

pub(super) fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}
