"""Before any API operation: check a bearer token once and count the request against the
rate limit (SEC-12), per token or per client address (as ``livslang.http.client_ip`` derives
it, so a spoofed X-Forwarded-For changes nothing)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from livslang.api import services
from livslang.http import client_ip
from livslang.security import log_event

API_PREFIX = "/api/v1/"


class ApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        from livslang.api.api import problem

        header = request.headers.get("Authorization", "")
        token = None
        if header:
            scheme, _, raw = header.partition(" ")
            token = services.authenticate(raw.strip()) if scheme.lower() == "bearer" else None
            request.api_token_invalid = token is None  # type: ignore[attr-defined]
        request.api_token = token  # type: ignore[attr-defined]
        kind, who = ("token", str(token.pk)) if token else ("anonymous", client_ip(request))
        retry_after = services.throttle(kind=kind, who=who)
        if retry_after is None and request.path.startswith(f"{API_PREFIX}dump/"):
            retry_after = services.throttle(kind="dump", who=client_ip(request))
        if retry_after is not None:
            log_event("rate_limited", request=request, scope=f"api:{kind}")
            response = problem(request, 429, "Too many requests")
            response["Retry-After"] = str(retry_after)
        else:
            response = self.get_response(request)
        if token is not None:
            patch_cache_control(response, no_store=True, private=True)
        return response
