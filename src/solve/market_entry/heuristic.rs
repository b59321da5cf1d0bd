//! The heuristic: greedy entry bundles, then add, drop and swap moves on the schedule.

#![allow(clippy::needless_range_loop)]

use crate::models::market_entry::{MarketEntryInstance, Schedule};
use crate::spatial::PointIndex;
use std::collections::BinaryHeap;
use std::time::Instant;

/// Objective changes smaller than this (€) are not improvements.
pub(super) const EPS: f64 = 1e-6;

/// Candidates tried as swap partners of an open center.
pub(super) const SWAP_NEIGHBOURS: usize = 8;

/// An entry bundle: value, sites, spending.
pub(super) type Bundle = (f64, Vec<usize>, f64);

/// Heuristic state: a schedule and, per city and year, the capture of its
/// best open center.
pub(super) struct Heuristic<'a> {
    pub(super) inst: &'a MarketEntryInstance,
    pub(super) nt: usize,
    pub(super) sched: Schedule,
    pub(super) best: Vec<f64>,
    pub(super) opened: Vec<usize>,
    pub(super) spend: f64,
    pub(super) by_country: Vec<Vec<usize>>,
    pub(super) mark: Vec<u32>,
    pub(super) stamp: u32,
    pub(super) moves: u64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Scored(f64, usize, usize, u64);
impl Eq for Scored {}
impl PartialOrd for Scored {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Scored {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.0
            .total_cmp(&o.0)
            .then(o.1.cmp(&self.1))
            .then(o.2.cmp(&self.2))
    }
}

impl<'a> Heuristic<'a> {
    pub(super) fn new(inst: &'a MarketEntryInstance) -> Self {
        let nt = inst.years.len();
        let sched = inst.empty_schedule();
        let mut by_country = vec![Vec::new(); inst.countries.len()];
        for (k, c) in inst.candidates.iter().enumerate() {
            by_country[c.country].push(k);
        }
        let mut h = Heuristic {
            inst,
            nt,
            best: vec![0.0; inst.city_demand.len() * nt],
            sched,
            opened: vec![0; nt],
            spend: 0.0,
            by_country,
            mark: vec![0; inst.city_demand.len()],
            stamp: 0,
            moves: 0,
        };
        for i in 0..inst.city_demand.len() {
            h.refresh_city(i);
        }
        h
    }

    pub(super) fn refresh_city(&mut self, i: usize) {
        for t in 0..self.nt {
            self.best[i * self.nt + t] =
                self.inst.best_open(i, t, &self.sched).map_or(0.0, |b| b.1);
        }
    }

    pub(super) fn kmax(&self) -> usize {
        self.inst.params.max_openings_per_year.unwrap_or(usize::MAX)
    }

    pub(super) fn budget_left(&self) -> f64 {
        self.inst
            .params
            .budget
            .map_or(f64::INFINITY, |b| b * (1.0 + 1e-9) + 1e-6 - self.spend)
    }

    /// Whether the yearly budget holds after `changes`.
    pub(super) fn year_ok(&mut self, changes: &[(usize, Option<usize>)]) -> bool {
        let Some(b) = self.inst.params.budget_per_year else {
            return true;
        };
        let old: Vec<Option<usize>> = changes.iter().map(|&(k, _)| self.sched[k]).collect();
        for &(k, v) in changes {
            self.sched[k] = v;
        }
        let ok = self
            .inst
            .invest_per_year(&self.sched)
            .iter()
            .all(|&x| x <= b * (1.0 + 1e-9) + 1e-6);
        for (&(k, _), o) in changes.iter().zip(old) {
            self.sched[k] = o;
        }
        ok
    }

    /// A heuristic state starting from `schedule` (which must pass
    /// [`MarketEntryInstance::check`]).
    pub(super) fn from_schedule(inst: &'a MarketEntryInstance, schedule: &Schedule) -> Self {
        let mut h = Heuristic::new(inst);
        for (k, s) in schedule.iter().enumerate() {
            if let (false, Some(t)) = (inst.candidates[k].existing, *s) {
                h.opened[t] += 1;
            }
        }
        h.sched = schedule.clone();
        h.spend = inst.spend(schedule);
        for i in 0..inst.city_demand.len() {
            h.refresh_city(i);
        }
        h
    }

