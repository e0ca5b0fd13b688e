"""CON-01 to CON-04: nobody is overbooked, however many sign up or cancel at the same moment.

The threaded tests run against the real test database of the run (a file SQLite database with
IMMEDIATE transactions and WAL, or PostgreSQL), each thread on its own connection, all
released together by a barrier.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Count, Max, Min
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from livslang.accounts.models import User
from livslang.catalog.models import Cohort, CohortStatus
from livslang.catalog.services import set_cohort_status, update_cohort
from livslang.catalog.testing import make_cohort, make_offering
from livslang.enrolments import services
from livslang.enrolments.models import Enrolment, EnrolmentStatus
from livslang.organisations.models import Kind, Role
from livslang.organisations.testing import make_member, make_organisation, make_user

THREADS = 100


def _assert_capacity(threads: int) -> None:
    """PostgreSQL refuses connections beyond max_connections (100 by default here)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        available = int(cursor.fetchone()[0])
    assert available >= threads + 20, (
        f"PostgreSQL max_connections is {available}; these tests need at least {threads + 20} "
        "(make test raises it to 300 and restarts PostgreSQL)"
    )


def at_once(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Run ``jobs`` in threads released together; each result, or the exception raised."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            # Connect first, so the barrier releases them all into their transactions at once.
            connection.ensure_connection()
            barrier.wait()
            results[index] = job()
        except BaseException as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _people(count: int, prefix: str) -> list[User]:
    return [make_user(f"{prefix}{n}@example.org") for n in range(count)]


def _invariants(cohort: Cohort) -> dict[str, Any]:
    cohort.refresh_from_db()
    rows = Enrolment.objects.filter(cohort=cohort)
    confirmed = rows.filter(status=EnrolmentStatus.CONFIRMED).count()
    assert cohort.seats is not None and confirmed <= cohort.seats
    assert cohort.confirmed_count == confirmed, "the counter must equal the confirmed rows"
    doubles = (
        rows.filter(status__in=["confirmed", "waitlisted"])
        .values("learner")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not doubles.exists(), "someone holds two places"
    tickets = list(rows.exclude(waitlist_ticket=None).values_list("waitlist_ticket", flat=True))
    assert len(tickets) == len(set(tickets)), "waitlist positions must be unique"
    waiting = rows.filter(status=EnrolmentStatus.WAITLISTED).count()
    if waiting:
        assert confirmed == cohort.seats, "a seat is free while people wait"
    return {"confirmed": confirmed, "waiting": waiting}


@pytest.fixture
def open_cohort(transactional_db: None) -> Callable[[int], Cohort]:
    def make(seats: int) -> Cohort:
        return make_cohort(make_offering(title="Sveis"), seats=seats)

    return make


def test_con01_hundred_at_once_for_ten_seats(open_cohort: Callable[[int], Cohort]) -> None:
    _assert_capacity(THREADS)
    cohort = open_cohort(10)
    people = _people(THREADS, "crowd")
    results = at_once([functools.partial(services.enrol, learner=p, cohort=cohort) for p in people])
    errors = [r for r in results if isinstance(r, BaseException)]
    assert not errors, f"{len(errors)} sign-ups failed, first: {errors[0]!r}"
    counts = _invariants(cohort)
    assert counts == {"confirmed": 10, "waiting": THREADS - 10}
    tickets = sorted(
        t
        for t in Enrolment.objects.filter(cohort=cohort, status="waitlisted").values_list(
            "waitlist_ticket", flat=True
        )
        if t is not None
    )
    assert tickets == list(range(1, THREADS - 10 + 1))


def test_con02_same_person_twenty_times(open_cohort: Callable[[int], Cohort]) -> None:
    _assert_capacity(20)
    cohort = open_cohort(5)
    person = make_user("eager@example.org")
    results = at_once([lambda: services.enrol(learner=person, cohort=cohort)] * 20)
    assert not [r for r in results if isinstance(r, BaseException)]
    assert len({r.pk for r in results}) == 1
    assert Enrolment.objects.filter(cohort=cohort).count() == 1
    assert _invariants(cohort)["confirmed"] == 1


def test_con03_cancellations_race_new_sign_ups(open_cohort: Callable[[int], Cohort]) -> None:
    _assert_capacity(70)
    cohort = open_cohort(20)
    holders = _people(20, "holder")
    places = [services.enrol(learner=p, cohort=cohort) for p in holders]
    newcomers = _people(50, "newcomer")
    jobs: list[Callable[[], Any]] = [
        functools.partial(services.cancel, actor=p, enrolment=e)
        for p, e in zip(holders, places, strict=True)
    ]
    jobs += [functools.partial(services.enrol, learner=p, cohort=cohort) for p in newcomers]
    results = at_once(jobs)
    assert not [r for r in results if isinstance(r, BaseException)]
    counts = _invariants(cohort)
    assert counts == {"confirmed": 20, "waiting": 30}
    rows = Enrolment.objects.filter(cohort=cohort)
    assert rows.filter(learner__in=holders, status="cancelled").count() == 20
    # FIFO: everyone given a seat from the waitlist was ahead of everyone still waiting.
    promoted_last = rows.filter(promoted=True).aggregate(m=Max("waitlist_ticket"))["m"]
    waiting_first = rows.filter(status="waitlisted").aggregate(m=Min("waitlist_ticket"))["m"]
    if promoted_last is not None:
        assert promoted_last < waiting_first


# CON-04: the rules hold after every step of any sequence ------------------------------------


class SignUps(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        centre = make_organisation(Kind.CENTRE, "5530")
        self.editor = make_member(centre, Role.EDITOR).user
        self.cohort = make_cohort(make_offering(centre), seats=2)
        self.people = [make_user() for _ in range(5)]

    def _mine(self, index: int) -> Enrolment | None:
        return (
            Enrolment.objects.filter(cohort=self.cohort, learner=self.people[index])
            .active()
            .first()
        )

    @rule(index=st.integers(0, 4))
    def enrol(self, index: int) -> None:
        self.cohort.refresh_from_db()
        try:
            services.enrol(learner=self.people[index], cohort=self.cohort)
        except services.NotOpen:
            assert self.cohort.status not in (CohortStatus.OPEN, CohortStatus.WILL_RUN)

    @rule(index=st.integers(0, 4))
    def cancel(self, index: int) -> None:
        enrolment = self._mine(index)
        if enrolment is not None:
            services.cancel(actor=self.people[index], enrolment=enrolment)

    @rule(index=st.integers(0, 4), other=st.integers(0, 4))
    def cancel_someone_else(self, index: int, other: int) -> None:
        enrolment = self._mine(other)
        if enrolment is not None and index != other:
            with pytest.raises(PermissionDenied):
                services.cancel(actor=self.people[index], enrolment=enrolment)

    @rule(seats=st.integers(0, 4))
    def change_seats(self, seats: int) -> None:
        self.cohort.refresh_from_db()
        if self.cohort.status in (CohortStatus.CANCELLED,):
            return
        try:
            update_cohort(actor=self.editor, cohort=self.cohort, data={"seats": seats})
        except ValidationError:
            self.cohort.refresh_from_db()
            assert seats < self.cohort.confirmed_count

    @rule()
    def close(self) -> None:
        self.cohort.refresh_from_db()
        if self.cohort.status == CohortStatus.OPEN:
            set_cohort_status(actor=self.editor, cohort=self.cohort, status=CohortStatus.CANCELLED)

    @invariant()
    def rules_hold(self) -> None:
        self.cohort.refresh_from_db()
        if self.cohort.status == CohortStatus.OPEN:
            _invariants(self.cohort)
        else:
            confirmed = Enrolment.objects.filter(cohort=self.cohort).confirmed().count()
            assert self.cohort.confirmed_count == confirmed
            assert self.cohort.seats is None or confirmed <= self.cohort.seats


@pytest.mark.django_db
def test_con04_rules_hold_after_every_step() -> None:
    run_state_machine_as_test(
        SignUps, settings=settings(max_examples=25, stateful_step_count=20, deadline=None)
    )
