"""Writes for people and their accounts."""

from __future__ import annotations

from django.db import transaction

from livslang.accounts.models import User
from livslang.audit.services import record


@transaction.atomic
def ensure_demo_user(
    *, email: str, full_name: str, password: str, is_platform_admin: bool = False
) -> tuple[User, bool]:
    """Create a demo user once; later runs leave it (and any password change) alone."""
    user = User.objects.filter(email=email.lower()).first()
    if user is not None:
        return user, False
    user = User(
        email=email.lower(),
        full_name=full_name,
        is_staff=is_platform_admin,
        is_superuser=is_platform_admin,
        is_demo=True,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    record(
        actor_label="demo",
        action="user.create",
        object_type="accounts.user",
        object_id=str(user.public_id),
        object_repr=user.email,
        summary="demo user",
    )
    return user, True
