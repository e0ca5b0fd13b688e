"""The coordination group: its page (members, meetings, decisions, open follow-ups), the
meeting page (agenda before, minutes and decisions after; printable), and the forms its
members use. The responsible organisation marks a follow-up done from "our
responsibilities" or the group page."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from livslang.organisations.forms import add_service_error
from livslang.programmes import access, queries, services
from livslang.programmes.access import ADMIN, EDIT, READ_PUBLIC
from livslang.programmes.forms import (
    DecisionForm,
    FollowUpStatusForm,
    GroupForm,
    GroupMemberForm,
    MeetingForm,
)
from livslang.programmes.models import ActionStatus
from livslang.programmes.views._common import (
    FORM_METHODS,
    acting_user,
    form_fields,
    form_page,
    local_today,
)


@require_safe
def group(request: HttpRequest, slug: str) -> HttpResponse:
    found, roles, is_member = access.group_for(
        request.user, slug, want=READ_PUBLIC, request=request
    )
    today = local_today()
    meetings = queries.meetings_of(found)
    return render(
        request,
        "programmes/group.html",
        {
            "group": found,
            "programme": found.programme,
            "roles": roles,
            "is_member": is_member,
            "is_admin": roles.is_admin,
            "members": queries.group_members(found),
            "upcoming": [m for m in meetings if m.held_on >= today],
            "past": [m for m in meetings if m.held_on < today],
            "follow_ups": queries.open_follow_ups(found),
            "today": today,
            "status_choices": ActionStatus.choices,
        },
    )


@require_http_methods(FORM_METHODS)
@login_required
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    found, _roles, _member = access.group_for(request.user, slug, want=EDIT, request=request)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(
                actor=acting_user(request), group=found, data=form_fields(form)
            )
        except ValidationError as error:
            add_service_error(cast(Any, form), error)
        else:
            messages.success(request, _("The meeting has been added."))
            return redirect(meeting.get_absolute_url())
    return form_page(
        request, "meeting_form.html", form=form, group=found, programme=found.programme
    )


@require_safe
def meeting(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    found, roles, is_member = access.meeting_for(
        request.user, meeting_id, want=READ_PUBLIC, request=request
    )
    today = local_today()
    return render(
        request,
        "programmes/meeting.html",
        {
            "meeting": found,
            "group": found.group,
            "programme": found.group.programme,
            "roles": roles,
            "is_member": is_member,
            "is_past": found.held_on < today,
            "decisions": queries.decisions_of(found),
            "today": today,
        },
    )


@require_http_methods(FORM_METHODS)
@login_required
def meeting_edit(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    found, _roles, _member = access.meeting_for(
        request.user, meeting_id, want=EDIT, request=request
    )
    form = MeetingForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(
                actor=acting_user(request), meeting=found, data=form_fields(form)
            )
        except ValidationError as error:
            add_service_error(cast(Any, form), error)
        else:
            messages.success(request, _("The meeting has been saved."))
            return redirect(found.get_absolute_url())
    return form_page(
        request,
        "meeting_form.html",
        form=form,
        group=found.group,
        programme=found.group.programme,
        meeting=found,
    )


@require_http_methods(FORM_METHODS)
@login_required
def decision_create(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    found, _roles, _member = access.meeting_for(
        request.user, meeting_id, want=EDIT, request=request
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_decision(
                actor=acting_user(request),
                meeting=found,
                text=form.cleaned_data["text"],
                follow_ups=form.follow_ups(),
            )
        except ValidationError as error:
            add_service_error(cast(Any, form), error)
        else:
            messages.success(request, _("The decision has been recorded."))
            return redirect(found.get_absolute_url())
    return form_page(
        request,
        "decision_form.html",
        form=form,
        meeting=found,
        group=found.group,
        programme=found.group.programme,
    )


@require_POST
@login_required
def follow_up_status(request: HttpRequest, action_id: uuid.UUID) -> HttpResponse:
    """The responsible organisation (or the group, or the region's parties) changes a
    follow-up's status; back to the page the form was on."""
    found = access.follow_up_for(request.user, action_id, request=request)
    form = FollowUpStatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_follow_up_status(
                actor=acting_user(request), action=found, status=form.cleaned_data["status"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(action)s: the status is now “%(status)s”.")
                % {"action": found.title, "status": found.get_status_display()},
            )
    else:
        messages.error(request, _("Choose a status."))
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    if found.decision is not None:
        return redirect(found.decision.meeting.group.get_absolute_url())
    assert found.commitment is not None and found.region is not None
    return redirect(
        "programmes:agreement_region",
        slug=found.commitment.agreement.slug,
        code=found.region.code,
    )


@require_http_methods(FORM_METHODS)
@login_required
def group_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The secretariat sets up the coordination group: its name and mandate, and who sits in
    it for which organisation, representing which level or sector."""
    programme, _roles = access.programme_for(request.user, slug, want=ADMIN, request=request)
    found = queries.group_of(programme)
    actor = acting_user(request)
    group_form = GroupForm(
        request.POST if "save_group" in request.POST else None,
        instance=found,
        initial=None if found else {"name": _("Coordination group")},
    )
    member_form = GroupMemberForm(
        request.POST if "add_member" in request.POST else None,
        memberships=queries.people_of(programme),
    )
    members = queries.group_members(found) if found else []
    if request.method == "POST":
        try:
            if group_form.is_bound and group_form.is_valid():
                if found is None:
                    services.create_group(
                        actor=actor, programme=programme, data=form_fields(group_form)
                    )
                else:
                    services.update_group(actor=actor, group=found, data=form_fields(group_form))
                messages.success(request, _("The coordination group has been saved."))
                return redirect("programmes:group_edit", slug=programme.slug)
            if found is not None and member_form.is_bound and member_form.is_valid():
                membership = member_form.membership()
                services.add_member(
                    actor=actor,
                    group=found,
                    user=membership.user,
                    organisation=membership.organisation,
                    represents=member_form.cleaned_data["represents"],
                )
                messages.success(request, _("The member has been added."))
                return redirect("programmes:group_edit", slug=programme.slug)
            leaving = next(
                (m for m in members if str(m.pk) == request.POST.get("remove_member")), None
            )
            if leaving is not None:
                services.remove_member(actor=actor, member=leaving)
                messages.success(request, _("The member has been removed."))
                return redirect("programmes:group_edit", slug=programme.slug)
        except ValidationError as error:
            add_service_error(cast(Any, member_form if member_form.is_bound else group_form), error)
        if not (group_form.is_bound or member_form.is_bound):
            group_form = GroupForm(request.POST, instance=found)
            group_form.is_valid()
    return form_page(
        request,
        "group_form.html",
        programme=programme,
        group=found,
        group_form=group_form,
        member_form=member_form,
        members=members,
    )
