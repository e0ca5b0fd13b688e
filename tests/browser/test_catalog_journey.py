"""Catalogue I in a real browser: a centre editor creates an offering with an on-site cohort
and an online cohort with a local study room, publishes it; a visitor opens the offering page
and downloads a cohort's calendar file. Every page on the way is checked."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from livslang.catalog.models import Mode, Offering, OfferingStatus
from livslang.organisations.models import Kind, Role
from livslang.organisations.testing import make_member, make_organisation
from tests.browser.conftest import Visit
from tests.browser.test_onboarding_journey import PASSWORD, sign_in, sign_out, submit

pytestmark = pytest.mark.browser


def test_create_publish_and_visit_an_offering(visit: Visit) -> None:
    call_command("load_geo", verbosity=0)
    centre = make_organisation(
        Kind.CENTRE, "5530", slug="studiesenteret-senja", name="Studiesenteret Senja"
    )
    make_member(centre, Role.EDITOR, "eli.editor@example.org", password=PASSWORD)
    page = visit.page
    start = timezone.localdate() + timedelta(days=40)

    # The editor opens the centre's catalogue and creates an offering.
    sign_in(visit, "eli.editor@example.org", PASSWORD)
    visit.open(f"/organisations/{centre.slug}/offerings/")
    page.locator(f"a[href='/organisations/{centre.slug}/offerings/new/']").click()
    page.wait_for_load_state()
    visit.check()
    page.fill("input[name=title]", "Helsefagarbeider for voksne")
    page.fill("textarea[name=description]", "Fagbrev som voksen, ved siden av jobb.")
    page.fill("input[name=topics]", "helse, omsorg")
    submit(visit)
    offering = Offering.objects.get(title="Helsefagarbeider for voksne")
    assert page.url.endswith(f"/offerings/{offering.public_id}/edit/")

    # An on-site cohort in Senja, evenings.
    page.locator(f"a[href='/offerings/{offering.public_id}/cohorts/new/']").click()
    page.wait_for_load_state()
    visit.check()
    # A cohort that ends before it starts is refused with the error summary.
    page.fill("input[name=start_date]", start.isoformat())
    page.fill("input[name=end_date]", (start - timedelta(days=1)).isoformat())
    submit(visit)
    assert page.locator("#error-summary").is_visible()
    assert offering.cohorts.count() == 0
    page.select_option("select[name=municipality]", "5530")
    page.fill("input[name=venue_name]", "Finnsnes, Storgata 1")
    page.fill("input[name=start_date]", start.isoformat())
    page.fill("input[name=end_date]", (start + timedelta(days=90)).isoformat())
    page.locator("input[name=schedule_kinds][value=evening]").check()
    page.fill("input[name=price]", "2500")
    page.fill("input[name=seats]", "15")
    submit(visit)
    assert page.url.endswith(f"/offerings/{offering.public_id}/edit/")

    # An online cohort with a local study room in Sørreisa.
    page.locator(f"a[href='/offerings/{offering.public_id}/cohorts/new/']").click()
    page.wait_for_load_state()
    page.locator("input[name=mode][value=online]").check()
    page.fill("input[name=start_date]", (start + timedelta(days=7)).isoformat())
    page.fill("input[name=end_date]", (start + timedelta(days=120)).isoformat())
    page.locator("input[name=schedule_kinds][value=self_paced]").check()
    page.fill("input[name=seats]", "40")
    page.select_option("select[name=group_1_centre]", centre.slug)
    page.select_option("select[name=group_1_municipality]", "5526")
    page.fill("input[name=group_1_room]", "Studierom 2")
    submit(visit)
    assert offering.cohorts.count() == 2
    online = offering.cohorts.get(mode=Mode.ONLINE)
    assert online.study_groups.get().municipality.code == "5526"

    # Publish.
    page.locator(f"form[action='/offerings/{offering.public_id}/publish/'] button").click()
    page.wait_for_load_state()
    visit.check()
    offering.refresh_from_db()
    assert offering.status == OfferingStatus.PUBLISHED
    sign_out(visit)

    # A visitor opens the offering page and downloads a cohort's calendar file.
    visit.open(offering.get_absolute_url())
    body = page.locator("main").inner_text()
    assert "Helsefagarbeider for voksne" in body
    assert "Sørreisa" in body
    assert page.locator("script[type='application/ld+json']").count() == 1
    with page.expect_download() as download_info:
        page.locator(f"a[href='/cohorts/{online.public_id}.ics']").click()
    download = download_info.value
    assert download.suggested_filename == f"{offering.slug}.ics"
    content = Path(download.path()).read_text(encoding="utf-8")
    assert content.startswith("BEGIN:VCALENDAR")
    assert f"UID:{online.public_id}@" in content
    visit.check()  # no console errors (e.g. CSP) after the download either
