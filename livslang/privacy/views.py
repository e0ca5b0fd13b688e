"""Privacy self-service: see and download one's data, consents, and erasure."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from livslang.privacy import queries, services
from livslang.privacy.forms import ConsentForm, EraseForm
from livslang.privacy.models import ConsentKind


@require_safe
@login_required
def home(request: HttpRequest) -> HttpResponse:
    initial = {kind: services.has_consent(request.user, kind) for kind in ConsentKind.values}
    held = queries.held_erasure(request.user)
    return render(
        request,
        "privacy/home.html",
        {"form": ConsentForm(initial=initial), "held": held},
    )


@require_POST
@login_required
def consents(request: HttpRequest) -> HttpResponse:
    form = ConsentForm(request.POST)
    form.is_valid()  # unticked boxes are simply False
    changed = False
    for kind in ConsentKind.values:
        changed |= services.set_consent(
            user=request.user, kind=kind, given=bool(form.cleaned_data.get(kind))
        )
    if changed:
        messages.success(request, _("Your choices are saved."))
    return redirect("privacy:home")


@require_safe
@login_required
def data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/data.html",
        {"own": queries.own_data(request.user), "person": request.user},
    )


@require_safe
@login_required
def export(request: HttpRequest) -> HttpResponse:
    body = json.dumps(queries.export_of(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="livslang-my-data.json"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def erase(request: HttpRequest) -> HttpResponse:
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        outcome = services.request_erasure(user=request.user)
        if outcome.erased:
            logout(request)
            messages.success(request, _("Your account and your personal data are erased."))
            return redirect("pages:home")
        return render(
            request, "privacy/erase.html", {"form": EraseForm(), "reasons": outcome.reasons}
        )
    return render(request, "privacy/erase.html", {"form": form})
