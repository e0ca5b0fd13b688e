"""Programme pages. Every view authorises first with one helper from ``access``, validates
with a form, calls one service and renders or redirects. Read-only pages are ``require_safe``.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from livslang.accounts.models import User
from livslang.organisations import queries as org_queries
from livslang.organisations.forms import add_service_error
from livslang.organisations.models import Role
from livslang.programmes import access, charts, imports, queries, reports, services
from livslang.programmes.access import ADMIN, EDIT, READ, READ_PUBLIC
from livslang.programmes.forms import (
    ActionFilterForm,
    ActionForm,
    ActionStatusForm,
    GoalForm,
    IndicatorForm,
    InitiativeForm,
    MeasurementForm,
    MeasurementImportForm,
    NewProgrammeForm,
    PartnerForm,
    ProgrammeForm,
    RemovePartnerForm,
    ReportPeriodForm,
    TrackForm,
)
from livslang.programmes.models import ActionStatus, Goal, IndicatorSource, Track

FORM_METHODS = ["GET", "HEAD", "POST"]


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _today() -> date:
    return timezone.localdate()


# --- Reading -------------------------------------------------------------------------------


@require_safe
def programme_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "programmes/list.html",
        {
            "public": queries.public_programmes(),
            "mine": queries.programmes_of(request.user),
            "memberships": org_queries.memberships_of(request.user),
            "can_create": org_queries.organisations_where(request.user, Role.EDITOR).exists(),
        },
    )


def _page_context(programme: Any, roles: Any) -> dict[str, Any]:
    today = _today()
    view = queries.progress_of(programme, today)
    tracks = queries.tracks_of(programme)
    summaries = queries.action_summaries(programme)
    return {
        "programme": programme,
        "roles": roles,
        "today": today,
        "progress": view.top,
        "track_rows": [
            (t, view.of_track(t), summaries.get(t.pk, queries.ActionSummary())) for t in tracks
        ],
        "initiatives": queries.initiatives_of(programme),
        "secretariat": queries.secretariat_of(programme),
    }


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The programme's read-only page: public for a public programme, else for partners."""
    programme, roles = access.programme_for(request.user, slug, want=READ_PUBLIC, request=request)
    return render(request, "programmes/detail.html", _page_context(programme, roles))


@require_safe
def progress_chart(request: HttpRequest, slug: str) -> JsonResponse:
    programme, _roles = access.programme_for(request.user, slug, want=READ_PUBLIC, request=request)
    view = queries.progress_of(programme, _today())
    return JsonResponse(charts.progress_chart(programme.name, view.top))


@require_safe
@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    """The partners' overview: progress, tracks with their action-plan summaries, deadlines."""
    programme, roles = access.programme_for(request.user, slug, want=READ, request=request)
    context = _page_context(programme, roles)
    overdue, upcoming = queries.deadlines(programme, context["today"])
    summaries = queries.action_summaries(programme)
    context.update(
        {
            "summaries": [
                (track, summaries.get(track.pk, queries.ActionSummary()))
                for track, _goals, _summary in context["track_rows"]
            ],
            "overdue": overdue,
            "upcoming": upcoming,
            "partners": queries.partners_of(programme),
            "status_labels": ActionStatus.choices,
        }
    )
    return render(request, "programmes/overview.html", context)


@require_safe
def track(request: HttpRequest, track_id: uuid.UUID) -> HttpResponse:
    found, roles = access.track_for(request.user, track_id, want=READ_PUBLIC, request=request)
    view = queries.progress_of(found.programme, _today())
    return render(
        request,
        "programmes/track.html",
        {
            "track": found,
            "programme": found.programme,
            "roles": roles,
            "owners": list(found.owners.order_by("name")),
            "goals": view.of_track(found),
            "actions": queries.actions_of(found.programme, track=found) if roles.can_read else [],
            "can_edit": roles.can_edit_track(found),
            "status_choices": ActionStatus.choices,
        },
    )


@require_safe
def goal(request: HttpRequest, goal_id: uuid.UUID) -> HttpResponse:
    found, roles = access.goal_for(request.user, goal_id, want=READ_PUBLIC, request=request)
    view = queries.progress_of(found.programme, _today())
    progress = next((p for p in view.top if p.goal.pk == found.pk), view.by_goal[found.pk])
    measurements = view.measurements.get(progress.indicator.pk, []) if progress.indicator else []
    return render(
        request,
        "programmes/goal.html",
        {
            "goal": found,
            "programme": found.programme,
            "progress": progress,
            "progress_rows": [progress],
            "measurements": list(reversed(measurements)),
            "can_edit": roles.can_edit_goal(found),
        },
    )


@require_safe
def goal_chart(request: HttpRequest, goal_id: uuid.UUID) -> JsonResponse:
    found, _roles = access.goal_for(request.user, goal_id, want=READ_PUBLIC, request=request)
    view = queries.progress_of(found.programme, _today())
    progress = view.by_goal[found.pk]
    measurements = view.measurements.get(progress.indicator.pk, []) if progress.indicator else []
    return JsonResponse(charts.goal_chart(found, progress, measurements))