    /// Improvement passes scored by the exact value of each country
    /// (store capacity, ramp-up and routes included; the plant's capacity
    /// is checked on the whole plan at the end): move a country's entry a
    /// year earlier or later, leave it, drop a center, move its opening
    /// year, open a closed candidate of an entered country. Plans with
    /// cross-border service are left as they are.
    pub(super) fn polish(&mut self, start: &Instant, seconds: f64) {
        let inst = self.inst;
        if inst.params.cross_border {
            return;
        }
        let nt = self.nt;
        let nc = inst.countries.len();
        let mut cities: Vec<Vec<usize>> = vec![Vec::new(); nc];
        for (i, &c) in inst.city_country.iter().enumerate() {
            cities[c].push(i);
        }
        let mut loads = vec![0.0; inst.candidates.len()];
        let before = self.sched.clone();
        let before_value = inst.evaluate(&before).objective;
        let mut cur: Vec<f64> = (0..nc)
            .map(|c| {
                inst.country_value(c, &cities[c], &self.by_country[c], &self.sched, &mut loads)
            })
            .collect();
        let mut try_move = |h: &mut Self, c: usize, changes: &[(usize, Option<usize>)]| -> bool {
            let old: Vec<Option<usize>> = changes.iter().map(|&(k, _)| h.sched[k]).collect();
            for &(k, v) in changes {
                h.sched[k] = v;
            }
            let mut ok = inst.check(&h.sched).is_ok();
            let v = if ok {
                inst.country_value(c, &cities[c], &h.by_country[c], &h.sched, &mut loads)
            } else {
                f64::NEG_INFINITY
            };
            ok &= v > cur[c] + EPS * cur[c].abs().max(1.0);
            let new_spend = if ok { inst.spend(&h.sched) } else { 0.0 };
            for (&(k, _), o) in changes.iter().zip(old) {
                h.sched[k] = o;
            }
            if ok {
                let ds = new_spend - h.spend;
                h.commit(changes, ds);
                cur[c] = v;
            }
            ok
        };
        for _round in 0..4 {
            let mut improved = false;
            for c in 0..nc {
                if crate::stop::over(*start, seconds) {
                    break;
                }
                let open: Vec<(usize, usize)> = self.by_country[c]
                    .iter()
                    .filter(|&&k| !inst.candidates[k].existing)
                    .filter_map(|&k| self.sched[k].map(|t| (k, t)))
                    .collect();
                if open.is_empty() {
                    continue;
                }
                let later: Vec<(usize, Option<usize>)> = open
                    .iter()
                    .map(|&(k, t)| (k, (t + 1 < nt).then_some(t + 1)))
                    .collect();
                let earlier: Vec<(usize, Option<usize>)> = open
                    .iter()
                    .map(|&(k, t)| (k, Some(t.saturating_sub(1))))
                    .collect();
                let leave: Vec<(usize, Option<usize>)> =
                    open.iter().map(|&(k, _)| (k, None)).collect();
                for ch in [earlier, later, leave] {
                    if try_move(self, c, &ch) {
                        improved = true;
                        break;
                    }
                }
            }
            for k in 0..inst.candidates.len() {
                if crate::stop::over(*start, seconds) {
                    break;
                }
                if inst.candidates[k].existing || inst.col_start[k] == inst.col_start[k + 1] {
                    continue;
                }
                let c = inst.candidates[k].country;
                match self.sched[k] {
                    Some(o) => {
                        let mut tries = vec![None];
                        if o > 0 {
                            tries.push(Some(o - 1));
                        }
                        if o + 1 < nt {
                            tries.push(Some(o + 1));
                        }
                        for to in tries {
                            if try_move(self, c, &[(k, to)]) {
                                improved = true;
                                break;
                            }
                        }
                    }
                    None => {
                        let Some(e) = self.entry_year(c) else {
                            continue;
                        };
                        if self.opened[e] < self.kmax() && try_move(self, c, &[(k, Some(e))]) {
                            improved = true;
                        }
                    }
                }
            }
            if !improved {
                break;
            }
        }
        // The plant's capacity couples countries: keep the polish only if
        // the whole plan gained.
        if inst.plant_on && inst.evaluate(&self.sched).objective < before_value {
            *self = Heuristic::from_schedule(inst, &before);
        }
    }

