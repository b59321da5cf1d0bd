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

mod generate;
mod limits;
mod market;
mod params;
mod region;
mod rng;
#[cfg(test)]
mod tests;

pub use generate::*;
pub use limits::*;
pub use market::*;
pub use params::*;
pub use region::*;
