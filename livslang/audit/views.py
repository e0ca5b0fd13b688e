from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from livslang.access import require_platform_admin
from livslang.audit import queries
from livslang.audit.forms import AuditFilterForm

PAGE_SIZE = 50


@require_safe
@login_required
def log(request: HttpRequest) -> HttpResponse:
    require_platform_admin(request.user)
    form = AuditFilterForm(request.GET or None, object_types=queries.object_types())
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    entries = queries.search(**{k: v for k, v in filters.items() if v})
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
