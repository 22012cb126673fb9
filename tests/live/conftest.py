"""Fixtures of the live-ingestion tests (the scenario is in ``livescenario.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from livescenario import Scenario, build_scenario
from localsite import CORPUS, LocalSite


@pytest.fixture(scope="module")
def scenario() -> Iterator[Scenario]:
    """The local site with every feed (one per test module)."""
    if not CORPUS.exists():
        pytest.skip(f"{CORPUS} not found: the shared data folder must sit beside the repository")
    site = LocalSite()
    try:
        yield build_scenario(site)
    finally:
        site.close()


@pytest.fixture
def site() -> Iterator[LocalSite]:
    """An empty local site whose robots.txt allows everything (one per test)."""
    if not CORPUS.exists():
        pytest.skip(f"{CORPUS} not found")
    s = LocalSite()
    s.add("/robots.txt", body=b"User-agent: *\nAllow: /\n")
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(autouse=True, scope="module")
def _allow_loopback() -> Iterator[None]:
    """The live tests' servers listen on 127.0.0.1, which the SSRF guard refuses by default:
    the operator's setting ``MAWSUA_ALLOW_PRIVATE_NETWORKS=1`` is on for these modules only
    (and for the CLI processes they start); ``tests/sources/test_ssrf.py`` runs without it."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MAWSUA_ALLOW_PRIVATE_NETWORKS", "1")
        yield
