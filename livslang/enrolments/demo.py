"""Demo sign-ups: the demo learner has a seat in one cohort of the Finnsnes centre and waits
in line for a full one; a few demo adults fill it. The centre's editor has looked at the full
cohort's list once, so the learner's privacy page shows an access-log entry. The learner has
saved a search near Finnsnes and asked to be told when the seat cohort's course runs nearby.

Written directly (no e-mails), keeping each cohort's ``confirmed_count`` equal to its rows.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import F
from django.utils import timezone

from livslang.accounts.demo import DEMO_PASSWORD
from livslang.accounts.models import User
from livslang.accounts.services import ensure_demo_user
from livslang.catalog.models import Cohort, CohortStatus, EnrolmentMethod
from livslang.demo.services import DemoContribution
from livslang.enrolments.models import Enrolment, EnrolmentStatus, SavedSearch
from livslang.privacy.models import AccessPurpose
from livslang.privacy.services import record_access

ORDER = 40
CENTRE = "studiesenteret-finnsnes"
FULL_SEATS = 4
DEMO_SEARCH = "country=NO&place=9300&q=kurs&radius=100"
DEMO_SEARCH_NAME = "kurs near 9300 (100 km) (demo)"


def _open_cohorts(today: date) -> list[Cohort]:
    return list(
        Cohort.objects.public()
        .filter(
            offering__owner__slug=CENTRE,
            status=CohortStatus.OPEN,
            enrolment_method=EnrolmentMethod.LIVSLANG,
            seats__isnull=False,
            start_date__gt=today + timedelta(days=7),
        )
        .select_related("offering__owner")
        .order_by("start_date", "pk")[:2]
    )


def _confirm(cohort: Cohort, learner: User) -> None:
    Cohort.objects.filter(pk=cohort.pk).update(confirmed_count=F("confirmed_count") + 1)
    Enrolment.objects.create(cohort=cohort, learner=learner, status=EnrolmentStatus.CONFIRMED)


def build(*, today: date, shift: timedelta) -> DemoContribution:
    learner = User.objects.filter(email="learner@demo.livslang.test").first()
    editor = User.objects.filter(email="org_editor@demo.livslang.test").first()
    if learner is None or Enrolment.objects.filter(learner=learner).exists():
        return DemoContribution(app="enrolments", summary="sign-ups unchanged")
    cohorts = _open_cohorts(today)
    if len(cohorts) < 2:
        return DemoContribution(app="enrolments", summary="skipped: no open demo cohorts")
    seat, full = cohorts
    _confirm(seat, learner)
    # The second cohort gets a few seats, all taken by demo adults; the learner waits.
    Cohort.objects.filter(pk=full.pk).update(seats=full.confirmed_count + FULL_SEATS)
    adults = [
        ensure_demo_user(
            email=f"deltaker{n}@demo.livslang.test",
            full_name=f"Deltaker {n} (demo)",
            password=DEMO_PASSWORD,
        )[0]
        for n in range(1, FULL_SEATS + 1)
    ]
    for adult in adults:
        _confirm(full, adult)
    Enrolment.objects.create(
        cohort=full, learner=learner, status=EnrolmentStatus.WAITLISTED, waitlist_ticket=1
    )
    if editor is not None:
        record_access(
            actor=editor,
            organisation=full.offering.owner,
            purpose=AccessPurpose.PARTICIPANT_LIST,
            subject=str(full),
            learners=[*adults, learner],
        )
    # Written directly like the sign-ups (the state is what the search form would save).
    now = timezone.now()
    SavedSearch.objects.create(
        user=learner, name=DEMO_SEARCH_NAME, query=DEMO_SEARCH, checked_until=now
    )
    SavedSearch.objects.create(
        user=learner,
        offering=seat.offering,
        name=seat.offering.title,
        query="country=NO&place=9300&radius=100",
        checked_until=now,
    )
    return DemoContribution(
        app="enrolments",
        summary=f"learner has a seat in 1 cohort and waits for 1 (filled by {len(adults)} adults)"
        ", 1 saved search and 1 interest",
    )
