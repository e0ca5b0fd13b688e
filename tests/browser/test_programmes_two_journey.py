"""Programmes II in a real browser: the secretariat seats a person in the coordination group;
the member holds a meeting and
records a decision with a follow-up for another organisation; that organisation sees it in
"our responsibilities" and marks it done; an experience is shared and found by search in
another language's phrasing; the public reads it. A party to an agreement fills its region's
follow-up plan and the matrix shows it. Every page on the way is checked (axe, the HTML
checker, the console)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from livslang.organisations.models import Kind, Role
from livslang.organisations.testing import ensure_municipality, make_member, make_organisation
from livslang.programmes.models import Action, ActionStatus, Evidence, Experience, Meeting
from livslang.programmes.testing import make_agreement, make_programme
from tests.browser.conftest import Visit
from tests.browser.test_onboarding_journey import PASSWORD, sign_in, sign_out, submit

pytestmark = pytest.mark.browser


def test_decision_follow_up_done_and_an_experience_found(visit: Visit) -> None:
    region = make_organisation(Kind.REGION, "340", slug="region-sjaelland", name="Region Sjælland")
    vuc = make_organisation(Kind.CENTRE, "370", slug="vuc-storstrom", name="VUC Storstrøm")
    gina = make_member(region, Role.EDITOR, "gina.group@example.org", password=PASSWORD).user
    make_member(vuc, Role.EDITOR, "tor.vuc@example.org", password=PASSWORD)
    programme = make_programme(
        region, name="Kompetenceløft Sjælland", is_public=True, partners=(vuc,)
    )
    make_member(region, Role.ADMIN, "sara.secretariat@example.org", password=PASSWORD)
    page = visit.page
    today = timezone.localdate()

    # The secretariat sets up the coordination group and seats Gina in it.
    sign_in(visit, "sara.secretariat@example.org", PASSWORD)
    visit.open(f"/programmes/{programme.slug}/overview/", check=False)
    page.locator(f"a[href='/programmes/{programme.slug}/group/edit/']").click()
    page.wait_for_load_state()
    visit.check()
    page.fill("input[name=name]", "Koordinationsgruppen")
    submit(visit, "main form:has(button[name=save_group])")
    membership = region.memberships.get(user=gina)
    page.select_option("select[name=member]", str(membership.public_id))
    page.select_option("select[name=represents]", "public_sector")
    submit(visit, "main form:has(button[name=add_member])")
    group = programme.coordination_group
    assert group.members.filter(user=gina).exists()
    sign_out(visit)

    # The group member adds a meeting (the error summary first) and records a decision.
    sign_in(visit, "gina.group@example.org", PASSWORD)
    visit.open(group.get_absolute_url())
    page.locator(f"a[href='/programmes/{programme.slug}/group/meetings/new/']").click()
    page.wait_for_load_state()
    visit.check()
    submit(visit)
    assert page.locator("#error-summary").is_visible()
    page.fill("input[name=title]", "Koordinationsmøde 1")
    page.fill("input[name=held_on]", today.isoformat())
    page.fill("textarea[name=agenda]", "1. Aftenhold\n2. Eventuelt")
    submit(visit)
    meeting = Meeting.objects.get(title="Koordinationsmøde 1")
    assert page.url.endswith(meeting.get_absolute_url())
    page.locator(f"a[href='/programmes/meetings/{meeting.public_id}/decisions/new/']").click()
    page.wait_for_load_state()
    visit.check()
    page.fill("textarea[name=text]", "VUC kortlægger behovet for aftenhold.")
    page.fill("input[name=follow_up]", "Kortlæg behovet for aftenhold")
    page.select_option("select[name=responsible_organisation]", "vuc-storstrom")
    page.fill("input[name=due_date]", (today + timedelta(days=14)).isoformat())
    submit(visit)
    assert page.url.endswith(meeting.get_absolute_url())
    assert page.get_by_text("Kortlæg behovet for aftenhold").count() >= 1
    sign_out(visit)

    # VUC sees the follow-up in its responsibilities and marks it done.
    sign_in(visit, "tor.vuc@example.org", PASSWORD)
    visit.open("/programmes/responsibilities/vuc-storstrom/")
    action = Action.objects.get(title="Kortlæg behovet for aftenhold")
    form = page.locator(f"form[action='/programmes/follow-ups/{action.public_id}/status/']")
    form.locator("select[name=status]").select_option("done")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    visit.check()
    assert page.url.endswith("/programmes/responsibilities/vuc-storstrom/")
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE

    # ... and shares an experience, written in Danish.
    visit.open(f"/programmes/{programme.slug}/experiences/new/")
    page.select_option("select[name=organisation]", "vuc-storstrom")
    page.fill("input[name=title]", "Erfaringer med aftenhold for lærlinge")
    page.fill("textarea[name=what_was_done]", "Vi gentog undervisningen om aftenen.")
    page.fill("textarea[name=what_was_learned]", "Lærlingene i kommunerne kom oftere.")
    page.fill("input[name=tags]", "aftenhold, lærlinge")
    submit(visit)
    experience = Experience.objects.get(title="Erfaringer med aftenhold for lærlinge")
    assert page.url.endswith(experience.get_absolute_url())
    sign_out(visit)

    # The public finds it by searching in nynorsk phrasing.
    visit.open(f"/programmes/{programme.slug}/experiences/")
    page.fill("input[name=q]", "lærlingar i kommunane")
    page.locator("main form[role=search] button[type=submit]").click()
    page.wait_for_load_state()
    visit.check()
    page.locator(f"a[href='{experience.get_absolute_url()}']").click()
    page.wait_for_load_state()
    visit.check()
    assert page.locator("h1").inner_text() == experience.title


def test_a_party_fills_its_regions_follow_up_and_the_matrix_shows_it(visit: Visit) -> None:
    troms = ensure_municipality("5530").region
    vestland = ensure_municipality("4601").region
    one = make_organisation(Kind.FEDERATION, "5530", slug="forbund-en", name="Forbund En")
    two = make_organisation(Kind.FEDERATION, "4601", slug="forbund-to", name="Forbund To")
    make_member(one, Role.EDITOR, "aslak.avtale@example.org", password=PASSWORD)
    agreement = make_agreement(
        [(one, [troms]), (two, [vestland])],
        ["Kartlegge kompetansebehovet", "Dele erfaringer"],
        title="Samarbeidsavtale",
        is_public=True,
    )
    page = visit.page
    sign_in(visit, "aslak.avtale@example.org", PASSWORD)
    visit.open(agreement.get_absolute_url())
    assert page.locator("td[data-status=no_plan]").count() == 4
    region_url = f"/programmes/agreements/{agreement.slug}/regions/{troms.code}/"
    page.locator(f"a[href='{region_url}']").click()
    page.wait_for_load_state()
    visit.check()
    page.locator(f"a[href='{region_url}actions/new/']").click()
    page.wait_for_load_state()
    visit.check()
    commitment = agreement.commitments.order_by("position").first()
    page.select_option("select[name=commitment]", str(commitment.public_id))
    page.fill("input[name=title]", "Kartlegging i Troms")
    page.select_option("select[name=responsible_organisation]", "forbund-en")
    page.fill("input[name=due_date]", (timezone.localdate() + timedelta(days=30)).isoformat())
    submit(visit)
    assert page.url.endswith(region_url)
    action = Action.objects.get(title="Kartlegging i Troms")
    page.locator(f"a[href='/programmes/follow-ups/{action.public_id}/evidence/new/']").click()
    page.wait_for_load_state()
    visit.check()
    page.select_option("select[name=kind]", "link")
    page.fill("input[name=description]", "Rapport")
    page.fill("input[name=url]", "https://example.org/rapport")
    submit(visit)
    assert Evidence.objects.filter(action=action).count() == 1
    form = page.locator(f"form[action='/programmes/follow-ups/{action.public_id}/status/']")
    form.locator("select[name=status]").select_option("done")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    visit.check()
    sign_out(visit)
    visit.open(agreement.get_absolute_url())
    assert page.locator("td[data-status=done]").count() == 1
