"""Search in a real browser, by keyboard alone (A11Y-02): type a query and see results as
you type, filter, search near a postcode, page, go back; every state checked by axe, the HTML
checker and the console, and the page checked in all four languages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from livslang.catalog.models import Mode
from livslang.catalog.testing import make_cohort, make_offering
from livslang.geo.models import Municipality
from livslang.organisations.models import Kind, Role
from livslang.organisations.testing import make_member, make_organisation
from livslang.search import services
from livslang.search.index import reset_index
from livslang.search.models import SearchLogEntry
from livslang.search.queries import Criteria
from tests.browser.conftest import Visit
from tests.browser.test_onboarding_journey import PASSWORD, sign_in

pytestmark = pytest.mark.browser


def active(page: Any) -> str:
    """A description of the focused element: its id, else its tag and text."""
    return str(
        page.evaluate(
            "() => { const e = document.activeElement;"
            " return e ? (e.id || e.tagName + ':' + (e.textContent || '').trim()) : ''; }"
        )
    )


def tab_to(page: Any, selector: str, limit: int = 120) -> None:
    """Press Tab until the element matching ``selector`` has focus."""
    for _n in range(limit):
        if page.evaluate(f"() => document.activeElement.matches({selector!r})"):
            return
        page.keyboard.press("Tab")
        assert active(page) not in ("", "BODY:"), "focus was lost"
    raise AssertionError(f"Tab never reached {selector}")


def results_say(page: Any, text: str) -> None:
    page.wait_for_function(
        "(t) => document.querySelector('#search-results [role=status]').textContent.includes(t)",
        arg=text,
        timeout=30_000,  # a wait, not a timing check: generous for a loaded machine
    )


def catalogue() -> None:
    call_command("load_geo", verbosity=0)
    centre = make_organisation(Kind.CENTRE, "5530", slug="senter-senja", name="Senter Senja")
    senja = Municipality.objects.valid_on().get(code="5530")
    bergen = Municipality.objects.valid_on().get(code="4601")
    start = timezone.localdate() + timedelta(days=30)
    for n in range(22):
        offering = make_offering(centre, title=f"Sveising trinn {n + 1:02d}")
        make_cohort(offering, municipality=senja, start_date=start + timedelta(days=n))
    for n in range(3):
        offering = make_offering(centre, title=f"Sveising på nett {n + 1}")
        make_cohort(offering, mode=Mode.ONLINE, municipality=None, start_date=start)
    make_cohort(make_offering(centre, title="Sveising i Bergen"), municipality=bergen)
    make_cohort(make_offering(centre, title="Velferdsteknologi"), municipality=senja)
    reset_index()  # the factories write no change log


def test_search_by_keyboard(visit: Visit) -> None:
    catalogue()
    page = visit.page
    visit.use_language("en")
    page = visit.page
    visit.open("/")

    # From the front page to the search, by keyboard.
    tab_to(page, "#home-q")
    page.keyboard.type("sveis")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=sveis*")
    visit.check()
    results_say(page, "26 offerings found")

    # Typing updates the results in place, keeps the focus, and the address keeps the state.
    tab_to(page, "#id_q")
    page.keyboard.press("End")
    page.keyboard.type("ing velferd")
    results_say(page, "0 offerings found")
    assert active(page) == "id_q"
    assert "velferd" in page.url
    visit.check()
    for _n in range(len(" velferd")):
        page.keyboard.press("Backspace")
    results_say(page, "26 offerings found")

    # Filter: online only (the checkbox keeps the focus after the update).
    tab_to(page, "#f-modes-online")
    page.keyboard.press("Space")
    results_say(page, "3 offerings found")
    assert active(page) == "f-modes-online"
    assert "modes=online" in page.url
    visit.check()
    page.keyboard.press("Space")
    results_say(page, "26 offerings found")

    # Near a postcode: Finnsnes, 50 km; Bergen drops out, online stays.
    tab_to(page, "#id_place")
    page.keyboard.type("9300")
    tab_to(page, "#id_country")
    page.keyboard.press("ArrowDown")  # Norway
    tab_to(page, "#id_radius")
    page.keyboard.press("Control+A")
    page.keyboard.type("50")
    page.keyboard.press("Enter")
    results_say(page, "25 offerings found")
    assert "place=9300" in page.url and "country=NO" in page.url
    # The 3 online ones start first (equal relevance), then the nearest 17 on-site ones.
    assert page.locator(".search-hit").count() == 20
    assert page.locator("text=km away").count() == 17
    visit.check()

    # The next page, then back.
    tab_to(page, "a[href*='page=2']")
    page.keyboard.press("Enter")
    page.wait_for_url("**page=2*")
    visit.check()
    assert page.locator(".search-hit").count() == 5
    page.go_back()
    page.wait_for_url(lambda url: "page=2" not in url)
    results_say(page, "25 offerings found")
    assert page.locator(".search-hit").count() == 20

    # Nothing found suggests how to widen.
    visit.open("/search/?q=sveising&place=9300&country=NO&radius=5&exclude_online=on")
    tab_to(page, "#search-results a.ds-link[href*='radius=10']")
    page.keyboard.press("Enter")
    page.wait_for_url("**radius=10*")
    visit.check()

    # Typing is not logged; following a result settles the search: logged once, and the
    # visitor is on the offering's own page.
    visit.open("/search/")
    tab_to(page, "#id_q")
    page.keyboard.type("velferd")
    results_say(page, "1 offering found")
    assert not SearchLogEntry.objects.filter(query="velferd").exists()
    tab_to(page, "#search-results .search-hit a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/offerings/velferdsteknologi-*/")
    visit.check()
    assert list(SearchLogEntry.objects.filter(query="velferd").values_list("result_count")) == [
        (1,)
    ]


@pytest.mark.parametrize("language", ["nb", "nn", "da", "en"])
def test_the_search_page_in_every_language(visit: Visit, language: str) -> None:
    catalogue()
    visit.use_language(language)
    visit.open("/search/")
    visit.open("/search/?q=sveis&place=9300&country=NO&radius=100&modes=online&sort=distance")
    assert visit.page.locator("html").get_attribute("lang") == language
    assert visit.page.locator(".search-hit").count() == 3
    visit.open("/search/?q=sveis&place=12&radius=5")  # an error and nothing found
    assert visit.page.locator("#error-summary").count() == 1


def test_centre_staff_read_the_search_log(visit: Visit) -> None:
    centre = make_organisation(Kind.CENTRE, "5530", slug="senter-logg", name="Senter Logg")
    make_member(centre, Role.VIEWER, "vera.viewer@example.org", password=PASSWORD)
    for n in range(6):
        services.record_search(
            criteria=Criteria(text="truckførerbevis"), result_count=0, client_address=f"10.2.0.{n}"
        )
        services.record_search(
            criteria=Criteria(text="sveising"), result_count=9, client_address=f"10.2.0.{n}"
        )
    sign_in(visit, "vera.viewer@example.org", PASSWORD)
    visit.open("/search/log/")
    tables = visit.page.locator("table")
    assert tables.count() == 2
    assert "truckførerbevis" in tables.nth(0).inner_text()
