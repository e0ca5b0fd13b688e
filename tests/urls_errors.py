"""The project's URLs plus views that fail on purpose, for testing the error pages."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from livslang.pages.views import csrf_failure
from livslang.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("forced error for the 500 page test")


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("forced 400")


def denied(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def throttled(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=429, headers={"Retry-After": "60"})


def csrf_failed(request: HttpRequest) -> HttpResponse:
    return csrf_failure(request, reason="test")


urlpatterns = [
    *urlpatterns,
    path("test-errors/500/", boom),
    path("test-errors/400/", suspicious),
    path("test-errors/403/", denied),
    path("test-errors/429/", throttled),
    path("test-errors/csrf/", csrf_failed),
]
