//! The solver-neutral shape every exact model is built into.
//!
//! A model file turns a [`Problem`](crate::Problem), a
//! [`CostMatrix`](crate::CostMatrix) and a [`ModelSpec`](super::ModelSpec)
//! into a [`Formulation`] (good_lp variables, objective, constraints and a
//! warm-start hint) plus a [`Decoder`] that reads a solution back into open
//! sites and assignments. Which backend solves it is decided in
//! [`crate::solve`] only.

use std::collections::HashMap;

use good_lp::{Constraint, Expression, ProblemVariables, Variable};

/// Whether the objective is minimised or maximised.
///
/// # Examples
///
/// p-median minimises travel cost; max-coverage maximises covered weight.
///
/// ```
/// use siteplan::models::{max_coverage, p_median, ModelSpec, Sense};
/// use siteplan::{CostMatrix, DemandPoint, ModelKind, Problem, Reach, Site};
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
///     .site(Site::new("x", 0.0, 0.0))
///     .build()?;
/// let m = CostMatrix::from_rows(1, vec![vec![(0, 2.0)]], Reach::all());
/// let median = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
/// let coverage = ModelSpec::new(ModelKind::MaxCoverage).with_new_sites(1).with_cutoff(5.0);
/// assert_eq!(p_median::formulate(&p, &m, &median, None, true)?.0.sense, Sense::Minimise);
/// assert_eq!(max_coverage::formulate(&p, &m, &coverage, None)?.0.sense, Sense::Maximise);
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    /// Smaller is better.
    Minimise,
    /// Larger is better.
    Maximise,
}

/// A mixed-integer program, ready for a backend.
///
/// Its parts are [`good_lp`] values, so a model can also be written by hand.
///
/// # Examples
///
/// Open one of two sites, the cheaper one wins:
///
/// ```
/// use good_lp::{variable, Expression};
/// use siteplan::models::{Formulation, Sense};
/// let mut f = Formulation::new(Sense::Minimise);
/// let a = f.variables.add(variable().binary());
/// let b = f.variables.add(variable().binary());
/// f.objective = 3.0 * a + 5.0 * b;
/// f.constraints.push((Expression::from(a) + b).eq(1.0));
/// f.hint = vec![(a, 1.0), (b, 0.0)];
/// assert_eq!(f.n_variables(), 2);
/// assert_eq!(f.constraints.len(), 1);
/// ```
pub struct Formulation {
    /// The variables (with bounds and integrality).
    pub variables: ProblemVariables,
    /// Minimise or maximise.
    pub sense: Sense,
    /// The objective.
    pub objective: Expression,
    /// The constraints.
    pub constraints: Vec<Constraint>,
    /// A complete feasible starting point (empty when none is known).
    pub hint: Vec<(Variable, f64)>,
}

impl Formulation {
    /// An empty model (no variables, objective 0, no constraints, no hint)
    /// with the given sense.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::models::{Formulation, Sense};
    /// let f = Formulation::new(Sense::Maximise);
    /// assert_eq!(f.sense, Sense::Maximise);
    /// assert_eq!(f.n_variables(), 0);
    /// assert!(f.constraints.is_empty() && f.hint.is_empty());
    /// ```
    pub fn new(sense: Sense) -> Self {
        Formulation {
            variables: ProblemVariables::new(),
            sense,
            objective: Expression::default(),
            constraints: Vec::new(),
            hint: Vec::new(),
        }
    }

    /// Number of variables.
    ///
    /// # Examples
    ///
    /// A set cover over two candidate sites has one binary variable per
    /// candidate:
    ///
    /// ```
    /// use siteplan::models::{set_cover, ModelSpec};
    /// use siteplan::{CostMatrix, DemandPoint, ModelKind, Problem, Reach, Site};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    ///     .site(Site::new("x", 0.0, 0.0)).site(Site::new("y", 0.0, 0.0))
    ///     .build()?;
    /// let m = CostMatrix::from_rows(2, vec![vec![(0, 1.0), (1, 4.0)]], Reach::all());
    /// let spec = ModelSpec::new(ModelKind::SetCover).with_cutoff(5.0);
    /// let (f, _) = set_cover::formulate(&p, &m, &spec, None)?;
    /// assert_eq!(f.n_variables(), 2);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn n_variables(&self) -> usize {
        self.variables.len()
    }
}

