"""The knowledge base: partners publish experiences and comment on them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from livslang.geo.models import Region
from livslang.organisations import queries as org_queries
from livslang.organisations.models import Organisation
from livslang.programmes import rules
from livslang.programmes.models import (
    Experience,
    ExperienceComment,
    Goal,
    Initiative,
    Programme,
    Track,
)
from livslang.programmes.services._base import _apply, _audit, _save, _set_m2m

EXPERIENCE_FIELDS = (
    "title",
    "context",
    "target_group",
    "what_was_done",
    "what_was_learned",
    "results",
    "contact",
    "tags",
)


def _check_links(
    programme: Programme,
    tracks: list[Track],
    goals: list[Goal],
    initiatives: list[Initiative],
) -> None:
    if any(t.programme_id != programme.pk for t in tracks):
        raise ValidationError({"tracks": _("Choose tracks of this programme only.")})
    if any(g.programme_id != programme.pk for g in goals):
        raise ValidationError({"goals": _("Link goals of this programme only.")})
    if any(i.programme_id != programme.pk for i in initiatives):
        raise ValidationError({"initiatives": _("Choose initiatives of this programme only.")})


@transaction.atomic
def publish_experience(
    *,
    actor: Any,
    programme: Programme,
    organisation: Organisation,
    data: dict[str, Any],
    tracks: list[Track] | None = None,
    goals: list[Goal] | None = None,
    regions: list[Region] | None = None,
    initiatives: list[Initiative] | None = None,
) -> Experience:
    """Any partner of the programme publishes, for one of their organisations."""
    if not rules.roles_in(actor, programme).is_partner:
        raise PermissionDenied
    if org_queries.role_in(actor, organisation) is None:
        raise PermissionDenied
    _check_links(programme, tracks or [], goals or [], initiatives or [])
    experience = Experience(programme=programme, author_organisation=organisation, author=actor)
    changes = _apply(experience, data, EXPERIENCE_FIELDS)
    _save(experience, changes, created=True)
    _set_m2m(experience, "tracks", tracks, changes, key="public_id")
    _set_m2m(experience, "goals", goals, changes, key="public_id")
    _set_m2m(experience, "regions", regions, changes, key="code")
    _set_m2m(experience, "initiatives", initiatives, changes, key="public_id")
    _audit(
        actor,
        "experience.published",
        experience,
        {**changes, "organisation": organisation.slug},
        summary=programme.name,
    )
    return experience


@transaction.atomic
def comment_on(*, actor: Any, experience: Experience, text: str) -> ExperienceComment:
    if not rules.roles_in(actor, experience.programme).is_partner:
        raise PermissionDenied
    comment = ExperienceComment(experience=experience, author=actor, text=text)
    comment.full_clean()
    comment.save()
    _audit(
        actor,
        "experience.commented",
        experience,
        {"comment": str(comment.public_id), "text": comment.text},
        summary=experience.title,
    )
    return comment
