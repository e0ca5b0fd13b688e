"""The change log: which writes record which events, gap-free numbering under concurrent
writers on both databases, and the read queries built on the catalogue."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from livslang.catalog import changes, queries, services
from livslang.catalog.models import ChangeCounter, ChangeEvent, CohortStatus, Mode, OfferingStatus
from livslang.catalog.testing import make_cohort, make_offering
from livslang.organisations.models import Kind, Role
from livslang.organisations.testing import (
    SENJA,
    ensure_municipality,
    make_member,
    make_organisation,
)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def log() -> list[tuple[str, str, str]]:
    return [(e.kind, str(e.public_id), e.action) for e in ChangeEvent.objects.order_by("sequence")]


@pytest.mark.django_db
def test_offering_lifecycle_events() -> None:
    centre = make_organisation(Kind.CENTRE)
    editor = make_member(centre, Role.EDITOR).user
    offering = services.create_offering(actor=editor, owner=centre, data={"title": "Bygg"})
    draft_cohort = services.create_cohort(
        actor=editor,
        offering=offering,
        data={
            "mode": Mode.ONLINE,
            "start_date": "2031-01-10",
            "end_date": "2031-02-10",
            "seats": 5,
        },
    )
    services.update_offering(actor=editor, offering=offering, data={"title": "Bygg 2"})
    services.update_cohort(actor=editor, cohort=draft_cohort, data={"seats": 6})
    services.publish_offering(actor=editor, offering=offering)
    services.update_offering(actor=editor, offering=offering, data={"title": "Bygg 3"})
    services.set_cohort_status(actor=editor, cohort=draft_cohort, status=CohortStatus.OPEN)
    second = services.copy_cohort(actor=editor, cohort=draft_cohort)
    services.unpublish_offering(actor=editor, offering=offering)
    services.publish_offering(actor=editor, offering=offering)
    services.archive_offering(actor=editor, offering=offering)
    o, c1, c2 = str(offering.public_id), str(draft_cohort.public_id), str(second.public_id)
    assert log() == [
        ("offering", o, "created"),
        ("cohort", c1, "created"),
        # draft edits are not public: no events
        ("offering", o, "published"),
        ("cohort", c1, "published"),
        ("offering", o, "updated"),
        ("cohort", c1, "updated"),
        ("cohort", c2, "created"),
        ("cohort", c2, "published"),
        ("offering", o, "unpublished"),
        ("cohort", c1, "unpublished"),
        ("cohort", c2, "unpublished"),
        ("offering", o, "published"),
        ("cohort", c1, "published"),
        ("cohort", c2, "published"),
        ("offering", o, "unpublished"),
        ("cohort", c1, "unpublished"),
        ("cohort", c2, "unpublished"),
    ]
    sequences = list(ChangeEvent.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, len(sequences) + 1))
    assert changes.last_sequence() == len(sequences)


@pytest.mark.django_db
def test_copy_offering_records_created_events() -> None:
    centre = make_organisation(Kind.CENTRE)
    editor = make_member(centre, Role.EDITOR).user
    offering = make_offering(owner=centre)
    make_cohort(offering)
    make_cohort(offering)
    copy = services.copy_offering(actor=editor, offering=offering)
    assert [(k, a) for k, _, a in log()] == [
        ("offering", "created"),
        ("cohort", "created"),
        ("cohort", "created"),
    ]
    assert log()[0][1] == str(copy.public_id)


@pytest.mark.django_db
def test_a_rolled_back_write_gives_its_number_back() -> None:
    offering = make_offering()
    with pytest.raises(RuntimeError), transaction.atomic():
        changes.record_change(kind="offering", public_id=offering.public_id, action="updated")
        raise RuntimeError
    event = changes.record_change(kind="offering", public_id=offering.public_id, action="updated")
    assert event.sequence == 1


@pytest.mark.django_db
def test_failed_validation_records_nothing() -> None:
    centre = make_organisation(Kind.CENTRE)
    editor = make_member(centre, Role.EDITOR).user
    offering = make_offering(owner=centre)
    with pytest.raises(Exception):  # noqa: B017 - the ValidationError is tested elsewhere
        services.create_cohort(actor=editor, offering=offering, data={"start_date": "x"})
    assert not ChangeEvent.objects.exists()


WRITERS = 8
WRITES_EACH = 10


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_let_a_reader_miss_or_repeat_an_event() -> None:
    """N threads each make M service writes while a reader follows the log. The reader must
    only ever see a contiguous run after the last number it saw: a gap that later fills
    (event 101 visible before 100) would make it skip an event for good."""
    centre = make_organisation(Kind.CENTRE)
    editor = make_member(centre, Role.EDITOR).user
    offerings = [make_offering(owner=centre, title=f"Kurs {i}") for i in range(WRITERS)]
    ChangeCounter.objects.get_or_create(pk=changes.COUNTER_ID)
    barrier = threading.Barrier(WRITERS + 1)
    done = threading.Event()
    errors: list[BaseException] = []
    batches: list[list[int]] = []
    problems: list[str] = []

    def write(index: int) -> None:
        try:
            barrier.wait()
            for j in range(WRITES_EACH):
                services.update_offering(
                    actor=editor, offering=offerings[index], data={"title": f"Kurs {index}.{j}"}
                )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    def read() -> None:
        last = 0
        try:
            barrier.wait()
            while True:
                finished = done.is_set()
                seen = [e.sequence for e in queries.changes_since(last, limit=1000)]
                if seen:
                    if seen != list(range(last + 1, last + 1 + len(seen))):
                        problems.append(f"after {last} read {seen}")
                    batches.append(seen)
                    last = seen[-1]
                if finished and not seen:
                    break
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    # The offerings were published by the factory; their edits are public "updated" events.
    assert all(o.status == OfferingStatus.PUBLISHED for o in offerings)
    threads = [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
    reader = threading.Thread(target=read)
    for thread in [*threads, reader]:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    done.set()
    reader.join(timeout=120)
    assert not errors, errors
    assert not problems, problems
    seen_all = [n for batch in batches for n in batch]
    total = WRITERS * WRITES_EACH
    assert seen_all == list(range(1, total + 1))  # nothing missed, nothing repeated
    assert sorted(ChangeEvent.objects.values_list("sequence", flat=True)) == seen_all
    assert changes.last_sequence() == total
    assert len(batches) >= 1, batches


# --- queries ---------------------------------------------------------------------------------


def _page_queries(cohorts: int) -> tuple[int, int]:
    centre = make_organisation(Kind.CENTRE)
    offering = make_offering(owner=centre, delivering_centres=[centre])
    for i in range(cohorts):
        mode = [Mode.ON_SITE, Mode.ONLINE, Mode.BLENDED][i % 3]
        groups = (
            [{"centre": centre, "municipality": ensure_municipality(SENJA)}]
            if mode != Mode.ON_SITE
            else None
        )
        make_cohort(offering, mode=mode, delivering_centre=centre, study_groups=groups)
    with CaptureQueriesContext(connection) as captured:
        page = queries.offering_page(offering.slug, offering.short_id)
        assert page is not None
        parts = [page.provider.name, page.owner.name, str(page.isced_field)]
        parts += [c.name for c in page.delivering_centres.all()]
        for cohort in queries.public_cohorts(page):
            parts.append(str(cohort.municipality and cohort.municipality.region))
            parts.append(str(cohort.delivering_centre))
            parts.append(str(cohort.seats_left))
            for group in cohort.study_groups.all():
                parts += [group.centre.name, group.municipality.region.name]
    return len(captured), len(parts)


@pytest.mark.django_db
def test_offering_page_query_count_does_not_grow_with_cohorts() -> None:
    few, _ = _page_queries(3)
    many, parts = _page_queries(30)
    assert few == many <= 5
    assert parts > 30


@pytest.mark.django_db
def test_offering_page_finds_by_short_id_and_slug() -> None:
    offering = make_offering(title="Velferdsteknologi")
    found = queries.offering_page("velferdsteknologi", offering.short_id)
    assert found == offering
    assert queries.offering_page("old-slug", offering.short_id.upper()) == offering
    assert queries.offering_page("velferdsteknologi", "zzzzzzzz") is None
    assert queries.offering_page("velferdsteknologi", "0000000") is None
    draft = make_offering(status=OfferingStatus.DRAFT)
    make_cohort(draft)
    page = queries.offering_page(draft.slug, draft.short_id)
    assert page == draft  # the caller decides who may see drafts
    assert queries.public_cohorts(page) == []


@pytest.mark.django_db
def test_newly_published_by_municipality_and_region() -> None:
    senja, tromso, alta = (ensure_municipality(c) for c in (SENJA, "5501", "5601"))
    centre = make_organisation(Kind.CENTRE)
    on_site = make_offering(owner=centre, title="I Senja")
    make_cohort(on_site, municipality=senja)
    online = make_offering(owner=centre, title="Nett med studierom i Alta")
    make_cohort(online, mode=Mode.ONLINE, study_groups=[{"centre": centre, "municipality": alta}])
    draft = make_offering(owner=centre, status=OfferingStatus.DRAFT)
    make_cohort(draft, municipality=senja)
    assert queries.newly_published(municipality_code=SENJA) == [on_site]
    assert queries.newly_published(municipality_code="5601") == [online]
    assert queries.newly_published(municipality_code=tromso.code) == []
    assert set(queries.newly_published(region_code="55")) == {on_site}
    assert set(queries.newly_published(region_code="56")) == {online}
    assert queries.newly_published(limit=1) == [online]  # newest first
    assert len(queries.newly_published()) == 2


@pytest.mark.django_db
def test_changes_since_pages_through_the_log() -> None:
    offering = make_offering()
    with transaction.atomic():
        changes.record_changes([("offering", offering.public_id, "updated")] * 5)
    assert [e.sequence for e in queries.changes_since(0, limit=2)] == [1, 2]
    assert [e.sequence for e in queries.changes_since(2)] == [3, 4, 5]
    assert queries.changes_since(5) == []
