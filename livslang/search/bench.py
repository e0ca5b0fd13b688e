"""The search benchmark: a synthetic national catalogue, 200 fixed queries, and timings of

(a) Livslang's full search call (text, filters, near me, every facet count, the first page's
    rows loaded from the database);
(b) a like-for-like Tantivy baseline: the same text analysis, the same filters as Tantivy
    queries on one document per cohort, and one Tantivy terms aggregation per facet (with that
    facet's own filter left out), in the same run;
(c) raw Tantivy top-20 text queries.

Used by ``manage.py bench_search`` (``make bench``) and, at 1k offerings without any timing
assertion, by a test so the harness cannot rot. Never a timed test.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any

import tantivy
from django.db import connection, transaction
from django.http import QueryDict
from django.utils import timezone

from livslang.catalog.models import Cohort, CohortStatus, Mode, Offering, OfferingStatus
from livslang.geo.models import Municipality, Postcode
from livslang.geo.points import Point, bounding_box
from livslang.geo.queries import Place, UnknownPlace, resolve_place
from livslang.organisations.models import Kind
from livslang.organisations.testing import make_organisation
from livslang.search import analysis, columns, index
from livslang.search.queries import PAGE_SIZE, Criteria, Sort, search

QUERY_COUNT = 200
REPEATS = 3


def _words(text: str) -> list[str]:
    return text.split()


_SYLLABLES = _words("""
an ar be bi bo da de di dra el en er fa fe fi fo ga ge gi ha he hi ja ka ke ki ko kra la le li
lo ma me mi mo na ne ni no o pa pe pi po ra re ri ro sa se si sjo skr sko sta ste sti sto ta te
ti to tra tre u va ve vi vo y æ ø å
""")
_REAL = _words("""
sveising ledelse helse sykepleie velferdsteknologi regnskap økonomi programmering logistikk
akvakultur havbruk fiskeforedling barnehage pedagogikk undervisning kvalitet prosjektledelse
datasikkerhet digitalisering demens omsorg truck kran elektro energi bygg anlegg salg service
kommunikasjon engelsk norsk dansk veiledning
""")


def vocabulary(size: int, rng: random.Random) -> list[str]:
    """``size`` distinct words: the real course words and made-up Scandinavian-looking ones."""
    words = list(dict.fromkeys(_REAL))
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
        if len(word) >= 4 and word not in seen:
            seen.add(word)
            words.append(word)
    return words


def _zipf(rng: random.Random, words: list[str], count: int) -> list[str]:
    # Word i is drawn with weight 1/(i+1): a few common words, a long tail.
    return [words[min(len(words) - 1, int(rng.paretovariate(1.0)) - 1)] for _ in range(count)]


@dataclass
class Catalogue:
    offerings: int
    cohorts: int
    words: list[str]
    municipalities: list[tuple[str, str, float, float]]  # country, code, lat, lon
    seconds: float


def generate(*, offerings: int, seed: int = 1, vocabulary_size: int = 6000) -> Catalogue:
    """Write a synthetic catalogue (published offerings, ~2 cohorts each) to the database.
    Needs the reference geography (``load_geo``)."""
    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    words = vocabulary(vocabulary_size, rng)
    rng.shuffle(words)
    places = list(
        Municipality.objects.valid_on().values_list(
            "pk", "country_id", "code", "settlement_lat", "settlement_lon"
        )
    )
    if not places:
        raise RuntimeError("Load the reference geography first (manage.py load_geo).")
    organisations = [
        make_organisation(
            Kind.CENTRE if n % 3 else Kind.PROVIDER,
            municipality_code=rng.choice(places)[2],
            slug=f"bench-{seed}-{n}",
            name=f"Bench {n}",
        )
        for n in range(60)
    ]
    today = timezone.localdate()
    batch = 2000
    made_offerings = made_cohorts = 0
    for first in range(0, offerings, batch):
        rows = []
        for n in range(first, min(offerings, first + batch)):
            provider = rng.choice(organisations)
            title = " ".join(_zipf(rng, words, rng.randint(2, 5))).capitalize()
            rows.append(
                Offering(
                    title=title[:200],
                    slug=f"bench-{n}",
                    description=" ".join(_zipf(rng, words, rng.randint(15, 40))),
                    topics=_zipf(rng, words, 3),
                    language=rng.choice(("nb", "nb", "nn", "da", "en")),
                    provider=provider,
                    owner=provider,
                    level=rng.choice((None, 3, 4, 5, 6, 7)),
                    credits_value=rng.choice((None, Decimal("7.5"), Decimal("15"), Decimal("30"))),
                    funding_employer=rng.random() < 0.4,
                    funding_public_grant=rng.random() < 0.3,
                    funding_loan=rng.random() < 0.2,
                    prerequisites="" if rng.random() < 0.5 else "Fagbrev.",
                    campaign_tags=rng.sample(["helse", "grønt skifte", "digital", "havbruk"], 1)
                    if rng.random() < 0.3
                    else [],
                    status=OfferingStatus.PUBLISHED,
                    is_demo=True,
                )
            )
        with transaction.atomic():
            created = Offering.objects.bulk_create(rows)
            cohorts = []
            for offering in created:
                for _c in range(rng.choice((1, 2, 2, 3))):
                    mode = rng.choice((Mode.ON_SITE, Mode.ON_SITE, Mode.BLENDED, Mode.ONLINE))
                    place = rng.choice(places)
                    start = today + dt.timedelta(days=rng.randint(0, 365))
                    cohorts.append(
                        Cohort(
                            offering=offering,
                            mode=mode,
                            country=place[1],
                            municipality_id=None if mode == Mode.ONLINE else place[0],
                            start_date=start,
                            end_date=start + dt.timedelta(days=rng.choice((14, 60, 120, 300))),
                            schedule_daytime=rng.random() < 0.5,
                            schedule_evening=rng.random() < 0.4,
                            schedule_weekend=rng.random() < 0.2,
                            schedule_self_paced=mode == Mode.ONLINE and rng.random() < 0.5,
                            pace=rng.choice(("", "full_time", "part_time")),
                            price=rng.choice((None, Decimal(0), Decimal(1500), Decimal(9000))),
                            status=rng.choice(
                                (CohortStatus.PLANNED, CohortStatus.OPEN, CohortStatus.OPEN)
                            ),
                            application_deadline=start - dt.timedelta(days=rng.randint(0, 40)),
                            step_free_access=rng.choice((None, True, False)),
                            is_demo=True,
                        )
                    )
            Cohort.objects.bulk_create(cohorts)
        made_offerings += len(created)
        made_cohorts += len(cohorts)
    municipalities = [(p[1], p[2], p[3], p[4]) for p in places]
    return Catalogue(
        made_offerings, made_cohorts, words, municipalities, time.perf_counter() - started
    )


# --- The 200 fixed queries ----------------------------------------------------------------


def fixed_queries(catalogue: Catalogue, seed: int = 7) -> list[Criteria]:
    """200 distinct queries mixing words (common and rare, typos, prefixes), filters and
    near me."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    common = catalogue.words[:300]
    rare = catalogue.words[300:3000]
    seen: set[Criteria] = set()
    queries: list[Criteria] = []
    while len(queries) < QUERY_COUNT:
        kind = rng.random()
        words = [rng.choice(common)] + ([rng.choice(rare)] if rng.random() < 0.3 else [])
        text = " ".join(words)
        if kind < 0.1:  # typing: a prefix
            text = text[: max(3, len(text) - 2)]
        elif kind < 0.15 and len(text) > 6:  # a typo
            i = rng.randint(1, len(text) - 2)
            text = text[:i] + text[i + 1 :]
        place = None
        if rng.random() < 0.5:
            country, code, lat, lon = rng.choice(catalogue.municipalities)
            place = Place("municipality", country, code, code, lat, lon, code, code)
        criteria = Criteria(
            text=text,
            modes=frozenset(rng.sample(["on_site", "online", "blended"], 1))
            if rng.random() < 0.3
            else frozenset(),
            schedules=frozenset(["evening"]) if rng.random() < 0.2 else frozenset(),
            funding=frozenset(["employer"]) if rng.random() < 0.15 else frozenset(),
            price_max=2000.0 if rng.random() < 0.15 else None,
            open_now=rng.random() < 0.1,
            place=place,
            radius_km=rng.choice((25, 50, 100, 200)),
            exclude_online=place is not None and rng.random() < 0.2,
            sort=rng.choice(("relevance", "start", "distance" if place else "start")),
        )
        if criteria not in seen:
            seen.add(criteria)
            queries.append(criteria)
    return queries


