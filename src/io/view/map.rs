//! What a map draws ([`MapData`]): owned points and lines.

use super::roles::*;

/// What a map draws: owned points and lines, from a [`PlanView`](super::PlanView) or read
/// back from a `plan.geojson` file ([`crate::io::read_plan_geojson`]).
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
/// use siteplan::io::{parse_plan_geojson, MapData};
/// let view = PlanView::new(&problem, &plan)?;
/// let drawn: MapData = view.map_data();
/// let json = view.geojson_string(&GeoJsonOptions::default());
/// let read = parse_plan_geojson(json.as_bytes(), "plan.geojson")?;
/// // The file gives back what the view draws (all but the title).
/// assert_eq!((read.sites, read.demand, read.lines), (drawn.sites, drawn.demand, drawn.lines));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MapData {
    /// Scenario title.
    pub title: String,
    /// Every site.
    pub sites: Vec<MapSite>,
    /// Every demand point.
    pub demand: Vec<MapDemand>,
    /// Assignment lines (demand → site).
    pub lines: Vec<MapLine>,
}

/// A site on a map.
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
/// let new: Vec<&str> = map.sites.iter().filter(|s| s.role == SiteRole::New).map(|s| s.id.as_str()).collect();
/// assert_eq!(new, ["hz-1"]);
/// assert_eq!((map.sites[2].lon, map.sites[2].lat), (120.15, 30.28));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MapSite {
    /// Identifier.
    pub id: String,
    /// Display name, if any.
    pub name: Option<String>,
    /// Longitude in degrees.
    pub lon: f64,
    /// Latitude in degrees.
    pub lat: f64,
    /// Role in the plan.
    pub role: SiteRole,
}

/// A demand point on a map.
///
/// # Examples
///
/// ```
/// use siteplan::io::{svg_string, MapData, MapDemand, SvgOptions};
/// let town = MapDemand { id: "ks".into(), name: Some("Kunshan".into()), lon: 120.98, lat: 31.38,
///     weight: 1.7, served: false, covered: false };
/// let svg = svg_string(&MapData { demand: vec![town], ..Default::default() }, &SvgOptions::default());
/// assert!(svg.contains("<title>Kunshan: 1.7</title>")); // its circle's tooltip
/// assert!(svg.contains("Not served (1)")); // legend
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MapDemand {
    /// Identifier.
    pub id: String,
    /// Display name, if any.
    pub name: Option<String>,
    /// Longitude in degrees.
    pub lon: f64,
    /// Latitude in degrees.
    pub lat: f64,
    /// Demand weight.
    pub weight: f64,
    /// True when some site serves it.
    pub served: bool,
    /// True when it is served within the cutoff.
    pub covered: bool,
}

/// An assignment line on a map, `[lon, lat]` at both ends.
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
/// use siteplan::io::MapLine;
/// let map = PlanView::new(&problem, &plan)?.map_data();
/// // Hangzhou to hz-1.
/// assert_eq!(map.lines[2], MapLine { from: [120.16, 30.27], to: [120.15, 30.28] });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapLine {
    /// The demand point's `[lon, lat]`.
    pub from: [f64; 2],
    /// The site's `[lon, lat]`.
    pub to: [f64; 2],
}