    pub(super) fn entry_year(&self, c: usize) -> Option<usize> {
        self.by_country[c]
            .iter()
            .filter_map(|&k| self.sched[k])
            .min()
    }

    /// Profit gained by opening new candidate `k` in year `tau` (or earlier
    /// than it now opens), and the extra spending; `None` when it would not
    /// open earlier. `entered` treats the country's entry cost as paid.
    pub(super) fn add_gain(
        &self,
        k: usize,
        tau: usize,
        best: &[f64],
        entered: bool,
    ) -> Option<(f64, f64)> {
        let inst = self.inst;
        let nt = self.nt;
        let cand = &inst.candidates[k];
        let end = match self.sched[k] {
            Some(o) if o <= tau => return None,
            Some(o) => o,
            None => nt,
        };
        let mut gain = 0.0;
        for p in inst.col_start[k]..inst.col_start[k + 1] {
            let i = inst.col_city[p] as usize;
            let a = inst.col_capture[p];
            for t in tau..end {
                let b = best[i * nt + t];
                if a > b {
                    gain += inst.value[i * nt + t] * (a - b);
                }
            }
        }
        let mut spend = 0.0;
        for t in tau..end {
            gain -= inst.discount[t] * cand.fixed_cost;
            spend += cand.fixed_cost;
        }
        if end == nt {
            gain -= inst.discount[tau] * cand.opening_cost;
            spend += cand.opening_cost;
        } else {
            gain -= (inst.discount[tau] - inst.discount[end]) * cand.opening_cost;
        }
        let country = &inst.countries[cand.country];
        if !country.present && !entered {
            match self.entry_year(cand.country) {
                None => {
                    gain -= inst.discount[tau] * country.entry_cost;
                    spend += country.entry_cost;
                }
                Some(e) if e > tau => {
                    gain -= (inst.discount[tau] - inst.discount[e]) * country.entry_cost;
                }
                Some(_) => {}
            }
        }
        Some((gain, spend))
    }

    /// Exact change of profit and spending if the given candidates were
    /// set to the given opening years.
    pub(super) fn delta(&mut self, changes: &[(usize, Option<usize>)]) -> (f64, f64) {
        let inst = self.inst;
        let nt = self.nt;
        let mut countries: Vec<usize> = changes
            .iter()
            .map(|&(k, _)| inst.candidates[k].country)
            .collect();
        countries.sort_unstable();
        countries.dedup();
        let cost = |h: &Self| -> (f64, f64) {
            let (mut obj, mut spend) = (0.0, 0.0);
            for &(k, _) in changes {
                let c = &inst.candidates[k];
                if let Some(o) = h.sched[k] {
                    obj += inst.discount[o] * c.opening_cost;
                    spend += c.opening_cost;
                    for t in o..nt {
                        obj += inst.discount[t] * c.fixed_cost;
                        spend += c.fixed_cost;
                    }
                }
            }
            for &c in &countries {
                let country = &inst.countries[c];
                if let (false, Some(e)) = (country.present, h.entry_year(c)) {
                    obj += inst.discount[e] * country.entry_cost;
                    spend += country.entry_cost;
                }
            }
            (obj, spend)
        };
        let (c0, s0) = cost(self);
        let old: Vec<Option<usize>> = changes.iter().map(|&(k, _)| self.sched[k]).collect();
        for &(k, v) in changes {
            self.sched[k] = v;
        }
        let (c1, s1) = cost(self);
        self.stamp += 1;
        let mut gain = 0.0;
        for &(k, _) in changes {
            for p in inst.col_start[k]..inst.col_start[k + 1] {
                let i = inst.col_city[p] as usize;
                if self.mark[i] == self.stamp {
                    continue;
                }
                self.mark[i] = self.stamp;
                for t in 0..nt {
                    let nb = inst.best_open(i, t, &self.sched).map_or(0.0, |b| b.1);
                    gain += inst.value[i * nt + t] * (nb - self.best[i * nt + t]);
                }
            }
        }
        for (&(k, _), o) in changes.iter().zip(old) {
            self.sched[k] = o;
        }
        (gain - (c1 - c0), s1 - s0)
    }

