//! Which demand points a drawing shows ([`DrawnDemand`]): every point of a
//! small market, the [`DRAWN_DEMAND`] heaviest of a large one. One rule for
//! the report's interactive map, `plan.svg`, the report's static map and
//! `plan.geojson`; `demand.geojson` and `assignment.csv` keep every point.

use std::cmp::Ordering;

/// The most demand points a drawing shows (the heaviest): the interactive
/// map, `plan.svg`, the report's static map and `plan.geojson`.
///
/// ```
/// assert_eq!(siteplan::io::DRAWN_DEMAND, 20_000);
/// ```
pub const DRAWN_DEMAND: usize = 20_000;

/// The demand points a drawing shows: all of them when there are at most
/// [`DRAWN_DEMAND`], else the [`DRAWN_DEMAND`] heaviest (ties: the lower
/// index first), with their weight, to say so in a caption.
///
/// # Examples
///
/// ```
/// use siteplan::io::{DrawnDemand, DRAWN_DEMAND};
/// // A small market: every point, heaviest first (ties: lower index).
/// let d = DrawnDemand::of(&[1.0, 3.0, 1.0, 2.0]);
/// assert_eq!(d.order, [1, 3, 0, 2]);
/// assert!(!d.is_limited() && d.caption().is_none());
/// // A large one: the heaviest only.
/// let weights: Vec<f64> = (0..DRAWN_DEMAND + 5).map(|i| i as f64).collect();
/// let d = DrawnDemand::of(&weights);
/// assert_eq!((d.order.len(), d.order[0], d.total), (DRAWN_DEMAND, DRAWN_DEMAND + 4, DRAWN_DEMAND + 5));
/// assert!(d.is_limited() && d.mask()[DRAWN_DEMAND + 4] && !d.mask()[4]);
/// assert!(d.caption().unwrap().starts_with("the 20,000 heaviest of 20,005 demand points"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnDemand {
    /// Indices of the drawn points, heaviest first (ties: lower index).
    pub order: Vec<usize>,
    /// How many demand points there are in all.
    pub total: usize,
    /// The drawn points' weight.
    pub drawn_weight: f64,
    /// Every point's weight.
    pub total_weight: f64,
}

impl DrawnDemand {
    /// The points to draw of demand with these weights (see
    /// [`DrawnDemand`]). Linear in the points, plus sorting the drawn ones.
    ///
    /// ```
    /// let d = siteplan::io::DrawnDemand::of(&[2.0, 5.0]);
    /// assert_eq!((d.order.as_slice(), d.drawn_weight, d.total_weight), (&[1, 0][..], 7.0, 7.0));
    /// ```
    pub fn of(weights: &[f64]) -> DrawnDemand {
        let heavier = |&a: &usize, &b: &usize| -> Ordering {
            weights[b].total_cmp(&weights[a]).then(a.cmp(&b))
        };
        let mut order: Vec<usize> = (0..weights.len()).collect();
        if order.len() > DRAWN_DEMAND {
            order.select_nth_unstable_by(DRAWN_DEMAND - 1, heavier);
            order.truncate(DRAWN_DEMAND);
        }
        order.sort_unstable_by(heavier);
        DrawnDemand {
            drawn_weight: order.iter().map(|&i| weights[i]).sum(),
            total_weight: weights.iter().sum(),
            total: weights.len(),
            order,
        }
    }

    /// True when some points are left out of the drawing.
    ///
    /// ```
    /// assert!(!siteplan::io::DrawnDemand::of(&[1.0]).is_limited());
    /// ```
    pub fn is_limited(&self) -> bool {
        self.order.len() < self.total
    }

    /// Per point (by index): whether it is drawn.
    ///
    /// ```
    /// assert_eq!(siteplan::io::DrawnDemand::of(&[1.0, 2.0]).mask(), [true, true]);
    /// ```
    pub fn mask(&self) -> Vec<bool> {
        let mut m = vec![!self.is_limited(); self.total];
        if self.is_limited() {
            for &i in &self.order {
                m[i] = true;
            }
        }
        m
    }

    /// The drawn points' share of the demand weight, in percent (100 when
    /// there is no weight at all).
    ///
    /// ```
    /// assert_eq!(siteplan::io::DrawnDemand::of(&[1.0, 3.0]).share_percent(), 100.0);
    /// ```
    pub fn share_percent(&self) -> f64 {
        if self.total_weight > 0.0 {
            100.0 * self.drawn_weight / self.total_weight
        } else {
            100.0
        }
    }

    /// What a large drawing shows, for its caption: `the 20,000 heaviest
    /// of 1,002,000 demand points, 87.0% of the demand`; `None` when every
    /// point is drawn.
    ///
    /// ```
    /// assert_eq!(siteplan::io::DrawnDemand::of(&[1.0]).caption(), None);
    /// ```
    pub fn caption(&self) -> Option<String> {
        self.is_limited().then(|| {
            format!(
                "the {} heaviest of {} demand points, {:.1}% of the demand",
                crate::units::grouped(self.order.len() as f64),
                crate::units::grouped(self.total as f64),
                self.share_percent()
            )
        })
    }
}
