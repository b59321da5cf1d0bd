//! Generation: cities by Zipf's law, towns around them, stores and names.

use super::limits::*;
use super::market::*;
use super::params::*;
use super::region::*;
use super::rng::*;
use crate::error::Result;
use crate::problem::{DemandPoint, Site, SiteStatus};

// ---------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------

/// Generates a market.
///
/// # Panics
///
/// When the parameters are invalid (see [`MarketParams::validate`]); use
/// [`try_generate`] to get an error instead.
///
/// # Examples
///
/// ```
/// use siteplan::synth::{generate, MarketParams};
/// let a = generate(&MarketParams::new().seed(1).cities(10).towns(50));
/// let b = generate(&MarketParams::new().seed(1).cities(10).towns(50));
/// assert_eq!(a.demand_csv(), b.demand_csv());
/// assert_eq!(a.demand[0].weight, 10_000_000.0);
/// ```
pub fn generate(params: &MarketParams) -> Market {
    match try_generate(params) {
        Ok(m) => m,
        Err(e) => panic!("invalid market parameters: {e}"),
    }
}

/// Generates a market, or says which parameter is invalid ([`Error::Usage`](crate::Error::Usage)).
///
/// # Examples
///
/// ```
/// use siteplan::synth::{try_generate, MarketParams};
/// assert!(try_generate(&MarketParams::new().cities(0)).is_err());
/// ```
pub fn try_generate(params: &MarketParams) -> Result<Market> {
    params.validate()?;
    crate::pause::before("generate");
    Ok(Generator::new(params).run())
}

/// A city or town while it is being generated.
#[derive(Debug, Clone)]
pub(super) struct Place {
    pub(super) lat: f64,
    pub(super) lon: f64,
    pub(super) pop: u64,
    pub(super) zone: usize,
    pub(super) cluster: usize,
}

pub(super) struct Generator<'a> {
    pub(super) p: &'a MarketParams,
    pub(super) zones: Vec<Zone>,
    pub(super) zone_cum: Vec<f64>,
    pub(super) bbox: BBox,
}

impl<'a> Generator<'a> {
    pub(super) fn new(p: &'a MarketParams) -> Self {
        let zones = p.region.zones();
        let zone_cum = cumulative(zones.iter().map(|z| z.bbox.area() * z.density));
        Generator {
            p,
            zones,
            zone_cum,
            bbox: p.region.bbox().rounded_inward(),
        }
    }

    /// The first zone holding the point.
    pub(super) fn zone_of(&self, lat: f64, lon: f64) -> Option<usize> {
        self.zones.iter().position(|z| z.bbox.contains(lat, lon))
    }

    /// A point drawn by area × density over the zones.
    pub(super) fn sample_region(&self, rng: &mut Rng) -> (f64, f64, usize) {
        let z = rng.pick(&self.zone_cum);
        let (lat, lon) = self.zones[z].bbox.sample(rng);
        (lat, lon, z)
    }

    /// A point `km` away from (lat, lon) in direction `theta` (radians from
    /// north), on a local flat approximation.
    pub(super) fn offset(lat: f64, lon: f64, km: f64, theta: f64) -> (f64, f64) {
        let dlat = km * theta.cos() / KM_PER_DEG;
        let coslat = lat.to_radians().cos().max(0.01);
        let dlon = km * theta.sin() / (KM_PER_DEG * coslat);
        (lat + dlat, lon + dlon)
    }

    /// Tries `draw` until it gives a point inside the region; falls back to
    /// `fallback` (which is inside zone `fallback_zone`).
    pub(super) fn place(
        &self,
        rng: &mut Rng,
        mut draw: impl FnMut(&mut Rng) -> (f64, f64),
        fallback: (f64, f64),
        fallback_zone: usize,
    ) -> (f64, f64, usize) {
        for _ in 0..MAX_TRIES {
            let (lat, lon) = draw(rng);
            if let Some(z) = self.zone_of(lat, lon) {
                return (lat, lon, z);
            }
        }
        (fallback.0, fallback.1, fallback_zone)
    }

    /// Zipf sizes for ranks `first..first + n`, with noise, sorted largest
    /// first, each in 1..=cap.
    pub(super) fn zipf_sizes(&self, rng: &mut Rng, first: usize, n: usize, cap: f64) -> Vec<f64> {
        let s = self.p.zipf_exponent;
        let largest = self.p.largest as f64;
        let mut v: Vec<f64> = (first..first + n)
            .map(|rank| {
                let base = largest * (rank as f64).powf(-s);
                let noisy = if rank == 1 {
                    base
                } else {
                    base * (SIZE_NOISE * rng.normal()).exp()
                };
                noisy.round().clamp(1.0, cap)
            })
            .collect();
        v.sort_by(|a, b| b.total_cmp(a));
        v
    }

