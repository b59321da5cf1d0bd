//! Customer choice: how a demand point splits among the stores it can
//! reach and the rest of the market.
//!
//! A customer at demand point `i` chooses store `j` with probability
//! `v_ij / (Σ_k v_ik + o_i)`, where the sum runs over every open store in
//! the point's choice set (ours and competitors'), `v_ij = a_j · φ(d_ij)`
//! is the store's weight (attractiveness `a_j` times the distance decay
//! `φ`), and `o_i` is the weight of the outside option (the rest of the
//! market: buying elsewhere, or not at all). The decays:
//!
//! | `--decay` | `φ(d)` | known as |
//! |---|---|---|
//! | `power:λ` | `max(d, d₀)^-λ`, `d₀ = 1` unit (`POWER_FLOOR`) | Huff (1964); ArcGIS "Maximize Market Share" |
//! | `exponential:β` | `e^{-β d}` | exponential (gravity) decay |
//! | `logit:β` | `e^{-β d}` | multinomial logit with utility `ln a_j − β d` |
//!
//! `logit:β` and `exponential:β` give the same weights: the multinomial
//! logit with utility `u_ij = ln a_j − β d_ij` has `e^{u_ij} = a_j e^{−β d_ij}`,
//! and its outside option with utility `u_0` has weight `o_i = e^{u_0}`.
//! Both spellings are accepted so that a scenario can say which model it
//! means.
//!
//! ```
//! use siteplan::models::choice::Decay;
//! let huff: Decay = "power:2".parse()?;
//! assert_eq!(huff.weight(1.0, 10.0), 0.01);
//! assert_eq!(huff.weight(1.0, 0.0), 1.0); // d = 0 counts as d₀ = 1
//! assert_eq!(huff.to_string(), "power:2");
//! # Ok::<(), String>(())
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Distances below this count as this much in the power decay (`d₀`, in
/// the cost matrix's unit: 1 km for great-circle costs). It keeps
/// `d^-λ` finite for a store at a demand point's own location (`d = 0`),
/// and makes a store within one unit as attractive as one at one unit.
///
/// ```
/// use siteplan::models::choice::{Decay, POWER_FLOOR};
/// let d: Decay = "power:1".parse().unwrap();
/// assert_eq!(d.factor(0.25), d.factor(POWER_FLOOR));
/// ```
pub const POWER_FLOOR: f64 = 1.0;

/// Distance decay of a store's pull.
///
/// Written `power:λ`, `exponential:β` or `logit:β` on the command line, in
/// TOML files and in sweep grids.
///
/// ```
/// use siteplan::models::choice::Decay;
/// let e: Decay = "exponential:0.1".parse()?;
/// assert!((e.factor(10.0) - (-1.0f64).exp()).abs() < 1e-15);
/// assert_eq!("logit:0.1".parse::<Decay>()?.factor(10.0), e.factor(10.0));
/// assert!("power:-1".parse::<Decay>().is_err());
/// assert!("gravity:2".parse::<Decay>().is_err());
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Decay {
    /// Huff: `max(d, d₀)^-λ`, λ > 0.
    Power {
        /// The exponent λ.
        lambda: f64,
    },
    /// `e^{-β d}`, β ≥ 0.
    Exponential {
        /// The rate β per unit of cost.
        beta: f64,
    },
    /// Multinomial logit, utility `ln a − β d`: the weight `a e^{-β d}`.
    Logit {
        /// The cost coefficient β per unit of cost.
        beta: f64,
    },
}

impl Default for Decay {
    /// Huff's gravity model with λ = 2: `power:2`.
    fn default() -> Self {
        Decay::Power { lambda: 2.0 }
    }
}

impl Decay {
    /// The decay factor `φ(d)` at cost `d ≥ 0`.
    ///
    /// ```
    /// use siteplan::models::choice::Decay;
    /// assert_eq!(Decay::Power { lambda: 1.0 }.factor(4.0), 0.25);
    /// assert_eq!(Decay::Exponential { beta: 0.0 }.factor(4.0), 1.0);
    /// ```
    pub fn factor(self, d: f64) -> f64 {
        match self {
            Decay::Power { lambda } => d.max(POWER_FLOOR).powf(-lambda),
            Decay::Exponential { beta } | Decay::Logit { beta } => (-beta * d).exp(),
        }
    }

    /// A store's weight `a · φ(d)` for attractiveness `a` at cost `d`.
    ///
    /// ```
    /// use siteplan::models::choice::Decay;
    /// assert_eq!(Decay::Power { lambda: 2.0 }.weight(3.0, 10.0), 0.03);
    /// ```
    pub fn weight(self, attractiveness: f64, d: f64) -> f64 {
        attractiveness * self.factor(d)
    }

    /// The name of the decay (`power`, `exponential`, `logit`).
    ///
    /// ```
    /// assert_eq!(siteplan::models::choice::Decay::default().kind(), "power");
    /// ```
    pub fn kind(self) -> &'static str {
        match self {
            Decay::Power { .. } => "power",
            Decay::Exponential { .. } => "exponential",
            Decay::Logit { .. } => "logit",
        }
    }

    /// The parameter (λ or β).
    ///
    /// ```
    /// assert_eq!(siteplan::models::choice::Decay::default().parameter(), 2.0);
    /// ```
    pub fn parameter(self) -> f64 {
        match self {
            Decay::Power { lambda } => lambda,
            Decay::Exponential { beta } | Decay::Logit { beta } => beta,
        }
    }
}

