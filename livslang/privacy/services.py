"""Privacy writes: access records (GDPR-06), consents (GDPR-05), erasure with legal holds
(GDPR-03) and retention (GDPR-04). Other apps' data changes through their own services."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from livslang.audit.services import record
from livslang.organisations.models import Organisation
from livslang.privacy.models import (
    CONSENT_TEXT_VERSION,
    AccessLogEntry,
    Consent,
    ConsentKind,
    ErasureRequest,
    ErasureStatus,
)

# How long things are kept (also in the inventory and the privacy notice).
SIGN_UPS_KEPT = timedelta(days=2 * 365)  # after the cohort ended
ACCESS_LOG_KEPT = timedelta(days=5 * 365)
WITHDRAWN_CONSENTS_KEPT = timedelta(days=2 * 365)
INACTIVE_ACCOUNTS_KEPT = timedelta(days=3 * 365)  # without signing in
ERASURE_ANSWER_WITHIN = timedelta(days=30)


def record_access(
    *,
    actor: Any,
    organisation: Organisation | None,
    purpose: str,
    subject: str,
    learners: Iterable[Any],
) -> AccessLogEntry:
    """Append one entry: ``actor`` saw ``learners``' data for ``purpose``. Runs in the caller's
    transaction, so a view that fails records nothing it did not show."""
    people = [learner for learner in learners if learner is not None]
    entry = AccessLogEntry.objects.create(
        actor=actor,
        actor_label=getattr(actor, "email", "") or str(actor),
        organisation=organisation,
        organisation_label=organisation.name if organisation is not None else "",
        purpose=purpose,
        subject=subject[:300],
    )
    if people:
        entry.learners.set(people)
    return entry


@transaction.atomic
def set_consent(*, user: Any, kind: str, given: bool) -> bool:
    """Give or withdraw one optional consent; returns whether anything changed. Withdrawing
    takes effect at once (a withdrawn row is kept as evidence of what was agreed)."""
    if kind not in ConsentKind.values:
        raise ValueError(kind)
    live = Consent.objects.select_for_update().filter(
        user=user, kind=kind, withdrawn_at__isnull=True
    )
    current = live.first()
    if given and current is None:
        Consent.objects.create(user=user, kind=kind, text_version=CONSENT_TEXT_VERSION)
    elif not given and current is not None:
        current.withdrawn_at = timezone.now()
        current.save(update_fields=["withdrawn_at"])
    else:
        return False
    record(
        actor=user,
        action="consent.give" if given else "consent.withdraw",
        object_type="privacy.consent",
        object_id=kind,
        object_repr=kind,
    )
    return True


def has_consent(user: Any, kind: str) -> bool:
    return Consent.objects.filter(user=user, kind=kind, withdrawn_at__isnull=True).exists()


@dataclass(frozen=True)
class ErasureOutcome:
    request: ErasureRequest
    reasons: list[str]

    @property
    def erased(self) -> bool:
        return self.request.status == ErasureStatus.DONE


def request_erasure(*, user: Any) -> ErasureOutcome:
    """Erase the account now, or hold it back with the reasons (GDPR-03).

    Held back while the person has a seat in a cohort that has not ended, or is the only
    administrator of an organisation. Erasure keeps counts (sign-ups lose their person) and
    ends every session.
    """
    from livslang.accounts.services import erase_account
    from livslang.enrolments.services import (
        anonymise_learner,
        delete_saved_searches,
        erasure_holds,
    )
    from livslang.needs.services import erase_personal_needs
    from livslang.organisations.queries import sole_admin_of
    from livslang.organisations.services import forget_person
    from livslang.programmes.services import forget_person as forget_programme_person

    with transaction.atomic():
        reasons = erasure_holds(learner=user)
        reasons += [
            _("You are the only administrator of %(organisation)s: hand it over first.")
            % {"organisation": organisation.name}
            for organisation in sole_admin_of(user)
        ]
        # Asking again (or the daily retention run) updates a waiting request, keeping its
        # original deadline, rather than piling up new ones.
        request = ErasureRequest.objects.filter(user=user, status=ErasureStatus.HELD).first()
        if request is None:
            request = ErasureRequest(user=user, due_by=timezone.localdate() + ERASURE_ANSWER_WITHIN)
        request.status = ErasureStatus.HELD if reasons else ErasureStatus.DONE
        request.hold_reasons = reasons
        if reasons:
            request.save()
            record(
                actor=user,
                action="erasure.held",
                object_type="privacy.erasurerequest",
                object_id=str(request.public_id),
                changes={"reasons": len(reasons)},
            )
            return ErasureOutcome(request, reasons)
        anonymise_learner(learner=user)
        delete_saved_searches(user=user)
        erase_personal_needs(user=user)
        forget_person(user=user)
        forget_programme_person(user=user)
        Consent.objects.filter(user=user).delete()
        ErasureRequest.objects.filter(user=user).update(user=None)
        erase_account(user=user)
        request.user = None
        request.completed_at = timezone.now()
        request.save()
    return ErasureOutcome(request, [])


def apply_retention(*, now: Any = None, dry_run: bool = False) -> dict[str, int]:
    """Anonymise or delete what has been kept long enough (GDPR-04); counts per kind.

    Accounts nobody has signed in to for three years are erased as if their owner had asked
    (unless held back: then they wait, and count as not erased).

    Running it twice changes nothing the second time; ``dry_run`` only counts. The retention
    job is the only code that deletes access-log entries (a queryset delete, as the model
    refuses single deletions).
    """
    from livslang.enrolments.services import anonymise_expired

    now = now or timezone.now()
    old_log = AccessLogEntry.objects.filter(occurred_at__lt=now - ACCESS_LOG_KEPT)
    old_consents = Consent.objects.filter(withdrawn_at__lt=now - WITHDRAWN_CONSENTS_KEPT)
    from livslang.accounts.queries import inactive_since

    idle = list(inactive_since(now - INACTIVE_ACCOUNTS_KEPT))
    counts = {
        "inactive_accounts_erased": len(idle)
        if dry_run
        else sum(request_erasure(user=user).erased for user in idle),
        "sign_ups_anonymised": anonymise_expired(
            ended_before=(now - SIGN_UPS_KEPT).date(), dry_run=dry_run
        ),
        "access_log_deleted": old_log.count(),
        "withdrawn_consents_deleted": old_consents.count(),
    }
    if not dry_run:
        with transaction.atomic():
            old_log.delete()  # QuerySet.delete never calls the model's delete()
            old_consents.delete()
    return counts
