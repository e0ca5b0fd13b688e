"""Signing up, cancelling and the waitlist — without ever overbooking.

Every write starts its transaction by locking the cohort's row (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite's IMMEDIATE transactions take the database's write lock at ``BEGIN``), so
two sign-ups for the last seat run one after the other: "count, then insert" without that
lock overbooks on PostgreSQL (QUALITY.md). The cohort's ``confirmed_count`` moves in the same
transaction as the enrolment rows, and the cohort's check constraint (confirmed ≤ seats) is
the backstop. E-mails are queued for the worker only when the transaction commits.
"""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from livslang.audit.services import record
from livslang.catalog.models import Cohort, CohortStatus, EnrolmentMethod, OfferingStatus
from livslang.enrolments import queries
from livslang.enrolments.models import (
    ACTIVE,
    Enrolment,
    EnrolmentStatus,
    PreRegistration,
    SavedSearch,
)
from livslang.notify import absolute, send
from livslang.privacy.services import record_access
from livslang.tasks import enqueue_on_commit

OBJECT_TYPE = "enrolments.enrolment"
SIGN_UP_STATUSES = (CohortStatus.OPEN, CohortStatus.WILL_RUN)
SUBJECT_CONFIRMED = gettext_lazy("You have a seat: %(course)s")
SUBJECT_WAITLISTED = gettext_lazy("You are on the waitlist: %(course)s")
SUBJECT_PROMOTED = gettext_lazy("A seat is yours: %(course)s")


class NotOpen(ValidationError):
    """The cohort does not take sign-ups (now, or in Livslang)."""


def _lock(cohort: Cohort) -> Cohort:
    return (
        Cohort.objects.select_for_update(of=("self",)).select_related("offering").get(pk=cohort.pk)
    )


def _check_open(cohort: Cohort, method: str) -> None:
    today = timezone.localdate()
    if cohort.enrolment_method != method:
        if method == EnrolmentMethod.LIVSLANG:
            raise NotOpen(_("You apply for this cohort at the provider, not in Livslang."))
        raise NotOpen(_("This cohort takes sign-ups in Livslang: sign up instead."))
    closed = cohort.offering.status != OfferingStatus.PUBLISHED
    closed |= cohort.status not in SIGN_UP_STATUSES
    # Signing up in Livslang needs a number of seats (the catalogue asks for it when opening).
    closed |= method == EnrolmentMethod.LIVSLANG and cohort.seats is None
    if closed:
        raise NotOpen(_("This cohort is not open for sign-up."))
    if cohort.application_deadline is not None and cohort.application_deadline < today:
        raise NotOpen(_("The deadline for signing up to this cohort has passed."))
    if cohort.start_date < today:
        raise NotOpen(_("This cohort has already started."))


def _audit(actor: Any, action: str, enrolment: Enrolment, changes: dict[str, Any]) -> None:
    record(
        actor=actor,
        action=action,
        object_type=OBJECT_TYPE,
        object_id=str(enrolment.public_id),
        object_repr=str(enrolment.cohort),
        changes=changes,
    )


def _tell(enrolment: Enrolment, template: str, subject: Any) -> None:
    learner = enrolment.learner
    if learner is None:
        return
    cohort = enrolment.cohort
    send(
        to=learner.email,
        language=learner.language,
        subject=subject,
        template=f"enrolments/email/{template}.txt",
        context={
            "course": cohort.offering.title,
            "cohort": cohort,
            "name": learner.full_name or learner.email,
            "position": waitlist_position(enrolment),
            "course_url": absolute(cohort.get_absolute_url()),
            "cancel_url": absolute(reverse("enrolments:cancel", args=[enrolment.public_id])),
            "mine_url": absolute(reverse("enrolments:mine")),
        },
    )


def waitlist_position(enrolment: Enrolment) -> int | None:
    """1 for the first in line; None unless waitlisted."""
    if enrolment.status != EnrolmentStatus.WAITLISTED or enrolment.waitlist_ticket is None:
        return None
    ahead = Enrolment.objects.filter(
        cohort_id=enrolment.cohort_id,
        status=EnrolmentStatus.WAITLISTED,
        waitlist_ticket__lt=enrolment.waitlist_ticket,
    ).count()
    return ahead + 1


