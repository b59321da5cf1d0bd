//! Generated markets for examples, notebooks, tests and benchmarks.
//!
//! **The data are synthetic.** Places, names, populations, stores and
//! countries are drawn from a seeded random generator; none of them describes
//! a real place, even when the region is named after a real one.
//!
//! A market has:
//!
//! - **cities** whose populations follow Zipf's rank-size law: the city of
//!   rank *k* has about `largest / k^s` people (exponent `s` ≈ 1), with a
//!   little noise; cities gather in clusters ("regions" `R01`, `R02`, …);
//! - **towns** scattered around cities: more of them around big cities,
//!   the density falling off with distance; their populations continue the
//!   rank-size series, are never above the smallest city's, and are larger
//!   near large cities;
//! - an **existing network**: `existing` stores placed in proportion to
//!   population (largest-remainder apportionment, so the largest place gets
//!   the most and at least one);
//! - **candidate sites**: one at each of the `candidates` most populous
//!   places (every place by default);
//! - optional **competitor** stores, also in proportion to population, and
//!   optional pseudo-country labels `X1`, `X2`, … (nearest of a few random
//!   "capitals", so each pseudo-country is one contiguous patch).
//!
//! Same parameters and seed → the same market and byte-identical CSV files.
//! Each stage draws from its own random stream, so changing the number of
//! towns leaves the cities as they were, and changing the site counts
//! leaves the demand file as it was.
//!
//! ```
//! use siteplan::synth::{generate, MarketParams, Region};
//!
//! let params = MarketParams::new()
//!     .cities(20)
//!     .towns(200)
//!     .existing(5)
//!     .candidates(50)
//!     .seed(7)
//!     .region(Region::Europe);
//! let market = generate(&params);
//! assert_eq!(market.demand.len(), 220);
//! assert_eq!(market.sites.len(), 55);
//! let problem = market.problem()?;
//! assert_eq!(problem.demand()[0].id, "c0001");
//! assert!(market.demand_csv().starts_with("id,name,lat,lon,weight,country,region\n"));
//! # Ok::<(), siteplan::Error>(())
//! ```

use std::fmt;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::problem::{DemandPoint, Problem, Site, SiteStatus};
use crate::units::EARTH_RADIUS_KM;

/// Header of the demand file written by [`Market::demand_csv`].
pub const DEMAND_HEADER: &str = "id,name,lat,lon,weight,country,region";
/// Header of the sites file written by [`Market::sites_csv`].
pub const SITES_HEADER: &str =
    "id,name,lat,lon,status,country,region,city,fixed_cost,capacity,attractiveness";

/// Decimal places kept in generated coordinates (5 ≈ 1 m).
const COORD_SCALE: f64 = 1e5;
/// Standard deviation of the log-normal noise on Zipf sizes.
const SIZE_NOISE: f64 = 0.1;
/// Share of cities (all but the largest) scattered over the whole region
/// rather than drawn around a cluster centre.
const SCATTERED: f64 = 0.25;
/// Most places, and most sites, one market may have.
const MAX_ITEMS: usize = 50_000_000;
/// Most pseudo-countries.
const MAX_COUNTRIES: usize = 10_000;
/// Tries to place a point inside the region before falling back.
const MAX_TRIES: usize = 32;
/// Kilometres per degree of latitude.
const KM_PER_DEG: f64 = EARTH_RADIUS_KM * std::f64::consts::PI / 180.0;

// ---------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------

/// xoshiro256** seeded by SplitMix64: small, fast, and the same everywhere.
#[derive(Debug, Clone)]
struct Rng {
    s: [u64; 4],
}

/// Random streams, one per stage, so that stages do not disturb each other.
mod stream {
    pub const CLUSTERS: u64 = 1;
    pub const CITIES: u64 = 2;
    pub const TOWNS: u64 = 3;
    pub const TOWN_SIZES: u64 = 4;
    pub const NAMES: u64 = 5;
    pub const COUNTRIES: u64 = 6;
    pub const EXISTING: u64 = 7;
    pub const COMPETITORS: u64 = 8;
}

fn splitmix64(x: &mut u64) -> u64 {
    *x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut x = seed;
        let mixed = splitmix64(&mut x) ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03);
        let mut x = mixed;
        Rng {
            s: [
                splitmix64(&mut x),
                splitmix64(&mut x),
                splitmix64(&mut x),
                splitmix64(&mut x),
            ],
        }
    }

    fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1).
    fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [lo, hi).
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f64()
    }

    /// Uniform integer in 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.f64(); // (0, 1]
        let u2 = self.f64();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Exponential with mean 1.
    fn exp(&mut self) -> f64 {
        -(1.0 - self.f64()).ln()
    }

    /// An index drawn with probability proportional to its weight, given the
    /// cumulative weights (last = total > 0).
    fn pick(&mut self, cumulative: &[f64]) -> usize {
        let total = cumulative[cumulative.len() - 1];
        let x = self.f64() * total;
        cumulative
            .partition_point(|&c| c <= x)
            .min(cumulative.len() - 1)
    }
}

