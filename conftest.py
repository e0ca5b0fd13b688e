"""Fixtures shared by every test: the named cast of users (one per role as roles arrive)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from livslang.accounts.models import User

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    """Argon2 stays the algorithm; only its work factors shrink (see tests/hashers.py)."""
    settings.PASSWORD_HASHERS = ["tests.hashers.FastArgon2PasswordHasher"]


@pytest.fixture
def platform_admin(db: None) -> User:
    """Petra, who runs the platform."""
    return User.objects.create_superuser(
        email="petra.platform@example.org", password=PASSWORD, full_name="Petra Platform"
    )


@pytest.fixture
def learner(db: None) -> User:
    """Lars, an adult learner in Senja."""
    return User.objects.create_user(
        email="lars.learner@example.org",
        password=PASSWORD,
        full_name="Lars Learner",
        email_verified_at=timezone.now(),
    )
