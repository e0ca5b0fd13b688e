"""Which UI language a request gets: the switcher's cookie, else Accept-Language, else nb."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation.trans_real import parse_accept_lang_header

SUPPORTED = ("nb", "nn", "da", "en")
DEFAULT = "nb"

# Browsers send the macro-language "no" for Norwegian; bokmål is what most people read.
_PRIMARY_TAGS = {"nb": "nb", "no": "nb", "nn": "nn", "da": "da", "en": "en"}


def language_from_accept_header(header: str) -> str | None:
    for tag, _quality in parse_accept_lang_header(header):
        primary = tag.lower().replace("_", "-").split("-")[0]
        if primary in _PRIMARY_TAGS:
            return _PRIMARY_TAGS[primary]
    return None


def language_for_request(request: HttpRequest) -> str:
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in SUPPORTED:
        return cookie
    return language_from_accept_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")) or DEFAULT
