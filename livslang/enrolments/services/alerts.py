"""Saved searches and interests: saving, unsubscribing, and the daily digest."""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from livslang.audit.services import record
from livslang.enrolments import queries
from livslang.enrolments.models import (
    SavedSearch,
)
from livslang.notify import absolute
from livslang.tasks import enqueue_on_commit

MAX_SAVED_SEARCHES = 20
UNSUBSCRIBE_SALT = "livslang.enrolments.unsubscribe"
SUBJECT_DIGEST = gettext_lazy("New courses for your saved searches")
# Parts of the search page's address that are not part of the search itself.
_NOT_STATE = ("page", "go", "csrfmiddlewaretoken")


def search_state(query: str) -> tuple[str, Any]:
    """The normalised search state of a search page address (``?`` optional) and the bound
    ``SearchForm``; ValidationError unless the form accepts it entirely and it asks for
    something."""
    from django.http import QueryDict

    from livslang.search.forms import SearchForm

    given = QueryDict(query.lstrip("?"))
    state = QueryDict(mutable=True)
    for name, values in sorted(given.lists()):
        kept = [v for v in values if v.strip()]
        if kept and name not in _NOT_STATE:
            state.setlist(name, kept)
    form = SearchForm(state)
    unknown = set(state) - set(form.fields)
    if not state or unknown:
        raise ValidationError(_("Search for something first, then save the search."))
    if not form.is_valid():
        raise ValidationError(_("Correct the search before saving it."))
    return state.urlencode(), form


def _name_of(form: Any) -> str:
    data = form.cleaned_data
    parts = [data["q"].strip()] if data.get("q", "").strip() else []
    if form.place_found is not None:
        parts.append(
            _("near %(place)s (%(radius)d km)")
            % {"place": data["place"].strip(), "radius": data["radius"]}
        )
    return (" ".join(parts) or _("Search with filters"))[:200]


def _audit_search(actor: Any, action: str, search: SavedSearch) -> None:
    record(
        actor=actor,
        action=action,
        object_type="enrolments.savedsearch",
        object_id=str(search.public_id),
        object_repr=search.name,
    )


def _keep(*, user: Any, offering: Any, query: str, name: str) -> SavedSearch:
    if user is None or not user.is_authenticated:
        raise PermissionDenied
    with transaction.atomic():
        existing = SavedSearch.objects.filter(user=user, offering=offering, query=query).first()
        if existing is not None:
            if existing.unsubscribed_at is not None:
                existing.unsubscribed_at = None
                existing.save(update_fields=["unsubscribed_at"])
            return existing
        if SavedSearch.objects.filter(user=user).count() >= MAX_SAVED_SEARCHES:
            raise ValidationError(
                _("You can keep at most %(count)d searches and interests. Remove one first.")
                % {"count": MAX_SAVED_SEARCHES}
            )
        search = SavedSearch(
            user=user, offering=offering, query=query, name=name, checked_until=timezone.now()
        )
        search.full_clean()
        search.save()
        _audit_search(user, "saved_search.create", search)
    return search


def save_search(*, user: Any, query: str) -> SavedSearch:
    """Keep the search of a search page address for ``user``, with a daily digest of new
    matches. Saving the same search again returns the saved one (subscribed again)."""
    state, form = search_state(query)
    return _keep(user=user, offering=None, query=state, name=_name_of(form))


def add_interest(*, user: Any, offering: Any, place: str, country: str, radius: int) -> SavedSearch:
    """An interest ("tell me when this runs near me"): the offering's new cohorts within
    ``radius`` km of ``place`` (a postcode or municipality), or online."""
    from django.http import QueryDict

    given = QueryDict(mutable=True)
    given.update({"place": place, "country": country, "radius": str(radius)})
    state, form = search_state(given.urlencode())
    if form.place_found is None:
        raise ValidationError(_("Give a postcode or municipality."))
    return _keep(user=user, offering=offering, query=state, name=offering.title[:200])


def remove_search(*, actor: Any, search: SavedSearch) -> None:
    if actor is None or not actor.is_authenticated or search.user_id != actor.pk:
        raise PermissionDenied
    with transaction.atomic():
        _audit_search(actor, "saved_search.delete", search)
        search.delete()


