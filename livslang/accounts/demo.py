"""Demo users of the accounts app (Foundation II adds one per role)."""

from __future__ import annotations

from datetime import date, timedelta

from livslang.accounts.services import ensure_demo_user
from livslang.demo.services import DemoContribution, DemoLogin

ORDER = 10
# Documented in the README; demo users exist only in the embedded profile.
DEMO_PASSWORD = "livslang-demo"  # noqa: S105


def build(*, today: date, shift: timedelta) -> DemoContribution:
    admin, created = ensure_demo_user(
        email="admin@demo.livslang.test",
        full_name="Ada Administrator",
        password=DEMO_PASSWORD,
        is_platform_admin=True,
    )
    return DemoContribution(
        app="accounts",
        summary="1 user created" if created else "1 user unchanged",
        logins=[
            DemoLogin(
                role="platform_admin",
                email=admin.email,
                password=DEMO_PASSWORD,
                note="/organisations/requests/, /platform/audit/, /admin/",
            )
        ],
    )
