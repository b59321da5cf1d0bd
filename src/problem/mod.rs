//! The planning problem: demand points and sites, validated once, then immutable.
//!
//! Build one with [`Problem::builder`] (library use) or read it from CSV with
//! [`crate::io::read_problem`]. A scenario that changes a few values is a cheap
//! modified copy ([`Problem::clone`] shares nothing mutable).

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, InputProblem, InputProblems, Result};

/// A place where demand arises: a city, a town, a census tract.
///
/// # Examples
///
/// ```
/// use siteplan::{DemandPoint, Problem, Site};
/// let mut hz = DemandPoint::new("hz", 30.29, 120.16, 6.2e6);
/// hz.name = Some("Hangzhou".into());
/// hz.country = Some("CN".into());
/// let p = Problem::builder().demand(hz).site(Site::new("s", 30.3, 120.2)).build()?;
/// assert_eq!(p.demand()[0].name.as_deref(), Some("Hangzhou"));
/// assert_eq!(p.total_weight(), 6.2e6);
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemandPoint {
    /// Unique identifier (any string).
    pub id: String,
    /// Display name, if any.
    pub name: Option<String>,
    /// Country code or name, if known.
    pub country: Option<String>,
    /// First-level region (province, state, Land), if known.
    pub region: Option<String>,
    /// Latitude in degrees, -90..=90.
    pub lat: f64,
    /// Longitude in degrees, -180..=180.
    pub lon: f64,
    /// Demand at this point (people, cars per year, …); finite and ≥ 0.
    pub weight: f64,
    /// The share models' outside option at this point (the demand file's
    /// optional `outside` column): the weight of the rest of the market,
    /// overriding `--outside-weight` here; finite and ≥ 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outside: Option<f64>,
}

impl DemandPoint {
    /// A demand point with no name, country or region.
    ///
    /// ```
    /// let d = siteplan::DemandPoint::new("sh", 31.22, 121.46, 24.9e6);
    /// assert_eq!(d.weight, 24.9e6);
    /// ```
    pub fn new(id: impl Into<String>, lat: f64, lon: f64, weight: f64) -> Self {
        DemandPoint {
            id: id.into(),
            name: None,
            country: None,
            region: None,
            lat,
            lon,
            weight,
            outside: None,
        }
    }
}

/// The role of a site in a plan.
///
/// # Examples
///
/// ```
/// use siteplan::{Site, SiteStatus};
/// let openable: Vec<SiteStatus> = SiteStatus::ALL
///     .into_iter()
///     .filter(|&st| Site::new("s", 0.0, 0.0).with_status(st).can_open())
///     .collect();
/// assert_eq!(openable, [SiteStatus::Existing, SiteStatus::Candidate]);
/// assert_eq!(SiteStatus::Excluded.to_string(), "excluded");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SiteStatus {
    /// Already open; always kept open (a *required* facility) and never counted as new.
    Existing,
    /// May be opened by the plan.
    Candidate,
    /// A rival's site: never opened; only market-share models look at it.
    Competitor,
    /// Never opened (ruled out by the planner).
    Excluded,
}

impl SiteStatus {
    /// Every status, in the order used for summaries.
    pub const ALL: [SiteStatus; 4] = [
        SiteStatus::Existing,
        SiteStatus::Candidate,
        SiteStatus::Competitor,
        SiteStatus::Excluded,
    ];

    /// The lowercase name used in files.
    ///
    /// ```
    /// assert_eq!(siteplan::SiteStatus::Competitor.as_str(), "competitor");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            SiteStatus::Existing => "existing",
            SiteStatus::Candidate => "candidate",
            SiteStatus::Competitor => "competitor",
            SiteStatus::Excluded => "excluded",
        }
    }
}

impl fmt::Display for SiteStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SiteStatus {
    type Err = String;
    /// Parses `existing`, `candidate`, `competitor` or `excluded` (any case).
    ///
    /// ```
    /// use siteplan::SiteStatus;
    /// assert_eq!("Existing".parse::<SiteStatus>(), Ok(SiteStatus::Existing));
    /// assert!("closed".parse::<SiteStatus>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "existing" => Ok(SiteStatus::Existing),
            "candidate" => Ok(SiteStatus::Candidate),
            "competitor" => Ok(SiteStatus::Competitor),
            "excluded" => Ok(SiteStatus::Excluded),
            _ => Err(format!(
                "{s:?} is not a status; expected existing, candidate, competitor or excluded"
            )),
        }
    }
}