    /// Applies changes (already checked) and refreshes the state.
    pub(super) fn commit(&mut self, changes: &[(usize, Option<usize>)], dspend: f64) {
        for &(k, v) in changes {
            if let Some(o) = self.sched[k] {
                self.opened[o] -= 1;
            }
            if let Some(o) = v {
                self.opened[o] += 1;
            }
            self.sched[k] = v;
        }
        self.spend += dspend;
        self.moves += 1;
        for &(k, _) in changes {
            for p in self.inst.col_start[k]..self.inst.col_start[k + 1] {
                let i = self.inst.col_city[p] as usize;
                self.refresh_city(i);
            }
        }
    }

    /// The greedy entry bundle of country `c` in year `tau`: its value (gains
    /// minus entry cost), its sites and its spending.
    pub(super) fn bundle(&self, c: usize, tau: usize) -> Option<Bundle> {
        let inst = self.inst;
        let country = &inst.countries[c];
        let mut room = self.kmax().saturating_sub(self.opened[tau]);
        let mut left = self.budget_left() - country.entry_cost;
        let mut year_left = inst.params.budget_per_year.map_or(f64::INFINITY, |b| {
            b * (1.0 + 1e-9) + 1e-6 - inst.invest_per_year(&self.sched)[tau] - country.entry_cost
        });
        if room == 0 || left < 0.0 || year_left < 0.0 {
            return None;
        }
        let mut best = self.best.clone();
        let mut heap: BinaryHeap<Scored> = BinaryHeap::new();
        for &k in &self.by_country[c] {
            if inst.candidates[k].existing || inst.col_start[k] == inst.col_start[k + 1] {
                continue;
            }
            if let Some((g, _)) = self.add_gain(k, tau, &best, true) {
                if g > EPS {
                    heap.push(Scored(g, k, tau, 0));
                }
            }
        }
        let mut round = 0u64;
        let mut sites = Vec::new();
        let (mut total, mut spend) = (0.0, country.entry_cost);
        while let Some(Scored(_, k, _, r)) = heap.pop() {
            if room == 0 {
                break;
            }
            let Some((g, s)) = self.add_gain(k, tau, &best, true) else {
                continue;
            };
            if r != round {
                if g > EPS {
                    heap.push(Scored(g, k, tau, round));
                }
                continue;
            }
            if g <= EPS {
                break;
            }
            if s > left || inst.candidates[k].opening_cost > year_left {
                continue;
            }
            year_left -= inst.candidates[k].opening_cost;
            total += g;
            spend += s;
            left -= s;
            room -= 1;
            sites.push(k);
            round += 1;
            let nt = self.nt;
            for p in inst.col_start[k]..inst.col_start[k + 1] {
                let i = inst.col_city[p] as usize;
                for t in tau..nt {
                    let b = &mut best[i * nt + t];
                    *b = b.max(inst.col_capture[p]);
                }
            }
        }
        let value = total - inst.discount[tau] * country.entry_cost;
        (value > EPS && !sites.is_empty()).then_some((value, sites, spend))
    }

