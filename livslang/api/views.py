"""The API's pages: the browsable documentation, and an organisation's API tokens."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from livslang.api import access, queries, services
from livslang.api.forms import TokenForm
from livslang.organisations.models import Organisation

SWAGGER_UI_VERSION = "5.31.0"


@require_safe
def docs(request: HttpRequest) -> HttpResponse:
    """Swagger UI, served from our own static files (no inline script, the site's CSP)."""
    return render(request, "api/docs.html", {"swagger_ui_version": SWAGGER_UI_VERSION})


def _page(
    request: HttpRequest, organisation: Organisation, form: TokenForm, new_token: str = ""
) -> HttpResponse:
    response = render(
        request,
        "api/tokens.html",
        {
            "organisation": organisation,
            "form": form,
            "tokens": queries.tokens_of(organisation),
            "new_token": new_token,
        },
    )
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
def tokens(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, _membership = access.organisation_for_tokens(request.user, slug, request)
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            _token, raw = services.create_token(
                actor=request.user,
                organisation=organisation,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
            )
            # Shown once, in this response only; never stored in plain text.
            return _page(request, organisation, TokenForm(), new_token=raw)
        return _page(request, organisation, form)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    return _page(request, organisation, TokenForm())


@require_POST
@login_required
def revoke(request: HttpRequest, slug: str, token_id: uuid.UUID) -> HttpResponse:
    organisation, _membership = access.organisation_for_tokens(request.user, slug, request)
    token = access.token_of(organisation, token_id)
    services.revoke_token(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("apitokens:tokens", organisation.slug)
