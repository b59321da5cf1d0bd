"""siteplan: plans retail store networks on pandas DataFrames.

>>> import siteplan
>>> market = siteplan.generate(cities=5, towns=40, existing=1, candidates=10, seed=1)
>>> p = siteplan.plan(market.demand, market.sites, model="max-coverage",
...                   new_sites=2, cutoff_km=50, progress=False)
>>> p.status, len(p.new_sites)
('optimal', 2)

The models, settings and files are those of the ``siteplan`` command line
(docs/PYTHON.md); the solves run in Rust with the GIL released.
"""

from __future__ import annotations

from ._errors import Infeasible, SiteplanError
from ._market import Market, generate
from ._plan import Plan, plan
from ._siteplan import __version__
from ._sweep import Sweep, read_config, sweep

__all__ = [
    "Infeasible",
    "Market",
    "Plan",
    "SiteplanError",
    "Sweep",
    "__version__",
    "generate",
    "plan",
    "read_config",
    "sweep",
]
