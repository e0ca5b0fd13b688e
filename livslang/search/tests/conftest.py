from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from hypothesis import HealthCheck, Phase, settings

from livslang.search.index import reset_index

# Few, deterministic examples in CI (and by default); HYPOTHESIS_PROFILE=dev explores more.
settings.register_profile(
    "ci",
    max_examples=6,
    derandomize=True,
    deadline=None,
    database=None,
    # No shrinking: a failure is reported at once with the example that failed.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "dev",
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def fresh_index(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test starts with no index in this process (each test's data is rolled back, and
    change-log numbers with it) and an empty cache (rate limits, duplicate keys)."""
    reset_index()
    if request.node.get_closest_marker("django_db") is not None:
        request.getfixturevalue("db")
        cache.clear()
    with translation.override("en"):
        yield
    reset_index()


@pytest.fixture
def en() -> Client:
    """A browser that reads English, so assertions can use the message ids."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")
