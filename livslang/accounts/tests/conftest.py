"""Fixtures for the account tests: verified and unverified people, clients, queued tasks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import PASSWORD
from livslang.accounts.models import User
from livslang.geo.testing import geography_loaded_once

EMAIL = "kari.nordmann@example.no"
NEW_PASSWORD = "en helt ny og lang passfrase"


@pytest.fixture(autouse=True)
def fresh_cache(request: pytest.FixtureRequest) -> Iterator[None]:
    """Login throttling counts live in the cache (a database table that transactional tests
    do not empty): every test starts without earlier failures."""
    marker = request.node.get_closest_marker("django_db")
    if marker is not None:
        request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
        cache.clear()
    yield


@pytest.fixture
def en() -> Client:
    """A browser that reads English, so the assertions can use the message ids."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def moment(**delta: float) -> datetime:
    """Now plus ``delta``, in the local zone: time-machine then also moves naive local time
    (``datetime.now()``, which Django's password reset tokens use) by the right amount."""
    return timezone.localtime(timezone.now() + timedelta(**delta))


def make_user(email: str = EMAIL, *, verified: bool = True, **fields: Any) -> User:
    fields.setdefault("full_name", "Kari Nordmann")
    return User.objects.create_user(
        email=email,
        password=PASSWORD,
        email_verified_at=timezone.now() if verified else None,
        **fields,
    )


@pytest.fixture
def kari(db: None) -> User:
    """A verified learner."""
    return make_user()


@pytest.fixture
def unverified(db: None) -> User:
    return make_user("ulla.unverified@example.dk", verified=False, language="da")


@pytest.fixture(scope="module")
def geo_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The shipped geography, loaded once per module in a transaction rolled back after it
    (as in the catalogue's tests); each test's own transaction is a savepoint inside it."""
    with geography_loaded_once(django_db_blocker):
        yield


@pytest.fixture
def geo(geo_once: None, db: None) -> None:
    """The geography for a test that rolls back: what it changes (a merger) goes with it."""


def queued(task_name: str | None = None) -> list[dict[str, Any]]:
    """The keyword arguments of the tasks in the queue (optionally of one task), oldest first."""
    rows = DBTaskResult.objects.order_by("enqueued_at")
    if task_name:
        rows = rows.filter(task_path=f"livslang.accounts.tasks.{task_name}")
    return [{"task": r.task_path, **r.args_kwargs["kwargs"]} for r in rows]


def run_queued() -> None:
    """Run what is queued, in this process (for tests that do not need the real worker)."""
    from django.utils.module_loading import import_string

    for row in DBTaskResult.objects.order_by("enqueued_at"):
        import_string(row.task_path).call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
        row.delete()


LINK = re.compile(r"https?://[^/\s]+(/account/\S+/)")
GENERIC_PAGES = {"/account/login/", "/account/password/reset/", "/account/register/"}


def link_in(body: str) -> str:
    """The path of the one personal link (with a token) in an e-mail body."""
    paths = [p for p in LINK.findall(body) if p not in GENERIC_PAGES]
    assert len(paths) == 1, body
    return paths[0]
