"""Fixtures shared by every test: the named cast of users (one per role as roles arrive)."""

from __future__ import annotations

import os

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings

from livslang.accounts.models import User

PASSWORD = "correct horse battery staple"

# Generated tests are reproducible in CI and in `make test`: few examples, the same every run,
# nothing stored between runs, no shrinking (a failure is reported at once with its example).
# Tests that need more examples say so; HYPOTHESIS_PROFILE=dev explores new ones locally.
_QUIET = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
hypothesis_settings.register_profile(
    "ci",
    max_examples=6,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=_QUIET,
)
hypothesis_settings.register_profile(
    "dev", max_examples=100, deadline=None, suppress_health_check=_QUIET
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def forget_remembered_places() -> None:
    """Each test makes its own geography (and rolls it back): no place found by an earlier
    test may answer from the process's memory."""
    from livslang.geo.queries import forget_places

    forget_places()


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
