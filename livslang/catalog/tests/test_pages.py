"""The public offering page, its JSON-LD, the cohort address and the calendar files."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from livslang.catalog.models import CohortStatus, EnrolmentMethod, Mode, Offering, OfferingStatus
from livslang.catalog.testing import make_cohort, make_offering
from livslang.organisations.models import Kind, Organisation, Role
from livslang.organisations.testing import ensure_municipality, make_member, make_organisation

pytestmark = pytest.mark.django_db

START = date(2031, 3, 3)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> Client:
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def centre(db: None) -> Organisation:
    return make_organisation(Kind.CENTRE, "5530", slug="senja-centre", name="Senja Centre")


def rich_offering(centre: Organisation, **kw: Any) -> Offering:
    provider = make_organisation(Kind.PROVIDER, "5501", slug="uit", name="UiT & Co")
    offering = make_offering(
        centre,
        title="Helsefagarbeider </script> for voksne",
        description="Et kurs for voksne.\n\nAndre avsnitt <b>fet</b>.",
        language="nb",
        provider=provider,
        credits_value=Decimal("7.5"),
        credits_unit="ects",
        level_framework="nkr",
        level=5,
        delivering_centres=[centre],
        **kw,
    )
    make_cohort(
        offering,
        start_date=START,
        end_date=START + timedelta(days=60),
        venue_name="Finnsnes, Storgata 1",
        postcode="9300",
        step_free_access=True,
        application_deadline=START - timedelta(days=10),
    )
    make_cohort(
        offering,
        mode=Mode.ONLINE,
        start_date=START + timedelta(days=7),
        end_date=START + timedelta(days=90),
        price=None,
        seats=None,
        status=CohortStatus.PLANNED,
        enrolment_method=EnrolmentMethod.EXTERNAL,
        application_url="https://uit.example.no/apply",
        study_groups=[
            {"centre": centre, "municipality": ensure_municipality("5526"), "room": "Rom 2"}
        ],
    )
    make_cohort(offering, start_date=START + timedelta(days=14), status=CohortStatus.CANCELLED)
    return offering


def ld_json(html: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD in the page"
    return json.loads(match.group(1))


def test_offering_page_shows_everything(client: Client, centre: Organisation) -> None:
    offering = rich_offering(centre)
    response = client.get(offering.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "UiT &amp; Co" in html
    assert "Senja Centre" in html
    assert "7.5 ECTS credits" in html
    assert "NKR level 5" in html
    assert ">none<" in html.replace("\n", "").replace(" ", "") or "none" in html  # prerequisites
    assert "Online course with a local study room in Sørreisa" in html
    assert "cancelled" in html
    assert "https://uit.example.no/apply" in html
    # Open cohorts that sign people up in Livslang link to their sign-up page.
    open_cohorts = offering.cohorts.filter(status="open", enrolment_method="livslang")
    assert open_cohorts.exists()
    for cohort in open_cohorts:
        assert f"/cohorts/{cohort.public_id}/sign-up/" in html
    assert "20 seats, 20 left" in html
    assert "1500 NOK" in html
    assert "not given" in html  # the online cohort's price and seats
    for cohort in offering.cohorts.all():
        assert f'id="cohort-{cohort.public_id}"' in html
        assert f"/cohorts/{cohort.public_id}.ics" in html
    assert "<b>fet</b>" not in html and "&lt;b&gt;fet&lt;/b&gt;" in html
    assert 'type="application/atom+xml"' in html
    assert "/feeds/municipality/5530.atom" in html
    assert "/feeds/municipality/5526.atom" in html
    assert "/feeds/region/55.atom" in html


def test_a_foreign_language_description_is_marked(client: Client, centre: Organisation) -> None:
    """A11Y-05: text in another language than the page carries its own lang attribute."""
    offering = make_offering(centre, language="nb", description="Et kurs.")
    html = client.get(offering.get_absolute_url()).content.decode()
    assert re.search(r'<div class="prose"\s+lang="nb">', html)
    html_nb = Client(headers={"accept-language": "nb"}).get(offering.get_absolute_url())
    assert '<html lang="nb"' in html_nb.content.decode()
    assert 'lang="nb">' not in html_nb.content.decode().split("<main", 1)[1]


def test_optional_fields_show_not_given(client: Client, centre: Organisation) -> None:
    offering = make_offering(centre, prerequisites="")
    make_cohort(offering, price=None, seats=None, application_deadline=None)
    html = client.get(offering.get_absolute_url()).content.decode()
    assert html.count("not given") >= 6
    assert "Prerequisites" in html and "none" in html


def test_wrong_slug_redirects_to_the_canonical_address(client: Client, centre: Organisation):
    # A short id with letters, so its upper-case form differs (an all-digit one would not).
    public_id = uuid.UUID("abcdef12-3456-4789-8abc-def012345678")
    offering = make_offering(centre, title="Sveising", public_id=public_id)
    response = client.get(f"/offerings/old-name-{offering.short_id}/")
    assert response.status_code == 301
    assert response["Location"] == offering.get_absolute_url()
    assert client.get(f"/offerings/sveising-{offering.short_id.upper()}/").status_code == 301
    assert client.get("/offerings/sveising-00000000/").status_code == 404
    assert client.get("/offerings/sveising-xyz/").status_code == 404


@pytest.mark.parametrize("status", [OfferingStatus.DRAFT, OfferingStatus.ARCHIVED])
def test_drafts_are_seen_by_members_only(client: Client, centre: Organisation, status: str):
    offering = make_offering(centre, status=status)
    cohort = make_cohort(offering)
    url = offering.get_absolute_url()
    assert client.get(url).status_code == 404
    assert client.get(f"/cohorts/{cohort.public_id}.ics").status_code == 404
    assert client.get(f"/cohorts/{cohort.public_id}/").status_code == 404
    outsider = make_member(make_organisation(Kind.CENTRE, "5501"), Role.ADMIN).user
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(make_member(centre, Role.VIEWER).user)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Only the members of the organisation" in html
    assert 'name="robots" content="noindex"' in html
    assert "application/ld+json" not in html
    assert f'id="cohort-{cohort.public_id}"' in html


def test_json_ld_course(client: Client, centre: Organisation) -> None:
    offering = rich_offering(centre)
    html = client.get(offering.get_absolute_url()).content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert script is not None
    assert "</script" not in script.group(1) and "<" not in script.group(1)
    data = ld_json(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Course"
    assert data["name"] == offering.title  # the escaped "</script>" parses back
    assert data["description"].startswith("Et kurs for voksne.")
    assert data["inLanguage"] == "nb"
    assert data["provider"] == {
        "@type": "Organization",
        "name": "UiT & Co",
        "url": "http://testserver/organisations/uit/",
    }
    assert data["numberOfCredits"]["value"] == 7.5
    instances = data["hasCourseInstance"]
    assert len(instances) == 3
    on_site, online = instances[0], instances[1]
    assert {i["@type"] for i in instances} == {"CourseInstance"}
    assert on_site["courseMode"] == "onsite"
    assert on_site["startDate"] == START.isoformat()
    assert on_site["endDate"] == (START + timedelta(days=60)).isoformat()
    assert on_site["location"]["@type"] == "Place"
    assert on_site["location"]["address"] == {
        "@type": "PostalAddress",
        "addressCountry": "NO",
        "addressLocality": "Senja",
        "postalCode": "9300",
    }
    assert on_site["offers"] == {
        "@type": "Offer",
        "price": "1500.00",
        "priceCurrency": "NOK",
        "url": on_site["@id"],
        "validThrough": (START - timedelta(days=10)).isoformat(),
    }
    assert online["courseMode"] == "online"
    assert online["location"]["@type"] == "VirtualLocation"
    assert "offers" not in online


# offering with provider, owner and field; delivering centres; cohorts; their study groups;
# the study groups' centres are joined. Anonymous visitors need no session query.
PAGE_QUERIES = 4


def _offering_with_cohorts(centre: Organisation, count: int) -> Offering:
    offering = make_offering(centre, delivering_centres=[centre])
    for n in range(count):
        mode = Mode.ONLINE if n % 3 == 0 else Mode.ON_SITE
        groups = (
            [{"centre": centre, "municipality": ensure_municipality("5526")}]
            if mode == Mode.ONLINE
            else None
        )
        make_cohort(offering, mode=mode, study_groups=groups, delivering_centre=centre)
    return offering


@pytest.mark.parametrize("count", [3, 30])
def test_query_count_does_not_grow_with_cohorts(
    centre: Organisation, count: int, django_assert_num_queries: Any
) -> None:
    """LOAD-03: the page costs the same number of queries for 3 and for 30 cohorts."""
    offering = _offering_with_cohorts(centre, count)
    client = Client(headers={"accept-language": "en"})
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(offering.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="ds-card cohort"') == count


def test_query_count_for_a_signed_in_member_is_constant(centre: Organisation) -> None:
    client = Client(headers={"accept-language": "en"})
    client.force_login(make_member(centre, Role.EDITOR).user)
    costs = []
    for count in (3, 30):
        offering = _offering_with_cohorts(centre, count)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(offering.get_absolute_url()).status_code == 200
        costs.append(len(queries))
    assert costs[0] == costs[1]


def test_cohort_address_redirects_to_its_place_on_the_page(client: Client, centre: Organisation):
    offering = make_offering(centre)
    cohort = make_cohort(offering)
    response = client.get(f"/cohorts/{cohort.public_id}/")
    assert response.status_code == 301
    assert response["Location"] == f"{offering.get_absolute_url()}#cohort-{cohort.public_id}"


def test_page_methods(client: Client, centre: Organisation) -> None:
    offering = make_offering(centre)
    cohort = make_cohort(offering)
    assert client.post(offering.get_absolute_url()).status_code == 405
    assert client.post(f"/cohorts/{cohort.public_id}.ics").status_code == 405
    assert client.head(offering.get_absolute_url()).status_code == 200
