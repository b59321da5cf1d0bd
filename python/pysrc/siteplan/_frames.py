"""DataFrames (and GeoDataFrames) to the columns the native module reads.

Numbers go over as float64 numpy arrays (no per-row Python loop); text as
lists. Column names are matched as in the CSV files: ignoring case and
surrounding spaces, with ``latitude`` for ``lat``, ``longitude``/``lng``
for ``lon`` and ``admin1`` for ``region``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

ALIASES = {"latitude": "lat", "longitude": "lon", "lng": "lon", "admin1": "region"}

DEMAND_NUMBERS = ("lat", "lon", "weight", "outside")
DEMAND_TEXTS = ("id", "name", "country", "region")
SITE_NUMBERS = ("lat", "lon", "fixed_cost", "capacity", "attractiveness")
SITE_TEXTS = ("id", "status", "name", "country", "region", "city")
COST_NUMBERS = ("cost",)
COST_TEXTS = ("demand_id", "site_id")


def _names(frame: pd.DataFrame, what: str) -> dict[str, Any]:
    """Maps each known column name to the frame's column label."""
    found: dict[str, Any] = {}
    for label in frame.columns:
        key = str(label).strip().lower()
        if key in found:
            raise ValueError(f"{what}: column {key!r} is named twice")
        found[key] = label
    for alias, short in ALIASES.items():
        if alias in found and short not in found:
            found[short] = found.pop(alias)
    return found


def _is_geo(frame: pd.DataFrame) -> bool:
    return hasattr(frame, "geometry") and type(frame).__name__ == "GeoDataFrame"


def _lon_lat(frame: pd.DataFrame, what: str) -> tuple[np.ndarray, np.ndarray]:
    """Longitude and latitude of a GeoDataFrame's point geometry, in
    EPSG:4326 (reprojected from the frame's CRS; a frame without a CRS is
    refused)."""
    geom = frame.geometry
    if geom.crs is None:
        raise ValueError(
            f"{what}: the GeoDataFrame has no CRS, so its coordinates cannot be read "
            "as longitude/latitude; set one first (gdf.set_crs('EPSG:4326') or the "
            "projection the coordinates are in)"
        )
    if geom.crs.to_epsg() != 4326:
        geom = geom.to_crs(4326)
    kinds = geom.geom_type.to_numpy()
    bad = np.flatnonzero((kinds != "Point") | geom.isna().to_numpy())
    if bad.size:
        row = int(bad[0])
        raise ValueError(
            f"{what} row {row}, column 'geometry': {kinds[row]!s} is not a point "
            f"({bad.size} rows without point geometry)"
        )
    return geom.x.to_numpy(dtype=np.float64), geom.y.to_numpy(dtype=np.float64)


def _numbers(series: pd.Series, what: str, name: str) -> np.ndarray:
    """A column as float64; a cell that is not a number is a ValueError
    naming its row."""
    if pd.api.types.is_bool_dtype(series.dtype):
        return series.to_numpy(dtype=np.float64)
    if pd.api.types.is_numeric_dtype(series.dtype):
        return series.to_numpy(dtype=np.float64, na_value=np.nan)
    parsed = pd.to_numeric(series, errors="coerce")
    bad = np.flatnonzero(parsed.isna().to_numpy() & series.notna().to_numpy())
    blank = series.astype(str).str.strip().to_numpy()[bad] == ""
    bad = bad[~blank]
    if bad.size:
        row = int(bad[0])
        raise ValueError(
            f"{what} row {row}, column {name!r}: {series.iloc[row]!r} is not a number"
        )
    return parsed.to_numpy(dtype=np.float64, na_value=np.nan)


def _texts(series: pd.Series) -> list[str | None]:
    values = series.astype(str).to_numpy(dtype=object)
    values[series.isna().to_numpy()] = None
    out: list[str | None] = values.tolist()
    return out


def columns(
    frame: pd.DataFrame, what: str, numbers: tuple[str, ...], texts: tuple[str, ...]
) -> dict[str, Any]:
    """The known columns of ``frame``: numbers as float64 arrays, text as
    lists (``None`` where missing)."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{what}: expected a pandas DataFrame, got {type(frame).__name__}")
    names = _names(frame, what)
    out: dict[str, Any] = {}
    if _is_geo(frame) and "lat" in numbers:
        lon, lat = _lon_lat(frame, what)
        out["lon"], out["lat"] = lon, lat
    for name in numbers:
        if name in names and name not in out:
            out[name] = _numbers(frame[names[name]], what, name)
    for name in texts:
        if name in names:
            out[name] = _texts(frame[names[name]])
    return out


def demand_columns(frame: pd.DataFrame) -> dict[str, Any]:
    """The demand frame's columns (``id, lat, lon, weight`` and optional ones)."""
    return columns(frame, "demand", DEMAND_NUMBERS, DEMAND_TEXTS)


def site_columns(frame: pd.DataFrame) -> dict[str, Any]:
    """The sites frame's columns (``id, lat, lon`` and optional ones)."""
    return columns(frame, "sites", SITE_NUMBERS, SITE_TEXTS)


def cost_columns(frame: pd.DataFrame) -> dict[str, Any]:
    """The OD costs frame's columns (``demand_id, site_id, cost``)."""
    return columns(frame, "costs", COST_NUMBERS, COST_TEXTS)
