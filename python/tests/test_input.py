"""Bad input becomes ValueError naming the row and column; GeoDataFrames
are read in any CRS or refused clearly."""

from __future__ import annotations

import pandas as pd
import pytest

import siteplan


def plan(demand: pd.DataFrame, sites: pd.DataFrame, **kw: object) -> siteplan.Plan:
    kw.setdefault("new_sites", 3)
    return siteplan.plan(demand, sites, progress=False, **kw)  # type: ignore[arg-type]


def test_bad_coordinates_name_row_and_column(market: siteplan.Market) -> None:
    d = market.demand.copy()
    d.loc[3, "lat"] = 95.0
    with pytest.raises(ValueError, match=r'demand row 3 \(id "c0004"\), column "lat": 95 is outside'):
        plan(d, market.sites)


def test_text_in_number_column(market: siteplan.Market) -> None:
    d = market.demand.copy().astype({"weight": object})
    d.loc[7, "weight"] = "many"
    with pytest.raises(ValueError, match=r"demand row 7, column 'weight': 'many' is not a number"):
        plan(d, market.sites)


def test_negative_capacity_and_bad_status(market: siteplan.Market) -> None:
    s = market.sites.copy()
    s.loc[2, "capacity"] = -5.0
    s.loc[4, "status"] = "closed"
    with pytest.raises(ValueError) as e:
        plan(market.demand, s)
    assert 'sites row 2 (id "s0003"), column "capacity": -5 is negative' in str(e.value)
    assert 'sites row 4 (id "s0005"), column "status"' in str(e.value)


def test_duplicate_and_missing(market: siteplan.Market) -> None:
    s = market.sites.copy()
    s.loc[5, "id"] = s.loc[1, "id"]
    with pytest.raises(ValueError, match=r"sites row 5 .*duplicate id \(first on row 1\)"):
        plan(market.demand, s)
    with pytest.raises(ValueError, match=r"demand: missing column 'weight'|missing column \"weight\""):
        plan(market.demand.drop(columns="weight"), market.sites)


def test_aliases_and_case(market: siteplan.Market) -> None:
    d = market.demand.rename(columns={"lat": "Latitude", "lon": "LNG", "weight": "Weight"})
    a = plan(d, market.sites)
    b = plan(market.demand, market.sites)
    assert a.new_sites == b.new_sites


def test_unknown_option_and_infeasible(market: siteplan.Market) -> None:
    with pytest.raises(ValueError, match="unknown field `colour`"):
        plan(market.demand, market.sites, colour="red")
    with pytest.raises(siteplan.Infeasible) as e:
        plan(market.demand, market.sites, new_sites=500)
    assert "500 new sites" in e.value.reason
    assert isinstance(e.value, siteplan.SiteplanError)


def test_geodataframe_any_crs(market: siteplan.Market) -> None:
    gpd = pytest.importorskip("geopandas")
    plain = plan(market.demand, market.sites)

    def geo(frame: pd.DataFrame, crs: str) -> "gpd.GeoDataFrame":
        g = gpd.GeoDataFrame(
            frame.drop(columns=["lat", "lon"]),
            geometry=gpd.points_from_xy(frame["lon"], frame["lat"]),
            crs="EPSG:4326",
        )
        return g.to_crs(crs)

    for crs in ("EPSG:4326", "EPSG:3857", "EPSG:3035"):
        p = plan(geo(market.demand, crs), geo(market.sites, crs))
        assert p.new_sites == plain.new_sites, crs
        assert p.objective == pytest.approx(plain.objective, rel=1e-9), crs


def test_geodataframe_without_crs_or_points(market: siteplan.Market) -> None:
    gpd = pytest.importorskip("geopandas")
    shapely = pytest.importorskip("shapely")
    g = gpd.GeoDataFrame(market.demand.drop(columns=["lat", "lon"]),
                         geometry=gpd.points_from_xy(market.demand["lon"], market.demand["lat"]))
    with pytest.raises(ValueError, match="has no CRS"):
        plan(g, market.sites)
    g = g.set_crs("EPSG:4326")
    g.loc[2, "geometry"] = shapely.geometry.box(0, 40, 1, 41)
    with pytest.raises(ValueError, match="demand row 2, column 'geometry': Polygon is not a point"):
        plan(g, market.sites)
