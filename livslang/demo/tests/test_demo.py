from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from livslang.accounts.models import User
from livslang.audit.models import AuditEntry
from livslang.demo.models import DemoWorld


@pytest.mark.django_db
def test_demo_world_is_idempotent_and_prints_logins(capsys) -> None:
    call_command("demo", today=date(2026, 11, 22))
    first = capsys.readouterr().out
    users, audit = User.objects.count(), AuditEntry.objects.count()
    call_command("demo", today=date(2026, 11, 22))
    assert User.objects.count() == users
    assert AuditEntry.objects.count() == audit
    assert "platform_admin" in first
    assert "admin@demo.livslang.test" in first
    admin = User.objects.get(email="admin@demo.livslang.test")
    assert admin.is_demo
    assert admin.is_staff
    assert admin.check_password("livslang-demo")


@pytest.mark.django_db
def test_another_day_re_dates_the_world_in_place(capsys) -> None:
    call_command("demo", today=date(2026, 11, 22))
    users = User.objects.count()
    call_command("demo", today=date(2027, 1, 4))
    assert "re-dated by 43 days" in capsys.readouterr().out
    assert DemoWorld.objects.get().today == date(2027, 1, 4)
    assert User.objects.count() == users


@pytest.mark.django_db
def test_demo_refuses_in_production(settings) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError) as refused:
        call_command("demo")
    assert refused.value.returncode == 2
    assert not User.objects.exists()


def test_bad_today_is_a_clear_error() -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("demo", "--today", "22.11.2026")
