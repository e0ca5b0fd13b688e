"""Action plans: the secretariat and the track's owners add and edit actions and change
their status in place."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from livslang.organisations.forms import add_service_error
from livslang.programmes import access, services
from livslang.programmes.access import EDIT
from livslang.programmes.forms import (
    ActionForm,
    ActionStatusForm,
)
from livslang.programmes.models import ActionStatus
from livslang.programmes.views._common import FORM_METHODS, acting_user, form_fields, form_page

# --- Action plans: the secretariat and the track's owners ------------------------------------


@require_http_methods(FORM_METHODS)
@login_required
def action_create(request: HttpRequest, track_id: uuid.UUID) -> HttpResponse:
    found, _roles = access.track_for(request.user, track_id, want=EDIT, request=request)
    form = ActionForm(request.POST or None, track=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_action(
                actor=acting_user(request),
                track=found,
                data=form_fields(form, without=("goals",)),
                goals=list(form.cleaned_data["goals"]),
            )
        except ValidationError as error:
            add_service_error(cast(Any, form), error)
        else:
            messages.success(request, _("The action has been added to the action plan."))
            return redirect(found.get_absolute_url())
    return form_page(
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
    form = ActionForm(request.POST or None, instance=found, track=found.plan_track)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_action(
                actor=acting_user(request),
                action=found,
                data=form_fields(form, without=("goals",)),
                goals=list(form.cleaned_data["goals"]),
            )
        except ValidationError as error:
            add_service_error(cast(Any, form), error)
        else:
            messages.success(request, _("The action has been saved."))
            return redirect(found.plan_track.get_absolute_url())
    return form_page(
        request,
        "action_form.html",
        form=form,
        track=found.plan_track,
        programme=found.plan_track.programme,
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
                actor=acting_user(request),
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
                # The action plan has a track column; the track page does not.
                "with_track": request.POST.get("with_track") == "1",
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
    return redirect("programmes:actions", slug=found.plan_track.programme.slug)
