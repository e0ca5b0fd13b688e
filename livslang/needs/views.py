"""Pages for competence needs: register (with topic suggestions), a need with its matches
and their reasons, edit, status, and the lists of an organisation's and a person's needs."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from livslang.matching import queries as matching_queries
from livslang.needs import access, queries, services
from livslang.needs.forms import PERSONAL, NeedForm, StatusForm, initial_from
from livslang.organisations import access as org_access
from livslang.organisations import queries as org_queries
from livslang.organisations.models import Role


def _owners(user: Any) -> list[tuple[str, str]]:
    owners = [(o.slug, o.name) for o in org_queries.organisations_where(user, Role.EDITOR)]
    return [*owners, (PERSONAL, _("myself (a personal need)"))]


def _suggestions(request: HttpRequest, form_data: Any, keep: list[str]) -> list[str]:
    text = f"{form_data.get('title', '')} {form_data.get('text', '')}" if form_data else ""
    return list(dict.fromkeys([*keep, *services.suggest_topics(text)]))


def _owner_of(user: Any, slug: str) -> Any:
    if slug == PERSONAL:
        return None
    organisation, _membership = org_access.organisation_for_member(user, slug, at_least=Role.EDITOR)
    return organisation


def _save(request: HttpRequest, form: NeedForm, need: Any | None) -> Any | None:
    try:
        if need is None:
            return services.register_need(
                actor=request.user,
                organisation=_owner_of(request.user, form.cleaned_data["owner"]),
                **form.need_data(),
            )
        return services.update_need(actor=request.user, need=need, **form.need_data())
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    return None


def _form_page(request: HttpRequest, need: Any | None) -> HttpResponse:
    owners = _owners(request.user)
    if request.method == "POST":
        keep = request.POST.getlist("topics")
        form = NeedForm(
            request.POST, owners=owners, suggestions=_suggestions(request, request.POST, keep)
        )
        if "suggest" not in request.POST and form.is_valid():
            saved = _save(request, form, need)
            if saved is not None:
                messages.success(request, _("Your need is saved. Here are the matches."))
                return redirect(saved.get_absolute_url())
    elif need is not None:
        form = NeedForm(
            initial=initial_from(need),
            owners=owners,
            suggestions=_suggestions(
                request, {"title": need.title, "text": need.text}, need.topics
            ),
        )
    else:
        form = NeedForm(owners=owners, suggestions=[])
    if need is not None:
        form.fields["owner"].disabled = True
    return render(request, "needs/form.html", {"form": form, "need": need})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def register(request: HttpRequest) -> HttpResponse:
    return _form_page(request, None)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def edit(request: HttpRequest, need_id: uuid.UUID) -> HttpResponse:
    need = access.need_for_editing(request.user, need_id, request)
    return _form_page(request, need)


@require_POST
@login_required
def suggest(request: HttpRequest) -> HttpResponse:
    """htmx partial: the topic checkboxes for the text typed so far."""
    keep = request.POST.getlist("topics")
    form = NeedForm(
        owners=_owners(request.user),
        suggestions=_suggestions(request, request.POST, keep),
        initial={"topics": keep},
    )
    return render(request, "needs/_topic_suggestions.html", {"form": form})


@require_safe
def detail(request: HttpRequest, need_id: uuid.UUID) -> HttpResponse:
    need = access.need_for_viewing(request.user, need_id, request)
    shown = matching_queries.matches_of(need)
    return render(
        request,
        "needs/detail.html",
        {
            "need": need,
            "fitting": [m for m in shown if m.relevant and m.match.fits],
            "near_misses": [m for m in shown if m.relevant and not m.match.fits],
            "others": [m for m in shown if not m.relevant][:5],
            "run": matching_queries.latest_run(need),
            "runs": list(matching_queries.runs_of(need)[:10]),
            "events": list(need.events.select_related("actor").order_by("at", "pk")),
            "can_edit": access.may_edit(request.user, need),
            "status_form": StatusForm(initial={"status": need.status}),
        },
    )


@require_POST
@login_required
def set_status(request: HttpRequest, need_id: uuid.UUID) -> HttpResponse:
    need = access.need_for_editing(request.user, need_id, request)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.set_status(actor=request.user, need=need, status=form.cleaned_data["status"])
        messages.success(request, _("The status is changed."))
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect(need.get_absolute_url())


@require_safe
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    organisations = list(org_queries.organisations_where(request.user, Role.VIEWER))
    return render(
        request,
        "needs/mine.html",
        {
            "personal": list(queries.needs_of_person(request.user)),
            "organisations": [(o, list(queries.needs_of_organisation(o))) for o in organisations],
        },
    )


@require_safe
def public_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "needs/public_list.html", {"needs": list(queries.public_active_needs()[:100])}
    )
