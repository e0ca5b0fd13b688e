"""Security events as structured log records (SEC-14).

One record per event with the UTC time (from the formatter), the event name, the user's public
id, the client address and the request id. Never pass passwords, tokens, session keys, e-mail
addresses or national identity numbers: the formatter logs every extra field it is given.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest
from django.urls import Resolver404, ResolverMatch, resolve

from livslang.http import client_ip

logger = logging.getLogger("livslang.security")

# The events we log; a test checks each is emitted where it should be.
EVENTS = {
    "login_succeeded",
    "login_failed",
    "login_locked_out",
    "logout",
    "password_changed",
    "password_reset_requested",
    "password_reset_completed",
    "email_change_requested",
    "email_changed",
    "registration",
    "email_verified",
    "access_denied",
    "foreign_object_access",
    "session_expired",
    "import_rejected",
    "rate_limited",
}


# URL arguments that are secrets (links in e-mails); such paths are logged as their route.
SECRET_URL_KWARGS = frozenset({"token", "uidb64"})


def loggable_path(request: HttpRequest) -> str:
    """The request path, or its route pattern when the path carries a token (an e-mail change
    link even carries the new address), so no secret reaches the logs."""
    match: ResolverMatch | None = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return request.path
    if SECRET_URL_KWARGS & set(match.kwargs):
        return "/" + str(match.route)
    return request.path


def log_event(
    event: str, *, request: HttpRequest | None = None, user: Any = None, **fields: Any
) -> None:
    if event not in EVENTS:
        raise ValueError(f"unknown security event {event!r}")
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        user = candidate if candidate is not None and candidate.is_authenticated else None
    extra: dict[str, Any] = {
        "event": event,
        "user": str(user.public_id) if user is not None and hasattr(user, "public_id") else None,
        "ip": client_ip(request) if request is not None else None,
        "request_id": getattr(request, "request_id", None),
        "path": loggable_path(request) if request is not None else None,
    }
    extra.update(fields)
    level = (
        logging.INFO if event in {"login_succeeded", "logout", "registration"} else logging.WARNING
    )
    logger.log(level, event, extra=extra)