# --- The same queries as addresses of the search page (LOAD-01) ----------------------------


def _place_text(place: Place) -> str:
    """What a visitor types to search near this municipality: its number, else its name (four
    digits are a postcode first), else one of its postcodes (a number that is also a postcode
    and a name used twice, as Herøy 1515: the distances are then measured from the postcode)."""
    municipalities = Municipality.objects.valid_on().filter(
        country_id=place.country, code=place.code
    )
    postcodes = Postcode.objects.filter(
        country_id=place.country, municipality__in=municipalities
    ).order_by("code")
    candidates = (
        place.code,
        *municipalities.values_list("name", flat=True),
        *postcodes.values_list("code", flat=True),
    )
    for text in candidates:
        try:
            found = resolve_place(query=text, country=place.country)
        except UnknownPlace:
            continue
        if found.municipality_code == place.code:
            return text
    raise ValueError(f"no text resolves to the municipality {place.country} {place.code}")


def page_query(criteria: Criteria) -> str:
    """The search page's query string for one of the fixed queries: the form gives back the
    same criteria (tested), so wrk sends the page exactly the searches timed above."""
    state = QueryDict(mutable=True)
    state["q"] = criteria.text
    for name in ("modes", "schedules", "funding"):
        state.setlist(name, sorted(getattr(criteria, name)))
    if criteria.price_max is not None:
        state["price_max"] = str(int(criteria.price_max))
    if criteria.open_now:
        state["open_now"] = "on"
    if criteria.place is not None:
        state["place"] = _place_text(criteria.place)
        state["country"] = criteria.place.country
    state["radius"] = str(criteria.radius_km)
    if criteria.exclude_online:
        state["exclude_online"] = "on"
    if criteria.sort != Sort.RELEVANCE:
        state["sort"] = criteria.sort
    return state.urlencode()


