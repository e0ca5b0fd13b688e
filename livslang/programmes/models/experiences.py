"""The knowledge base of a programme: experiences and good practices written once by a
partner, found by search, commented on, and sent in the weekly digest."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from livslang.programmes.models.core import Goal, Initiative, Programme, Track


def split_tags(text: str) -> list[str]:
    """Comma-separated tags, tidied: lower case, single spaces, each once, in order."""
    seen: list[str] = []
    for raw in text.split(","):
        tag = " ".join(raw.split()).lower()
        if tag and tag not in seen:
            seen.append(tag)
    return seen


class Experience(models.Model):
    """A shared lesson or good practice (*erfaring*)."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="experiences",
    )
    title = models.CharField(_("title"), max_length=200)
    context = models.TextField(_("context"), max_length=3000, blank=True)
    target_group = models.CharField(_("target group"), max_length=300, blank=True)
    what_was_done = models.TextField(_("what was done"), max_length=5000)
    what_was_learned = models.TextField(_("what was learned"), max_length=5000)
    results = models.TextField(_("results"), max_length=3000, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    tags = models.CharField(
        _("tags"), max_length=300, blank=True, help_text=_("Separate the tags with commas.")
    )
    tracks = models.ManyToManyField(
        Track, verbose_name=_("tracks"), blank=True, related_name="experiences"
    )
    goals = models.ManyToManyField(
        Goal, verbose_name=_("goals"), blank=True, related_name="experiences"
    )
    regions = models.ManyToManyField(
        "geo.Region", verbose_name=_("regions"), blank=True, related_name="experiences"
    )
    initiatives = models.ManyToManyField(
        Initiative, verbose_name=_("initiatives"), blank=True, related_name="experiences"
    )
    author_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("author organisation"),
        on_delete=models.PROTECT,
        related_name="experiences",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(_("published"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("experience")
        verbose_name_plural = _("experiences")
        ordering: ClassVar = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:experience", kwargs={"experience_id": self.public_id})

    @property
    def tag_list(self) -> list[str]:
        return split_tags(self.tags)

    def searchable_text(self) -> str:
        return "\n".join(
            (
                self.title,
                self.context,
                self.target_group,
                self.what_was_done,
                self.what_was_learned,
                self.results,
                self.tags,
            )
        )

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        self.title = " ".join(self.title.split())
        if not self.title:
            errors["title"] = _("Give the experience a title.")
        if not self.what_was_done.strip():
            errors["what_was_done"] = _("Tell what was done.")
        if not self.what_was_learned.strip():
            errors["what_was_learned"] = _("Tell what was learned.")
        self.tags = ", ".join(split_tags(self.tags))
        if errors:
            raise ValidationError(errors)


class ExperienceComment(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    experience = models.ForeignKey(
        Experience,
        verbose_name=_("experience"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("comment"), max_length=3000)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering: ClassVar = ["experience", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        self.text = self.text.strip()
        if not self.text:
            raise ValidationError({"text": _("Write your comment.")})


class DigestPreference(models.Model):
    """A person's choice about the weekly programme digest (sent unless turned off)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="programme_digest",
    )
    weekly_digest = models.BooleanField(
        _("send me the weekly programme digest"),
        default=True,
        help_text=_(
            "Actions due or overdue, open follow-ups and new experiences in your "
            "organisations' programmes, once a week."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("digest preference")
        verbose_name_plural = _("digest preferences")

    def __str__(self) -> str:
        return str(self.user)


class DigestDelivery(models.Model):
    """A weekly digest handed to the worker: at most one per person, organisation and week,
    so running the weekly command twice (or twice at once) sends nothing twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    week = models.DateField(_("week (its Monday)"))
    queued_at = models.DateTimeField(_("queued"), auto_now_add=True)

    class Meta:
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "organisation", "week"], name="programmes_one_digest_a_week"
            )
        ]

    def __str__(self) -> str:
        return f"{self.week} {self.organisation_id} {self.user_id}"
