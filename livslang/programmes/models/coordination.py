"""A programme's coordination group: its members (each representing an education level or a
sector), its meetings with agenda and minutes, and the decisions taken there. A decision's
follow-ups are ``Action`` rows (``Action.decision``), so they appear in "our
responsibilities" like any other action."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from livslang.programmes.models.core import Programme


class Represents(models.TextChoices):
    """The education level or sector a member of the coordination group speaks for."""

    PRIMARY = "primary", _("primary and lower secondary education")
    UPPER_SECONDARY = "upper_secondary", _("upper secondary education")
    VOCATIONAL_COLLEGE = "vocational_college", _("tertiary vocational education")
    HIGHER = "higher", _("higher education")
    ADULT = "adult", _("adult education")
    WORKING_LIFE = "working_life", _("working life")
    PUBLIC_SECTOR = "public_sector", _("public sector")
    GUIDANCE = "guidance", _("career guidance")
    OTHER = "other", _("other")


class CoordinationGroup(models.Model):
    """The group that turns a programme's adopted action plans into practice."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    programme = models.OneToOneField(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="coordination_group",
    )
    name = models.CharField(_("name"), max_length=200)
    mandate = models.TextField(_("mandate"), max_length=3000, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("coordination group")
        verbose_name_plural = _("coordination groups")
        ordering: ClassVar = ["programme", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:group", kwargs={"slug": self.programme.slug})


class GroupMember(models.Model):
    """A person in the coordination group, for an organisation, representing a level or
    sector. Members write agendas, minutes and decisions."""

    group = models.ForeignKey(
        CoordinationGroup,
        verbose_name=_("coordination group"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="coordination_memberships",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="coordination_memberships",
    )
    represents = models.CharField(
        _("represents"), max_length=20, choices=Represents.choices, default=Represents.OTHER
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering: ClassVar = ["group", "represents", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["group", "user"], name="programmes_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"


class Meeting(models.Model):
    """A meeting of the coordination group: the agenda before, the minutes after."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(
        CoordinationGroup,
        verbose_name=_("coordination group"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), max_length=10000, blank=True)
    minutes = models.TextField(_("minutes"), max_length=20000, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering: ClassVar = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("programmes:meeting", kwargs={"meeting_id": self.public_id})

    def clean(self) -> None:
        self.title = " ".join(self.title.split())
        if not self.title:
            raise ValidationError({"title": _("Give the meeting a title.")})


class Decision(models.Model):
    """A decision taken at a meeting; its follow-ups are actions (``follow_ups``)."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions"
    )
    text = models.TextField(_("decision"), max_length=3000)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering: ClassVar = ["meeting", "pk"]

    def __str__(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= 80 else f"{text[:79]}…"

    def clean(self) -> None:
        self.text = self.text.strip()
        if not self.text:
            raise ValidationError({"text": _("Write the decision.")})
