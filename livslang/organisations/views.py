"""Organisation pages: the directory, organisation pages, onboarding and member administration.

Every view authorises first with one helper from ``access``, validates with a form, calls one
service and renders. Read-only pages are ``require_safe``, actions ``require_POST``.
"""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from livslang.accounts.models import User
from livslang.organisations import access, queries, services
from livslang.organisations.forms import (
    DecisionForm,
    DirectoryFilterForm,
    EditOrganisationForm,
    InviteForm,
    RequestOrganisationForm,
    RoleForm,
    add_service_error,
)
from livslang.organisations.models import Invitation, Membership, Organisation, Role

PAGE_SIZE = 25
# How a refused invitation link answers, by the reason's code.
INVITATION_STATUS = {
    "unknown": 404,
    "revoked": 410,
    "used": 410,
    "expired": 410,
    "not_available": 410,
    "wrong_user": 403,
    "member": 200,
}


def _user(request: HttpRequest) -> User:
    """The signed-in user (only in views behind ``login_required``)."""
    return cast(User, request.user)


def _messages_of(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


# --- Public pages --------------------------------------------------------------------------


@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    results = queries.directory(**form.filters())
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    # htmx asks for the results only; a history restore needs the whole page.
    partial = (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )
    template = "organisations/_results.html" if partial else "organisations/directory.html"
    count = page.paginator.count
    count_label = ngettext("%(count)d organisation", "%(count)d organisations", count) % {
        "count": count
    }
    context = {"form": form, "page": page, "query": query.urlencode(), "count_label": count_label}
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = access.organisation_for_viewing(request.user, slug)
    organisation = queries.organisation_page(organisation)
    profile = getattr(organisation, "centre_profile", None) if organisation.is_centre else None
    served = list(profile.municipalities_served.all()) if profile is not None else []
    role = queries.role_in(request.user, organisation)
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "profile": profile,
            "served_groups": queries.group_by_region(served),
            "partners": list(profile.partner_providers.all()) if profile is not None else [],
            "role": role,
            "can_edit": role is not None and role.covers(Role.EDITOR),
        },
    )


# --- Onboarding ----------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def request_organisation(request: HttpRequest) -> HttpResponse:
    form = RequestOrganisationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.request_organisation(
                requested_by=_user(request), **form.service_arguments()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you. A platform administrator will look at your request, and you "
                    "will get an e-mail when it has been decided."
                ),
            )
            return redirect("organisations:detail", organisation.slug)
    return render(request, "organisations/request.html", {"form": form})


def _decision_form(organisation: Organisation, data: Any = None) -> DecisionForm:
    # One form per request on the page: the ids differ, the field names do not.
    return DecisionForm(data, auto_id=f"id_{organisation.slug}_%s")


def _role_form(membership: Membership, data: Any = None) -> RoleForm:
    return RoleForm(
        data, initial={"role": membership.role}, auto_id=f"id_{membership.public_id}_%s"
    )


def _requests_page(
    request: HttpRequest, bound: dict[str, DecisionForm] | None = None, status: int = 200
) -> HttpResponse:
    pending = list(queries.pending_requests())
    bound = bound or {}
    rows = [
        (organisation, bound.get(organisation.slug) or _decision_form(organisation))
        for organisation in pending
    ]
    return render(request, "organisations/requests.html", {"rows": rows}, status=status)


@require_safe
@login_required
def requests(request: HttpRequest) -> HttpResponse:
    access.require_platform_admin(request.user)
    return _requests_page(request)


