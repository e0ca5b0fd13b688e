"""Regional insight in a real browser: a coordinator picks her county, the choropleth is drawn
under the Content-Security-Policy (no unsafe-eval), hovering a municipality shows its figure,
and the table beside the map is reached and read by keyboard. Every page is checked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from livslang.catalog.testing import make_cohort, make_offering
from livslang.insights import services
from livslang.organisations.testing import ensure_municipality
from tests.browser.conftest import Visit
from tests.browser.test_programmes_journey import wait_for_charts

pytestmark = pytest.mark.browser


def test_county_map_with_hover_and_table_by_keyboard(visit: Visit) -> None:
    call_command("load_geo", verbosity=0)
    today = timezone.localdate()
    start, end = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    offering = make_offering(title="Velferdsteknologi", topics=["Velferdsteknologi"])
    for day in range(6):
        make_cohort(
            offering,
            start_date=start + dt.timedelta(days=day),
            municipality=ensure_municipality("5530"),
        )
    services.refresh(period=services.ensure_period(start=start, end=end))

    visit.use_language("en")
    visit.open("/insights/")
    visit.page.get_by_role("link", name="Troms", exact=True).first.click()
    visit.page.wait_for_url("**/insights/no-55/**")
    wait_for_charts(visit)

    page = visit.page
    # Hover: the municipality's name and figure appear in the tooltip.
    shapes = page.locator(".insight-layout [data-chart-src] svg g.mark-shape path")
    assert shapes.count() > 0
    shapes.last.hover()
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible")
    assert "Municipality" in tooltip.inner_text()

    # The table beside the map: reached with Tab, names every municipality of the county.
    region = page.locator("[aria-labelledby=map-table-caption]")
    for _ in range(60):
        page.keyboard.press("Tab")
        if region.evaluate("element => element === document.activeElement"):
            break
    assert region.evaluate("element => element === document.activeElement")
    rows = page.locator("#map-table tbody tr")
    assert rows.count() == 21  # Troms has 21 municipalities since 2024
    senja = page.locator('#map-table tr[data-code="5530"]').inner_text()
    assert "Senja" in senja and "6" in senja
    visit.check()
