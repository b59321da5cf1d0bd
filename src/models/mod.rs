//! The location models siteplan solves; one model per file.
//!
//! | model | ArcGIS Location-Allocation | spopt |
//! |---|---|---|
//! | `p-median` | Minimize impedance | `PMedian` |
//! | `max-coverage` | Maximize coverage / capacitated coverage | `MCLP` |
//! | `set-cover` | Minimize facilities | `LSCP` |
//! | `fixed-charge` | — (capacitated facility location) | — |
//! | `p-center` | — | `PCenter` |
//! | `market-entry` | — (countries entered, centers opened year by year; [`market_entry`]) | — |
//! | `market-share` | Maximize market share (Huff) | — |
//! | `target-share` | Target market share (Huff) | — |
//!
//! Each model file states its formulation and builds it as a solver-neutral
//! [`Formulation`]; [`crate::solve`] picks the backend.

pub(crate) mod common;
pub mod formulation;

/// Customer choice among stores and the outside option (Huff, logit decay).
pub mod choice;
/// Fixed-charge (capacitated) facility location.
pub mod fixed_charge;
/// Market share against competitors: `market-share` and `target-share`.
pub mod market_share;
/// Maximal covering location (MCLP), optionally capacitated.
pub mod max_coverage;
/// p-center: least largest cost, by binary search over set covers.
pub mod p_center;
/// p-median: least weighted cost with p new sites.
pub mod p_median;
/// Location set covering (LSCP), full or partial.
pub mod set_cover;

pub use formulation::{Decoder, Formulation, OpenVar, Sense, Values};

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Enter countries and open centers year by year when every car pays an import duty.
pub mod market_entry;

/// Which location model to solve.
///
/// # Examples
///
/// Each model has a name for the command line and files, and parses back
/// from it:
///
/// ```
/// use siteplan::ModelKind;
/// assert_eq!(ModelKind::SetCover.to_string(), "set-cover");
/// for kind in ModelKind::ALL {
///     assert_eq!(kind.as_str().parse::<ModelKind>(), Ok(kind));
/// }
/// assert!("p-medain".parse::<ModelKind>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModelKind {
    /// Minimise Σ weight × cost with a given number of new sites.
    PMedian,
    /// Maximise the weight within the cutoff of an open site.
    MaxCoverage,
    /// Fewest new sites covering every (or a share of the) demand.
    SetCover,
    /// Minimise fixed costs plus Σ weight × cost, with capacities.
    FixedCharge,
    /// Minimise the largest cost from a demand point to its site.
    PCenter,
    /// Maximise profit from entering countries and opening centers year
    /// by year under import duties ([`market_entry`]; solved by
    /// [`crate::solve::market_entry`], not by [`crate::solve::solve`]).
    MarketEntry,
    /// Maximise the demand (or profit) our stores capture against
    /// competitors and the outside option ([`market_share`]).
    MarketShare,
    /// Fewest new sites that bring our share of demand to a target
    /// ([`market_share`]).
    TargetShare,
}

impl ModelKind {
    /// Every model.
    pub const ALL: [ModelKind; 8] = [
        ModelKind::PMedian,
        ModelKind::MaxCoverage,
        ModelKind::SetCover,
        ModelKind::FixedCharge,
        ModelKind::PCenter,
        ModelKind::MarketEntry,
        ModelKind::MarketShare,
        ModelKind::TargetShare,
    ];

    /// The model's facts: its one entry in the catalogue. Everything
    /// outside the solvers that depends on the model asks this (or the
    /// methods below, which read it); the solvers' routes are in one table
    /// in `solve::routes`.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::models::{ModelKind, Sense};
    /// let f = ModelKind::MaxCoverage.facts();
    /// assert_eq!((f.name, f.sense, f.coverage), ("max-coverage", Sense::Maximise, true));
    /// assert!(!ModelKind::SetCover.facts().sized);
    /// ```
    pub const fn facts(self) -> ModelFacts {
        use Sense::{Maximise, Minimise};
        const fn f(
            name: &'static str,
            sense: Sense,
            coverage: bool,
            all_pairs: bool,
            sized: bool,
            choice: bool,
        ) -> ModelFacts {
            ModelFacts {
                name,
                sense,
                coverage,
                all_pairs,
                sized,
                choice,
            }
        }
        match self {
            ModelKind::PMedian => f("p-median", Minimise, false, false, true, false),
            ModelKind::MaxCoverage => f("max-coverage", Maximise, true, false, true, false),
            ModelKind::SetCover => f("set-cover", Minimise, true, false, false, false),
            ModelKind::FixedCharge => f("fixed-charge", Minimise, false, false, true, false),
            ModelKind::PCenter => f("p-center", Minimise, false, true, true, false),
            ModelKind::MarketEntry => f("market-entry", Maximise, false, false, false, false),
            ModelKind::MarketShare => f("market-share", Maximise, false, false, true, true),
            ModelKind::TargetShare => f("target-share", Minimise, false, false, false, true),
        }
    }

