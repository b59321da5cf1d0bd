"""Ctrl-C during a long solve: KeyboardInterrupt at once, nothing written."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

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
    print("interrupted", flush=True)
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
    assert rest.strip() == "interrupted"
    assert waited < 5, f"took {waited:.1f} s to stop"
    assert not out.exists()
