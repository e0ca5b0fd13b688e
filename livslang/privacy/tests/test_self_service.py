"""GDPR-02 to GDPR-05: a learner's export, erasure with legal holds, retention, consents."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone, translation

from livslang.accounts.models import User
from livslang.catalog.models import Cohort, CohortStatus
from livslang.catalog.testing import make_cohort, make_offering
from livslang.enrolments import services as enrolment_services
from livslang.enrolments.models import Enrolment
from livslang.organisations.models import Kind, Membership, Role
from livslang.organisations.testing import make_member, make_organisation, make_user
from livslang.privacy import services
from livslang.privacy.models import AccessLogEntry, Consent, ErasureRequest, ErasureStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Any:
    with translation.override("en"):
        yield


@pytest.fixture
def kari(db: None) -> User:
    return make_user("kari@example.org", full_name="Kari Nordmann", language="en")


@pytest.fixture
def eli(db: None) -> User:
    centre = make_organisation(Kind.CENTRE, "5530", name="Senja Centre")
    return make_member(centre, Role.EDITOR, "eli@example.org").user


def signed_in(user: User) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def seat(user: User, cohort: Cohort) -> Enrolment:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return enrolment_services.enrol(learner=user, cohort=cohort)


def test_export_holds_everything_and_nobody_elses(kari: User, eli: User) -> None:
    centre = Membership.objects.get(user=eli).organisation
    cohort = make_cohort(make_offering(centre, title="Sveis"), seats=1)
    seat(kari, cohort)
    other = make_user("ola@example.org", full_name="Ola Hansen")
    seat(other, cohort)
    signed_in(eli).get(reverse("enrolments:participants", args=[cohort.public_id]))
    services.set_consent(user=kari, kind="newsletter", given=True)
    response = signed_in(kari).get(reverse("privacy:export"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    assert data["profile"]["email"] == "kari@example.org"
    assert [e["status"] for e in data["enrolments"]] == ["confirmed"]
    assert data["consents"][0]["consent"] == "newsletter"
    assert data["access_log"][0]["organisation"] == "Senja Centre"
    assert data["access_log"][0]["purpose"] == "participant_list"
    assert "ola@example.org" not in response.content.decode()
    assert "Ola Hansen" not in response.content.decode()
    page = signed_in(kari).get(reverse("privacy:data")).content.decode()
    assert "Senja Centre" in page and "Participant list of a cohort" in page
    assert "Ola Hansen" not in page


def test_export_query_count_does_not_grow(kari: User, django_assert_max_num_queries: Any) -> None:
    offering = make_offering(title="Sveis")
    for _ in range(6):
        seat(kari, make_cohort(offering, seats=2))
    client = signed_in(kari)
    client.get(reverse("privacy:export"))
    with django_assert_max_num_queries(12):
        data = json.loads(client.get(reverse("privacy:export")).content)
    assert len(data["enrolments"]) == 6


def test_erasure_without_hold_removes_the_person_and_keeps_counts(kari: User) -> None:
    cohort = make_cohort(make_offering(title="Sveis"), seats=1)
    mine = seat(kari, cohort)
    with TestCase.captureOnCommitCallbacks(execute=True):
        enrolment_services.cancel(actor=kari, enrolment=mine)
    waiting_cohort = make_cohort(make_offering(title="Helse"), seats=0)
    seat(kari, waiting_cohort)
    services.set_consent(user=kari, kind="share_profile", given=True)
    client = signed_in(kari)
    other_session = signed_in(kari)
    response = client.post(reverse("privacy:erase"), {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("pages:home")
    kari.refresh_from_db()
    assert kari.email.endswith("@erased.invalid") and kari.full_name == ""
    assert not kari.is_active and not kari.has_usable_password()
    assert Enrolment.objects.filter(learner__isnull=True).count() == 2
    assert Enrolment.objects.filter(status="waitlisted").count() == 0
    assert not Consent.objects.exists()
    request = ErasureRequest.objects.get()
    assert request.status == ErasureStatus.DONE and request.user is None
    # Every session ends (ASVS 7.4.2).
    assert other_session.get(reverse("enrolments:mine")).status_code == 302


def test_erasure_is_held_while_a_course_runs_or_an_organisation_needs_its_admin(
    kari: User,
) -> None:
    cohort = make_cohort(make_offering(title="Sveis"), seats=3)
    seat(kari, cohort)
    org = make_organisation(Kind.EMPLOYER, "5530", name="Senja Kommune")
    Membership.objects.create(user=kari, organisation=org, role=Role.ADMIN)
    response = signed_in(kari).post(reverse("privacy:erase"), {"confirm": "on"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "You have a seat in Sveis, which has not ended" in body
    assert "only administrator of Senja Kommune" in body
    kari.refresh_from_db()
    assert kari.email == "kari@example.org" and kari.is_active
    held = ErasureRequest.objects.get()
    assert held.status == ErasureStatus.HELD and len(held.hold_reasons) == 2
    assert held.due_by == timezone.localdate() + timedelta(days=30)
    home = signed_in(kari).get(reverse("privacy:home")).content.decode()
    assert "holding it back" in home
    # Once the course is over, a new request erases at once.
    Cohort.objects.filter(pk=cohort.pk).update(status=CohortStatus.COMPLETED)
    Membership.objects.create(user=make_user(), organisation=org, role=Role.ADMIN)
    assert services.request_erasure(user=kari).erased


def test_erasure_needs_the_box_ticked(kari: User) -> None:
    response = signed_in(kari).post(reverse("privacy:erase"), {})
    assert response.status_code == 200
    assert "Tick the box" in response.content.decode()
    kari.refresh_from_db()
    assert kari.is_active


def test_consents_are_off_by_default_and_withdrawn_in_one_click(kari: User) -> None:
    client = signed_in(kari)
    page = client.get(reverse("privacy:home")).content.decode()
    assert 'name="newsletter"' in page and "checked" not in page
    client.post(reverse("privacy:consents"), {"newsletter": "on"})
    assert services.has_consent(kari, "newsletter")
    assert not services.has_consent(kari, "share_profile")
    consent = Consent.objects.get()
    assert consent.text_version >= 1 and consent.withdrawn_at is None
    client.post(reverse("privacy:consents"), {})
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert not services.has_consent(kari, "newsletter")


def test_retention_anonymises_old_sign_ups_twice_safely(kari: User, eli: User) -> None:
    offering = make_offering(title="Sveis")
    old = make_cohort(offering, seats=3)
    recent = make_cohort(offering, seats=3)
    seat(kari, old)
    seat(kari, recent)
    signed_in(eli)  # staff exist; an access-log entry to age out
    AccessLogEntry.objects.create(actor=eli, actor_label="eli", purpose="participant_list")
    Cohort.objects.filter(pk=old.pk).update(
        start_date=timezone.localdate() - timedelta(days=900),
        end_date=timezone.localdate() - timedelta(days=800),
    )
    later = timezone.now() + timedelta(days=5 * 365 + 1)
    tail = "access_log_deleted=0 withdrawn_consents_deleted=0"
    out = _command(["--dry-run"])
    assert out == f"dry-run: inactive_accounts_erased=0 sign_ups_anonymised=1 {tail}"
    assert Enrolment.objects.filter(learner=kari).count() == 2
    assert _command([]) == f"inactive_accounts_erased=0 sign_ups_anonymised=1 {tail}"
    assert _command([]) == f"inactive_accounts_erased=0 sign_ups_anonymised=0 {tail}"
    assert Enrolment.objects.get(cohort=old).learner is None
    assert Enrolment.objects.get(cohort=recent).learner == kari
    with time_machine.travel(later, tick=False):
        counts = services.apply_retention()
    assert counts["access_log_deleted"] == 1 and not AccessLogEntry.objects.exists()
    # Three years without signing in: Kari (whose seats are over by then) is erased; Eli,
    # staff of a centre, too; the platform's own staff are not touched.
    assert counts["inactive_accounts_erased"] == 2
    kari.refresh_from_db()
    assert kari.email.endswith("@erased.invalid")


def test_inactive_account_with_a_running_course_is_held(kari: User) -> None:
    cohort = make_cohort(make_offering(title="Sveis"), seats=3)
    seat(kari, cohort)
    User.objects.filter(pk=kari.pk).update(last_login=timezone.now() - timedelta(days=4 * 365))
    counts = services.apply_retention()
    assert counts["inactive_accounts_erased"] == 0
    kari.refresh_from_db()
    assert kari.is_active and ErasureRequest.objects.get().status == ErasureStatus.HELD
    services.apply_retention()  # the next day's run: still one request
    assert ErasureRequest.objects.count() == 1


def _command(args: list[str]) -> str:
    import io

    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue().strip()
