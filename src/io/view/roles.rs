//! The role of a site in a plan ([`SiteRole`]).

use crate::problem::SiteStatus;
use serde::{Deserialize, Serialize};

/// The role of a site in a plan, as written in outputs.
///
/// # Examples
///
/// ```
/// use siteplan::{io::SiteRole, SiteStatus};
/// let role = SiteRole::of(SiteStatus::Candidate, true);
/// assert_eq!(role, SiteRole::New);
/// assert_eq!(role.to_string(), "new");
/// assert_eq!(SiteRole::parse(role.as_str()), Some(role));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SiteRole {
    /// An existing site (always open).
    Existing,
    /// A candidate the plan opens.
    New,
    /// A candidate the plan leaves closed.
    Candidate,
    /// A rival's site.
    Competitor,
    /// A site ruled out by the planner.
    Excluded,
}

impl SiteRole {
    /// Every role, in the order legends and tables use.
    pub const ALL: [SiteRole; 5] = [
        SiteRole::Existing,
        SiteRole::New,
        SiteRole::Candidate,
        SiteRole::Competitor,
        SiteRole::Excluded,
    ];

    /// The lowercase name used in files: `existing`, `new`, `candidate`,
    /// `competitor`, `excluded`.
    ///
    /// ```
    /// assert_eq!(siteplan::io::SiteRole::New.as_str(), "new");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            SiteRole::Existing => "existing",
            SiteRole::New => "new",
            SiteRole::Candidate => "candidate",
            SiteRole::Competitor => "competitor",
            SiteRole::Excluded => "excluded",
        }
    }

    /// Parses a name written by [`SiteRole::as_str`].
    ///
    /// ```
    /// use siteplan::io::SiteRole;
    /// assert_eq!(SiteRole::parse("competitor"), Some(SiteRole::Competitor));
    /// assert_eq!(SiteRole::parse("open"), None);
    /// ```
    pub fn parse(s: &str) -> Option<SiteRole> {
        SiteRole::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The role of a site with `status` that is (or is not) open in a plan.
    ///
    /// ```
    /// use siteplan::{io::SiteRole, SiteStatus};
    /// assert_eq!(SiteRole::of(SiteStatus::Candidate, true), SiteRole::New);
    /// assert_eq!(SiteRole::of(SiteStatus::Candidate, false), SiteRole::Candidate);
    /// ```
    pub fn of(status: SiteStatus, open: bool) -> SiteRole {
        match status {
            SiteStatus::Existing => SiteRole::Existing,
            SiteStatus::Candidate if open => SiteRole::New,
            SiteStatus::Candidate => SiteRole::Candidate,
            SiteStatus::Competitor => SiteRole::Competitor,
            SiteStatus::Excluded => SiteRole::Excluded,
        }
    }

    /// True for the roles that are open in a plan (existing and new).
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::SiteRole;
    /// let open: Vec<SiteRole> = SiteRole::ALL.into_iter().filter(|r| r.is_open()).collect();
    /// assert_eq!(open, [SiteRole::Existing, SiteRole::New]);
    /// ```
    pub fn is_open(self) -> bool {
        matches!(self, SiteRole::Existing | SiteRole::New)
    }
}

impl std::fmt::Display for SiteRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
