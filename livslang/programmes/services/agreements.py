"""Cooperation agreements: each party's editors keep the follow-up plan of their regions
(actions per commitment and region) and add evidence (links, documents, measurements)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from livslang.geo.models import Region
from livslang.programmes import rules
from livslang.programmes.models import Action, Commitment, Evidence
from livslang.programmes.services._base import _apply, _audit, _save

REGIONAL_ACTION_FIELDS = (
    "title",
    "description",
    "responsible_organisation",
    "due_date",
    "status",
    "progress",
)
EVIDENCE_FIELDS = ("kind", "description", "url", "value", "unit", "measured_on")


@transaction.atomic
def create_regional_action(
    *, actor: Any, commitment: Commitment, region: Region, data: dict[str, Any]
) -> Action:
    """An action of ``region``'s follow-up plan for ``commitment`` (parties following up
    that region only)."""
    roles = rules.agreement_roles(actor, commitment.agreement)
    if not roles.can_edit_region(region.pk):
        raise PermissionDenied
    action = Action(commitment=commitment, region=region)
    changes = _apply(action, data, REGIONAL_ACTION_FIELDS)
    _save(action, changes, created=True)
    _audit(
        actor,
        "agreement_action.created",
        action,
        {**changes, "region": region.code},
        summary=commitment.agreement.title,
    )
    return action


@transaction.atomic
def add_evidence(
    *,
    actor: Any,
    action: Action,
    data: dict[str, Any],
    document: UploadedFile | None = None,
) -> Evidence:
    """Evidence for a follow-up: the document goes through Django's storage API."""
    rules.require_follow_up_editor(actor, action)
    evidence = Evidence(action=action, added_by=actor)
    changes = _apply(evidence, data, EVIDENCE_FIELDS)
    if document is not None:
        evidence.document = document
        changes["document"] = {"old": "", "new": document.name}
    evidence.full_clean()
    evidence.save()
    _audit(actor, "evidence.added", evidence, changes, summary=action.title)
    return evidence
