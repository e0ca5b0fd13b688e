"""The record of processing (GDPR Art. 30): every field that holds or points at a person.

``PERSONAL`` lists the models that are about a person, field by field; ``POINTERS`` lists the
fields elsewhere that point at a person. A test (``privacy/tests/test_inventory.py``) fails
when a model gains a field, or a model gains a pointer to a user, that is not listed here —
so nothing personal is added without saying why it is kept, on what basis, for how long and
who sees it.
"""

from __future__ import annotations

from dataclasses import dataclass

LEARNER, STAFF, ADMIN, PLATFORM = "the person", "organisation staff", "org admins", "platform"


@dataclass(frozen=True)
class Use:
    purpose: str
    basis: str
    retention: str
    seen_by: tuple[str, ...]


CONTRACT = "contract (Art. 6(1)(b)): the service the person signed up for"
LEGAL = "legal obligation (Art. 6(1)(c))"
INTEREST = "legitimate interest (Art. 6(1)(f)): running a secure service"
CONSENT = "consent (Art. 6(1)(a)), withdrawable at any time"
ACCOUNT = "while the account exists; erased on request"
TECH = Use("technical identifier", INTEREST, ACCOUNT, (PLATFORM,))
SIGN_UP = Use(
    "giving and managing a seat or a place in line",
    CONTRACT,
    "2 years after the cohort ends, then without the person",
    (LEARNER, STAFF, PLATFORM),
)
# A saved search holds a place (postcode or municipality, never an address) and interests.
ALERTS = Use(
    "e-mailing new courses matching a search the person saved",
    CONTRACT,
    "until the person removes it; erased with the account",
    (LEARNER,),
)
AUDIT = Use(
    "who did what, for accountability",
    INTEREST,
    "kept with the record; erased accounts show no name",
    (PLATFORM,),
)

PERSONAL: dict[str, dict[str, Use]] = {
    "accounts.User": {
        "id": TECH,
        "public_id": TECH,
        "password": Use("signing in (hashed)", CONTRACT, ACCOUNT, ()),
        "last_login": Use("security", INTEREST, ACCOUNT, (PLATFORM,)),
        "is_superuser": Use("platform roles", INTEREST, ACCOUNT, (PLATFORM,)),
        "is_staff": Use("platform roles", INTEREST, ACCOUNT, (PLATFORM,)),
        "is_active": Use("blocking an account", INTEREST, ACCOUNT, (PLATFORM,)),
        "is_demo": Use("marking demo data", INTEREST, ACCOUNT, (PLATFORM,)),
        "email": Use(
            "signing in; e-mails about the person's sign-ups",
            CONTRACT,
            ACCOUNT,
            (LEARNER, STAFF, PLATFORM),
        ),
        "full_name": Use(
            "addressing the person; participant lists",
            CONTRACT,
            ACCOUNT,
            (LEARNER, STAFF, PLATFORM),
        ),
        "language": Use("the language of pages and e-mails", CONTRACT, ACCOUNT, (LEARNER,)),
        "date_joined": Use("security", INTEREST, ACCOUNT, (PLATFORM,)),
        "email_verified_at": Use("proving the address", INTEREST, ACCOUNT, (PLATFORM,)),
        # A place, never a street address (GDPR-07).
        "home_country": Use("finding courses near home", CONTRACT, ACCOUNT, (LEARNER,)),
        "home_municipality": Use("finding courses near home", CONTRACT, ACCOUNT, (LEARNER,)),
        "home_postcode": Use("finding courses near home", CONTRACT, ACCOUNT, (LEARNER,)),
        "groups": Use("Django admin permissions (unused)", INTEREST, ACCOUNT, (PLATFORM,)),
        "user_permissions": Use(
            "Django admin permissions (unused)", INTEREST, ACCOUNT, (PLATFORM,)
        ),
    },
    "enrolments.Enrolment": {
        "id": TECH,
        "public_id": TECH,
        "cohort": SIGN_UP,
        "learner": SIGN_UP,
        "status": SIGN_UP,
        "waitlist_ticket": SIGN_UP,
        "promoted": SIGN_UP,
        "created_at": SIGN_UP,
        "confirmed_at": SIGN_UP,
        "cancelled_at": SIGN_UP,
        "anonymised_at": Use("showing the row no longer has a person", LEGAL, "as the row", ()),
    },
    "enrolments.PreRegistration": {
        "id": TECH,
        "public_id": TECH,
        "cohort": SIGN_UP,
        "learner": SIGN_UP,
        "created_at": SIGN_UP,
        "withdrawn_at": SIGN_UP,
        "anonymised_at": Use("showing the row no longer has a person", LEGAL, "as the row", ()),
    },
    "enrolments.SavedSearch": {
        "id": TECH,
        "public_id": TECH,
        "user": ALERTS,
        "offering": ALERTS,
        "name": ALERTS,
        "query": ALERTS,
        "created_at": ALERTS,
        "checked_until": ALERTS,
        "last_sent_at": ALERTS,
        "unsubscribed_at": ALERTS,
    },
    "privacy.Consent": {
        "id": TECH,
        "user": Use("proof of consent", LEGAL, "2 years after withdrawal", (LEARNER, PLATFORM)),
        "kind": Use("proof of consent", LEGAL, "2 years after withdrawal", (LEARNER, PLATFORM)),
        "text_version": Use("what was agreed to", LEGAL, "2 years after withdrawal", (LEARNER,)),
        "given_at": Use("proof of consent", LEGAL, "2 years after withdrawal", (LEARNER,)),
        "withdrawn_at": Use("proof of withdrawal", LEGAL, "2 years after withdrawal", (LEARNER,)),
    },
    "privacy.ErasureRequest": {
        "id": TECH,
        "public_id": TECH,
        "user": Use("answering the request", LEGAL, "until erased", (LEARNER, PLATFORM)),
        "requested_at": Use("the one-month deadline", LEGAL, "5 years", (LEARNER, PLATFORM)),
        "due_by": Use("the one-month deadline", LEGAL, "5 years", (LEARNER, PLATFORM)),
        "status": Use("answering the request", LEGAL, "5 years", (LEARNER, PLATFORM)),
        "hold_reasons": Use("why it waits", LEGAL, "5 years", (LEARNER, PLATFORM)),
        "completed_at": Use("answering the request", LEGAL, "5 years", (PLATFORM,)),
    },
    "privacy.AccessLogEntry": {
        "id": TECH,
        "public_id": TECH,
        "occurred_at": Use("access log (Art. 5(2))", LEGAL, "5 years", (LEARNER, PLATFORM)),
        "actor": Use("who looked", LEGAL, "5 years", (PLATFORM,)),
        "actor_label": Use("who looked", LEGAL, "5 years", (PLATFORM,)),
        "organisation": Use("on whose behalf", LEGAL, "5 years", (LEARNER, PLATFORM)),
        "organisation_label": Use("on whose behalf", LEGAL, "5 years", (LEARNER, PLATFORM)),
        "purpose": Use("why", LEGAL, "5 years", (LEARNER, PLATFORM)),
        "subject": Use("which list", LEGAL, "5 years", (LEARNER, PLATFORM)),
        "learners": Use("whose data", LEGAL, "5 years", (LEARNER, PLATFORM)),
    },
    "organisations.Membership": {
        "id": TECH,
        "public_id": TECH,
        "user": Use("working for an organisation", CONTRACT, ACCOUNT, (ADMIN, PLATFORM)),
        "organisation": Use("working for an organisation", CONTRACT, ACCOUNT, (ADMIN,)),
        "role": Use("what the person may do", CONTRACT, ACCOUNT, (ADMIN, PLATFORM)),
        "created_at": Use("accountability", INTEREST, ACCOUNT, (ADMIN,)),
    },
    "organisations.Invitation": {
        "id": TECH,
        "public_id": TECH,
        "organisation": Use("inviting a colleague", CONTRACT, "until used or expired", (ADMIN,)),
        "email": Use("inviting a colleague", CONTRACT, "until used or expired", (ADMIN,)),
        "role": Use("inviting a colleague", CONTRACT, "until used or expired", (ADMIN,)),
        "invited_by": Use("accountability", INTEREST, "until used or expired", (ADMIN,)),
        "token_hash": Use("the invitation link (hashed)", CONTRACT, "until used", ()),
        "created_at": Use("expiry", CONTRACT, "until used or expired", (ADMIN,)),
        "expires_at": Use("expiry", CONTRACT, "until used or expired", (ADMIN,)),
        "accepted_at": Use("accountability", INTEREST, "until used or expired", (ADMIN,)),
        "accepted_by": Use("accountability", INTEREST, "until used or expired", (ADMIN,)),
        "declined_at": Use("accountability", INTEREST, "until used or expired", (ADMIN,)),
        "revoked_at": Use("accountability", INTEREST, "until used or expired", (ADMIN,)),
    },
}