@require_POST
@login_required
def decide(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = access.organisation_for_decision(request.user, slug)
    form = _decision_form(organisation, request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.decide_request(
                decided_by=_user(request),
                organisation=organisation,
                approve=approve,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            if error.code == "decided":
                messages.error(request, " ".join(_messages_of(error)))
                return redirect("organisations:requests")
            add_service_error(form, error)
        else:
            if approve:
                text = _("%(organisation)s is approved. The requester is its administrator.")
            else:
                text = _("The request for %(organisation)s is rejected.")
            messages.success(request, text % {"organisation": organisation.name})
            return redirect("organisations:requests")
    return _requests_page(request, {organisation.slug: form})


@require_safe
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "organisations/mine.html",
        {
            "memberships": queries.memberships_of(request.user),
            "requests": queries.requests_of(request.user),
        },
    )


# --- Editing -------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, _membership = access.organisation_for_member(
        request.user, slug, at_least=Role.EDITOR, request=request
    )
    profile = queries.centre_profile_of(organisation)
    form = EditOrganisationForm(
        request.POST if request.method == "POST" else None,
        organisation=organisation,
        profile=profile,
        providers=queries.partner_candidates(organisation) if profile is not None else (),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_profile(
                actor=_user(request),
                organisation=organisation,
                organisation_fields=form.organisation_fields(),
                centre_fields=form.centre_fields(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The profile is saved."))
            return redirect("organisations:detail", organisation.slug)
    return render(request, "organisations/edit.html", {"organisation": organisation, "form": form})


# --- Members -------------------------------------------------------------------------------


def _members_page(
    request: HttpRequest,
    organisation: Organisation,
    membership: Membership,
    *,
    invite_form: InviteForm | None = None,
    errors: list[str] | None = None,
) -> HttpResponse:
    is_admin = membership.is_admin
    members = list(queries.members_of(organisation))
    rows = [
        (
            member,
            _role_form(member) if is_admin else None,
        )
        for member in members
    ]
    return render(
        request,
        "organisations/members.html",
        {
            "organisation": organisation,
            "membership": membership,
            "is_admin": is_admin,
            "rows": rows,
            "invitations": list(queries.open_invitations(organisation)) if is_admin else [],
            "invite_form": (invite_form or InviteForm()) if is_admin else None,
            "errors": errors or [],
        },
    )


@require_safe
@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, membership = access.organisation_for_member(
        request.user, slug, at_least=Role.VIEWER, request=request
    )
    return _members_page(request, organisation, membership)


@require_POST
@login_required
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, membership = access.organisation_for_member(
        request.user, slug, at_least=Role.ADMIN, request=request
    )
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            services.invite(
                actor=_user(request),
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("An invitation is on its way to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("organisations:members", organisation.slug)
    return _members_page(request, organisation, membership, invite_form=form)


@require_POST
@login_required
def change_role(request: HttpRequest, slug: str, membership_id: uuid.UUID) -> HttpResponse:
    organisation, membership = access.organisation_for_member(
        request.user, slug, at_least=Role.ADMIN, request=request
    )
    target = access.membership_of(organisation, membership_id)
    form = _role_form(target, request.POST)
    if not form.is_valid():
        return _members_page(
            request, organisation, membership, errors=[_("Choose one of the roles.")]
        )
    try:
        services.change_role(
            actor=_user(request), membership=target, role=form.cleaned_data["role"]
        )
    except ValidationError as error:
        return _members_page(request, organisation, membership, errors=_messages_of(error))
    messages.success(
        request,
        _("%(person)s is now %(role)s.")
        % {
            "person": target.user.full_name or target.user.email,
            "role": Role(form.cleaned_data["role"]).label,
        },
    )
    return redirect("organisations:members", organisation.slug)


@require_POST
@login_required
def remove_member(request: HttpRequest, slug: str, membership_id: uuid.UUID) -> HttpResponse:
    organisation, membership = access.organisation_for_member(
        request.user, slug, at_least=Role.ADMIN, request=request
    )
    target = access.membership_of(organisation, membership_id)
    try:
        services.remove_member(actor=_user(request), membership=target)
    except ValidationError as error:
        return _members_page(request, organisation, membership, errors=_messages_of(error))
    messages.success(
        request,
        _("%(person)s is no longer a member.")
        % {"person": target.user.full_name or target.user.email},
    )
    if target.pk == membership.pk:
        return redirect("organisations:mine")
    return redirect("organisations:members", organisation.slug)


@require_POST
@login_required
def revoke_invitation(request: HttpRequest, slug: str, invitation_id: uuid.UUID) -> HttpResponse:
    organisation, membership = access.organisation_for_member(
        request.user, slug, at_least=Role.ADMIN, request=request
    )
    invitation = access.invitation_of(organisation, invitation_id)
    try:
        services.revoke_invitation(actor=_user(request), invitation=invitation)
    except ValidationError as error:
        return _members_page(request, organisation, membership, errors=_messages_of(error))
    messages.success(
        request,
        _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email},
    )
    return redirect("organisations:members", organisation.slug)


@require_POST
@login_required
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, membership = access.organisation_for_member(
        request.user, slug, at_least=Role.VIEWER, request=request
    )
    try:
        services.leave(user=_user(request), organisation=organisation)
    except ValidationError as error:
        return _members_page(request, organisation, membership, errors=_messages_of(error))
    messages.success(
        request, _("You have left %(organisation)s.") % {"organisation": organisation.name}
    )
    return redirect("organisations:mine")


# --- Invitations ---------------------------------------------------------------------------


def _invitation_page(
    request: HttpRequest,
    invitation: Invitation | None,
    problem: ValidationError | None,
) -> HttpResponse:
    status = INVITATION_STATUS.get(str(problem.code), 400) if problem is not None else 200
    context: dict[str, Any] = {
        "invitation": invitation,
        "problem": " ".join(_messages_of(problem)) if problem is not None else "",
        "problem_code": problem.code if problem is not None else "",
    }
    return render(request, "organisations/invitation.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = queries.invitation_by_token(token)
    if found is None:
        unknown = ValidationError(_("This invitation link is not valid."), code="unknown")
        return _invitation_page(request, None, unknown)
    if request.method != "POST":
        return _invitation_page(request, found, queries.invitation_problem(found, request.user))
    user = _user(request)
    try:
        if "decline" in request.POST:
            services.decline_invitation(user=user, token=token)
        else:
            membership = services.accept_invitation(user=user, token=token)
    except ValidationError as error:
        found.refresh_from_db()
        return _invitation_page(request, found, error)
    if "decline" in request.POST:
        messages.success(
            request,
            _("You declined the invitation to %(organisation)s.")
            % {"organisation": found.organisation.name},
        )
        return redirect("organisations:mine")
    messages.success(
        request,
        _("Welcome to %(organisation)s. Your role is %(role)s.")
        % {"organisation": found.organisation.name, "role": membership.get_role_display()},
    )
    return redirect("organisations:detail", found.organisation.slug)