/// A place where a facility is, or could be.
///
/// # Examples
///
/// ```
/// use siteplan::{Site, SiteStatus};
/// let mut s = Site::new("hz-1", 30.28, 120.15)
///     .with_fixed_cost(250_000.0)
///     .with_capacity(40_000.0);
/// s.city = Some("Hangzhou".into());
/// assert_eq!(s.status, SiteStatus::Candidate);
/// assert_eq!((s.fixed_cost, s.capacity), (250_000.0, Some(40_000.0)));
/// assert_eq!(s.attractiveness, 1.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Site {
    /// Unique identifier (any string).
    pub id: String,
    /// Display name, if any.
    pub name: Option<String>,
    /// Country code or name, if known.
    pub country: Option<String>,
    /// First-level region (province, state), if known.
    pub region: Option<String>,
    /// The city the site belongs to, if known.
    pub city: Option<String>,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Role in the plan.
    pub status: SiteStatus,
    /// Cost of opening (or, for yearly models, of running) the site; ≥ 0.
    pub fixed_cost: f64,
    /// Most demand weight the site can serve; `None` is unlimited.
    pub capacity: Option<f64>,
    /// Attractiveness for market-share (Huff) models; > 0, default 1.
    pub attractiveness: f64,
}

impl Site {
    /// A site with defaults: no name, status `candidate`, no fixed cost,
    /// unlimited capacity, attractiveness 1.
    ///
    /// ```
    /// use siteplan::{Site, SiteStatus};
    /// let s = Site::new("s1", 31.2, 121.5).with_status(SiteStatus::Existing);
    /// assert_eq!(s.status, SiteStatus::Existing);
    /// assert_eq!(s.capacity, None);
    /// ```
    pub fn new(id: impl Into<String>, lat: f64, lon: f64) -> Self {
        Site {
            id: id.into(),
            name: None,
            country: None,
            region: None,
            city: None,
            lat,
            lon,
            status: SiteStatus::Candidate,
            fixed_cost: 0.0,
            capacity: None,
            attractiveness: 1.0,
        }
    }

    /// The same site with another status.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{Site, SiteStatus};
    /// let rival = Site::new("r", 31.2, 121.5).with_status(SiteStatus::Competitor);
    /// assert!(!rival.can_open());
    /// ```
    pub fn with_status(mut self, status: SiteStatus) -> Self {
        self.status = status;
        self
    }

    /// The same site with a fixed cost.
    ///
    /// # Examples
    ///
    /// ```
    /// let s = siteplan::Site::new("s", 31.2, 121.5).with_fixed_cost(1.5e5);
    /// assert_eq!(s.fixed_cost, 1.5e5);
    /// ```
    pub fn with_fixed_cost(mut self, fixed_cost: f64) -> Self {
        self.fixed_cost = fixed_cost;
        self
    }

    /// The same site with a capacity.
    ///
    /// A negative capacity is accepted here and rejected by
    /// [`ProblemBuilder::build`].
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, Problem, Site};
    /// assert_eq!(Site::new("s", 0.0, 0.0).with_capacity(500.0).capacity, Some(500.0));
    /// let err = Problem::builder()
    ///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    ///     .site(Site::new("s", 0.0, 0.0).with_capacity(-1.0))
    ///     .build()
    ///     .unwrap_err();
    /// assert!(err.to_string().contains(r#"column "capacity": -1 is negative"#));
    /// ```
    pub fn with_capacity(mut self, capacity: f64) -> Self {
        self.capacity = Some(capacity);
        self
    }

    /// True when a plan may open this site (existing or candidate).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{Site, SiteStatus};
    /// assert!(Site::new("c", 0.0, 0.0).can_open()); // a candidate
    /// assert!(!Site::new("x", 0.0, 0.0).with_status(SiteStatus::Excluded).can_open());
    /// ```
    pub fn can_open(&self) -> bool {
        matches!(self.status, SiteStatus::Existing | SiteStatus::Candidate)
    }
}

/// Ids to positions: a fast hash, seeded per map.
pub(crate) type IdIndex = HashMap<String, u32, foldhash::fast::RandomState>;

