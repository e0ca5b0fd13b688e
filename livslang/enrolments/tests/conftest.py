"""The cast of the enrolment tests: a centre in Senja with Eli (editor) and Vera (viewer), and
three adults, Kari, Ola and Per, who want the one seat of an evening course."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from livslang.accounts.models import User
from livslang.catalog.models import Cohort, Offering
from livslang.catalog.testing import make_cohort, make_offering
from livslang.organisations.models import Kind, Organisation, Role
from livslang.organisations.testing import make_member, make_organisation, make_user


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def centre(db: None) -> Organisation:
    return make_organisation(Kind.CENTRE, "5530", slug="senja-centre", name="Senja Centre")


@pytest.fixture
def eli(centre: Organisation) -> User:
    return make_member(centre, Role.EDITOR, "eli.editor@example.org", language="en").user


@pytest.fixture
def vera(centre: Organisation) -> User:
    return make_member(centre, Role.VIEWER, "vera.viewer@example.org", language="en").user


@pytest.fixture
def kari(db: None) -> User:
    return make_user("kari@example.org", full_name="Kari Nordmann", language="en")


@pytest.fixture
def ola(db: None) -> User:
    return make_user("ola@example.org", full_name="Ola Hansen", language="en")


@pytest.fixture
def per(db: None) -> User:
    return make_user("per@example.org", full_name="Per Berg", language="en")


@pytest.fixture
def offering(centre: Organisation) -> Offering:
    return make_offering(centre, title="Velferdsteknologi")


@pytest.fixture
def cohort(offering: Offering) -> Cohort:
    """One seat left: the course everybody wants."""
    return make_cohort(offering, seats=1)


def as_user(user: Any) -> Client:
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client