@require_safe
@login_required
def actions(request: HttpRequest, slug: str) -> HttpResponse:
    """The action plan with filters; each row's status can be changed in place (htmx) or with
    its own small form (without JavaScript)."""
    programme, roles = access.programme_for(request.user, slug, want=READ, request=request)
    form = ActionFilterForm(
        request.GET or None, organisations=queries.responsible_organisations(programme)
    )
    filters = form.filters()
    found = queries.actions_of(
        programme,
        status=filters.get("status", ""),
        responsible=filters.get("responsible", ""),
        due=filters.get("due", ""),
        today=_today(),
    )
    rows = [(a, roles.can_edit_track(a.track)) for a in found]
    return render(
        request,
        "programmes/actions.html",
        {
            "programme": programme,
            "roles": roles,
            "form": form,
            "rows": rows,
            "status_choices": ActionStatus.choices,
            "filtered": bool(form.filters()),
        },
    )


@require_safe
@login_required
def responsibilities(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, _membership = access.organisation_for_responsibilities(
        request.user, slug, request=request
    )
    return render(
        request,
        "programmes/responsibilities.html",
        {
            "found": queries.responsibilities_of(organisation),
            "organisation": organisation,
            "today": _today(),
        },
    )


def _period(request: HttpRequest, programme: Any) -> tuple[ReportPeriodForm, date, date]:
    today = _today()
    default_start = max(programme.start_date, date(today.year, 1, 1))
    form = ReportPeriodForm(request.GET or {"start": default_start, "end": today})
    if form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, default_start, today


@require_safe
@login_required
def report(request: HttpRequest, slug: str) -> HttpResponse:
    programme, _roles = access.programme_for(request.user, slug, want=READ, request=request)
    form, start, end = _period(request, programme)
    built = reports.build(programme, start, end)
    return render(
        request,
        "programmes/report.html",
        {
            "programme": programme,
            "form": form,
            "report": built,
            "query": f"start={start.isoformat()}&end={end.isoformat()}",
        },
    )


@require_safe
@login_required
def report_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    programme, _roles = access.programme_for(request.user, slug, want=READ, request=request)
    _form, start, end = _period(request, programme)
    body = reports.xlsx(reports.build(programme, start, end))
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"{programme.slug}-{start.isoformat()}-{end.isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- The secretariat: programme, partners, tracks, programme goals, initiatives -------------


def _form_page(request: HttpRequest, template: str, **context: Any) -> HttpResponse:
    return render(request, f"programmes/{template}", context)


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
                actor=_user(request), owner=form.cleaned_data["owner"], data=data
            )
        except ValidationError as error:
            add_service_error(cast(Any, form), error)
        else:
            messages.success(request, _("The programme has been created."))
            return redirect("programmes:overview", slug=programme.slug)
    return _form_page(request, "programme_form.html", form=form, programme=None)


@require_http_methods(FORM_METHODS)
@login_required
def programme_edit(request: HttpRequest, slug: str) -> HttpResponse:
    programme, _roles = access.programme_for(request.user, slug, want=ADMIN, request=request)
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_programme(actor=_user(request), programme=programme, data=_fields(form))
        except ValidationError as error:
            add_service_error(cast(Any, form), error)
        else:
            messages.success(request, _("The programme has been saved."))
            return redirect("programmes:overview", slug=programme.slug)
    return _form_page(request, "programme_form.html", form=form, programme=programme)


