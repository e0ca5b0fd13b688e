"""Organisations (centres, providers, employers, municipalities ...), members and invitations.

Writes go through ``livslang.organisations.services``; reads through ``queries`` or the
QuerySet methods here. Who may see or change what is decided in ``access``.
"""

from __future__ import annotations

import hashlib
import unicodedata
import uuid
from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from livslang.geo.models import CountryCode


class Kind(models.TextChoices):
    CENTRE = "centre", _("education centre")
    PROVIDER = "provider", _("education provider")
    EMPLOYER = "employer", _("employer")
    MUNICIPALITY = "municipality", _("municipality")
    REGION = "region", _("county or region")
    FEDERATION = "federation", _("interest organisation or federation")
    LABOUR_MARKET_PARTY = "labour_market_party", _("labour-market party")
    GUIDANCE_SERVICE = "guidance_service", _("guidance service")
    OTHER = "other", _("other")


class Status(models.TextChoices):
    PENDING = "pending", _("awaiting approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class ContentLanguage(models.TextChoices):
    NB = "nb", _("Norwegian Bokmål")
    NN = "nn", _("Norwegian Nynorsk")
    DA = "da", _("Danish")
    EN = "en", _("English")


class Role(models.TextChoices):
    """A member's role: ``org_viewer``, ``org_editor`` and ``org_admin`` in the role vocabulary."""

    VIEWER = "viewer", _("viewer")
    EDITOR = "editor", _("editor")
    ADMIN = "admin", _("administrator")

    @property
    def rank(self) -> int:
        return _ROLE_RANK[self.value]

    def covers(self, wanted: Role) -> bool:
        """Whether this role may do what ``wanted`` may (admin covers editor covers viewer)."""
        return self.rank >= Role(wanted).rank


_ROLE_RANK = {"viewer": 1, "editor": 2, "admin": 3}


class Ownership(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality or municipalities")
    COUNTY_OR_REGION = "county_or_region", _("county or region")
    FOUNDATION = "foundation", _("foundation")
    COMPANY = "company", _("company")
    COOPERATIVE = "cooperative", _("cooperative")
    OTHER = "other", _("other")


validate_website = URLValidator(
    schemes=["http", "https"],
    message=_("Enter a web address that starts with https:// or http://."),
)


def fold_name(name: str) -> str:
    """How names are compared in searches: composed Unicode, any case, single spaces."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def approved(self) -> OrganisationQuerySet:
        return self.filter(status=Status.APPROVED)

    def pending(self) -> OrganisationQuerySet:
        return self.filter(status=Status.PENDING)

    def of_kind(self, kind: str) -> OrganisationQuerySet:
        return self.filter(kind=kind)

    def providers(self) -> OrganisationQuerySet:
        return self.approved().filter(kind=Kind.PROVIDER)


class Organisation(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    # Made from the name once, then kept: the organisation's address must not change.
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=2, choices=CountryCode.choices)
    home_municipality = models.ForeignKey(
        "geo.Municipality",
        verbose_name=_("home municipality"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    website = models.CharField(
        _("website"), max_length=200, blank=True, validators=[validate_website]
    )
    description = models.TextField(_("description"), max_length=5000, blank=True)
    description_language = models.CharField(
        _("language of the description"),
        max_length=2,
        choices=ContentLanguage.choices,
        default=ContentLanguage.NB,
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), max_length=2000, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    # Registered by a catalogue import that named it as a provider, not by its own people:
    # shown as such until a member claims it (nobody belongs to it yet).
    imported = models.BooleanField(_("registered by a catalogue import"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering: ClassVar = ["name_folded", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = " ".join(self.name.split())
        self.name_folded = fold_name(self.name)
        if not self.name:
            raise ValidationError({"name": _("Enter the organisation's name.")})
        municipality = self.home_municipality if self.home_municipality_id else None
        if municipality is not None and self.country and municipality.country_id != self.country:
            raise ValidationError(
                {"home_municipality": _("Choose a municipality in the organisation's country.")}
            )
        if self.status == Status.REJECTED and not self.rejection_reason.strip():
            raise ValidationError({"rejection_reason": _("Give a reason for the rejection.")})

    @property
    def is_approved(self) -> bool:
        return self.status == Status.APPROVED

    @property
    def safe_website(self) -> str:
        """The website, if it is an http(s) address; only then is it shown as a link."""
        return self.website if self.website.lower().startswith(("https://", "http://")) else ""

    @property
    def is_centre(self) -> bool:
        return self.kind == Kind.CENTRE


class CentreProfile(models.Model):
    """What a centre offers locally: who owns it, where it works, its rooms, its partners."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("centre"),
        on_delete=models.CASCADE,
        related_name="centre_profile",
    )
    ownership = models.CharField(
        _("ownership"), max_length=16, choices=Ownership.choices, blank=True
    )
    organisation_form = models.CharField(
        _("form of organisation"),
        max_length=100,
        blank=True,
        help_text=_("For example a limited company, a foundation or a municipal unit."),
    )
    municipalities_served = models.ManyToManyField(
        "geo.Municipality",
        verbose_name=_("municipalities served"),
        blank=True,
        related_name="served_by_centres",
    )
    has_study_rooms = models.BooleanField(_("study rooms"), default=False)
    has_exam_facilities = models.BooleanField(_("exam facilities"), default=False)
    has_video_rooms = models.BooleanField(_("video conference rooms"), default=False)
    other_facilities = models.TextField(_("other facilities"), max_length=1000, blank=True)
    partner_providers = models.ManyToManyField(
        Organisation,
        verbose_name=_("partner providers"),
        blank=True,
        limit_choices_to={"kind": Kind.PROVIDER},
        related_name="partner_of_centres",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("centre profile")
        verbose_name_plural = _("centre profiles")

    def __str__(self) -> str:
        return str(self.organisation)

    def clean(self) -> None:
        if self.organisation_id and self.organisation.kind != Kind.CENTRE:
            raise ValidationError(_("Only education centres have a centre profile."))

    @property
    def facilities(self) -> list[str]:
        """The facilities the centre has, as translated labels."""
        flags = (
            (self.has_study_rooms, _("Study rooms")),
            (self.has_exam_facilities, _("Exam facilities")),
            (self.has_video_rooms, _("Video conference rooms")),
        )
        return [str(label) for present, label in flags if present]


class Membership(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering: ClassVar = ["organisation", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="organisations_membership_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}, {self.organisation} ({self.get_role_display()})"

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


INVITATION_DAYS = 7


def hash_token(token: str) -> str:
    """What is stored of an invitation token: its SHA-256, so a database leak opens nothing."""
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """An invitation to join an organisation. Only a SHA-256 of its token is stored."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail address"), max_length=254)
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.VIEWER)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering: ClassVar = ["-created_at", "-pk"]
        indexes: ClassVar = [
            models.Index(Lower("email"), "organisation", name="organisations_invite_email"),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_used(self) -> bool:
        return any(
            moment is not None for moment in (self.accepted_at, self.declined_at, self.revoked_at)
        )

    def is_expired(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    def is_open(self, now: datetime | None = None) -> bool:
        return not self.is_used and not self.is_expired(now)
