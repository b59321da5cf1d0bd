"""Ctrl-C during a long solve: KeyboardInterrupt at once, nothing written,
and the next solve in the same session runs as usual."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import siteplan

SCRIPT = """
import signal, sys, siteplan
# A shell that starts jobs in the background makes them ignore SIGINT, and
# Python then installs no handler: install it, as an interactive session has.
signal.signal(signal.SIGINT, signal.default_int_handler)
m = siteplan.generate(cities=400, towns=30000, candidates=3000, seed=1)
print("ready", flush=True)
try:
    p = siteplan.plan(m.demand, m.sites, model="p-median", new_sites=200, method="exact",
                      time_limit=120, progress=False)
    p.write(sys.argv[1])
    print("finished", flush=True)
except KeyboardInterrupt:
    small = siteplan.generate(cities=10, towns=100, candidates=20, seed=2)
    again = siteplan.plan(small.demand, small.sites, model="p-median", new_sites=2,
                          progress=False)
    print("interrupted", again.status, flush=True)
"""


def test_keyboard_interrupt_stops_the_solve(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, str(out)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    try:
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(1.5)  # inside the cost matrix or the solve
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        rest, _ = proc.communicate(timeout=30)
        waited = time.monotonic() - sent
    finally:
        proc.kill()
        proc.wait()
    assert rest.strip() == "interrupted optimal"
    assert waited < 5, f"took {waited:.1f} s to stop"
    assert not out.exists()


def test_a_sweep_reports_scenarios_done_out_of_all(tmp_path: Path) -> None:
    """The progress callback gets (seconds, done, total) with the sweep's
    scenario count; each scenario here runs its whole 0.5 s limit."""
    import json

    from siteplan import _siteplan

    m = siteplan.generate(cities=200, towns=20000, candidates=2000, seed=3)
    m.demand.to_csv(tmp_path / "demand.csv", index=False)
    m.sites.to_csv(tmp_path / "sites.csv", index=False)
    table = {"demand": "demand.csv", "sites": "sites.csv", "model": "p-median",
             "time_limit": 0.5, "gap": 0.0, "grid": {"new_sites": [150, 160, 170, 180]}}
    seen: list[tuple[float, int, int]] = []
    total, solved, failed = _siteplan.sweep(
        json.dumps(table), str(tmp_path), "sweep", str(tmp_path / "out"), 1, False,
        lambda s, d, t: seen.append((s, d, t)))
    assert (total, solved, failed) == (4, 4, 0)
    counted = [(d, t) for _, d, t in seen if t > 0]
    assert counted, f"no call counted scenarios: {seen[:5]}"
    assert all(t == 4 and 0 <= d <= 4 for d, t in counted)
    assert [d for d, _ in counted] == sorted(d for d, _ in counted)
