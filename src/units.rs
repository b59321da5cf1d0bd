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

/// `x` rounded to a whole number with thousands separators (`,`), never
/// `-0`: how the terminal summary and the reports print amounts.
///
/// # Examples
///
/// ```
/// use siteplan::units::grouped;
/// assert_eq!(grouped(629_303_145.4), "629,303,145");
/// assert_eq!(grouped(-1234.5), "-1,235");
/// assert_eq!(grouped(-0.2), "0");
/// ```
pub fn grouped(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let r = x.round();
    let digits = format!("{:.0}", r.abs());
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if r < 0.0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
