"""The search index: Tantivy in this process's memory, derived from the database.

Each process (gunicorn worker, task worker, test) keeps its own index: nothing is written to a
disk, so several app servers need nothing shared but the database. The index remembers the
last change-log sequence number it applied; ``current_index()`` catches up from the catalogue's
change log (one cheap query when nothing changed) before every search, so a search never
answers from a state older than the last committed change. A full rebuild from the database
gives the same index (tested).

Tantivy holds the analysed text of every published offering (fields ``title``, ``stems`` and
``words``, see ``analysis``); the filter and facet attributes of offerings and their searchable
cohorts are kept beside it as plain records (``OfferingRecord``, ``CohortRecord``) and as NumPy
columns (``columns.Columns``) that the filters and facet counts run over.
"""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Iterable

import numpy as np
import tantivy
from django.db.models import Prefetch

from livslang.catalog.models import (
    ChangeEvent,
    ChangeKind,
    Cohort,
    CohortStatus,
    LocalStudyGroup,
    Mode,
    Offering,
)
from livslang.catalog.queries import changes_since
from livslang.search import analysis
from livslang.search.columns import Array, Columns
from livslang.search.records import CohortRecord, Labels, OfferingRecord

__all__ = ["CohortRecord", "Labels", "OfferingRecord", "SearchIndex", "current_index"]

