"""The demo sign-ups: a seat, a waitlist place, a full cohort, and counters equal to rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone

from livslang.catalog.models import Cohort
from livslang.enrolments import services
from livslang.enrolments.models import Enrolment, EnrolmentStatus, SavedSearch
from livslang.privacy.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def test_demo_sign_ups(django_db_blocker: object) -> None:
    call_command("load_geo", verbosity=0)
    call_command("demo", verbosity=0)
    mine = Enrolment.objects.filter(learner__email="learner@demo.livslang.test")
    assert sorted(mine.values_list("status", flat=True)) == ["confirmed", "waitlisted"]
    waiting = mine.get(status=EnrolmentStatus.WAITLISTED)
    assert waiting.cohort.confirmed_count == waiting.cohort.seats
    assert waiting.cohort.start_date > timezone.localdate() + timedelta(days=7)
    assert AccessLogEntry.objects.filter(learners__email="learner@demo.livslang.test").exists()
    # Every cohort's counter equals its confirmed rows (the catalogue demo adds none).
    counted = Cohort.objects.annotate(
        rows=Count("enrolments", filter=Q(enrolments__status="confirmed"))
    ).values_list("confirmed_count", "rows")
    assert all(counter == rows for counter, rows in counted)
    # A saved search and an interest, both states the search form accepts.
    searches = SavedSearch.objects.filter(user__email="learner@demo.livslang.test")
    assert sorted(s.is_interest for s in searches) == [False, True]
    for search in searches:
        assert services.search_state(search.query)[0] == search.query
    # A second run changes nothing.
    before = Enrolment.objects.count(), SavedSearch.objects.count()
    call_command("demo", verbosity=0)
    assert (Enrolment.objects.count(), SavedSearch.objects.count()) == before