fn cumulative(weights: impl IntoIterator<Item = f64>) -> Vec<f64> {
    let mut sum = 0.0;
    weights
        .into_iter()
        .map(|w| {
            sum += w;
            sum
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Regions
// ---------------------------------------------------------------------------

/// A longitude/latitude box in degrees (it may not cross the antimeridian).
///
/// ```
/// use siteplan::synth::BBox;
/// let b = BBox::new(100.0, 20.0, 110.0, 30.0)?;
/// assert!(b.contains(25.0, 105.0));
/// assert!(BBox::new(110.0, 20.0, 100.0, 30.0).is_err());
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    /// Western edge, degrees of longitude.
    pub min_lon: f64,
    /// Southern edge, degrees of latitude.
    pub min_lat: f64,
    /// Eastern edge, degrees of longitude.
    pub max_lon: f64,
    /// Northern edge, degrees of latitude.
    pub max_lat: f64,
}

impl BBox {
    /// A box; [`Error::Usage`] unless -180 ≤ min_lon < max_lon ≤ 180 and
    /// -90 ≤ min_lat < max_lat ≤ 90, with each side at least 0.001°.
    ///
    /// # Examples
    ///
    /// A market generated in a custom box stays inside it:
    ///
    /// ```
    /// use siteplan::synth::{generate, BBox, MarketParams, Region};
    /// let b = BBox::new(8.0, 45.0, 12.0, 47.0)?;
    /// let m = generate(&MarketParams::new().cities(5).towns(20).region(Region::BBox(b)));
    /// assert!(m.demand.iter().all(|d| b.contains(d.lat, d.lon)));
    /// assert!(BBox::new(8.0, 45.0, 8.0, 47.0).is_err()); // no width
    /// assert!(BBox::new(8.0, 45.0, 190.0, 47.0).is_err()); // beyond 180°
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn new(min_lon: f64, min_lat: f64, max_lon: f64, max_lat: f64) -> Result<BBox> {
        let all = [min_lon, min_lat, max_lon, max_lat];
        if all.iter().any(|v| !v.is_finite()) {
            return Err(Error::Usage(format!(
                "bounding box {min_lon},{min_lat},{max_lon},{max_lat}: values must be finite numbers"
            )));
        }
        if !(-180.0..=180.0).contains(&min_lon) || !(-180.0..=180.0).contains(&max_lon) {
            return Err(Error::Usage(format!(
                "bounding box longitudes {min_lon} and {max_lon} must lie in -180..180"
            )));
        }
        if !(-90.0..=90.0).contains(&min_lat) || !(-90.0..=90.0).contains(&max_lat) {
            return Err(Error::Usage(format!(
                "bounding box latitudes {min_lat} and {max_lat} must lie in -90..90"
            )));
        }
        if max_lon - min_lon < 0.001 || max_lat - min_lat < 0.001 {
            return Err(Error::Usage(format!(
                "bounding box {min_lon},{min_lat},{max_lon},{max_lat} is empty or inverted; \
                 expected MINLON,MINLAT,MAXLON,MAXLAT with MINLON < MAXLON and MINLAT < MAXLAT"
            )));
        }
        Ok(BBox {
            min_lon,
            min_lat,
            max_lon,
            max_lat,
        })
    }

    /// True when the point lies in the box (edges included).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::synth::BBox;
    /// let b = BBox::new(100.0, 20.0, 110.0, 30.0)?;
    /// // Latitude first, then longitude.
    /// assert!(b.contains(20.0, 110.0)); // a corner
    /// assert!(!b.contains(105.0, 25.0)); // arguments swapped: outside
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        (self.min_lat..=self.max_lat).contains(&lat) && (self.min_lon..=self.max_lon).contains(&lon)
    }

    /// The box shrunk to edges with at most 5 decimals, so that rounded
    /// coordinates clamped into it stay inside the original box.
    fn rounded_inward(&self) -> BBox {
        let up = |v: f64| (v * COORD_SCALE).ceil() / COORD_SCALE;
        let down = |v: f64| (v * COORD_SCALE).floor() / COORD_SCALE;
        BBox {
            min_lon: up(self.min_lon),
            min_lat: up(self.min_lat),
            max_lon: down(self.max_lon),
            max_lat: down(self.max_lat),
        }
    }

    /// Area on the sphere, up to a constant factor.
    fn area(&self) -> f64 {
        let (a, b) = (self.min_lat.to_radians(), self.max_lat.to_radians());
        (self.max_lon - self.min_lon) * (b.sin() - a.sin())
    }

    /// Great-circle length of the diagonal, km (approximate).
    fn diagonal_km(&self) -> f64 {
        let mid = ((self.min_lat + self.max_lat) / 2.0).to_radians().cos();
        let dx = (self.max_lon - self.min_lon) * mid * KM_PER_DEG;
        let dy = (self.max_lat - self.min_lat) * KM_PER_DEG;
        dx.hypot(dy)
    }

    /// A point drawn uniformly by area.
    fn sample(&self, rng: &mut Rng) -> (f64, f64) {
        let (a, b) = (
            self.min_lat.to_radians().sin(),
            self.max_lat.to_radians().sin(),
        );
        let lat = rng.range(a, b).clamp(-1.0, 1.0).asin().to_degrees();
        let lon = rng.range(self.min_lon, self.max_lon);
        (
            lat.clamp(self.min_lat, self.max_lat),
            lon.clamp(self.min_lon, self.max_lon),
        )
    }

    fn clamp(&self, lat: f64, lon: f64) -> (f64, f64) {
        (
            lat.clamp(self.min_lat, self.max_lat),
            lon.clamp(self.min_lon, self.max_lon),
        )
    }
}

/// Where a market is generated.
///
/// The named regions are a rough, clearly synthetic outline made of
/// rectangles that are mostly land (so that few places fall into the sea);
/// some coastal bays and borders are still crossed. A custom box is used
/// whole.
///
/// ```
/// use siteplan::synth::Region;
/// let r: Region = "europe".parse()?;
/// assert_eq!(r, Region::Europe);
/// let b: Region = "-10,35,30,61".parse()?;
/// assert_eq!(b.bbox(), Region::Europe.bbox());
/// assert!("30,61,-10,35".parse::<Region>().is_err());
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Region {
    /// Lon 73.5..135, lat 18..53.5; places are drawn in 14 mostly-land
    /// rectangles, denser in the east.
    China,
    /// Lon -10..30, lat 35..61; places are drawn in 27 mostly-land
    /// rectangles, denser in the west and centre.
    Europe,
    /// Any box, used whole.
    BBox(BBox),
}

/// A part of a region where places may fall, with a relative density.
#[derive(Debug, Clone, Copy)]
struct Zone {
    bbox: BBox,
    density: f64,
}

const fn zone(min_lon: f64, min_lat: f64, max_lon: f64, max_lat: f64, density: f64) -> Zone {
    Zone {
        bbox: BBox {
            min_lon,
            min_lat,
            max_lon,
            max_lat,
        },
        density,
    }
}

/// Mostly-land rectangles of mainland China (and Hainan); density weights
/// reflect the east–west contrast only roughly.
const CHINA_ZONES: [Zone; 14] = [
    zone(106.5, 22.5, 116.5, 25.5, 3.0), // Guangdong, Guangxi
    zone(110.0, 25.5, 118.5, 30.0, 2.0), // Hunan, Jiangxi, inland Fujian
    zone(118.5, 27.5, 120.5, 30.2, 2.5), // Zhejiang
    zone(110.0, 30.0, 120.5, 33.8, 3.0), // Yangtze: Hubei, Anhui, Jiangsu
    zone(110.0, 33.8, 117.5, 40.5, 3.0), // North China Plain
    zone(116.0, 34.5, 120.0, 37.0, 2.5), // Shandong
    zone(100.5, 23.0, 110.0, 33.0, 1.5), // Sichuan, Chongqing, Guizhou, Yunnan
    zone(100.0, 33.0, 110.0, 40.0, 0.8), // Shaanxi, Gansu, Ningxia
    zone(106.0, 40.0, 120.0, 42.0, 0.5), // Inner Mongolia south
    zone(119.0, 41.5, 125.5, 47.5, 1.2), // Liaoning, Jilin, Heilongjiang west
    zone(125.5, 44.0, 131.0, 48.0, 0.8), // Heilongjiang east
    zone(76.0, 37.0, 90.0, 45.0, 0.15),  // Xinjiang
    zone(82.0, 30.5, 100.0, 36.0, 0.08), // Tibet, Qinghai
    zone(108.7, 18.3, 111.0, 20.0, 0.8), // Hainan
];

/// Mostly-land rectangles of Europe within lon -10..30, lat 35..61.
const EUROPE_ZONES: [Zone; 27] = [
    zone(-8.5, 37.2, -0.8, 43.2, 1.0), // Iberia
    zone(-1.2, 43.6, 7.3, 49.3, 1.5),  // France
    zone(1.5, 49.3, 4.2, 50.8, 1.8),   // Northern France
    zone(-4.3, 47.6, -1.2, 48.5, 1.0), // Brittany
    zone(4.2, 47.6, 14.5, 53.3, 2.2),  // Benelux, Germany, Switzerland
    zone(14.5, 48.5, 23.5, 54.2, 1.3), // Poland, Czechia, Slovakia
    zone(23.5, 53.5, 28.0, 57.0, 0.6), // Lithuania, Latvia, Belarus west
    zone(22.5, 44.0, 28.5, 48.5, 0.9), // Romania
    zone(26.0, 46.0, 30.0, 50.5, 0.8), // Moldova, western Ukraine
    zone(13.5, 45.5, 22.5, 48.5, 1.2), // Austria, Slovenia, Hungary
    zone(18.0, 42.5, 22.5, 45.5, 0.8), // Serbia, Bosnia
    zone(21.0, 41.2, 27.5, 44.0, 0.7), // Bulgaria, North Macedonia
    zone(21.0, 39.0, 22.8, 41.0, 0.6), // Greece north
    zone(7.0, 44.5, 12.2, 46.5, 1.8),  // Po valley
    zone(12.2, 45.6, 13.5, 46.5, 1.2), // Friuli
    zone(11.0, 42.5, 13.3, 43.8, 1.2), // Tuscany, Umbria, Marche
    zone(12.6, 41.3, 14.5, 42.3, 1.2), // Lazio, Abruzzo
    zone(14.0, 40.6, 16.0, 41.4, 1.4), // Campania
    zone(-3.0, 51.0, 0.3, 53.8, 2.0),  // England
    zone(-4.5, 55.5, -3.0, 56.5, 1.0), // Scottish central belt
    zone(-9.0, 52.0, -6.3, 54.0, 0.5), // Ireland
    zone(8.5, 55.0, 10.0, 57.0, 0.6),  // Jutland
    zone(12.8, 56.3, 16.0, 59.5, 0.5), // Southern Sweden
    zone(9.0, 59.8, 12.0, 61.0, 0.3),  // Eastern Norway
    zone(23.0, 60.3, 29.5, 61.0, 0.4), // Southern Finland
    zone(20.0, 50.5, 26.0, 53.5, 0.9), // Eastern Poland, Belarus south-west
    zone(28.0, 50.5, 30.0, 54.0, 0.5), // Belarus east, Kyiv region north
];

impl Region {
    /// The region's bounding box; every generated point lies inside it.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::synth::{generate, MarketParams, Region};
    /// let b = Region::Europe.bbox();
    /// assert_eq!((b.min_lon, b.min_lat, b.max_lon, b.max_lat), (-10.0, 35.0, 30.0, 61.0));
    /// let m = generate(&MarketParams::new().cities(8).towns(40).existing(2).region(Region::Europe));
    /// assert!(m.demand.iter().all(|d| b.contains(d.lat, d.lon)));
    /// assert!(m.sites.iter().all(|s| b.contains(s.lat, s.lon)));
    /// ```
    pub fn bbox(&self) -> BBox {
        match self {
            Region::China => BBox {
                min_lon: 73.5,
                min_lat: 18.0,
                max_lon: 135.0,
                max_lat: 53.5,
            },
            Region::Europe => BBox {
                min_lon: -10.0,
                min_lat: 35.0,
                max_lon: 30.0,
                max_lat: 61.0,
            },
            Region::BBox(b) => *b,
        }
    }

    fn zones(&self) -> Vec<Zone> {
        match self {
            Region::China => CHINA_ZONES.to_vec(),
            Region::Europe => EUROPE_ZONES.to_vec(),
            Region::BBox(b) => vec![Zone {
                bbox: b.rounded_inward(),
                density: 1.0,
            }],
        }
    }

    /// Default spread of a city cluster (standard deviation), km.
    fn cluster_radius_km(&self) -> f64 {
        match self {
            Region::China => 220.0,
            Region::Europe => 150.0,
            Region::BBox(b) => (0.08 * b.diagonal_km()).clamp(0.01, 250.0),
        }
    }

    /// Default mean distance of towns from the largest city, km.
    fn town_radius_km(&self) -> f64 {
        match self {
            Region::China => 60.0,
            Region::Europe => 40.0,
            Region::BBox(b) => (0.03 * b.diagonal_km()).clamp(0.005, 60.0),
        }
    }
}

impl FromStr for Region {
    type Err = Error;
    /// `china`, `europe` (any case) or `MINLON,MINLAT,MAXLON,MAXLAT`.
    fn from_str(s: &str) -> Result<Region> {
        let t = s.trim();
        match t.to_ascii_lowercase().as_str() {
            "china" | "cn" => return Ok(Region::China),
            "europe" | "eu" => return Ok(Region::Europe),
            _ => {}
        }
        let parts: Vec<&str> = t.split(',').map(str::trim).collect();
        if parts.len() != 4 {
            return Err(Error::Usage(format!(
                "region {s:?}: expected china, europe or a box MINLON,MINLAT,MAXLON,MAXLAT \
                 (e.g. 100,20,110,30)"
            )));
        }
        let mut v = [0.0; 4];
        for (x, p) in v.iter_mut().zip(&parts) {
            *x = p.parse::<f64>().map_err(|_| {
                Error::Usage(format!(
                    "region {s:?}: {p:?} is not a number; expected MINLON,MINLAT,MAXLON,MAXLAT"
                ))
            })?;
        }
        Ok(Region::BBox(BBox::new(v[0], v[1], v[2], v[3])?))
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Region::China => f.write_str("china"),
            Region::Europe => f.write_str("europe"),
            Region::BBox(b) => write!(f, "{},{},{},{}", b.min_lon, b.min_lat, b.max_lon, b.max_lat),
        }
    }
}

