from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from livslang.geo.testing import geography_loaded_once


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """Labels and messages are compared by their (English) ids."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def geo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The reference geography of both countries, loaded once per module."""
    with geography_loaded_once(django_db_blocker):
        yield


@pytest.fixture
def client() -> Any:
    """Pages in English, so their labels can be compared with the message ids."""
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")
