"""The search page's fixed-data twin: for `make bench` only (LOAD-01).

Why it exists: the issue's load target compares the real search page, served by gunicorn with
wrk rotating through the benchmark's 200 fixed queries, with "the same template rendered from a
fixed in-memory result set on the same server" (target: the page at least 0.5x the twin's
requests per second). The ratio tells how much of a page's cost is the search itself.

It exists only when LIVSLANG_BENCH_TWIN=1, which makes the settings use
``livslang/search/bench_urls.py``; in every other configuration (tests, `make run`,
production, where the setting is refused) its URL does not exist.

The first request a process gets searches once with that request's query string and keeps the
form and the result in memory; every request renders ``search/search.html`` from them with the
context the search page builds (``views.results_context``), without searching, logging or
counting the request against the search rate limit.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_safe

from livslang.search.forms import SearchForm
from livslang.search.queries import SearchResult, search
from livslang.search.views import results_context

_FIXED: dict[str, tuple[QueryDict, SearchForm, SearchResult]] = {}


@require_safe
def twin(request: HttpRequest) -> HttpResponse:
    if "page" not in _FIXED:
        form = SearchForm(request.GET or None)
        _FIXED["page"] = (request.GET.copy(), form, search(form.criteria()))
    get, form, result = _FIXED["page"]
    context = results_context(get=get, form=form, result=result, is_htmx=False)
    return render(request, "search/search.html", context)
