"""Sign-up pages for learners, and the participant list for the cohort's organisation."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from livslang.catalog.models import EnrolmentMethod
from livslang.enrolments import access, queries, services
from livslang.enrolments.exports import FORMATS, participant_file
from livslang.enrolments.models import EnrolmentStatus
from livslang.privacy.models import AccessPurpose


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def sign_up(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    cohort = access.cohort_for_sign_up(cohort_id)
    if cohort.enrolment_method == EnrolmentMethod.EXTERNAL:
        return redirect("enrolments:pre_register", cohort.public_id)
    if request.method == "POST":
        try:
            enrolment = services.enrol(learner=request.user, cohort=cohort)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect("enrolments:sign_up", cohort.public_id)
        if enrolment.status == EnrolmentStatus.CONFIRMED:
            messages.success(request, _("You have a seat. We have sent you a confirmation."))
        else:
            messages.info(
                request,
                _("The cohort is full. You are number %(position)d on the waitlist.")
                % {"position": services.waitlist_position(enrolment) or 0},
            )
        return redirect("enrolments:mine")
    return render(
        request,
        "enrolments/sign_up.html",
        {
            "cohort": cohort,
            "offering": cohort.offering,
            "enrolment": queries.enrolment_of(request.user, cohort),
            "counts": queries.counts(cohort),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def pre_register(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    cohort = access.cohort_for_sign_up(cohort_id)
    if cohort.enrolment_method != EnrolmentMethod.EXTERNAL:
        return redirect("enrolments:sign_up", cohort.public_id)
    if request.method == "POST":
        try:
            services.pre_register(learner=request.user, cohort=cohort)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        return redirect("enrolments:pre_register", cohort.public_id)
    return render(
        request,
        "enrolments/pre_register.html",
        {
            "cohort": cohort,
            "offering": cohort.offering,
            "registration": queries.pre_registration_of(request.user, cohort),
            "counts": queries.counts(cohort),
        },
    )


@require_safe
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "enrolments/mine.html",
        {
            "enrolments": queries.enrolments_of(request.user),
            "pre_registrations": queries.pre_registrations_of(request.user),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def cancel(request: HttpRequest, enrolment_id: uuid.UUID) -> HttpResponse:
    enrolment = access.own_enrolment(request.user, enrolment_id)
    if request.method == "POST":
        was_active = enrolment.is_active
        services.cancel(actor=request.user, enrolment=enrolment)
        if was_active:
            messages.success(
                request,
                _("You have cancelled your place in %(course)s.")
                % {"course": enrolment.cohort.offering.title},
            )
        return redirect("enrolments:mine")
    return render(
        request,
        "enrolments/cancel.html",
        {
            "enrolment": enrolment,
            "cohort": enrolment.cohort,
            "offering": enrolment.cohort.offering,
            "counts": queries.counts(enrolment.cohort),
        },
    )


@require_POST
@login_required
def withdraw(request: HttpRequest, registration_id: uuid.UUID) -> HttpResponse:
    registration = access.own_pre_registration(request.user, registration_id)
    services.withdraw_pre_registration(actor=request.user, registration=registration)
    messages.success(request, _("Your pre-registration is withdrawn."))
    return redirect("enrolments:mine")


@require_safe
@login_required
def participants(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    cohort = access.cohort_for_participant_list(request.user, cohort_id, request=request)
    rows = services.participant_list(
        actor=request.user, cohort=cohort, purpose=AccessPurpose.PARTICIPANT_LIST
    )
    return render(
        request,
        "enrolments/participants.html",
        {
            "cohort": cohort,
            "offering": cohort.offering,
            "confirmed": [r for r in rows if r.status == EnrolmentStatus.CONFIRMED],
            "waitlist": [r for r in rows if r.status == EnrolmentStatus.WAITLISTED],
            "counts": queries.counts(cohort),
        },
    )


@require_safe
@login_required
def participants_export(request: HttpRequest, cohort_id: uuid.UUID, fmt: str) -> HttpResponse:
    cohort = access.cohort_for_participant_list(request.user, cohort_id, request=request)
    if fmt not in FORMATS:
        raise Http404
    rows = services.participant_list(
        actor=request.user, cohort=cohort, purpose=AccessPurpose.PARTICIPANT_EXPORT
    )
    content, content_type = participant_file(rows, fmt)
    response = HttpResponse(content, content_type=content_type)
    filename = f"participants-{cohort.offering.slug}-{cohort.start_date:%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