def enrol(*, learner: Any, cohort: Cohort) -> Enrolment:
    """Sign ``learner`` up: a seat while one is free, else the end of the waitlist.

    Idempotent: someone already signed up (or waiting) gets their existing enrolment back,
    so a double submit never makes two.
    """
    if learner is None or not learner.is_authenticated:
        raise PermissionDenied
    with transaction.atomic():
        locked = _lock(cohort)
        existing = Enrolment.objects.filter(
            cohort=locked, learner=learner, status__in=ACTIVE
        ).first()
        if existing is not None:
            return existing
        _check_open(locked, EnrolmentMethod.LIVSLANG)
        now = timezone.now()
        if locked.seats is not None and locked.confirmed_count < locked.seats:
            Cohort.objects.filter(pk=locked.pk).update(confirmed_count=F("confirmed_count") + 1)
            enrolment = Enrolment.objects.create(
                cohort=locked, learner=learner, status=EnrolmentStatus.CONFIRMED, confirmed_at=now
            )
            template, subject = "confirmed", SUBJECT_CONFIRMED
        else:
            last = Enrolment.objects.filter(cohort=locked).aggregate(m=Max("waitlist_ticket"))["m"]
            enrolment = Enrolment.objects.create(
                cohort=locked,
                learner=learner,
                status=EnrolmentStatus.WAITLISTED,
                waitlist_ticket=(last or 0) + 1,
            )
            template, subject = "waitlisted", SUBJECT_WAITLISTED
        enrolment.cohort = locked
        _audit(learner, "enrolment.create", enrolment, {"status": enrolment.status})
        _tell(enrolment, template, subject)
    return enrolment


def _fill_seats(cohort: Cohort, actor: Any) -> list[Enrolment]:
    """Give free seats to the first in line. The cohort's row must be locked by the caller."""
    fresh = Cohort.objects.only("seats", "confirmed_count").get(pk=cohort.pk)
    if fresh.seats is None or cohort.status not in SIGN_UP_STATUSES:
        return []
    free = fresh.seats - fresh.confirmed_count
    if free <= 0:
        return []
    promoted = list(Enrolment.objects.filter(cohort=cohort).waitlist()[:free])
    now = timezone.now()
    for enrolment in promoted:
        enrolment.status = EnrolmentStatus.CONFIRMED
        enrolment.confirmed_at = now
        enrolment.promoted = True
        enrolment.save(update_fields=["status", "confirmed_at", "promoted"])
        enrolment.cohort = cohort
        _audit(actor, "enrolment.promote", enrolment, {"status": "waitlisted → confirmed"})
        _tell(enrolment, "promoted", SUBJECT_PROMOTED)
    if promoted:
        Cohort.objects.filter(pk=cohort.pk).update(
            confirmed_count=F("confirmed_count") + len(promoted)
        )
    return promoted


def cancel(*, actor: Any, enrolment: Enrolment) -> Enrolment:
    """The learner gives up their seat or place in line; the first in line gets the seat.

    Cancelling twice is harmless (the second does nothing)."""
    if actor is None or not actor.is_authenticated or enrolment.learner_id != actor.pk:
        raise PermissionDenied
    with transaction.atomic():
        locked_cohort = _lock(enrolment.cohort)
        locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if locked.status == EnrolmentStatus.CANCELLED:
            return locked
        was = locked.status
        locked.status = EnrolmentStatus.CANCELLED
        locked.cancelled_at = timezone.now()
        locked.save(update_fields=["status", "cancelled_at"])
        locked.cohort = locked_cohort
        _audit(actor, "enrolment.cancel", locked, {"status": f"{was} → cancelled"})
        if was == EnrolmentStatus.CONFIRMED:
            Cohort.objects.filter(pk=locked_cohort.pk).update(
                confirmed_count=F("confirmed_count") - 1
            )
            _fill_seats(locked_cohort, actor)
    return locked


def fill_from_waitlist(*, cohort: Cohort) -> list[Enrolment]:
    """After a cohort gets more seats: the first in line take them (e-mailed on commit)."""
    with transaction.atomic():
        locked = _lock(cohort)
        return _fill_seats(locked, None)


