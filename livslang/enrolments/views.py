"""Sign-up pages for learners, the participant list for the cohort's organisation, and
learners' saved searches and interests (with the unsubscribe link of their digest)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from livslang.catalog.models import EnrolmentMethod
from livslang.enrolments import access, queries, services
from livslang.enrolments.exports import FORMATS, participant_file
from livslang.enrolments.forms import InterestForm, PledgeForm, SaveSearchForm
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
            "progress": queries.minimum_progress(cohort),
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
            "progress": queries.minimum_progress(cohort),
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
            "saved_searches": queries.saved_searches_of(request.user),
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


# --- Saved searches and interests ---------------------------------------------------------------


@require_POST
@login_required
def save_search(request: HttpRequest) -> HttpResponse:
    form = SaveSearchForm(request.POST)
    query = form.cleaned_data["query"] if form.is_valid() else ""
    try:
        search = services.save_search(user=request.user, query=query)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        back = QueryDict(query.lstrip("?")).urlencode()
        return redirect(f"{reverse('search:search')}?{back}" if back else "search:search")
    messages.success(
        request,
        _("Search saved: %(name)s. We e-mail you when new cohorts match, at most once a day.")
        % {"name": search.name},
    )
    return redirect(f"{reverse('search:search')}?{search.query}")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def interest(request: HttpRequest, offering_id: uuid.UUID) -> HttpResponse:
    offering = access.offering_for_interest(offering_id)
    user = request.user
    form = InterestForm(
        request.POST if request.method == "POST" else None,
        initial=queries.home_place_of(user),
    )
    if form.is_valid():
        try:
            services.add_interest(
                user=user,
                offering=offering,
                place=form.cleaned_data["place"],
                country=form.cleaned_data["country"],
                radius=form.cleaned_data["radius"],
            )
        except ValidationError as exc:
            form.add_error("place", exc.messages[0])
        else:
            messages.success(
                request,
                _("We will e-mail you when %(course)s runs near you or online.")
                % {"course": offering.title},
            )
            return redirect("enrolments:mine")
    return render(request, "enrolments/interest.html", {"form": form, "offering": offering})


@require_POST
@login_required
def remove_search(request: HttpRequest, search_id: uuid.UUID) -> HttpResponse:
    search = access.own_saved_search(request.user, search_id)
    services.remove_search(actor=request.user, search=search)
    messages.success(request, _("Removed: %(name)s.") % {"name": search.name})
    return redirect("enrolments:mine")


@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe from a digest e-mail, signed in or not: GET asks, POST stops."""
    try:
        searches = services.searches_for_token(token)
    except ValidationError:
        return render(request, "enrolments/unsubscribe.html", {"invalid": True}, status=404)
    done = False
    if request.method == "POST":
        services.unsubscribe(searches=searches)
        done = True
    return render(
        request,
        "enrolments/unsubscribe.html",
        {"searches": searches, "done": done, "invalid": False},
    )


def _need_for_pledge(request: HttpRequest) -> Any:
    """The need a pledge answers (``?need=`` or the posted ``need``), if the user may edit it."""
    from livslang.needs import access as needs_access

    raw = request.POST.get("need") or request.GET.get("need") or ""
    try:
        need_id = uuid.UUID(raw)
    except ValueError:
        return None
    return needs_access.need_for_editing(request.user, need_id, request)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def pledge(request: HttpRequest, cohort_id: uuid.UUID) -> HttpResponse:
    """An employer pledges participants to a planned or open cohort ("we will send 5")."""
    cohort = access.cohort_for_pledge(cohort_id)
    organisations = access.pledging_organisations(request.user)
    need = _need_for_pledge(request)
    if need is not None and need.organisation is not None:
        organisations = [o for o in organisations if o.pk == need.organisation_id]
    initial: dict[str, Any] = {"participants": need.participants if need is not None else 1}
    form = PledgeForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        organisation = form.organisations[form.cleaned_data["organisation"]]
        try:
            services.pledge(
                actor=request.user,
                organisation=organisation,
                cohort=cohort,
                participants=form.cleaned_data["participants"],
                need=need,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(
                request,
                _("%(organisation)s pledges %(count)d participants to %(course)s.")
                % {
                    "organisation": organisation.name,
                    "count": form.cleaned_data["participants"],
                    "course": cohort.offering.title,
                },
            )
            return redirect(need.get_absolute_url() if need is not None else "enrolments:pledges")
    return render(
        request,
        "enrolments/pledge.html",
        {
            "cohort": cohort,
            "offering": cohort.offering,
            "form": form,
            "need": need,
            "progress": queries.minimum_progress(cohort),
            "pledge_statuses": services.PLEDGE_STATUSES,
            "existing": [p for o in organisations if (p := queries.pledge_of(o, cohort))],
        },
    )


@require_safe
@login_required
def pledges(request: HttpRequest) -> HttpResponse:
    """The pledges of the employers where the user is an editor or administrator."""
    rows = [
        (organisation, list(queries.pledges_of_organisation(organisation)))
        for organisation in access.pledging_organisations(request.user)
    ]
    return render(request, "enrolments/pledges.html", {"rows": rows})


@require_POST
@login_required
def withdraw_pledge(request: HttpRequest, pledge_id: uuid.UUID) -> HttpResponse:
    found = access.pledge_for_withdrawal(request.user, pledge_id)
    services.withdraw_pledge(actor=request.user, pledge=found)
    messages.success(request, _("The pledge is withdrawn."))
    return redirect("enrolments:pledges")