/// A validated planning problem: demand points and sites.
///
/// Immutable once built; every index used elsewhere (cost matrix rows,
/// plans) refers to positions in [`Problem::demand`] and [`Problem::sites`].
///
/// ```
/// use siteplan::{Problem, DemandPoint, Site, SiteStatus};
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 30.0, 120.0, 10.0))
///     .demand(DemandPoint::new("b", 31.0, 121.0, 5.0))
///     .site(Site::new("s", 30.5, 120.5).with_status(SiteStatus::Existing))
///     .build()?;
/// assert_eq!(p.total_weight(), 15.0);
/// assert_eq!(p.site_index("s"), Some(0));
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Problem {
    demand: Vec<DemandPoint>,
    sites: Vec<Site>,
    demand_ids: IdIndex,
    site_ids: IdIndex,
    total_weight: f64,
}

impl Problem {
    /// Starts a [`ProblemBuilder`].
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, Problem, Site};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 30.0, 120.0, 1.0))
    ///     .site(Site::new("s", 30.0, 120.0))
    ///     .build()?;
    /// assert_eq!((p.demand().len(), p.sites().len()), (1, 1));
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn builder() -> ProblemBuilder {
        ProblemBuilder::default()
    }

    /// A problem whose parts the CSV readers have already validated
    /// (coordinates, values, unique ids with their index maps).
    pub(crate) fn from_validated(
        demand: Vec<DemandPoint>,
        sites: Vec<Site>,
        demand_ids: IdIndex,
        site_ids: IdIndex,
    ) -> Problem {
        debug_assert_eq!(demand.len(), demand_ids.len());
        debug_assert_eq!(sites.len(), site_ids.len());
        let total_weight = demand.iter().map(|d| d.weight).sum();
        Problem {
            demand,
            sites,
            demand_ids,
            site_ids,
            total_weight,
        }
    }

    /// The demand points, in input order.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, Problem, Site};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("b", 31.0, 121.0, 5.0))
    ///     .demand(DemandPoint::new("a", 30.0, 120.0, 10.0))
    ///     .site(Site::new("s", 30.5, 120.5))
    ///     .build()?;
    /// let ids: Vec<&str> = p.demand().iter().map(|d| d.id.as_str()).collect();
    /// assert_eq!(ids, ["b", "a"]);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn demand(&self) -> &[DemandPoint] {
        &self.demand
    }

    /// The sites, in input order.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, Problem, Site, SiteStatus};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 30.0, 120.0, 1.0))
    ///     .site(Site::new("old", 30.0, 120.0).with_status(SiteStatus::Existing))
    ///     .site(Site::new("new", 30.5, 120.5))
    ///     .build()?;
    /// assert_eq!(p.sites()[1].id, "new");
    /// assert_eq!(p.sites()[0].status, SiteStatus::Existing);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn sites(&self) -> &[Site] {
        &self.sites
    }

    /// Sum of all demand weights.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, Problem, Site};
    /// let p = Problem::builder()
    ///     .demands([DemandPoint::new("a", 30.0, 120.0, 2.5), DemandPoint::new("b", 31.0, 121.0, 0.5)])
    ///     .site(Site::new("s", 30.5, 120.5))
    ///     .build()?;
    /// assert_eq!(p.total_weight(), 3.0);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn total_weight(&self) -> f64 {
        self.total_weight
    }

    /// Position of the demand point with this id.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, Problem, Site};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("sh", 31.2, 121.5, 1.0))
    ///     .demand(DemandPoint::new("hz", 30.3, 120.2, 1.0))
    ///     .site(Site::new("s", 30.5, 120.5))
    ///     .build()?;
    /// assert_eq!(p.demand_index("hz"), Some(1));
    /// assert_eq!(p.demand_index("bj"), None);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn demand_index(&self, id: &str) -> Option<usize> {
        self.demand_ids.get(id).map(|&i| i as usize)
    }

    /// Position of the site with this id.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, Problem, Site};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 30.0, 120.0, 1.0))
    ///     .sites([Site::new("s1", 30.0, 120.0), Site::new("s2", 30.5, 120.5)])
    ///     .build()?;
    /// assert_eq!(p.site_index("s2"), Some(1));
    /// assert_eq!(p.site_index("a"), None); // a demand id, not a site id
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn site_index(&self, id: &str) -> Option<usize> {
        self.site_ids.get(id).map(|&i| i as usize)
    }

    /// Indices of the sites with the given status, in input order.
    ///
    /// ```
    /// # use siteplan::{Problem, DemandPoint, Site, SiteStatus};
    /// # let p = Problem::builder().demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    /// #   .site(Site::new("x", 0.0, 0.0)).site(Site::new("y", 0.0, 1.0).with_status(SiteStatus::Existing))
    /// #   .build()?;
    /// assert_eq!(p.sites_with_status(SiteStatus::Existing), vec![1]);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn sites_with_status(&self, status: SiteStatus) -> Vec<usize> {
        self.sites
            .iter()
            .enumerate()
            .filter(|(_, s)| s.status == status)
            .map(|(i, _)| i)
            .collect()
    }

    /// A copy with every demand weight replaced by `f(point)`; the scenario
    /// tool uses this to reweight demand without re-reading files.
    ///
    /// ```
    /// # use siteplan::{Problem, DemandPoint, Site};
    /// # let p = Problem::builder().demand(DemandPoint::new("a", 0.0, 0.0, 2.0)).site(Site::new("s", 0.0, 0.0)).build()?;
    /// let doubled = p.with_weights(|d| d.weight * 2.0)?;
    /// assert_eq!(doubled.total_weight(), 4.0);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn with_weights(&self, f: impl Fn(&DemandPoint) -> f64) -> Result<Problem> {
        let mut demand = self.demand.clone();
        for d in &mut demand {
            d.weight = f(d);
        }
        let mut b = ProblemBuilder {
            demand,
            sites: self.sites.clone(),
        };
        b.validate_and_build("with_weights")
    }
}

