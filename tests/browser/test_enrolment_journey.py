"""Enrolment in a real browser: Kari and Ola sign up for the last seat at the same moment; one
gets it, the other is waitlisted. The one with the seat cancels, the real task worker sends the
e-mail in the receiver's language, and the other has the seat. Two runs cover the four
languages (bokmål with English, nynorsk with Danish). Every page on the way is checked."""

from __future__ import annotations

import time

import pytest
from django.utils import translation

from livslang.catalog.testing import make_cohort, make_offering
from livslang.enrolments.models import Enrolment, EnrolmentStatus
from livslang.organisations.models import Kind
from livslang.organisations.testing import make_organisation, make_user
from tests.browser.checks import PageWatch
from tests.browser.conftest import Mailbox, Visit
from tests.browser.test_onboarding_journey import PASSWORD, sign_in

pytestmark = pytest.mark.browser
LOCALES = {"nb": "nb-NO", "nn": "nn-NO", "da": "da-DK", "en": "en-GB"}


def say(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def promotion_mail(mailbox: Mailbox, to: str, text: str, timeout: float = 30) -> str:
    """The e-mail to ``to`` that says ``text`` (the waitlist e-mail came first)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in mailbox.messages():
            for part in message.split("-" * 79):
                if f"To: {to}" in part and text in part:
                    return part
        time.sleep(0.2)
    raise AssertionError(f"no e-mail to {to} saying {text!r} within {timeout} s")


@pytest.mark.parametrize(("kari_language", "ola_language"), [("nb", "en"), ("nn", "da")])
def test_two_adults_one_seat_cancel_and_promotion(
    visit: Visit, task_worker: Mailbox, kari_language: str, ola_language: str
) -> None:
    centre = make_organisation(Kind.CENTRE, "5530", slug="senja-centre", name="Senja Centre")
    offering = make_offering(centre, title="Velferdsteknologi i praksis")
    cohort = make_cohort(offering, seats=1)
    make_user(
        "kari@example.org", full_name="Kari Nordmann", language=kari_language, password=PASSWORD
    )
    make_user("ola@example.org", full_name="Ola Hansen", language=ola_language, password=PASSWORD)
    languages = {"kari@example.org": kari_language, "ola@example.org": ola_language}

    visit.use_language(LOCALES[kari_language])
    kari = visit
    ola_page = visit.browser.new_context(locale=LOCALES[ola_language]).new_page()
    ola = Visit(
        page=ola_page,
        base_url=visit.base_url,
        checker=visit.checker,
        watch=PageWatch(),
        browser=visit.browser,
    )
    ola.watch.attach(ola_page)
    sign_in(kari, "kari@example.org", PASSWORD)
    sign_in(ola, "ola@example.org", PASSWORD)

    # Both find the cohort on the offering's page and open its sign-up page.
    sign_up = f"/cohorts/{cohort.public_id}/sign-up/"
    for person in (kari, ola):
        person.open(offering.get_absolute_url())
        person.page.locator(f"a[href='{sign_up}']").click()
        person.page.wait_for_load_state()
        person.check()
        assert person.page.locator("#seats-left").is_visible()

    # Both press the button at the same moment.
    for person in (kari, ola):
        person.page.locator("main form button[type=submit]").click(no_wait_after=True)
    for person in (kari, ola):
        person.page.wait_for_url("**/my/courses/")
        person.page.wait_for_load_state()
        person.check()

    places = list(Enrolment.objects.select_related("learner"))
    assert sorted(e.status for e in places) == ["confirmed", "waitlisted"]
    first = next(e for e in places if e.status == EnrolmentStatus.CONFIRMED)
    second = next(e for e in places if e.status == EnrolmentStatus.WAITLISTED)
    assert first.learner is not None and second.learner is not None
    holder, waiter = (kari, ola) if first.learner.email == "kari@example.org" else (ola, kari)
    assert waiter.page.locator(f"#enrolment-{second.public_id} .enrolment-status").inner_text()
    assert (
        "1" in waiter.page.locator(f"#enrolment-{second.public_id} .enrolment-status").inner_text()
    )

    # The holder cancels from "my courses", confirming on the cancel page.
    holder.page.locator(f"a[href='/my/courses/{first.public_id}/cancel/']").click()
    holder.page.wait_for_load_state()
    holder.check()
    holder.page.locator("main form button[type=submit]").click()
    holder.page.wait_for_load_state()
    holder.check()

    # The worker e-mails the one first in line, whose page now shows the seat.
    language = languages[second.learner.email]
    advice = "If you cannot take part after all, cancel here so that the next person gets the seat:"
    assert language == "en" or say(language, advice) != advice
    message = promotion_mail(task_worker, second.learner.email, say(language, advice))
    assert "Velferdsteknologi i praksis" in message
    assert f"/my/courses/{second.public_id}/cancel/" in message
    second.refresh_from_db()
    assert second.status == EnrolmentStatus.CONFIRMED and second.promoted
    waiter.page.reload()
    waiter.page.wait_for_load_state()
    waiter.check()
    status = waiter.page.locator(f"#enrolment-{second.public_id} .enrolment-status").inner_text()
    assert status.strip() == say(language, "You have a seat")
    ola_page.context.close()


def test_participant_list_and_privacy_pages(visit: Visit) -> None:
    """The centre's participant list, then the learner's privacy pages showing that view."""
    from livslang.enrolments import services
    from livslang.organisations.models import Role
    from livslang.organisations.testing import make_member

    centre = make_organisation(Kind.CENTRE, "5530", slug="senja-centre", name="Senja Centre")
    make_member(centre, Role.EDITOR, "eli@example.org", password=PASSWORD, language="nb")
    cohort = make_cohort(make_offering(centre, title="Helsefag for voksne"), seats=1)
    kari = make_user("kari@example.org", full_name="Kari Nordmann", password=PASSWORD)
    ola = make_user("ola@example.org", full_name="Ola Hansen", password=PASSWORD)
    services.enrol(learner=kari, cohort=cohort)
    services.enrol(learner=ola, cohort=cohort)

    sign_in(visit, "eli@example.org", PASSWORD)
    visit.open(f"/offerings/{cohort.offering.public_id}/edit/")
    visit.page.locator(f"a[href='/cohorts/{cohort.public_id}/participants/']").click()
    visit.page.wait_for_load_state()
    visit.check()
    assert "Kari Nordmann" in visit.page.locator("#confirmed-caption + thead + tbody").inner_text()
    assert "Ola Hansen" in visit.page.locator("main").inner_text()

    visit.use_language("nb-NO")
    sign_in(visit, "kari@example.org", PASSWORD)
    visit.open("/my/privacy/")
    visit.page.locator("a[href='/my/privacy/data/']").click()
    visit.page.wait_for_load_state()
    visit.check()
    assert "Senja Centre" in visit.page.locator("#access-caption").locator("..").inner_text()
    visit.open("/my/privacy/delete/")
    visit.page.locator("main form button[type=submit]").click()
    visit.page.wait_for_load_state()
    visit.check()  # the error summary for the unticked box
    visit.page.check("input[name=confirm]")
    visit.page.locator("main form button[type=submit]").click()
    visit.page.wait_for_load_state()
    visit.check()  # held back: Kari has a seat in a course that has not ended
    assert visit.page.locator("#erase-held").is_visible()
