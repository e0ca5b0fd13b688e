"""The knowledge base of a programme: search and filters, an experience with its comments,
and the "share an experience" form for partners."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from livslang.organisations import queries as org_queries
from livslang.organisations.forms import add_service_error
from livslang.organisations.models import Role
from livslang.programmes import access, knowledge, queries, services
from livslang.programmes.access import READ, READ_PUBLIC
from livslang.programmes.forms import CommentForm, ExperienceForm, ExperienceSearchForm
from livslang.programmes.views._common import FORM_METHODS, acting_user, form_fields, form_page


@require_safe
def experiences(request: HttpRequest, slug: str) -> HttpResponse:
    programme, roles = access.programme_for(request.user, slug, want=READ_PUBLIC, request=request)
    everything = queries.experiences_of(programme)
    tracks = queries.tracks_of(programme)
    regions = sorted(
        {r for e in everything for r in e.regions.all()}, key=lambda r: (r.name, r.code)
    )
    form = ExperienceSearchForm(
        request.GET or None, tags=queries.tags_of(everything), tracks=tracks, regions=regions
    )
    wanted = form.filters()
    found = knowledge.filter_experiences(
        everything, tag=wanted["tag"], track=wanted["track"], region=wanted["region"]
    )
    found = knowledge.search_experiences(found, wanted["q"])
    return render(
        request,
        "programmes/experiences.html",
        {
            "programme": programme,
            "roles": roles,
            "form": form,
            "found": found,
            "total": len(everything),
            "searching": any(wanted.values()),
        },
    )


@require_safe
def experience(request: HttpRequest, experience_id: uuid.UUID) -> HttpResponse:
    found, roles = access.experience_for(
        request.user, experience_id, want=READ_PUBLIC, request=request
    )
    return render(
        request,
        "programmes/experience.html",
        {
            "experience": found,
            "programme": found.programme,
            "roles": roles,
            "comments": found.comments.select_related("author").order_by("created_at", "pk"),
            "comment_form": CommentForm() if roles.can_read else None,
        },
    )


@require_POST
@login_required
def experience_comment(request: HttpRequest, experience_id: uuid.UUID) -> HttpResponse:
    found, roles = access.experience_for(request.user, experience_id, want=READ, request=request)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_on(
                actor=acting_user(request), experience=found, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_error(cast(Any, form), error)
        else:
            messages.success(request, _("Your comment has been added."))
            return redirect(found.get_absolute_url())
    return render(
        request,
        "programmes/experience.html",
        {
            "experience": found,
            "programme": found.programme,
            "roles": roles,
            "comments": found.comments.select_related("author").order_by("created_at", "pk"),
            "comment_form": form,
        },
    )


@require_http_methods(FORM_METHODS)
@login_required
def experience_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Any partner of the programme shares an experience, for one of their organisations."""
    programme, _roles = access.programme_for(request.user, slug, want=READ, request=request)
    form = ExperienceForm(
        request.POST or None,
        programme=programme,
        organisations=org_queries.organisations_where(request.user, Role.VIEWER).order_by(
            "name_folded"
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = services.publish_experience(
                actor=acting_user(request),
                programme=programme,
                organisation=form.cleaned_data["organisation"],
                data=form_fields(form),
                tracks=list(form.cleaned_data["tracks"]),
                goals=list(form.cleaned_data["goals"]),
                regions=list(form.cleaned_data["regions"]),
                initiatives=list(form.cleaned_data["initiatives"]),
            )
        except ValidationError as error:
            add_service_error(cast(Any, form), error)
        else:
            messages.success(request, _("Thank you: your experience has been published."))
            return redirect(created.get_absolute_url())
    return form_page(request, "experience_form.html", form=form, programme=programme)