impl std::fmt::Debug for Formulation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Formulation")
            .field("sense", &self.sense)
            .field("variables", &self.variables.len())
            .field("constraints", &self.constraints.len())
            .field("hint", &self.hint.len())
            .finish()
    }
}

/// Variable values of a solved [`Formulation`].
///
/// # Examples
///
/// ```
/// use std::collections::HashMap;
/// use good_lp::variable;
/// use siteplan::models::{Formulation, Sense, Values};
/// let mut f = Formulation::new(Sense::Minimise);
/// let y = f.variables.add(variable().binary());
/// let values = Values(HashMap::from([(y, 1.0)]));
/// assert_eq!(values.get(y), 1.0);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Values(pub HashMap<Variable, f64>);

impl Values {
    /// The value of `v` (0 when absent).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use good_lp::variable;
    /// use siteplan::models::{Formulation, Sense, Values};
    /// let mut f = Formulation::new(Sense::Minimise);
    /// let (x, y) = (f.variables.add(variable()), f.variables.add(variable()));
    /// let values = Values(HashMap::from([(x, 0.25)]));
    /// assert_eq!(values.get(x), 0.25);
    /// assert_eq!(values.get(y), 0.0); // not in the map
    /// ```
    pub fn get(&self, v: Variable) -> f64 {
        self.0.get(&v).copied().unwrap_or(0.0)
    }
}

/// Whether a site is open in a formulation.
///
/// # Examples
///
/// An existing site is always open, a competitor never, a candidate is a
/// variable:
///
/// ```
/// use siteplan::models::{p_median, ModelSpec, OpenVar};
/// use siteplan::{CostMatrix, DemandPoint, ModelKind, Problem, Reach, Site, SiteStatus};
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
///     .site(Site::new("ours", 0.0, 0.0).with_status(SiteStatus::Existing))
///     .site(Site::new("theirs", 0.0, 0.0).with_status(SiteStatus::Competitor))
///     .site(Site::new("new", 0.0, 0.0))
///     .build()?;
/// let m = CostMatrix::from_rows(3, vec![vec![(0, 1.0), (1, 1.0), (2, 1.0)]], Reach::all());
/// let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
/// let (_, dec) = p_median::formulate(&p, &m, &spec, None, true)?;
/// assert_eq!(dec.open[0], OpenVar::Open);
/// assert_eq!(dec.open[1], OpenVar::Closed);
/// assert!(matches!(dec.open[2], OpenVar::Var(_)));
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenVar {
    /// Never open (competitor, excluded, or not usable by the model).
    Closed,
    /// Always open (an existing, required site).
    Open,
    /// Decided by the solver (a candidate).
    Var(Variable),
}

/// Reads a solution back into sites and assignments.
///
/// # Examples
///
/// A p-median with one demand point and two candidates has one `open`
/// entry per site and one assignment variable per pair:
///
/// ```
/// use siteplan::models::{p_median, ModelSpec};
/// use siteplan::{CostMatrix, DemandPoint, ModelKind, Problem, Reach, Site};
/// let p = Problem::builder()
///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
///     .site(Site::new("x", 0.0, 0.0)).site(Site::new("y", 0.0, 0.0))
///     .build()?;
/// let m = CostMatrix::from_rows(2, vec![vec![(0, 1.0), (1, 4.0)]], Reach::all());
/// let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
/// let (_, dec) = p_median::formulate(&p, &m, &spec, None, true)?;
/// assert_eq!(dec.open.len(), 2);
/// let pairs: Vec<(u32, u32)> = dec.assign.iter().map(|&(d, s, _)| (d, s)).collect();
/// assert_eq!(pairs, vec![(0, 0), (0, 1)]);
/// assert!(dec.far.is_empty()); // the row holds every site
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Decoder {
    /// One entry per site.
    pub open: Vec<OpenVar>,
    /// Assignment variables: (demand, site, share variable).
    pub assign: Vec<(u32, u32, Variable)>,
    /// "Far" variables of truncated rows: (demand, variable); a positive
    /// value means the point would be served by a site outside its row.
    pub far: Vec<(u32, Variable)>,
}