def unsubscribe_token(search: SavedSearch | None, *, user: Any) -> str:
    """A signed token for the one-click unsubscribe link of ``search`` (all of ``user``'s
    searches when None); it works without signing in and never expires."""
    return signing.dumps(
        {"u": str(user.public_id), "s": str(search.public_id) if search else "*"},
        salt=UNSUBSCRIBE_SALT,
    )


def unsubscribe_url(search: SavedSearch | None, *, user: Any) -> str:
    return absolute(reverse("enrolments:unsubscribe", args=[unsubscribe_token(search, user=user)]))


def searches_for_token(token: str) -> list[SavedSearch]:
    """The saved searches a token names; ValidationError for a token not made here."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        found = SavedSearch.objects.select_related("offering").filter(
            user__public_id=data["u"], user__is_active=True
        )
        if data["s"] != "*":
            found = found.filter(public_id=data["s"])
        return list(found)
    except (signing.BadSignature, KeyError, TypeError, ValueError, ValidationError) as error:
        raise ValidationError(_("This unsubscribe link is not valid.")) from error


def unsubscribe(*, searches: list[SavedSearch]) -> int:
    """Stop the digests of ``searches`` (from a signed link). Idempotent; returns how many
    stopped now."""
    now = timezone.now()
    stopped = 0
    with transaction.atomic():
        for search in searches:
            if search.unsubscribed_at is None:
                search.unsubscribed_at = now
                search.save(update_fields=["unsubscribed_at"])
                _audit_search(search.user, "saved_search.unsubscribe", search)
                stopped += 1
    return stopped


def delete_saved_searches(*, user: Any) -> int:
    """Erasure: every saved search and interest of ``user`` goes."""
    deleted, _per_model = SavedSearch.objects.filter(user=user).delete()
    return deleted


def criteria_of(search: SavedSearch) -> Any:
    """The search criteria a saved search stands for (place looked up again), or None when
    the search page would no longer accept its state (say, a place that stopped existing):
    such a search matches nothing rather than everything."""
    from django.http import QueryDict

    from livslang.search.forms import SearchForm

    form = SearchForm(QueryDict(search.query))
    return form.criteria() if form.is_valid() else None


def new_matches(search: SavedSearch, *, until: Any) -> list[int]:
    """Ids of the cohorts that became public after the search was last checked (up to
    ``until``) and match it: within the radius or online, for interests only the offering's."""
    from livslang.search.queries import matching_cohorts

    fresh = queries.cohorts_public_between(search.checked_until, until, offering=search.offering)
    criteria = criteria_of(search) if fresh else None
    if criteria is None:
        return []
    return matching_cohorts(criteria, cohort_ids=fresh)


def send_digests(*, now: Any = None) -> int:
    """Queue one digest e-mail per person with new matches for their subscribed searches; at
    most one a day per person (running again the same day sends nothing more). Returns how
    many e-mails were queued."""
    from livslang.enrolments.tasks import send_search_digest

    now = now or timezone.now()
    today = timezone.localdate(now)
    people = (
        SavedSearch.objects.subscribed()
        .filter(user__is_active=True)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )
    queued = 0
    for user_id in people:
        with transaction.atomic():
            searches = list(
                SavedSearch.objects.select_for_update(of=("self",))
                .filter(user_id=user_id)
                .select_related("offering", "user")
                .order_by("created_at", "pk")
            )
            sent = [s.last_sent_at for s in searches if s.last_sent_at is not None]
            if sent and timezone.localdate(max(sent)) == today:
                continue
            found: dict[str, list[int]] = {}
            for search in searches:
                if search.unsubscribed_at is not None:
                    continue
                matches = new_matches(search, until=now)
                if matches:
                    found[str(search.public_id)] = matches
                    search.last_sent_at = now
                search.checked_until = now
                search.save(update_fields=["checked_until", "last_sent_at"])
            if found:
                enqueue_on_commit(
                    send_search_digest,
                    user_id=str(searches[0].user.public_id),
                    found=found,
                )
                queued += 1
    return queued
