"""Signing up, the waitlist and promotion, pre-registration, and the pages around them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from livslang.accounts.models import User
from livslang.audit.models import AuditEntry
from livslang.catalog.models import Cohort, CohortStatus, EnrolmentMethod, Offering
from livslang.catalog.services import update_cohort
from livslang.catalog.testing import make_cohort
from livslang.enrolments import services
from livslang.enrolments.models import Enrolment, EnrolmentStatus, PreRegistration
from livslang.enrolments.tests.conftest import as_user
from livslang.organisations.testing import make_user

pytestmark = pytest.mark.django_db


def mails() -> list[dict[str, Any]]:
    """The e-mails queued for the worker, oldest first."""
    rows = DBTaskResult.objects.filter(task_path="livslang.accounts.tasks.send_email")
    return [r.args_kwargs["kwargs"] for r in rows.order_by("enqueued_at")]


def enrol(user: User, cohort: Cohort) -> Enrolment:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.enrol(learner=user, cohort=cohort)


def cancel(user: User, enrolment: Enrolment) -> Enrolment:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.cancel(actor=user, enrolment=enrolment)


def refreshed(cohort: Cohort) -> Cohort:
    return Cohort.objects.get(pk=cohort.pk)


# --- The rules ---------------------------------------------------------------------------------


def test_seat_then_waitlist_then_promotion_in_order(
    cohort: Cohort, kari: User, ola: User, per: User
) -> None:
    first = enrol(kari, cohort)
    second = enrol(ola, cohort)
    third = enrol(per, cohort)
    assert first.status == EnrolmentStatus.CONFIRMED
    assert (second.status, services.waitlist_position(second)) == ("waitlisted", 1)
    assert (third.status, services.waitlist_position(third)) == ("waitlisted", 2)
    assert refreshed(cohort).confirmed_count == 1
    assert [m["to"] for m in mails()] == [[kari.email], [ola.email], [per.email]]
    assert "number 2 on the waitlist" in mails()[2]["body"]

    cancel(kari, first)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == EnrolmentStatus.CONFIRMED and second.promoted
    assert services.waitlist_position(third) == 1
    assert refreshed(cohort).confirmed_count == 1
    promoted = mails()[-1]
    assert promoted["to"] == [ola.email]
    assert promoted["subject"] == "A seat is yours: Velferdsteknologi"
    cancel_path = reverse("enrolments:cancel", args=[second.public_id])
    assert cancel_path in promoted["body"]


def test_double_submit_gives_the_same_enrolment(cohort: Cohort, kari: User) -> None:
    first = enrol(kari, cohort)
    again = enrol(kari, cohort)
    assert again.pk == first.pk
    assert Enrolment.objects.count() == 1 and refreshed(cohort).confirmed_count == 1
    assert len(mails()) == 1


def test_cancelling_twice_changes_nothing_more(cohort: Cohort, kari: User, ola: User) -> None:
    mine = enrol(kari, cohort)
    enrol(ola, cohort)
    cancel(kari, mine)
    before = (refreshed(cohort).confirmed_count, list(Enrolment.objects.values_list("status")))
    cancel(kari, mine)
    after = (refreshed(cohort).confirmed_count, list(Enrolment.objects.values_list("status")))
    assert before == after == (1, [("cancelled",), ("confirmed",)])


def test_only_the_learner_cancels(cohort: Cohort, kari: User, ola: User) -> None:
    mine = enrol(kari, cohort)
    with pytest.raises(PermissionDenied):
        services.cancel(actor=ola, enrolment=mine)
    mine.refresh_from_db()
    assert mine.status == EnrolmentStatus.CONFIRMED


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": CohortStatus.PLANNED}, "not open for sign-up"),
        ({"status": CohortStatus.CANCELLED}, "not open for sign-up"),
        ({"status": CohortStatus.WILL_RUN, "seats": None}, "not open for sign-up"),
        ({"application_deadline": timezone.localdate() - timedelta(days=1)}, "deadline"),
        ({"start_date": timezone.localdate() - timedelta(days=1)}, "already started"),
        (
            {"enrolment_method": EnrolmentMethod.EXTERNAL, "application_url": "https://x.no"},
            "at the provider",
        ),
    ],
)
def test_closed_cohorts_refuse_and_change_nothing(
    offering: Offering, kari: User, change: dict[str, Any], message: str
) -> None:
    cohort = make_cohort(offering, **{"seats": 5, **change})
    with pytest.raises(ValidationError) as caught:
        services.enrol(learner=kari, cohort=cohort)
    assert message in caught.value.messages[0]
    assert not Enrolment.objects.exists() and refreshed(cohort).confirmed_count == 0


def test_unpublished_offering_refuses(offering: Offering, kari: User) -> None:
    cohort = make_cohort(offering, seats=5)
    Offering.objects.filter(pk=offering.pk).update(status="draft")
    with pytest.raises(ValidationError):
        services.enrol(learner=kari, cohort=refreshed(cohort))


def test_seats_cannot_go_below_confirmed(cohort: Cohort, eli: User, kari: User) -> None:
    Cohort.objects.filter(pk=cohort.pk).update(seats=2)
    enrol(kari, refreshed(cohort))
    enrol(make_user(), refreshed(cohort))
    with pytest.raises(ValidationError) as caught:
        update_cohort(actor=eli, cohort=refreshed(cohort), data={"seats": 1})
    assert "2 participants are already confirmed" in str(caught.value)
    assert refreshed(cohort).seats == 2


def test_more_seats_go_to_the_waitlist_in_order(
    cohort: Cohort, eli: User, kari: User, ola: User, per: User
) -> None:
    enrol(kari, cohort)
    second = enrol(ola, cohort)
    third = enrol(per, cohort)
    with TestCase.captureOnCommitCallbacks(execute=True):
        update_cohort(actor=eli, cohort=refreshed(cohort), data={"seats": 2})
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == ("confirmed", "waitlisted")
    assert refreshed(cohort).confirmed_count == 2
    assert mails()[-1]["to"] == [ola.email]


def test_database_refuses_overbooking_and_two_active_enrolments(cohort: Cohort, kari: User) -> None:
    """CON-02: the constraints hold even for writes that bypass the services."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Cohort.objects.filter(pk=cohort.pk).update(confirmed_count=2)
    enrol(kari, cohort)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(
            cohort=cohort, learner=kari, status=EnrolmentStatus.WAITLISTED, waitlist_ticket=9
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(
            cohort=cohort, learner=make_user(), status=EnrolmentStatus.WAITLISTED
        )


def test_sign_ups_are_audited(cohort: Cohort, kari: User, ola: User) -> None:
    mine = enrol(kari, cohort)
    enrol(ola, cohort)
    cancel(kari, mine)
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == [
        "enrolment.create",
        "enrolment.create",
        "enrolment.cancel",
        "enrolment.promote",
    ]


# --- Pre-registration ----------------------------------------------------------------------------


def test_pre_register_for_an_external_cohort(offering: Offering, kari: User) -> None:
    cohort = make_cohort(
        offering,
        seats=None,
        minimum_participants=8,
        enrolment_method=EnrolmentMethod.EXTERNAL,
        application_url="https://provider.example/apply",
    )
    client = as_user(kari)
    url = reverse("enrolments:pre_register", args=[cohort.public_id])
    page = client.get(url).content.decode()
    assert "https://provider.example/apply" in page and "0 so far" in page
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # twice: still one
    registration = PreRegistration.objects.get()
    body = client.get(url).content.decode()
    assert "You are pre-registered" in body and "1 so far" in body
    mine = client.get(reverse("enrolments:mine")).content.decode()
    assert "Velferdsteknologi" in mine
    client.post(reverse("enrolments:withdraw", args=[registration.public_id]))
    registration.refresh_from_db()
    assert registration.withdrawn_at is not None
    # Sign-up pages send external cohorts to pre-registration and back.
    sign_up = reverse("enrolments:sign_up", args=[cohort.public_id])
    assert client.get(sign_up)["Location"] == url


# --- Pages ----------------------------------------------------------------------------------------


def test_sign_up_page_and_my_courses(cohort: Cohort, kari: User, ola: User) -> None:
    url = reverse("enrolments:sign_up", args=[cohort.public_id])
    assert as_user(None).get(url).status_code == 302  # sign in first
    kari_client = as_user(kari)
    page = kari_client.get(url).content.decode()
    assert "1 seat is free." in page and "Join the waitlist" not in page
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = kari_client.post(url)
    assert response["Location"] == reverse("enrolments:mine")
    ola_client = as_user(ola)
    full = ola_client.get(url).content.decode()
    assert "The cohort is full" in full and "Join the waitlist" in full
    with TestCase.captureOnCommitCallbacks(execute=True):
        ola_client.post(url)
    body = ola_client.get(reverse("enrolments:mine")).content.decode()
    assert "Number 1 on the waitlist" in body
    assert "You have a seat" in kari_client.get(reverse("enrolments:mine")).content.decode()
    # The offering page links to sign-up with the seats left.
    offering_page = kari_client.get(cohort.offering.get_absolute_url()).content.decode()
    assert url in offering_page


def test_cancel_page_is_the_learners_own(cohort: Cohort, kari: User, ola: User) -> None:
    mine = enrol(kari, cohort)
    waiting = enrol(ola, cohort)
    url = reverse("enrolments:cancel", args=[mine.public_id])
    assert as_user(ola).get(url).status_code == 404
    assert as_user(ola).post(url).status_code == 404
    kari_client = as_user(kari)
    assert "your seat goes to the first person" in kari_client.get(url).content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert kari_client.post(url)["Location"] == reverse("enrolments:mine")
    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.CONFIRMED
    assert "already cancelled" in kari_client.get(url).content.decode()


def test_my_courses_query_count_does_not_grow(
    offering: Offering, kari: User, django_assert_max_num_queries: Any
) -> None:
    for _ in range(8):
        enrol(kari, make_cohort(offering, seats=3))
    client = as_user(kari)
    client.get(reverse("enrolments:mine"))  # warm the session
    with django_assert_max_num_queries(8):
        response = client.get(reverse("enrolments:mine"))
    assert response.content.decode().count("You have a seat") == 8
