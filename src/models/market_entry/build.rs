//! Building an instance from the market data, the cities and the sites.

#![allow(clippy::needless_range_loop)]

use super::instance::*;
use super::params::*;
use crate::error::{Error, Result};
use crate::market::{city_demand, cost_index, DemandSettings, MarketData};
use crate::problem::{Problem, SiteStatus};
use crate::spatial::PointIndex;
use crate::travel::CostMatrix;

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
            .chain(params.price_index.keys())
        {
            if market.country_index(k).is_none() {
                return Err(Error::Usage(format!(
                    "[market_entry]: {k:?} is not a country of the country table"
                )));
            }
        }
        let kappa = cost_index(&market.countries);
        let mut countries = Vec::with_capacity(market.countries.len());
        let (mut bev_duty, mut phev_factor) = (Vec::new(), Vec::new());
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
            let price_index = params
                .price_index
                .iter()
                .find(|(k, _)| c.matches(k))
                .map_or(1.0, |(_, &v)| v);
            bev_duty.push(duty_pct);
            phev_factor.push(match (c.bev_sales, c.phev_sales) {
                (Some(b), Some(p)) if b > 0.0 => p / b,
                _ => 0.0,
            });
            countries.push(CountryTerms {
                iso2: c.iso2.clone(),
                name: c.name.clone(),
                eu_member: c.eu_member,
                duty_pct,
                contribution_per_car: 0.0,
                price_index,
                routes: Vec::new(),
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
        let (mut city_demand_idx, mut city_country, mut base_cars) =
            (Vec::new(), Vec::new(), Vec::new());
        for (d, c) in cd.country.iter().enumerate() {
            let Some(c) = *c else { continue };
            city_demand_idx.push(d);
            city_country.push(c);
            countries[c].n_cities += 1;
            base_cars.extend_from_slice(&cd.cars[d][..nt]);
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
            if base_cars[i * nt..(i + 1) * nt].iter().all(|&v| v <= 0.0) {
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

        let plant_t = params
            .plant
            .and_then(|pl| years.iter().position(|&y| y >= pl.build_year));
        let n = base_cars.len();
        let mut inst = MarketEntryInstance {
            params: params.clone(),
            years,
            discount,
            route_of: vec![None; countries.len() * nt],
            countries,
            city_demand: city_demand_idx,
            city_country,
            cars: vec![0.0; n],
            value: vec![0.0; n],
            base_cars,
            bev_duty,
            mfn_pct: market.duties.standard_pct,
            phev_factor,
            plant_on: false,
            plant_t,
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
        };
        inst.reprice();
        Ok(inst)
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
        params.budget_per_year = None;
        MarketEntryInstance {
            params,
            years: self.years.clone(),
            discount: self.discount.clone(),
            countries: self.countries.clone(),
            city_demand: cities.iter().map(|&i| self.city_demand[i]).collect(),
            city_country: vec![c; cities.len()],
            cars: pick(&self.cars),
            value: pick(&self.value),
            base_cars: pick(&self.base_cars),
            bev_duty: self.bev_duty.clone(),
            mfn_pct: self.mfn_pct,
            phev_factor: self.phev_factor.clone(),
            route_of: self.route_of.clone(),
            plant_on: self.plant_on,
            plant_t: self.plant_t,
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
}
