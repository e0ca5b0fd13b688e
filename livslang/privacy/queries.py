"""A learner's own data, all of it, for the right of access (GDPR-02)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from livslang.enrolments.models import Enrolment, PreRegistration, SavedSearch
from livslang.enrolments.queries import enrolments_of, saved_searches_of
from livslang.needs.queries import needs_of_person
from livslang.privacy.models import AccessLogEntry, Consent, ErasureRequest, ErasureStatus


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def access_log_about(user: Any) -> Any:
    """Who looked at the person's data: staff views and exports of lists they are on."""
    return AccessLogEntry.objects.filter(learners=user).order_by("-occurred_at")


@dataclass(frozen=True)
class OwnData:
    enrolments: list[Enrolment]
    pre_registrations: list[PreRegistration]
    saved_searches: list[SavedSearch]
    consents: list[Consent]
    access_log: list[AccessLogEntry]
    erasure_requests: list[ErasureRequest]


def own_data(user: Any) -> OwnData:
    """Everything Livslang holds about ``user``: a fixed number of queries however much."""
    return OwnData(
        enrolments=list(enrolments_of(user)),
        pre_registrations=list(
            PreRegistration.objects.filter(learner=user).select_related("cohort__offering")
        ),
        saved_searches=list(saved_searches_of(user)),
        consents=list(Consent.objects.filter(user=user).order_by("given_at")),
        access_log=list(access_log_about(user)),
        erasure_requests=list(ErasureRequest.objects.filter(user=user)),
    )


def export_of(user: Any) -> dict[str, Any]:
    """``own_data`` as JSON-ready data (codes, not labels; ISO dates)."""
    own = own_data(user)
    enrolments, registrations = own.enrolments, own.pre_registrations
    consents, log, erasures = own.consents, own.access_log, own.erasure_requests
    municipality = user.home_municipality
    return {
        "profile": {
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "home_country": user.home_country,
            "home_municipality": municipality.name if municipality is not None else None,
            "home_postcode": user.home_postcode,
            "date_joined": _when(user.date_joined),
            "email_verified_at": _when(user.email_verified_at),
        },
        "enrolments": [
            {
                "course": e.cohort.offering.title,
                "cohort_start": _when(e.cohort.start_date),
                "status": e.status,
                "waitlist_position": getattr(e, "position", None)
                if e.status == "waitlisted"
                else None,
                "signed_up": _when(e.created_at),
                "confirmed": _when(e.confirmed_at),
                "cancelled": _when(e.cancelled_at),
            }
            for e in enrolments
        ],
        "pre_registrations": [
            {
                "course": r.cohort.offering.title,
                "cohort_start": _when(r.cohort.start_date),
                "pre_registered": _when(r.created_at),
                "withdrawn": _when(r.withdrawn_at),
            }
            for r in registrations
        ],
        "saved_searches": [
            {
                "name": s.name,
                "kind": "interest" if s.offering is not None else "search",
                "course": s.offering.title if s.offering is not None else None,
                "search": s.query,
                "saved": _when(s.created_at),
                "last_digest": _when(s.last_sent_at),
                "unsubscribed": _when(s.unsubscribed_at),
            }
            for s in own.saved_searches
        ],
        "competence_needs": [
            {
                "title": n.title,
                "text": n.text,
                "country": n.country,
                "postcode": n.postcode,
                "status": n.status,
                "visibility": n.visibility,
                "registered": _when(n.created_at),
            }
            for n in needs_of_person(user)
        ],
        "consents": [
            {
                "consent": c.kind,
                "text_version": c.text_version,
                "given": _when(c.given_at),
                "withdrawn": _when(c.withdrawn_at),
            }
            for c in consents
        ],
        "access_log": [
            {
                "when": _when(entry.occurred_at),
                "organisation": entry.organisation_label,
                "purpose": entry.purpose,
                "about": entry.subject,
            }
            for entry in log
        ],
        "erasure_requests": [
            {
                "requested": _when(r.requested_at),
                "status": r.status,
                "reasons": r.hold_reasons,
                "due_by": _when(r.due_by),
            }
            for r in erasures
        ],
    }


def held_erasure(user: Any) -> ErasureRequest | None:
    """The person's erasure request that is waiting for its reasons to go, if any."""
    return ErasureRequest.objects.filter(user=user, status=ErasureStatus.HELD).first()