impl Serialize for Region {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Region {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Region, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

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

// ---------------------------------------------------------------------------
// The market
// ---------------------------------------------------------------------------

/// A generated market: demand points (cities first, then towns, each by
/// population, largest first) and sites (existing, then candidates, then
/// competitors).
///
/// # Examples
///
/// ```
/// use siteplan::synth::{generate, MarketParams};
/// use siteplan::SiteStatus;
/// let m = generate(&MarketParams::new().cities(4).towns(12).existing(2).candidates(5).competitors(1));
/// assert_eq!((m.n_cities, m.demand.len(), m.sites.len()), (4, 16, 8));
/// // Cities first, then towns, each largest first.
/// assert!(m.demand[..4].iter().all(|d| d.id.starts_with('c')));
/// assert!(m.demand[..4].windows(2).all(|w| w[0].weight >= w[1].weight));
/// assert!(m.demand[4..].windows(2).all(|w| w[0].weight >= w[1].weight));
/// // Existing stores, then candidates, then competitors.
/// let status: Vec<SiteStatus> = m.sites.iter().map(|s| s.status).collect();
/// assert_eq!(status[..2], [SiteStatus::Existing; 2]);
/// assert_eq!(status[2..7], [SiteStatus::Candidate; 5]);
/// assert_eq!(status[7], SiteStatus::Competitor);
/// assert!(m.demand.iter().all(|d| d.weight > 0.0));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Market {
    /// Demand points: ids `c0001`… for cities, `t00001`… for towns; weight
    /// = population; region = the cluster (`R01`…); country = `X1`… when
    /// pseudo-countries were asked for.
    pub demand: Vec<DemandPoint>,
    /// Sites, ids `s0001`…; `city` holds the id of the place a site is in.
    pub sites: Vec<Site>,
    /// How many of the demand points are cities (the first ones).
    pub n_cities: usize,
    /// The region the market was generated in.
    pub region: Region,
}

impl Market {
    /// A validated [`Problem`] with a copy of the demand points and sites.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::synth::{generate, MarketParams};
    /// let m = generate(&MarketParams::new().cities(5).towns(15).existing(2));
    /// let problem = m.problem()?;
    /// assert_eq!(problem.demand(), &m.demand[..]);
    /// assert_eq!(problem.sites(), &m.sites[..]);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn problem(&self) -> Result<Problem> {
        Problem::builder()
            .demands(self.demand.iter().cloned())
            .sites(self.sites.iter().cloned())
            .build()
    }

