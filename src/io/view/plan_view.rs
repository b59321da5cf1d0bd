//! [`PlanView`]: a plan with its problem and the figures every output derives from them.

use super::map::*;
use super::parts::*;
use super::roles::*;
use crate::error::{Error, Result};
use crate::evaluate::Evaluation;
use crate::plan::Plan;
use crate::problem::Problem;

/// A [`Plan`] with its [`Problem`] and everything outputs derive from them.
///
/// ```
/// use siteplan::{io::PlanView, io::SiteRole, *};
/// let problem = Problem::builder()
///     .demand(DemandPoint::new("a", 31.2, 121.5, 10.0))
///     .site(Site::new("s", 31.2, 121.4).with_status(SiteStatus::Candidate))
///     .build()?;
/// let plan = Plan { model: ModelKind::PMedian, method: "heuristic".into(),
///     status: PlanStatus::Feasible, open: vec![0], new: vec![0],
///     assignment: vec![Assignment { demand: 0, site: 0, share: 1.0, cost: 9.5 }],
///     objective: 95.0, bound: None, gap: None, stats: SolveStats::default(), timeline: None };
/// let view = PlanView::new(&problem, &plan)?.with_title("Shanghai").with_cutoff(Some(5.0));
/// assert_eq!(view.sites[0].role, SiteRole::New);
/// assert_eq!(view.sites[0].served_weight, 10.0);
/// assert!(!view.demand[0].covered); // 9.5 km is beyond the 5 km cutoff
/// # Ok::<(), siteplan::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct PlanView<'a> {
    /// The problem the plan solves.
    pub problem: &'a Problem,
    /// The plan.
    pub plan: &'a Plan,
    /// Scenario title shown on maps and reports (default `siteplan plan`).
    pub title: String,
    /// Coverage cutoff in the cost unit; `None` counts every served point as covered.
    pub cutoff: Option<f64>,
    /// Unit of travel cost, for labels (default `km`).
    pub cost_unit: String,
    /// One entry per site of the problem.
    pub sites: Vec<SiteView>,
    /// One entry per demand point of the problem.
    pub demand: Vec<DemandView>,
    /// Opening and entry years of a market-entry plan (`None` for other models).
    pub entry_years: Option<EntryYears>,
}

/// The years of a market-entry plan, as `plan.geojson` writes them
/// (`opened_year` and `entry_year` site properties).
///
/// ```
/// use siteplan::io::EntryYears;
/// let y = EntryYears { opened_year: vec![Some(2027), None], entry_year: [("DE".to_string(), 2027)].into() };
/// assert_eq!(y.entry_year_of(Some("DE")), Some(2027));
/// assert_eq!(y.entry_year_of(Some("FR")), None);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntryYears {
    /// Per site (problem order): the year its center opens, if it does.
    pub opened_year: Vec<Option<i32>>,
    /// Country code → the year the plan enters that country.
    pub entry_year: std::collections::BTreeMap<String, i32>,
}

impl EntryYears {
    /// The entry year of a country, if the plan enters it.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::EntryYears;
    /// let years = EntryYears { opened_year: vec![Some(2028)], entry_year: [("FR".to_string(), 2028)].into() };
    /// assert_eq!(years.entry_year_of(Some("FR")), Some(2028));
    /// assert_eq!(years.entry_year_of(None), None); // a site without a country
    /// ```
    pub fn entry_year_of(&self, country: Option<&str>) -> Option<i32> {
        self.entry_year.get(country?).copied()
    }
}

