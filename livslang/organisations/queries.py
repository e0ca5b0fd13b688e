"""Reading organisations, memberships and invitations (other apps use these, never the tables)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Case, Prefetch, Q, QuerySet, When
from django.utils import timezone
from django.utils.translation import gettext as _

from livslang.geo.models import Municipality, Region
from livslang.organisations.models import (
    CentreProfile,
    Invitation,
    Kind,
    Membership,
    Organisation,
    OrganisationQuerySet,
    Role,
    Status,
    fold_name,
    hash_token,
)

__all__ = [
    "CountyGroup",
    "admins_of",
    "centre_profile_of",
    "directory",
    "group_by_region",
    "invitation_by_token",
    "invitation_problem",
    "members_of",
    "memberships_of",
    "open_invitations",
    "organisation_page",
    "organisations_where",
    "partner_candidates",
    "pending_requests",
    "provider_named",
    "requests_of",
    "role_in",
    "sole_admin_of",
]


def _is_signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def directory(
    *, kind: str = "", region: str = "", municipality: str = "", q: str = ""
) -> OrganisationQuerySet:
    """Approved organisations, filtered; ``region`` and ``municipality`` are official codes.

    The query count does not depend on the number of results: the home municipality and its
    region come in the same query.
    """
    found = Organisation.objects.approved().select_related("home_municipality__region")
    if kind:
        found = found.filter(kind=kind)
    if region:
        found = found.filter(home_municipality__region__code=region)
    if municipality:
        found = found.filter(home_municipality__code=municipality)
    if q.strip():
        # Compared folded in Python's sense, since SQLite folds only ASCII letters.
        found = found.filter(name_folded__contains=fold_name(q))
    return found.order_by("name_folded", "pk")


def organisation_page(organisation: Organisation) -> Organisation:
    """The organisation with what its page shows (centre profile, areas, partners) loaded."""
    if organisation.kind != Kind.CENTRE:
        return organisation
    found = (
        Organisation.objects.filter(pk=organisation.pk)
        .select_related("home_municipality__region", "centre_profile")
        .prefetch_related(
            Prefetch(
                "centre_profile__municipalities_served",
                queryset=Municipality.objects.select_related("region").order_by(
                    "region__name", "name"
                ),
            ),
            Prefetch(
                "centre_profile__partner_providers",
                queryset=Organisation.objects.approved().order_by("name_folded"),
            ),
        )
    )
    return found.get()


@dataclass(frozen=True)
class CountyGroup:
    region: Region
    municipalities: list[Municipality]


def group_by_region(municipalities: Iterable[Municipality]) -> list[CountyGroup]:
    """Municipalities grouped by their county or region (each list sorted by name)."""
    groups: dict[int, CountyGroup] = {}
    for municipality in municipalities:
        group = groups.setdefault(
            municipality.region_id, CountyGroup(region=municipality.region, municipalities=[])
        )
        group.municipalities.append(municipality)
    result = sorted(groups.values(), key=lambda g: (g.region.country_id, g.region.name))
    for group in result:
        group.municipalities.sort(key=lambda m: m.name)
    return result


def pending_requests() -> OrganisationQuerySet:
    return (
        Organisation.objects.pending()
        .select_related("home_municipality__region", "requested_by")
        .order_by("created_at", "pk")
    )


def memberships_of(user: Any) -> QuerySet[Membership]:
    """The user's memberships of approved organisations, with the organisation loaded."""
    if not _is_signed_in(user):
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user, organisation__status=Status.APPROVED)
        .select_related("organisation__home_municipality")
        .order_by("organisation__name_folded")
    )


def requests_of(user: Any) -> OrganisationQuerySet:
    """Organisations the user asked to register that are not approved (pending or rejected)."""
    if not _is_signed_in(user):
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(requested_by=user)
        .exclude(status=Status.APPROVED)
        .order_by("-created_at")
    )


def role_in(user: Any, organisation: Organisation) -> Role | None:
    """The user's role in ``organisation``, or None for non-members (and anonymous users)."""
    if not _is_signed_in(user):
        return None
    role = (
        Membership.objects.filter(user=user, organisation=organisation)
        .values_list("role", flat=True)
        .first()
    )
    return Role(role) if role else None


def organisations_where(user: Any, at_least: Role = Role.EDITOR) -> OrganisationQuerySet:
    """Approved organisations in which the user has ``at_least`` this role."""
    if not _is_signed_in(user):
        return Organisation.objects.none()
    roles = [role for role in Role if role.covers(at_least)]
    return Organisation.objects.approved().filter(
        memberships__user=user, memberships__role__in=roles
    )


