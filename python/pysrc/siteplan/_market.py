"""``siteplan.generate``: a synthetic market as DataFrames."""

from __future__ import annotations

import io
import json
from typing import Any

import pandas as pd


class Market:
    """A generated market: ``demand`` (cities and towns) and ``sites``
    (existing stores and candidate sites), with the CSV files' columns."""

    def __init__(self, demand: pd.DataFrame, sites: pd.DataFrame, params: dict[str, Any]) -> None:
        self.demand: pd.DataFrame = demand
        self.sites: pd.DataFrame = sites
        self.params: dict[str, Any] = params

    def __repr__(self) -> str:
        return f"<siteplan.Market {len(self.demand):,} demand points, {len(self.sites):,} sites>"


def generate(
    cities: int = 100,
    towns: int = 1000,
    existing: int = 0,
    candidates: int | None = None,
    seed: int = 0,
    region: str = "china",
    **params: Any,
) -> Market:
    """A synthetic market drawn from ``seed`` (the same seed, the same
    market; ``siteplan generate`` writes the same rows). ``region`` is
    ``china``, ``europe`` or a box ``"MINLON,MINLAT,MAXLON,MAXLAT"``;
    ``params`` are the other keys of docs/SYNTH.md (``largest``,
    ``zipf_exponent``, ``capacity``, …)."""
    from . import _siteplan

    keys: dict[str, Any] = {
        "cities": int(cities),
        "towns": int(towns),
        "existing": int(existing),
        "seed": int(seed),
        "region": region,
        **params,
    }
    if candidates is not None:
        keys["candidates"] = int(candidates)
    demand_csv, sites_csv = _siteplan.generate(json.dumps(keys))
    demand = pd.read_csv(io.StringIO(demand_csv), dtype={"id": str, "name": str})
    sites = pd.read_csv(io.StringIO(sites_csv), dtype={"id": str, "name": str, "status": str})
    return Market(demand, sites, keys)