    /// Greedy: best single opening in an entered country or best entry
    /// bundle, until nothing gains or the time is up.
    pub(super) fn greedy(&mut self, start: &Instant, seconds: f64) {
        let inst = self.inst;
        let nt = self.nt;
        let nc = inst.countries.len();
        let cross = inst.params.cross_border;
        let mut heap: BinaryHeap<Scored> = BinaryHeap::new();
        let mut round = 0u64;
        let mut pushed_country = vec![false; nc];
        let mut bundles: Vec<Vec<Option<Bundle>>> = vec![vec![None; nt]; nc];
        let mut dirty = vec![true; nc];
        loop {
            if crate::stop::over(*start, seconds) {
                break;
            }
            // Candidates of entered countries join the lazy heap once.
            for c in 0..nc {
                if !pushed_country[c] && (inst.countries[c].present || self.entry_year(c).is_some())
                {
                    pushed_country[c] = true;
                    dirty[c] = false;
                    for &k in &self.by_country[c] {
                        if inst.candidates[k].existing {
                            continue;
                        }
                        for tau in 0..nt {
                            if let Some((g, _)) = self.add_gain(k, tau, &self.best, false) {
                                if g > EPS {
                                    heap.push(Scored(g, k, tau, round));
                                }
                            }
                        }
                    }
                }
            }
            // Bundles of countries not entered.
            for c in 0..nc {
                if pushed_country[c] {
                    bundles[c].iter_mut().for_each(|b| *b = None);
                    continue;
                }
                let stale = bundles[c].iter().enumerate().any(|(tau, b)| {
                    b.as_ref().is_some_and(|(_, s, sp)| {
                        s.len() > self.kmax().saturating_sub(self.opened[tau])
                            || *sp > self.budget_left()
                    })
                });
                if dirty[c] || stale || cross {
                    for tau in 0..nt {
                        bundles[c][tau] = self.bundle(c, tau);
                    }
                    dirty[c] = false;
                }
            }
            let best_bundle = (0..nc)
                .flat_map(|c| (0..nt).map(move |t| (c, t)))
                .filter_map(|(c, t)| bundles[c][t].as_ref().map(|b| (b.0, c, t)))
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)));
            // The best single move (lazy evaluation).
            let mut best_single: Option<(f64, usize, usize, f64)> = None;
            while let Some(Scored(_, k, tau, r)) = heap.pop() {
                if self.opened[tau] >= self.kmax() {
                    continue;
                }
                let Some((g, s)) = self.add_gain(k, tau, &self.best, false) else {
                    continue;
                };
                if g <= EPS || s > self.budget_left() || !self.year_ok(&[(k, Some(tau))]) {
                    continue;
                }
                if r != round {
                    heap.push(Scored(g, k, tau, round));
                    continue;
                }
                best_single = Some((g, k, tau, s));
                break;
            }
            match (best_single, best_bundle) {
                (Some((g, k, tau, s)), b) if b.is_none_or(|b| g >= b.0) => {
                    self.commit(&[(k, Some(tau))], s);
                }
                (single, Some((_, c, tau))) => {
                    if let Some((g, k, t, _)) = single {
                        heap.push(Scored(g, k, t, round));
                    }
                    let (_, sites, spend) = bundles[c][tau].take().unwrap();
                    let changes: Vec<(usize, Option<usize>)> =
                        sites.iter().map(|&k| (k, Some(tau))).collect();
                    if self.year_ok(&changes) {
                        self.commit(&changes, spend);
                    } else {
                        // Built before other entries used the year's budget.
                        dirty[c] = true;
                    }
                }
                (None, None) => break,
                (Some(_), None) => unreachable!(),
            }
            round += 1;
        }
    }

    /// Candidates near `k` (nearest first) that may replace it.
    pub(super) fn neighbours(&self, index: &PointIndex, k: usize) -> Vec<usize> {
        let inst = self.inst;
        let (lat, lon) = inst.site_coords[inst.candidates[k].site];
        index
            .nearest(lat, lon, SWAP_NEIGHBOURS + 1)
            .into_iter()
            .map(|h| h.0 as usize)
            .filter(|&j| {
                j != k
                    && !inst.candidates[j].existing
                    && (inst.params.cross_border
                        || inst.candidates[j].country == inst.candidates[k].country)
            })
            .collect()
    }

    pub(super) fn try_apply(&mut self, changes: &[(usize, Option<usize>)]) -> bool {
        // Yearly counts after all the changes together (an exchange of two
        // opening years leaves them as they are, even in full years).
        let mut opened = self.opened.clone();
        for &(k, to) in changes {
            if let Some(o) = self.sched[k] {
                opened[o] -= 1;
            }
            if let Some(t) = to {
                opened[t] += 1;
            }
        }
        if opened
            .iter()
            .zip(&self.opened)
            .any(|(&n, &before)| n > before && n > self.kmax())
        {
            return false;
        }
        if !self.year_ok(changes) {
            return false;
        }
        let (g, s) = self.delta(changes);
        if g > EPS * g.abs().max(1.0) && s <= self.budget_left() {
            self.commit(changes, s);
            true
        } else {
            false
        }
    }

    /// Improvement passes until none helps or the time is up.
    pub(super) fn local_search(&mut self, start: &Instant, seconds: f64) {
        let inst = self.inst;
        let nt = self.nt;
        let index = PointIndex::new(inst.candidates.iter().map(|c| inst.site_coords[c.site]));
        let usable: Vec<usize> = (0..inst.candidates.len())
            .filter(|&k| !inst.candidates[k].existing && inst.col_start[k + 1] > inst.col_start[k])
            .collect();
        loop {
            let mut improved = false;
            // Leave a whole country.
            for c in 0..inst.countries.len() {
                if inst.countries[c].present || self.entry_year(c).is_none() {
                    continue;
                }
                let changes: Vec<(usize, Option<usize>)> = self.by_country[c]
                    .iter()
                    .filter(|&&k| self.sched[k].is_some())
                    .map(|&k| (k, None))
                    .collect();
                improved |= self.try_apply(&changes);
            }
            for &k in &usable {
                if crate::stop::over(*start, seconds) {
                    return;
                }
                let c = inst.candidates[k].country;
                match self.sched[k] {
                    Some(o) => {
                        if self.try_apply(&[(k, None)]) {
                            improved = true;
                            continue;
                        }
                        for t in (0..nt).filter(|&t| t != o) {
                            if self.try_apply(&[(k, Some(t))]) {
                                improved = true;
                                break;
                            }
                        }
                        let Some(o) = self.sched[k] else { continue };
                        for j in self.neighbours(&index, k) {
                            if self.sched[j].is_none() && self.try_apply(&[(k, None), (j, Some(o))])
                            {
                                improved = true;
                                break;
                            }
                        }
                    }
                    None => {
                        if !inst.countries[c].present && self.entry_year(c).is_none() {
                            continue;
                        }
                        for t in 0..nt {
                            if self.opened[t] >= self.kmax() {
                                continue;
                            }
                            if let Some((g, s)) = self.add_gain(k, t, &self.best, false) {
                                if g > EPS
                                    && s <= self.budget_left()
                                    && self.year_ok(&[(k, Some(t))])
                                {
                                    self.commit(&[(k, Some(t))], s);
                                    improved = true;
                                    break;
                                }
                            }
                        }
                    }
                }
            }
            // Exchange the opening years of two centers (the yearly counts
            // stay the same): lets a better late center take an early slot.
            let open: Vec<usize> = usable
                .iter()
                .copied()
                .filter(|&k| self.sched[k].is_some())
                .collect();
            for &j in &open {
                if crate::stop::over(*start, seconds) {
                    return;
                }
                for &k in &open {
                    let (Some(tj), Some(tk)) = (self.sched[j], self.sched[k]) else {
                        continue;
                    };
                    if tk < tj && self.try_apply(&[(j, Some(tk)), (k, Some(tj))]) {
                        improved = true;
                        break;
                    }
                }
            }
            if !improved {
                return;
            }
        }
    }
}
