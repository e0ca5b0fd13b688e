"""An empty submit is a submit: the page answers with its error summary, not as a fresh GET."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from livslang.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["accounts:verify_resend", "accounts:password_reset"])
def test_empty_post_shows_the_errors_anonymous(name: str) -> None:
    with translation.override("en"):
        body = Client(headers={"accept-language": "en"}).post(reverse(name), {}).content.decode()
    assert 'id="error-summary"' in body


@pytest.mark.parametrize("name", ["accounts:password_change", "accounts:email_change"])
def test_empty_post_shows_the_errors_signed_in(name: str, learner: User) -> None:
    client = Client(headers={"accept-language": "en"})
    client.force_login(learner)
    body = client.post(reverse(name), {}).content.decode()
    assert 'id="error-summary"' in body
