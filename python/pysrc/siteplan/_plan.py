"""``siteplan.plan``: one location plan on DataFrames, and its result."""

from __future__ import annotations

import html
import io
import json
import os
from pathlib import Path
from typing import Any

import pandas as pd

from . import _frames
from . import _siteplan
from ._errors import Infeasible
from ._progress import Bar, ProgressArg

#: Settings ``plan`` takes as keyword arguments of its own; the other plan
#: keys of docs/CONFIG.md go through ``**model_options``.
_NOT_OPTIONS = {"demand", "sites", "costs", "out", "borders", "title"}


class Plan:
    """A solved plan: headline numbers, tables and maps.

    ``sites`` and ``assignment`` hold the columns of the CLI's
    ``sites.csv`` and ``assignment.csv`` (docs/OUTPUTS.md); ``summary`` the
    keys of ``summary.json``; ``write(dir)`` writes the same folder as
    ``siteplan plan --out DIR``.
    """

    def __init__(self, result: _siteplan.PlanResult) -> None:
        self._r = result
        self._sites: pd.DataFrame | None = None
        self._assignment: pd.DataFrame | None = None

    @property
    def status(self) -> str:
        """``optimal``, ``feasible`` (time limit or heuristic) or ``no-solution``."""
        return self._r.status

    @property
    def objective(self) -> float:
        """The model's objective (covered weight, weighted distance, …)."""
        return self._r.objective

    @property
    def bound(self) -> float | None:
        """The proven bound on the objective, if any."""
        return self._r.bound

    @property
    def gap(self) -> float | None:
        """Relative gap between objective and bound, if known."""
        return self._r.gap

    @property
    def method(self) -> str:
        """The route that solved the plan, e.g. ``exact (microlp)``."""
        return self._r.method

    @property
    def model(self) -> str:
        """The model, e.g. ``max-coverage``."""
        return self._r.model

    @property
    def open_sites(self) -> list[str]:
        """Ids of every open site (existing ones first)."""
        return self._r.open_sites

    @property
    def new_sites(self) -> list[str]:
        """Ids of the sites the plan opens."""
        return self._r.new_sites

    @property
    def summary(self) -> dict[str, Any]:
        """The keys of ``summary.json`` (``seconds`` is null)."""
        out: dict[str, Any] = json.loads(self._r.summary_json())
        return out

    @property
    def sites(self) -> pd.DataFrame:
        """Every site and its part in the plan (``sites.csv``)."""
        if self._sites is None:
            self._sites = pd.read_csv(io.StringIO(self._r.sites_csv()), dtype={"id": str, "name": str})
        return self._sites.copy()

    @property
    def assignment(self) -> pd.DataFrame:
        """Who is served by whom (``assignment.csv``)."""
        if self._assignment is None:
            self._assignment = pd.read_csv(
                io.StringIO(self._r.assignment_csv()), dtype={"demand_id": str, "site_id": str}
            )
        return self._assignment.copy()

    def coverage(self) -> tuple[float, float, float]:
        """(weight covered before, weight covered after, total weight)."""
        return self._r.coverage()

    def to_geojson(self, lines: bool = False) -> str:
        """The text of ``plan.geojson`` (sites and demand points; with
        ``lines``, one assignment line per demand point)."""
        return self._r.geojson(lines)

    def to_geodataframe(self, lines: bool = False) -> Any:
        """The GeoJSON's features as a GeoDataFrame in EPSG:4326 (needs
        geopandas)."""
        try:
            import geopandas
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise ImportError("to_geodataframe needs geopandas: pip install geopandas") from e
        features = json.loads(self.to_geojson(lines))["features"]
        return geopandas.GeoDataFrame.from_features(features, crs="EPSG:4326")

    def to_svg(self) -> str:
        """The map of ``plan.svg``."""
        return self._r.svg()

    def write(self, dir: str | os.PathLike[str]) -> list[Path]:
        """Writes the plan folder, as ``siteplan plan --out DIR`` does
        (summary.json, sites.csv, assignment.csv, plan.geojson, plan.svg,
        report.html, report.md); returns the paths written."""
        return [Path(p) for p, _ in self._r.write(Path(dir))]

    def __repr__(self) -> str:
        return (
            f"<siteplan.Plan {self.model} {self.status}: objective {self.objective:,.6g}, "
            f"{len(self.new_sites)} new of {len(self.open_sites)} open sites>"
        )

    def _repr_html_(self) -> str:
        before, after, total = self.coverage()

        def pct(w: float) -> str:
            return f"{100 * w / total:.1f} %" if total > 0 else "–"

        rows = [
            ("model", self.model),
            ("status", self.status),
            ("method", self.method),
            ("objective", f"{self.objective:,.6g}"),
            ("bound", "–" if self.bound is None else f"{self.bound:,.6g}"),
            ("gap", "–" if self.gap is None else f"{self.gap:.2%}"),
            ("open sites", f"{len(self.open_sites):,}"),
            ("new sites", f"{len(self.new_sites):,}"),
            ("covered before → after", f"{pct(before)} → {pct(after)}"),
        ]
        table = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
            for k, v in rows
        )
        return (
            "<div class='siteplan-plan'>"
            f"<h4>{html.escape(self._r.title)}</h4>"
            f"<table>{table}</table>"
            f"<div style='max-width:720px'>{self.to_svg()}</div></div>"
        )


