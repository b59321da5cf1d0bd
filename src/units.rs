//! Values with units.
//!
//! Distances on the earth are [`Km`]; costs read from an origin–destination
//! matrix are in whatever unit that matrix uses (minutes, metres, money) and are
//! plain `f64` inside a [`crate::CostMatrix`], whose [`crate::CostSource`] says
//! which it is.

use serde::{Deserialize, Serialize};

/// Mean earth radius in kilometres (IUGG R1 = 6371.0088 km), used for every
/// great-circle computation in siteplan.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// A distance in kilometres.
///
/// ```
/// use siteplan::Km;
/// let r = Km(50.0);
/// assert_eq!(r.0, 50.0);
/// assert_eq!(format!("{r}"), "50 km");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Km(pub f64);

impl std::fmt::Display for Km {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} km", self.0)
    }
}
