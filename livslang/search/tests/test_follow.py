"""Following a result settles a search (issue "Catalogue II", search log): the result links go
through /search/follow/<offering>/?<search state>, which logs the search like every settled
search (scrubbed, once per visitor and search in 30 minutes, rate-limited) and redirects to the
offering's page. No cookie, no JavaScript needed."""

from __future__ import annotations

import datetime as dt
import html
import re
import uuid
from typing import Any

import pytest
import time_machine
from django.test import Client

from livslang.catalog.models import OfferingStatus
from livslang.catalog.testing import make_cohort, make_offering
from livslang.search.models import SearchLogEntry

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="(/search/follow/[^"]+)"')


def visitor(address: str = "192.0.2.1") -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR=address)


def links(response: Any) -> list[str]:
    """The result links of a results page, as a browser reads them (entities decoded)."""
    return [html.unescape(href) for href in LINK.findall(response.content.decode())]


def logged() -> list[Any]:
    return list(SearchLogEntry.objects.order_by("pk").values("query", "filters", "result_count"))


def test_following_a_result_after_typing_logs_the_search_once() -> None:
    offering = make_offering(title="Sveising for nybegynnere")
    make_cohort(offering)
    make_cohort(make_offering(title="Sveising videregående"))
    # Typing: htmx keystroke requests, none of them logged.
    for typed in ("sv", "svei", "sveis"):
        typing = visitor().get(f"/search/?q={typed}&place=&modes=", HTTP_HX_REQUEST="true")
    assert logged() == []
    link = next(href for href in links(typing) if str(offering.public_id) in href)
    assert link == f"/search/follow/{offering.public_id}/?q=sveis&place=&modes="

    followed = visitor().get(link)

    assert followed.status_code == 302
    assert followed["Location"] == offering.get_absolute_url()
    assert not followed.cookies
    assert "Set-Cookie" not in followed
    assert logged() == [{"query": "sveis", "filters": {}, "result_count": 2}]
    # The offering page itself is where it always was.
    assert visitor().get(followed["Location"]).status_code == 200


def test_following_twice_within_half_an_hour_logs_once() -> None:
    offering = make_offering(title="Sveising")
    make_cohort(offering)
    link = f"/search/follow/{offering.public_id}/?q=sveising&modes=on_site"
    with time_machine.travel(dt.datetime(2030, 3, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        assert visitor().get(link).status_code == 302
    with time_machine.travel(dt.datetime(2030, 3, 1, 10, 29, tzinfo=dt.UTC), tick=False):
        assert visitor().get(link).status_code == 302
        visitor("192.0.2.2").get(link)  # someone else
    with time_machine.travel(dt.datetime(2030, 3, 1, 10, 31, tzinfo=dt.UTC), tick=False):
        visitor().get(link)  # half an hour later
    entry = {"query": "sveising", "filters": {"modes": ["on_site"]}, "result_count": 1}
    assert logged() == [entry, entry, entry]


def test_a_submitted_search_and_a_followed_result_are_one_entry() -> None:
    offering = make_offering(title="Sveising")
    make_cohort(offering)
    submitted = visitor().get("/search/?q=sveising&go=1", HTTP_HX_REQUEST="true")
    [link] = links(submitted)
    assert visitor().get(link)["Location"] == offering.get_absolute_url()
    assert logged() == [{"query": "sveising", "filters": {}, "result_count": 1}]


def test_the_link_is_escaped_html_and_keeps_the_whole_state() -> None:
    make_cohort(make_offering(title="Sveising"))
    # A place nobody knows is reported beside its field; the search runs with the rest.
    page = visitor().get("/search/?q=sveis&place=a%22%3E%26b&modes=on_site&page=1")
    [raw] = LINK.findall(page.content.decode())
    assert raw.endswith("?q=sveis&amp;place=a%22%3E%26b&amp;modes=on_site")
    assert "page=" not in raw  # the state of the search, not of its paging
    followed = visitor().get(html.unescape(raw))
    assert followed.status_code == 302
    # The full page load was logged already: following its result is the same search.
    assert logged() == [{"query": "sveis", "filters": {"modes": ["on_site"]}, "result_count": 1}]


def test_unknown_and_unpublished_offerings_are_not_found() -> None:
    draft = make_offering(title="Utkast", status=OfferingStatus.DRAFT)
    assert visitor().get(f"/search/follow/{uuid.uuid4()}/?q=sveis").status_code == 404
    assert visitor().get(f"/search/follow/{draft.public_id}/?q=sveis").status_code == 404
    assert visitor().get("/search/follow/not-a-uuid/?q=sveis").status_code == 404
    assert logged() == []


def test_a_malformed_state_still_redirects_and_logs_only_what_is_valid() -> None:
    offering = make_offering(title="Sveising")
    make_cohort(offering)
    state = (
        "q=sveis+kari%40example.no+91234567&modes=teleport&price_max=cheap&radius=-4"
        "&start_from=yesterday&organisations=%3Cscript%3E&page=x&place=0000"
    )
    followed = visitor().get(f"/search/follow/{offering.public_id}/?{state}")
    assert followed["Location"] == offering.get_absolute_url()
    # The words as typed found nothing; only the log leaves out the e-mail and the digits.
    assert logged() == [{"query": "sveis", "filters": {}, "result_count": 0}]
    # A link without any state is no search: nothing to log.
    assert visitor().get(f"/search/follow/{offering.public_id}/").status_code == 302
    assert len(logged()) == 1


def test_over_the_rate_limit_the_visitor_still_gets_there_unlogged(settings: Any) -> None:
    settings.SEARCH_RATE_LIMIT = (2, 60)
    offering = make_offering(title="Sveising")
    make_cohort(offering)
    visitor().get("/search/?q=sv", HTTP_HX_REQUEST="true")
    visitor().get("/search/?q=sve", HTTP_HX_REQUEST="true")
    followed = visitor().get(f"/search/follow/{offering.public_id}/?q=sve")
    assert followed.status_code == 302
    assert followed["Location"] == offering.get_absolute_url()
    assert logged() == []
    assert visitor().get("/search/?q=sve").status_code == 429  # the follow counted too