/// Collects demand points and sites, then validates them into a [`Problem`].
///
/// ```
/// use siteplan::{Problem, DemandPoint, Site};
/// let err = Problem::builder()
///     .demand(DemandPoint::new("a", 95.0, 0.0, 1.0))
///     .site(Site::new("s", 0.0, 0.0))
///     .build()
///     .unwrap_err();
/// assert!(err.to_string().contains("outside -90..90"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct ProblemBuilder {
    demand: Vec<DemandPoint>,
    sites: Vec<Site>,
}

impl ProblemBuilder {
    /// Adds one demand point.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, Problem, Site};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 30.0, 120.0, 7.0))
    ///     .site(Site::new("s", 30.0, 120.0))
    ///     .build()?;
    /// assert_eq!(p.demand()[0].weight, 7.0);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn demand(mut self, d: DemandPoint) -> Self {
        self.demand.push(d);
        self
    }

    /// Adds many demand points.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, Problem, Site};
    /// let towns = (0..4).map(|i| DemandPoint::new(format!("t{i}"), 30.0, 120.0 + f64::from(i), 1.0));
    /// let p = Problem::builder().demands(towns).site(Site::new("s", 30.0, 121.0)).build()?;
    /// assert_eq!(p.demand_index("t3"), Some(3));
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn demands(mut self, d: impl IntoIterator<Item = DemandPoint>) -> Self {
        self.demand.extend(d);
        self
    }

    /// Adds one site.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, Problem, Site};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 30.0, 120.0, 1.0))
    ///     .site(Site::new("s", 30.1, 120.1).with_fixed_cost(9.0))
    ///     .build()?;
    /// assert_eq!(p.sites()[0].fixed_cost, 9.0);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn site(mut self, s: Site) -> Self {
        self.sites.push(s);
        self
    }

    /// Adds many sites.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, Problem, Site, SiteStatus};
    /// let candidates = [(30.1, 120.1), (30.2, 120.2)]
    ///     .iter()
    ///     .enumerate()
    ///     .map(|(i, &(lat, lon))| Site::new(format!("c{i}"), lat, lon));
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 30.0, 120.0, 1.0))
    ///     .site(Site::new("old", 30.0, 120.0).with_status(SiteStatus::Existing))
    ///     .sites(candidates)
    ///     .build()?;
    /// assert_eq!(p.sites_with_status(SiteStatus::Candidate), vec![1, 2]);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn sites(mut self, s: impl IntoIterator<Item = Site>) -> Self {
        self.sites.extend(s);
        self
    }

    /// Validates everything and returns the immutable problem.
    ///
    /// Checks: ids non-empty and unique (per kind), coordinates in range,
    /// weights, fixed costs and capacities finite and ≥ 0, attractiveness > 0,
    /// at least one demand point and one site. Every problem found is
    /// reported (up to [`MAX_REPORTED_PROBLEMS`](crate::error::MAX_REPORTED_PROBLEMS))
    /// in one [`Error::Input`], each naming the item and its field.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, Error, Problem, Site};
    /// let err = Problem::builder()
    ///     .demand(DemandPoint::new("a", 30.0, 120.0, -5.0))
    ///     .site(Site::new("s", 30.0, 120.0))
    ///     .site(Site::new("s", 31.0, 121.0))
    ///     .build()
    ///     .unwrap_err();
    /// let Error::Input(list) = &err else { panic!("expected an input error") };
    /// assert_eq!(list.problems.len(), 2);
    /// assert_eq!(list.problems[0].column.as_deref(), Some("weight"));
    /// assert_eq!(
    ///     list.problems[1].to_string(),
    ///     r#"problem: site "s": column "id": duplicate id (first used by entry 1)"#
    /// );
    /// assert_eq!(err.exit_code(), 2);
    /// ```
    pub fn build(mut self) -> Result<Problem> {
        self.validate_and_build("problem")
    }

    fn validate_and_build(&mut self, origin: &str) -> Result<Problem> {
        let mut problems = Vec::new();
        let mut push = |what: &str, id: &str, column: &str, msg: String| {
            problems.push(InputProblem::new(
                format!("{origin}: {what} {id:?}"),
                None,
                Some(column),
                msg,
            ));
        };
        for d in &self.demand {
            check_coords(d.lat, d.lon, |c, m| push("demand point", &d.id, c, m));
            if let Some(m) = check_non_negative(d.weight) {
                push("demand point", &d.id, "weight", m);
            }
            if let Some(m) = d.outside.and_then(check_non_negative) {
                push("demand point", &d.id, "outside", m);
            }
        }
        for s in &self.sites {
            check_coords(s.lat, s.lon, |c, m| push("site", &s.id, c, m));
            if let Some(m) = check_non_negative(s.fixed_cost) {
                push("site", &s.id, "fixed_cost", m);
            }
            if let Some(m) = s.capacity.and_then(check_non_negative) {
                push("site", &s.id, "capacity", m);
            }
            if !(s.attractiveness.is_finite() && s.attractiveness > 0.0) {
                push(
                    "site",
                    &s.id,
                    "attractiveness",
                    format!("{} is not a positive number", s.attractiveness),
                );
            }
        }
        let demand_ids = index_ids(self.demand.iter().map(|d| d.id.as_str()), |id, m| {
            push("demand point", id, "id", m)
        });
        let site_ids = index_ids(self.sites.iter().map(|s| s.id.as_str()), |id, m| {
            push("site", id, "id", m)
        });
        if self.demand.is_empty() {
            problems.push(InputProblem::new(origin, None, None, "no demand points"));
        }
        if self.sites.is_empty() {
            problems.push(InputProblem::new(origin, None, None, "no sites"));
        }
        if !problems.is_empty() {
            let truncated = problems.len() > crate::error::MAX_REPORTED_PROBLEMS;
            problems.truncate(crate::error::MAX_REPORTED_PROBLEMS);
            return Err(Error::Input(InputProblems {
                problems,
                truncated,
            }));
        }
        let total_weight = self.demand.iter().map(|d| d.weight).sum();
        Ok(Problem {
            demand: std::mem::take(&mut self.demand),
            sites: std::mem::take(&mut self.sites),
            demand_ids,
            site_ids,
            total_weight,
        })
    }
}

fn check_coords(lat: f64, lon: f64, mut report: impl FnMut(&str, String)) {
    if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
        report("lat", format!("{lat} is outside -90..90"));
    }
    if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) {
        report("lon", format!("{lon} is outside -180..180"));
    }
}

fn check_non_negative(v: f64) -> Option<String> {
    if !v.is_finite() {
        Some(format!("{v} is not a finite number"))
    } else if v < 0.0 {
        Some(format!("{v} is negative; expected a number ≥ 0"))
    } else {
        None
    }
}

fn index_ids<'a>(
    ids: impl Iterator<Item = &'a str>,
    mut report: impl FnMut(&str, String),
) -> IdIndex {
    let mut map = IdIndex::default();
    for (i, id) in ids.enumerate() {
        if id.is_empty() {
            report(id, format!("entry {} has an empty id", i + 1));
            continue;
        }
        if let Some(first) = map.insert(id.to_owned(), i as u32) {
            map.insert(id.to_owned(), first);
            report(
                id,
                format!("duplicate id (first used by entry {})", first + 1),
            );
        }
    }
    map
}
