"""Bulk import and export pages of an organisation's catalogue (IMP-07, IMP-08, SEC-15).

Import is two steps, both run by the task worker (``catalog.imports.jobs``): the uploaded
file is checked here (size, extension against its first bytes), then dry-run by the worker
while the job page shows its progress, then the report; on a clean check the uploader
confirms and the worker imports it. The uploaded name is kept for the record only.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from livslang.accounts.models import User
from livslang.catalog import access
from livslang.catalog.exports import FORMATS, export_offerings
from livslang.catalog.imports import jobs
from livslang.catalog.models import ImportStage
from livslang.organisations.models import Role

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Extension → the format the importer reads.
EXTENSIONS = {".jsonld": "jsonld", ".json": "jsonld", ".csv": "csv", ".xlsx": "xlsx"}
# First bytes of files that are never a text export: images, archives, executables, PDF.
BINARY_SIGNATURES = (
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"MZ",
    b"\x7fELF",
    b"%PDF",
    b"\xd0\xcf\x11\xe0",
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc\xaf",
)
MODES = [
    ("all-or-nothing", gettext_lazy("Everything or nothing: any problem refuses the file")),
    ("valid-rows", gettext_lazy("Import the valid offerings; list the others")),
]


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def format_of(name: str, head: bytes) -> str | None:
    """The import format of an upload from its extension, if its first bytes agree; else None.

    The name is only looked at for its extension, never used as a path."""
    extension = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    fmt = EXTENSIONS.get(extension)
    if fmt is None:
        return None
    if fmt == "xlsx":
        return fmt if head.startswith(b"PK\x03\x04") else None
    body = head.removeprefix(b"\xef\xbb\xbf")
    if body.startswith(BINARY_SIGNATURES) or b"\x00" in head:
        return None
    return fmt


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "JSON-LD (.jsonld or .json), CSV (.csv) or Excel (.xlsx), at most 10 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".jsonld,.json,.csv,.xlsx"}),
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("If some offerings have problems"),
        choices=MODES,
        initial="all-or-nothing",
        widget=forms.RadioSelect,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 10 MB. Split it into smaller files."),
                code="too_large",
            )
        head = upload.read(8192)
        upload.seek(0)
        fmt = format_of(upload.name or "", head)
        if fmt is None:
            raise forms.ValidationError(
                _(
                    "This is not a JSON-LD, CSV or Excel (.xlsx) file, or its name does not "
                    "match its content."
                ),
                code="wrong_type",
            )
        self.fmt = fmt
        return upload


def display_name(name: str) -> str:
    """The uploaded file's base name, for the import record only (never a path)."""
    return PurePosixPath(name.replace("\\", "/")).name[:200] or "upload"


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def import_offerings(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, _membership = access.organisation_for_catalogue(
        request.user, slug, at_least=Role.EDITOR, request=request
    )
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = jobs.start_check(
            actor=_user(request),
            organisation=organisation,
            filename=display_name(upload.name or ""),
            fmt=form.fmt,
            mode=form.cleaned_data["mode"],
            content=upload.read(),
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        return redirect("catalog:import_job", organisation.slug, job.public_id)
    return render(
        request,
        "catalog/import.html",
        {"organisation": organisation, "form": form},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def import_job(request: HttpRequest, slug: str, job_id: uuid.UUID) -> HttpResponse:
    """A file's check and import: progress while the worker runs, then the report; the
    confirm button on a clean check. htmx polls it for the ``_import_job.html`` partial."""
    organisation, job = access.import_job_for(request.user, slug, job_id, request=request)
    if request.method == "POST":
        try:
            jobs.confirm(actor=_user(request), job=job)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        return redirect("catalog:import_job", organisation.slug, job.public_id)
    finished = not job.is_running
    report = jobs.report_from(job.report) if finished and job.report else None
    can_confirm = jobs.can_confirm(job)
    context = {
        "organisation": organisation,
        "job": job,
        "report": report,
        "can_confirm": can_confirm,
        "stale": (
            job.stage == ImportStage.CHECKED
            and report is not None
            and not can_confirm
            and jobs.would_import(report, job.mode)
        ),
        "percent": int(100 * job.done / job.total) if job.total else 0,
        "form": ImportForm(),
    }
    if request.headers.get("HX-Request"):
        return render(request, "catalog/_import_job.html", context)
    return render(request, "catalog/import_job.html", context)


@require_safe
@login_required
def export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    organisation, _membership = access.organisation_for_catalogue(
        request.user, slug, at_least=Role.VIEWER, request=request
    )
    if fmt not in FORMATS:
        raise Http404
    extension, content_type = FORMATS[fmt]
    response = HttpResponse(
        export_offerings(organisation=organisation, fmt=fmt), content_type=content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{organisation.slug}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
