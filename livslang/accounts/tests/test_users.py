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


@pytest.mark.django_db
def test_new_users_are_unverified_but_superusers_are_verified() -> None:
    assert (
        User.objects.create_user(email="a@example.no", password="x" * 16).email_verified_at is None
    )
    admin = User.objects.create_superuser(email="root2@example.no", password="x" * 16)
    assert admin.email_verified_at is not None


@pytest.mark.django_db
def test_createsuperuser_command_makes_a_verified_admin(monkeypatch) -> None:
    from django.core.management import call_command

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long enough admin passphrase")
    call_command("createsuperuser", "--noinput", email="ops@example.no", verbosity=0)
    assert User.objects.get(email="ops@example.no").email_verified_at is not None


@pytest.mark.django_db
def test_demo_users_are_verified() -> None:
    from livslang.accounts.services import ensure_demo_user

    user, created = ensure_demo_user(
        email="Demo@demo.livslang.test", full_name="Demo", password="livslang-demo"
    )
    assert created
    assert user.email_verified_at is not None
    User.objects.filter(pk=user.pk).update(email_verified_at=None)
    again, created = ensure_demo_user(
        email="demo@demo.livslang.test", full_name="Demo", password="livslang-demo"
    )
    assert not created
    assert again.email_verified_at is not None


def test_the_home_municipality_repointer_is_registered() -> None:
    from livslang.accounts.services import repoint_home_municipality
    from livslang.geo.services.changes import _municipality_repointers

    assert repoint_home_municipality in _municipality_repointers


@pytest.mark.django_db
def test_a_postcode_needs_a_country() -> None:
    from django.core.exceptions import ValidationError

    user = User(email="p@example.no", home_postcode="9300")
    with pytest.raises(ValidationError) as caught:
        user.full_clean(exclude=["password"])
    assert "home_country" in caught.value.message_dict
    user = User(email="p@example.no", home_postcode="93", home_country="NO")
    with pytest.raises(ValidationError) as caught:
        user.full_clean(exclude=["password"])
    assert "home_postcode" in caught.value.message_dict


@pytest.mark.django_db
def test_adding_a_user_in_the_admin_is_audited(platform_admin: User) -> None:
    from django.test import Client

    from livslang.audit.models import AuditEntry

    client = Client()
    client.force_login(platform_admin)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "added@example.no",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    added = User.objects.get(email="added@example.no")
    entry = AuditEntry.objects.get(action="user.create")
    assert entry.object_id == str(added.public_id)
    assert entry.actor == platform_admin
