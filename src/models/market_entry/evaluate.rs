//! Prices and routes of an instance, and what a schedule is worth: sales
//! capped by store capacity and scaled by ramp-up, the best route per
//! country and year, the plant.

#![allow(clippy::needless_range_loop)]

use super::economics::*;
use super::instance::*;

impl MarketEntryInstance {
    /// Recomputes every country's route economics, the route of largest
    /// value index per country and year, and the per-city `cars` and
    /// `value` the heuristic and the simple MIP use.
    pub(crate) fn reprice(&mut self) {
        let nt = self.years.len();
        let p = &self.params;
        let pass = p.duty_pass_through_pct / 100.0;
        let enabled: Vec<Route> = Route::ALL
            .into_iter()
            .filter(|r| p.routes.contains(r))
            .collect();
        for (ci, c) in self.countries.iter_mut().enumerate() {
            let bev = self.bev_duty[ci];
            c.duty_pct = bev;
            c.routes = enabled
                .iter()
                .map(|&r| {
                    let duty = match r {
                        Route::BevImport => bev,
                        Route::PhevImport if c.eu_member => self.mfn_pct,
                        Route::LocalAssembly if c.eu_member => 0.0,
                        _ => bev,
                    };
                    let q = if r == Route::PhevImport {
                        self.phev_factor[ci]
                    } else {
                        1.0
                    };
                    RouteEconomics::new(
                        r,
                        &p.route_terms(r),
                        c.price_index,
                        duty,
                        pass,
                        p.price_elasticity,
                        q,
                    )
                })
                .collect();
            c.contribution_per_car = c
                .routes
                .iter()
                .find(|e| e.route == Route::BevImport)
                .or(c.routes.first())
                .map_or(0.0, |e| e.contribution_per_car);
        }
        for ci in 0..self.countries.len() {
            for t in 0..nt {
                self.route_of[ci * nt + t] = self
                    .available(ci, t)
                    .filter(|e| e.value_index() > 0.0)
                    .fold(None::<&RouteEconomics>, |best, e| match best {
                        Some(b) if b.value_index() >= e.value_index() => Some(b),
                        _ => Some(e),
                    })
                    .map(|e| e.route);
            }
        }
        for i in 0..self.city_demand.len() {
            let c = self.city_country[i];
            for t in 0..nt {
                let (cars, v) = match self.route_econ(c, t) {
                    Some(e) => (
                        self.base_cars[i * nt + t] * e.market_factor * e.volume_factor,
                        e.contribution_per_car,
                    ),
                    None => (self.base_cars[i * nt + t], 0.0),
                };
                self.cars[i * nt + t] = cars;
                self.value[i * nt + t] = if v > 0.0 {
                    self.discount[t] * v * cars
                } else {
                    0.0
                };
            }
        }
    }

    /// The routes open to country `c` in year index `t` (local assembly
    /// only with the plant built and producing).
    pub(crate) fn available(&self, c: usize, t: usize) -> impl Iterator<Item = &RouteEconomics> {
        let plant = self.plant_on && self.plant_t.is_some_and(|p| t >= p);
        self.countries[c]
            .routes
            .iter()
            .filter(move |e| e.route != Route::LocalAssembly || plant)
    }

    /// The economics of the route `reprice` chose for country `c` in year `t`.
    pub(crate) fn route_econ(&self, c: usize, t: usize) -> Option<&RouteEconomics> {
        let r = self.route_of[c * self.years.len() + t]?;
        self.countries[c].routes.iter().find(|e| e.route == r)
    }

