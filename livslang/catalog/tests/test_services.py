"""Catalogue services: validation with named messages, access, statuses, copies, audit."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from livslang.accounts.models import User
from livslang.audit.models import AuditEntry
from livslang.catalog import services
from livslang.catalog.models import (
    Cohort,
    CohortStatus,
    LocalStudyGroup,
    Mode,
    Offering,
    OfferingStatus,
)
from livslang.catalog.testing import make_cohort, make_offering, make_postcode
from livslang.organisations.models import Kind, Organisation, Role
from livslang.organisations.testing import (
    SENJA,
    ensure_municipality,
    make_member,
    make_organisation,
)

START = date(2031, 3, 1)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@dataclass
class Cast:
    centre: Organisation
    editor: User
    viewer: User
    other_editor: User
    provider: Organisation


@pytest.fixture
def cast(db: None) -> Cast:
    centre = make_organisation(Kind.CENTRE, SENJA, slug="senja-centre", name="Senja Centre")
    other = make_organisation(Kind.CENTRE, "5501", slug="tromso-centre", name="Tromsø Centre")
    return Cast(
        centre=centre,
        editor=make_member(centre, Role.EDITOR, "eli@example.org").user,
        viewer=make_member(centre, Role.VIEWER, "vera@example.org").user,
        other_editor=make_member(other, Role.EDITOR, "otto@example.org").user,
        provider=make_organisation(Kind.PROVIDER, "5501", slug="uit", name="UiT"),
    )


def cohort_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "mode": Mode.ON_SITE,
        "country": "NO",
        "municipality": ensure_municipality(SENJA),
        "venue_name": "Finnsnes library",
        "start_date": START,
        "end_date": START + timedelta(days=60),
        "schedule_kinds": ["evening"],
        "price": Decimal("2500"),
        "seats": 12,
    }
    data.update(overrides)
    return data


def errors_of(caught: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return caught.value.message_dict


# --- offerings -------------------------------------------------------------------------------


def test_create_offering_is_a_draft_with_provider_owner_and_audit(cast: Cast) -> None:
    offering = services.create_offering(
        actor=cast.editor,
        owner=cast.centre,
        data={"title": "  Helsefagarbeider   for voksne ", "topics": "omsorg, helse, omsorg"},
    )
    assert offering.status == OfferingStatus.DRAFT
    assert offering.title == "Helsefagarbeider for voksne"
    assert offering.slug == "helsefagarbeider-for-voksne"
    assert offering.provider == cast.centre
    assert offering.topic_list == ["omsorg", "helse"]
    assert len(offering.short_id) == 8
    entry = AuditEntry.objects.get(action="offering.create")
    assert entry.object_id == str(offering.public_id)
    assert entry.actor == cast.editor


def test_slug_transliterates_nordic_letters(cast: Cast) -> None:
    offering = services.create_offering(
        actor=cast.editor, owner=cast.centre, data={"title": "Sjømat og havbruk på Ærø"}
    )
    assert offering.slug == "sjomat-og-havbruk-pa-aero"


@pytest.mark.parametrize("who", ["viewer", "other_editor"])
def test_only_owner_editors_write(cast: Cast, who: str) -> None:
    actor = getattr(cast, who)
    with pytest.raises(PermissionDenied):
        services.create_offering(actor=actor, owner=cast.centre, data={"title": "X"})
    offering = make_offering(owner=cast.centre)
    with pytest.raises(PermissionDenied):
        services.update_offering(actor=actor, offering=offering, data={"title": "Y"})
    with pytest.raises(PermissionDenied):
        services.create_cohort(actor=actor, offering=offering, data=cohort_data())
    assert Offering.objects.count() == 1
    assert not Cohort.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"title": "  "}, "title", "Title"),
        ({"title": "X", "external_url": "javascript:alert(1)"}, "external_url", "https://"),
        ({"title": "X", "level": 5}, "level_framework", "Qualifications framework"),
        ({"title": "X", "level_framework": "nkr"}, "level", "Level"),
        ({"title": "X", "level_framework": "eqf", "level": 9}, "level", "1 to 8"),
        ({"title": "X", "credits_value": Decimal("7.5")}, "credit_unit", "Credit unit"),
        (
            {"title": "X", "credits_value": Decimal("-1"), "credits_unit": "ects"},
            "credits_value",
            "negative",
        ),
    ],
)
def test_offering_validation_names_the_field(
    cast: Cast, data: dict[str, Any], field: str, words: str
) -> None:
    field = "credits_unit" if field == "credit_unit" else field
    with pytest.raises(ValidationError) as caught:
        services.create_offering(actor=cast.editor, owner=cast.centre, data=data)
    assert words in " ".join(errors_of(caught)[field])
    assert not Offering.objects.exists()


def test_provider_and_delivering_centres_must_be_the_right_kinds(cast: Cast) -> None:
    employer = make_organisation(Kind.EMPLOYER, SENJA)
    with pytest.raises(ValidationError) as caught:
        services.create_offering(
            actor=cast.editor,
            owner=cast.centre,
            data={"title": "X", "provider": employer, "delivering_centres": [cast.provider]},
        )
    assert set(errors_of(caught)) == {"provider", "delivering_centres"}
    offering = services.create_offering(
        actor=cast.editor,
        owner=cast.centre,
        data={"title": "X", "provider": cast.provider, "delivering_centres": [cast.centre]},
    )
    assert list(offering.delivering_centres.all()) == [cast.centre]


def test_unknown_fields_are_refused(cast: Cast) -> None:
    with pytest.raises(TypeError):
        services.create_offering(
            actor=cast.editor, owner=cast.centre, data={"title": "X", "status": "published"}
        )
    offering = make_offering(owner=cast.centre)
    with pytest.raises(TypeError):
        services.create_cohort(
            actor=cast.editor, offering=offering, data={**cohort_data(), "confirmed_count": 5}
        )


def test_update_records_old_and_new(cast: Cast) -> None:
    offering = make_offering(owner=cast.centre, title="Old title")
    services.update_offering(
        actor=cast.editor, offering=offering, data={"title": "New title", "funding_loan": True}
    )
    offering.refresh_from_db()
    assert offering.title == "New title"
    assert offering.slug == "old-title"  # the address stays
    entry = AuditEntry.objects.get(action="offering.update")
    assert entry.changes["title"] == {"old": "Old title", "new": "New title"}
    assert entry.changes["funding_loan"] == {"old": False, "new": True}


def test_publish_unpublish_archive(cast: Cast) -> None:
    offering = services.create_offering(actor=cast.editor, owner=cast.centre, data={"title": "X"})
    services.publish_offering(actor=cast.editor, offering=offering)
    offering.refresh_from_db()
    assert offering.status == OfferingStatus.PUBLISHED
    assert offering.published_at is not None
    services.unpublish_offering(actor=cast.editor, offering=offering)
    offering.refresh_from_db()
    assert offering.status == OfferingStatus.DRAFT
    services.archive_offering(actor=cast.editor, offering=offering)
    offering.refresh_from_db()
    assert offering.status == OfferingStatus.ARCHIVED
    with pytest.raises(ValidationError, match="archived"):
        services.publish_offering(actor=cast.editor, offering=offering)
    with pytest.raises(ValidationError, match="archived"):
        services.update_offering(actor=cast.editor, offering=offering, data={"title": "Y"})
    actions = list(
        AuditEntry.objects.filter(object_id=str(offering.public_id))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "offering.create",
        "offering.publish",
        "offering.unpublish",
        "offering.archive",
    ]


def test_copy_offering_copies_cohorts_as_planned(cast: Cast) -> None:
    offering = make_offering(owner=cast.centre, title="Ledelse i praksis")
    offering.delivering_centres.set([cast.centre])
    full = make_cohort(offering, seats=10, confirmed_count=10, status=CohortStatus.RUNNING)
    online = make_cohort(
        offering,
        mode=Mode.ONLINE,
        study_groups=[{"centre": cast.centre, "municipality": ensure_municipality(SENJA)}],
    )
    copy = services.copy_offering(actor=cast.editor, offering=offering)
    assert copy.title == "Ledelse i praksis (copy)"
    assert copy.status == OfferingStatus.DRAFT
    assert copy.public_id != offering.public_id
    assert list(copy.delivering_centres.all()) == [cast.centre]
    cohorts = list(copy.cohorts.order_by("mode"))
    assert [c.mode for c in cohorts] == [Mode.ON_SITE, Mode.ONLINE]
    assert all(c.status == CohortStatus.PLANNED and c.confirmed_count == 0 for c in cohorts)
    assert cohorts[0].seats == full.seats
    assert cohorts[1].study_groups.count() == 1
    assert online.study_groups.count() == 1
    assert AuditEntry.objects.filter(action="offering.copy").count() == 1


# --- cohorts ---------------------------------------------------------------------------------


def test_create_cohort_with_defaults_and_audit(cast: Cast) -> None:
    offering = make_offering(owner=cast.centre)
    cohort = services.create_cohort(
        actor=cast.editor,
        offering=offering,
        data=cohort_data(schedule_kinds=["evening", "weekend"]),
    )
    assert cohort.status == CohortStatus.PLANNED
    assert cohort.currency == "NOK"
    assert cohort.schedule_kind_list == ["evening", "weekend"]
    assert cohort.seats_left == 12
    assert AuditEntry.objects.filter(action="cohort.create", object_id=str(cohort.public_id))


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        (
            {"end_date": START - timedelta(days=1)},
            "end_date",
            "End date: the cohort cannot end before it starts",
        ),
        ({"end_date": None}, "end_date", "only self-paced"),
        (
            {"application_deadline": START + timedelta(days=1)},
            "application_deadline",
            "after the start date",
        ),
        ({"minimum_participants": 13}, "minimum_participants", "above the number of seats"),
        ({"price": Decimal("-1")}, "price", "Price: the price cannot be negative"),
        ({"seats": -1}, "seats", "Seats: the number of seats cannot be negative"),
        ({"municipality": None}, "municipality", "needs a place"),
        ({"mode": Mode.BLENDED, "municipality": None}, "municipality", "needs a place"),
        ({"municipality": None, "postcode": "9999"}, "postcode", "No postcode 9999"),
        ({"municipality": None, "postcode": "99"}, "postcode", "4 digits"),
        ({"enrolment_method": "external"}, "application_url", "external enrolment needs"),
        (
            {"enrolment_method": "external", "application_url": "javascript:x"},
            "application_url",
            "https://",
        ),
        ({"schedule_kinds": ["nightly"]}, "schedule_kinds", "unknown schedule kind"),
        ({"start_date": "2031-02-30"}, "start_date", "invalid date"),
        ({"seats": "many"}, "seats", "must be an integer"),
    ],
)
def test_cohort_validation_names_the_field(
    cast: Cast, overrides: dict[str, Any], field: str, words: str
) -> None:
    offering = make_offering(owner=cast.centre)
    with pytest.raises(ValidationError) as caught:
        services.create_cohort(actor=cast.editor, offering=offering, data=cohort_data(**overrides))
    assert words in " ".join(errors_of(caught)[field])
    assert not Cohort.objects.exists()


def test_text_values_are_converted_like_a_form_would(cast: Cast) -> None:
    offering = make_offering(owner=cast.centre)
    cohort = services.create_cohort(
        actor=cast.editor,
        offering=offering,
        data=cohort_data(start_date="2031-03-01", end_date="2031-04-01", price="990.50"),
    )
    cohort.refresh_from_db()
    assert cohort.start_date == date(2031, 3, 1)
    assert cohort.price == Decimal("990.50")


def test_municipality_must_be_in_the_cohorts_country(cast: Cast) -> None:
    offering = make_offering(owner=cast.centre)
    with pytest.raises(ValidationError) as caught:
        services.create_cohort(
            actor=cast.editor,
            offering=offering,
            data=cohort_data(country="DK", municipality=ensure_municipality(SENJA)),
        )
    assert "cohort's country" in errors_of(caught)["municipality"][0]


def test_postcode_fills_municipality_and_coordinates(cast: Cast) -> None:
    make_postcode("9300", SENJA)
    offering = make_offering(owner=cast.centre)
    cohort = services.create_cohort(
        actor=cast.editor, offering=offering, data=cohort_data(municipality=None, postcode="9300")
    )
    assert cohort.municipality == ensure_municipality(SENJA)
    assert cohort.latitude == pytest.approx(69.23)


def test_online_needs_no_place_and_self_paced_no_end(cast: Cast) -> None:
    offering = make_offering(owner=cast.centre)
    cohort = services.create_cohort(
        actor=cast.editor,
        offering=offering,
        data=cohort_data(
            mode=Mode.ONLINE,
            municipality=None,
            venue_name="",
            end_date=None,
            schedule_kinds=["self_paced"],
        ),
        study_groups=[
            {
                "centre": cast.centre,
                "municipality": ensure_municipality(SENJA),
                "room": "Rom 2",
                "contact_email": "rom@example.org",
            }
        ],
    )
    assert cohort.end_date is None
    assert cohort.study_groups.get().room == "Rom 2"


def test_study_groups_only_for_online_and_blended(cast: Cast) -> None:
    offering = make_offering(owner=cast.centre)
    group = {"centre": cast.centre, "municipality": ensure_municipality(SENJA)}
    with pytest.raises(ValidationError) as caught:
        services.create_cohort(
            actor=cast.editor, offering=offering, data=cohort_data(), study_groups=[group]
        )
    assert "only online and blended" in errors_of(caught)["study_groups"][0]
    with pytest.raises(ValidationError) as caught:
        services.create_cohort(
            actor=cast.editor,
            offering=offering,
            data=cohort_data(mode=Mode.ONLINE),
            study_groups=[{**group, "contact_email": "not an address"}],
        )
    assert "contact_email" in errors_of(caught)["study_groups"][0]


def test_update_cohort_replaces_study_groups_and_keeps_seats_above_confirmed(cast: Cast) -> None:
    offering = make_offering(owner=cast.centre)
    cohort = make_cohort(
        offering,
        mode=Mode.BLENDED,
        confirmed_count=8,
        study_groups=[{"centre": cast.centre, "municipality": ensure_municipality(SENJA)}],
    )
    services.update_cohort(
        actor=cast.editor,
        cohort=cohort,
        data={"venue_name": "Hall B"},
        study_groups=[
            {"centre": cast.centre, "municipality": ensure_municipality("5501"), "room": "A"},
            {"centre": cast.centre, "municipality": ensure_municipality("5526"), "room": "B"},
        ],
    )
    assert sorted(LocalStudyGroup.objects.values_list("room", flat=True)) == ["A", "B"]
    with pytest.raises(ValidationError) as caught:
        services.update_cohort(actor=cast.editor, cohort=cohort, data={"seats": 5})
    assert "8 participants are already confirmed" in errors_of(caught)["seats"][0]
    entry = AuditEntry.objects.get(action="cohort.update")
    assert entry.changes["venue_name"]["new"] == "Hall B"


def test_status_transitions(cast: Cast) -> None:
    offering = make_offering(owner=cast.centre)
    cohort = make_cohort(offering, status=CohortStatus.PLANNED)
    for status in ["open", "planned", "open", "will_run", "running", "completed"]:
        cohort = services.set_cohort_status(actor=cast.editor, cohort=cohort, status=status)
        assert cohort.status == status
    with pytest.raises(ValidationError) as caught:
        services.set_cohort_status(actor=cast.editor, cohort=cohort, status="open")
    assert errors_of(caught)["status"] == [
        "Status: a cohort cannot go from “completed” to “open for sign-up”."
    ]
    assert AuditEntry.objects.filter(action="cohort.status").count() == 6


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("planned", "will_run"),
        ("planned", "running"),
        ("open", "running"),
        ("will_run", "open"),
        ("running", "cancelled"),
        ("cancelled", "open"),
        ("completed", "running"),
    ],
)
def test_refused_transitions_name_both_statuses(cast: Cast, start: str, target: str) -> None:
    cohort = make_cohort(make_offering(owner=cast.centre), status=start)
    with pytest.raises(ValidationError) as caught:
        services.set_cohort_status(actor=cast.editor, cohort=cohort, status=target)
    message = errors_of(caught)["status"][0]
    assert str(CohortStatus(start).label) in message
    assert str(CohortStatus(target).label) in message
    cohort.refresh_from_db()
    assert cohort.status == start


def test_cancel_from_each_allowed_status(cast: Cast) -> None:
    offering = make_offering(owner=cast.centre)
    for status in ["planned", "open", "will_run"]:
        cohort = make_cohort(offering, status=status)
        services.set_cohort_status(actor=cast.editor, cohort=cohort, status="cancelled")
    assert Cohort.objects.filter(status="cancelled").count() == 3


def test_opening_livslang_sign_up_needs_seats(cast: Cast) -> None:
    cohort = make_cohort(make_offering(owner=cast.centre), status="planned", seats=None)
    with pytest.raises(ValidationError) as caught:
        services.set_cohort_status(actor=cast.editor, cohort=cohort, status="open")
    assert "Seats" in errors_of(caught)["seats"][0]


def test_closed_cohorts_cannot_be_edited_but_can_be_copied(cast: Cast) -> None:
    cohort = make_cohort(make_offering(owner=cast.centre), status="completed", confirmed_count=5)
    with pytest.raises(ValidationError, match="completed"):
        services.update_cohort(actor=cast.editor, cohort=cohort, data={"seats": 30})
    copy = services.copy_cohort(actor=cast.editor, cohort=cohort)
    assert copy.status == CohortStatus.PLANNED
    assert copy.confirmed_count == 0
    assert copy.offering_id == cohort.offering_id
    assert copy.start_date == cohort.start_date
