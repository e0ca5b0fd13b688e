"""The secretariat keeps the programme, its partners, tracks, goals and initiatives; the
secretariat and the track's owners keep goals and their values."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from livslang.organisations import queries as org_queries
from livslang.organisations.forms import add_service_error
from livslang.organisations.models import Role
from livslang.programmes import access, imports, queries, services
from livslang.programmes.access import ADMIN, EDIT
from livslang.programmes.forms import (
    GoalForm,
    IndicatorForm,
    InitiativeForm,
    MeasurementForm,
    MeasurementImportForm,
    NewProgrammeForm,
    PartnerForm,
    ProgrammeForm,
    RemovePartnerForm,
    TrackForm,
)
from livslang.programmes.models import Goal, IndicatorSource, Track
from livslang.programmes.views._common import (
    FORM_METHODS,
    acting_user,
    form_fields,
    form_page,
    local_today,
)

# --- The secretariat: programme, partners, tracks, programme goals, initiatives -------------


@require_http_methods(FORM_METHODS)
@login_required
def programme_create(request: HttpRequest) -> HttpResponse:
    owners = org_queries.organisations_where(request.user, Role.EDITOR).order_by("name")
    if not owners.exists():
        raise Http404
    form = NewProgrammeForm(request.POST or None, owners=owners)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "owner"}
        try:
            programme = services.create_programme(
                actor=acting_user(request), owner=form.cleaned_data["owner"], data=data
            )
        except ValidationError as error:
            add_service_error(cast(Any, form), error)
        else:
            messages.success(request, _("The programme has been created."))
            return redirect("programmes:overview", slug=programme.slug)
    return form_page(request, "programme_form.html", form=form, programme=None)


@require_http_methods(FORM_METHODS)
@login_required
def programme_edit(request: HttpRequest, slug: str) -> HttpResponse:
    programme, _roles = access.programme_for(request.user, slug, want=ADMIN, request=request)
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_programme(
                actor=acting_user(request), programme=programme, data=form_fields(form)
            )
        except ValidationError as error:
            add_service_error(cast(Any, form), error)
        else:
            messages.success(request, _("The programme has been saved."))
            return redirect("programmes:overview", slug=programme.slug)
    return form_page(request, "programme_form.html", form=form, programme=programme)


@require_http_methods(FORM_METHODS)
@login_required
def partners(request: HttpRequest, slug: str) -> HttpResponse:
    programme, _roles = access.programme_for(request.user, slug, want=ADMIN, request=request)
    add_form = PartnerForm(request.POST if "organisation" in request.POST else None)
    remove_form = RemovePartnerForm(request.POST if "remove" in request.POST else None)
    if request.method == "POST":
        try:
            if add_form.is_bound and add_form.is_valid():
                services.set_partner(
                    actor=acting_user(request),
                    programme=programme,
                    organisation=add_form.cleaned_data["organisation"],
                    role=add_form.cleaned_data["role"],
                )
                messages.success(request, _("The partner has been saved."))
                return redirect("programmes:partners", slug=programme.slug)
            if remove_form.is_bound and remove_form.is_valid():
                services.remove_partner(
                    actor=acting_user(request),
                    programme=programme,
                    organisation=remove_form.cleaned_data["remove"],
                )
                messages.success(request, _("The partner has been removed."))
                return redirect("programmes:partners", slug=programme.slug)
        except ValidationError as error:
            add_service_error(add_form if add_form.is_bound else remove_form, error)
        if not add_form.is_bound and not remove_form.is_bound:
            add_form = PartnerForm(request.POST)
            add_form.is_valid()
    return form_page(
        request,
        "partners.html",
        programme=programme,
        form=add_form,
        remove_form=remove_form,
        partners=queries.partners_of(programme),
    )


@require_http_methods(FORM_METHODS)
@login_required
def track_create(request: HttpRequest, slug: str) -> HttpResponse:
    programme, _roles = access.programme_for(request.user, slug, want=ADMIN, request=request)
    form = TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_track(
                actor=acting_user(request),
                programme=programme,
                data=form_fields(form, without=("owners",)),
                owners=list(form.cleaned_data["owners"]),
            )
        except ValidationError as error:
            add_service_error(cast(Any, form), error)
        else:
            messages.success(request, _("The track has been created."))
            return redirect(created.get_absolute_url())
    return form_page(request, "track_form.html", form=form, programme=programme, track=None)


@require_http_methods(FORM_METHODS)
@login_required
def track_edit(request: HttpRequest, track_id: uuid.UUID) -> HttpResponse:
    found, _roles = access.track_for(request.user, track_id, want=ADMIN, request=request)
    form = TrackForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_track(
                actor=acting_user(request),
                track=found,
                data=form_fields(form, without=("owners",)),
                owners=list(form.cleaned_data["owners"]),
            )
        except ValidationError as error:
            add_service_error(cast(Any, form), error)
        else:
            messages.success(request, _("The track has been saved."))
            return redirect(found.get_absolute_url())
    return form_page(request, "track_form.html", form=form, programme=found.programme, track=found)


def _goal_form_page(
    request: HttpRequest, programme: Any, track: Track | None, goal: Goal | None
) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    indicator = getattr(goal, "indicator", None) if goal and queries.has_indicator(goal) else None
    form = GoalForm(data, instance=goal, programme=programme, for_track=track is not None)
    indicator_form = IndicatorForm(data, instance=indicator)
    if request.method == "POST" and form.is_valid() and indicator_form.is_valid():
        try:
            if goal is None:
                goal = services.create_goal(
                    actor=acting_user(request),
                    programme=programme,
                    track=track,
                    data=form_fields(form),
                    indicator=indicator_form.indicator_data(),
                )
            else:
                services.update_goal(
                    actor=acting_user(request),
                    goal=goal,
                    data=form_fields(form),
                    indicator=indicator_form.indicator_data(),
                )
        except ValidationError as error:
            _goal_errors(form, indicator_form, error)
        else:
            messages.success(request, _("The goal has been saved."))
            return redirect(goal.get_absolute_url())
    return form_page(
        request,
        "goal_form.html",
        form=form,
        indicator_form=indicator_form,
        forms=[form, indicator_form],
        programme=programme,
        track=track,
        goal=goal,
    )


def _goal_errors(form: Any, indicator_form: Any, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        if field.startswith("indicator-"):
            name = field.removeprefix("indicator-")
            indicator_form.add_error(name if name in indicator_form.fields else None, errors)
        else:
            form.add_error(field if field in form.fields else None, errors)


@require_http_methods(FORM_METHODS)
@login_required
def goal_create(request: HttpRequest, slug: str) -> HttpResponse:
    programme, _roles = access.programme_for(request.user, slug, want=ADMIN, request=request)
    return _goal_form_page(request, programme, None, None)


@require_http_methods(FORM_METHODS)
@login_required
def track_goal_create(request: HttpRequest, track_id: uuid.UUID) -> HttpResponse:
    found, _roles = access.track_for(request.user, track_id, want=EDIT, request=request)
    return _goal_form_page(request, found.programme, found, None)


@require_http_methods(FORM_METHODS)
@login_required
def goal_edit(request: HttpRequest, goal_id: uuid.UUID) -> HttpResponse:
    found, _roles = access.goal_for(request.user, goal_id, want=EDIT, request=request)
    return _goal_form_page(request, found.programme, found.track, found)


@require_http_methods(FORM_METHODS)
@login_required
def measurement_create(request: HttpRequest, goal_id: uuid.UUID) -> HttpResponse:
    found, _roles = access.goal_for(request.user, goal_id, want=EDIT, request=request)
    if not queries.has_indicator(found):
        raise Http404
    indicator = found.indicator
    form = MeasurementForm(request.POST or None, initial={"measured_on": local_today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_measurement(
                actor=acting_user(request),
                indicator=indicator,
                measured_on=form.cleaned_data["measured_on"],
                value=form.cleaned_data["value"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            add_service_error(cast(Any, form), error)
        else:
            messages.success(request, _("The measurement has been recorded."))
            return redirect(found.get_absolute_url())
    return form_page(
        request,
        "measurement_form.html",
        form=form,
        goal=found,
        indicator=indicator,
        programme=found.programme,
    )


@require_http_methods(FORM_METHODS)
@login_required
def measurement_import(request: HttpRequest, goal_id: uuid.UUID) -> HttpResponse:
    """Import an indicator's values from a CSV file; every problem is listed with its line."""
    found, _roles = access.goal_for(request.user, goal_id, want=EDIT, request=request)
    if not queries.has_indicator(found) or found.indicator.source == IndicatorSource.COMPUTED:
        raise Http404
    form = MeasurementImportForm(request.POST or None, request.FILES or None)
    problems: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > imports.MAX_BYTES:
            values: list[Any] = []
            problems = [imports.ImportProblem(None, "", "", _("The file is larger than 1 MB."))]
        else:
            values, problems = imports.parse(upload.read())
        if not problems:
            try:
                counts = services.import_measurements(
                    actor=acting_user(request),
                    indicator=found.indicator,
                    values=values,
                    filename=upload.name or "",
                )
            except ValidationError as error:
                add_service_error(cast(Any, form), error)
            else:
                messages.success(
                    request,
                    _("%(created)d values added, %(updated)d changed, %(unchanged)d unchanged.")
                    % counts,
                )
                return redirect(found.get_absolute_url())
    return form_page(
        request,
        "measurement_import.html",
        form=form,
        problems=problems,
        goal=found,
        indicator=found.indicator,
        programme=found.programme,
    )


