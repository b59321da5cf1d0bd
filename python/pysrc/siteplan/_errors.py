"""The exceptions siteplan raises besides ``ValueError`` and ``OSError``."""

from __future__ import annotations


class SiteplanError(RuntimeError):
    """A solve failed for a reason other than bad input (a solver error)."""


class Infeasible(SiteplanError):
    """No plan satisfies the constraints; ``reason`` says why.

    Raised, for instance, when more new sites are asked for than there are
    candidates, or when site capacities cannot serve the demand.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason: str = reason
