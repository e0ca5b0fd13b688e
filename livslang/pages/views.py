"""The front page, the legal pages, error pages and the machine-readable files."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language

from livslang.accounts import services as account_services
from livslang.context_processors import site
from livslang.messages import HostCookieStorage
from livslang.pages import queries

logger = logging.getLogger(__name__)

# Whether a person has reviewed the accessibility statement (screen reader run, alt texts and
# headings per Uutilsynet's test rules). Only a person who did the review may change this.
ACCESSIBILITY_REVIEW = {"reviewed_by_person": False, "reviewed_on": None, "reviewer": ""}


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/home.html")


@require_safe
def about_data(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/about_data.html", {"summary": queries.reference_data_summary()})


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/accessibility.html",
        {
            "review": ACCESSIBILITY_REVIEW,
            "statement_url_no": settings.ACCESSIBILITY_STATEMENT_URL_NO,
            "statement_url_dk": settings.ACCESSIBILITY_STATEMENT_URL_DK,
        },
    )


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html")


@require_safe
def cookies(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/cookies.html",
        {
            "session_cookie": settings.SESSION_COOKIE_NAME,
            "csrf_cookie": settings.CSRF_COOKIE_NAME,
            "language_cookie": settings.LANGUAGE_COOKIE_NAME,
            "messages_cookie": HostCookieStorage.cookie_name,
        },
    )


@require_safe
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 ``ok`` after a database round trip; 503 when the database does not answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: database unavailable")
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(max_age=3600, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(max_age=3600, public=True)
def security_txt(request: HttpRequest) -> HttpResponse:
    # RFC 9116: Expires is required and should be less than a year ahead.
    expires = (timezone.now() + timedelta(days=180)).replace(microsecond=0)
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires.isoformat()}",
        "Preferred-Languages: nb, nn, da, en",
        f"Canonical: {request.build_absolute_uri(reverse('security_txt'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's ``set_language`` plus a status message, written in the newly chosen language."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if response.status_code == 302 and language in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            # Remember it in the profile too, or the next sign-in would switch back.
            account_services.set_language(user=request.user, language=language)
        with translation.override(language):
            messages.success(
                request,
                _("The language is now %(language)s.")
                % {"language": translation.get_language_info(language)["name_local"]},
            )
    return response


# --- Error pages --------------------------------------------------------------------------


def _error(request: HttpRequest, template: str, status: int) -> HttpResponse:
    return render(request, template, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "403.html", 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "404.html", 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(request, "403_csrf.html", 403)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered with a plain context: no context processors, no session, no database."""
    template = loader.get_template("500.html")
    context = {**site(request), "request_id": getattr(request, "request_id", "")}
    body = template.render(context)
    return HttpResponse(body, status=500, content_type="text/html; charset=utf-8")
