"""Cooperation agreements: the list, the agreement page with its commitments-by-regions
matrix, a region's follow-up page, and the forms the parties use for their regions."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from livslang.organisations.forms import add_service_error
from livslang.programmes import access, matrix, queries, services
from livslang.programmes.access import EDIT, READ
from livslang.programmes.forms import EvidenceForm, RegionalActionForm
from livslang.programmes.models import ActionStatus
from livslang.programmes.views._common import (
    FORM_METHODS,
    acting_user,
    form_fields,
    form_page,
    local_today,
)


@require_safe
def agreement_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "programmes/agreement_list.html",
        {"public": queries.public_agreements(), "mine": queries.agreements_of(request.user)},
    )


@require_safe
def agreement(request: HttpRequest, slug: str) -> HttpResponse:
    found, roles = access.agreement_for(request.user, slug, request=request)
    today = local_today()
    return render(
        request,
        "programmes/agreement.html",
        {
            "agreement": found,
            "roles": roles,
            "parties": queries.parties_of(found),
            "matrix": matrix.agreement_matrix(found, today),
            "today": today,
        },
    )


@require_safe
def agreement_region(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    found, region, roles = access.agreement_region_for(
        request.user, slug, code, want=READ, request=request
    )
    today = local_today()
    return render(
        request,
        "programmes/agreement_region.html",
        {
            "agreement": found,
            "region": region,
            "roles": roles,
            "can_edit": roles.can_edit_region(region.pk),
            "cells": matrix.region_plan(found, region, today),
            "today": today,
            "status_choices": ActionStatus.choices,
        },
    )


@require_http_methods(FORM_METHODS)
@login_required
def regional_action_create(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    found, region, _roles = access.agreement_region_for(
        request.user, slug, code, want=EDIT, request=request
    )
    form = RegionalActionForm(request.POST or None, agreement=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_regional_action(
                actor=acting_user(request),
                commitment=form.cleaned_data["commitment"],
                region=region,
                data=form_fields(form),
            )
        except ValidationError as error:
            add_service_error(cast(Any, form), error)
        else:
            messages.success(request, _("The action has been added to the follow-up plan."))
            return redirect("programmes:agreement_region", slug=found.slug, code=region.code)
    return form_page(
        request, "regional_action_form.html", form=form, agreement=found, region=region
    )


@require_http_methods(FORM_METHODS)
@login_required
def evidence_create(request: HttpRequest, action_id: uuid.UUID) -> HttpResponse:
    found = access.follow_up_for(request.user, action_id, request=request)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_evidence(
                actor=acting_user(request),
                action=found,
                data=form.data_for_service(),
                document=form.cleaned_data.get("document"),
            )
        except ValidationError as error:
            add_service_error(cast(Any, form), error)
        else:
            messages.success(request, _("The evidence has been added."))
            if found.commitment is not None and found.region is not None:
                return redirect(
                    "programmes:agreement_region",
                    slug=found.commitment.agreement.slug,
                    code=found.region.code,
                )
            assert found.decision is not None
            return redirect(found.decision.meeting.get_absolute_url())
    return form_page(request, "evidence_form.html", form=form, action=found)


@require_safe
def evidence_document(request: HttpRequest, evidence_id: uuid.UUID) -> FileResponse:
    """A piece of evidence's document, from the storage, for those who read its follow-up."""
    found = access.evidence_for(request.user, evidence_id, request=request)
    document = found.document
    name = document.name or ""
    if not name or not document.storage.exists(name):
        raise Http404
    return FileResponse(document.open("rb"), as_attachment=True, filename=PurePosixPath(name).name)
