#!/usr/bin/env python3
"""The Python binding's overhead against the CLI on the same data.

Generates a market of 100,000 demand points and 5,000 candidate sites
(`siteplan.generate`, seed 1), writes it as CSV, then times

  cli      `siteplan plan` on the CSV files (whole process: read, cost
           matrix, solve, write the plan folder), best of RUNS;
  python   `siteplan.plan` on the DataFrames (columns to numpy, checks,
           cost matrix, solve), best of RUNS, and its parts: the
           DataFrame-to-columns step alone, `Plan.write`, and reading
           the CSVs with pandas (what a user does before `plan`).

The plans must be the same (new sites and objective). Usage:

  python bench/python_overhead.py [CLI] [MODEL] [RUNS]

(CLI default target/release/siteplan; MODEL default max-coverage with
100 new sites within 30 km, method heuristic, so that the
plan does not depend on the time limit; RUNS default 3.)
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

import siteplan
from siteplan import _frames

cli = Path(sys.argv[1] if len(sys.argv) > 1 else "target/release/siteplan").resolve()
model = sys.argv[2] if len(sys.argv) > 2 else "max-coverage"
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
tmp = Path(tempfile.mkdtemp())
m = siteplan.generate(cities=1000, towns=99000, candidates=5000, seed=1)
assert (len(m.demand), len(m.sites)) == (100_000, 5_000)
m.demand.to_csv(tmp / "demand.csv", index=False)
m.sites.to_csv(tmp / "sites.csv", index=False)
settings = {"model": model, "new_sites": 100, "cutoff_km": 30.0, "time_limit": 300.0,
            "method": "heuristic"}
flags = ["--model", model, "--new-sites", "100", "--cutoff", "30", "--time-limit", "300",
         "--method", "heuristic"]


def best(f):  # type: ignore[no-untyped-def]
    times, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out


cli_s, _ = best(lambda: subprocess.run(
    [cli, "plan", "--demand", tmp / "demand.csv", "--sites", tmp / "sites.csv", *flags,
     "--out", tmp / "cli", "--quiet"], check=True, cwd=tmp))
read_s, frames = best(lambda: (pd.read_csv(tmp / "demand.csv", dtype={"id": str}),
                               pd.read_csv(tmp / "sites.csv", dtype={"id": str})))
cols_s, _ = best(lambda: (_frames.demand_columns(m.demand), _frames.site_columns(m.sites)))
py_s, plan = best(lambda: siteplan.plan(m.demand, m.sites, progress=False, **settings))
write_s, _ = best(lambda: plan.write(tmp / "py"))
cli_summary = json.loads((tmp / "cli" / "summary.json").read_text())
assert plan.new_sites == cli_summary["new_sites"] and plan.objective == cli_summary["objective"]
print(json.dumps({
    "model": model, "demand": 100_000, "sites": 5_000, "runs": runs,
    "cli_plan_s": round(cli_s, 3),
    "python_plan_s": round(py_s, 3),
    "python_columns_s": round(cols_s, 3),
    "python_write_s": round(write_s, 3),
    "python_plan_plus_write_s": round(py_s + write_s, 3),
    "pandas_read_csv_s": round(read_s, 3),
    "status": plan.status, "method": plan.method,
}, indent=2))
