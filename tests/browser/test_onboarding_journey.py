"""Foundation II's journey in a real browser, with a real task worker delivering the e-mail:
register and verify, request an organisation, approve it as platform admin, invite a
colleague, edit the centre profile. Every page on the way is checked."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from livslang.accounts.models import User
from livslang.organisations.models import Organisation
from tests.browser.conftest import Mailbox, Visit

pytestmark = pytest.mark.browser

PASSWORD = "a long and memorable passphrase"


def link_in(message: str, path_prefix: str) -> str:
    match = re.search(rf"https?://[^\s]+({re.escape(path_prefix)}[^\s]+)", message)
    assert match, f"no {path_prefix} link in:\n{message}"
    return match.group(1)


def sign_in(visit: Visit, email: str, password: str) -> None:
    visit.open("/account/login/")
    visit.page.fill("input[name=username]", email)
    visit.page.fill("input[name=password]", password)
    visit.page.locator("main form button[type=submit]").click()
    visit.page.wait_for_load_state()
    visit.check()


def sign_out(visit: Visit) -> None:
    visit.page.locator("header form[action='/account/logout/'] button").click()
    visit.page.wait_for_load_state()


def submit(visit: Visit, form: str = "main form") -> None:
    visit.page.locator(f"{form} button[type=submit]").last.click()
    visit.page.wait_for_load_state()
    visit.check()


def test_register_request_approve_invite_and_edit(visit: Visit, task_worker: Mailbox) -> None:
    call_command("load_geo", verbosity=0)
    User.objects.create_superuser(
        email="petra.platform@example.org", password=PASSWORD, full_name="Petra Platform"
    )
    page = visit.page

    # An adult registers, with Finnsnes as home place, and confirms the address.
    visit.open("/account/register/")
    page.fill("input[name=email]", "nina.nord@example.org")
    page.fill("input[name=full_name]", "Nina Nord")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.fill("input[name=home_place]", "9300")
    submit(visit)
    assert "/account/register/sent/" in page.url
    verify = link_in(task_worker.wait_for("nina.nord@example.org"), "/account/verify/")
    visit.open(verify)
    submit(visit)
    assert User.objects.get(email="nina.nord@example.org").email_verified_at is not None

    # She asks to register her centre.
    sign_in(visit, "nina.nord@example.org", PASSWORD)
    visit.open("/organisations/register/")
    page.fill("input[name=name]", "Studiesenteret Nordlys")
    page.select_option("select[name=kind]", "centre")
    page.select_option("select[name=home_municipality]", "5530")
    page.fill("textarea[name=description]", "Vi henter studier til Senja.")
    submit(visit)
    centre = Organisation.objects.get(name="Studiesenteret Nordlys")
    assert centre.status == "pending"
    sign_out(visit)

    # The platform administrator approves it.
    sign_in(visit, "petra.platform@example.org", PASSWORD)
    visit.open("/organisations/requests/")
    page.locator("input[name=decision][value=approve]").first.check()
    submit(visit, f"form[action*='{centre.slug}']")
    centre.refresh_from_db()
    assert centre.status == "approved"
    sign_out(visit)

    # Nina, now its administrator, invites a colleague and edits the centre profile.
    sign_in(visit, "nina.nord@example.org", PASSWORD)
    visit.open(f"/organisations/{centre.slug}/members/")
    page.fill("input[name=email]", "ole.kollega@example.org")
    page.select_option("select[name=role]", "editor")
    submit(visit, "form[action$='/members/invite/']")
    invitation = link_in(
        task_worker.wait_for("ole.kollega@example.org"), "/organisations/invitations/"
    )
    assert invitation
    visit.open(f"/organisations/{centre.slug}/edit/")
    page.locator("input[name=has_study_rooms]").check()
    page.locator("input[name=has_exam_facilities]").check()
    submit(visit)
    visit.open(f"/organisations/{centre.slug}/")
    body = page.locator("main").inner_text().lower()
    assert "lesesal" in body or "studierom" in body or "study rooms" in body