    /// The name used on the command line and in files.
    ///
    /// ```
    /// assert_eq!(siteplan::ModelKind::MaxCoverage.as_str(), "max-coverage");
    /// ```
    pub const fn as_str(self) -> &'static str {
        self.facts().name
    }

    /// True when the objective is maximised (max-coverage, market entry,
    /// market-share); the others minimise.
    ///
    /// ```
    /// use siteplan::ModelKind;
    /// assert!(ModelKind::MaxCoverage.maximises());
    /// assert!(!ModelKind::PMedian.maximises());
    /// ```
    pub const fn maximises(self) -> bool {
        matches!(self.facts().sense, Sense::Maximise)
    }

    /// True when the cutoff is a coverage radius the model cannot do
    /// without (max-coverage, set cover); for the other models it is a
    /// hard reach, and optional.
    ///
    /// ```
    /// use siteplan::ModelKind;
    /// assert!(ModelKind::SetCover.is_coverage());
    /// assert!(!ModelKind::PCenter.is_coverage());
    /// ```
    pub const fn is_coverage(self) -> bool {
        self.facts().coverage
    }

    /// True for the share models (`market-share`, `target-share`), solved
    /// by [`crate::solve::share`] on whole choice sets.
    ///
    /// ```
    /// use siteplan::ModelKind;
    /// assert!(ModelKind::TargetShare.is_share() && !ModelKind::MaxCoverage.is_share());
    /// ```
    pub const fn is_share(self) -> bool {
        self.facts().choice
    }
}

/// What siteplan needs to know about one model, outside its solvers
/// ([`ModelKind::facts`]).
///
/// # Examples
///
/// ```
/// use siteplan::models::{ModelKind, Sense};
/// let center = ModelKind::PCenter.facts();
/// assert_eq!(center.sense, Sense::Minimise);
/// assert!(center.all_pairs && center.sized && !center.coverage);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelFacts {
    /// The name on the command line and in files.
    pub name: &'static str,
    /// Whether the objective is minimised or maximised.
    pub sense: Sense,
    /// The cutoff is a coverage radius the model needs, and the model needs
    /// every site within it in each row of the cost matrix (max-coverage,
    /// set cover).
    pub coverage: bool,
    /// The model needs every pair of each row (p-center: its candidate
    /// radii are the costs themselves).
    pub all_pairs: bool,
    /// The model takes its number of new sites from the spec (`new_sites`),
    /// so it has a curve over that number; set cover and market entry choose
    /// their own (target-share too: its count reaches the target).
    pub sized: bool,
    /// Customers choose among stores (the share models): the objective is
    /// the demand captured against competitors and the outside option, on
    /// whole choice sets rather than on cost matrix rows.
    pub choice: bool,
}

impl fmt::Display for ModelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ModelKind {
    type Err = String;
    /// ```
    /// assert_eq!("p-median".parse::<siteplan::ModelKind>(), Ok(siteplan::ModelKind::PMedian));
    /// assert_eq!("market-entry".parse::<siteplan::ModelKind>(), Ok(siteplan::ModelKind::MarketEntry));
    /// ```
    fn from_str(s: &str) -> Result<Self, String> {
        ModelKind::ALL
            .into_iter()
            .find(|m| m.as_str() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| {
                let names: Vec<&str> = ModelKind::ALL.iter().map(|m| m.as_str()).collect();
                format!("unknown model {s:?}; expected one of {}", names.join(", "))
            })
    }
}