    /// The [`Problem`], consuming the market.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::synth::{generate, MarketParams};
    /// let problem = generate(&MarketParams::new().cities(5).towns(15).candidates(8)).into_problem()?;
    /// assert_eq!((problem.demand().len(), problem.sites().len()), (20, 8));
    /// assert!(problem.site_index("s0008").is_some());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn into_problem(self) -> Result<Problem> {
        Problem::builder()
            .demands(self.demand)
            .sites(self.sites)
            .build()
    }

    /// The demand file's text (header [`DEMAND_HEADER`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::synth::{generate, MarketParams, DEMAND_HEADER};
    /// let m = generate(&MarketParams::new().cities(3).towns(4));
    /// let csv = m.demand_csv();
    /// let lines: Vec<&str> = csv.lines().collect();
    /// assert_eq!(lines.len(), 1 + 7);
    /// assert_eq!(lines[0], DEMAND_HEADER);
    /// assert!(lines[1].starts_with("c0001,") && lines[4].starts_with("t00001,"));
    /// ```
    pub fn demand_csv(&self) -> String {
        let mut s = String::with_capacity(64 * (self.demand.len() + 1));
        s.push_str(DEMAND_HEADER);
        s.push('\n');
        for d in &self.demand {
            field(&mut s, &d.id);
            s.push(',');
            field(&mut s, d.name.as_deref().unwrap_or(""));
            let _ = write!(s, ",{:.5},{:.5},{},", d.lat + 0.0, d.lon + 0.0, d.weight);
            field(&mut s, d.country.as_deref().unwrap_or(""));
            s.push(',');
            field(&mut s, d.region.as_deref().unwrap_or(""));
            s.push('\n');
        }
        s
    }

    /// The sites file's text (header [`SITES_HEADER`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::synth::{generate, MarketParams, SITES_HEADER};
    /// let m = generate(&MarketParams::new().cities(3).towns(4).existing(1).candidates(2));
    /// let csv = m.sites_csv();
    /// let lines: Vec<&str> = csv.lines().collect();
    /// assert_eq!(lines[0], SITES_HEADER);
    /// assert_eq!(lines.len(), 1 + 3);
    /// assert!(lines[1].contains(",existing,") && lines[3].contains(",candidate,"));
    /// ```
    pub fn sites_csv(&self) -> String {
        let mut s = String::with_capacity(96 * (self.sites.len() + 1));
        s.push_str(SITES_HEADER);
        s.push('\n');
        for site in &self.sites {
            field(&mut s, &site.id);
            s.push(',');
            field(&mut s, site.name.as_deref().unwrap_or(""));
            let _ = write!(
                s,
                ",{:.5},{:.5},{},",
                site.lat + 0.0,
                site.lon + 0.0,
                site.status
            );
            field(&mut s, site.country.as_deref().unwrap_or(""));
            s.push(',');
            field(&mut s, site.region.as_deref().unwrap_or(""));
            s.push(',');
            field(&mut s, site.city.as_deref().unwrap_or(""));
            let _ = write!(s, ",{},", site.fixed_cost);
            if let Some(c) = site.capacity {
                let _ = write!(s, "{c}");
            }
            let _ = writeln!(s, ",{}", site.attractiveness);
        }
        s
    }

    /// Writes the demand file atomically.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::synth::{generate, MarketParams};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("demand.csv");
    /// let m = generate(&MarketParams::new().cities(3).towns(10));
    /// m.write_demand(&path)?;
    /// assert_eq!(siteplan::io::read_demand(&path)?, m.demand); // reads back unchanged
    /// # Ok(()) }
    /// ```
    pub fn write_demand(&self, path: &Path) -> Result<()> {
        let text = self.demand_csv();
        crate::io::write_atomic(path, |w| w.write_all(text.as_bytes()))
    }

    /// Writes the sites file atomically.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::synth::{generate, MarketParams};
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("sites.csv");
    /// let m = generate(&MarketParams::new().cities(3).towns(10).existing(2).competitors(2));
    /// m.write_sites(&path)?;
    /// assert_eq!(siteplan::io::read_sites(&path)?, m.sites); // reads back unchanged
    /// # Ok(()) }
    /// ```
    pub fn write_sites(&self, path: &Path) -> Result<()> {
        let text = self.sites_csv();
        crate::io::write_atomic(path, |w| w.write_all(text.as_bytes()))
    }

    /// Creates `dir` if needed and writes `demand.csv` and `sites.csv` into
    /// it; returns their paths.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::synth::{generate, MarketParams};
    /// let dir = tempfile::tempdir()?;
    /// let m = generate(&MarketParams::new().cities(5).towns(20));
    /// let (d, s) = m.write_to_dir(&dir.path().join("market"))?;
    /// let problem = siteplan::io::read_problem(&d, &[s])?;
    /// assert_eq!(problem.demand().len(), 25);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_to_dir(&self, dir: &Path) -> Result<(PathBuf, PathBuf)> {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let (d, s) = (dir.join("demand.csv"), dir.join("sites.csv"));
        self.write_demand(&d)?;
        self.write_sites(&s)?;
        Ok((d, s))
    }
}

