//! A generated market and its files.

use super::limits::*;
use super::region::*;
use crate::error::{Error, Result};
use crate::problem::{DemandPoint, Problem, Site};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

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
pub(super) fn field(out: &mut String, v: &str) {
    if v.contains([',', '"', '\n', '\r']) || v.starts_with(' ') || v.ends_with(' ') {
        out.push('"');
        out.push_str(&v.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(v);
    }
}
