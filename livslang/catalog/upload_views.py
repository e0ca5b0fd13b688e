"""Bulk import and export pages of an organisation's catalogue (IMP-07, IMP-08, SEC-15).

Import is two steps: the uploaded file is checked (size, extension against its first bytes)
and dry-run, and the page shows the importer's report; on a clean dry run the file waits in
the default storage under a random name (never the uploaded name), referenced by a signed
token, until the editor confirms, when it is imported and deleted.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import PurePosixPath
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_safe

from livslang.accounts.models import User
from livslang.catalog import access
from livslang.catalog.exports import FORMATS, export_offerings
from livslang.catalog.imports import ImportReport, run_import
from livslang.organisations.models import Organisation, Role

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
TOKEN_SALT = "livslang.catalog.import"  # noqa: S105 - a signing namespace, not a secret
TOKEN_MAX_AGE = 60 * 60
STORAGE_DIR = "private/imports"
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


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


def display_name(name: str) -> str:
    """The uploaded file's base name, for the import record only (never a path)."""
    return PurePosixPath(name.replace("\\", "/")).name[:200] or "upload"


def _token(
    organisation: Organisation, user: User, name: str, fmt: str, mode: str, filename: str
) -> str:
    return signing.dumps(
        {
            "org": organisation.pk,
            "user": user.pk,
            "name": name,
            "fmt": fmt,
            "mode": mode,
            "filename": filename,
        },
        salt=TOKEN_SALT,
        compress=True,
    )


def _pending(token: str, organisation: Organisation, user: User) -> dict[str, Any] | None:
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("org") != organisation.pk:
        return None
    if data.get("user") != user.pk or data.get("fmt") not in FORMATS:
        return None
    name = str(data.get("name", ""))
    if not name.startswith(STORAGE_DIR + "/") or ".." in name or not default_storage.exists(name):
        return None
    return data


def _remove_abandoned_uploads() -> None:
    """Delete uploads whose confirmation token has expired (dry run without confirm)."""
    try:
        _dirs, files = default_storage.listdir(STORAGE_DIR)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - timedelta(seconds=TOKEN_MAX_AGE)
    for name in files:
        path = f"{STORAGE_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
        except (FileNotFoundError, NotImplementedError):
            continue


def _would_import(report: ImportReport, mode: str) -> bool:
    """Whether the real import of a dry-run file would write anything (``imported`` is always
    False for a dry run)."""
    if not report.problems:
        return True
    whole_file = any(p.item is None for p in report.problems)
    return (
        mode == "valid-rows" and not whole_file and 0 < report.rejected_items < report.total_items
    )


def _render(
    request: HttpRequest,
    organisation: Organisation,
    form: ImportForm,
    *,
    report: ImportReport | None = None,
    token: str = "",
    mode: str = "",
    status: int = 200,
) -> HttpResponse:
    can_confirm = bool(token)
    return render(
        request,
        "catalog/import.html",
        {
            "organisation": organisation,
            "form": form,
            "report": report,
            "rejection_line": (
                report.rejection_line() if report is not None and not can_confirm else ""
            ),
            "token": token,
            "can_confirm": can_confirm,
            "mode": mode,
        },
        status=status,
    )


def _confirm(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = ConfirmForm(request.POST)
    data = None
    if form.is_valid():
        data = _pending(form.cleaned_data["token"], organisation, _user(request))
    if data is None:
        messages.error(request, _("The upload has expired. Upload the file again."))
        return redirect("catalog:import", organisation.slug)
    name = str(data["name"])
    with default_storage.open(name, "rb") as stored:
        content = stored.read()
    try:
        report = run_import(
            data=content,
            filename=str(data.get("filename") or "upload"),
            fmt=str(data["fmt"]),
            organisation=organisation,
            actor=_user(request),
            mode=str(data["mode"]),
            dry_run=False,
        )
    finally:
        default_storage.delete(name)
    if report.imported:
        messages.success(
            request,
            _(
                "Imported. Offerings: %(created)d new, %(updated)d changed, %(unchanged)d "
                "unchanged. Cohorts: %(c_created)d new, %(c_updated)d changed, "
                "%(c_removed)d removed."
            )
            % {
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "c_created": report.cohorts_created,
                "c_updated": report.cohorts_updated,
                "c_removed": report.cohorts_removed,
            },
        )
        if report.rejected_items:
            messages.warning(
                request,
                ngettext(
                    "%(count)d offering had problems and was left out.",
                    "%(count)d offerings had problems and were left out.",
                    report.rejected_items,
                )
                % {"count": report.rejected_items},
            )
        return redirect("catalog:manage", organisation.slug)
    return _render(request, organisation, ImportForm(), report=report, status=422)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def import_offerings(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, _membership = access.organisation_for_catalogue(
        request.user, slug, at_least=Role.EDITOR, request=request
    )
    if request.method != "POST":
        return _render(request, organisation, ImportForm())
    if "token" in request.POST:
        return _confirm(request, organisation)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, organisation, form)
    upload = form.cleaned_data["file"]
    mode = form.cleaned_data["mode"]
    content = upload.read()
    report = run_import(
        data=content,
        filename=display_name(upload.name or ""),
        fmt=form.fmt,
        organisation=organisation,
        actor=_user(request),
        mode=mode,
        dry_run=True,
    )
    token = ""
    _remove_abandoned_uploads()
    if _would_import(report, mode):
        name = default_storage.save(f"{STORAGE_DIR}/{uuid.uuid4().hex}", ContentFile(content))
        token = _token(
            organisation, _user(request), name, form.fmt, mode, display_name(upload.name or "")
        )
    return _render(request, organisation, ImportForm(), report=report, token=token, mode=mode)


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