/// Appends a CSV field, quoting it when needed.
fn field(out: &mut String, v: &str) {
    if v.contains([',', '"', '\n', '\r']) || v.starts_with(' ') || v.ends_with(' ') {
        out.push('"');
        out.push_str(&v.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(v);
    }
}

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

/// Generates a market, or says which parameter is invalid ([`Error::Usage`]).
///
/// # Examples
///
/// ```
/// use siteplan::synth::{try_generate, MarketParams};
/// assert!(try_generate(&MarketParams::new().cities(0)).is_err());
/// ```
pub fn try_generate(params: &MarketParams) -> Result<Market> {
    params.validate()?;
    Ok(Generator::new(params).run())
}

/// A city or town while it is being generated.
#[derive(Debug, Clone)]
struct Place {
    lat: f64,
    lon: f64,
    pop: u64,
    zone: usize,
    cluster: usize,
}

struct Generator<'a> {
    p: &'a MarketParams,
    zones: Vec<Zone>,
    zone_cum: Vec<f64>,
    bbox: BBox,
}

impl<'a> Generator<'a> {
    fn new(p: &'a MarketParams) -> Self {
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
    fn zone_of(&self, lat: f64, lon: f64) -> Option<usize> {
        self.zones.iter().position(|z| z.bbox.contains(lat, lon))
    }

    /// A point drawn by area × density over the zones.
    fn sample_region(&self, rng: &mut Rng) -> (f64, f64, usize) {
        let z = rng.pick(&self.zone_cum);
        let (lat, lon) = self.zones[z].bbox.sample(rng);
        (lat, lon, z)
    }

    /// A point `km` away from (lat, lon) in direction `theta` (radians from
    /// north), on a local flat approximation.
    fn offset(lat: f64, lon: f64, km: f64, theta: f64) -> (f64, f64) {
        let dlat = km * theta.cos() / KM_PER_DEG;
        let coslat = lat.to_radians().cos().max(0.01);
        let dlon = km * theta.sin() / (KM_PER_DEG * coslat);
        (lat + dlat, lon + dlon)
    }

    /// Tries `draw` until it gives a point inside the region; falls back to
    /// `fallback` (which is inside zone `fallback_zone`).
    fn place(
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
    fn zipf_sizes(&self, rng: &mut Rng, first: usize, n: usize, cap: f64) -> Vec<f64> {
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

    fn run(&self) -> Market {
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
    fn round_into(&self, lat: f64, lon: f64, zone: usize) -> (f64, f64) {
        let r = |v: f64| (v * COORD_SCALE).round() / COORD_SCALE + 0.0;
        let (lat, lon) = self.zones[zone].bbox.clamp(r(lat), r(lon));
        self.bbox.clamp(lat, lon)
    }

    /// A point within a few km of a place (more for big places), inside its zone.
    fn jitter(&self, rng: &mut Rng, pl: &Place) -> (f64, f64) {
        let r_km = (1.0 + 4.0 * (pl.pop as f64 / 1e6).sqrt()).min(15.0);
        let d = r_km * rng.f64().sqrt();
        let theta = rng.range(0.0, std::f64::consts::TAU);
        let (lat, lon) = Self::offset(pl.lat, pl.lon, d, theta);
        self.round_into(lat, lon, pl.zone)
    }
}

/// Index of the centre nearest to (lat, lon) (flat approximation; first on ties).
fn nearest(centres: &[(f64, f64, usize)], lat: f64, lon: f64) -> usize {
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
fn heaviest(cum: &[f64]) -> usize {
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
fn fixed_cost(base: f64, pop: u64) -> f64 {
    ((base * (pop as f64 / 1e6).powf(0.25)) / 1000.0).round() * 1000.0
}

/// Splits `total` seats over weights (largest first) by the largest
/// remainder method, exactly in integers; ties go to the earlier entry. The
/// first (largest) entry gets at least one seat when `total` ≥ 1.
///
/// The largest weight has the largest quota, so it always gets at least as
/// many seats as any other.
fn apportion(total: usize, weights: &[u64]) -> Vec<usize> {
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

const SYLLABLES: [&str; 40] = [
    "ka", "lo", "mi", "ra", "ten", "vel", "dor", "san", "li", "na", "po", "ru", "sha", "ti", "ven",
    "zo", "bel", "cor", "du", "fen", "gar", "han", "ji", "kel", "lan", "mar", "nor", "pel", "qui",
    "ros", "sel", "tor", "ul", "var", "wen", "yan", "zar", "ba", "do", "ne",
];
const TOWN_ENDINGS: [&str; 8] = ["ville", "dorf", "by", "ton", "zhen", "ice", "ham", "ona"];

/// A made-up, pronounceable name.
fn place_name(rng: &mut Rng, city: bool) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rng_is_reproducible_and_streams_differ() {
        let a: Vec<u64> = {
            let mut r = Rng::new(42, 1);
            (0..5).map(|_| r.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut r = Rng::new(42, 1);
            (0..5).map(|_| r.next_u64()).collect()
        };
        let c: Vec<u64> = {
            let mut r = Rng::new(42, 2);
            (0..5).map(|_| r.next_u64()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, c);
        let mut r = Rng::new(0, 0);
        for _ in 0..1000 {
            let x = r.f64();
            assert!((0.0..1.0).contains(&x));
            assert!(r.below(7) < 7);
        }
    }

    #[test]
    fn apportion_is_exact_and_favours_the_largest() {
        assert_eq!(apportion(3, &[10, 5, 5]), vec![1, 1, 1]);
        assert_eq!(apportion(4, &[10, 5, 5]), vec![2, 1, 1]);
        assert_eq!(apportion(1, &[1, 1, 1]), vec![1, 0, 0]);
        assert_eq!(apportion(0, &[4, 3]), vec![0, 0]);
        assert_eq!(apportion(10, &[60, 30, 10]), vec![6, 3, 1]);
        let w: Vec<u64> = (1..=100).rev().collect();
        let s = apportion(37, &w);
        assert_eq!(s.iter().sum::<usize>(), 37);
        assert!(s.iter().all(|&x| x <= s[0]));
    }

    #[test]
    fn named_zones_lie_in_their_boxes() {
        for r in [Region::China, Region::Europe] {
            let b = r.bbox();
            for z in r.zones() {
                let zb = z.bbox;
                assert!(zb.min_lon < zb.max_lon && zb.min_lat < zb.max_lat, "{zb:?}");
                assert!(b.contains(zb.min_lat, zb.min_lon) && b.contains(zb.max_lat, zb.max_lon));
            }
        }
    }

    #[test]
    fn zipf_sizes_follow_rank_size() {
        let m = generate(&MarketParams::new().cities(300).towns(0).seed(3));
        let sizes: Vec<f64> = m.demand.iter().map(|d| d.weight).collect();
        assert_eq!(sizes[0], 10_000_000.0);
        assert!(sizes.windows(2).all(|w| w[0] >= w[1]));
        let slope = rank_size_slope(&sizes);
        assert!((-1.1..=-0.9).contains(&slope), "slope {slope}");
        let m = generate(&MarketParams::new().cities(300).towns(0).zipf_exponent(0.7));
        let slope = rank_size_slope(&m.demand.iter().map(|d| d.weight).collect::<Vec<_>>());
        assert!((-0.8..=-0.6).contains(&slope), "slope {slope}");
    }

    fn rank_size_slope(sizes: &[f64]) -> f64 {
        let pts: Vec<(f64, f64)> = sizes
            .iter()
            .enumerate()
            .map(|(i, &s)| (((i + 1) as f64).ln(), s.ln()))
            .collect();
        let n = pts.len() as f64;
        let mx = pts.iter().map(|p| p.0).sum::<f64>() / n;
        let my = pts.iter().map(|p| p.1).sum::<f64>() / n;
        let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
        let sxx: f64 = pts.iter().map(|p| (p.0 - mx) * (p.0 - mx)).sum();
        sxy / sxx
    }

    #[test]
    fn towns_are_smaller_than_cities_and_inside_zones() {
        for region in [Region::China, Region::Europe] {
            let params = MarketParams::new()
                .region(region)
                .cities(50)
                .towns(2000)
                .existing(20)
                .competitors(10);
            let m = generate(&params);
            let g = Generator::new(&params);
            let smallest_city = m.demand[m.n_cities - 1].weight;
            assert!(m.demand[m.n_cities..]
                .iter()
                .all(|t| t.weight <= smallest_city && t.weight >= 1.0));
            for (lat, lon) in m
                .demand
                .iter()
                .map(|d| (d.lat, d.lon))
                .chain(m.sites.iter().map(|s| (s.lat, s.lon)))
            {
                assert!(g.zone_of(lat, lon).is_some(), "{region}: {lat},{lon}");
                assert_eq!(lat, (lat * 1e5).round() / 1e5);
            }
        }
    }

    #[test]
    fn sites_follow_population() {
        let m = generate(
            &MarketParams::new()
                .cities(30)
                .towns(100)
                .existing(25)
                .candidates(40)
                .competitors(12)
                .countries(4)
                .capacity(5e5),
        );
        let count = |st: SiteStatus| m.sites.iter().filter(|s| s.status == st).count();
        assert_eq!(count(SiteStatus::Existing), 25);
        assert_eq!(count(SiteStatus::Candidate), 40);
        assert_eq!(count(SiteStatus::Competitor), 12);
        let per_city = |id: &str| {
            m.sites
                .iter()
                .filter(|s| s.status == SiteStatus::Existing && s.city.as_deref() == Some(id))
                .count()
        };
        let top = per_city("c0001");
        assert!(top >= 1);
        for d in &m.demand {
            assert!(per_city(&d.id) <= top);
        }
        // Candidates are the 40 most populous places: the 30 cities and 10 largest towns.
        let cand: Vec<&str> = m
            .sites
            .iter()
            .filter(|s| s.status == SiteStatus::Candidate)
            .map(|s| s.city.as_deref().unwrap())
            .collect();
        assert_eq!(cand[0], "c0001");
        assert_eq!(cand[39], "t00010");
        assert!(m.demand.iter().all(|d| d.country.is_some()));
        let problem = m.problem().unwrap();
        assert_eq!(problem.sites().len(), 77);
    }

    #[test]
    fn csv_round_trips_through_the_reader() {
        let m = generate(
            &MarketParams::new()
                .cities(8)
                .towns(30)
                .existing(3)
                .competitors(2)
                .countries(2)
                .capacity(1000.0)
                .region("100,20,101,21".parse().unwrap()),
        );
        let dir = tempfile::tempdir().unwrap();
        let (d, s) = m.write_to_dir(dir.path()).unwrap();
        let p = crate::io::read_problem(&d, &[s]).unwrap();
        assert_eq!(p.demand(), &m.demand[..]);
        assert_eq!(p.sites(), &m.sites[..]);
    }

    #[test]
    fn stages_use_their_own_streams() {
        let base = MarketParams::new()
            .cities(20)
            .towns(100)
            .countries(3)
            .seed(11);
        let a = generate(&base);
        let more_towns = generate(&base.clone().towns(300));
        assert_eq!(a.demand[..20], more_towns.demand[..20]);
        let more_sites = generate(&base.clone().existing(9).competitors(4).candidates(10));
        assert_eq!(a.demand_csv(), more_sites.demand_csv());
        let other_seed = generate(&base.clone().seed(12));
        assert_ne!(a.demand_csv(), other_seed.demand_csv());
    }

    #[test]
    fn params_from_toml() {
        let p =
            MarketParams::from_toml_str("seed = 3\nregion = \"1,2,3,4\"\ncandidates = 5").unwrap();
        assert_eq!(p.seed, 3);
        assert_eq!(p.candidates, Some(5));
        assert_eq!(
            p.region,
            Region::BBox(BBox::new(1.0, 2.0, 3.0, 4.0).unwrap())
        );
        assert!(MarketParams::from_toml_str("citys = 3").is_err());
        assert!(MarketParams::from_toml_str("candidates = 5000").is_err());
    }
}
