"""Brokerage in a real browser: an employer's need in Senja appears on the centre's dashboard;
the centre proposes a cohort for it and opens sign-up; the employer sees the proposal on the
need's page and accepts by pledging; an adult signs up; the centre confirms at the deadline;
the real task worker delivers the e-mail to every party. Every page on the way is checked."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from livslang.catalog.models import Cohort, CohortStatus
from livslang.catalog.testing import make_offering
from livslang.enrolments.models import Pledge
from livslang.needs.models import Need
from livslang.organisations.models import Kind, Role
from livslang.organisations.testing import (
    ensure_municipality,
    make_member,
    make_organisation,
    make_user,
)
from tests.browser.conftest import Mailbox, Visit
from tests.browser.test_onboarding_journey import PASSWORD, sign_in

pytestmark = pytest.mark.browser
COURSE = "Fiskehelse i praksis"


def mail_saying(mailbox: Mailbox, to: str, text: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in mailbox.messages():
            for part in message.split("-" * 79):
                if f"To: {to}" in part and text in part:
                    return part
        time.sleep(0.2)
    raise AssertionError(f"no e-mail to {to} saying {text!r} within {timeout} s")


def test_from_a_need_to_a_confirmed_cohort(visit: Visit, task_worker: Mailbox) -> None:
    senja = ensure_municipality("5530")
    centre = make_organisation(Kind.CENTRE, "5530", slug="senja-centre", name="Senja Centre")
    centre.centre_profile.municipalities_served.set([senja])
    make_member(centre, Role.EDITOR, "eli@example.org", password=PASSWORD, language="en")
    offering = make_offering(centre, title=COURSE, topics=["fiskehelse"])
    employer = make_organisation(Kind.EMPLOYER, "5530", slug="fisk-as", name="Fisk AS")
    make_member(employer, Role.EDITOR, "mona@example.org", password=PASSWORD, language="da")
    make_user("kari@example.org", full_name="Kari Nordmann", language="nn", password=PASSWORD)
    start = timezone.localdate() + timedelta(days=30)
    need = Need.objects.create(
        organisation=employer,
        title="Fiskehelse for nattskiftet",
        text="Fire operatører trenger fiskehelse og velferd.",
        language="nb",
        topics=["fiskehelse"],
        participants=4,
        country="NO",
        postcode="9300",
        municipality=senja,
        earliest_start=start,
        latest_start=start + timedelta(days=90),
        modes=["on_site"],
        currency="NOK",
    )

    # The centre sees the employer's need as demand in Senja and proposes a cohort for it.
    visit.use_language("en-GB")
    sign_in(visit, "eli@example.org", PASSWORD)
    visit.open("/brokerage/senja-centre/")
    table = visit.page.locator("#demand-table").inner_text()
    assert "Fisk AS" in table and "fiskehelse" in table
    visit.page.locator("#demand-table a").first.click()
    visit.page.wait_for_load_state()
    visit.check()
    today = timezone.localdate()
    visit.page.fill("input[name=venue_name]", "Finnsnes, rom 2")
    visit.page.fill("input[name=start_date]", (today + timedelta(days=40)).isoformat())
    visit.page.fill("input[name=end_date]", (today + timedelta(days=80)).isoformat())
    visit.page.fill("input[name=application_deadline]", (today + timedelta(days=20)).isoformat())
    visit.page.fill("input[name=minimum_participants]", "5")
    visit.page.fill("input[name=seats]", "10")
    visit.page.locator("main form button[type=submit]").click()
    visit.page.wait_for_url("**/brokerage/senja-centre/")
    visit.check()
    cohort = Cohort.objects.get(offering=offering)
    assert cohort.status == CohortStatus.PLANNED
    # It opens sign-up in the catalogue.
    visit.open(f"/offerings/{offering.public_id}/edit/")
    visit.page.select_option(f"#status-{cohort.public_id}", "open")
    visit.page.locator(f"form:has(#status-{cohort.public_id}) button[type=submit]").click()
    visit.page.wait_for_load_state()
    visit.check()
    mail_saying(task_worker, "mona@example.org", COURSE)

    # The employer sees the proposal on the need's page and accepts by pledging four.
    visit.use_language("da-DK")
    sign_in(visit, "mona@example.org", PASSWORD)
    visit.open(need.get_absolute_url())
    visit.page.locator(f"#proposals a[href*='/cohorts/{cohort.public_id}/pledge/']").click()
    visit.page.wait_for_load_state()
    visit.check()
    assert visit.page.input_value("input[name=participants]") == "4"
    visit.page.locator("main form button[type=submit]").click()
    visit.page.wait_for_url(f"**{need.get_absolute_url()}")
    visit.check()
    assert Pledge.objects.get().participants == 4

    # An adult signs up.
    visit.use_language("nn-NO")
    sign_in(visit, "kari@example.org", PASSWORD)
    visit.open(f"/cohorts/{cohort.public_id}/sign-up/")
    visit.page.locator("main form button[type=submit]").click()
    visit.page.wait_for_url("**/my/courses/")
    visit.check()

    # The centre sees 5 of 5 and confirms at the deadline.
    visit.use_language("en-GB")
    sign_in(visit, "eli@example.org", PASSWORD)
    visit.open("/brokerage/senja-centre/")
    assert "5 of 5" in visit.page.locator("#cohort-table").inner_text()
    visit.page.locator("#cohort-table button[value=go]").click()
    visit.page.wait_for_url("**/brokerage/senja-centre/")
    visit.check()
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.WILL_RUN

    # The worker tells every party: the adult, and the employer who pledged.
    kari_mail = mail_saying(task_worker, "kari@example.org", "Senja Centre")
    assert COURSE in kari_mail
    mona_mail = mail_saying(task_worker, "mona@example.org", "Fisk AS")
    assert COURSE in mona_mail
