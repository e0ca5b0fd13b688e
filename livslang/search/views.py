"""The search page (public) and the search log (centre staff).

The search page answers a full page, or only its results (``_results.html``) to an htmx
request; the URL always holds the whole state. A settled search is logged: a full page load,
an htmx request made by submitting the form (it carries the submit button's ``go``), or a
result followed (its link goes through ``follow`` with the search's state).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from livslang.catalog import access as catalog_access
from livslang.http import client_ip
from livslang.search import access, reports, services
from livslang.search.forms import SearchForm
from livslang.search.queries import PAGE_SIZE, Facet, ResultRow, SearchResult
from livslang.security import log_event

_WIDENING_LABELS = {
    "radius": lambda: _("Search a larger area"),
    "online": lambda: _("Include online cohorts"),
    "later": lambda: _("Allow a later start"),
    "filters": lambda: _("Remove all filters"),
    "text": lambda: _("Search without words"),
}


def _state(get: QueryDict) -> QueryDict:
    state = get.copy()
    for name in ("page", "go"):
        state.pop(name, None)
    return state


def _widen_links(get: QueryDict, result: SearchResult) -> list[tuple[str, str]]:
    links = []
    for widening in result.widenings:
        if widening.kind == "filters":
            state = QueryDict(mutable=True)
            for name in ("q", "place", "country", "radius", "sort"):
                value = get.get(name)
                if value:
                    state[name] = str(value)
        else:
            state = _state(get)
            for name, value in widening.changes.items():
                if value:
                    state[name] = value
                else:
                    state.pop(name, None)
        links.append((_WIDENING_LABELS[widening.kind](), state.urlencode()))
    return links


# The facet options and the result rows are the page's long loops: what the template would
# compute per item with filters and tags (ids, capitalised labels, the follow address, dates,
# prices) is computed here, once, with the same functions, so the markup stays in the templates
# and the output is the same (docs/benchmarks.md, "Request cost").


@dataclass(frozen=True)
class FacetChoice:
    """A facet option as ``_facets.html`` shows it."""

    html_id: str
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class FacetGroup:
    name: str
    label: str
    options: list[FacetChoice]


@dataclass(frozen=True)
class ResultLine:
    """A result row as ``_results.html`` shows it."""

    row: ResultRow
    follow_url: str
    start_iso: str
    start_label: str
    distance: str  # "" when the distance is unknown
    price: str  # "" when the price is unknown


def _facet_groups(facets: list[Facet]) -> list[FacetGroup]:
    return [
        FacetGroup(
            facet.name,
            facet.label,
            [
                FacetChoice(
                    # "f-<facet>-<value slug>", the option's number when the slug is empty.
                    html_id=f"f-{facet.name}-{slugify(option.value) or number}",
                    value=option.value,
                    label=capfirst(option.label) or "",
                    count=option.count,
                    selected=option.selected,
                )
                for number, option in enumerate(facet.options, start=1)
            ],
        )
        for facet in facets
    ]


def _hits(rows: list[ResultRow], query: str) -> list[ResultLine]:
    suffix = f"?{query}" if query else ""
    return [
        ResultLine(
            row=row,
            follow_url=reverse("search:follow", args=[row.offering_public_id]) + suffix,
            start_iso=date_filter(row.start_date, "Y-m-d"),
            start_label=date_filter(row.start_date, "DATE_FORMAT"),
            distance="" if row.distance is None else floatformat(row.distance, 0),
            price="" if row.price is None else floatformat(row.price, "0"),
        )
        for row in rows
    ]


def results_context(
    *, get: QueryDict, form: SearchForm, result: SearchResult, is_htmx: bool
) -> dict[str, Any]:
    """What ``search/search.html`` and ``search/_results.html`` render: one place, used by the
    search page and by its fixed-data twin in the benchmark (bench_views.py)."""
    count_label = ngettext(
        "%(count)d offering found", "%(count)d offerings found", result.total
    ) % {"count": result.total}
    query = _state(get).urlencode()
    return {
        "form": form,
        "result": result,
        "facets": _facet_groups(result.facets),
        "hits": _hits(result.rows, query),
        # A page object for includes/pagination.html (the rows are already paged).
        "page": Paginator(range(result.total), PAGE_SIZE).get_page(result.page),
        "query": query,
        "count_label": count_label,
        "is_htmx": is_htmx,
        "widen_links": _widen_links(get, result),
    }


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    address = client_ip(request)
    retry_after = services.throttle(client_address=address)
    if retry_after is not None:
        log_event("rate_limited", request=request, scope="search")
        response = render(request, "429.html", status=429)
        response["Retry-After"] = str(retry_after)
        return response
    form = SearchForm(request.GET or None)
    criteria = form.criteria()
    is_htmx = (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )
    settled = not is_htmx or "go" in request.GET
    result = services.run_search(criteria=criteria, settled=settled, client_address=address)
    context = results_context(get=request.GET, form=form, result=result, is_htmx=is_htmx)
    template = "search/_results.html" if is_htmx else "search/search.html"
    response = render(request, template, context)
    if is_htmx:
        # The address keeps the search without the empty fields of the form.
        shown = QueryDict(mutable=True)
        for name, values in request.GET.lists():
            kept = [v for v in values if v]
            if kept and name != "go":
                shown.setlist(name, kept)
        response["HX-Push-Url"] = f"{request.path}?{shown.urlencode()}" if shown else request.path
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
def follow(request: HttpRequest, offering_id: uuid.UUID) -> HttpResponse:
    """A result followed from the results (the link carries the search's state): the search
    is settled, so it is logged (once per visitor and search in 30 minutes, as every settled
    search), and the visitor goes on to the offering's page. Works without JavaScript and
    without a cookie. A state the form cannot understand is logged only in its valid parts;
    a visitor over the search rate limit still gets to the offering, unlogged."""
    target = catalog_access.public_offering(offering_id)
    address = client_ip(request)
    if services.throttle(client_address=address) is None:
        criteria = SearchForm(request.GET or None).criteria()
        services.record_followed(criteria=criteria, client_address=address)
    else:
        log_event("rate_limited", request=request, scope="search")
    return redirect(target.get_absolute_url())


@require_safe
@login_required
def search_log(request: HttpRequest) -> HttpResponse:
    access.require_centre_staff(request.user)
    return render(
        request,
        "search/log.html",
        {
            "frequent": reports.frequent_terms(),
            "unmet": reports.unmet_terms(),
            "min_searches": reports.MIN_SEARCHES,
            "few_results": reports.FEW_RESULTS,
            "days": reports.DAYS,
        },
    )
