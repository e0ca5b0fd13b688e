"""Matching in a real browser: an employer in Senja writes a need in Norwegian, sees topic
suggestions while typing, registers it and finds a Danish-language online course among the
matches with its reasons in Norwegian. Every page on the way is checked."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from livslang.catalog.models import Mode
from livslang.catalog.testing import make_cohort, make_offering, make_postcode
from livslang.needs.models import Need
from livslang.organisations.models import Kind, Role
from livslang.organisations.testing import make_organisation, make_user
from tests.browser.conftest import Visit
from tests.browser.test_onboarding_journey import PASSWORD, sign_in

pytestmark = pytest.mark.browser


def test_register_a_need_and_see_a_danish_online_course(visit: Visit) -> None:
    make_postcode("9300")
    start = timezone.localdate() + timedelta(days=45)
    danish = make_offering(
        make_organisation(Kind.PROVIDER, "5530", slug="dansk-skole", name="Dansk skole"),
        title="Velfærdsteknologi i hjemmeplejen",
        description="Online kursus om velfærdsteknologi, digitalt tilsyn og tryghedsalarmer.",
        topics=["velfærdsteknologi"],
        language="da",
    )
    make_cohort(
        danish,
        mode=Mode.ONLINE,
        country="DK",
        price=Decimal("900"),
        start_date=start,
        schedule_kinds=["evening"],
    )
    employer = make_organisation(Kind.EMPLOYER, "5530", slug="senja-omsorg", name="Senja omsorg")
    manager = make_user(
        "mona@example.org", full_name="Mona Leder", language="nb", password=PASSWORD
    )
    employer.memberships.create(user=manager, role=Role.EDITOR)
    sign_in(visit, "mona@example.org", PASSWORD)

    visit.open("/needs/new/")
    page = visit.page
    page.fill("#id_title", "Velferdsteknologi for nye ansatte")
    page.fill(
        "#id_text",
        "Åtte nye ansatte i hjemmetjenesten skal bruke digitalt tilsyn og trygghetsalarmer. "
        "Kveld eller nett passer best.",
    )
    # Suggestions arrive while typing (htmx).
    page.locator("#topic-suggestions input[name=topics]").first.wait_for()
    page.fill("#id_participants", "8")
    page.fill("#id_postcode", "9300")
    page.fill("#id_earliest_start", timezone.localdate().isoformat())
    page.fill("#id_latest_start", (timezone.localdate() + timedelta(days=200)).isoformat())
    page.check("input[name=modes][value=on_site]")
    page.check("input[name=modes][value=online]")
    page.fill("#id_max_travel_km", "60")
    page.locator("main form button[type=submit]:not([name])").click()
    page.wait_for_url("**/needs/*/")
    page.wait_for_load_state()
    visit.check()

    need = Need.objects.get()
    assert need.language == "nb"
    match = page.locator("li.match", has_text="Velfærdsteknologi i hjemmeplejen")
    assert match.count() == 1
    text = match.inner_text()
    assert "nettbasert" in text  # the mode, in Norwegian
    assert "1\xa0422 NOK" in text  # 900 DKK converted at the dated rate
    assert "at the fixed rate" not in text and "seats free" not in text  # reasons in Norwegian