    pub(super) fn run(&self) -> Market {
        let p = self.p;
        let seed = p.seed;

        // Clusters: centres drawn by area × density, weights exponential.
        let n_clusters = p
            .clusters
            .unwrap_or_else(|| ((p.cities as f64).powf(0.6).round() as usize).clamp(1, 80))
            .min(p.cities);
        let mut rng = Rng::new(seed, stream::CLUSTERS);
        let centres: Vec<(f64, f64, usize)> = (0..n_clusters)
            .map(|_| self.sample_region(&mut rng))
            .collect();
        let cluster_cum = cumulative((0..n_clusters).map(|_| 0.2 + rng.exp()));

        // Cities: Zipf sizes; positions Gaussian around their cluster centre.
        let mut rng = Rng::new(seed, stream::CITIES);
        let largest = p.largest as f64;
        let city_sizes = self.zipf_sizes(&mut rng, 1, p.cities, largest);
        let radius = p
            .cluster_radius_km
            .unwrap_or_else(|| p.region.cluster_radius_km());
        let mut places: Vec<Place> = Vec::with_capacity(p.places());
        for &size in &city_sizes {
            // The largest city goes to the heaviest cluster; a share of the
            // others is scattered over the whole region (and joins the
            // nearest cluster).
            let scattered = !places.is_empty() && rng.f64() < SCATTERED;
            if scattered {
                let (lat, lon, zone) = self.sample_region(&mut rng);
                places.push(Place {
                    lat,
                    lon,
                    pop: size as u64,
                    zone,
                    cluster: nearest(&centres, lat, lon),
                });
                continue;
            }
            let c = if places.is_empty() {
                heaviest(&cluster_cum)
            } else {
                rng.pick(&cluster_cum)
            };
            let (clat, clon, cz) = centres[c];
            let (lat, lon, zone) = self.place(
                &mut rng,
                |r| {
                    let (dx, dy) = (r.normal() * radius, r.normal() * radius);
                    Self::offset(clat, clon, dx.hypot(dy), dy.atan2(dx))
                },
                (clat, clon),
                cz,
            );
            places.push(Place {
                lat,
                lon,
                pop: size as u64,
                zone,
                cluster: c,
            });
        }

        // Towns: parent ∝ population^0.7; distance exponential, closer for
        // small parents; the biggest sizes go to towns near big parents.
        if p.towns > 0 {
            let mut rng = Rng::new(seed, stream::TOWNS);
            let town_radius = p
                .town_radius_km
                .unwrap_or_else(|| p.region.town_radius_km());
            let parent_cum = cumulative(places.iter().map(|c| (c.pop as f64).powf(0.7)));
            let mut towns: Vec<(Place, f64)> = Vec::with_capacity(p.towns);
            for _ in 0..p.towns {
                let parent = &places[rng.pick(&parent_cum)];
                let mean = town_radius * (parent.pop as f64 / largest).powf(0.25).max(0.15);
                let mut dist = 0.0;
                let (lat, lon, zone) = self.place(
                    &mut rng,
                    |r| {
                        dist = mean * r.exp();
                        let theta = r.range(0.0, std::f64::consts::TAU);
                        Self::offset(parent.lat, parent.lon, dist, theta)
                    },
                    (parent.lat, parent.lon),
                    parent.zone,
                );
                if (lat, lon) == (parent.lat, parent.lon) {
                    dist = 0.0; // fell back to the parent's position
                }
                let score = (parent.pop as f64).ln() - dist / mean + 0.5 * rng.normal();
                towns.push((
                    Place {
                        lat,
                        lon,
                        pop: 0,
                        zone,
                        cluster: parent.cluster,
                    },
                    score,
                ));
            }
            towns.sort_by(|a, b| b.1.total_cmp(&a.1));
            let mut rng = Rng::new(seed, stream::TOWN_SIZES);
            let smallest_city = places.last().map_or(largest, |c| c.pop as f64);
            let sizes = self.zipf_sizes(&mut rng, p.cities + 1, p.towns, smallest_city);
            for ((mut town, _), size) in towns.into_iter().zip(sizes) {
                town.pop = size as u64;
                places.push(town);
            }
        }

        // Round coordinates to 5 decimals, keeping them inside their zone.
        for pl in &mut places {
            let (lat, lon) = self.round_into(pl.lat, pl.lon, pl.zone);
            pl.lat = lat;
            pl.lon = lon;
        }

        // Pseudo-countries: nearest of a few capitals, numbered west to east.
        let country: Vec<Option<String>> = if p.countries > 0 {
            let mut rng = Rng::new(seed, stream::COUNTRIES);
            let mut caps: Vec<(f64, f64)> = (0..p.countries)
                .map(|_| {
                    let (lat, lon, _) = self.sample_region(&mut rng);
                    (lat, lon)
                })
                .collect();
            caps.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.total_cmp(&b.0)));
            let labels: Vec<String> = (1..=caps.len()).map(|i| format!("X{i}")).collect();
            let k = ((self.bbox.min_lat + self.bbox.max_lat) / 2.0)
                .to_radians()
                .cos();
            places
                .iter()
                .map(|pl| {
                    let best = caps
                        .iter()
                        .enumerate()
                        .map(|(i, &(lat, lon))| {
                            let dx = (pl.lon - lon) * k;
                            let dy = pl.lat - lat;
                            (dx * dx + dy * dy, i)
                        })
                        .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
                        .map_or(0, |(_, i)| i);
                    Some(labels[best].clone())
                })
                .collect()
        } else {
            vec![None; places.len()]
        };

        // Names and demand points.
        let mut rng = Rng::new(seed, stream::NAMES);
        let demand: Vec<DemandPoint> = places
            .iter()
            .zip(country)
            .enumerate()
            .map(|(i, (pl, country))| DemandPoint {
                id: if i < p.cities {
                    format!("c{:04}", i + 1)
                } else {
                    format!("t{:05}", i - p.cities + 1)
                },
                name: Some(place_name(&mut rng, i < p.cities)),
                country,
                region: Some(format!("R{:02}", pl.cluster + 1)),
                lat: pl.lat,
                lon: pl.lon,
                weight: pl.pop as f64,
                outside: None,
            })
            .collect();
        let name = |i: usize| demand[i].name.as_deref().unwrap_or("");

        // Places by population, largest first (cities before towns on ties).
        let mut order: Vec<usize> = (0..places.len()).collect();
        order.sort_by(|&a, &b| places[b].pop.cmp(&places[a].pop).then(a.cmp(&b)));
        let pops: Vec<u64> = order.iter().map(|&i| places[i].pop).collect();

        let mut sites = Vec::with_capacity(p.existing + p.n_candidates() + p.competitors);
        let site = |n_before: usize, i: usize, lat: f64, lon: f64, name: String| Site {
            id: format!("s{:04}", n_before + 1),
            name: Some(name),
            country: demand[i].country.clone(),
            region: demand[i].region.clone(),
            city: Some(demand[i].id.clone()),
            lat,
            lon,
            status: SiteStatus::Candidate,
            fixed_cost: fixed_cost(p.fixed_cost, places[i].pop),
            capacity: p.capacity,
            attractiveness: 1.0,
        };

        // Existing stores, apportioned by population, a few km from the centre.
        let mut rng = Rng::new(seed, stream::EXISTING);
        for (k, n) in apportion(p.existing, &pops).into_iter().enumerate() {
            let i = order[k];
            for j in 1..=n {
                let (lat, lon) = self.jitter(&mut rng, &places[i]);
                let s = site(sites.len(), i, lat, lon, format!("{} store {j}", name(i)));
                sites.push(s.with_status(SiteStatus::Existing));
            }
        }
        // Candidates at the most populous places.
        for &i in order.iter().take(p.n_candidates()) {
            let pl = &places[i];
            let s = site(sites.len(), i, pl.lat, pl.lon, format!("{} site", name(i)));
            sites.push(s);
        }
        // Competitors, apportioned by population.
        let mut rng = Rng::new(seed, stream::COMPETITORS);
        for (k, n) in apportion(p.competitors, &pops).into_iter().enumerate() {
            let i = order[k];
            for j in 1..=n {
                let (lat, lon) = self.jitter(&mut rng, &places[i]);
                let mut s = site(sites.len(), i, lat, lon, format!("{} rival {j}", name(i)));
                s.status = SiteStatus::Competitor;
                s.fixed_cost = 0.0;
                s.capacity = None;
                s.attractiveness = (rng.range(0.6, 1.4) * 100.0).round() / 100.0;
                sites.push(s);
            }
        }

        Market {
            demand,
            sites,
            n_cities: p.cities,
            region: p.region,
        }
    }

    /// Rounds to 5 decimals and clamps into the zone (whose edges have at
    /// most 5 decimals) and the region's box.
    pub(super) fn round_into(&self, lat: f64, lon: f64, zone: usize) -> (f64, f64) {
        let r = |v: f64| (v * COORD_SCALE).round() / COORD_SCALE + 0.0;
        let (lat, lon) = self.zones[zone].bbox.clamp(r(lat), r(lon));
        self.bbox.clamp(lat, lon)
    }

    /// A point within a few km of a place (more for big places), inside its zone.
    pub(super) fn jitter(&self, rng: &mut Rng, pl: &Place) -> (f64, f64) {
        let r_km = (1.0 + 4.0 * (pl.pop as f64 / 1e6).sqrt()).min(15.0);
        let d = r_km * rng.f64().sqrt();
        let theta = rng.range(0.0, std::f64::consts::TAU);
        let (lat, lon) = Self::offset(pl.lat, pl.lon, d, theta);
        self.round_into(lat, lon, pl.zone)
    }
}