def page_queries(queries: list[Criteria], totals: list[int]) -> dict[str, Any]:
    """The query strings of the fixed queries; which one the fixed-data twin renders (the
    first with a full page of results, so the twin's page is as long as a busy real one); and
    as many offering pages."""
    strings = [page_query(c) for c in queries]
    full = [n for n, total in enumerate(totals) if total >= PAGE_SIZE]
    offerings = Offering.objects.published().order_by("pk").only("slug", "public_id")
    return {
        "queries": strings,
        "twin": strings[full[0] if full else 0],
        # LOAD-01 also measures the catalogue: the pages of as many offerings.
        "offerings": [o.get_absolute_url() for o in offerings[: len(strings)]],
    }


# --- (b) The like-for-like Tantivy baseline -----------------------------------------------

# The facets of the search (``engine.FACET_NAMES``) as the baseline's fast fields: criteria
# attribute -> field. Booleans are "yes"/"no" fields.
_BASELINE_FACETS = {
    "subjects": "subject",
    "levels": "level",
    "durations": "duration",
    "modes": "mode",
    "schedules": "schedule",
    "paces": "pace",
    "funding": "funding",
    "languages": "language",
    "organisations": "organisation",
    "campaigns": "campaign",
    "free": "free",
    "no_prerequisites": "no_prerequisites",
    "step_free": "step_free",
    "open_now": "open_now",
    "study_group": "study_group",
}
_BOOLEANS = ("free", "no_prerequisites", "step_free", "open_now", "study_group")