/// What to solve: the model and its settings. Unused settings are ignored by
/// models that do not need them.
///
/// ```
/// use siteplan::{ModelKind, models::ModelSpec};
/// let spec = ModelSpec::new(ModelKind::MaxCoverage).with_new_sites(40).with_cutoff(50.0);
/// assert_eq!(spec.new_sites, Some(40));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelSpec {
    /// The model.
    pub kind: ModelKind,
    /// Number of new sites to open (p-median, max-coverage, p-center); an
    /// upper limit for fixed-charge.
    pub new_sites: Option<usize>,
    /// Coverage cutoff in the cost matrix's unit (km for great-circle costs):
    /// required by max-coverage and set-cover.
    pub cutoff: Option<f64>,
    /// Set cover: cover at least this percentage of the total weight
    /// (partial set cover) instead of every demand point.
    pub min_coverage_pct: Option<f64>,
    /// Fixed-charge: most that the fixed costs of new sites may add up to.
    pub budget: Option<f64>,
    /// Fixed-charge: each demand point is served by one site only.
    pub single_source: bool,
    /// Respect site capacities given in the sites file (default true).
    pub capacities: bool,
    /// The share models' settings (decay, outside option, target share,
    /// closures, margin); unused by the other models.
    #[serde(default)]
    pub share: market_share::ShareParams,
    /// The market-entry model's parameters and market data; `None` for the
    /// other models (and a usage error for market entry).
    #[serde(skip)]
    pub entry: Option<Box<market_entry::EntrySettings>>,
}

impl ModelSpec {
    /// A spec with nothing set but the model (capacities respected).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::prelude::*;
    /// let spec = ModelSpec::new(ModelKind::PMedian);
    /// assert_eq!((spec.new_sites, spec.cutoff, spec.budget), (None, None, None));
    /// assert!(spec.capacities && !spec.single_source);
    /// ```
    pub fn new(kind: ModelKind) -> Self {
        ModelSpec {
            kind,
            new_sites: None,
            cutoff: None,
            min_coverage_pct: None,
            budget: None,
            single_source: false,
            capacities: true,
            share: market_share::ShareParams::default(),
            entry: None,
        }
    }

    /// Sets the number of new sites.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::prelude::*;
    /// assert_eq!(ModelSpec::new(ModelKind::PMedian).with_new_sites(3).new_sites, Some(3));
    /// ```
    pub fn with_new_sites(mut self, n: usize) -> Self {
        self.new_sites = Some(n);
        self
    }

    /// Sets the coverage cutoff.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::prelude::*;
    /// assert_eq!(ModelSpec::new(ModelKind::SetCover).with_cutoff(50.0).cutoff, Some(50.0));
    /// ```
    pub fn with_cutoff(mut self, cutoff: f64) -> Self {
        self.cutoff = Some(cutoff);
        self
    }

    /// Sets the market-entry settings; the cutoff becomes their
    /// `cutoff_km` (the distance within which a center captures demand).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::prelude::*;
    /// use siteplan::models::market_entry::{EntrySettings, MarketEntryParams};
    /// let params = MarketEntryParams { cutoff_km: 120.0, ..Default::default() };
    /// let spec = ModelSpec::new(ModelKind::MarketEntry).with_entry(EntrySettings::new(params));
    /// assert_eq!(spec.cutoff, Some(120.0));
    /// ```
    pub fn with_entry(mut self, settings: market_entry::EntrySettings) -> Self {
        self.cutoff = Some(settings.params.cutoff_km);
        self.entry = Some(Box::new(settings));
        self
    }

    /// Sets the minimum coverage percentage (partial set cover).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::prelude::*;
    /// let spec = ModelSpec::new(ModelKind::SetCover).with_cutoff(50.0).with_min_coverage_pct(90.0);
    /// assert_eq!(spec.min_coverage_pct, Some(90.0));
    /// ```
    pub fn with_min_coverage_pct(mut self, pct: f64) -> Self {
        self.min_coverage_pct = Some(pct);
        self
    }

    /// Sets the budget on fixed costs of new sites.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::prelude::*;
    /// assert_eq!(ModelSpec::new(ModelKind::FixedCharge).with_budget(2.5e6).budget, Some(2.5e6));
    /// ```
    pub fn with_budget(mut self, budget: f64) -> Self {
        self.budget = Some(budget);
        self
    }

    /// Sets single sourcing (fixed-charge: each demand point served by one
    /// site only) on or off.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::prelude::*;
    /// assert!(ModelSpec::new(ModelKind::FixedCharge).with_single_source(true).single_source);
    /// ```
    pub fn with_single_source(mut self, yes: bool) -> Self {
        self.single_source = yes;
        self
    }
}