# Fields of other models that point at a person.
POINTERS: dict[str, Use] = {
    "admin.LogEntry.user": AUDIT,
    "audit.AuditEntry.actor": AUDIT,
    "organisations.Organisation.requested_by": AUDIT,
    "organisations.Organisation.decided_by": AUDIT,
    "catalog.ImportBatch.actor": AUDIT,
    "programmes.Measurement.recorded_by": AUDIT,
    # A need registered for an organisation stays with it (without the person); a personal
    # need (no organisation) is the person's own: exported, and erased with the account.
    "needs.Need.registered_by": Use(
        "registering a competence need and matching it to courses",
        CONTRACT,
        "until the person or organisation removes it; personal needs erased with the account",
        (LEARNER, STAFF),
    ),
    "needs.NeedEvent.actor": AUDIT,
    "programmes.Evidence.added_by": AUDIT,
    "programmes.GroupMember.user": Use(
        "sitting in a programme's coordination group (writing agendas, minutes, decisions)",
        CONTRACT,
        "while the person sits in the group; removed on erasure",
        (STAFF, PLATFORM),
    ),
    "programmes.Experience.author": Use(
        "who shared an experience",
        INTEREST,
        "kept with the experience; none after erasure",
        (PLATFORM,),
    ),
    "programmes.ExperienceComment.author": Use(
        "showing who wrote a comment",
        CONTRACT,
        "kept with the comment; erased accounts show no name",
        (STAFF,),
    ),
    "programmes.DigestPreference.user": Use(
        "the person's choice about the weekly programme digest", CONTRACT, ACCOUNT, (LEARNER,)
    ),
    "programmes.DigestDelivery.user": Use(
        "not sending the weekly programme digest twice in a week", CONTRACT, ACCOUNT, (PLATFORM,)
    ),
    "enrolments.Pledge.pledged_by": AUDIT,
    "brokerage.CourseRequest.created_by": AUDIT,
    "brokerage.CourseRequestEvent.actor": AUDIT,
    "brokerage.CohortProposal.created_by": AUDIT,
    "catalog.ImportJob.actor": Use(
        "showing an upload's report to its uploader", CONTRACT, "kept with the job", (LEARNER,)
    ),
    "api.ApiToken.created_by": Use(
        "whose rights an API token acts with; accountability",
        INTEREST,
        "kept with the token",
        (ADMIN,),
    ),
}
