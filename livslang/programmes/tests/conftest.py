from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """Service, import and validation messages are compared by their (English) ids."""
    with translation.override("en"):
        yield
