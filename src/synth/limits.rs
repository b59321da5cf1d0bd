//! File headers, scales and limits of the generator.

use crate::units::EARTH_RADIUS_KM;

/// Header of the demand file written by [`Market::demand_csv`](super::Market::demand_csv).
pub const DEMAND_HEADER: &str = "id,name,lat,lon,weight,country,region";
/// Header of the sites file written by [`Market::sites_csv`](super::Market::sites_csv).
pub const SITES_HEADER: &str =
    "id,name,lat,lon,status,country,region,city,fixed_cost,capacity,attractiveness";

/// Decimal places kept in generated coordinates (5 ≈ 1 m).
pub(super) const COORD_SCALE: f64 = 1e5;
/// Standard deviation of the log-normal noise on Zipf sizes.
pub(super) const SIZE_NOISE: f64 = 0.1;
/// Share of cities (all but the largest) scattered over the whole region
/// rather than drawn around a cluster centre.
pub(super) const SCATTERED: f64 = 0.25;
/// Most places, and most sites, one market may have.
pub(super) const MAX_ITEMS: usize = 50_000_000;
/// Most pseudo-countries.
pub(super) const MAX_COUNTRIES: usize = 10_000;
/// Tries to place a point inside the region before falling back.
pub(super) const MAX_TRIES: usize = 32;
/// Kilometres per degree of latitude.
pub(super) const KM_PER_DEG: f64 = EARTH_RADIUS_KM * std::f64::consts::PI / 180.0;
