"""Programmes I in a real browser: the secretariat adds a track and an action; the track owner
updates the action's status in the action plan (htmx); the public programme page shows the
change. Every page on the way is checked (axe, the HTML checker, the console) with its charts
drawn by vega-embed under the strict Content-Security-Policy."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from livslang.organisations.models import Kind, Role
from livslang.organisations.testing import make_member, make_organisation
from livslang.programmes.models import Action, ActionStatus, Track
from livslang.programmes.testing import make_goal, make_programme, make_track, measure
from tests.browser.conftest import Visit
from tests.browser.test_onboarding_journey import PASSWORD, sign_in, sign_out, submit

pytestmark = pytest.mark.browser


def wait_for_charts(visit: Visit) -> None:
    """Every chart on the page has been drawn as SVG, then the page is checked."""
    charts = visit.page.locator("[data-chart-src]")
    for index in range(charts.count()):
        chart = charts.nth(index)
        chart.locator("svg").first.wait_for(state="attached")
        assert chart.get_attribute("data-chart-state") == "drawn"
    visit.check()


def test_secretariat_track_owner_and_public(visit: Visit) -> None:
    region = make_organisation(Kind.REGION, "340", slug="region-sjaelland", name="Region Sjælland")
    vuc = make_organisation(Kind.CENTRE, "370", slug="vuc-storstrom", name="VUC Storstrøm")
    make_member(region, Role.EDITOR, "sara.secretariat@example.org", password=PASSWORD)
    make_member(vuc, Role.EDITOR, "tor.track@example.org", password=PASSWORD)
    programme = make_programme(region, name="Kompetenceløft Sjælland", is_public=True)
    existing = make_track(programme, [region], name="Spor 1: Ungdomsuddannelse")
    overall = make_goal(programme, name="Flere voksne med en uddannelse")
    measure(overall, "12", date(2025, 12, 31))
    contributing = make_goal(programme, existing, parent=overall, weight="2", name="Fuldførelse")
    measure(contributing, "14", timezone.localdate() - timedelta(days=30))
    page = visit.page

    # The secretariat opens the overview (charts drawn) and adds a track owned by VUC.
    sign_in(visit, "sara.secretariat@example.org", PASSWORD)
    visit.open(f"/programmes/{programme.slug}/overview/", check=False)
    wait_for_charts(visit)
    page.locator(f"a[href='/programmes/{programme.slug}/tracks/new/']").click()
    page.wait_for_load_state()
    visit.check()
    submit(visit)  # empty: the error summary, nothing saved
    assert page.locator("#error-summary").is_visible()
    page.fill("input[name=name]", "Spor 3: Voksen- og efteruddannelse")
    page.fill("textarea[name=purpose]", "Efteruddannelse i hele regionen.")
    page.select_option("select[name=owners]", ["vuc-storstrom"])
    page.fill("input[name=position]", "3")
    submit(visit)
    track = Track.objects.get(name="Spor 3: Voksen- og efteruddannelse")
    assert page.url.endswith(track.get_absolute_url())

    # ... and an action in the new track's action plan.
    page.locator(f"a[href='/programmes/tracks/{track.public_id}/actions/new/']").click()
    page.wait_for_load_state()
    visit.check()
    page.fill("input[name=title]", "Aftenhold i dansk i alle kommuner")
    page.select_option("select[name=responsible_organisation]", "vuc-storstrom")
    page.fill("input[name=due_date]", (timezone.localdate() + timedelta(days=30)).isoformat())
    submit(visit)
    action = Action.objects.get(title="Aftenhold i dansk i alle kommuner")
    assert action.status == ActionStatus.NOT_STARTED
    sign_out(visit)

    # The track owner updates the status in the action plan, in place (htmx).
    sign_in(visit, "tor.track@example.org", PASSWORD)
    visit.open(f"/programmes/{programme.slug}/actions/")
    row = page.locator(f"#action-{action.public_id}")
    row.locator("select[name=status]").select_option("in_progress")
    row.locator("input[name=progress]").fill("40")
    row.locator("button[type=submit]").click()
    page.locator(f"#action-{action.public_id}.updated [data-status=in_progress]").wait_for()
    assert page.url.endswith(f"/programmes/{programme.slug}/actions/")  # no page load
    headers = page.locator("table thead th").count()
    assert page.locator(f"#action-{action.public_id} > *").count() == headers
    visit.check()
    action.refresh_from_db()
    assert (action.status, action.progress) == (ActionStatus.IN_PROGRESS, 40)
    # The goal page of the existing track's goal, with its time series against the target.
    visit.open(contributing.get_absolute_url(), check=False)
    wait_for_charts(visit)
    sign_out(visit)

    # The public page shows the change.
    visit.open(programme.get_absolute_url(), check=False)
    wait_for_charts(visit)
    summary = page.locator(f"[data-track='{track.public_id}'] [data-status=in_progress]")
    assert summary.get_attribute("data-count") == "1"
    assert page.locator(f"a[href='/programmes/{programme.slug}/actions/']").count() == 0


def test_every_programme_page_is_clean_on_the_demo_programme(visit: Visit) -> None:
    """Each programme template once in nb, in its richest state (the demo programme), as the
    role that sees the most of it; charts drawn."""
    from django.core.management import call_command

    from livslang.accounts.demo import DEMO_PASSWORD
    from tests.browser.registry import DEMO_USERS, PAGES, programme_targets

    call_command("load_geo", verbosity=0)
    call_command("demo", verbosity=0)
    targets = programme_targets()
    pages = [p for p in PAGES if p.path.startswith("/programmes")]
    assert len(pages) >= 20
    for role in (
        "anonymous",
        "track_owner",
        "programme_admin",
        "group_member",
        "agreement_party",
    ):
        if role != "anonymous":
            sign_in(visit, DEMO_USERS[role], DEMO_PASSWORD)
        for registered in pages:
            if role not in registered.roles:
                continue
            visit.open(registered.path.format(**targets), check=False)
            wait_for_charts(visit)
        if role != "anonymous":
            sign_out(visit)
