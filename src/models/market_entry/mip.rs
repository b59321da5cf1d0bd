//! The mixed-integer program (1)–(9) of an instance, and schedules read back from it.

#![allow(clippy::needless_range_loop)]

use super::instance::*;
use good_lp::{variable, Constraint, Expression, ProblemVariables, Variable};

impl MarketEntryInstance {
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
        let mut invest: Vec<Expression> = vec![Expression::default(); nt];
        for (ci, c) in self.countries.iter().enumerate() {
            for t in 0..u[ci].len() {
                invest[t] += c.entry_cost * u[ci][t];
                if t > 0 {
                    invest[t] -= c.entry_cost * u[ci][t - 1];
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
                invest[t] += cand.opening_cost * yt;
                opened_in[t] += yt;
                if t > 0 {
                    let yp = y[k][t - 1];
                    objective += self.discount[t] * cand.opening_cost * yp;
                    budget -= cand.opening_cost * yp;
                    invest[t] -= cand.opening_cost * yp;
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
        if let Some(b) = self.params.budget_per_year {
            for e in invest {
                constraints.push(e.leq(b)); // (7')
            }
        }
        if !self.is_simple() {
            objective -= self.plant_cost();
            self.formulate_sales(&mut vars, &mut objective, &mut constraints, &y, &u);
            if let Some(kmax) = self.params.max_openings_per_year {
                for e in opened_in {
                    constraints.push(e.leq(kmax as f64)); // (6)
                }
            }
            if let Some(b) = self.params.budget {
                constraints.push(budget.leq(b)); // (7)
            }
            // The start covers u and y only; the backends take complete starts.
            return MarketEntryMip {
                variables: vars,
                objective,
                constraints,
                y,
                u,
                hint: Vec::new(),
            };
        }

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
                if (0..nt).all(|t| self.value[i * nt + t] <= 0.0) {
                    continue;
                }
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