class Baseline:
    """One Tantivy document per searchable cohort with the offering's analysed text and every
    facet and filter attribute as a fast field; the filters are Tantivy queries, and every facet
    is a terms aggregation with a cardinality sub-aggregation on the offering (distinct
    offerings per value, as the search counts them), with that facet's own filter left out.
    Facets whose filter is off share one aggregation request."""

    def __init__(
        self, source: index.SearchIndex, texts: dict[int, tuple[str, str, str]], *, today: dt.date
    ) -> None:
        builder = tantivy.SchemaBuilder()
        builder.add_integer_field("offering", fast=True, indexed=True)
        builder.add_text_field("title", tokenizer_name="whitespace", index_option="freq")
        builder.add_text_field("stems", tokenizer_name="whitespace", index_option="freq")
        builder.add_text_field("words", tokenizer_name="whitespace", index_option="basic")
        for name in _BASELINE_FACETS.values():
            builder.add_text_field(name, tokenizer_name="raw", fast=True)
        builder.add_float_field("lat", fast=True, indexed=True)
        builder.add_float_field("lon", fast=True, indexed=True)
        builder.add_float_field("price", fast=True, indexed=True)
        builder.add_integer_field("start", fast=True, indexed=True)
        self.schema = builder.build()
        self.index = tantivy.Index(self.schema)
        writer = self.index.writer(heap_size=200_000_000, num_threads=1)
        for record in source.records.values():
            title, stems, words = texts[record.id]
            for cohort in record.cohorts:
                flags = {
                    "free": cohort.price == 0,
                    "no_prerequisites": record.no_prerequisites,
                    "step_free": cohort.mode == Mode.ONLINE or cohort.step_free is True,
                    "open_now": cohort.status == CohortStatus.OPEN
                    and (cohort.deadline is None or cohort.deadline >= today),
                    "study_group": cohort.has_study_group,
                }
                doc = tantivy.Document(
                    offering=record.id,
                    title=title,
                    stems=stems,
                    words=words,
                    subject=record.subject or "-",
                    level=str(record.level or "-"),
                    duration=columns.duration_of(cohort),
                    mode=cohort.mode,
                    pace=cohort.pace or "-",
                    language=record.language,
                    lat=cohort.lat if cohort.lat is not None else -999.0,
                    lon=cohort.lon if cohort.lon is not None else -999.0,
                    price=cohort.price if cohort.price is not None else 1e12,
                    start=cohort.start.toordinal(),
                    **{name: "yes" if on else "no" for name, on in flags.items()},
                )
                for kind in cohort.schedule or ("-",):
                    doc.add_text("schedule", kind)
                for kind in record.funding or ("-",):
                    doc.add_text("funding", kind)
                for slug in record.organisations | ({cohort.centre} if cohort.centre else set()):
                    doc.add_text("organisation", slug)
                for tag in record.campaigns or ("-",):
                    doc.add_text("campaign", tag)
                writer.add_document(doc)
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.text_index = source

    def _filters(self, criteria: Criteria, skip: str) -> list[tuple[Any, Any]]:
        q = tantivy.Query
        parts: list[tuple[Any, Any]] = []
        for attribute, name in _BASELINE_FACETS.items():
            chosen = getattr(criteria, attribute)
            values = ({"yes"} if chosen else set()) if attribute in _BOOLEANS else chosen
            if values and name != skip:
                parts.append(
                    (
                        tantivy.Occur.Must,
                        q.boolean_query(
                            [
                                (tantivy.Occur.Should, q.term_query(self.schema, name, v))
                                for v in sorted(values)
                            ]
                        ),
                    )
                )
        if criteria.price_max is not None:
            parts.append(
                (
                    tantivy.Occur.Must,
                    q.range_query(
                        self.schema, "price", tantivy.FieldType.Float, 0.0, criteria.price_max
                    ),
                )
            )
        if criteria.place is not None:
            box = bounding_box(Point(criteria.place.lat, criteria.place.lon), criteria.radius_km)
            near = q.range_query(
                self.schema, "lat", tantivy.FieldType.Float, box.min_lat, box.max_lat
            )
            if box.min_lon is not None and box.max_lon is not None:
                near = q.boolean_query(
                    [
                        (tantivy.Occur.Must, near),
                        (
                            tantivy.Occur.Must,
                            q.range_query(
                                self.schema,
                                "lon",
                                tantivy.FieldType.Float,
                                box.min_lon,
                                box.max_lon,
                            ),
                        ),
                    ]
                )
            if not criteria.exclude_online:
                near = q.boolean_query(
                    [
                        (tantivy.Occur.Should, near),
                        (tantivy.Occur.Should, q.term_query(self.schema, "mode", "online")),
                    ]
                )
            parts.append((tantivy.Occur.Must, near))
        return parts

    @staticmethod
    def _aggregation(name: str) -> dict[str, Any]:
        return {
            "terms": {"field": name, "size": 1000},
            "aggs": {"offerings": {"cardinality": {"field": "offering"}}},
        }

    def run(self, criteria: Criteria) -> dict[str, Any]:
        words = analysis.analyse_query(criteria.text)
        text = self.text_index.text_query(words, fuzzy=False)
        searcher = self.index.searcher()
        everything = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, text), *self._filters(criteria, skip="")]
        )
        hits = searcher.search(everything, limit=20).hits
        result: dict[str, Any] = {"top": len(hits)}
        chosen = {
            name for attribute, name in _BASELINE_FACETS.items() if getattr(criteria, attribute)
        }
        shared = {n: self._aggregation(n) for n in _BASELINE_FACETS.values() if n not in chosen}
        result.update(searcher.aggregate(everything, shared))
        for name in sorted(chosen):
            query = tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, text), *self._filters(criteria, skip=name)]
            )
            result.update(searcher.aggregate(query, {name: self._aggregation(name)}))
        return result


