from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.utils import translation

from livslang.geo.services import DATA_DIR, LoadReport, load_reference_data


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are compared in English (their ids); tests of other languages override."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def geo_data(django_db_setup: None, django_db_blocker: Any) -> Iterator[LoadReport]:
    """The shipped data loaded once for a module of read-only tests.

    It lives in a transaction that is rolled back after the module; each test's own
    transaction nests inside it as a savepoint, so nothing leaks to other modules.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        report = load_reference_data()
    yield report
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped CSV files, for tests that change the data."""
    target = tmp_path / "data"
    target.mkdir()
    for path in DATA_DIR.glob("*.csv"):
        shutil.copy(path, target / path.name)
    return target