def _fields(form: Any, *, without: tuple[str, ...] = ()) -> dict[str, Any]:
    """The cleaned data of a model form's own fields (not its many-to-many ones)."""
    return {
        name: form.cleaned_data[name]
        for name in form.Meta.fields
        if name in form.cleaned_data and name not in without
    }


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
                    actor=_user(request),
                    programme=programme,
                    organisation=add_form.cleaned_data["organisation"],
                    role=add_form.cleaned_data["role"],
                )
                messages.success(request, _("The partner has been saved."))
                return redirect("programmes:partners", slug=programme.slug)
            if remove_form.is_bound and remove_form.is_valid():
                services.remove_partner(
                    actor=_user(request),
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
    return _form_page(
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
                actor=_user(request),
                programme=programme,
                data=_fields(form, without=("owners",)),
                owners=list(form.cleaned_data["owners"]),
            )
        except ValidationError as error:
            add_service_error(cast(Any, form), error)
        else:
            messages.success(request, _("The track has been created."))
            return redirect(created.get_absolute_url())
    return _form_page(request, "track_form.html", form=form, programme=programme, track=None)


@require_http_methods(FORM_METHODS)
@login_required
def track_edit(request: HttpRequest, track_id: uuid.UUID) -> HttpResponse:
    found, _roles = access.track_for(request.user, track_id, want=ADMIN, request=request)
    form = TrackForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_track(
                actor=_user(request),
                track=found,
                data=_fields(form, without=("owners",)),
                owners=list(form.cleaned_data["owners"]),
            )
        except ValidationError as error:
            add_service_error(cast(Any, form), error)
        else:
            messages.success(request, _("The track has been saved."))
            return redirect(found.get_absolute_url())
    return _form_page(request, "track_form.html", form=form, programme=found.programme, track=found)


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
                    actor=_user(request),
                    programme=programme,
                    track=track,
                    data=_fields(form),
                    indicator=indicator_form.indicator_data(),
                )
            else:
                services.update_goal(
                    actor=_user(request),
                    goal=goal,
                    data=_fields(form),
                    indicator=indicator_form.indicator_data(),
                )
        except ValidationError as error:
            _goal_errors(form, indicator_form, error)
        else:
            messages.success(request, _("The goal has been saved."))
            return redirect(goal.get_absolute_url())
    return _form_page(
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
    form = MeasurementForm(request.POST or None, initial={"measured_on": _today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_measurement(
                actor=_user(request),
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
    return _form_page(
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
                    actor=_user(request),
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
    return _form_page(
        request,
        "measurement_import.html",
        form=form,
        problems=problems,
        goal=found,
        indicator=found.indicator,
        programme=found.programme,
    )


# --- Action plans: the secretariat and the track's owners ------------------------------------


@require_http_methods(FORM_METHODS)
@login_required
def action_create(request: HttpRequest, track_id: uuid.UUID) -> HttpResponse:
    found, _roles = access.track_for(request.user, track_id, want=EDIT, request=request)
    form = ActionForm(request.POST or None, track=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_action(
                actor=_user(request),
                track=found,
                data=_fields(form, without=("goals",)),
                goals=list(form.cleaned_data["goals"]),
            )
        except ValidationError as error:
            add_service_error(cast(Any, form), error)
        else:
            messages.success(request, _("The action has been added to the action plan."))
            return redirect(found.get_absolute_url())
    return _form_page(
        request,
        "action_form.html",
        form=form,
        track=found,
        programme=found.programme,
        action=None,
    )


@require_http_methods(FORM_METHODS)
@login_required
def action_edit(request: HttpRequest, action_id: uuid.UUID) -> HttpResponse:
    found, _roles = access.action_for(request.user, action_id, want=EDIT, request=request)
    form = ActionForm(request.POST or None, instance=found, track=found.track)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_action(
                actor=_user(request),
                action=found,
                data=_fields(form, without=("goals",)),
                goals=list(form.cleaned_data["goals"]),
            )
        except ValidationError as error:
            add_service_error(cast(Any, form), error)
        else:
            messages.success(request, _("The action has been saved."))
            return redirect(found.track.get_absolute_url())
    return _form_page(
        request,
        "action_form.html",
        form=form,
        track=found.track,
        programme=found.track.programme,
        action=found,
    )


@require_POST
@login_required
def action_status(request: HttpRequest, action_id: uuid.UUID) -> HttpResponse:
    """Change an action's status from the action-plan table: htmx swaps the row
    (``_action_row.html``); without JavaScript the browser goes back to the table."""
    found, _roles = access.action_for(request.user, action_id, want=EDIT, request=request)
    form = ActionStatusForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.set_action_status(
                actor=_user(request),
                action=found,
                status=form.cleaned_data["status"],
                progress=form.cleaned_data["progress"],
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if request.headers.get("HX-Request"):
        found.refresh_from_db()
        return render(
            request,
            "programmes/_action_row.html",
            {
                "action": found,
                "can_edit": True,
                "status_choices": ActionStatus.choices,
                "error": error,
                "updated": not error,
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("%(action)s: the status is now “%(status)s”.")
            % {"action": found.title, "status": found.get_status_display()},
        )
    return redirect("programmes:actions", slug=found.track.programme.slug)


# --- Initiatives -----------------------------------------------------------------------------


@require_http_methods(FORM_METHODS)
@login_required
def initiative_create(request: HttpRequest, slug: str) -> HttpResponse:
    programme, _roles = access.programme_for(request.user, slug, want=ADMIN, request=request)
    form = InitiativeForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_initiative(
                actor=_user(request),
                programme=programme,
                data=_fields(form, without=("tracks",)),
                tracks=list(form.cleaned_data["tracks"]),
            )
        except ValidationError as error:
            add_service_error(cast(Any, form), error)
        else:
            messages.success(request, _("The initiative has been saved."))
            return redirect("programmes:overview", slug=programme.slug)
    return _form_page(
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
                actor=_user(request),
                initiative=found,
                data=_fields(form, without=("tracks",)),
                tracks=list(form.cleaned_data["tracks"]),
            )
        except ValidationError as error:
            add_service_error(cast(Any, form), error)
        else:
            messages.success(request, _("The initiative has been saved."))
            return redirect("programmes:overview", slug=found.programme.slug)
    return _form_page(
        request, "initiative_form.html", form=form, programme=found.programme, initiative=found
    )
