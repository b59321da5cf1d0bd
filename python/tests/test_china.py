"""Round trip against the CLI on the shipped China scenario: the same plan,
the same summary numbers, the same files."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pandas as pd

import siteplan


def china_without_curve(repo: Path, tmp: Path) -> Path:
    """data/scenarios/china.toml with its paths made absolute and without
    the 61-solve curve and the output folder (to keep the test short)."""
    data = repo / "data"
    text = (data / "scenarios" / "china.toml").read_text()
    lines = [ln for ln in text.splitlines() if not ln.startswith(("curve =", "out ="))]
    out = tmp / "china.toml"
    out.write_text("\n".join(lines).replace('"../', f'"{data}/') + "\n")
    return out


def test_china_matches_cli(repo: Path, cli: Path, tmp_path: Path) -> None:
    config = china_without_curve(repo, tmp_path)
    subprocess.run([cli, "plan", "--config", config, "--out", tmp_path / "cli"], cwd=tmp_path,
                   check=True, capture_output=True)
    cfg = siteplan.read_config(config)
    demand = pd.read_csv(cfg["demand"], dtype={"id": str})
    sites = pd.concat([pd.read_csv(f, dtype={"id": str}) for f in cfg["sites"]], ignore_index=True)
    p = siteplan.plan(demand, sites, model=cfg["model"], new_sites=cfg["new_sites"],
                      cutoff_km=cfg["cutoff"], method=cfg["method"], time_limit=cfg["time_limit"],
                      title=cfg["title"], demand_label=cfg["demand_label"], progress=False)
    written = p.write(tmp_path / "py")
    cli_files = sorted(f.name for f in (tmp_path / "cli").iterdir())
    assert sorted(f.name for f in written) == cli_files
    for name in cli_files:
        assert (tmp_path / "py" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    import json

    summary = json.loads((tmp_path / "cli" / "summary.json").read_text())
    assert p.summary == summary
    assert (p.status, p.objective, p.new_sites) == (summary["status"], summary["objective"],
                                                    summary["new_sites"])
    assert len(p.new_sites) == 40
    before, after, total = p.coverage()
    assert round(100 * after / total, 1) == 81.6
