"""Flash messages in a cookie (no session for anonymous visitors), "__Host-"-named in production."""

from __future__ import annotations

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage


class HostCookieStorage(CookieStorage):
    cookie_name = "__Host-livslang_messages" if settings.PRODUCTION else "livslang_messages"
