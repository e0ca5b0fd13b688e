from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from livslang.api import services
from livslang.api.models import ApiToken, Scope
from livslang.catalog.models import Cohort, Offering
from livslang.catalog.testing import make_cohort, make_offering, make_postcode
from livslang.organisations.models import Kind, Organisation, Role
from livslang.organisations.testing import make_member, make_organisation
from livslang.search.index import reset_index


@pytest.fixture(autouse=True)
def english_and_fresh(request: pytest.FixtureRequest) -> Iterator[None]:
    """English messages, no search index left from another test, an empty cache (rate
    limits)."""
    reset_index()
    if request.node.get_closest_marker("django_db") is not None:
        request.getfixturevalue("db")
        cache.clear()
    with translation.override("en"):
        yield
    reset_index()


@dataclass
class World:
    own: Organisation
    other: Organisation
    admin: Any
    other_admin: Any
    offering: Offering
    cohort: Cohort
    draft: Offering
    foreign_offering: Offering
    foreign_cohort: Cohort
    read_token: str
    write_token: str
    foreign_write_token: str


def make_token(org: Organisation, user: Any, scope: str) -> str:
    _token, raw = services.create_token(actor=user, organisation=org, name=scope, scope=scope)
    return raw


@pytest.fixture
def world(db: None) -> World:
    make_postcode("9300")
    own = make_organisation(kind=Kind.CENTRE, name="Studiesenteret Test", slug="own-centre")
    other = make_organisation(kind=Kind.PROVIDER, name="Other Provider", slug="other-provider")
    admin = make_member(own, role=Role.ADMIN).user
    other_admin = make_member(other, role=Role.ADMIN).user
    offering = make_offering(own, title="Sveising for voksne", topics=["sveising"])
    cohort = make_cohort(offering, postcode="9300")
    draft = make_offering(own, status="draft", title="Utkast")
    foreign_offering = make_offering(other, title="Helsefag")
    foreign_cohort = make_cohort(foreign_offering)
    return World(
        own=own,
        other=other,
        admin=admin,
        other_admin=other_admin,
        offering=offering,
        cohort=cohort,
        draft=draft,
        foreign_offering=foreign_offering,
        foreign_cohort=foreign_cohort,
        read_token=make_token(own, admin, Scope.READ),
        write_token=make_token(own, admin, Scope.WRITE),
        foreign_write_token=make_token(other, other_admin, Scope.WRITE),
    )


def bearer(token: str) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def api() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


__all__ = ["ApiToken", "World", "bearer"]
