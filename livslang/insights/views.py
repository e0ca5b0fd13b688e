"""Regional insight pages: choose a country or region; its map, table and charts of one figure;
per-topic maps; CSV and XLSX exports; a printable report. Public: every count of people below
5 is shown as "< 5" (see ``queries``). Each page reads a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from livslang import spreadsheets
from livslang.insights import charts, queries
from livslang.insights.models import Period
from livslang.insights.queries import AreaKey, AreaView, Measure

DEFAULT_MEASURE = "reach_60"
DEFAULT_TOPIC_MEASURE = "gap_needs"


@dataclass
class Selection:
    periods: list[Period]
    period: Period
    view: AreaView
    measure: Measure
    index: int

    def query(self, **extra: str) -> str:
        params = {"period": str(self.period.pk), "measure": self.measure.key, **extra}
        return urlencode(params)


def _selection(request: HttpRequest, area: str) -> Selection:
    key = queries.parse_area(area)
    if key is None:
        raise Http404
    periods = queries.periods()
    period = queries.choose_period(periods, request.GET.get("period"))
    if period is None:
        raise Http404
    view = queries.area_view(period, key)
    if view is None:
        raise Http404
    all_measures = queries.measures()
    wanted = request.GET.get("measure") or DEFAULT_MEASURE
    found = next((m for m in all_measures if m.key == wanted), None)
    if found is None:
        found = next((m for m in all_measures if m.key == DEFAULT_MEASURE), all_measures[0])
    return Selection(periods, period, view, found, all_measures.index(found))


def _rows(selection: Selection) -> list[tuple[str, str, queries.Cell]]:
    return [(r.code, r.name, r.cells[selection.index]) for r in selection.view.rows]


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Choose a country, county or region (and a period)."""
    periods = queries.periods()
    period = queries.choose_period(periods, request.GET.get("period"))
    overview = queries.countries_overview(period) if period else []
    countries = [
        (
            row,
            AreaKey(row.country, None),
            [
                (r, AreaKey(r.country, r.code))
                for r in overview
                if r.level == "region" and r.country == row.country
            ],
        )
        for row in overview
        if row.level == "country"
    ]
    return render(
        request,
        "insights/index.html",
        {"periods": periods, "period": period, "countries": countries},
    )


@require_safe
def area(request: HttpRequest, area: str) -> HttpResponse:
    """An area's map of one figure with the table of every figure beside it."""
    selection = _selection(request, area)
    return render(
        request,
        "insights/area.html",
        {
            "s": selection,
            "view": selection.view,
            "measures": queries.measures(),
            "series": queries.series(selection.view.key, selection.measure),
        },
    )


@require_safe
def map_json(request: HttpRequest, area: str) -> JsonResponse:
    selection = _selection(request, area)
    key = selection.view.key
    return JsonResponse(
        charts.choropleth(
            country=key.country,
            region_code=key.region_code,
            title=selection.measure.label,
            rows=_rows(selection),
        )
    )


@require_safe
def bars_json(request: HttpRequest, area: str) -> JsonResponse:
    selection = _selection(request, area)
    return JsonResponse(charts.bars(title=selection.measure.label, rows=_rows(selection)))


@require_safe
def series_json(request: HttpRequest, area: str) -> JsonResponse:
    selection = _selection(request, area)
    points = queries.series(selection.view.key, selection.measure)
    return JsonResponse(
        charts.time_series(
            title=selection.measure.label,
            points=[(str(period), cell) for period, cell in points],
        )
    )


def _topic_context(request: HttpRequest, area: str) -> dict[str, Any]:
    selection = _selection(request, area)
    key = selection.view.key
    topics = queries.topics(selection.period, key.country)
    topic = request.GET.get("topic", "")
    if topic not in topics:
        topic = topics[0] if topics else ""
    index = next(
        (
            i
            for i, (attr, _l, _k) in enumerate(queries.TOPIC_MEASURES)
            if attr == request.GET.get("topic_measure")
        ),
        0,
    )
    names = {r.code: r.name for r in selection.view.rows}
    rows = queries.topic_rows(selection.period, key, topic, names) if topic else []
    return {
        "s": selection,
        "view": selection.view,
        "topics": topics,
        "topic": topic,
        "topic_measures": [(attr, label) for attr, label, _kind in queries.TOPIC_MEASURES],
        "topic_measure": queries.TOPIC_MEASURES[index][0],
        "topic_index": index,
        "topic_label": str(queries.TOPIC_MEASURES[index][1]),
        "rows": rows,
        "query": urlencode(
            {
                "period": str(selection.period.pk),
                "topic": topic,
                "topic_measure": queries.TOPIC_MEASURES[index][0],
            }
        ),
    }


@require_safe
def topic(request: HttpRequest, area: str) -> HttpResponse:
    """Where is a topic needed, and where is it within reach?"""
    return render(request, "insights/topic.html", _topic_context(request, area))


@require_safe
def topic_json(request: HttpRequest, area: str) -> JsonResponse:
    context = _topic_context(request, area)
    key = context["view"].key
    index = context["topic_index"]
    return JsonResponse(
        charts.choropleth(
            country=key.country,
            region_code=key.region_code,
            title=f"{context['topic']}: {context['topic_label']}",
            rows=[(r.code, r.name, r.cells[index]) for r in context["rows"]],
            scheme="oranges" if index < 3 else "blues",
        )
    )


def _table(selection: Selection) -> tuple[list[str], list[list[Any]], list[list[Any]]]:
    """Columns, and the rows as text (CSV) and as numbers where drawable (XLSX)."""
    ms = queries.measures()
    columns = [_("Level"), _("Code"), _("Name"), _("Population"), *[m.label for m in ms]]
    texts: list[list[Any]] = []
    numbers: list[list[Any]] = []
    for row in [selection.view.total, *selection.view.rows]:
        head = [row.figures.get_level_display(), row.code, row.name, row.population]
        texts.append([*head, *[c.text for c in row.cells]])
        numbers.append(
            [
                *head[:3],
                row.figures.population if row.figures.population else row.population,
                *[c.value if c.value is not None else c.text for c in row.cells],
            ]
        )
    return columns, texts, numbers


def _filename(selection: Selection, extension: str) -> str:
    p = selection.period
    return f"insight-{selection.view.key.slug}-{p.start:%Y-%m-%d}-{p.end:%Y-%m-%d}.{extension}"


@require_safe
def figures_csv(request: HttpRequest, area: str) -> HttpResponse:
    selection = _selection(request, area)
    columns, texts, _numbers = _table(selection)
    response = HttpResponse(spreadsheets.csv_bytes(columns, texts), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{_filename(selection, "csv")}"'
    return response


@require_safe
def figures_xlsx(request: HttpRequest, area: str) -> HttpResponse:
    selection = _selection(request, area)
    columns, _texts, numbers = _table(selection)
    body = spreadsheets.xlsx_bytes(
        [(_("Figures"), columns, numbers)],
        numeric={_("Population"), *[m.label for m in queries.measures()]},
    )
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(selection, "xlsx")}"'
    return response


@require_safe
def report(request: HttpRequest, area: str) -> HttpResponse:
    """The printable regional report: every figure of the area and its municipalities."""
    selection = _selection(request, area)
    return render(
        request,
        "insights/report.html",
        {
            "s": selection,
            "view": selection.view,
            "measures": queries.measures(),
            "back": reverse("insights:area", args=[selection.view.key.slug]),
        },
    )
