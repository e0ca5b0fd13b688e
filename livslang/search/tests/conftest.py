from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import translation

from livslang.search.index import reset_index


@pytest.fixture(autouse=True)
def fresh_index(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test starts with no index in this process (each test's data is rolled back, and
    change-log numbers with it) and an empty cache (rate limits, duplicate keys)."""
    reset_index()
    if request.node.get_closest_marker("django_db") is not None:
        request.getfixturevalue("db")
        for each in caches.all():
            each.clear()
    with translation.override("en"):
        yield
    reset_index()


@pytest.fixture
def en() -> Client:
    """A browser that reads English, so assertions can use the message ids."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")
