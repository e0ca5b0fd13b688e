from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from livslang.geo.testing import geography_loaded_once

# The judged development set, read in place from ../shared beside the checkout (never copied).
MATCHING_DEV = Path(__file__).resolve().parents[4] / "shared" / "data" / "matching-dev"
if not MATCHING_DEV.exists():  # a checkout elsewhere on the development machine
    MATCHING_DEV = Path("/work/shared/data/matching-dev")
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def geo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with geography_loaded_once(django_db_blocker):
        yield
