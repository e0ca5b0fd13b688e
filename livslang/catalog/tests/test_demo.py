"""The demo catalogue: size, coverage, idempotence and re-dating."""

from __future__ import annotations

import time as clock
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F

from livslang.catalog import demo
from livslang.catalog.models import (
    ChangeEvent,
    Cohort,
    EnrolmentMethod,
    LocalStudyGroup,
    Mode,
    Offering,
    OfferingStatus,
)
from livslang.organisations import demo as organisations_demo

pytestmark = pytest.mark.django_db
TODAY = date(2026, 1, 5)


@pytest.fixture(scope="module")
def demo_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[float]:
    """Reference geography, demo organisations and the demo catalogue, built once for the
    module inside a transaction rolled back afterwards; yields the catalogue's build time."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        call_command("load_geo", verbosity=0)
        organisations_demo.build(today=TODAY, shift=timedelta(0))
        started = clock.monotonic()
        demo.build(today=TODAY, shift=timedelta(0))
        elapsed = clock.monotonic() - started
    yield elapsed
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def test_size_languages_and_speed(demo_world: float) -> None:
    assert demo_world < 10
    offerings = Offering.objects.filter(is_demo=True)
    assert 200 <= offerings.count() <= 300
    assert set(offerings.values_list("language", flat=True)) == {"nb", "nn", "da"}
    assert set(offerings.values_list("owner__country", flat=True)) == {"NO", "DK"}
    assert not offerings.filter(language="da", owner__country="NO").exists()
    assert offerings.filter(status=OfferingStatus.DRAFT).exists()
    assert offerings.exclude(provider_id=F("owner_id")).exists()
    assert offerings.filter(isced_field__isnull=False).exists()


def test_covers_every_mode_schedule_kind_and_special_case(demo_world: float) -> None:
    cohorts = Cohort.objects.filter(is_demo=True)
    assert set(cohorts.values_list("mode", flat=True)) == set(Mode.values)
    for field in [
        "schedule_daytime",
        "schedule_evening",
        "schedule_weekend",
        "schedule_self_paced",
    ]:
        assert cohorts.filter(**{field: True}).exists(), field
    assert cohorts.filter(enrolment_method=EnrolmentMethod.EXTERNAL).exclude(application_url="")
    assert cohorts.filter(guaranteed_start=True).exists()
    assert LocalStudyGroup.objects.filter(cohort__mode=Mode.ONLINE).exists()
    assert set(cohorts.values_list("country", flat=True)) == {"NO", "DK"}
    assert set(cohorts.values_list("status", flat=True)) >= {"open", "running", "planned"}
    starts = cohorts.values_list("start_date", flat=True)
    assert min(starts) >= TODAY - timedelta(days=30)
    assert max(starts) <= TODAY + timedelta(days=240)
    assert not cohorts.filter(mode=Mode.ON_SITE, municipality__isnull=True).exists()
    assert not LocalStudyGroup.objects.filter(cohort__mode=Mode.ON_SITE).exists()


def test_change_log_covers_every_public_object(demo_world: float) -> None:
    published = set(
        ChangeEvent.objects.filter(action="published").values_list("public_id", flat=True)
    )
    public_offerings = set(
        Offering.objects.filter(status=OfferingStatus.PUBLISHED).values_list("public_id", flat=True)
    )
    public_cohorts = set(
        Cohort.objects.filter(offering__status=OfferingStatus.PUBLISHED).values_list(
            "public_id", flat=True
        )
    )
    assert published == public_offerings | public_cohorts
    sequences = list(ChangeEvent.objects.values_list("sequence", flat=True))
    assert sequences == list(range(sequences[0], sequences[0] + len(sequences)))


def _snapshot() -> list[tuple[Any, ...]]:
    return sorted(
        Cohort.objects.values_list("public_id", "start_date", "end_date", "application_deadline")
    )


def test_rerun_creates_nothing_and_redating_shifts_in_place(demo_world: float) -> None:
    before = _snapshot()
    offerings = Offering.objects.count()
    events = ChangeEvent.objects.count()
    report = demo.build(today=TODAY, shift=timedelta(0))
    assert "0 offerings" in report.summary
    assert _snapshot() == before
    assert Offering.objects.count() == offerings
    assert ChangeEvent.objects.count() == events

    shift = timedelta(days=10)
    demo.build(today=TODAY + shift, shift=shift)
    after = _snapshot()
    assert len(after) == len(before)
    for (pid, start, end, deadline), (pid2, start2, end2, deadline2) in zip(
        before, after, strict=True
    ):
        assert pid == pid2
        assert start2 == start + shift
        assert end2 == (end + shift if end else None)
        assert deadline2 == (deadline + shift if deadline else None)
    assert Offering.objects.count() == offerings
    assert ChangeEvent.objects.filter(action="updated").count() > 0
