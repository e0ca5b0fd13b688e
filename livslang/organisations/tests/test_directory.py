"""The public directory: filters, search, paging, constant query count, htmx partial."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from livslang.organisations.models import Kind, Status
from livslang.organisations.testing import make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations(db: None) -> None:
    make_organisation(Kind.CENTRE, "5530", name="Studiesenteret Finnsnes")
    make_organisation(Kind.PROVIDER, "5501", name="UiT Norges arktiske universitet")
    make_organisation(Kind.EMPLOYER, "5601", name="ALTA BYGG ØST AS")
    make_organisation(Kind.CENTRE, "370", name="VUC Storstrøm")
    make_organisation(Kind.PROVIDER, "0301", name="Pending College", status=Status.PENDING)
    make_organisation(Kind.PROVIDER, "0301", name="Rejected College", status=Status.REJECTED)


def names(response) -> list[str]:
    return [o.name for o in response.context["page"].object_list]


def test_lists_approved_organisations_only(client: Client, organisations: None) -> None:
    response = client.get("/organisations/")
    assert response.status_code == 200
    assert names(response) == [
        "ALTA BYGG ØST AS",
        "Studiesenteret Finnsnes",
        "UiT Norges arktiske universitet",
        "VUC Storstrøm",
    ]
    assert "Pending College" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=centre", ["Studiesenteret Finnsnes", "VUC Storstrøm"]),
        ("region=55", ["Studiesenteret Finnsnes", "UiT Norges arktiske universitet"]),
        ("region=1085", ["VUC Storstrøm"]),
        ("municipality=5601", ["ALTA BYGG ØST AS"]),
        ("q=arktiske", ["UiT Norges arktiske universitet"]),
        ("q=bygg+øst", ["ALTA BYGG ØST AS"]),  # case-folded beyond ASCII
        ("q=STORSTRØM", ["VUC Storstrøm"]),
        ("kind=centre&region=55", ["Studiesenteret Finnsnes"]),
        ("q=nothing+like+this", []),
    ],
)
def test_filters_and_search(
    client: Client, organisations: None, query: str, expected: list[str]
) -> None:
    response = client.get(f"/organisations/?{query}")
    assert response.status_code == 200
    assert names(response) == expected


def test_a_wrong_filter_value_is_reported_and_ignored(client: Client, organisations: None) -> None:
    response = client.get("/organisations/?kind=castle&region=55")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="error-summary"' in body
    assert names(response) == ["Studiesenteret Finnsnes", "UiT Norges arktiske universitet"]


def _queries_for(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_the_results(client: Client) -> None:
    for number in range(3):
        make_organisation(Kind.CENTRE, "5530", name=f"Centre {number}")
    few = _queries_for(client, "/organisations/")
    for number in range(3, 30):
        code = ("5530", "5501", "5601", "370")[number % 4]
        make_organisation(Kind.CENTRE, code, name=f"Centre {number}")
    many = _queries_for(client, "/organisations/")
    assert many == few
    assert _queries_for(client, "/organisations/?page=2") == few


def test_pages_of_25(client: Client) -> None:
    for number in range(30):
        make_organisation(Kind.EMPLOYER, "5530", name=f"Employer {number:02d}")
    first = client.get("/organisations/")
    assert len(first.context["page"].object_list) == 25
    assert "page=2" in first.content.decode()
    second = client.get("/organisations/?kind=employer&page=2")
    assert len(second.context["page"].object_list) == 5
    assert "kind=employer&amp;page=1" in second.content.decode()


def test_htmx_gets_the_results_only(client: Client, organisations: None) -> None:
    response = client.get("/organisations/?kind=centre", headers={"hx-request": "true"})
    body = response.content.decode()
    assert "<html" not in body
    assert "VUC Storstrøm" in body
    assert "HX-Request" in response["Vary"]
    full = client.get("/organisations/?kind=centre")
    assert "<html" in full.content.decode()
    assert 'data-hx-get="/organisations/"' in full.content.decode()
