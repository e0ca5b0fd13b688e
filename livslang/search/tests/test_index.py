"""The in-memory index: built from the database, kept current from the change log."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import transaction

from livslang.catalog import services as catalog_services
from livslang.catalog.changes import record_changes
from livslang.catalog.models import ChangeAction, ChangeKind, CohortStatus, Mode, Offering
from livslang.catalog.testing import make_cohort, make_offering
from livslang.organisations.models import Role
from livslang.organisations.testing import make_member, make_organisation
from livslang.search.index import SearchIndex, current_index
from livslang.search.queries import Criteria, search

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


def pairs(name: str) -> list[tuple[str, str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            left, right = line.split("\t")
            rows.append((left, right))
    return rows


def found(text: str = "", **criteria: object) -> list[str]:
    return [row.title for row in search(Criteria(text=text, **criteria)).rows]  # type: ignore[arg-type]


@pytest.mark.parametrize(("typo", "word"), pairs("typos.tsv"))
def test_a_typo_still_finds_the_word(typo: str, word: str) -> None:
    offering = make_offering(title=f"Kurs i {word}")
    make_cohort(offering)
    make_cohort(make_offering(title="Noe helt annet"))
    assert found(typo) == [offering.title]
    assert search(Criteria(text=typo)).fuzzy


@pytest.mark.parametrize(("typed", "word"), pairs("prefixes.tsv"))
def test_what_is_typed_so_far_finds_the_word(typed: str, word: str) -> None:
    offering = make_offering(title=f"{word} for voksne")
    make_cohort(offering)
    assert found(typed) == [offering.title]
    # A finished word is no prefix any more (unless it is a word of its own).
    assert found(typed + " ") in ([], [offering.title])


def test_words_must_all_match() -> None:
    make_cohort(make_offering(title="Ledelse i helse"))
    make_cohort(make_offering(title="Ledelse i bygg"))
    assert found("ledelse helse ") == ["Ledelse i helse"]


def test_the_title_counts_more_than_the_description() -> None:
    make_cohort(make_offering(title="Bygg og anlegg", description="Litt om regnskap også."))
    make_cohort(make_offering(title="Regnskap for bønder", description="Tall."))
    assert found("regnskap ")[0] == "Regnskap for bønder"


def editor():
    centre = make_organisation(name="Senter for søk")
    return centre, make_member(centre, Role.EDITOR).user


def offering_data(title: str, centre) -> dict:
    return {
        "title": title,
        "description": "Et kurs.",
        "language": "nb",
        "provider": centre,
    }


def test_the_index_catches_up_with_create_update_unpublish_and_delete() -> None:
    centre, user = editor()
    assert found("akvakultur ") == []
    index = current_index()
    offering = catalog_services.create_offering(
        actor=user, owner=centre, data=offering_data("Akvakultur for røktere", centre)
    )
    cohort = catalog_services.create_cohort(
        actor=user,
        offering=offering,
        data={
            "mode": Mode.ONLINE,
            "country": "NO",
            "start_date": "2031-01-10",
            "end_date": "2031-03-01",
            "schedule_evening": True,
        },
    )
    catalog_services.publish_offering(actor=user, offering=offering)
    assert current_index() is index  # caught up, not rebuilt
    assert found("akvakultur ") == ["Akvakultur for røktere"]

    catalog_services.update_offering(
        actor=user, offering=offering, data=offering_data("Havbruk for røktere", centre)
    )
    assert found("akvakultur ") == []
    assert found("havbruk ") == ["Havbruk for røktere"]

    catalog_services.set_cohort_status(actor=user, cohort=cohort, status=CohortStatus.CANCELLED)
    assert found("havbruk ") == []  # no cohort one can still join

    other = make_cohort(Offering.objects.get(pk=offering.pk), mode=Mode.ONLINE)
    with transaction.atomic():  # as an import deletes a cohort
        public_id = other.public_id
        other.delete()
        record_changes([(ChangeKind.COHORT, public_id, ChangeAction.DELETED)])
    assert found("havbruk ") == []

    second = catalog_services.create_cohort(
        actor=user,
        offering=Offering.objects.get(pk=offering.pk),
        data={
            "mode": Mode.ONLINE,
            "country": "NO",
            "start_date": "2031-02-10",
            "end_date": "2031-03-01",
            "schedule_daytime": True,
        },
    )
    assert found("havbruk ") == ["Havbruk for røktere"]
    rebuilt = SearchIndex.build()
    assert rebuilt.records == index.records
    assert rebuilt.sequence == index.sequence

    catalog_services.unpublish_offering(actor=user, offering=Offering.objects.get(pk=offering.pk))
    assert found("havbruk ") == []
    assert offering.pk not in index.records
    assert second.public_id not in index.cohort_offering
    assert current_index() is index


def test_a_renamed_provider_is_shown_by_its_new_name() -> None:
    """Result rows and the provider facet take the provider's name from the index; a rename
    records the provider's offerings in the change log, so the next search shows it."""
    from livslang.organisations.services import update_organisation

    centre, user = editor()
    make_cohort(make_offering(centre, title="Sveising for alle"))
    current_index()
    before = search(Criteria(text="sveising"))
    assert [row.provider for row in before.rows] == ["Senter for søk"]
    update_organisation(actor=user, organisation=centre, name="Nytt senter")
    after = search(Criteria(text="sveising"))
    assert [row.provider for row in after.rows] == ["Nytt senter"]
    labels = {o.label for f in after.facets if f.name == "organisations" for o in f.options}
    assert "Nytt senter" in labels
