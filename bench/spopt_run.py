#!/usr/bin/env python3
"""The spopt side of bench/compare.sh.

Reads the demand and sites CSVs written by `siteplan generate`, builds the
full great-circle distance matrix (haversine, R = 6371.0088 km, the same
formula siteplan uses), and either

  costs  writes that matrix as an OD cost CSV (demand_id,site_id,cost) so
         that `siteplan plan --costs` solves on exactly the same numbers, or
  solve  solves the p-median with spopt's PMedian through PuLP + CBC and
         prints one JSON line: times, objective, status, chosen sites.

Usage:
  spopt_run.py costs DEMAND.csv SITES.csv OUT.csv
  spopt_run.py solve DEMAND.csv SITES.csv P TIME_LIMIT_S
"""

import json
import os
import sys
import time

import numpy as np
import pandas as pd

EARTH_RADIUS_KM = 6371.0088


def read(demand_csv, sites_csv):
    demand = pd.read_csv(demand_csv, dtype={"id": str})
    sites = pd.read_csv(sites_csv, dtype={"id": str})
    return demand, sites


def haversine_matrix(demand, sites):
    """Great-circle km between every demand point (rows) and site (columns)."""
    lat1 = np.radians(demand["lat"].to_numpy())[:, None]
    lon1 = np.radians(demand["lon"].to_numpy())[:, None]
    lat2 = np.radians(sites["lat"].to_numpy())[None, :]
    lon2 = np.radians(sites["lon"].to_numpy())[None, :]
    a = (
        np.sin((lat2 - lat1) / 2.0) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2.0) ** 2
    )
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def write_costs(demand, sites, matrix, out_csv):
    n, m = matrix.shape
    frame = pd.DataFrame(
        {
            "demand_id": np.repeat(demand["id"].to_numpy(), m),
            "site_id": np.tile(sites["id"].to_numpy(), n),
            "cost": matrix.ravel(),
        }
    )
    # 17 significant digits: the file holds the matrix's doubles exactly.
    frame.to_csv(out_csv, index=False, float_format="%.17g")


def solve(demand, sites, matrix, p, time_limit):
    import pulp
    from spopt.locate import PMedian

    weights = demand["weight"].to_numpy(dtype=float)
    t0 = time.perf_counter()
    model = PMedian.from_cost_matrix(matrix, weights, p_facilities=p, name="p-median")
    t1 = time.perf_counter()
    threads = int(os.environ.get("SPOPT_THREADS", "1"))
    solver = pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit, threads=threads)
    model = model.solve(solver, results=False)
    t2 = time.perf_counter()
    problem = model.problem
    objective = pulp.value(problem.objective)
    chosen = [
        sites["id"].iloc[j]
        for j, var in enumerate(model.fac_vars)
        if var.varValue is not None and var.varValue > 0.5
    ]
    # Recompute the objective from the chosen sites (each point to its
    # nearest chosen site), as siteplan's evaluate does.
    if chosen:
        cols = [j for j, var in enumerate(model.fac_vars) if var.varValue and var.varValue > 0.5]
        recomputed = float((weights * matrix[:, cols].min(axis=1)).sum())
    else:
        recomputed = None
    return {
        "build_s": t1 - t0,
        "solve_s": t2 - t1,
        "status": pulp.LpStatus[problem.status],
        "sol_status": pulp.LpSolution.get(problem.sol_status, str(problem.sol_status)),
        "objective": objective,
        "objective_recomputed": recomputed,
        "chosen": chosen,
    }


def main():
    mode = sys.argv[1]
    t0 = time.perf_counter()
    demand, sites = read(sys.argv[2], sys.argv[3])
    matrix = haversine_matrix(demand, sites)
    t_matrix = time.perf_counter() - t0
    if mode == "costs":
        write_costs(demand, sites, matrix, sys.argv[4])
        print(json.dumps({"pairs": int(matrix.size), "matrix_s": t_matrix}))
    elif mode == "solve":
        result = solve(demand, sites, matrix, int(sys.argv[4]), float(sys.argv[5]))
        result["matrix_s"] = t_matrix
        result["total_s"] = time.perf_counter() - t0
        print(json.dumps(result))
    else:
        sys.exit(f"unknown mode {mode!r}; expected costs or solve")


if __name__ == "__main__":
    main()
