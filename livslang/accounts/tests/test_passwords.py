"""Password policy (SEC-10), change, and reset without enumeration (SEC-11)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import hashers
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from conftest import PASSWORD
from livslang.accounts import tokens
from livslang.accounts.models import User
from livslang.accounts.tests.conftest import (
    EMAIL,
    NEW_PASSWORD,
    link_in,
    moment,
    queued,
    run_queued,
)
from livslang.accounts.validators import NordicCommonPasswordValidator

NORDIC = {"NAME": "livslang.accounts.validators.NordicCommonPasswordValidator"}
PASSPHRASE_64 = "fjorden ligger stille under fjellet når ferja går over til Senja"
PASSPHRASE_128 = (PASSPHRASE_64 + " og tilbake igjen " + PASSPHRASE_64)[:128]


@pytest.fixture
def nordic_validator(settings) -> None:
    """The validator the lead adds to AUTH_PASSWORD_VALIDATORS (see the report)."""
    settings.AUTH_PASSWORD_VALIDATORS = [*settings.AUTH_PASSWORD_VALIDATORS, NORDIC]


def register(client: Client, password: str, email: str = "new@example.no"):
    return client.post(
        "/account/register/",
        {
            "email": email,
            "full_name": "Nina Ny",
            "password1": password,
            "password2": password,
            "language": "nb",
            "home_country": "NO",
        },
    )


def test_argon2_is_the_first_hasher() -> None:
    # The project's settings module, not the test run's (tests use cheaper Argon2 factors).
    from livslang import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )


def test_passphrases_have_the_lengths_the_tests_claim() -> None:
    assert len(PASSPHRASE_64) == 64
    assert len(PASSPHRASE_128) == 128


def test_djangos_list_lacks_passord123_and_the_nordic_list_has_it() -> None:
    from django.contrib.auth.password_validation import CommonPasswordValidator

    CommonPasswordValidator().validate("passord123")  # not in Django's list: no error
    validator = NordicCommonPasswordValidator()
    for common in ("passord123", "Passord123!", "kodeord2024", "Sommer2024", "123hemmelig"):
        with translation.override("en"), pytest.raises(Exception, match="too common"):
            validator.validate(common)
    for fine in (PASSPHRASE_64, "sommerfugler i magen om våren", "9fK2-mQ7x-Lp4z"):
        validator.validate(fine)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort123", "This password is too short. It must contain at least 12 characters."),
        ("passord123", "This password is too common."),
        ("passord12345", "This password is too common."),  # long enough, still common
        ("1234567890123", "This password is too common."),  # Django's own list
    ],
)
def test_short_and_common_passwords_are_refused(
    en: Client, nordic_validator: None, password: str, message: str
) -> None:
    html = register(en, password).content.decode()
    assert message in html
    assert User.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("password", [PASSPHRASE_64, PASSPHRASE_128, "all lower case words here"])
def test_long_passphrases_without_composition_rules_are_accepted(
    en: Client, nordic_validator: None, password: str
) -> None:
    assert register(en, password).status_code == 302
    assert User.objects.get(email="new@example.no").check_password(password)


# --- Change -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_change_requires_the_current_password(
    en: Client, kari: User, django_capture_on_commit_callbacks, caplog
) -> None:
    en.force_login(kari)
    wrong = en.post(
        "/account/password/",
        {
            "old_password": "not my password",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert wrong.status_code == 200
    assert "Your current password is not correct." in wrong.content.decode()
    missing = en.post(
        "/account/password/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert missing.status_code == 200
    kari.refresh_from_db()
    assert kari.check_password(PASSWORD)

    with django_capture_on_commit_callbacks(execute=True):
        done = en.post(
            "/account/password/",
            {
                "old_password": PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
        )
    assert done.status_code == 302
    kari.refresh_from_db()
    assert kari.check_password(NEW_PASSWORD)
    assert kari.password.startswith("argon2")
    notice = queued("send_email")
    assert len(notice) == 1
    assert notice[0]["to"] == [EMAIL]
    assert [r.event for r in caplog.records if hasattr(r, "event")] == ["password_changed"]


@pytest.mark.django_db
def test_change_applies_the_policy(en: Client, kari: User, nordic_validator: None) -> None:
    en.force_login(kari)
    html = en.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "passord12345",
            "new_password2": "passord12345",
        },
    ).content.decode()
    assert "This password is too common." in html
    kari.refresh_from_db()
    assert kari.check_password(PASSWORD)


# --- Reset --------------------------------------------------------------------------------


def reset_path(user: User) -> str:
    uidb64, token = tokens.make_password_reset_parts(user)
    return reverse("accounts:password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})


def set_password(client: Client, path: str, password: str = NEW_PASSWORD):
    return client.post(path, {"new_password1": password, "new_password2": password})


def masked(text: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', text)


@pytest.fixture
def hash_calls(monkeypatch) -> Counter[str]:
    """Counts every hashing and verifying of a password, by any configured hasher."""
    calls: Counter[str] = Counter()
    for hasher in hashers.get_hashers():
        cls = type(hasher)
        for method in ("encode", "verify"):
            original = getattr(cls, method)

            def spy(self, *args, _original=original, _method=method, **kwargs):
                calls[_method] += 1
                return _original(self, *args, **kwargs)

            monkeypatch.setattr(cls, method, spy)
    for name in ("make_password", "check_password"):
        original = getattr(hashers, name)

        def spy_function(*args, _original=original, _name=name, **kwargs):
            calls[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(hashers, name, spy_function)
    return calls


@pytest.mark.django_db
def test_reset_answers_and_works_the_same_for_known_and_unknown_addresses(
    kari: User, django_capture_on_commit_callbacks, hash_calls: Counter[str]
) -> None:
    outcomes = {}
    for address in (EMAIL, "nobody-here@example.no"):
        DBTaskResult.objects.all().delete()
        hash_calls.clear()
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        form = client.get("/account/password/reset/")
        with django_capture_on_commit_callbacks(execute=True):
            posted = client.post("/account/password/reset/", {"email": address})
        page = client.get(posted["Location"])
        outcomes[address] = {
            "form": masked(form.content.decode()),
            "status": (posted.status_code, page.status_code),
            "headers": [
                {k: v for k, v in r.headers.items() if k != "X-Request-ID"} for r in (posted, page)
            ],
            "cookies": [sorted(r.cookies) for r in (posted, page)],
            "body": (posted.content, masked(page.content.decode())),
            # The same task with arguments of the same shape (only the address differs).
            "tasks": [(t["task"], sorted(t), t["language"]) for t in queued()],
            "hashing": dict(hash_calls),
        }
    known, unknown = outcomes.values()
    assert known == unknown
    # The spies do count: a password check is seen.
    hash_calls.clear()
    kari.check_password("a guess")
    assert hash_calls["verify"] == 1
    assert known["status"] == (302, 200)
    assert known["tasks"] == [
        ("livslang.accounts.tasks.send_password_reset", ["email", "language", "task"], "en")
    ]


@pytest.mark.django_db
def test_the_worker_sends_a_link_or_a_notice(
    kari: User, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="da")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/password/reset/", {"email": "Kari.Nordmann@example.no"})
        client.post("/account/password/reset/", {"email": "nobody-here@example.no"})
    run_queued()
    link, notice = mailoutbox
    assert link.to == [EMAIL]
    assert "/account/password/reset/" in link_in(link.body)
    assert notice.to == ["nobody-here@example.no"]
    assert "/account/register/" in notice.body
    assert not re.search(r"/account/password/reset/[^/\s]+/[^/\s]+/", notice.body)


@pytest.mark.django_db
def test_reset_link_is_single_use_and_ends_all_sessions(en: Client, kari: User, caplog) -> None:
    other = Client()
    other.force_login(kari)
    path = reset_path(kari)
    page = en.get(path)
    assert page.status_code == 200
    assert "Choose a new password" in page.content.decode()

    response = set_password(en, path)
    assert response.status_code == 302
    assert response["Location"] == "/account/password/reset/done/"
    kari.refresh_from_db()
    assert kari.check_password(NEW_PASSWORD)
    assert other.get("/account/profile/").status_code == 302  # signed out

    reused = set_password(en, path, "yet another long passphrase")
    assert reused.status_code == 400
    assert en.get(path).status_code == 400
    kari.refresh_from_db()
    assert kari.check_password(NEW_PASSWORD)
    events = [r.event for r in caplog.records if hasattr(r, "event")]
    assert events.count("password_reset_completed") == 1


@pytest.mark.django_db
def test_reset_link_expires(en: Client, kari: User) -> None:
    path = reset_path(kari)
    with time_machine.travel(moment(seconds=settings.PASSWORD_RESET_TIMEOUT + 5)):
        assert en.get(path).status_code == 400
        assert set_password(en, path).status_code == 400
    kari.refresh_from_db()
    assert kari.check_password(PASSWORD)


@pytest.mark.django_db
@pytest.mark.parametrize("part", ["uid", "token"])
def test_forged_reset_links_are_refused(en: Client, kari: User, part: str) -> None:
    uidb64, token = tokens.make_password_reset_parts(kari)
    if part == "uid":
        uidb64 = "MTIz"  # "123"
    else:
        token = token[:-1] + ("0" if token[-1] != "0" else "1")
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})
    assert set_password(en, path).status_code == 400
    kari.refresh_from_db()
    assert kari.check_password(PASSWORD)


@pytest.mark.django_db
def test_reset_applies_the_policy(en: Client, kari: User) -> None:
    response = set_password(en, reset_path(kari), "kort")
    assert response.status_code == 200
    assert "too short" in response.content.decode()


@pytest.mark.django_db
def test_reset_verifies_an_unverified_address(en: Client, unverified: User) -> None:
    assert set_password(en, reset_path(unverified)).status_code == 302
    unverified.refresh_from_db()
    assert unverified.email_verified_at is not None