impl<'a> PlanView<'a> {
    /// A view of `plan`'s assignment. Errors with [`Error::Usage`] when the
    /// plan names a site or demand point the problem does not have.
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::prelude::*;
    /// # let problem = Problem::builder()
    /// #     .demand(DemandPoint::new("shanghai", 31.23, 121.47, 25.0))
    /// #     .demand(DemandPoint::new("suzhou", 31.30, 120.59, 5.0))
    /// #     .demand(DemandPoint::new("hangzhou", 30.27, 120.16, 6.0))
    /// #     .site(Site::new("sh-1", 31.22, 121.48).with_status(SiteStatus::Existing))
    /// #     .site(Site::new("sz-1", 31.31, 120.62))
    /// #     .site(Site::new("hz-1", 30.28, 120.15))
    /// #     .build()?;
    /// # let costs = Haversine.cost_matrix(&problem, Reach::all())?;
    /// # let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
    /// # let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
    /// // Shanghai (weight 25), Suzhou (5) and Hangzhou (6): the plan keeps the
    /// // existing sh-1 (Shanghai) open and opens hz-1 (Hangzhou); sz-1 stays closed.
    /// let view = PlanView::new(&problem, &plan)?;
    /// assert_eq!((view.sites.len(), view.demand.len()), (3, 3));
    /// assert_eq!(view.demand[2].site, problem.site_index("hz-1"));
    ///
    /// // A plan for another (smaller) problem is refused.
    /// let other = Problem::builder()
    ///     .demand(DemandPoint::new("shanghai", 31.23, 121.47, 25.0))
    ///     .site(Site::new("sh-1", 31.22, 121.48))
    ///     .build()?;
    /// assert!(matches!(PlanView::new(&other, &plan), Err(Error::Usage(_))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(problem: &'a Problem, plan: &'a Plan) -> Result<PlanView<'a>> {
        let (n_d, n_s) = (problem.demand().len(), problem.sites().len());
        let bad = |what: &str, i: usize, n: usize| {
            Error::Usage(format!(
                "the plan refers to {what} {i}, but the problem has {n}; was it solved for another problem?"
            ))
        };
        if let Some(&s) = plan.open.iter().find(|&&s| s >= n_s) {
            return Err(bad("site", s, n_s));
        }
        let open = plan.open_flags(n_s);
        let sites = problem
            .sites()
            .iter()
            .zip(&open)
            .map(|(s, &o)| SiteView {
                role: SiteRole::of(s.status, o),
                served_weight: 0.0,
                load: None,
            })
            .collect();
        let demand = vec![
            DemandView {
                site: None,
                cost: None,
                covered: false,
            };
            n_d
        ];
        let mut view = PlanView {
            problem,
            plan,
            title: "siteplan plan".to_string(),
            cutoff: None,
            cost_unit: "km".to_string(),
            sites,
            demand,
            entry_years: None,
        };
        let mut best_share = vec![f64::NEG_INFINITY; n_d];
        for a in &plan.assignment {
            if a.demand >= n_d {
                return Err(bad("demand point", a.demand, n_d));
            }
            if a.site >= n_s {
                return Err(bad("site", a.site, n_s));
            }
            let w = problem.demand()[a.demand].weight;
            view.sites[a.site].served_weight += a.share * w;
            if a.share > best_share[a.demand] {
                best_share[a.demand] = a.share;
                view.demand[a.demand].site = Some(a.site);
                view.demand[a.demand].cost = Some(a.cost);
            }
        }
        view.refresh();
        Ok(view)
    }

    /// The same view with demand points the plan leaves unassigned sent to
    /// their site in `evaluation` (the nearest open site), as coverage
    /// models may leave points beyond the cutoff out of their assignment.
    /// Site loads are recomputed.
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::prelude::*;
    /// # let problem = Problem::builder()
    /// #     .demand(DemandPoint::new("shanghai", 31.23, 121.47, 25.0))
    /// #     .demand(DemandPoint::new("suzhou", 31.30, 120.59, 5.0))
    /// #     .demand(DemandPoint::new("hangzhou", 30.27, 120.16, 6.0))
    /// #     .site(Site::new("sh-1", 31.22, 121.48).with_status(SiteStatus::Existing))
    /// #     .site(Site::new("sz-1", 31.31, 120.62))
    /// #     .site(Site::new("hz-1", 30.28, 120.15))
    /// #     .build()?;
    /// # let costs = Haversine.cost_matrix(&problem, Reach::all())?;
    /// # let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
    /// # let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
    /// // Shanghai (weight 25), Suzhou (5) and Hangzhou (6): the plan keeps the
    /// // existing sh-1 (Shanghai) open and opens hz-1 (Hangzhou); sz-1 stays closed.
    /// // A max-coverage plan assigns only the demand it covers within 50 km.
    /// let spec = ModelSpec::new(ModelKind::MaxCoverage).with_new_sites(1).with_cutoff(50.0);
    /// let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
    /// let view = PlanView::new(&problem, &plan)?.with_cutoff(Some(50.0));
    /// assert_eq!(view.demand[1].site, None); // Suzhou is more than 50 km from sh-1 and hz-1
    ///
    /// let after = evaluate(&problem, &costs, &plan.open_flags(problem.sites().len()), Some(50.0));
    /// let view = view.with_evaluation(&after);
    /// assert_eq!(view.demand[1].site, problem.site_index("sh-1")); // its nearest open site
    /// assert!(!view.demand[1].covered);
    /// assert_eq!(view.sites[0].served_weight, 30.0); // Shanghai and Suzhou
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_evaluation(mut self, evaluation: &Evaluation) -> Self {
        for (d, v) in self.demand.iter_mut().enumerate() {
            if v.site.is_none() {
                if let Some(&Some((s, c))) = evaluation.assignment.get(d) {
                    if s < self.sites.len() {
                        v.site = Some(s);
                        v.cost = Some(c);
                        let w = self.problem.demand()[d].weight;
                        self.sites[s].served_weight += w;
                    }
                }
            }
        }
        self.refresh();
        self
    }

    /// The same view with another title.
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::prelude::*;
    /// # let problem = Problem::builder()
    /// #     .demand(DemandPoint::new("shanghai", 31.23, 121.47, 25.0))
    /// #     .demand(DemandPoint::new("suzhou", 31.30, 120.59, 5.0))
    /// #     .demand(DemandPoint::new("hangzhou", 30.27, 120.16, 6.0))
    /// #     .site(Site::new("sh-1", 31.22, 121.48).with_status(SiteStatus::Existing))
    /// #     .site(Site::new("sz-1", 31.31, 120.62))
    /// #     .site(Site::new("hz-1", 30.28, 120.15))
    /// #     .build()?;
    /// # let costs = Haversine.cost_matrix(&problem, Reach::all())?;
    /// # let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
    /// # let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
    /// // Shanghai (weight 25), Suzhou (5) and Hangzhou (6): the plan keeps the
    /// // existing sh-1 (Shanghai) open and opens hz-1 (Hangzhou); sz-1 stays closed.
    /// let view = PlanView::new(&problem, &plan)?.with_title("Yangtze delta");
    /// assert_eq!(view.map_data().title, "Yangtze delta");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// The same view with another coverage cutoff.
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::prelude::*;
    /// # let problem = Problem::builder()
    /// #     .demand(DemandPoint::new("shanghai", 31.23, 121.47, 25.0))
    /// #     .demand(DemandPoint::new("suzhou", 31.30, 120.59, 5.0))
    /// #     .demand(DemandPoint::new("hangzhou", 30.27, 120.16, 6.0))
    /// #     .site(Site::new("sh-1", 31.22, 121.48).with_status(SiteStatus::Existing))
    /// #     .site(Site::new("sz-1", 31.31, 120.62))
    /// #     .site(Site::new("hz-1", 30.28, 120.15))
    /// #     .build()?;
    /// # let costs = Haversine.cost_matrix(&problem, Reach::all())?;
    /// # let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
    /// # let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
    /// // Shanghai (weight 25), Suzhou (5) and Hangzhou (6): the plan keeps the
    /// // existing sh-1 (Shanghai) open and opens hz-1 (Hangzhou); sz-1 stays closed.
    /// let view = PlanView::new(&problem, &plan)?;
    /// assert_eq!(view.covered_weight(), 36.0); // no cutoff: every served point counts
    /// let view = view.with_cutoff(Some(50.0));
    /// assert_eq!(view.covered_weight(), 31.0); // Suzhou is about 85 km from sh-1
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_cutoff(mut self, cutoff: Option<f64>) -> Self {
        self.cutoff = cutoff;
        self.refresh();
        self
    }

    /// The same view with the opening and entry years of a market-entry plan.
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::prelude::*;
    /// # let problem = Problem::builder()
    /// #     .demand(DemandPoint::new("shanghai", 31.23, 121.47, 25.0))
    /// #     .demand(DemandPoint::new("suzhou", 31.30, 120.59, 5.0))
    /// #     .demand(DemandPoint::new("hangzhou", 30.27, 120.16, 6.0))
    /// #     .site(Site::new("sh-1", 31.22, 121.48).with_status(SiteStatus::Existing))
    /// #     .site(Site::new("sz-1", 31.31, 120.62))
    /// #     .site(Site::new("hz-1", 30.28, 120.15))
    /// #     .build()?;
    /// # let costs = Haversine.cost_matrix(&problem, Reach::all())?;
    /// # let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
    /// # let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
    /// // Shanghai (weight 25), Suzhou (5) and Hangzhou (6): the plan keeps the
    /// // existing sh-1 (Shanghai) open and opens hz-1 (Hangzhou); sz-1 stays closed.
    /// use siteplan::io::EntryYears;
    /// let years = EntryYears { opened_year: vec![None, None, Some(2027)], ..Default::default() };
    /// let view = PlanView::new(&problem, &plan)?.with_entry_years(years);
    /// let json = view.geojson_string(&GeoJsonOptions::default());
    /// // No site has a name: the member is left out rather than null everywhere.
    /// assert!(json.contains(r#""id":"hz-1","status":"new""#));
    /// assert!(json.contains(r#""opened_year":2027"#));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_entry_years(mut self, years: EntryYears) -> Self {
        self.entry_years = Some(years);
        self
    }

    /// The same view with another cost unit label.
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::prelude::*;
    /// # let problem = Problem::builder()
    /// #     .demand(DemandPoint::new("shanghai", 31.23, 121.47, 25.0))
    /// #     .demand(DemandPoint::new("suzhou", 31.30, 120.59, 5.0))
    /// #     .demand(DemandPoint::new("hangzhou", 30.27, 120.16, 6.0))
    /// #     .site(Site::new("sh-1", 31.22, 121.48).with_status(SiteStatus::Existing))
    /// #     .site(Site::new("sz-1", 31.31, 120.62))
    /// #     .site(Site::new("hz-1", 30.28, 120.15))
    /// #     .build()?;
    /// # let costs = Haversine.cost_matrix(&problem, Reach::all())?;
    /// # let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
    /// # let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
    /// // Shanghai (weight 25), Suzhou (5) and Hangzhou (6): the plan keeps the
    /// // existing sh-1 (Shanghai) open and opens hz-1 (Hangzhou); sz-1 stays closed.
    /// let view = PlanView::new(&problem, &plan)?.with_cost_unit("min");
    /// let (before, after) = before_after(&problem, &costs, &plan, None);
    /// let md = report_md_string(&Report::new(&view, &before, &after));
    /// assert!(md.contains("| Mean cost (min) |"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_cost_unit(mut self, unit: impl Into<String>) -> Self {
        self.cost_unit = unit.into();
        self
    }

    pub(super) fn refresh(&mut self) {
        for v in &mut self.demand {
            v.covered = match (v.cost, self.cutoff) {
                (Some(c), Some(cut)) => c <= cut,
                (Some(_), None) => true,
                (None, _) => false,
            };
        }
        for (s, v) in self.problem.sites().iter().zip(&mut self.sites) {
            v.load = s.capacity.map(|cap| {
                if cap > 0.0 {
                    v.served_weight / cap
                } else {
                    0.0
                }
            });
        }
    }

    /// Weight covered by the plan (within the cutoff).
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::prelude::*;
    /// # let problem = Problem::builder()
    /// #     .demand(DemandPoint::new("shanghai", 31.23, 121.47, 25.0))
    /// #     .demand(DemandPoint::new("suzhou", 31.30, 120.59, 5.0))
    /// #     .demand(DemandPoint::new("hangzhou", 30.27, 120.16, 6.0))
    /// #     .site(Site::new("sh-1", 31.22, 121.48).with_status(SiteStatus::Existing))
    /// #     .site(Site::new("sz-1", 31.31, 120.62))
    /// #     .site(Site::new("hz-1", 30.28, 120.15))
    /// #     .build()?;
    /// # let costs = Haversine.cost_matrix(&problem, Reach::all())?;
    /// # let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
    /// # let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
    /// // Shanghai (weight 25), Suzhou (5) and Hangzhou (6): the plan keeps the
    /// // existing sh-1 (Shanghai) open and opens hz-1 (Hangzhou); sz-1 stays closed.
    /// let view = PlanView::new(&problem, &plan)?.with_cutoff(Some(50.0));
    /// // Shanghai (25) and Hangzhou (6) are within 50 km of an open site, Suzhou (5) is not.
    /// assert_eq!(view.covered_weight(), 31.0);
    /// assert_eq!(problem.total_weight(), 36.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn covered_weight(&self) -> f64 {
        self.problem
            .demand()
            .iter()
            .zip(&self.demand)
            .filter(|(_, v)| v.covered)
            .map(|(d, _)| d.weight)
            .sum()
    }

    /// Number of sites with a role.
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::prelude::*;
    /// # let problem = Problem::builder()
    /// #     .demand(DemandPoint::new("shanghai", 31.23, 121.47, 25.0))
    /// #     .demand(DemandPoint::new("suzhou", 31.30, 120.59, 5.0))
    /// #     .demand(DemandPoint::new("hangzhou", 30.27, 120.16, 6.0))
    /// #     .site(Site::new("sh-1", 31.22, 121.48).with_status(SiteStatus::Existing))
    /// #     .site(Site::new("sz-1", 31.31, 120.62))
    /// #     .site(Site::new("hz-1", 30.28, 120.15))
    /// #     .build()?;
    /// # let costs = Haversine.cost_matrix(&problem, Reach::all())?;
    /// # let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
    /// # let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
    /// // Shanghai (weight 25), Suzhou (5) and Hangzhou (6): the plan keeps the
    /// // existing sh-1 (Shanghai) open and opens hz-1 (Hangzhou); sz-1 stays closed.
    /// use siteplan::io::SiteRole;
    /// let view = PlanView::new(&problem, &plan)?;
    /// assert_eq!(view.count(SiteRole::Existing), 1);
    /// assert_eq!(view.count(SiteRole::New), plan.new.len());
    /// assert_eq!(view.count(SiteRole::Candidate), 1); // sz-1
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn count(&self, role: SiteRole) -> usize {
        self.sites.iter().filter(|s| s.role == role).count()
    }

    /// The owned, drawing-only data of this view, with one line per
    /// assignment of the plan (and one per demand point sent to a site by
    /// [`PlanView::with_evaluation`]).
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::prelude::*;
    /// # let problem = Problem::builder()
    /// #     .demand(DemandPoint::new("shanghai", 31.23, 121.47, 25.0))
    /// #     .demand(DemandPoint::new("suzhou", 31.30, 120.59, 5.0))
    /// #     .demand(DemandPoint::new("hangzhou", 30.27, 120.16, 6.0))
    /// #     .site(Site::new("sh-1", 31.22, 121.48).with_status(SiteStatus::Existing))
    /// #     .site(Site::new("sz-1", 31.31, 120.62))
    /// #     .site(Site::new("hz-1", 30.28, 120.15))
    /// #     .build()?;
    /// # let costs = Haversine.cost_matrix(&problem, Reach::all())?;
    /// # let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
    /// # let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
    /// // Shanghai (weight 25), Suzhou (5) and Hangzhou (6): the plan keeps the
    /// // existing sh-1 (Shanghai) open and opens hz-1 (Hangzhou); sz-1 stays closed.
    /// use siteplan::io::SiteRole;
    /// let map = PlanView::new(&problem, &plan)?.map_data();
    /// assert_eq!((map.sites.len(), map.demand.len(), map.lines.len()), (3, 3, 3));
    /// assert_eq!(map.sites[2].id, "hz-1");
    /// assert_eq!(map.sites[2].role, SiteRole::New);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn map_data(&self) -> MapData {
        let p = self.problem;
        let sites = p
            .sites()
            .iter()
            .zip(&self.sites)
            .map(|(s, v)| MapSite {
                id: s.id.clone(),
                name: s.name.clone(),
                lon: s.lon,
                lat: s.lat,
                role: v.role,
            })
            .collect();
        let demand = p
            .demand()
            .iter()
            .zip(&self.demand)
            .map(|(d, v)| MapDemand {
                id: d.id.clone(),
                name: d.name.clone(),
                lon: d.lon,
                lat: d.lat,
                weight: d.weight,
                served: v.site.is_some(),
                covered: v.covered,
            })
            .collect();
        let lines = self
            .assignment_lines()
            .map(|l| MapLine {
                from: [p.demand()[l.demand].lon, p.demand()[l.demand].lat],
                to: [p.sites()[l.site].lon, p.sites()[l.site].lat],
            })
            .collect();
        MapData {
            title: self.title.clone(),
            sites,
            demand,
            lines,
        }
    }

    /// The plan as an SVG map ([`crate::io::svg_string`] of [`PlanView::map_data`]),
    /// e.g. to show inline in a notebook.
    ///
    /// ```
    /// use siteplan::{io::{PlanView, SvgOptions}, *};
    /// # let problem = Problem::builder().demand(DemandPoint::new("a", 31.2, 121.5, 10.0))
    /// #     .site(Site::new("s", 31.2, 121.4)).build()?;
    /// # let plan = Plan { model: ModelKind::PMedian, method: "x".into(), status: PlanStatus::Optimal,
    /// #     open: vec![0], new: vec![0], assignment: vec![], objective: 0.0, bound: None, gap: None,
    /// #     stats: SolveStats::default(), timeline: None };
    /// let svg = PlanView::new(&problem, &plan)?.with_title("Demo").svg_string(&SvgOptions::default());
    /// assert!(svg.contains("<title>Demo</title>"));
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn svg_string(&self, options: &crate::io::SvgOptions<'_>) -> String {
        crate::io::svg_string(&self.map_data(), options)
    }

    /// The plan as `plan.geojson` text ([`crate::io::plan_geojson_string`]).
    ///
    /// ```
    /// use siteplan::{io::{GeoJsonOptions, PlanView}, *};
    /// # let problem = Problem::builder().demand(DemandPoint::new("a", 31.2, 121.5, 10.0))
    /// #     .site(Site::new("s", 31.2, 121.4)).build()?;
    /// # let plan = Plan { model: ModelKind::PMedian, method: "x".into(), status: PlanStatus::Optimal,
    /// #     open: vec![0], new: vec![0], assignment: vec![], objective: 0.0, bound: None, gap: None,
    /// #     stats: SolveStats::default(), timeline: None };
    /// let json = PlanView::new(&problem, &plan)?.geojson_string(&GeoJsonOptions::default());
    /// assert!(json.starts_with(r#"{"type":"FeatureCollection""#));
    /// # Ok::<(), siteplan::Error>(())
    /// ```
    pub fn geojson_string(&self, options: &crate::io::GeoJsonOptions) -> String {
        crate::io::plan_geojson_string(self, options)
    }

    /// Every (demand → site) pair: the plan's assignment, then demand points
    /// it left out but the view sends to a site, in demand order.
    ///
    /// # Examples
    ///
    /// ```
    /// # use siteplan::prelude::*;
    /// # let problem = Problem::builder()
    /// #     .demand(DemandPoint::new("shanghai", 31.23, 121.47, 25.0))
    /// #     .demand(DemandPoint::new("suzhou", 31.30, 120.59, 5.0))
    /// #     .demand(DemandPoint::new("hangzhou", 30.27, 120.16, 6.0))
    /// #     .site(Site::new("sh-1", 31.22, 121.48).with_status(SiteStatus::Existing))
    /// #     .site(Site::new("sz-1", 31.31, 120.62))
    /// #     .site(Site::new("hz-1", 30.28, 120.15))
    /// #     .build()?;
    /// # let costs = Haversine.cost_matrix(&problem, Reach::all())?;
    /// # let spec = ModelSpec::new(ModelKind::PMedian).with_new_sites(1);
    /// # let plan = solve(&problem, &costs, &spec, &SolveParams::default())?;
    /// // Shanghai (weight 25), Suzhou (5) and Hangzhou (6): the plan keeps the
    /// // existing sh-1 (Shanghai) open and opens hz-1 (Hangzhou); sz-1 stays closed.
    /// let view = PlanView::new(&problem, &plan)?;
    /// let to: Vec<&str> = view.assignment_lines().map(|l| problem.sites()[l.site].id.as_str()).collect();
    /// assert_eq!(to, ["sh-1", "sh-1", "hz-1"]); // Shanghai, Suzhou, Hangzhou
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn assignment_lines(&self) -> impl Iterator<Item = LineView> + '_ {
        let mut in_plan = vec![false; self.demand.len()];
        for a in &self.plan.assignment {
            in_plan[a.demand] = true;
        }
        let from_plan = self.plan.assignment.iter().map(|a| LineView {
            demand: a.demand,
            site: a.site,
            cost: a.cost,
            share: a.share,
        });
        let extra = self
            .demand
            .iter()
            .enumerate()
            .filter(move |(d, _)| !in_plan[*d])
            .filter_map(|(d, v)| {
                Some(LineView {
                    demand: d,
                    site: v.site?,
                    cost: v.cost?,
                    share: 1.0,
                })
            });
        from_plan.chain(extra)
    }
}
