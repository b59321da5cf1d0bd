//! How the SVG map is drawn ([`SvgOptions`]).

use super::borders::*;

/// How the SVG map is drawn.
///
/// ```
/// let o = siteplan::io::SvgOptions::default();
/// assert_eq!(o.width, 900.0);
/// assert!(!o.lines && o.labels && o.borders.is_none());
/// ```
#[derive(Debug, Clone, Copy)]
pub struct SvgOptions<'a> {
    /// Width of the map area in px (the legend adds 230 px). Default 900.
    pub width: f64,
    /// Draw assignment lines (demand → site). Default `false`.
    pub lines: bool,
    /// Label new sites with their names (where labels do not collide). Default `true`.
    pub labels: bool,
    /// Country borders to draw, if any. Default `None`.
    pub borders: Option<&'a Borders>,
}

impl Default for SvgOptions<'_> {
    fn default() -> Self {
        SvgOptions {
            width: 900.0,
            lines: false,
            labels: true,
            borders: None,
        }
    }
}

impl<'a> SvgOptions<'a> {
    /// The same options with assignment lines on or off.
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
    /// let map = PlanView::new(&problem, &plan)?.map_data();
    /// let with_lines = svg_string(&map, &SvgOptions::default().with_lines(true));
    /// assert!(with_lines.contains(">Assignment</text>")); // legend entry for the lines
    /// assert!(!svg_string(&map, &SvgOptions::default()).contains(">Assignment</text>"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_lines(mut self, lines: bool) -> Self {
        self.lines = lines;
        self
    }

    /// The same options with borders.
    ///
    /// # Examples
    ///
    /// ```
    /// use siteplan::io::{svg_string, Borders, MapData, SvgOptions};
    /// let gj = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"iso_a2":"DE"},
    ///   "geometry":{"type":"Polygon","coordinates":[[[6,47],[15,47],[15,55],[6,47]]]}}]}"#;
    /// let borders = Borders::parse(gj.as_bytes(), "borders.geojson")?;
    /// let options = SvgOptions::default().with_borders(Some(&borders));
    /// assert!(options.borders.is_some_and(|b| b.len() == 1));
    /// let svg = svg_string(&MapData::default(), &options);
    /// assert!(svg.contains("Borders: Natural Earth.")); // credit line under the map
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_borders(mut self, borders: Option<&'a Borders>) -> Self {
        self.borders = borders;
        self
    }
}
