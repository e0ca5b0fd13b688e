"""Saved searches and interests: saving from the search page, "tell me when this runs near
me", the daily digest (only new matching cohorts, at most one e-mail a day), one-click
unsubscribe, and the person's own data (export, erasure)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail, signing
from django.core.cache import cache
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from livslang.accounts.models import User
from livslang.catalog.models import Cohort, Mode, Offering
from livslang.catalog.testing import make_cohort, make_offering, make_postcode
from livslang.enrolments import services
from livslang.enrolments.models import SavedSearch
from livslang.enrolments.tasks import send_search_digest
from livslang.enrolments.tests.conftest import as_user
from livslang.search.index import reset_index

pytestmark = pytest.mark.django_db

NEAR_FINNSNES = "q=sveising&place=9300&country=NO&radius=50"
BERGEN: dict[str, Any] = {"latitude": 60.39, "longitude": 5.32}  # about 1000 km from Finnsnes


@pytest.fixture(autouse=True)
def fresh_index(db: None) -> Iterator[None]:
    """No search index left from another test; no rate limits."""
    reset_index()
    cache.clear()
    make_postcode("9300")
    yield
    reset_index()


def saved(user: User, query: str = NEAR_FINNSNES) -> SavedSearch:
    """A search saved an hour ago: every cohort made in the test is new to it."""
    search = services.save_search(user=user, query=query)
    SavedSearch.objects.filter(pk=search.pk).update(
        checked_until=timezone.now() - timedelta(hours=1)
    )
    search.refresh_from_db()
    return search


def old(*cohorts: Cohort) -> None:
    """Make cohorts (and their offerings) public since long before any search was saved."""
    long_ago = timezone.now() - timedelta(days=30)
    for cohort in cohorts:
        Cohort.objects.filter(pk=cohort.pk).update(created_at=long_ago)
        Offering.objects.filter(pk=cohort.offering_id).update(published_at=long_ago)


def digests(now: Any = None) -> int:
    # The factories write cohorts straight to the database, past the catalogue's change log
    # that keeps the index current: build it afresh.
    reset_index()
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.send_digests(now=now or timezone.now())


def queued() -> list[dict[str, Any]]:
    rows = DBTaskResult.objects.filter(
        task_path="livslang.enrolments.tasks.send_search_digest"
    ).order_by("enqueued_at")
    return [r.args_kwargs["kwargs"] for r in rows]


def delivered() -> list[Any]:
    """Run the queued digest tasks as the worker would; the e-mails they sent."""
    mail.outbox.clear()
    for kwargs in queued():
        send_search_digest.call(**kwargs)
    return list(mail.outbox)


def found_titles(kwargs: dict[str, Any]) -> set[str]:
    ids = [pk for pks in kwargs["found"].values() for pk in pks]
    return set(Cohort.objects.filter(pk__in=ids).values_list("offering__title", flat=True))


# --- Saving a search ------------------------------------------------------------------------


def test_a_signed_in_person_saves_the_search_of_the_page(kari: User) -> None:
    client = as_user(kari)
    page = client.get(f"/search/?{NEAR_FINNSNES}").content.decode()
    assert "Save this search" in page and 'form="save-search-form"' in page
    response = client.post(
        reverse("enrolments:save_search"),
        {"query": f"{NEAR_FINNSNES}&page=3&go=1&price_max=&levels=3"},
    )
    search = SavedSearch.objects.get(user=kari)
    assert search.offering is None
    # The state is kept without paging, the submit button or empty fields.
    assert search.query == "country=NO&levels=3&place=9300&q=sveising&radius=50"
    assert search.name == "sveising near 9300 (50 km)"
    assert response["Location"] == f"/search/?{search.query}"
    # Saving it again keeps one.
    client.post(reverse("enrolments:save_search"), {"query": search.query})
    assert SavedSearch.objects.filter(user=kari).count() == 1
    mine = client.get(reverse("enrolments:mine")).content.decode()
    assert "sveising near 9300 (50 km)" in mine
    assert f"/search/?{search.query}".replace("&", "&amp;") in mine


@pytest.mark.parametrize(
    "query",
    [
        "",  # nothing asked for
        "page=2&go=1",  # nothing but paging
        "q=sveising&levels=99",  # not a level
        "q=sveising&place=Atlantis",  # no such place
        "q=sveising&start_from=2030-05-01&start_to=2030-01-01",  # latest before earliest
        "q=sveising&colour=blue",  # not a search field
    ],
)
def test_only_valid_search_states_are_saved(kari: User, query: str) -> None:
    response = as_user(kari).post(reverse("enrolments:save_search"), {"query": query}, follow=True)
    assert not SavedSearch.objects.exists()
    body = response.content.decode()
    assert "Correct the search before saving it." in body or "Search for something first" in body


def test_the_search_page_offers_saving_only_to_signed_in_people(kari: User) -> None:
    anonymous = as_user(None).get(f"/search/?{NEAR_FINNSNES}").content.decode()
    assert "Save this search" not in anonymous
    response = as_user(None).post(reverse("enrolments:save_search"), {"query": NEAR_FINNSNES})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not SavedSearch.objects.exists()


# --- Interest from the offering page --------------------------------------------------------


def test_tell_me_when_this_runs_near_me(kari: User, offering: Offering) -> None:
    User.objects.filter(pk=kari.pk).update(home_country="NO", home_postcode="9300")
    client = as_user(kari)
    page = client.get(offering.get_absolute_url()).content.decode()
    url = reverse("enrolments:interest", args=[offering.public_id])
    assert url in page and "Tell me when this runs near me" in page
    form = client.get(url).content.decode()
    assert 'value="9300"' in form  # the home place, ready to confirm
    response = client.post(url, {"place": "9300", "country": "NO", "radius": "30"})
    assert response["Location"] == reverse("enrolments:mine")
    interest = SavedSearch.objects.get(user=kari)
    assert interest.offering == offering and interest.name == "Velferdsteknologi"
    assert interest.query == "country=NO&place=9300&radius=30"
    mine = client.get(reverse("enrolments:mine")).content.decode()
    assert "when it runs near you" in mine and offering.get_absolute_url() in mine


def test_an_interest_needs_a_known_place(kari: User, offering: Offering) -> None:
    url = reverse("enrolments:interest", args=[offering.public_id])
    response = as_user(kari).post(url, {"place": "Atlantis", "country": "NO", "radius": "30"})
    assert response.status_code == 200
    assert "Atlantis" in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_no_interest_in_an_unpublished_offering(kari: User, offering: Offering) -> None:
    Offering.objects.filter(pk=offering.pk).update(status="draft")
    url = reverse("enrolments:interest", args=[offering.public_id])
    assert as_user(kari).get(url).status_code == 404


# --- The digest -----------------------------------------------------------------------------


def test_the_digest_has_only_new_matching_cohorts_within_the_radius_or_online(
    kari: User,
) -> None:
    before = make_cohort(make_offering(title="Sveising før"))
    old(before)
    saved(kari)
    make_cohort(make_offering(title="Sveising i Senja"))
    make_cohort(make_offering(title="Sveising på nett"), mode=Mode.ONLINE, municipality=None)
    make_cohort(make_offering(title="Sveising i Bergen"), municipality=None, **BERGEN)
    make_cohort(make_offering(title="Baking i Senja"))
    # A new cohort of an offering published long ago is new too.
    make_cohort(before.offering)
    assert digests() == 1
    [kwargs] = queued()
    assert found_titles(kwargs) == {"Sveising i Senja", "Sveising på nett", "Sveising før"}
    [message] = delivered()
    assert message.to == ["kari@example.org"]
    assert message.subject == "New courses for your saved searches"
    assert "Sveising i Senja" in message.body and "Sveising i Bergen" not in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert "/unsubscribe/" in message.body


def test_cohorts_of_an_offering_published_since_the_last_digest_are_new(kari: User) -> None:
    draft = make_offering(title="Sveising utkast", status="draft")
    make_cohort(draft)
    old(*Cohort.objects.filter(offering=draft))
    Offering.objects.filter(pk=draft.pk).update(published_at=None)
    saved(kari)
    assert digests() == 0  # not public yet
    Offering.objects.filter(pk=draft.pk).update(status="published", published_at=timezone.now())
    assert digests(timezone.now() + timedelta(days=1)) == 1
    assert found_titles(queued()[0]) == {"Sveising utkast"}


def test_an_interest_is_told_of_its_offering_only(kari: User, offering: Offering) -> None:
    Offering.objects.filter(pk=offering.pk).update(title="Sveising for voksne")
    with TestCase.captureOnCommitCallbacks(execute=True):
        interest = services.add_interest(
            user=kari, offering=offering, place="9300", country="NO", radius=50
        )
    SavedSearch.objects.filter(pk=interest.pk).update(
        checked_until=timezone.now() - timedelta(hours=1)
    )
    near = make_cohort(offering)
    online = make_cohort(offering, mode=Mode.ONLINE, municipality=None)
    make_cohort(offering, municipality=None, **BERGEN)
    make_cohort(make_offering(title="Sveising annet sted"))
    assert digests() == 1
    [kwargs] = queued()
    assert kwargs["found"] == {str(interest.public_id): sorted([near.pk, online.pk])}
    [message] = delivered()
    assert message.body.count("Sveising for voksne") >= 2  # the section and the cohorts


def test_at_most_one_digest_a_day_for_all_of_a_persons_searches(kari: User) -> None:
    # At local noon, so "five minutes later" is the same day whenever this runs (run at
    # 23:57 in Oslo it was the next day, and the test failed).
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    with time_machine.travel(noon, tick=True):
        _one_digest_a_day(kari)


def _one_digest_a_day(kari: User) -> None:
    saved(kari)
    saved(kari, "q=baking")
    make_cohort(make_offering(title="Sveising i Senja"))
    make_cohort(make_offering(title="Baking i Senja"))
    now = timezone.now()
    assert digests(now) == 1
    assert len(queued()[0]["found"]) == 2  # both searches in one e-mail
    make_cohort(make_offering(title="Sveising igjen"))
    assert digests(now + timedelta(minutes=5)) == 0  # the same day: nothing more
    assert len(queued()) == 1
    assert digests(now + timedelta(days=1)) == 1  # the next day: the one left over
    assert found_titles(queued()[1]) == {"Sveising igjen"}
    assert digests(now + timedelta(days=2)) == 0  # nothing new


def test_nothing_for_unsubscribed_searches(kari: User, ola: User) -> None:
    search = saved(kari)
    saved(ola)
    services.unsubscribe(searches=[search])
    make_cohort(make_offering(title="Sveising i Senja"))
    assert digests() == 1
    assert [m.to for m in delivered()] == [["ola@example.org"]]


def test_the_command_is_idempotent(kari: User) -> None:
    saved(kari)
    make_cohort(make_offering(title="Sveising i Senja"))
    outputs = []
    for _ in range(2):
        reset_index()
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("send_search_digests", stdout=(out := _Out()))
        outputs.append(out.text.strip())
    assert outputs == ["digests_queued=1", "digests_queued=0"]


class _Out:
    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


# --- Unsubscribing and removing -------------------------------------------------------------


def test_one_click_unsubscribe_without_signing_in(kari: User) -> None:
    search = saved(kari)
    url = reverse("enrolments:unsubscribe", args=[services.unsubscribe_token(search, user=kari)])
    anonymous = as_user(None)
    page = anonymous.get(url)
    assert page.status_code == 200 and search.name in page.content.decode()
    assert SavedSearch.objects.get(pk=search.pk).unsubscribed_at is None  # GET only asks
    done = anonymous.post(url)
    assert "you will get no more e-mails" in done.content.decode()
    assert SavedSearch.objects.get(pk=search.pk).unsubscribed_at is not None
    assert anonymous.post(url).status_code == 200  # twice is harmless


def test_the_link_in_the_header_stops_all_of_a_persons_searches(kari: User) -> None:
    first, second = saved(kari), saved(kari, "q=baking")
    url = reverse("enrolments:unsubscribe", args=[services.unsubscribe_token(None, user=kari)])
    as_user(None).post(url)
    assert not SavedSearch.objects.subscribed().filter(pk__in=[first.pk, second.pk]).exists()


def test_a_tampered_token_changes_nothing(kari: User) -> None:
    search = saved(kari)
    token = services.unsubscribe_token(search, user=kari)
    for bad in (token[:-2] + "xx", signing.dumps({"u": str(kari.public_id), "s": "*"}), "x"):
        response = as_user(None).post(reverse("enrolments:unsubscribe", args=[bad]))
        assert response.status_code == 404
        assert "This unsubscribe link is not valid." in response.content.decode()
    assert SavedSearch.objects.get(pk=search.pk).unsubscribed_at is None


def test_a_token_cannot_reach_another_persons_search(kari: User, ola: User) -> None:
    olas = saved(ola)
    # Even a correctly signed token naming Kari cannot stop Ola's search.
    token = signing.dumps(
        {"u": str(kari.public_id), "s": str(olas.public_id)}, salt=services.UNSUBSCRIBE_SALT
    )
    response = as_user(kari).post(reverse("enrolments:unsubscribe", args=[token]))
    assert "nothing left to stop" in response.content.decode()
    assert SavedSearch.objects.get(pk=olas.pk).unsubscribed_at is None
    # Nor can Kari remove it.
    remove = reverse("enrolments:remove_search", args=[olas.public_id])
    assert as_user(kari).post(remove).status_code == 404
    assert SavedSearch.objects.filter(pk=olas.pk).exists()


def test_removing_a_saved_search(kari: User) -> None:
    search = saved(kari)
    response = as_user(kari).post(reverse("enrolments:remove_search", args=[search.public_id]))
    assert response["Location"] == reverse("enrolments:mine")
    assert not SavedSearch.objects.exists()


# --- The person's own data ------------------------------------------------------------------


def test_export_and_erasure_include_saved_searches(kari: User, ola: User, offering: Any) -> None:
    saved(kari)
    services.add_interest(user=kari, offering=offering, place="9300", country="NO", radius=20)
    saved(ola)
    client = as_user(kari)
    data = json.loads(client.get(reverse("privacy:export")).content)
    assert sorted(s["kind"] for s in data["saved_searches"]) == ["interest", "search"]
    assert {s["course"] for s in data["saved_searches"]} == {None, "Velferdsteknologi"}
    assert "sveising near 9300" in client.get(reverse("privacy:data")).content.decode()
    client.post(reverse("privacy:erase"), {"confirm": "on"})
    assert not SavedSearch.objects.filter(user=kari).exists()
    assert SavedSearch.objects.filter(user=ola).count() == 1


def test_a_deactivated_account_gets_no_digest(kari: User) -> None:
    saved(kari)
    make_cohort(make_offering(title="Sveising i Senja"))
    User.objects.filter(pk=kari.pk).update(is_active=False)
    assert digests() == 0


def test_the_digest_task_skips_what_was_unsubscribed_meanwhile(kari: User) -> None:
    search = saved(kari)
    make_cohort(make_offering(title="Sveising i Senja"))
    assert digests() == 1
    services.unsubscribe(searches=[search])
    assert delivered() == []


def test_a_search_whose_place_is_gone_matches_nothing(kari: User) -> None:
    search = saved(kari)
    SavedSearch.objects.filter(pk=search.pk).update(query="q=sveising&place=Atlantis")
    make_cohort(make_offering(title="Sveising i Senja"))
    assert digests() == 0
