//! Which demand–site pairs a cost matrix keeps ([`Reach`]).

use serde::{Deserialize, Serialize};

use crate::units::Km;

/// Which demand–site pairs a cost matrix keeps.
///
/// With a cutoff only, every pair whose cost is ≤ the cutoff. With k only,
/// the k cheapest sites of each demand point. With both, the k cheapest among
/// those within the cutoff. With neither, every pair (small problems only).
///
/// ```
/// use siteplan::{Reach, Km};
/// let r = Reach::cutoff(Km(50.0)).with_k_nearest(20);
/// assert_eq!(r.cutoff, Some(50.0));
/// assert_eq!(r.k_nearest, Some(20));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Reach {
    /// Largest cost kept (km for great-circle costs, the matrix's own unit otherwise).
    pub cutoff: Option<f64>,
    /// Most sites kept per demand point.
    pub k_nearest: Option<usize>,
}

impl Reach {
    /// Every pair.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{CostMatrix, Reach};
    /// let r = Reach::all();
    /// assert_eq!((r.cutoff, r.k_nearest), (None, None));
    /// assert!(!CostMatrix::from_rows(1, vec![vec![(0, 1.0)]], r).is_truncated());
    /// ```
    pub fn all() -> Self {
        Reach::default()
    }

    /// Pairs within a distance.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, Site, TravelCost};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    ///     .sites([Site::new("x", 0.0, 0.5), Site::new("y", 0.0, 1.5)])
    ///     .build()?;
    /// // 0.5° of the equator is ~56 km, 1.5° is ~167 km.
    /// let m = Haversine.cost_matrix(&p, Reach::cutoff(Km(100.0)))?;
    /// assert_eq!(m.row(0).sites, &[0]);
    /// assert_eq!(m.reach().cutoff, Some(100.0));
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn cutoff(km: Km) -> Self {
        Reach {
            cutoff: Some(km.0),
            k_nearest: None,
        }
    }

    /// Pairs within a cost in the OD matrix's own unit.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, OdMatrix, Problem, Reach, Site, TravelCost};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    ///     .sites([Site::new("x", 0.0, 0.0), Site::new("y", 0.0, 1.0)])
    ///     .build()?;
    /// // Driving minutes: keep sites within half an hour.
    /// let od = OdMatrix::from_pairs(&p, vec![(0, 0, 25.0), (0, 1, 45.0)])?;
    /// let m = od.cost_matrix(&p, Reach::cost_cutoff(30.0))?;
    /// assert_eq!(m.row(0).sites, &[0]);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn cost_cutoff(cost: f64) -> Self {
        Reach {
            cutoff: Some(cost),
            k_nearest: None,
        }
    }

    /// The k nearest sites of each demand point.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, Haversine, Problem, Reach, Site, TravelCost};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    ///     .sites([Site::new("x", 0.0, 3.0), Site::new("y", 0.0, 1.0), Site::new("z", 0.0, 2.0)])
    ///     .build()?;
    /// let m = Haversine.cost_matrix(&p, Reach::k_nearest(2))?;
    /// assert_eq!(m.row(0).sites, &[1, 2]);
    /// assert!(m.is_truncated());
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn k_nearest(k: usize) -> Self {
        Reach {
            cutoff: None,
            k_nearest: Some(k),
        }
    }

    /// The same reach, also limited to the k nearest.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::{DemandPoint, Haversine, Km, Problem, Reach, Site, TravelCost};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    ///     .sites([Site::new("x", 0.0, 0.3), Site::new("y", 0.0, 0.1), Site::new("z", 0.0, 5.0)])
    ///     .build()?;
    /// // Within 100 km (x and y), then the nearest one of those.
    /// let m = Haversine.cost_matrix(&p, Reach::cutoff(Km(100.0)).with_k_nearest(1))?;
    /// assert_eq!(m.row(0).sites, &[1]);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn with_k_nearest(mut self, k: usize) -> Self {
        self.k_nearest = Some(k);
        self
    }
}
