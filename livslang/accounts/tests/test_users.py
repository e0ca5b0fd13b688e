from __future__ import annotations

import pytest
from django.db import IntegrityError

from livslang.accounts.models import User


@pytest.mark.django_db
def test_email_is_the_login_and_is_normalised() -> None:
    user = User.objects.create_user(email="  Kari.Nordmann@Example.NO ", password="x" * 16)
    assert user.email == "kari.nordmann@example.no"
    assert user.check_password("x" * 16)
    assert user.public_id is not None
    assert not user.is_staff


@pytest.mark.django_db
def test_email_is_unique_regardless_of_case() -> None:
    User.objects.create_user(email="kari@example.no", password="x" * 16)
    with pytest.raises(IntegrityError):
        User.objects.bulk_create([User(email="KARI@example.no")])


@pytest.mark.django_db
def test_argon2_is_the_password_hasher() -> None:
    user = User.objects.create_user(email="a@example.no", password="a long enough passphrase")
    assert user.password.startswith("argon2")


@pytest.mark.django_db
def test_superuser_is_platform_staff() -> None:
    admin = User.objects.create_superuser(email="root@example.no", password="x" * 16)
    assert admin.is_staff
    assert admin.is_superuser
