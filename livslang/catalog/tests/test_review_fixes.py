"""Defects found in review, each pinned by a test: consent for delivering centres, control
characters, feed escaping, date ranges, archived offerings, change events, query counts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from livslang.catalog import services
from livslang.catalog.changes import last_sequence
from livslang.catalog.models import ChangeEvent, LocalStudyGroup, Mode, OfferingStatus
from livslang.catalog.testing import make_cohort, make_offering
from livslang.organisations.models import CentreProfile, Kind, Role
from livslang.organisations.testing import make_member, make_organisation

pytestmark = pytest.mark.django_db
START = date(2031, 3, 3)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def world() -> dict:
    own = make_organisation(Kind.CENTRE, slug="own-centre")
    stranger = make_organisation(Kind.CENTRE, slug="stranger-centre")
    editor = make_member(own, Role.EDITOR).user
    offering = make_offering(own)
    cohort = make_cohort(offering, start_date=START)
    return {
        "own": own,
        "stranger": stranger,
        "editor": editor,
        "offering": offering,
        "cohort": cohort,
    }


def test_a_cohort_cannot_name_a_centre_that_has_not_agreed(world: dict) -> None:
    with pytest.raises(ValidationError) as refused:
        services.update_cohort(
            actor=world["editor"],
            cohort=world["cohort"],
            data={"delivering_centre": world["stranger"]},
        )
    assert "partner provider" in str(refused.value)
    world["cohort"].refresh_from_db()
    assert world["cohort"].delivering_centre_id != world["stranger"].pk


def test_a_centre_that_names_the_owner_as_partner_may_deliver(world: dict) -> None:
    provider = make_organisation(Kind.PROVIDER, slug="university")
    partner = make_organisation(Kind.CENTRE, slug="partner-centre")
    CentreProfile.objects.get(organisation=partner).partner_providers.add(provider)
    editor = make_member(provider, Role.EDITOR).user
    offering = make_offering(provider)
    cohort = make_cohort(offering, start_date=START)
    services.update_cohort(actor=editor, cohort=cohort, data={"delivering_centre": partner})
    cohort.refresh_from_db()
    assert cohort.delivering_centre == partner


def test_study_groups_cannot_be_hosted_by_a_stranger(world: dict) -> None:
    online = make_cohort(world["offering"], mode=Mode.ONLINE, start_date=START)
    with pytest.raises(ValidationError, match="partner provider"):
        services.update_cohort(
            actor=world["editor"],
            cohort=online,
            data={},
            study_groups=[
                {"centre": world["stranger"], "municipality": world["own"].home_municipality}
            ],
        )
    assert not LocalStudyGroup.objects.exists()


def test_control_characters_are_refused_and_the_feed_never_breaks(world: dict) -> None:
    with pytest.raises(ValidationError, match="control characters"):
        services.update_offering(
            actor=world["editor"], offering=world["offering"], data={"description": "hei\x01du"}
        )
    services.update_offering(
        actor=world["editor"],
        offering=world["offering"],
        data={"description": "<img src=x onerror=alert(1)>"},
    )
    code = world["own"].home_municipality.code
    feed = Client().get(f"/feeds/municipality/{code}.atom")
    assert feed.status_code == 200
    body = feed.content.decode()
    assert "&lt;img" not in body.replace("&amp;lt;img", "")  # escaped twice: text, not markup


@pytest.mark.parametrize("day", [date(9999, 12, 31), date(5, 1, 1)])
def test_dates_outside_a_sensible_range_are_refused(world: dict, day: date) -> None:
    with pytest.raises(ValidationError, match="between 2000 and 2100"):
        services.update_cohort(
            actor=world["editor"], cohort=world["cohort"], data={"end_date": day}
        )
    assert Client().get(f"/cohorts/{world['cohort'].public_id}.ics").status_code == 200


def test_cohorts_of_an_archived_offering_cannot_change(world: dict) -> None:
    services.archive_offering(actor=world["editor"], offering=world["offering"])
    with pytest.raises(ValidationError, match="archived"):
        services.update_cohort(actor=world["editor"], cohort=world["cohort"], data={"seats": 3})
    with pytest.raises(ValidationError, match="archived"):
        services.set_cohort_status(
            actor=world["editor"], cohort=world["cohort"], status="cancelled"
        )


def test_archiving_a_draft_writes_no_change_event(world: dict) -> None:
    draft = make_offering(world["own"], status=OfferingStatus.DRAFT)
    before = last_sequence()
    services.archive_offering(actor=world["editor"], offering=draft)
    assert not ChangeEvent.objects.filter(public_id=draft.public_id, sequence__gt=before).exists()


def test_offering_edit_page_queries_do_not_grow_with_study_groups(world: dict) -> None:
    client = Client()
    client.force_login(world["editor"])
    blended = make_cohort(world["offering"], mode=Mode.BLENDED, start_date=START)
    LocalStudyGroup.objects.create(
        cohort=blended, centre=world["own"], municipality=world["own"].home_municipality
    )
    url = f"/offerings/{world['offering'].public_id}/edit/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        LocalStudyGroup.objects.create(
            cohort=blended, centre=world["own"], municipality=world["own"].home_municipality
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_members_without_a_name_are_not_shown_by_address_to_viewers() -> None:
    centre = make_organisation(Kind.CENTRE, slug="quiet-centre")
    viewer = make_member(centre, Role.VIEWER, full_name="Vera").user
    make_member(centre, Role.VIEWER, email="nameless@example.org", full_name="")
    client = Client()
    client.force_login(viewer)
    body = client.get(f"/organisations/{centre.slug}/members/").content.decode()
    assert "nameless@example.org" not in body
