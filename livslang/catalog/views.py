"""Catalogue pages: the public offering page with its JSON-LD, calendar files and the staff
pages where an organisation keeps its offerings and cohorts.

Every view authorises first with one helper from ``access``, validates with a form, calls one
service and renders or redirects. Read-only pages are ``require_safe``, actions ``require_POST``.
"""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from livslang.accounts.models import User
from livslang.catalog import access, ical, jsonld, queries, services
from livslang.catalog.forms import CohortForm, CohortStatusForm, OfferingForm
from livslang.catalog.models import Cohort, CohortStatus, LocalStudyGroup, Offering, ScheduleKind
from livslang.geo.models import Municipality, Region
from livslang.organisations.forms import add_service_error
from livslang.organisations.models import Role


def _user(request: HttpRequest) -> User:
    """The signed-in user (only in views behind ``login_required``)."""
    return cast(User, request.user)


def _messages_of(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


# --- Public pages --------------------------------------------------------------------------


def _places(cohorts: list[Cohort]) -> tuple[list[Municipality], list[Region]]:
    """The municipalities (and their counties/regions) of the cohorts and study rooms, for the
    Atom feed links; from what the page query already loaded."""
    municipalities: dict[str, Municipality] = {}
    for cohort in cohorts:
        if cohort.municipality is not None:
            municipalities.setdefault(cohort.municipality.code, cohort.municipality)
        for group in cohort.study_groups.all():
            municipalities.setdefault(group.municipality.code, group.municipality)
    ordered = sorted(municipalities.values(), key=lambda m: m.name)
    regions: dict[str, Region] = {}
    for municipality in ordered:
        regions.setdefault(municipality.region.code, municipality.region)
    return ordered, sorted(regions.values(), key=lambda r: r.name)


def _schedule_labels(cohort: Cohort) -> list[str]:
    return [str(ScheduleKind(kind).label) for kind in cohort.schedule_kind_list]


def _minimum_progress(cohorts: list[Cohort]) -> dict[int, Any]:
    """Pledges, pre-registrations and sign-ups toward each minimum ("11 of 16"); no queries
    when no cohort has a minimum."""
    from livslang.enrolments.queries import minimum_progress_of

    return minimum_progress_of([c for c in cohorts if c.minimum_participants])


@require_safe
def offering(request: HttpRequest, slug: str, short_id: str) -> HttpResponse:
    found, role = access.offering_for_viewing(request.user, slug, short_id)
    if found.slug != slug or short_id != found.short_id:
        return redirect(found.get_absolute_url(), permanent=True)
    cohorts = queries.public_cohorts(found) if found.is_published else list(found.cohorts.all())
    municipalities, regions = _places(cohorts)
    progress = _minimum_progress(cohorts)
    structured = None
    if found.is_published:
        structured = jsonld.script(jsonld.course(found, cohorts, request.build_absolute_uri))
    return render(
        request,
        "catalog/offering.html",
        {
            "offering": found,
            "cohorts": cohorts,
            "cohort_rows": [(c, _schedule_labels(c), progress.get(c.pk)) for c in cohorts],
            "centres": list(found.delivering_centres.all()),
            "feed_municipalities": municipalities,
            "feed_regions": regions,
            "jsonld": structured,
            "role": role,
            "can_edit": role is not None and role.covers(Role.EDITOR),
        },
    )


@require_safe
def cohort(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    """The stable address of a cohort: its place on the offering's page."""
    return redirect(access.public_cohort(cohort_id).get_absolute_url(), permanent=True)


@require_safe
def cohort_ics(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    found = access.public_cohort(cohort_id)
    offering = found.offering
    body = ical.calendar(
        found,
        url=request.build_absolute_uri(found.get_absolute_url()),
        host=request.get_host().split(":")[0],
        now=timezone.now(),
        description=[found.schedule_text, found.venue_name],
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{offering.slug}.ics"'
    return response


# --- Staff pages ---------------------------------------------------------------------------


@require_safe
@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, membership = access.organisation_for_catalogue(
        request.user, slug, at_least=Role.VIEWER, request=request
    )
    offerings = queries.offerings_of(organisation).annotate(cohort_count=Count("cohorts"))
    return render(
        request,
        "catalog/manage.html",
        {
            "organisation": organisation,
            "offerings": offerings,
            "can_edit": Role(membership.role).covers(Role.EDITOR),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def offering_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, _membership = access.organisation_for_catalogue(
        request.user, slug, at_least=Role.EDITOR, request=request
    )
    form = OfferingForm(request.POST if request.method == "POST" else None, owner=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_offering(
                actor=_user(request), owner=organisation, data=form.service_data()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The offering is saved as a draft. Add its cohorts, then publish it."),
            )
            return redirect("catalog:offering_edit", created.public_id)
    return render(
        request, "catalog/offering_form.html", {"organisation": organisation, "form": form}
    )


def _cohort_rows(found: Offering) -> list[tuple[Cohort, list[tuple[str, str]]]]:
    cohorts = found.cohorts.select_related("municipality").prefetch_related(
        Prefetch("study_groups", LocalStudyGroup.objects.select_related("municipality", "centre"))
    )
    return [
        (
            c,
            [
                (value, str(CohortStatus(value).label))
                for value in CohortStatus.values
                if value in services.TRANSITIONS[c.status]
            ],
        )
        for c in cohorts.order_by("start_date", "pk")
    ]


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def offering_edit(request: HttpRequest, offering_id: uuid.UUID) -> HttpResponse:
    found, _membership = access.offering_for_member(
        request.user, offering_id, at_least=Role.EDITOR, request=request
    )
    form = OfferingForm(
        request.POST if request.method == "POST" else None, owner=found.owner, offering=found
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_offering(actor=_user(request), offering=found, data=form.service_data())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The offering is saved."))
            return redirect("catalog:offering_edit", found.public_id)
    return render(
        request,
        "catalog/offering_form.html",
        {
            "organisation": found.owner,
            "offering": found,
            "form": form,
            "cohort_rows": _cohort_rows(found),
        },
    )


def _offering_action(
    request: HttpRequest, offering_id: uuid.UUID, action: str
) -> tuple[Offering | None, Offering]:
    """Run one offering service; returns (result or None on refusal, the offering)."""
    found, _membership = access.offering_for_member(
        request.user, offering_id, at_least=Role.EDITOR, request=request
    )
    run = {
        "publish": services.publish_offering,
        "unpublish": services.unpublish_offering,
        "archive": services.archive_offering,
        "copy": services.copy_offering,
    }[action]
    try:
        return run(actor=_user(request), offering=found), found
    except ValidationError as error:
        messages.error(request, _messages_of(error))
        return None, found


@require_POST
@login_required
def offering_publish(request: HttpRequest, offering_id: uuid.UUID) -> HttpResponse:
    result, found = _offering_action(request, offering_id, "publish")
    if result is not None:
        messages.success(request, _("%(title)s is published.") % {"title": result.title})
    return redirect("catalog:offering_edit", found.public_id)


@require_POST
@login_required
def offering_unpublish(request: HttpRequest, offering_id: uuid.UUID) -> HttpResponse:
    result, found = _offering_action(request, offering_id, "unpublish")
    if result is not None:
        messages.success(
            request,
            _("%(title)s is no longer public; it is a draft again.") % {"title": result.title},
        )
    return redirect("catalog:offering_edit", found.public_id)


@require_POST
@login_required
def offering_archive(request: HttpRequest, offering_id: uuid.UUID) -> HttpResponse:
    result, found = _offering_action(request, offering_id, "archive")
    if result is not None:
        messages.success(request, _("%(title)s is archived.") % {"title": result.title})
    return redirect("catalog:manage", found.owner.slug)


@require_POST
@login_required
def offering_copy(request: HttpRequest, offering_id: uuid.UUID) -> HttpResponse:
    result, found = _offering_action(request, offering_id, "copy")
    if result is None:
        return redirect("catalog:offering_edit", found.public_id)
    messages.success(request, _("This is a draft copy of %(title)s.") % {"title": found.title})
    return redirect("catalog:offering_edit", result.public_id)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def cohort_create(request: HttpRequest, offering_id: uuid.UUID) -> HttpResponse:
    found, _membership = access.offering_for_member(
        request.user, offering_id, at_least=Role.EDITOR, request=request
    )
    form = CohortForm(request.POST if request.method == "POST" else None, offering=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_cohort(
                actor=_user(request),
                offering=found,
                data=form.service_data(),
                study_groups=form.study_groups(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The cohort is saved."))
            return redirect("catalog:offering_edit", found.public_id)
    return render(request, "catalog/cohort_form.html", {"offering": found, "form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def cohort_edit(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    found, _membership = access.cohort_for_member(
        request.user, cohort_id, at_least=Role.EDITOR, request=request
    )
    form = CohortForm(
        request.POST if request.method == "POST" else None, offering=found.offering, cohort=found
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_cohort(
                actor=_user(request),
                cohort=found,
                data=form.service_data(),
                study_groups=form.study_groups(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The cohort is saved."))
            return redirect("catalog:offering_edit", found.offering.public_id)
    return render(
        request,
        "catalog/cohort_form.html",
        {"offering": found.offering, "cohort": found, "form": form},
    )


@require_POST
@login_required
def cohort_copy(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    found, _membership = access.cohort_for_member(
        request.user, cohort_id, at_least=Role.EDITOR, request=request
    )
    try:
        copy = services.copy_cohort(actor=_user(request), cohort=found)
    except ValidationError as error:
        messages.error(request, _messages_of(error))
        return redirect("catalog:offering_edit", found.offering.public_id)
    messages.success(request, _("This is a planned copy of the cohort. Check its dates."))
    return redirect("catalog:cohort_edit", copy.public_id)


@require_POST
@login_required
def cohort_status(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    found, _membership = access.cohort_for_member(
        request.user, cohort_id, at_least=Role.EDITOR, request=request
    )
    form = CohortStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the statuses."))
    else:
        try:
            changed = services.set_cohort_status(
                actor=_user(request), cohort=found, status=form.cleaned_data["status"]
            )
        except ValidationError as error:
            messages.error(request, _messages_of(error))
        else:
            messages.success(
                request,
                _("The cohort starting %(date)s is now “%(status)s”.")
                % {
                    "date": date_format(changed.start_date, "SHORT_DATE_FORMAT"),
                    "status": CohortStatus(changed.status).label,
                },
            )
    return redirect("catalog:offering_edit", found.offering.public_id)


__all__ = [
    "cohort",
    "cohort_copy",
    "cohort_create",
    "cohort_edit",
    "cohort_ics",
    "cohort_status",
    "manage",
    "offering",
    "offering_archive",
    "offering_copy",
    "offering_create",
    "offering_edit",
    "offering_publish",
    "offering_unpublish",
]
