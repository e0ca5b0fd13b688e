"""Cooperation agreements between organisations: the parties (each following up some
regions), the commitments, and per region a follow-up plan made of actions
(``Action.commitment`` with ``Action.region``) with evidence."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from livslang.programmes.models.core import Action


class Agreement(models.Model):
    """A cooperation agreement, filled with content region by region."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"), max_length=5000, blank=True)
    signed_on = models.DateField(_("signing date"))
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("A public agreement, its commitments and follow-up can be read by anyone."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering: ClassVar = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:agreement", kwargs={"slug": self.slug})


class AgreementParty(models.Model):
    """An organisation that signed the agreement; its editors keep the follow-up of
    ``regions``."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="parties"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="agreement_parties",
    )
    regions = models.ManyToManyField(
        "geo.Region",
        verbose_name=_("regions it follows up"),
        blank=True,
        related_name="agreement_parties",
    )

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering: ClassVar = ["agreement", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="programmes_party_unique"
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class Commitment(models.Model):
    """What the parties committed to; followed up in each region."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    title = models.CharField(_("commitment"), max_length=300)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering: ClassVar = ["agreement", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class EvidenceKind(models.TextChoices):
    LINK = "link", _("link")
    DOCUMENT = "document", _("document")
    MEASUREMENT = "measurement", _("measurement")


class Evidence(models.Model):
    """What shows that a follow-up action was carried out: a link, a document or a
    measurement."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=11, choices=EvidenceKind.choices)
    description = models.CharField(_("description"), max_length=300)
    url = models.URLField(_("link"), blank=True)
    document = models.FileField(
        _("document"), upload_to="programmes/evidence/%Y/", max_length=200, blank=True
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    measured_on = models.DateField(_("measured on"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering: ClassVar = ["action", "created_at", "pk"]

    def __str__(self) -> str:
        return self.description

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        self.description = " ".join(self.description.split())
        if not self.description:
            errors["description"] = _("Describe the evidence in a few words.")
        if self.kind == EvidenceKind.LINK and not self.url:
            errors["url"] = _("Give the link.")
        if self.kind == EvidenceKind.DOCUMENT and not self.document:
            errors["document"] = _("Choose the document.")
        if self.kind == EvidenceKind.MEASUREMENT and (self.value is None or not self.measured_on):
            errors["value"] = _("Give the measured value and its date.")
        if errors:
            raise ValidationError(errors)
