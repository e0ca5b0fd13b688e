"""The centre's brokerage pages: the demand dashboard, proposing a cohort, deciding at the
deadline; course requests for the centre (create, send, decide) and the provider (answer)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from livslang.brokerage import access, queries, services
from livslang.brokerage.forms import AnswerForm, CourseRequestForm, ProposeForm
from livslang.brokerage.models import RequestStatus
from livslang.catalog.models import OfferingStatus
from livslang.catalog.queries import offerings_of
from livslang.enrolments.queries import pledges_of_cohort
from livslang.needs.queries import active_needs_in
from livslang.organisations.models import Organisation, Role


@require_safe
@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    centre = access.centre_for_member(request.user, slug, at_least=Role.VIEWER, request=request)
    today = timezone.localdate()
    rows = queries.cohorts_to_decide(centre, today=today)
    searches_near, searches_anywhere = queries.searches_with_few_results(centre)
    return render(
        request,
        "brokerage/dashboard.html",
        {
            "centre": centre,
            "municipalities": queries.served_municipalities(centre),
            "clusters": queries.demand(centre),
            "searches_near": searches_near,
            "searches_anywhere": searches_anywhere,
            "cohort_rows": rows,
            "requests": list(queries.requests_of(centre)[:20]),
            "can_act": access.may_act_for(request.user, centre),
            "today": today,
        },
    )


def _own_offerings(centre: Organisation) -> list[Any]:
    return list(offerings_of(centre).exclude(status=OfferingStatus.ARCHIVED).order_by("title"))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def propose(request: HttpRequest, slug: str) -> HttpResponse:
    """Propose a cohort of one of the centre's offerings for a cluster of demand."""
    centre = access.centre_for_member(request.user, slug, at_least=Role.EDITOR, request=request)
    key = request.POST.get("cluster") or request.GET.get("cluster") or ""
    cluster = queries.cluster_of(centre, key)
    if cluster is None:
        messages.info(request, _("Choose the demand to propose a cohort for."))
        return redirect("brokerage:dashboard", centre.slug)
    form = ProposeForm(
        request.POST if request.method == "POST" else None,
        offerings=_own_offerings(centre),
        initial={"cluster": key, "minimum_participants": 8, "seats": 20},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_cohort(
                actor=request.user,
                centre=centre,
                offering=form.offerings[form.cleaned_data["offering"]],
                data=form.cohort_data(cluster.municipality),
                needs=active_needs_in([cluster.municipality.pk]).filter(pk__in=cluster.need_ids),
                topic=cluster.topic,
                municipality=cluster.municipality,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("The cohort is proposed, and the employers and people behind it are told."),
            )
            return redirect("brokerage:dashboard", centre.slug)
    return render(
        request,
        "brokerage/propose.html",
        {"centre": centre, "cluster": cluster, "form": form},
    )


@require_POST
@login_required
def decide_cohort(request: HttpRequest, slug: str, cohort_id: uuid.UUID) -> HttpResponse:
    centre = access.centre_for_member(request.user, slug, at_least=Role.EDITOR, request=request)
    cohort = access.cohort_of_centre(centre, cohort_id)
    go = request.POST.get("decision") == "go"
    try:
        services.decide_cohort(actor=request.user, centre=centre, cohort=cohort, go=go)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            _("The cohort will run. Everyone concerned is told.")
            if go
            else _("The cohort is cancelled. Everyone concerned is told."),
        )
    return redirect("brokerage:dashboard", centre.slug)


@require_safe
@login_required
def requests(request: HttpRequest, slug: str) -> HttpResponse:
    """Course requests the organisation sent (a centre) or received (a provider)."""
    from livslang.organisations import access as org_access

    organisation, _membership = org_access.organisation_for_member(
        request.user, slug, at_least=Role.VIEWER, request=request
    )
    return render(
        request,
        "brokerage/requests.html",
        {"organisation": organisation, "requests": list(queries.requests_of(organisation))},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def request_create(request: HttpRequest, slug: str) -> HttpResponse:
    from livslang.catalog.models import Offering

    centre = access.centre_for_member(request.user, slug, at_least=Role.EDITOR, request=request)
    municipalities = queries.served_municipalities(centre)
    offerings = list(
        Offering.objects.published()
        .exclude(owner=centre)
        .select_related("provider")
        .order_by("title")[:500]
    )
    needs = list(active_needs_in([m.pk for m in municipalities]))
    form = CourseRequestForm(
        request.POST if request.method == "POST" else None,
        offerings=offerings,
        municipalities=municipalities,
        needs=needs,
        initial={"kind": "local", "minimum_participants": 8, "seats": 20},
    )
    if request.method == "POST" and form.is_valid():
        try:
            made = services.create_request(
                actor=request.user,
                centre=centre,
                offering=form.offerings[form.cleaned_data["offering"]],
                data=form.request_data(),
                needs=[form.need_choices[k] for k in form.cleaned_data["needs"]],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The course request is saved as a draft."))
            return redirect(made.get_absolute_url())
    return render(request, "brokerage/request_form.html", {"centre": centre, "form": form})


@require_safe
@login_required
def request_detail(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    found = access.request_for_viewing(request.user, request_id, request)
    centre_side = access.may_act_for(request.user, found.centre)
    provider_side = access.may_act_for(request.user, found.provider)
    linked = list(found.needs.select_related("organisation", "municipality"))
    pledges = list(pledges_of_cohort(found.cohort)) if found.cohort else []
    return render(
        request,
        "brokerage/request.html",
        {
            "course_request": found,
            "history": list(queries.history_of(found)),
            "needs": linked,
            "people": sum(n.participants for n in linked),
            "pledges": pledges,
            "centre_side": centre_side,
            "provider_side": provider_side and found.status == RequestStatus.SENT,
            "answer_form": AnswerForm(),
            "statuses": RequestStatus,
        },
    )


def _done(request: HttpRequest, found: Any, call: Any, **kwargs: Any) -> HttpResponse:
    try:
        call(actor=request.user, course_request=found, **kwargs)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The course request is updated."))
    return redirect(found.get_absolute_url())


@require_POST
@login_required
def request_send(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    found = access.request_for_centre(request.user, request_id, request)
    return _done(request, found, services.send_request)


@require_POST
@login_required
def request_withdraw(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    found = access.request_for_centre(request.user, request_id, request)
    return _done(request, found, services.withdraw_request)


@require_POST
@login_required
def request_decide(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    found = access.request_for_centre(request.user, request_id, request)
    return _done(request, found, services.decide_request, go=request.POST.get("decision") == "go")


@require_POST
@login_required
def request_answer(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    found = access.request_for_provider(request.user, request_id, request)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an answer."))
        return redirect(found.get_absolute_url())
    data = form.cleaned_data
    return _done(
        request,
        found,
        services.answer_request,
        answer=data["answer"],
        terms=data["terms"],
        start_date=data["start_date"],
        end_date=data["end_date"],
    )
