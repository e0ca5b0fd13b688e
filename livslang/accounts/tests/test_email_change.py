"""Changing the e-mail address: re-authentication, confirmation at the new address (SEC-09)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from livslang.accounts import tokens
from livslang.accounts.models import User
from livslang.accounts.tests.conftest import EMAIL, link_in, make_user, moment, queued, run_queued

CHANGE = "/account/email/"
NEW = "kari@nytt.example.no"


def confirm_path(user: User, new_email: str = NEW) -> str:
    token = tokens.make_email_change_token(user, new_email)
    return reverse("accounts:email_change_confirm", kwargs={"token": token})


@pytest.mark.django_db
def test_change_requires_the_current_password(en: Client, kari: User) -> None:
    en.force_login(kari)
    assert en.get(CHANGE).status_code == 200
    for password in ("", "wrong password here"):
        response = en.post(CHANGE, {"email": NEW, "password": password})
        assert response.status_code == 200
        html = response.content.decode()
        assert 'aria-invalid="true"' in html
    assert queued() == []
    kari.refresh_from_db()
    assert kari.email == EMAIL


@pytest.mark.django_db
def test_anonymous_people_are_sent_to_sign_in(en: Client) -> None:
    response = en.post(CHANGE, {"email": NEW, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=/account/email/"


@pytest.mark.django_db
def test_full_change(
    en: Client, kari: User, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    en.force_login(kari)
    with django_capture_on_commit_callbacks(execute=True):
        response = en.post(CHANGE, {"email": "Kari@Nytt.Example.NO", "password": PASSWORD})
    assert response.status_code == 302
    kari.refresh_from_db()
    assert kari.email == EMAIL  # nothing changes before the new address confirms

    run_queued()
    to_new = next(m for m in mailoutbox if m.to == [NEW])
    to_old = next(m for m in mailoutbox if m.to == [EMAIL])
    assert "/account/email/confirm/" in link_in(to_new.body)
    assert "/account/email/confirm/" not in to_old.body  # the old address gets a notice only
    path = link_in(to_new.body)

    # Opened on another device, without a session: GET shows a button and changes nothing.
    elsewhere = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert elsewhere.get(path).status_code == 200
    kari.refresh_from_db()
    assert kari.email == EMAIL
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = elsewhere.post(path)
    assert done.status_code == 302
    assert done["Location"] == "/account/login/"
    kari.refresh_from_db()
    assert kari.email == NEW
    assert kari.email_verified_at is not None
    run_queued()
    assert [m.to for m in mailoutbox] == [[EMAIL]]  # "your address was changed"

    # Used once: the link no longer applies, since the current address changed.
    assert elsewhere.post(path).status_code == 400
    # The session stays; sign in works with the new address.
    assert en.get("/account/profile/").status_code == 200
    other = Client()
    login = other.post("/account/login/", {"username": NEW, "password": PASSWORD})
    assert login.status_code == 302


@pytest.mark.django_db
def test_a_taken_address_gets_the_same_answer_and_no_link(
    en: Client, kari: User, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    make_user("taken@example.no", full_name="Tone Taken")
    en.force_login(kari)
    answers = []
    for address in ("taken@example.no", "free@example.no"):
        with django_capture_on_commit_callbacks(execute=True):
            response = en.post(CHANGE, {"email": address, "password": PASSWORD})
        answers.append((response.status_code, response["Location"]))
    assert answers[0] == answers[1] == (302, "/account/profile/")
    tasks = queued("send_email_change_confirmation")
    assert [sorted(t) for t in tasks] == [["new_email", "task", "user_id"]] * 2

    run_queued()
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == sorted([EMAIL, EMAIL, "free@example.no"])  # none to the taken one


@pytest.mark.django_db
def test_confirm_refuses_an_address_taken_in_the_meantime(en: Client, kari: User) -> None:
    path = confirm_path(kari)
    make_user(NEW, full_name="Someone Else")
    response = en.post(path)
    assert response.status_code == 400
    assert "already used by another account" in response.content.decode()
    kari.refresh_from_db()
    assert kari.email == EMAIL


@pytest.mark.django_db
def test_confirm_link_dies_when_the_address_changes_otherwise(en: Client, kari: User) -> None:
    first = confirm_path(kari, "first@example.no")
    second = confirm_path(kari, "second@example.no")
    assert en.post(second).status_code == 302
    assert en.post(first).status_code == 400
    kari.refresh_from_db()
    assert kari.email == "second@example.no"


@pytest.mark.django_db
def test_confirm_link_expires_and_forgeries_fail(en: Client, kari: User) -> None:
    path = confirm_path(kari)
    with time_machine.travel(moment(seconds=settings.EMAIL_VERIFICATION_MAX_AGE + 5)):
        assert en.post(path).status_code == 400
    forged = path.replace("/confirm/", "/confirm/x")
    assert en.post(forged).status_code == 400
    verification = reverse(
        "accounts:email_change_confirm", kwargs={"token": tokens.make_verification_token(kari)}
    )
    assert en.post(verification).status_code == 400  # another purpose's token
    kari.refresh_from_db()
    assert kari.email == EMAIL


@pytest.mark.django_db
def test_the_same_address_is_refused(en: Client, kari: User) -> None:
    en.force_login(kari)
    response = en.post(CHANGE, {"email": EMAIL.upper(), "password": PASSWORD})
    assert "This is already your e-mail address." in response.content.decode()


def test_url_names() -> None:
    assert reverse("accounts:email_change") == CHANGE
    assert reverse("accounts:email_change_confirm", kwargs={"token": "a:b"}) == (
        "/account/email/confirm/a:b/"
    )
    assert timedelta(seconds=settings.EMAIL_VERIFICATION_MAX_AGE).days == 3
