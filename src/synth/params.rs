//! What to generate ([`MarketParams`]), with documented defaults.

use super::limits::*;
use super::region::*;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------

/// What to generate. Every field has a documented default
/// ([`MarketParams::new`]); set them with the builder methods of the same
/// name, or load them from TOML ([`MarketParams::from_toml_str`]).
///
/// ```
/// use siteplan::synth::{MarketParams, Region};
/// let p = MarketParams::new().cities(10).towns(0).existing(3);
/// assert_eq!(p.cities, 10);
/// assert_eq!(p.region, Region::China);
/// assert_eq!(p.places(), 10);
/// assert!(p.validate().is_ok());
/// assert!(p.clone().candidates(11).validate().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MarketParams {
    /// Random seed; default 0.
    pub seed: u64,
    /// Where places lie; default [`Region::China`].
    pub region: Region,
    /// Number of cities (≥ 1); default 100.
    pub cities: usize,
    /// Number of towns around the cities; default 1,000.
    pub towns: usize,
    /// Population of the largest city (≥ 1); default 10,000,000.
    pub largest: u64,
    /// Zipf exponent `s` of the rank-size law (`size ∝ rank^-s`), in
    /// 0.1..=3; default 1.0.
    pub zipf_exponent: f64,
    /// Number of city clusters; default `None`: cities^0.6, rounded, in
    /// 1..=80 (16 for 100 cities).
    pub clusters: Option<usize>,
    /// Spread (standard deviation) of a cluster, km; default `None`: 220
    /// for China, 150 for Europe, 8% of the box diagonal otherwise.
    pub cluster_radius_km: Option<f64>,
    /// Mean distance of towns from the largest city, km (smaller cities
    /// hold their towns closer: × (size / largest)^¼); default `None`: 60
    /// for China, 40 for Europe, 3% of the box diagonal otherwise.
    pub town_radius_km: Option<f64>,
    /// Existing stores, apportioned to places by population; default 0.
    pub existing: usize,
    /// Candidate sites at the most populous places; default `None`: every
    /// city and town.
    pub candidates: Option<usize>,
    /// Competitor stores, apportioned to places by population; default 0.
    pub competitors: usize,
    /// Number of pseudo-countries `X1`, `X2`, …; default 0 (no country
    /// column values).
    pub countries: usize,
    /// Fixed cost of a store in a place of one million people; costs scale
    /// with (population / 1e6)^¼ and are rounded to thousands; default
    /// 1,000,000. Competitors have no fixed cost.
    pub fixed_cost: f64,
    /// Capacity of every existing and candidate site; default `None`
    /// (unlimited).
    pub capacity: Option<f64>,
}

impl Default for MarketParams {
    fn default() -> Self {
        MarketParams {
            seed: 0,
            region: Region::China,
            cities: 100,
            towns: 1000,
            largest: 10_000_000,
            zipf_exponent: 1.0,
            clusters: None,
            cluster_radius_km: None,
            town_radius_km: None,
            existing: 0,
            candidates: None,
            competitors: 0,
            countries: 0,
            fixed_cost: 1_000_000.0,
            capacity: None,
        }
    }
}