# Cohorts one can still join (or wait for); running, completed and cancelled ones are not
# searchable.
SEARCHABLE_STATUSES = (CohortStatus.PLANNED, CohortStatus.OPEN, CohortStatus.WILL_RUN)
# The strict analysis finding fewer offerings than this switches on the typo fallback.
FEW_HITS = 3
_CATCH_UP_BATCH = 1000
_BUILD_SLICE = 2000
_TITLE_BOOST = 3.0


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("offering_id", stored=False, indexed=True, fast=True)
    builder.add_text_field("title", tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("stems", tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("words", tokenizer_name="whitespace", index_option="basic")
    return builder.build()


def _searchable_cohorts() -> Prefetch:
    return Prefetch(
        "cohorts",
        queryset=Cohort.objects.filter(status__in=SEARCHABLE_STATUSES)
        .select_related("municipality", "delivering_centre")
        .prefetch_related(Prefetch("study_groups", queryset=LocalStudyGroup.objects.only("pk")))
        .order_by("start_date", "pk"),
        to_attr="searchable_cohorts",
    )


def _offerings(
    filter_ids: Iterable[uuid.UUID] | None = None, pks: list[int] | None = None
) -> list[Offering]:
    qs = Offering.objects.published()
    if filter_ids is not None:
        qs = qs.filter(public_id__in=list(filter_ids))
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    return list(
        qs.select_related("provider", "isced_field")
        .prefetch_related("delivering_centres", _searchable_cohorts())
        .order_by("pk")
    )


def _cohort_record(cohort: Cohort) -> CohortRecord:
    lat, lon = cohort.latitude, cohort.longitude
    if (lat is None or lon is None) and cohort.municipality is not None:
        lat, lon = cohort.municipality.settlement_lat, cohort.municipality.settlement_lon
    if cohort.mode == Mode.ONLINE:
        lat = lon = None
    return CohortRecord(
        id=cohort.pk,
        public_id=cohort.public_id,
        mode=cohort.mode,
        country=cohort.country,
        lat=lat,
        lon=lon,
        start=cohort.start_date,
        end=cohort.end_date,
        schedule=frozenset(cohort.schedule_kind_list),
        pace=cohort.pace,
        price=float(cohort.price) if cohort.price is not None else None,
        status=cohort.status,
        deadline=cohort.application_deadline,
        step_free=cohort.step_free_access,
        centre=cohort.delivering_centre.slug if cohort.delivering_centre else None,
        has_study_group=bool(cohort.study_groups.all()),
        municipality=cohort.municipality.name if cohort.municipality is not None else "",
    )


def _offering_record(offering: Offering, labels: Labels) -> OfferingRecord:
    funding = {
        name
        for name, on in (
            ("employer", offering.funding_employer),
            ("public_grant", offering.funding_public_grant),
            ("loan", offering.funding_loan),
        )
        if on
    }
    organisations = {offering.provider.slug}
    labels.organisations[offering.provider.slug] = offering.provider.name
    for centre in offering.delivering_centres.all():
        organisations.add(centre.slug)
        labels.organisations[centre.slug] = centre.name
    field_code = ""
    if offering.isced_field is not None:
        field_code = offering.isced_field.code[:2]
    cohorts = []
    for cohort in getattr(offering, "searchable_cohorts", []):
        if cohort.delivering_centre is not None:
            labels.organisations[cohort.delivering_centre.slug] = cohort.delivering_centre.name
        cohorts.append(_cohort_record(cohort))
    return OfferingRecord(
        id=offering.pk,
        public_id=offering.public_id,
        title=offering.title,
        subject=field_code,
        level=offering.level,
        credits=float(offering.credits_value) if offering.credits_value is not None else None,
        language=offering.language,
        funding=frozenset(funding),
        no_prerequisites=not offering.has_prerequisites,
        campaigns=frozenset(offering.campaign_tag_list),
        organisations=frozenset(organisations),
        cohorts=cohorts,
        provider=offering.provider.slug,
    )


def _document(offering: Offering) -> tantivy.Document:
    body = " ".join(
        [
            offering.description,
            " ".join(offering.topic_list),
            offering.target_group,
            offering.level_text,
            " ".join(offering.campaign_tag_list),
            offering.provider.name,
        ]
    )
    title_terms = analysis.analyse(offering.title)
    return tantivy.Document(
        offering_id=offering.pk,
        title=" ".join(title_terms),
        stems=" ".join(title_terms + analysis.analyse(body)),
        words=" ".join(analysis.surface_words(offering.title + " " + body)),
    )


def _field_labels() -> dict[str, tuple[str, str, str]]:
    from livslang.classifications.models import IscedField

    return {
        f.code: (f.name_en, f.name_nb, f.name_da)
        for f in IscedField.objects.broad().only("code", "name_en", "name_nb", "name_da")
    }


class SearchIndex:
    """One process's index. Use ``current_index()``; build a private one with ``build()``."""

    def __init__(self) -> None:
        self.schema = _schema()
        self.index = tantivy.Index(self.schema)
        self.records: dict[int, OfferingRecord] = {}
        self.columns = Columns()
        self.cohort_offering: dict[uuid.UUID, int] = {}
        self.labels = Labels()
        self.sequence = 0
        self.lock = threading.RLock()

    # --- building and catching up ----------------------------------------------------------

    @classmethod
    def build(cls) -> SearchIndex:
        """A complete index from the database, at the change-log position read first (a change
        committed while building is applied again by the next catch-up: applying is
        idempotent)."""
        from livslang.catalog.changes import last_sequence

        index = cls()
        index.sequence = last_sequence()
        index.labels.fields = _field_labels()
        writer = index.index.writer(heap_size=50_000_000, num_threads=1)
        # In slices, so a national catalogue never sits in memory as model objects at once.
        pks = list(Offering.objects.published().order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), _BUILD_SLICE):
            for offering in _offerings(pks=pks[start : start + _BUILD_SLICE]):
                index._remember(offering)
                writer.add_document(_document(offering))
        writer.commit()
        writer.wait_merging_threads()
        index.index.reload()
        return index

    def _remember(self, offering: Offering) -> None:
        self.put(_offering_record(offering, self.labels))

    def put(self, record: OfferingRecord) -> None:
        """Take in (or replace) the filter attributes of one offering (its text is indexed
        separately)."""
        with self.lock:
            self._forget(record.id)
            self.records[record.id] = record
            self.columns.put(record)
            for cohort in record.cohorts:
                self.cohort_offering[cohort.public_id] = record.id

    def _forget(self, offering_id: int) -> None:
        record = self.records.pop(offering_id, None)
        if record is not None:
            self.columns.remove(offering_id)
            for cohort in record.cohorts:
                self.cohort_offering.pop(cohort.public_id, None)

    def catch_up(self) -> int:
        """Apply the change-log events after ``sequence``; returns how many were applied."""
        applied = 0
        with self.lock:
            while True:
                events = changes_since(self.sequence, limit=_CATCH_UP_BATCH)
                if not events:
                    return applied
                self._apply(events)
                applied += len(events)
                self.sequence = events[-1].sequence
                if len(events) < _CATCH_UP_BATCH:
                    return applied

    def _apply(self, events: list[ChangeEvent]) -> None:
        offering_ids: set[uuid.UUID] = set()
        cohort_ids: set[uuid.UUID] = set()
        for event in events:
            if event.kind == ChangeKind.OFFERING:
                offering_ids.add(event.public_id)
            else:
                cohort_ids.add(event.public_id)
        stale: set[int] = set()
        if cohort_ids:
            found = dict(
                Cohort.objects.filter(public_id__in=cohort_ids).values_list(
                    "public_id", "offering__public_id"
                )
            )
            offering_ids.update(found.values())
            # A deleted cohort is known only to us: refresh the offering that had it.
            for public_id in cohort_ids - set(found):
                if public_id in self.cohort_offering:
                    stale.add(self.cohort_offering[public_id])
        by_public = {
            r.public_id: r.id for r in self.records.values() if r.public_id in offering_ids
        }
        stale.update(by_public.values())
        known_public = {r.public_id for r in self.records.values() if r.id in stale}
        fresh = _offerings(offering_ids | known_public)
        writer = self.index.writer(heap_size=15_000_000, num_threads=1)
        for offering_id in stale | {o.pk for o in fresh}:
            writer.delete_documents_by_term("offering_id", offering_id)
            self._forget(offering_id)
        for offering in fresh:
            self._remember(offering)
            writer.add_document(_document(offering))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()

    # --- text matching ---------------------------------------------------------------------

    def _word_query(self, word: analysis.QueryWord, *, fuzzy: bool) -> tantivy.Query:
        parts: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for stem in sorted(word.stems):
            parts.append(
                (tantivy.Occur.Should, tantivy.Query.term_query(self.schema, "stems", stem))
            )
            parts.append(
                (
                    tantivy.Occur.Should,
                    tantivy.Query.boost_query(
                        tantivy.Query.term_query(self.schema, "title", stem), _TITLE_BOOST
                    ),
                )
            )
        if word.partial and word.folded:
            pattern = re.escape(word.folded) + ".*"
            parts.append(
                (tantivy.Occur.Should, tantivy.Query.regex_query(self.schema, "words", pattern))
            )
        if fuzzy and len(word.folded) >= 4:
            distance = 2 if len(word.folded) >= 8 else 1
            parts.append(
                (
                    tantivy.Occur.Should,
                    tantivy.Query.fuzzy_term_query(
                        self.schema, "words", word.folded, distance=distance, prefix=word.partial
                    ),
                )
            )
        return tantivy.Query.boolean_query(parts)

    def text_query(self, words: list[analysis.QueryWord], *, fuzzy: bool) -> tantivy.Query:
        if not words:
            return tantivy.Query.all_query()
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, self._word_query(w, fuzzy=fuzzy)) for w in words]
        )

    def _run(self, query: tantivy.Query) -> tuple[Array, Array]:
        """The ids of every offering matching ``query`` and their scores."""
        searcher = self.index.searcher()
        total = searcher.num_docs
        if not total:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        hits = searcher.search(query, limit=total, count=False).hits
        if not hits:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        scores, addresses = zip(*hits, strict=True)
        ids = searcher.fast_field_values("offering_id", list(addresses))
        return np.array(ids, dtype=np.int64), np.array(scores, dtype=np.float64)

    def match(self, text: str) -> tuple[tuple[Array, Array] | None, bool]:
        """The ids of the offerings matching ``text`` with their scores, and whether the typo
        fallback was used. None when there is no text (every offering matches)."""
        words = analysis.analyse_query(text)
        if not words:
            return None, False
        with self.lock:
            ids, scores = self._run(self.text_query(words, fuzzy=False))
            if len(ids) >= FEW_HITS:
                return (ids, scores), False
            wide_ids, wide_scores = self._run(self.text_query(words, fuzzy=True))
            # Exact hits keep their lead.
            widened = dict(zip(wide_ids.tolist(), wide_scores.tolist(), strict=True))
            for offering_id, score in zip(ids.tolist(), scores.tolist(), strict=True):
                widened[offering_id] = widened.get(offering_id, 0.0) + score
            merged = (
                np.array(list(widened), dtype=np.int64),
                np.array(list(widened.values()), dtype=np.float64),
            )
            return merged, len(widened) > len(ids)

    def any_of(self, stems: list[str], limit: int) -> list[int]:
        """The ids of the ``limit`` offerings scoring best for any of the analysed ``stems``
        (an OR query, for the matcher's candidates); best first."""
        if not stems:
            return []
        query = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Should, tantivy.Query.term_query(self.schema, "stems", stem))
                for stem in sorted(set(stems))
            ]
        )
        with self.lock:
            searcher = self.index.searcher()
            hits = searcher.search(query, limit=limit).hits
            ids = searcher.fast_field_values("offering_id", [address for _s, address in hits])
        return [int(i or 0) for i in ids]

    def top(self, text: str, limit: int = 20) -> list[int]:
        """Raw text search: the ids of the ``limit`` best offerings (no filters)."""
        words = analysis.analyse_query(text)
        with self.lock:
            searcher = self.index.searcher()
            hits = searcher.search(self.text_query(words, fuzzy=False), limit=limit).hits
            ids = searcher.fast_field_values("offering_id", [address for _s, address in hits])
        return [int(i or 0) for i in ids]


_current: SearchIndex | None = None
_current_lock = threading.Lock()


def current_index(*, catch_up: bool = True) -> SearchIndex:
    """This process's index, built on first use and caught up with the change log (unless
    the caller checks the log itself, as ``queries.search`` does)."""
    global _current
    with _current_lock:
        if _current is None:
            _current = SearchIndex.build()
            return _current
        index = _current
    if catch_up:
        index.catch_up()
    return index


def reset_index() -> None:
    """Forget this process's index; the next search rebuilds it (tests, ``rebuild``)."""
    global _current
    with _current_lock:
        _current = None


def rebuild() -> SearchIndex:
    """Build a fresh index from the database and make it this process's index."""
    global _current
    index = SearchIndex.build()
    with _current_lock:
        _current = index
    return index