def plan(
    demand: pd.DataFrame,
    sites: pd.DataFrame,
    model: str = "p-median",
    new_sites: int | None = None,
    cutoff_km: float | None = None,
    costs: pd.DataFrame | None = None,
    time_limit: float = 60.0,
    gap: float = 1e-4,
    method: str = "auto",
    *,
    title: str | None = None,
    borders: str | os.PathLike[str] | None = None,
    progress: ProgressArg = None,
    **model_options: Any,
) -> Plan:
    """Solves one location plan.

    ``demand`` and ``sites`` are DataFrames with the columns of the CSV
    files (docs/INPUTS.md: ``id, lat, lon, weight`` and ``id, lat, lon``
    with optional ``status``, ``fixed_cost``, ``capacity``, …), or
    GeoDataFrames whose point geometry gives the coordinates (reprojected
    to EPSG:4326 from the frame's CRS). ``costs`` is an optional OD table
    (``demand_id, site_id, cost``); with it, ``cutoff_km`` is in the
    table's unit. ``model_options`` are the other plan keys of
    docs/CONFIG.md (``budget``, ``min_coverage``, ``capacities``,
    ``decay``, ``k_nearest``, ``seed``, ``threads``, ``lines``, …).

    The solve runs with the GIL released; Ctrl-C (or Jupyter's interrupt)
    raises ``KeyboardInterrupt`` within a tenth of a second and nothing is
    returned. ``progress``: ``None`` shows a tqdm bar when tqdm is
    installed and the solve lasts over half a second; ``False`` never.

    Raises ``ValueError`` for bad input (naming the row and column) or
    settings, and ``siteplan.Infeasible`` when no plan is possible.
    """
    bad = _NOT_OPTIONS & model_options.keys()
    if bad:
        raise ValueError(f"plan() does not take {sorted(bad)} as model options")
    options: dict[str, Any] = {
        "model": model,
        "time_limit": float(time_limit),
        "gap": float(gap),
        "method": method,
        **model_options,
    }
    if new_sites is not None:
        options["new_sites"] = int(new_sites)
    if cutoff_km is not None:
        options["cutoff"] = float(cutoff_km)
    if title is not None:
        options["title"] = title
    d = _frames.demand_columns(demand)
    s = _frames.site_columns(sites)
    c = None if costs is None else _frames.cost_columns(costs)
    text = json.dumps(options)
    border_path = None if borders is None else str(Path(borders))
    with Bar(progress, f"siteplan {model}", float(time_limit)) as bar:
        result = _siteplan.plan(d, s, c, text, border_path, bar.callback())
    if result.status == "infeasible":
        raise Infeasible(f"no plan satisfies the constraints ({result.method})")
    return Plan(result)
