"""Short fuzz budget in ``make test`` (the long run is ``bench/fuzz.py``): generated hostile
inputs through every reader and the whole pipeline end as coded outcomes, never an exception."""

from __future__ import annotations

import functools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mawsua.app.fuzz import GENERATORS, RUNNERS, Seeds, case, mutate

#: inputs per generator family run here (deterministic seeds)
BUDGET = 120
#: larger generated inputs are left to bench/fuzz.py (they cost seconds each)
MAX_BYTES = 30_000


@functools.cache
def _seeds() -> Seeds:
    return Seeds.load(records=60, pages=4)


@pytest.fixture(scope="module")
def seeds() -> Seeds:
    return _seeds()


def test_generated_inputs_never_crash(seeds: Seeds) -> None:
    ran = {name: 0 for name in GENERATORS}
    for seed in range(BUDGET * 2):
        name, target, data = case(seed, seeds)
        if len(data) > MAX_BYTES:
            continue
        try:
            codes = RUNNERS[target](data)
        except Exception as e:  # noqa: BLE001 - the failure message names the seed
            pytest.fail(f"seed {seed} ({name} -> {target}, {len(data)} bytes) raised "
                        f"{type(e).__name__}: {e}  (rerun: python bench/fuzz.py --only {seed})")
        assert all(isinstance(c, str) and c for c in codes)
        ran[name] += 1
    assert sum(ran.values()) >= BUDGET, ran


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), st.sampled_from(sorted(RUNNERS)))
def test_random_bytes_never_crash(data: bytes, target: str) -> None:
    RUNNERS[target](data)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2 ** 32))
def test_mutated_real_records_never_crash(seed: int) -> None:
    import random

    rng = random.Random(seed)
    RUNNERS["read"](mutate(rng.choice(_seeds().records), rng))


def test_mutate_is_deterministic() -> None:
    import random

    a = mutate(b"abcdef" * 20, random.Random(3))
    assert a == mutate(b"abcdef" * 20, random.Random(3)) and a != b"abcdef" * 20
