"""Ending signed-in sessions after inactivity and after a maximum lifetime (SEC-09)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from livslang.security import log_event

# Session keys (epoch seconds, UTC).
AUTH_STARTED_AT = "auth_started_at"
LAST_SEEN_AT = "last_seen_at"
# The last-seen stamp is written at most this often, so a request does not always save the
# session; idle expiry is therefore precise to this many seconds.
LAST_SEEN_RESOLUTION = 60


def now_epoch() -> int:
    return int(timezone.now().timestamp())


def stamp_session_start(request: HttpRequest) -> None:
    """Call right after ``login()``: the absolute and idle clocks start now."""
    now = now_epoch()
    request.session[AUTH_STARTED_AT] = now
    request.session[LAST_SEEN_AT] = now


class SessionTimeoutMiddleware:
    """For a signed-in user, ends the session after ``SESSION_IDLE_TIMEOUT`` seconds without a
    request and ``SESSION_ABSOLUTE_TIMEOUT`` seconds after signing in; the request then goes on
    as anonymous. Place after AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        session = request.session
        now = now_epoch()
        started = session.get(AUTH_STARTED_AT)
        last_seen = session.get(LAST_SEEN_AT)
        if not isinstance(started, int) or not isinstance(last_seen, int):
            # Signed in some other way (the admin's login page, a test's force_login): the
            # clocks start with this request.
            stamp_session_start(request)
            return
        reason = None
        if now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
            reason = "absolute"
        elif now - last_seen > settings.SESSION_IDLE_TIMEOUT:
            reason = "idle"
        if reason is not None:
            user = request.user
            logout(request)
            log_event("session_expired", request=request, user=user, reason=reason)
            return
        if now - last_seen >= LAST_SEEN_RESOLUTION:
            session[LAST_SEEN_AT] = now
