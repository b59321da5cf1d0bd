//! Regions to generate in: boxes, and the zones of China and Europe.

use super::limits::*;
use super::rng::*;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

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
    pub(super) fn rounded_inward(&self) -> BBox {
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
    pub(super) fn area(&self) -> f64 {
        let (a, b) = (self.min_lat.to_radians(), self.max_lat.to_radians());
        (self.max_lon - self.min_lon) * (b.sin() - a.sin())
    }

    /// Great-circle length of the diagonal, km (approximate).
    pub(super) fn diagonal_km(&self) -> f64 {
        let mid = ((self.min_lat + self.max_lat) / 2.0).to_radians().cos();
        let dx = (self.max_lon - self.min_lon) * mid * KM_PER_DEG;
        let dy = (self.max_lat - self.min_lat) * KM_PER_DEG;
        dx.hypot(dy)
    }

    /// A point drawn uniformly by area.
    pub(super) fn sample(&self, rng: &mut Rng) -> (f64, f64) {
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

    pub(super) fn clamp(&self, lat: f64, lon: f64) -> (f64, f64) {
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
pub(super) struct Zone {
    pub(super) bbox: BBox,
    pub(super) density: f64,
}

pub(super) const fn zone(
    min_lon: f64,
    min_lat: f64,
    max_lon: f64,
    max_lat: f64,
    density: f64,
) -> Zone {
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
pub(super) const CHINA_ZONES: [Zone; 14] = [
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
pub(super) const EUROPE_ZONES: [Zone; 27] = [
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

    pub(super) fn zones(&self) -> Vec<Zone> {
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
    pub(super) fn cluster_radius_km(&self) -> f64 {
        match self {
            Region::China => 220.0,
            Region::Europe => 150.0,
            Region::BBox(b) => (0.08 * b.diagonal_km()).clamp(0.01, 250.0),
        }
    }

    /// Default mean distance of towns from the largest city, km.
    pub(super) fn town_radius_km(&self) -> f64 {
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