impl fmt::Display for Decay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind(), self.parameter())
    }
}

impl FromStr for Decay {
    type Err = String;
    /// ```
    /// use siteplan::models::choice::Decay;
    /// assert_eq!("power:1.5".parse::<Decay>(), Ok(Decay::Power { lambda: 1.5 }));
    /// assert_eq!(" Exponential : 0.02 ".parse::<Decay>(), Ok(Decay::Exponential { beta: 0.02 }));
    /// assert!("power".parse::<Decay>().unwrap_err().contains("power:2"));
    /// ```
    fn from_str(s: &str) -> Result<Self, String> {
        let usage = "expected power:λ (λ > 0), exponential:β or logit:β (β ≥ 0), e.g. power:2";
        let (kind, value) = s
            .split_once(':')
            .ok_or_else(|| format!("decay {s:?}: {usage}"))?;
        let value: f64 = value
            .trim()
            .parse()
            .map_err(|_| format!("decay {s:?}: {:?} is not a number; {usage}", value.trim()))?;
        let decay = match kind.trim().to_ascii_lowercase().as_str() {
            "power" | "huff" if value > 0.0 && value.is_finite() => Decay::Power { lambda: value },
            "exponential" if value >= 0.0 && value.is_finite() => {
                Decay::Exponential { beta: value }
            }
            "logit" if value >= 0.0 && value.is_finite() => Decay::Logit { beta: value },
            _ => return Err(format!("decay {s:?}: {usage}")),
        };
        Ok(decay)
    }
}

impl TryFrom<String> for Decay {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        s.parse()
    }
}

impl From<Decay> for String {
    fn from(d: Decay) -> String {
        d.to_string()
    }
}

/// How one demand point's weight splits between our stores, competitors
/// and the outside option, given the summed weights of each.
///
/// `ours`, `competitors` and `outside` are the summed store weights
/// `Σ a_j φ(d_ij)` (and the outside option's weight). A point with no
/// weight on any side (nothing in reach and no outside option) is counted
/// as lost to the outside: nobody captures it.
///
/// ```
/// use siteplan::models::choice::split;
/// assert_eq!(split(10.0, 2.0, 1.0, 1.0), (5.0, 2.5, 2.5)); // ours, competitors', outside
/// assert_eq!(split(10.0, 0.0, 0.0, 0.0), (0.0, 0.0, 10.0));
/// ```
pub fn split(weight: f64, ours: f64, competitors: f64, outside: f64) -> (f64, f64, f64) {
    let total = ours + competitors + outside;
    if total <= 0.0 {
        return (0.0, 0.0, weight);
    }
    (
        weight * ours / total,
        weight * competitors / total,
        weight * outside / total,
    )
}
