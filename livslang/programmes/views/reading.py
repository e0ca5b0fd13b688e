"""Reading pages: the public programme page, charts, the partners' overview, track and goal
pages, the action plan, responsibilities and the status report."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from livslang.organisations import queries as org_queries
from livslang.organisations.models import Role
from livslang.programmes import access, charts, queries, reports
from livslang.programmes.access import READ, READ_PUBLIC
from livslang.programmes.forms import (
    ActionFilterForm,
    ReportPeriodForm,
)
from livslang.programmes.models import ActionStatus
from livslang.programmes.views._common import local_today

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
    today = local_today()
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
    view = queries.progress_of(programme, local_today())
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
    view = queries.progress_of(found.programme, local_today())
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
    view = queries.progress_of(found.programme, local_today())
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
    view = queries.progress_of(found.programme, local_today())
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
        today=local_today(),
    )
    rows = [(a, roles.can_edit_track(a.plan_track)) for a in found]
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
    organisation, membership = access.organisation_for_responsibilities(
        request.user, slug, request=request
    )
    return render(
        request,
        "programmes/responsibilities.html",
        {
            "found": queries.responsibilities_of(organisation),
            "organisation": organisation,
            "today": local_today(),
            # The organisation's editors mark its follow-ups done here.
            "can_update": Role(membership.role).covers(Role.EDITOR),
            "status_choices": ActionStatus.choices,
        },
    )


def _period(request: HttpRequest, programme: Any) -> tuple[ReportPeriodForm, date, date]:
    today = local_today()
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