def admins_of(organisation: Organisation) -> QuerySet[Membership]:
    return Membership.objects.filter(organisation=organisation, role=Role.ADMIN)


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def active_editors_of(organisation: Organisation) -> list[Any]:
    """The active people who may edit for ``organisation`` (editors and administrators), for
    e-mail about its work."""
    return [
        m.user
        for m in members_of(organisation)
        if Role(m.role).covers(Role.EDITOR) and m.user.is_active
    ]


def open_invitations(organisation: Organisation) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(
            organisation=organisation,
            accepted_at__isnull=True,
            declined_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("invited_by")
        .order_by("email")
    )


def invitation_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 200:
        return None
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


def invitation_problem(invitation: Invitation, user: Any) -> ValidationError | None:
    """Why ``user`` cannot accept ``invitation`` now, or None when they can.

    The error's ``code`` says which: revoked, used, expired, not_available, wrong_user, member.
    """
    if invitation.revoked_at is not None:
        return ValidationError(
            _("This invitation has been withdrawn by the organisation."), code="revoked"
        )
    if invitation.accepted_at is not None or invitation.declined_at is not None:
        return ValidationError(_("This invitation has already been used."), code="used")
    if invitation.is_expired():
        return ValidationError(
            _(
                "This invitation has expired. Ask an administrator of the organisation to "
                "send you a new one."
            ),
            code="expired",
        )
    if invitation.organisation.status != Status.APPROVED:
        return ValidationError(
            _("This organisation cannot take new members."), code="not_available"
        )
    email = str(getattr(user, "email", "") or "")
    if email.casefold() != invitation.email.casefold():
        return ValidationError(
            _(
                "This invitation was sent to another e-mail address. Sign in with the address "
                "the invitation was sent to, then open the link again."
            ),
            code="wrong_user",
        )
    if Membership.objects.filter(user=user, organisation=invitation.organisation).exists():
        return ValidationError(
            _("You are already a member of %(organisation)s.")
            % {"organisation": invitation.organisation.name},
            code="member",
        )
    return None


def centre_profile_of(organisation: Organisation) -> CentreProfile | None:
    """A centre's profile (an empty, unsaved one if none is stored yet); None for others."""
    if organisation.kind != Kind.CENTRE:
        return None
    profile = CentreProfile.objects.filter(organisation=organisation).first()
    return profile if profile is not None else CentreProfile(organisation=organisation)


def partner_candidates(organisation: Organisation) -> OrganisationQuerySet:
    """Approved providers a centre may name as partners: its own country's first."""
    providers = Organisation.objects.providers().exclude(pk=organisation.pk)
    own_country_first = Case(When(country=organisation.country, then=0), default=1)
    return providers.order_by(own_country_first, "name_folded")


def centres_delivering_for(owner: Organisation) -> QuerySet[Organisation]:
    """The centres that may deliver ``owner``'s offerings: the owner itself when it is a
    centre, and the centres that name the owner among their partner providers. Nobody can put
    another centre's name on their courses without that centre's say-so."""
    return (
        Organisation.objects.approved()
        .filter(kind=Kind.CENTRE)
        .filter(Q(pk=owner.pk) | Q(centre_profile__partner_providers=owner))
        .distinct()
        .order_by("name")
    )


def provider_named(name: str) -> Organisation | None:
    """The education provider called ``name``, ignoring case and spacing (imports name
    providers by name only)."""
    folded = fold_name(name)
    if not folded:
        return None
    return Organisation.objects.filter(name_folded=folded, kind=Kind.PROVIDER).first()


def sole_admin_of(user: Any) -> list[Organisation]:
    """Organisations where ``user`` is the only administrator (someone must take over before
    the account can go)."""
    mine = Membership.objects.filter(user=user, role=Role.ADMIN).values_list(
        "organisation_id", flat=True
    )
    others = (
        Membership.objects.filter(organisation_id__in=list(mine), role=Role.ADMIN)
        .exclude(user=user)
        .values_list("organisation_id", flat=True)
    )
    return list(Organisation.objects.filter(pk__in=list(mine)).exclude(pk__in=list(others)))


def serves_municipality(user: Any, municipality_id: int) -> bool:
    """Is the user a member of an approved education centre serving the municipality?"""
    if not _is_signed_in(user):
        return False
    return Membership.objects.filter(
        user=user,
        organisation__status=Status.APPROVED,
        organisation__centre_profile__municipalities_served__id=municipality_id,
    ).exists()


def centres_by_municipality() -> dict[int, set[int]]:
    """For each municipality id, the approved education centres that serve it (their
    profile's area served), as a set of organisation ids. One query."""
    through = CentreProfile.municipalities_served.through
    rows = through.objects.filter(
        centreprofile__organisation__status=Status.APPROVED,
        centreprofile__organisation__kind=Kind.CENTRE,
    ).values_list("municipality_id", "centreprofile__organisation_id")
    found: dict[int, set[int]] = {}
    for municipality_id, organisation_id in rows:
        found.setdefault(municipality_id, set()).add(organisation_id)
    return found
