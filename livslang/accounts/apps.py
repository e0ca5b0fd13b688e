from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _stamp_session(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Every way of signing in (our login page, the admin's) starts the session clocks."""
    from livslang.accounts.middleware import stamp_session_start

    if request is not None and hasattr(request, "session"):
        stamp_session_start(request)


class AccountsConfig(AppConfig):
    name = "livslang.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from livslang.accounts.services import repoint_home_municipality
        from livslang.geo.services import register_municipality_repointer

        register_municipality_repointer(repoint_home_municipality)
        user_logged_in.connect(_stamp_session, dispatch_uid="livslang.accounts.stamp_session")