# --- Initiatives -----------------------------------------------------------------------------


@require_http_methods(FORM_METHODS)
@login_required
def initiative_create(request: HttpRequest, slug: str) -> HttpResponse:
    programme, _roles = access.programme_for(request.user, slug, want=ADMIN, request=request)
    form = InitiativeForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_initiative(
                actor=acting_user(request),
                programme=programme,
                data=form_fields(form, without=("tracks",)),
                tracks=list(form.cleaned_data["tracks"]),
            )
        except ValidationError as error:
            add_service_error(cast(Any, form), error)
        else:
            messages.success(request, _("The initiative has been saved."))
            return redirect("programmes:overview", slug=programme.slug)
    return form_page(
        request, "initiative_form.html", form=form, programme=programme, initiative=None
    )


@require_http_methods(FORM_METHODS)
@login_required
def initiative_edit(request: HttpRequest, initiative_id: uuid.UUID) -> HttpResponse:
    found, _roles = access.initiative_for(request.user, initiative_id, want=ADMIN, request=request)
    form = InitiativeForm(request.POST or None, instance=found, programme=found.programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_initiative(
                actor=acting_user(request),
                initiative=found,
                data=form_fields(form, without=("tracks",)),
                tracks=list(form.cleaned_data["tracks"]),
            )
        except ValidationError as error:
            add_service_error(cast(Any, form), error)
        else:
            messages.success(request, _("The initiative has been saved."))
            return redirect("programmes:overview", slug=found.programme.slug)
    return form_page(
        request, "initiative_form.html", form=form, programme=found.programme, initiative=found
    )
