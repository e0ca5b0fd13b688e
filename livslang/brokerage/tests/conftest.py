"""The cast of the brokerage tests: Senja Centre (serving Senja and Sørreisa) with Eli (editor)
and Vera (viewer); the employer Fisk AS with Mona (editor) and Emil (viewer); a university
with Una (editor); adults Kari and Ola."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from livslang.accounts.models import User
from livslang.catalog.models import Offering
from livslang.catalog.testing import make_offering
from livslang.needs.models import Need
from livslang.organisations.models import Kind, Organisation, Role
from livslang.organisations.testing import (
    ensure_municipality,
    make_member,
    make_organisation,
    make_user,
)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def centre(db: None) -> Organisation:
    centre = make_organisation(Kind.CENTRE, "5530", slug="senja-centre", name="Senja Centre")
    centre.centre_profile.municipalities_served.set(
        [ensure_municipality("5530"), ensure_municipality("5526")]
    )
    return centre


@pytest.fixture
def eli(centre: Organisation) -> User:
    return make_member(centre, Role.EDITOR, "eli.editor@example.org", language="en").user


@pytest.fixture
def vera(centre: Organisation) -> User:
    return make_member(centre, Role.VIEWER, "vera.viewer@example.org", language="en").user


@pytest.fixture
def employer(db: None) -> Organisation:
    return make_organisation(Kind.EMPLOYER, "5530", slug="fisk-as", name="Fisk AS")


@pytest.fixture
def mona(employer: Organisation) -> User:
    return make_member(employer, Role.EDITOR, "mona.manager@example.org", language="en").user


@pytest.fixture
def emil(employer: Organisation) -> User:
    return make_member(employer, Role.VIEWER, "emil.viewer@example.org", language="en").user


@pytest.fixture
def university(db: None) -> Organisation:
    return make_organisation(Kind.PROVIDER, "5501", slug="uni", name="Arctic University")


@pytest.fixture
def una(university: Organisation) -> User:
    return make_member(university, Role.EDITOR, "una.uni@example.org", language="en").user


@pytest.fixture
def kari(db: None) -> User:
    return make_user("kari@example.org", full_name="Kari Nordmann", language="en")


@pytest.fixture
def ola(db: None) -> User:
    return make_user("ola@example.org", full_name="Ola Hansen", language="en")


@pytest.fixture
def own_offering(centre: Organisation) -> Offering:
    return make_offering(centre, title="Fiskehelse", topics=["fish health"])


@pytest.fixture
def university_offering(university: Organisation) -> Offering:
    return make_offering(university, title="Havbruk 1", topics=["aquaculture"])


def make_need(
    *,
    organisation: Organisation | None = None,
    person: User | None = None,
    municipality: str = "5530",
    topics: list[str] | None = None,
    participants: int = 5,
    days: int = 30,
    **fields: Any,
) -> Need:
    start = timezone.localdate() + timedelta(days=days)
    need = Need(
        organisation=organisation,
        registered_by=person,
        title=fields.pop("title", "Fish health for the night shift"),
        text=fields.pop("text", "Our operators need fish health and welfare."),
        language="nb",
        topics=topics if topics is not None else ["fish health"],
        participants=participants,
        country="NO",
        postcode="9300",
        municipality=ensure_municipality(municipality),
        earliest_start=start,
        latest_start=start + timedelta(days=60),
        modes=["on_site"],
        currency="NOK",
        **fields,
    )
    need.full_clean()
    need.save()
    return need


def mails() -> list[dict[str, Any]]:
    """The e-mails queued for the worker, oldest first."""
    rows = DBTaskResult.objects.filter(task_path="livslang.accounts.tasks.send_email")
    return [r.args_kwargs["kwargs"] for r in rows.order_by("enqueued_at", "pk")]


def as_user(user: Any) -> Client:
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client