def _texts(offering_ids: list[int]) -> dict[int, tuple[str, str, str]]:
    """The analysed title, stems and words of each offering, as the main index makes them."""
    out: dict[int, tuple[str, str, str]] = {}
    for offering in Offering.objects.filter(pk__in=offering_ids).select_related("provider"):
        doc = index._document(offering)
        out[offering.pk] = (
            str(doc.get_first("title") or ""),
            str(doc.get_first("stems") or ""),
            str(doc.get_first("words") or ""),
        )
    return out


# --- Running and reporting ----------------------------------------------------------------


@dataclass
class Timing:
    name: str
    samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else math.nan

    @property
    def p95(self) -> float:
        if not self.samples:
            return math.nan
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def _time(call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


LAST_RUN: dict[str, Any] = {}


def run(
    *, offerings: int, seed: int = 1, progress: Callable[[str], None] = print
) -> dict[str, Any]:
    """Generate, index and measure on the current database; returns the figures."""
    database = connection.vendor
    progress(f"{database}: generating {offerings} offerings")
    catalogue = generate(offerings=offerings, seed=seed)
    # Planner statistics, as a live database has them (autovacuum, or SQLite's ANALYZE).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    progress(
        f"{database}: {catalogue.offerings} offerings, {catalogue.cohorts} cohorts "
        f"in {catalogue.seconds:.1f} s; building the index"
    )
    started = time.perf_counter()
    main = index.rebuild()
    build_seconds = time.perf_counter() - started
    progress(f"{database}: index built in {build_seconds:.1f} s; building the baseline")
    started = time.perf_counter()
    baseline = Baseline(main, _texts(list(main.records)), today=timezone.localdate())
    baseline_seconds = time.perf_counter() - started
    queries = fixed_queries(catalogue)
    full, like, raw = (
        Timing("a: full search"),
        Timing("b: Tantivy baseline"),
        Timing("c: raw top-20"),
    )
    results: list[int] = []
    for criteria in queries:
        results.append(search(criteria).total)
        # Each query REPEATS times, a, b and c in turn, keeping each one's median: a pause of
        # the machine (it is shared) then spoils one sample, not the query's figure.
        samples: tuple[list[float], list[float], list[float]] = ([], [], [])
        for _ in range(REPEATS):
            samples[0].append(_time(partial(search, criteria)))
            samples[1].append(_time(partial(baseline.run, criteria)))
            samples[2].append(_time(partial(main.top, criteria.text, 20)))
        for timing, taken in zip((full, like, raw), samples, strict=True):
            timing.samples.append(statistics.median(taken))
    # What later sections of ``make bench`` (matching) reuse from this run.
    LAST_RUN.update(
        {
            "words": catalogue.words,
            "places": catalogue.municipalities,
            "queries": queries,
            "totals": results,
        }
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    progress(f"{database}: {len(queries)} queries measured")
    return {
        "database": database,
        "offerings": catalogue.offerings,
        "cohorts": catalogue.cohorts,
        "distinct_words": len(catalogue.words),
        "queries": len(queries),
        "generate_seconds": round(catalogue.seconds, 1),
        "index_build_seconds": round(build_seconds, 1),
        "baseline_build_seconds": round(baseline_seconds, 1),
        "peak_memory_mb": round(peak_mb),
        "mean_results": round(statistics.mean(results), 1) if results else 0,
        "timings": {
            t.name: {"median_ms": round(t.median, 3), "p95_ms": round(t.p95, 3)}
            for t in (full, like, raw)
        },
        "ratios": {
            "a/b median": round(full.median / like.median, 2),
            "a/b p95": round(full.p95 / like.p95, 2),
            "a/c median": round(full.median / raw.median, 2),
            "a/c p95": round(full.p95 / raw.p95, 2),
        },
    }
