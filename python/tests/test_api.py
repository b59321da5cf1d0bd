"""The Python API: plans, tables, files, determinism, sweeps."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import siteplan


def test_generate_is_seeded(market: siteplan.Market) -> None:
    again = siteplan.generate(cities=20, towns=200, existing=3, candidates=40, seed=7, region="europe")
    pd.testing.assert_frame_equal(market.demand, again.demand)
    pd.testing.assert_frame_equal(market.sites, again.sites)
    assert len(market.demand) == 220
    assert (market.sites["status"] == "existing").sum() == 3
    other = siteplan.generate(cities=20, towns=200, existing=3, candidates=40, seed=8, region="europe")
    assert not market.demand.equals(other.demand)


def test_plan_p_median(market: siteplan.Market) -> None:
    p = siteplan.plan(market.demand, market.sites, model="p-median", new_sites=5, progress=False)
    assert p.status == "optimal"
    assert len(p.new_sites) == 5
    assert set(p.new_sites) <= set(p.open_sites)
    assert p.bound is not None and p.objective >= p.bound - 1e-6 * abs(p.bound)
    assert list(p.sites.columns[:5]) == ["id", "name", "status", "opened", "new"]
    assert list(p.assignment.columns) == ["demand_id", "site_id", "share", "cost"]
    assert set(p.assignment["site_id"]) <= set(p.open_sites)
    assert p.summary["objective"] == p.objective
    assert p.summary["new_sites"] == p.new_sites


def test_max_coverage_beats_existing(market: siteplan.Market) -> None:
    p = siteplan.plan(market.demand, market.sites, model="max-coverage", new_sites=4, cutoff_km=40,
                      progress=False)
    before, after, total = p.coverage()
    assert after > before and total == pytest.approx(market.demand["weight"].sum())
    assert p.objective == pytest.approx(after)


def test_model_options_reach_the_model(market: siteplan.Market) -> None:
    p = siteplan.plan(market.demand, market.sites, model="set-cover", cutoff_km=60, min_coverage=80,
                      progress=False)
    before, after, total = p.coverage()
    assert after >= 0.8 * total


def test_same_inputs_same_files(market: siteplan.Market, tmp_path: Path) -> None:
    for run in ("a", "b"):
        p = siteplan.plan(market.demand, market.sites, model="p-median", new_sites=5, seed=3,
                          progress=False)
        p.write(tmp_path / run)
    names = sorted(f.name for f in (tmp_path / "a").iterdir())
    assert names == ["assignment.csv", "demand.geojson", "plan.geojson", "plan.svg", "report.html",
                     "report.md", "sites.csv", "sites.geojson", "summary.json"]
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_geojson_and_geodataframe(market: siteplan.Market) -> None:
    p = siteplan.plan(market.demand, market.sites, model="p-median", new_sites=3, progress=False)
    doc = json.loads(p.to_geojson())
    assert doc["type"] == "FeatureCollection"
    gpd = pytest.importorskip("geopandas")
    gdf = p.to_geodataframe()
    assert isinstance(gdf, gpd.GeoDataFrame)
    assert gdf.crs.to_epsg() == 4326
    assert len(gdf) == len(doc["features"])


def test_repr_html_has_summary_and_map(market: siteplan.Market) -> None:
    p = siteplan.plan(market.demand, market.sites, model="p-median", new_sites=3, progress=False)
    page = p._repr_html_()
    assert "<svg" in page and "optimal" in page and "new sites" in page


def test_od_costs_frame(market: siteplan.Market) -> None:
    d, s = market.demand.head(30), market.sites
    pairs = [(di, si, float(abs(hash((di, si))) % 1000)) for di in d["id"] for si in s["id"][:10]]
    costs = pd.DataFrame(pairs, columns=["demand_id", "site_id", "cost"])
    p = siteplan.plan(d, s, model="p-median", new_sites=2, costs=costs, progress=False)
    chosen = p.assignment.merge(costs, on=["demand_id", "site_id"], suffixes=("", "_od"))
    assert len(chosen) == len(p.assignment)
    assert (chosen["cost"] == chosen["cost_od"]).all()


def test_sweep_dict_and_file_agree(market: siteplan.Market, tmp_path: Path, cli: Path) -> None:
    import subprocess

    market.demand.to_csv(tmp_path / "demand.csv", index=False)
    market.sites.to_csv(tmp_path / "sites.csv", index=False)
    (tmp_path / "sweep.toml").write_text(
        'demand = "demand.csv"\nsites = "sites.csv"\nmodel = "max-coverage"\ncutoff = 40\n'
        "[grid]\nnew_sites = [1, 3]\ncutoff = [30, 50]\n"
    )
    from_file = siteplan.sweep(tmp_path / "sweep.toml", jobs=2, out=tmp_path / "py", progress=False)
    assert (from_file.total, from_file.solved, from_file.failed) == (4, 4, 0)
    assert len(from_file.summary) == 4
    assert {"site_id", "chosen"} <= set(from_file.robustness.columns)
    cfg = siteplan.read_config(tmp_path / "sweep.toml")
    from_dict = siteplan.sweep(cfg, jobs=1, progress=False)
    pd.testing.assert_frame_equal(from_file.summary, from_dict.summary)
    subprocess.run([cli, "sweep", "--quiet", "--config", tmp_path / "sweep.toml", "--out",
                    tmp_path / "cli"], check=True)
    for name in ("summary.csv", "robustness.csv"):
        assert (tmp_path / "cli" / name).read_bytes() == (tmp_path / "py" / name).read_bytes(), name