/// Index of the centre nearest to (lat, lon) (flat approximation; first on ties).
pub(super) fn nearest(centres: &[(f64, f64, usize)], lat: f64, lon: f64) -> usize {
    let k = lat.to_radians().cos();
    let mut best = (f64::INFINITY, 0);
    for (i, &(clat, clon, _)) in centres.iter().enumerate() {
        let (dx, dy) = ((lon - clon) * k, lat - clat);
        let d = dx * dx + dy * dy;
        if d < best.0 {
            best = (d, i);
        }
    }
    best.1
}

/// Index of the largest weight (the first on ties), from cumulative weights.
pub(super) fn heaviest(cum: &[f64]) -> usize {
    let mut best = (0, f64::NEG_INFINITY);
    let mut prev = 0.0;
    for (i, &c) in cum.iter().enumerate() {
        let w = c - prev;
        prev = c;
        if w > best.1 {
            best = (i, w);
        }
    }
    best.0
}

/// Fixed cost for a place: `base × (pop / 1e6)^¼`, rounded to thousands.
pub(super) fn fixed_cost(base: f64, pop: u64) -> f64 {
    ((base * (pop as f64 / 1e6).powf(0.25)) / 1000.0).round() * 1000.0
}

/// Splits `total` seats over weights (largest first) by the largest
/// remainder method, exactly in integers; ties go to the earlier entry. The
/// first (largest) entry gets at least one seat when `total` ≥ 1.
///
/// The largest weight has the largest quota, so it always gets at least as
/// many seats as any other.
pub(super) fn apportion(total: usize, weights: &[u64]) -> Vec<usize> {
    let mut seats = vec![0usize; weights.len()];
    let sum: u128 = weights.iter().map(|&w| w as u128).sum();
    if total == 0 || weights.is_empty() {
        return seats;
    }
    if sum == 0 {
        seats[0] = total;
        return seats;
    }
    let mut rem: Vec<(u128, usize)> = Vec::with_capacity(weights.len());
    let mut given = 0usize;
    for (i, &w) in weights.iter().enumerate() {
        let q = total as u128 * w as u128;
        seats[i] = (q / sum) as usize;
        given += seats[i];
        rem.push((q % sum, i));
    }
    let left = total - given;
    if left > 0 {
        rem.select_nth_unstable_by(left - 1, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for &(_, i) in &rem[..left] {
            seats[i] += 1;
        }
    }
    if seats[0] == 0 {
        // Cannot happen with a largest-first order; kept as a guarantee.
        if let Some(j) = (1..seats.len()).rev().find(|&j| seats[j] > 0) {
            seats[j] -= 1;
            seats[0] += 1;
        }
    }
    seats
}

pub(super) const SYLLABLES: [&str; 40] = [
    "ka", "lo", "mi", "ra", "ten", "vel", "dor", "san", "li", "na", "po", "ru", "sha", "ti", "ven",
    "zo", "bel", "cor", "du", "fen", "gar", "han", "ji", "kel", "lan", "mar", "nor", "pel", "qui",
    "ros", "sel", "tor", "ul", "var", "wen", "yan", "zar", "ba", "do", "ne",
];
pub(super) const TOWN_ENDINGS: [&str; 8] =
    ["ville", "dorf", "by", "ton", "zhen", "ice", "ham", "ona"];

/// A made-up, pronounceable name.
pub(super) fn place_name(rng: &mut Rng, city: bool) -> String {
    let n = 2 + rng.below(2);
    let mut s = String::with_capacity(12);
    for _ in 0..n {
        s.push_str(SYLLABLES[rng.below(SYLLABLES.len())]);
    }
    if !city && rng.below(3) == 0 {
        s.push_str(TOWN_ENDINGS[rng.below(TOWN_ENDINGS.len())]);
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => s,
    }
}