def pre_register(*, learner: Any, cohort: Cohort) -> PreRegistration:
    """Note ``learner``'s interest in a cohort that takes applications at the provider (counts
    toward its minimum). Idempotent."""
    if learner is None or not learner.is_authenticated:
        raise PermissionDenied
    with transaction.atomic():
        locked = _lock(cohort)
        existing = PreRegistration.objects.filter(
            cohort=locked, learner=learner, withdrawn_at__isnull=True
        ).first()
        if existing is not None:
            return existing
        _check_open(locked, EnrolmentMethod.EXTERNAL)
        registration = PreRegistration.objects.create(cohort=locked, learner=learner)
        record(
            actor=learner,
            action="pre_registration.create",
            object_type="enrolments.preregistration",
            object_id=str(registration.public_id),
            object_repr=str(locked),
        )
    return registration


def withdraw_pre_registration(*, actor: Any, registration: PreRegistration) -> PreRegistration:
    if actor is None or not actor.is_authenticated or registration.learner_id != actor.pk:
        raise PermissionDenied
    with transaction.atomic():
        locked = PreRegistration.objects.select_for_update().get(pk=registration.pk)
        if locked.withdrawn_at is None:
            locked.withdrawn_at = timezone.now()
            locked.save(update_fields=["withdrawn_at"])
            record(
                actor=actor,
                action="pre_registration.withdraw",
                object_type="enrolments.preregistration",
                object_id=str(locked.public_id),
                object_repr=str(locked.cohort),
            )
    return locked


def participant_list(*, actor: Any, cohort: Cohort, purpose: str) -> list[Enrolment]:
    """A cohort's participants and waitlist for its staff; the viewing is logged (GDPR-06)."""
    from livslang.enrolments.queries import participants

    rows = list(participants(cohort))
    with transaction.atomic():
        record_access(
            actor=actor,
            organisation=cohort.offering.owner,
            purpose=purpose,
            subject=str(cohort),
            learners=[row.learner for row in rows],
        )
    return rows


# --- Privacy: erasure and retention -------------------------------------------------------------


def erasure_holds(*, learner: Any) -> list[str]:
    """Why ``learner``'s sign-ups cannot be erased yet: a seat in a cohort that has not ended
    (the centre needs to know who takes part)."""
    today = timezone.localdate()
    running = (
        Enrolment.objects.filter(learner=learner, status=EnrolmentStatus.CONFIRMED)
        .exclude(cohort__status__in=[CohortStatus.CANCELLED, CohortStatus.COMPLETED])
        .exclude(cohort__end_date__lt=today)
        .select_related("cohort__offering")
    )
    return [
        _("You have a seat in %(course)s, which has not ended. Cancel it or wait until it ends.")
        % {"course": enrolment.cohort.offering.title}
        for enrolment in running
    ]


def anonymise_learner(*, learner: Any) -> int:
    """Detach ``learner`` from every sign-up: waiting places are given up (nobody is told),
    the rows stay for the counts. Returns how many rows changed."""
    now = timezone.now()
    with transaction.atomic():
        Enrolment.objects.filter(learner=learner, status=EnrolmentStatus.WAITLISTED).update(
            status=EnrolmentStatus.CANCELLED, cancelled_at=now
        )
        changed = Enrolment.objects.filter(learner=learner).update(learner=None, anonymised_at=now)
        changed += PreRegistration.objects.filter(learner=learner).update(
            learner=None, anonymised_at=now, withdrawn_at=now
        )
    return changed


def anonymise_expired(*, ended_before: Any, dry_run: bool = False) -> int:
    """Retention: sign-ups of cohorts that ended (or were cancelled) before ``ended_before``
    lose their person; the rows stay for the counts. Running it again changes nothing."""
    enrolments = Enrolment.objects.filter(learner__isnull=False).filter(
        models.Q(cohort__end_date__lt=ended_before)
        | models.Q(cohort__end_date__isnull=True, cohort__start_date__lt=ended_before)
    )
    registrations = PreRegistration.objects.filter(learner__isnull=False).filter(
        models.Q(cohort__end_date__lt=ended_before)
        | models.Q(cohort__end_date__isnull=True, cohort__start_date__lt=ended_before)
    )
    if dry_run:
        return enrolments.count() + registrations.count()
    now = timezone.now()
    with transaction.atomic():
        return enrolments.update(learner=None, anonymised_at=now) + registrations.update(
            learner=None, anonymised_at=now
        )


# --- Saved searches and interests ---------------------------------------------------------------

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
