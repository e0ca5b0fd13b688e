"""Key pages of Foundation I in a real browser: clean for axe, the HTML checker and the console."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.browser.conftest import Visit

pytestmark = pytest.mark.browser

PAGES = ["/", "/about/data/", "/accessibility/", "/privacy/", "/cookies/"]
LANGUAGES = ["nb", "nn", "da", "en"]


def test_every_page_is_clean_in_every_language(visit: Visit) -> None:
    call_command("load_geo", verbosity=0)  # "About the data" in its richest state
    for language in LANGUAGES:
        visit.use_language(language)
        for path in PAGES:
            visit.open(path)
            assert visit.page.get_attribute("html", "lang") == language


def test_switching_language_is_announced_and_sticks(visit: Visit) -> None:
    visit.open("/privacy/")
    assert visit.page.get_attribute("html", "lang") == "nb"
    visit.page.get_by_label("Språk").select_option("da")
    visit.page.get_by_role("button", name="Bytt språk").click()
    visit.page.wait_for_load_state()
    assert visit.page.url.endswith("/privacy/")
    assert visit.page.get_attribute("html", "lang") == "da"
    status = visit.page.get_by_role("status")
    assert "dansk" in status.inner_text().lower()
    visit.check()
    visit.open("/cookies/")  # the cookie keeps the choice; the message was shown once
    assert visit.page.get_attribute("html", "lang") == "da"
    assert visit.page.get_by_role("status").inner_text().strip() == ""


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/no-such-page/", 404),
        ("/i18n/setlang/", 405),
        ("/test-errors/400/", 400),
        ("/test-errors/403/", 403),
        ("/test-errors/429/", 429),
        ("/test-errors/500/", 500),
        ("/test-errors/csrf/", 403),
    ],
)
def test_error_pages_are_clean(visit: Visit, settings, path: str, status: int) -> None:
    settings.ROOT_URLCONF = "tests.urls_errors"
    visit.open(path, status=status)
    assert visit.page.locator("h1").count() == 1


@pytest.mark.parametrize("path", PAGES)
def test_pages_reflow_at_320_px_and_200_percent_text(visit: Visit, path: str) -> None:
    visit.page.set_viewport_size({"width": 320, "height": 256})
    visit.open(path, check=False)
    # CSSOM changes are not inline styles, so they do not trip the CSP.
    visit.page.evaluate("document.documentElement.style.fontSize = '200%'")
    visit.page.evaluate(
        """() => {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(`* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
          word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }`);
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    }"""
    )
    overflow = visit.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    offenders = visit.page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right
                > document.documentElement.clientWidth + 1)
            .slice(0, 5).map(el => el.tagName + '.' + el.className)"""
    )
    assert overflow <= 0, f"{path} scrolls horizontally by {overflow}px: {offenders}"
    assert visit.watch.console_errors == []