    /// Whether the plant decision is open: `local_assembly` enabled, a plant
    /// set, and its build year within the horizon.
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, TravelCost};
    /// # use siteplan::market::{CountryFacts, DutyTable, MarketData};
    /// # use siteplan::models::market_entry::*;
    /// # let mut a = DemandPoint::new("a", 52.5, 13.4, 1.0); a.country = Some("DE".into());
    /// # let p = Problem::builder().demand(a.clone()).sites(city_sites(&[a])).build()?;
    /// # let m = MarketData::new(vec![CountryFacts::new("DE", "Germany", true).with_bev_sales(1e5)], DutyTable::regulation_2024_2754());
    /// # let costs = Haversine.cost_matrix(&p, Reach::cutoff(Km(150.0)))?;
    /// let params = MarketEntryParams { routes: vec![Route::BevImport, Route::LocalAssembly],
    ///     plant: Some(Plant { capex: 1e8, capacity: 5e4, build_year: 2028, fixed_cost: 0.0 }), ..Default::default() };
    /// let inst = MarketEntryInstance::build(&p, &costs, &m, &params)?;
    /// assert!(inst.plant_possible() && !inst.plant_on());
    /// assert!(inst.with_plant(true).plant_on());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn plant_possible(&self) -> bool {
        self.params.routes.contains(&Route::LocalAssembly)
            && self.params.plant.is_some()
            && self.plant_t.is_some()
    }

    /// Whether this instance builds the plant.
    ///
    /// # Examples
    ///
    /// See [`MarketEntryInstance::plant_possible`].
    ///
    /// ```
    /// # use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, TravelCost};
    /// # use siteplan::market::{CountryFacts, DutyTable, MarketData};
    /// # use siteplan::models::market_entry::*;
    /// # let mut a = DemandPoint::new("a", 52.5, 13.4, 1.0); a.country = Some("DE".into());
    /// # let p = Problem::builder().demand(a.clone()).sites(city_sites(&[a])).build()?;
    /// # let m = MarketData::new(vec![CountryFacts::new("DE", "Germany", true).with_bev_sales(1e5)], DutyTable::regulation_2024_2754());
    /// # let costs = Haversine.cost_matrix(&p, Reach::cutoff(Km(150.0)))?;
    /// let inst = MarketEntryInstance::build(&p, &costs, &m, &MarketEntryParams::default())?;
    /// assert!(!inst.plant_on());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn plant_on(&self) -> bool {
        self.plant_on
    }

    /// The same instance with the plant built (`true`) or not.
    ///
    /// # Examples
    ///
    /// See [`MarketEntryInstance::plant_possible`].
    ///
    /// ```
    /// # use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, TravelCost};
    /// # use siteplan::market::{CountryFacts, DutyTable, MarketData};
    /// # use siteplan::models::market_entry::*;
    /// # let mut a = DemandPoint::new("a", 52.5, 13.4, 1.0); a.country = Some("DE".into());
    /// # let p = Problem::builder().demand(a.clone()).sites(city_sites(&[a])).build()?;
    /// # let m = MarketData::new(vec![CountryFacts::new("DE", "Germany", true).with_bev_sales(1e5)], DutyTable::regulation_2024_2754());
    /// # let costs = Haversine.cost_matrix(&p, Reach::cutoff(Km(150.0)))?;
    /// let inst = MarketEntryInstance::build(&p, &costs, &m, &MarketEntryParams::default())?;
    /// assert!(!inst.with_plant(true).plant_on()); // no plant configured
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn with_plant(&self, on: bool) -> MarketEntryInstance {
        let mut x = self.clone();
        x.set_plant(on);
        x
    }

    /// Builds the plant (`true`, where possible) or not, in place.
    pub(crate) fn set_plant(&mut self, on: bool) {
        self.plant_on = on && self.plant_possible();
        self.reprice();
    }

    /// The same instance with the duty on battery-electric imports set to
    /// `duty_pct` in the EU27 (`country: None`) or in one country (its
    /// index in [`MarketEntryInstance::countries`]).
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, TravelCost};
    /// # use siteplan::market::{CountryFacts, DutyTable, MarketData};
    /// # use siteplan::models::market_entry::*;
    /// # let mut a = DemandPoint::new("a", 52.5, 13.4, 1.0); a.country = Some("DE".into());
    /// # let p = Problem::builder().demand(a.clone()).sites(city_sites(&[a])).build()?;
    /// # let m = MarketData::new(vec![CountryFacts::new("DE", "Germany", true).with_bev_sales(1e5)], DutyTable::regulation_2024_2754());
    /// # let costs = Haversine.cost_matrix(&p, Reach::cutoff(Km(150.0)))?;
    /// let inst = MarketEntryInstance::build(&p, &costs, &m, &MarketEntryParams::default())?;
    /// assert_eq!(inst.countries()[0].duty_pct, 30.7);
    /// assert_eq!(inst.with_bev_duty(None, 17.0).countries()[0].duty_pct, 17.0);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn with_bev_duty(&self, country: Option<usize>, duty_pct: f64) -> MarketEntryInstance {
        let mut x = self.clone();
        for (ci, c) in self.countries.iter().enumerate() {
            if country.map_or(c.eu_member, |k| k == ci) {
                x.bev_duty[ci] = duty_pct;
            }
        }
        x.reprice();
        x
    }

    /// Undiscounted entry and opening costs paid in each year, what
    /// `budget_per_year` limits.
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, TravelCost};
    /// # use siteplan::market::{CountryFacts, DutyTable, MarketData};
    /// # use siteplan::models::market_entry::*;
    /// # let mut a = DemandPoint::new("a", 52.5, 13.4, 1.0); a.country = Some("DE".into());
    /// # let p = Problem::builder().demand(a.clone()).sites(city_sites(&[a])).build()?;
    /// # let m = MarketData::new(vec![CountryFacts::new("DE", "Germany", true).with_bev_sales(1e5)], DutyTable::regulation_2024_2754());
    /// # let costs = Haversine.cost_matrix(&p, Reach::cutoff(Km(150.0)))?;
    /// let params = MarketEntryParams { opening_cost: 1e6, entry_cost: 5e6, cost_index: false, ..Default::default() };
    /// let inst = MarketEntryInstance::build(&p, &costs, &m, &params)?;
    /// assert_eq!(inst.invest_per_year(&vec![Some(1)]), vec![0.0, 6e6, 0.0, 0.0]);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn invest_per_year(&self, schedule: &Schedule) -> Vec<f64> {
        let mut out = vec![0.0; self.years.len()];
        for (c, s) in self.candidates.iter().zip(schedule) {
            if let (false, Some(t)) = (c.existing, *s) {
                out[t] += c.opening_cost;
            }
        }
        for (ci, e) in self.entry_years(schedule).iter().enumerate() {
            if let (Some(t), false) = (*e, self.countries[ci].present) {
                out[t] += self.countries[ci].entry_cost;
            }
        }
        out
    }

    /// Ramp-up factor of candidate `k` in year index `t` under `schedule`.
    #[inline]
    pub(crate) fn ramp_of(&self, k: usize, t: usize, schedule: &Schedule) -> f64 {
        match schedule[k] {
            _ if self.candidates[k].existing => 1.0,
            Some(o) if o <= t => self.params.ramp(t - o),
            _ => 0.0,
        }
    }

    /// True when every center sells what its cities buy from it (no
    /// capacity, no ramp-up below 100 %, no plant): then each city's value
    /// is linear in its share and the simple formulation is exact.
    pub(crate) fn is_simple(&self) -> bool {
        self.params.store_capacity.is_none()
            && self.params.ramp_up_pct.iter().all(|&r| r >= 100.0)
            && !self.plant_on
    }

    /// Scores a schedule. Each city in each year buys at its open center of
    /// largest capture; a center sells `ramp(age) × min(capacity, load)`
    /// where the load is its cities' demand on the country's route; each
    /// country and year takes the route that earns most; local-assembly
    /// sales beyond the plant's capacity are cut in proportion. Needs no
    /// solver.
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
        let nk = self.candidates.len();
        let mut v = ScheduleValue {
            objective: 0.0,
            country_sales: vec![vec![0.0; nt]; nc],
            country_contribution: vec![0.0; nc],
            country_costs: vec![0.0; nc],
            country_entry_cost: vec![0.0; nc],
            center_sales: vec![0.0; nk],
            final_assignment: Vec::new(),
            country_route: vec![vec![None; nt]; nc],
            country_revenue: vec![0.0; nc],
            country_duty: vec![0.0; nc],
            plant_cost: 0.0,
            plant_cars: vec![0.0; nt],
        };
        let cap = self.params.store_capacity.unwrap_or(f64::INFINITY);
        // Base loads: BEV-market cars × capture, per center, buyer country and year.
        let mut best: Vec<Option<(usize, f64)>> = vec![None; self.city_demand.len() * nt];
        for i in 0..self.city_demand.len() {
            for t in 0..nt {
                best[i * nt + t] = self.best_open(i, t, schedule);
            }
        }
        for t in 0..nt {
            // load[k] per buyer country: (country, base load)
            let mut load: Vec<Vec<(usize, f64)>> = vec![Vec::new(); nk];
            for i in 0..self.city_demand.len() {
                if let Some((k, a)) = best[i * nt + t] {
                    let c = self.city_country[i];
                    let l = self.base_cars[i * nt + t] * a;
                    match load[k].iter_mut().find(|e| e.0 == c) {
                        Some(e) => e.1 += l,
                        None => load[k].push((c, l)),
                    }
                }
            }
            // Best route per buyer country: each center's capacity as if
            // it served that country alone.
            let mut country_loads: Vec<Vec<(usize, f64)>> = vec![Vec::new(); nc];
            for k in 0..nk {
                for &(c, l) in &load[k] {
                    country_loads[c].push((k, l));
                }
            }
            let mut chosen: Vec<Option<RouteEconomics>> = vec![None; nc];
            for c in 0..nc {
                if country_loads[c].is_empty() {
                    continue;
                }
                let mut best_r: Option<(f64, RouteEconomics)> = None;
                for e in self.available(c, t) {
                    if e.contribution_per_car <= 0.0 {
                        continue;
                    }
                    let f = e.market_factor * e.volume_factor;
                    let sold: f64 = country_loads[c]
                        .iter()
                        .map(|&(k, l)| self.ramp_of(k, t, schedule) * (f * l).min(cap))
                        .sum();
                    let gain = e.contribution_per_car * sold;
                    if gain > 0.0 && best_r.is_none_or(|b| gain > b.0) {
                        best_r = Some((gain, *e));
                    }
                }
                chosen[c] = best_r.map(|b| b.1);
            }
            // Sales per center and buyer country, capped at the capacity.
            let mut sales: Vec<(usize, usize, f64)> = Vec::new(); // (k, c, cars)
            for k in 0..nk {
                let wants: Vec<(usize, f64)> = load[k]
                    .iter()
                    .filter_map(|&(c, l)| {
                        chosen[c].map(|e| (c, e.market_factor * e.volume_factor * l))
                    })
                    .collect();
                let total: f64 = wants.iter().map(|w| w.1).sum();
                if total <= 0.0 {
                    continue;
                }
                let scale = self.ramp_of(k, t, schedule) * total.min(cap) / total;
                for (c, w) in wants {
                    sales.push((k, c, w * scale));
                }
            }
            // The plant's capacity: local sales cut in proportion.
            let local: f64 = sales
                .iter()
                .filter(|s| chosen[s.1].is_some_and(|e| e.route == Route::LocalAssembly))
                .map(|s| s.2)
                .sum();
            let plant_scale = match self.params.plant {
                Some(pl) if local > pl.capacity => pl.capacity / local,
                _ => 1.0,
            };
            for (k, c, mut cars) in sales {
                let e = chosen[c].expect("sales only on a chosen route");
                if e.route == Route::LocalAssembly {
                    cars *= plant_scale;
                    v.plant_cars[t] += cars;
                }
                v.country_sales[c][t] += cars;
                v.center_sales[k] += cars;
                v.country_contribution[c] += self.discount[t] * e.contribution_per_car * cars;
                v.country_revenue[c] += (e.price + e.price_rise) * cars;
                v.country_duty[c] += e.duty_per_car * cars;
            }
            for c in 0..nc {
                v.country_route[c][t] = chosen[c].map(|e| e.route);
            }
            if t + 1 == nt {
                for i in 0..self.city_demand.len() {
                    if let Some((k, a)) = best[i * nt + t] {
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
        v.plant_cost = self.plant_cost();
        v.objective = (0..nc)
            .map(|c| v.country_contribution[c] - v.country_costs[c] - v.country_entry_cost[c])
            .sum::<f64>()
            - v.plant_cost;
        v
    }

    /// The same instance with the plant's capex and running cost set to 0
    /// (sunk), for analyses of one country.
    pub(crate) fn without_plant_cost(mut self) -> MarketEntryInstance {
        if let Some(pl) = &mut self.params.plant {
            pl.capex = 0.0;
            pl.fixed_cost = 0.0;
        }
        self
    }

    /// The discounted profit of country `c` alone under `schedule`, as
    /// [`MarketEntryInstance::evaluate`] counts it but without the plant's
    /// capacity (which couples countries): `cities` and `cands` are the
    /// country's cities and candidates; `loads` is scratch space of one
    /// entry per candidate. Needs no cross-border service.
    pub(crate) fn country_value(
        &self,
        c: usize,
        cities: &[usize],
        cands: &[usize],
        schedule: &Schedule,
        loads: &mut [f64],
    ) -> f64 {
        let nt = self.years.len();
        let cap = self.params.store_capacity.unwrap_or(f64::INFINITY);
        let mut total = 0.0;
        for t in 0..nt {
            for &k in cands {
                loads[k] = 0.0;
            }
            let mut any = false;
            for &i in cities {
                if let Some((k, a)) = self.best_open(i, t, schedule) {
                    loads[k] += self.base_cars[i * nt + t] * a;
                    any = true;
                }
            }
            if !any {
                continue;
            }
            let mut best = 0.0f64;
            for e in self.available(c, t) {
                if e.contribution_per_car <= 0.0 {
                    continue;
                }
                let f = e.market_factor * e.volume_factor;
                let sold: f64 = cands
                    .iter()
                    .filter(|&&k| loads[k] > 0.0)
                    .map(|&k| self.ramp_of(k, t, schedule) * (f * loads[k]).min(cap))
                    .sum();
                best = best.max(self.discount[t] * e.contribution_per_car * sold);
            }
            total += best;
        }
        let mut entry: Option<usize> = None;
        for &k in cands {
            let cand = &self.candidates[k];
            if let Some(t0) = schedule[k] {
                entry = Some(entry.map_or(t0, |e| e.min(t0)));
                if !cand.existing {
                    total -= self.discount[t0] * cand.opening_cost;
                }
                for t in t0..nt {
                    total -= self.discount[t] * cand.fixed_cost;
                }
            }
        }
        if let (Some(t), false) = (entry, self.countries[c].present) {
            total -= self.discount[t] * self.countries[c].entry_cost;
        }
        total
    }

    /// Discounted capex and running cost of the plant (0 when it is not built).
    pub(crate) fn plant_cost(&self) -> f64 {
        match (self.plant_on, self.plant_t, self.params.plant) {
            (true, Some(tp), Some(pl)) => {
                self.discount[tp] * pl.capex
                    + (tp..self.years.len())
                        .map(|t| self.discount[t] * pl.fixed_cost)
                        .sum::<f64>()
            }
            _ => 0.0,
        }
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
    /// Route per country and year (None: nothing sold).
    pub country_route: Vec<Vec<Option<Route>>>,
    /// Revenue (net price + passed-on duty) per country, undiscounted €.
    pub country_revenue: Vec<f64>,
    /// Duty paid per country, undiscounted €.
    pub country_duty: Vec<f64>,
    /// Discounted plant capex and running cost.
    pub plant_cost: f64,
    /// Cars assembled in the plant per year.
    pub plant_cars: Vec<f64>,
}
