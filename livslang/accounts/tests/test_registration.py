"""Registration and e-mail verification (Foundation II item 1; SEC-10 on registration; A11Y-04)."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from conftest import PASSWORD
from livslang.accounts import tokens
from livslang.accounts.models import User
from livslang.accounts.tests.conftest import EMAIL, link_in, make_user, moment, queued, run_queued

REGISTER = "/account/register/"


def form(**overrides: str) -> dict[str, str]:
    data = {
        "email": EMAIL,
        "full_name": "Kari Nordmann",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "language": "nb",
        "home_place": "",
        "home_country": "NO",
    }
    data.update(overrides)
    return data


def masked(body: bytes) -> str:
    """A page with its random parts (CSRF tokens) masked."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", body.decode())


def test_url_names_are_the_fixed_ones() -> None:
    assert reverse("accounts:register") == REGISTER
    assert reverse("accounts:register_sent") == "/account/register/sent/"
    assert reverse("accounts:verify", kwargs={"token": "abc:def"}) == "/account/verify/abc:def/"
    assert reverse("accounts:verify_resend") == "/account/verify/resend/"


# The worker closes connections between tasks, as in production: real commits needed.
@pytest.mark.django_db(transaction=True)
def test_register_verify_and_sign_in_through_the_worker(
    django_capture_on_commit_callbacks, mailoutbox
) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert client.get(REGISTER).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REGISTER, form(language="en"))
    assert response.status_code == 302
    assert response["Location"] == "/account/register/sent/"
    user = User.objects.get(email=EMAIL)
    assert user.email_verified_at is None
    assert user.language == "en"
    assert mailoutbox == []  # sent by the worker, never inline

    # Not verified yet: cannot sign in.
    refused = client.post("/account/login/", {"username": EMAIL, "password": PASSWORD})
    assert refused.status_code == 200
    assert "not confirmed your e-mail address" in refused.content.decode()

    call_command("db_worker", batch=True, verbosity=0)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [EMAIL]
    assert message.subject == "Confirm your e-mail address for Livslang"
    path = link_in(message.body)

    page = client.get(path)
    assert page.status_code == 200
    assert "Confirm e-mail address" in page.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is None  # a GET (a link scanner) verifies nothing

    confirmed = client.post(path)
    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/account/login/"
    user.refresh_from_db()
    assert user.email_verified_at is not None

    signed_in = client.post("/account/login/", {"username": EMAIL, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/account/profile/"
    assert client.get("/account/profile/").status_code == 200


@pytest.mark.django_db
def test_duplicate_registration_answers_identically_and_creates_nothing(
    django_capture_on_commit_callbacks,
) -> None:
    make_user(language="en")  # the address is taken (by someone who reads English)
    other = "new.person@example.no"
    responses = {}
    for address in (EMAIL.upper(), other):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        with django_capture_on_commit_callbacks(execute=True):
            post = client.post(REGISTER, form(email=address, full_name="Mallory"))
        page = client.get(post["Location"])
        headers = {k: v for k, v in post.headers.items() if k != "X-Request-ID"}
        responses[address] = (post.status_code, headers, post.content, masked(page.content))
    assert responses[EMAIL.upper()] == responses[other]
    assert User.objects.filter(email=EMAIL).count() == 1
    assert User.objects.get(email=EMAIL).full_name == "Kari Nordmann"  # unchanged
    assert User.objects.filter(email=other).exists()

    # The owner of the taken address is told; the new account gets its verification link.
    tasks = queued()
    assert [t["task"].rsplit(".", 1)[1] for t in tasks] == [
        "send_email",
        "send_verification_email",
    ]
    assert tasks[0]["to"] == [EMAIL]
    assert tasks[0]["subject"] == "Someone tried to register with your e-mail address"
    assert "/account/password/reset/" in tasks[0]["body"]


@pytest.mark.django_db
def test_invalid_registration_shows_the_errors_accessibly_and_creates_nothing(en: Client) -> None:
    response = en.post(REGISTER, form(email="not-an-address", password1="kort", password2="kort"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert "data-focus-on-load" in html
    for field in ("email", "password1"):
        widget = re.search(rf'<input[^>]*name="{field}"[^>]*>', html)
        assert widget is not None
        assert 'aria-invalid="true"' in widget.group(0)
        described = re.search(r'aria-describedby="([^"]+)"', widget.group(0))
        assert described is not None
        assert f"id_{field}_error" in described.group(1).split()
        assert f'id="id_{field}_error"' in html
    # The summary links to the fields.
    assert 'href="#id_email"' in html
    assert 'href="#id_password1"' in html
    assert User.objects.count() == 0
    assert DBTaskResult.objects.count() == 0


@pytest.mark.django_db
def test_registration_rejects_different_passwords(en: Client) -> None:
    response = en.post(REGISTER, form(password2=PASSWORD + "x"))
    assert "The two passwords are not the same." in response.content.decode()
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_registration_language_defaults_to_the_ui_language() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="da")
    html = client.get(REGISTER).content.decode()
    assert re.search(r'<option value="da"[^>]*selected', html)
    assert re.search(r'<option value="DK"[^>]*selected', html)


@pytest.mark.django_db
def test_one_heading_and_the_form_pattern(en: Client) -> None:
    for url in (
        REGISTER,
        "/account/register/sent/",
        "/account/verify/resend/",
        "/account/login/",
        "/account/password/reset/",
        "/account/password/reset/sent/",
        "/account/password/reset/done/",
    ):
        html = en.get(url).content.decode()
        assert html.count("<h1") == 1, url
        assert html.count('<h1 class="ds-heading" data-size="xl">') == 1, url


# --- Verification links -------------------------------------------------------------------


def verify_path(user: User) -> str:
    return reverse("accounts:verify", kwargs={"token": tokens.make_verification_token(user)})


@pytest.mark.django_db
def test_verification_link_works_once(en: Client, unverified: User) -> None:
    path = verify_path(unverified)
    assert en.post(path).status_code == 302
    unverified.refresh_from_db()
    verified_at = unverified.email_verified_at
    assert verified_at is not None

    again = en.post(path)
    assert again.status_code == 400
    assert "The link does not work" in again.content.decode()
    assert en.get(path).status_code == 400
    unverified.refresh_from_db()
    assert unverified.email_verified_at == verified_at


@pytest.mark.django_db
def test_verification_link_expires(en: Client, unverified: User) -> None:
    path = verify_path(unverified)
    with time_machine.travel(moment(seconds=settings.EMAIL_VERIFICATION_MAX_AGE + 5)):
        response = en.post(path)
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    unverified.refresh_from_db()
    assert unverified.email_verified_at is None
    # Just before the limit it still works.
    with time_machine.travel(moment(seconds=settings.EMAIL_VERIFICATION_MAX_AGE - 60)):
        assert en.post(path).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # signature broken
        lambda t: "x" + t,  # payload changed
        lambda t: "nonsense",
    ],
)
def test_forged_verification_links_change_nothing(en: Client, unverified: User, tamper) -> None:
    path = reverse(
        "accounts:verify", kwargs={"token": tamper(tokens.make_verification_token(unverified))}
    )
    assert en.get(path).status_code == 400
    assert en.post(path).status_code == 400
    unverified.refresh_from_db()
    assert unverified.email_verified_at is None


@pytest.mark.django_db
def test_a_link_for_one_salt_is_refused_for_another(en: Client, unverified: User) -> None:
    from django.core import signing

    forged = signing.dumps({"u": str(unverified.public_id), "s": "x"}, salt="other")
    assert en.post(reverse("accounts:verify", kwargs={"token": forged})).status_code == 400


@pytest.mark.django_db
def test_verification_link_of_a_deactivated_account_is_refused(
    en: Client, unverified: User
) -> None:
    path = verify_path(unverified)
    User.objects.filter(pk=unverified.pk).update(is_active=False)
    assert en.post(path).status_code == 400


@pytest.mark.django_db
def test_resending_a_verification_link_answers_the_same_for_any_address(
    en: Client, unverified: User, kari: User, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    answers = []
    for address in (unverified.email, kari.email, "nobody@example.no"):
        with django_capture_on_commit_callbacks(execute=True):
            response = en.post("/account/verify/resend/", {"email": address})
        answers.append((response.status_code, response["Location"]))
    assert len(set(answers)) == 1
    assert answers[0] == (302, "/account/register/sent/")
    tasks = queued("send_verification_reminder")
    assert len(tasks) == 3
    assert {tuple(sorted(t)) for t in tasks} == {("email", "language", "task")}

    run_queued()
    # Only the unverified account gets a link, in its own language (Danish).
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [unverified.email]
    assert en.post(link_in(mailoutbox[0].body)).status_code == 302
