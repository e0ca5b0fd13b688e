"""Project-wide middleware: request ids, language, error page bodies, private caching."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from livslang.languages import language_for_request

Handler = Callable[[HttpRequest], HttpResponse]


class RequestIdMiddleware:
    """Gives every request an id that log records and the 500 page can quote."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class LanguageMiddleware:
    """No language prefix in URLs: cookie, else Accept-Language, else nb."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_for_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            # The language is per request; leaving it active would leak into whatever the
            # thread does next (tests, commands run in-process).
            translation.deactivate()
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        response.headers.setdefault("Content-Language", language)
        return response


class ErrorPageMiddleware:
    """Gives bodyless 405 and 429 responses the site's translated error page."""

    TEMPLATES = {405: "405.html", 429: "429.html"}

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        template = self.TEMPLATES.get(response.status_code)
        if template and not response.content and not request.path.startswith("/api/"):
            response.content = render_to_string(template, request=request).encode()
            response["Content-Type"] = "text/html; charset=utf-8"
        return response


class PrivateCacheMiddleware:
    """Responses for a signed-in person may hold personal data: never store them."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
