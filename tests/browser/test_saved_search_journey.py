"""Saved searches in a real browser: Kari searches near Finnsnes, saves the search, asks to be
told when a course runs near her, finds both on "Your courses", and a digest's unsubscribe
link works without signing in. Every page on the way is checked."""

from __future__ import annotations

import pytest
from django.urls import reverse

from livslang.catalog.testing import make_cohort, make_offering, make_postcode
from livslang.enrolments import services
from livslang.enrolments.models import SavedSearch
from livslang.organisations.models import Kind
from livslang.organisations.testing import make_organisation, make_user
from livslang.search.index import reset_index
from tests.browser.conftest import Visit
from tests.browser.test_onboarding_journey import PASSWORD, sign_in, sign_out

pytestmark = pytest.mark.browser


def test_save_a_search_ask_for_an_interest_and_unsubscribe(visit: Visit) -> None:
    reset_index()
    make_postcode("9300")
    centre = make_organisation(Kind.CENTRE, "5530", slug="senja-centre", name="Senja Centre")
    offering = make_offering(centre, title="Sveising for voksne")
    make_cohort(offering)
    kari = make_user(
        "kari@example.org", full_name="Kari Nordmann", language="en", password=PASSWORD
    )
    sign_in(visit, "kari@example.org", PASSWORD)

    visit.open("/search/?q=sveising&place=9300&country=NO&radius=50")
    visit.page.locator("button[form=save-search-form]").click()
    visit.page.wait_for_load_state()
    visit.check()
    search = SavedSearch.objects.get(user=kari)
    assert search.query == "country=NO&place=9300&q=sveising&radius=50"

    visit.open(offering.get_absolute_url())
    visit.page.locator(
        f"a[href='{reverse('enrolments:interest', args=[offering.public_id])}']"
    ).click()
    visit.page.wait_for_load_state()
    visit.check()
    visit.page.fill("input[name=place]", "9300")
    visit.page.locator("main form button[type=submit]").click()
    visit.page.wait_for_url("**/my/courses/")
    visit.page.wait_for_load_state()
    visit.check()
    listed = visit.page.locator("#saved-searches li")
    assert listed.count() == 2

    sign_out(visit)
    token = services.unsubscribe_token(search, user=kari)
    visit.open(reverse("enrolments:unsubscribe", args=[token]))
    visit.page.locator("main form button[type=submit]").click()
    visit.page.wait_for_load_state()
    visit.check()
    search.refresh_from_db()
    assert search.unsubscribed_at is not None
