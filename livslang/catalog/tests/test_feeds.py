"""Atom feeds of newly published offerings (parsed back with feedparser) and the sitemap."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import feedparser
import pytest
from django.test import Client
from django.utils import timezone, translation

from livslang.catalog.models import Mode, OfferingStatus
from livslang.catalog.testing import make_cohort, make_offering
from livslang.organisations.models import Kind
from livslang.organisations.testing import ensure_municipality, make_organisation

pytestmark = pytest.mark.django_db
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> Client:
    return Client(headers={"accept-language": "en"})


def test_municipality_feed(client: Client) -> None:
    centre = make_organisation(Kind.CENTRE, "5530")
    now = timezone.now()
    older = make_offering(centre, title="Eldre kurs", published_at=now - dt.timedelta(days=2))
    make_cohort(older)  # in Senja
    newer = make_offering(centre, title="Nytt kurs & mer", published_at=now)
    make_cohort(
        newer,
        mode=Mode.ONLINE,
        study_groups=[{"centre": centre, "municipality": ensure_municipality("5530")}],
    )
    elsewhere = make_offering(centre, title="Annet sted")
    make_cohort(elsewhere, municipality=ensure_municipality("5501"))
    draft = make_offering(centre, title="Utkast", status=OfferingStatus.DRAFT)
    make_cohort(draft)

    response = client.get("/feeds/municipality/5530.atom")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert "Senja" in feed.feed.title
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Nytt kurs & mer", "Eldre kurs"]
    entry = feed.entries[0]
    assert entry.link == f"http://testserver{newer.get_absolute_url()}"
    assert entry.id == f"urn:uuid:{newer.public_id}"
    assert entry.updated_parsed is not None
    assert entry.summary


def test_region_feed(client: Client) -> None:
    centre = make_organisation(Kind.CENTRE, "5530")
    offering = make_offering(centre, title="Kurs i Troms")
    make_cohort(offering, municipality=ensure_municipality("5501"))
    response = client.get("/feeds/region/55.atom")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert [e.title for e in feed.entries] == ["Kurs i Troms"]
    assert feed.feed.id == "tag:livslang,2025:feeds/region/55"


def test_unknown_codes_are_404(client: Client) -> None:
    assert client.get("/feeds/municipality/9999.atom").status_code == 404
    assert client.get("/feeds/region/99.atom").status_code == 404


def test_sitemap_sections(client: Client) -> None:
    centre = make_organisation(Kind.CENTRE, "5530")
    published = make_offering(centre)
    cohort = make_cohort(published)
    draft = make_offering(centre, status=OfferingStatus.DRAFT)
    hidden = make_cohort(draft)

    index = client.get("/sitemap.xml").content.decode()
    assert "/sitemap-offerings.xml" in index and "/sitemap-cohorts.xml" in index

    offerings = ET.fromstring(client.get("/sitemap-offerings.xml").content)
    urls = [
        u.findtext("s:loc", namespaces=SITEMAP_NS) for u in offerings.findall("s:url", SITEMAP_NS)
    ]
    assert urls == [f"http://testserver{published.get_absolute_url()}"]
    assert offerings.find("s:url/s:lastmod", SITEMAP_NS) is not None

    cohorts = ET.fromstring(client.get("/sitemap-cohorts.xml").content)
    urls = [
        u.findtext("s:loc", namespaces=SITEMAP_NS) for u in cohorts.findall("s:url", SITEMAP_NS)
    ]
    assert urls == [f"http://testserver/cohorts/{cohort.public_id}/"]
    assert str(hidden.public_id) not in client.get("/sitemap-cohorts.xml").content.decode()
    assert cohorts.find("s:url/s:lastmod", SITEMAP_NS) is not None
