"""Shared fixtures: the repository, the CLI binary, a small market."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import siteplan

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def cli() -> Path:
    """The `siteplan` command line: $SITEPLAN_CLI, or target/release/siteplan
    (built with cargo when missing; the tests that need it are skipped
    where neither is possible)."""
    env = os.environ.get("SITEPLAN_CLI")
    if env:
        return Path(env)
    binary = REPO / "target" / "release" / "siteplan"
    if not binary.exists():
        if shutil.which("cargo") is None:
            pytest.skip("no siteplan CLI and no cargo to build it")
        subprocess.run(
            ["cargo", "build", "--release", "--bin", "siteplan"], cwd=REPO, check=True
        )
    return binary


@pytest.fixture(scope="session")
def market() -> siteplan.Market:
    return siteplan.generate(cities=20, towns=200, existing=3, candidates=40, seed=7, region="europe")