macro_rules! setter {
    ($($(#[$doc:meta])+ $name:ident: $ty:ty),* $(,)?) => {
        $(
            $(#[$doc])+
            pub fn $name(mut self, value: $ty) -> Self {
                self.$name = value.into();
                self
            }
        )*
    };
}

impl MarketParams {
    /// The defaults (see each field).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::synth::{MarketParams, Region};
    /// let p = MarketParams::new();
    /// assert_eq!(p, MarketParams::default());
    /// assert_eq!((p.seed, p.region, p.cities, p.towns), (0, Region::China, 100, 1000));
    /// assert_eq!((p.existing, p.candidates, p.competitors), (0, None, 0));
    /// assert!(p.validate().is_ok());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    setter! {
        /// Sets [`MarketParams::seed`].
        ///
        /// # Examples
        ///
        /// ```
        /// use siteplan::synth::{generate, MarketParams};
        /// let p = MarketParams::new().cities(5).towns(20);
        /// let a = generate(&p.clone().seed(1));
        /// assert_eq!(a, generate(&p.clone().seed(1))); // same seed, same market
        /// assert_ne!(a.demand_csv(), generate(&p.seed(2)).demand_csv());
        /// ```
        seed: u64,
        /// Sets [`MarketParams::region`].
        ///
        /// # Examples
        ///
        /// ```
        /// use siteplan::synth::{generate, MarketParams, Region};
        /// let m = generate(&MarketParams::new().cities(5).towns(20).region(Region::Europe));
        /// assert_eq!(m.region, Region::Europe);
        /// assert!(m.demand.iter().all(|d| Region::Europe.bbox().contains(d.lat, d.lon)));
        /// ```
        region: Region,
        /// Sets [`MarketParams::cities`].
        ///
        /// # Examples
        ///
        /// ```
        /// use siteplan::synth::{generate, MarketParams};
        /// let m = generate(&MarketParams::new().cities(4).towns(0));
        /// assert_eq!((m.n_cities, m.demand.len()), (4, 4));
        /// assert_eq!(m.demand[3].id, "c0004");
        /// ```
        cities: usize,
        /// Sets [`MarketParams::towns`].
        ///
        /// # Examples
        ///
        /// ```
        /// use siteplan::synth::{generate, MarketParams};
        /// let m = generate(&MarketParams::new().cities(2).towns(30));
        /// assert_eq!(m.demand.len(), 32);
        /// // Towns follow the cities and are never larger than the smallest city.
        /// let smallest_city = m.demand[m.n_cities - 1].weight;
        /// assert!(m.demand[m.n_cities..].iter().all(|d| d.id.starts_with('t') && d.weight <= smallest_city));
        /// ```
        towns: usize,
        /// Sets [`MarketParams::largest`].
        ///
        /// # Examples
        ///
        /// ```
        /// use siteplan::synth::{generate, MarketParams};
        /// let m = generate(&MarketParams::new().cities(10).towns(10).largest(2_000_000));
        /// assert_eq!(m.demand[0].weight, 2_000_000.0);
        /// assert!(m.demand.iter().all(|d| d.weight >= 1.0 && d.weight <= 2_000_000.0));
        /// ```
        largest: u64,
        /// Sets [`MarketParams::zipf_exponent`].
        ///
        /// # Examples
        ///
        /// A steeper law: the second city has about `1 / 2^2` of the largest's people.
        ///
        /// ```
        /// use siteplan::synth::{generate, MarketParams};
        /// let m = generate(&MarketParams::new().cities(3).towns(0).zipf_exponent(2.0));
        /// let ratio = m.demand[1].weight / m.demand[0].weight;
        /// assert!(ratio > 0.15 && ratio < 0.4, "{ratio}");
        /// assert!(MarketParams::new().zipf_exponent(5.0).validate().is_err());
        /// ```
        zipf_exponent: f64,
        /// Sets [`MarketParams::clusters`].
        ///
        /// # Examples
        ///
        /// With one cluster every place is in region `R01`.
        ///
        /// ```
        /// use siteplan::synth::{generate, MarketParams};
        /// let m = generate(&MarketParams::new().cities(6).towns(20).clusters(1));
        /// assert!(m.demand.iter().all(|d| d.region.as_deref() == Some("R01")));
        /// ```
        clusters: usize,
        /// Sets [`MarketParams::cluster_radius_km`].
        ///
        /// # Examples
        ///
        /// ```
        /// use siteplan::synth::MarketParams;
        /// let p = MarketParams::new().cluster_radius_km(50.0);
        /// assert_eq!(p.cluster_radius_km, Some(50.0));
        /// assert!(p.validate().is_ok());
        /// assert!(MarketParams::new().cluster_radius_km(-1.0).validate().is_err());
        /// ```
        cluster_radius_km: f64,
        /// Sets [`MarketParams::town_radius_km`].
        ///
        /// # Examples
        ///
        /// Towns around a single city, 5 km from it on average:
        ///
        /// ```
        /// use siteplan::synth::{generate, MarketParams};
        /// use siteplan::spatial::haversine_km;
        /// let m = generate(&MarketParams::new().cities(1).towns(20).town_radius_km(5.0));
        /// let c = &m.demand[0];
        /// let far = m.demand[1..].iter().map(|t| haversine_km(c.lat, c.lon, t.lat, t.lon).0).fold(0.0, f64::max);
        /// assert!(far < 60.0, "{far} km");
        /// ```
        town_radius_km: f64,
        /// Sets [`MarketParams::existing`].
        ///
        /// # Examples
        ///
        /// ```
        /// use siteplan::synth::{generate, MarketParams};
        /// use siteplan::SiteStatus;
        /// let m = generate(&MarketParams::new().cities(5).towns(20).existing(4));
        /// let existing: Vec<_> = m.sites.iter().filter(|s| s.status == SiteStatus::Existing).collect();
        /// assert_eq!(existing.len(), 4);
        /// // Apportioned by population: the largest place has a store.
        /// assert!(existing.iter().any(|s| s.city.as_deref() == Some("c0001")));
        /// ```
        existing: usize,
        /// Sets [`MarketParams::candidates`].
        ///
        /// # Examples
        ///
        /// ```
        /// use siteplan::synth::{generate, MarketParams};
        /// use siteplan::SiteStatus;
        /// let m = generate(&MarketParams::new().cities(5).towns(20).candidates(3));
        /// assert_eq!(m.sites.len(), 3);
        /// assert!(m.sites.iter().all(|s| s.status == SiteStatus::Candidate));
        /// assert_eq!(m.sites[0].city.as_deref(), Some("c0001")); // the most populous place first
        /// ```
        candidates: usize,
        /// Sets [`MarketParams::competitors`].
        ///
        /// # Examples
        ///
        /// ```
        /// use siteplan::synth::{generate, MarketParams};
        /// use siteplan::SiteStatus;
        /// let m = generate(&MarketParams::new().cities(5).towns(20).candidates(5).competitors(3));
        /// let rivals: Vec<_> = m.sites.iter().filter(|s| s.status == SiteStatus::Competitor).collect();
        /// assert_eq!(rivals.len(), 3);
        /// assert!(rivals.iter().all(|s| s.fixed_cost == 0.0 && s.attractiveness > 0.0));
        /// ```
        competitors: usize,
        /// Sets [`MarketParams::countries`].
        ///
        /// # Examples
        ///
        /// ```
        /// use siteplan::synth::{generate, MarketParams};
        /// let m = generate(&MarketParams::new().cities(10).towns(30).countries(3));
        /// assert!(m.demand.iter().all(|d| matches!(d.country.as_deref(), Some("X1" | "X2" | "X3"))));
        /// ```
        countries: usize,
        /// Sets [`MarketParams::fixed_cost`].
        ///
        /// # Examples
        ///
        /// A place of one million people costs exactly the base:
        ///
        /// ```
        /// use siteplan::synth::{generate, MarketParams};
        /// let p = MarketParams::new().cities(3).towns(0).largest(1_000_000).fixed_cost(250_000.0);
        /// let m = generate(&p);
        /// assert_eq!(m.sites[0].fixed_cost, 250_000.0); // the site in the largest city
        /// assert!(m.sites[1..].iter().all(|s| s.fixed_cost < 250_000.0));
        /// ```
        fixed_cost: f64,
        /// Sets [`MarketParams::capacity`].
        ///
        /// # Examples
        ///
        /// ```
        /// use siteplan::synth::{generate, MarketParams};
        /// let m = generate(&MarketParams::new().cities(3).towns(5).existing(2).capacity(5e5));
        /// assert_eq!(m.sites.len(), 10);
        /// assert!(m.sites.iter().all(|s| s.capacity == Some(5e5)));
        /// ```
        capacity: f64,
    }

    /// Reads parameters from TOML; missing keys keep their defaults.
    ///
    /// # Examples
    ///
    /// ```
    /// let p = siteplan::synth::MarketParams::from_toml_str("cities = 5\nregion = \"europe\"")?;
    /// assert_eq!(p.cities, 5);
    /// assert_eq!(p.towns, 1000);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn from_toml_str(s: &str) -> Result<Self> {
        let p: MarketParams =
            toml::from_str(s).map_err(|e| Error::Usage(format!("market parameters: {e}")))?;
        p.validate()?;
        Ok(p)
    }

    /// Number of places (cities + towns), i.e. of demand points.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::synth::{generate, MarketParams};
    /// let p = MarketParams::new().cities(4).towns(11);
    /// assert_eq!(p.places(), 15);
    /// assert_eq!(generate(&p).demand.len(), p.places());
    /// ```
    pub fn places(&self) -> usize {
        self.cities.saturating_add(self.towns)
    }

    /// Number of candidate sites that will be generated.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::synth::MarketParams;
    /// let p = MarketParams::new().cities(4).towns(11);
    /// assert_eq!(p.n_candidates(), 15); // one per place by default
    /// assert_eq!(p.candidates(6).n_candidates(), 6);
    /// ```
    pub fn n_candidates(&self) -> usize {
        self.candidates.unwrap_or(self.places())
    }

    /// Checks that the parameters make a valid market; [`Error::Usage`] says
    /// which value is wrong.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::synth::MarketParams;
    /// assert!(MarketParams::new().validate().is_ok());
    /// let err = MarketParams::new().cities(2).towns(3).candidates(9).validate().unwrap_err();
    /// assert!(matches!(err, siteplan::Error::Usage(_)));
    /// assert!(err.to_string().contains("candidates 9"));
    /// // Some sites are needed: none existing, no candidates, no competitors.
    /// assert!(MarketParams::new().candidates(0).validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<()> {
        let usage = |m: String| Err(Error::Usage(m));
        if self.cities == 0 {
            return usage("cities must be at least 1".into());
        }
        if self.largest == 0 {
            return usage("largest (population of the largest city) must be at least 1".into());
        }
        if !(self.zipf_exponent.is_finite() && (0.1..=3.0).contains(&self.zipf_exponent)) {
            return usage(format!(
                "zipf exponent {} must lie in 0.1..3",
                self.zipf_exponent
            ));
        }
        if self.clusters == Some(0) {
            return usage("clusters must be at least 1".into());
        }
        for (name, v) in [
            ("cluster radius", self.cluster_radius_km),
            ("town radius", self.town_radius_km),
        ] {
            if let Some(v) = v {
                if !(v.is_finite() && v > 0.0) {
                    return usage(format!("{name} {v} km must be a positive number"));
                }
            }
        }
        if let Some(c) = self.candidates {
            if c > self.places() {
                return usage(format!(
                    "candidates {c} is more than the {} places ({} cities + {} towns); \
                     at most one candidate is generated per place",
                    self.places(),
                    self.cities,
                    self.towns
                ));
            }
        }
        if self.places() > MAX_ITEMS {
            return usage(format!(
                "{} places is more than this generator makes (at most {MAX_ITEMS})",
                self.places()
            ));
        }
        let n_sites = self
            .existing
            .saturating_add(self.n_candidates())
            .saturating_add(self.competitors);
        if n_sites > MAX_ITEMS {
            return usage(format!(
                "{n_sites} sites is more than this generator makes (at most {MAX_ITEMS})"
            ));
        }
        if self.countries > MAX_COUNTRIES {
            return usage(format!(
                "countries {} is more than {MAX_COUNTRIES}",
                self.countries
            ));
        }
        if n_sites == 0 {
            return usage(
                "no sites: ask for at least one existing, candidate or competitor".into(),
            );
        }
        if !(self.fixed_cost.is_finite() && self.fixed_cost >= 0.0) {
            return usage(format!(
                "fixed cost {} must be a finite number ≥ 0",
                self.fixed_cost
            ));
        }
        if let Some(c) = self.capacity {
            if !(c.is_finite() && c >= 0.0) {
                return usage(format!("capacity {c} must be a finite number ≥ 0"));
            }
        }
        if let Region::BBox(b) = self.region {
            BBox::new(b.min_lon, b.min_lat, b.max_lon, b.max_lat)?;
        }
        Ok(())
    }
}
