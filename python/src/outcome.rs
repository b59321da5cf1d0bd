//! A solved plan as Python sees it: headline numbers, the CLI's tables and
//! GeoJSON as text, an SVG map, and the plan folder written by
//! [`PlanFolder`].

use std::path::PathBuf;

use pyo3::prelude::*;
use siteplan::io::{tables, GeoJsonOptions, PlanView, SvgOptions};
use siteplan::output::summary::{summary, summary_json_string};
use siteplan::output::PlanFolder;
use siteplan::pipeline::PlanOutcome;

/// The outcome of `siteplan._siteplan.plan`.
#[pyclass(frozen, module = "siteplan._siteplan")]
pub struct PlanResult {
    outcome: PlanOutcome,
}

impl PlanResult {
    pub fn new(outcome: PlanOutcome) -> Self {
        PlanResult { outcome }
    }

    fn ids(&self, idx: &[usize]) -> Vec<String> {
        let sites = self.outcome.problem().sites();
        idx.iter().map(|&i| sites[i].id.clone()).collect()
    }

    fn view(&self, py: Python<'_>) -> PyResult<PlanView<'_>> {
        let o = &self.outcome;
        let view = PlanView::new(o.problem(), o.plan())
            .map_err(|e| crate::to_py(py, e))?
            .with_title(o.title())
            .with_cutoff(o.cutoff())
            .with_cost_unit(o.cost_unit())
            .with_evaluation(o.after());
        Ok(view)
    }
}

#[pymethods]
impl PlanResult {
    /// `optimal`, `feasible`, `infeasible` or `no-solution`.
    #[getter]
    fn status(&self) -> &'static str {
        self.outcome.plan().status.as_str()
    }

    /// The model's objective value.
    #[getter]
    fn objective(&self) -> f64 {
        self.outcome.plan().objective
    }

    /// The proven bound, if any.
    #[getter]
    fn bound(&self) -> Option<f64> {
        self.outcome.plan().bound
    }

    /// The relative gap between objective and bound, if known.
    #[getter]
    fn gap(&self) -> Option<f64> {
        self.outcome.plan().gap
    }

    /// The route that solved the plan.
    #[getter]
    fn method(&self) -> String {
        self.outcome.plan().method.clone()
    }

    /// The model's name.
    #[getter]
    fn model(&self) -> &'static str {
        self.outcome.plan().model.as_str()
    }

    /// The map and report title.
    #[getter]
    fn title(&self) -> String {
        self.outcome.title().to_owned()
    }

    /// The cutoff counted as covered.
    #[getter]
    fn cutoff(&self) -> Option<f64> {
        self.outcome.cutoff()
    }

    /// Ids of every open site, existing first.
    #[getter]
    fn open_sites(&self) -> Vec<String> {
        self.ids(&self.outcome.plan().open)
    }

    /// Ids of the sites the plan opens.
    #[getter]
    fn new_sites(&self) -> Vec<String> {
        self.ids(&self.outcome.plan().new)
    }

    /// (covered weight before, covered weight after, total weight).
    fn coverage(&self) -> (f64, f64, f64) {
        let (b, a) = (self.outcome.before(), self.outcome.after());
        (b.covered_weight, a.covered_weight, a.total_weight)
    }

    /// The text of `summary.json` (seconds null).
    fn summary_json(&self) -> String {
        let o = &self.outcome;
        summary_json_string(&summary(o.problem(), o.plan(), o.cutoff()))
    }

    /// The text of `sites.csv`.
    fn sites_csv(&self) -> String {
        tables::sites_csv_string(self.outcome.problem(), self.outcome.plan())
    }

    /// The text of `assignment.csv`.
    fn assignment_csv(&self) -> String {
        tables::assignment_csv_string(self.outcome.problem(), self.outcome.plan())
    }

    /// The text of `plan.geojson`.
    #[pyo3(signature = (lines=false))]
    fn geojson(&self, py: Python<'_>, lines: bool) -> PyResult<String> {
        Ok(self
            .view(py)?
            .geojson_string(&GeoJsonOptions::default().with_lines(lines)))
    }

    /// The SVG map of `plan.svg`.
    fn svg(&self, py: Python<'_>) -> PyResult<String> {
        let o = &self.outcome;
        let options = SvgOptions::default()
            .with_lines(o.lines())
            .with_borders(o.borders());
        Ok(self.view(py)?.svg_string(&options))
    }

    /// Writes the plan folder (the files of `siteplan plan --out DIR`);
    /// returns each file's path and what it holds.
    fn write(&self, py: Python<'_>, dir: PathBuf) -> PyResult<Vec<(PathBuf, &'static str)>> {
        py.allow_threads(|| PlanFolder::new(dir).write(&self.outcome))
            .map_err(|e| crate::to_py(py, e))
    }
}