impl Decoder {
    /// Open flags, one per site.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::models::{set_cover, ModelSpec, OpenVar, Values};
    /// use siteplan::{CostMatrix, DemandPoint, ModelKind, Problem, Reach, Site};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    ///     .site(Site::new("x", 0.0, 0.0)).site(Site::new("y", 0.0, 0.0))
    ///     .build()?;
    /// let m = CostMatrix::from_rows(2, vec![vec![(0, 1.0), (1, 4.0)]], Reach::all());
    /// let spec = ModelSpec::new(ModelKind::SetCover).with_cutoff(5.0);
    /// let (_, dec) = set_cover::formulate(&p, &m, &spec, None)?;
    /// // A solution that opens the second candidate only.
    /// let OpenVar::Var(y1) = dec.open[1] else { unreachable!() };
    /// let values = Values([(y1, 1.0)].into_iter().collect());
    /// assert_eq!(dec.open_flags(&values), vec![false, true]);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn open_flags(&self, values: &Values) -> Vec<bool> {
        self.open
            .iter()
            .map(|o| match o {
                OpenVar::Closed => false,
                OpenVar::Open => true,
                OpenVar::Var(v) => values.get(*v) > 0.5,
            })
            .collect()
    }

    /// Non-zero shares: (demand, site, share), ordered by demand then site.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::models::{p_median, ModelSpec, Values};
    /// use siteplan::{CostMatrix, DemandPoint, ModelKind, Problem, Reach, Site};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    ///     .site(Site::new("x", 0.0, 0.0)).site(Site::new("y", 0.0, 0.0))
    ///     .build()?;
    /// let m = CostMatrix::from_rows(2, vec![vec![(0, 1.0), (1, 4.0)]], Reach::all());
    /// let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
    /// let (_, dec) = p_median::formulate(&p, &m, &spec, None, true)?;
    /// // Point 0 served by site 0 entirely; the pair with site 1 is 0 and left out.
    /// let values = Values(dec.assign.iter().map(|&(_, s, x)| (x, if s == 0 { 1.0 } else { 0.0 })).collect());
    /// assert_eq!(dec.shares(&values), vec![(0, 0, 1.0)]);
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn shares(&self, values: &Values) -> Vec<(usize, usize, f64)> {
        let mut out: Vec<(usize, usize, f64)> = self
            .assign
            .iter()
            .filter_map(|&(d, s, v)| {
                let x = values.get(v);
                (x > 1e-7).then_some((d as usize, s as usize, x.min(1.0)))
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        out
    }

    /// True when some point uses its "far" option.
    ///
    /// # Examples
    ///
    /// With rows cut to the nearest site, p-median adds a "far" variable for
    /// the point (served by a site outside its row):
    ///
    /// ```
    /// use siteplan::models::{p_median, ModelSpec, Values};
    /// use siteplan::{CostMatrix, DemandPoint, ModelKind, Problem, Reach, Site};
    /// let p = Problem::builder()
    ///     .demand(DemandPoint::new("a", 0.0, 0.0, 1.0))
    ///     .site(Site::new("x", 0.0, 0.0)).site(Site::new("y", 0.0, 0.0))
    ///     .build()?;
    /// let m = CostMatrix::from_rows(2, vec![vec![(0, 1.0)]], Reach::k_nearest(1));
    /// let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
    /// let (_, dec) = p_median::formulate(&p, &m, &spec, None, true)?;
    /// let (_, far) = dec.far[0];
    /// assert!(dec.uses_far(&Values([(far, 1.0)].into_iter().collect())));
    /// assert!(!dec.uses_far(&Values::default()));
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn uses_far(&self, values: &Values) -> bool {
        self.far.iter().any(|&(_, v)| values.get(v) > 1e-6)
    }
}
