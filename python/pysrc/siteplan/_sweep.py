"""``siteplan.sweep`` and ``siteplan.read_config``."""

from __future__ import annotations

import html
import json
import os
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import pandas as pd

from . import _siteplan
from ._progress import Bar, ProgressArg

#: Keys whose values are file names, relative to the config's folder.
PATH_KEYS = ("demand", "sites", "costs", "borders", "out")


def _resolve(value: Any, base: Path) -> Any:
    if isinstance(value, str):
        return str((base / value).resolve()) if not Path(value).is_absolute() else value
    if isinstance(value, list):
        return [_resolve(v, base) for v in value]
    return value


def read_config(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A plan or sweep TOML file (docs/CONFIG.md, data/scenarios/*.toml) as
    a dict, with its file names made absolute (they are relative to the
    file's folder). Pass it to ``sweep``, or read its ``demand`` and
    ``sites`` files into DataFrames for ``plan``."""
    p = Path(path)
    with open(p, "rb") as f:
        cfg = tomllib.load(f)
    base = p.resolve().parent
    for key in PATH_KEYS:
        if key in cfg:
            cfg[key] = _resolve(cfg[key], base)
    grid = cfg.get("grid")
    if isinstance(grid, dict):
        for key in PATH_KEYS:
            if key in grid and isinstance(grid[key], list):
                grid[key] = [_resolve(v, base) for v in grid[key]]
    return cfg


class Sweep:
    """A finished sweep: ``summary`` (one row per scenario, summary.csv)
    and ``robustness`` (how often each candidate is chosen,
    robustness.csv); the files, with ``report.html``, are in ``dir``."""

    def __init__(self, dir: Path, total: int, solved: int, failed: int) -> None:
        self.dir: Path = dir
        self.total: int = total
        self.solved: int = solved
        self.failed: int = failed
        self.summary: pd.DataFrame = pd.read_csv(dir / "summary.csv")
        self.robustness: pd.DataFrame = pd.read_csv(
            dir / "robustness.csv", dtype={"site_id": str, "name": str}
        )

    def __repr__(self) -> str:
        return f"<siteplan.Sweep {self.solved}/{self.total} scenarios solved in {self.dir}>"

    def _repr_html_(self) -> str:
        head = f"<p>{self.solved} of {self.total} scenarios solved; files in <code>{html.escape(str(self.dir))}</code></p>"
        return head + self.summary.to_html(max_rows=20) + self.robustness.head(10).to_html()


def sweep(
    config_or_dict: str | os.PathLike[str] | dict[str, Any],
    jobs: int | None = None,
    *,
    out: str | os.PathLike[str] | None = None,
    base_dir: str | os.PathLike[str] | None = None,
    write_plans: bool = False,
    progress: ProgressArg = None,
) -> Sweep:
    """Runs a scenario sweep (docs/CONFIG.md: the plan keys plus ``[grid]``)
    given as a TOML file or a dict, on ``jobs`` threads (default: every
    core), into ``out`` (default: a new temporary folder). Paths in a dict
    are relative to ``base_dir`` (default: the working folder). The
    files are those of ``siteplan sweep``."""
    if isinstance(config_or_dict, dict):
        table = config_or_dict
        base = Path(base_dir) if base_dir is not None else Path.cwd()
        name = Path("sweep")
    else:
        name = Path(config_or_dict)
        with open(name, "rb") as f:
            table = tomllib.load(f)
        base = Path(base_dir) if base_dir is not None else name.resolve().parent
    folder = Path(out) if out is not None else Path(tempfile.mkdtemp(prefix="siteplan-sweep-"))
    n = jobs if jobs is not None else (os.cpu_count() or 1)
    with Bar(progress, "siteplan sweep", None) as bar:
        total, solved, failed = _siteplan.sweep(
            json.dumps(table), str(base), str(name), str(folder), int(n), write_plans,
            bar.callback(),
        )
    return Sweep(folder, total, solved, failed)
