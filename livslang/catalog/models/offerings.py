"""The catalogue: offerings, their cohorts and local study groups.

Writes go through ``livslang.catalog.services`` (validation, audit, change log); reads through
``livslang.catalog.queries`` or the QuerySet methods here.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from livslang.geo.models import CountryCode

if TYPE_CHECKING:
    from livslang.organisations.models import Organisation


validate_web_address = URLValidator(
    schemes=["http", "https"],
    message=_("Enter a web address that starts with https:// or http://."),
)


class OfferingLanguage(models.TextChoices):
    NB = "nb", _("Norwegian Bokmål")
    NN = "nn", _("Norwegian Nynorsk")
    DA = "da", _("Danish")
    EN = "en", _("English")
    SE = "se", _("Northern Sami")


class LevelFramework(models.TextChoices):
    NONE = "", _("not given")
    NKR = "nkr", _("Norwegian qualifications framework (NKR)")
    EQF = "eqf", _("European qualifications framework (EQF)")


class CreditsUnit(models.TextChoices):
    NONE = "", _("not given")
    ECTS = "ects", _("ECTS credits (studiepoeng)")
    FAGSKOLEPOENG = "fagskolepoeng", _("fagskolepoeng")
    AMU_DAYS = "amu_days", _("AMU days")
    OTHER = "other", _("other")


class OfferingStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    ARCHIVED = "archived", _("archived")


class Mode(models.TextChoices):
    ON_SITE = "on_site", _("on site")
    ONLINE = "online", _("online")
    BLENDED = "blended", _("blended")


class ScheduleKind(models.TextChoices):
    DAYTIME = "daytime", _("daytime")
    EVENING = "evening", _("evening")
    WEEKEND = "weekend", _("weekend")
    SELF_PACED = "self_paced", _("self-paced")


class Pace(models.TextChoices):
    NONE = "", _("not given")
    FULL_TIME = "full_time", _("full time")
    PART_TIME = "part_time", _("part time")


class Currency(models.TextChoices):
    NOK = "NOK", _("Norwegian kroner")
    DKK = "DKK", _("Danish kroner")
    EUR = "EUR", _("euro")


class CohortStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    OPEN = "open", _("open for sign-up")
    WILL_RUN = "will_run", _("will run")
    RUNNING = "running", _("running")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")


class EnrolmentMethod(models.TextChoices):
    LIVSLANG = "livslang", _("sign up in Livslang")
    EXTERNAL = "external", _("apply at the provider")


def _list_of_strings() -> list[str]:
    return []


class OfferingQuerySet(models.QuerySet["Offering"]):
    def published(self) -> OfferingQuerySet:
        return self.filter(status=OfferingStatus.PUBLISHED)

    def for_owner(self, org: Organisation) -> OfferingQuerySet:
        return self.filter(owner=org)

    def not_archived(self) -> OfferingQuerySet:
        return self.exclude(status=OfferingStatus.ARCHIVED)


class Offering(models.Model):
    """A course or programme as its provider describes it; taught in one or more cohorts."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    # Made from the title; with the short id it forms the public address.
    slug = models.SlugField(_("address name"), max_length=80, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=10000, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=OfferingLanguage.choices, default=OfferingLanguage.NB
    )
    provider = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="provided_offerings",
    )
    owner = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("maintained by"),
        on_delete=models.PROTECT,
        related_name="owned_offerings",
    )
    delivering_centres = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("delivering centres"),
        blank=True,
        related_name="delivered_offerings",
    )
    isced_field = models.ForeignKey(
        "classifications.IscedField",
        verbose_name=_("field of education (ISCED-F)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offerings",
    )
    topics = models.JSONField(_("topics and skills"), default=_list_of_strings, blank=True)
    level_framework = models.CharField(
        _("qualifications framework"),
        max_length=3,
        choices=LevelFramework.choices,
        default=LevelFramework.NONE,
        blank=True,
    )
    level = models.PositiveSmallIntegerField(
        _("level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
    )
    level_text = models.CharField(_("level in the provider's words"), max_length=200, blank=True)
    credits_value = models.DecimalField(
        _("credits"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    credits_unit = models.CharField(
        _("credit unit"),
        max_length=16,
        choices=CreditsUnit.choices,
        default=CreditsUnit.NONE,
        blank=True,
    )
    duration_text = models.CharField(_("duration"), max_length=200, blank=True)
    target_group = models.TextField(_("target group"), max_length=2000, blank=True)
    # Empty means "no prerequisites".
    prerequisites = models.TextField(_("prerequisites"), max_length=2000, blank=True)
    admission_requirements = models.TextField(
        _("admission requirements"), max_length=2000, blank=True
    )
    funding_employer = models.BooleanField(_("can be paid by the employer"), default=False)
    funding_public_grant = models.BooleanField(
        _("eligible for public grants (e.g. Kompetansefondet, VEU-godtgørelse)"), default=False
    )
    funding_loan = models.BooleanField(
        _("eligible for student loans or grants (Lånekassen, SU)"), default=False
    )
    campaign_tags = models.JSONField(
        _("campaign and programme tags"), default=_list_of_strings, blank=True
    )
    external_url = models.CharField(
        _("web address at the provider"),
        max_length=500,
        blank=True,
        validators=[validate_web_address],
    )
    status = models.CharField(
        _("status"),
        max_length=9,
        choices=OfferingStatus.choices,
        default=OfferingStatus.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    # The identifier in the provider's own system, set by imports (unique per owner).
    source_identifier = models.CharField(
        _("identifier at the source"), max_length=200, blank=True, db_index=True
    )

    objects = OfferingQuerySet.as_manager()

    class Meta:
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        ordering: ClassVar = ["title", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["owner", "source_identifier"],
                condition=~models.Q(source_identifier=""),
                name="catalog_offering_source_id_unique",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["status", "published_at"], name="catalog_off_status_pub"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalog:offering", kwargs={"slug": self.slug, "short_id": self.short_id})

    @property
    def short_id(self) -> str:
        """The first 8 hex digits of the public id, as used in the public address."""
        return self.public_id.hex[:8]

    @property
    def topic_list(self) -> list[str]:
        return [str(t) for t in (self.topics or []) if str(t).strip()]

    @property
    def campaign_tag_list(self) -> list[str]:
        return [str(t) for t in (self.campaign_tags or []) if str(t).strip()]

    @property
    def is_published(self) -> bool:
        return self.status == OfferingStatus.PUBLISHED

    @property
    def has_prerequisites(self) -> bool:
        return bool(self.prerequisites.strip())

    @property
    def safe_external_url(self) -> str:
        """The external address, if it is an http(s) address; only then is it shown as a link."""
        url = self.external_url
        return url if url.lower().startswith(("https://", "http://")) else ""


class CohortQuerySet(models.QuerySet["Cohort"]):
    def public(self) -> CohortQuerySet:
        return self.filter(offering__status=OfferingStatus.PUBLISHED)


class Cohort(models.Model):
    """One run of an offering: a place (or online), dates, schedule, seats and price."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    offering = models.ForeignKey(
        Offering, verbose_name=_("offering"), on_delete=models.PROTECT, related_name="cohorts"
    )
    delivering_centre = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("delivering centre"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delivered_cohorts",
    )
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices, default=Mode.ON_SITE)
    country = models.CharField(
        _("country"), max_length=2, choices=CountryCode.choices, default=CountryCode.NORWAY
    )
    municipality = models.ForeignKey(
        "geo.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cohorts",
    )
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90.0), MaxValueValidator(90.0)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180.0), MaxValueValidator(180.0)],
    )
    start_date = models.DateField(_("start date"))
    # Empty only for self-paced cohorts without a fixed end.
    end_date = models.DateField(_("end date"), null=True, blank=True)
    schedule_daytime = models.BooleanField(_("daytime"), default=False)
    schedule_evening = models.BooleanField(_("evening"), default=False)
    schedule_weekend = models.BooleanField(_("weekend"), default=False)
    schedule_self_paced = models.BooleanField(_("self-paced"), default=False)
    schedule_text = models.CharField(_("schedule"), max_length=500, blank=True)
    pace = models.CharField(
        _("pace"), max_length=9, choices=Pace.choices, default=Pace.NONE, blank=True
    )
    workload_text = models.CharField(_("workload"), max_length=200, blank=True)
    price = models.DecimalField(
        _("price"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.NOK
    )
    seats = models.PositiveIntegerField(_("seats"), null=True, blank=True)
    minimum_participants = models.PositiveIntegerField(
        _("minimum participants"), null=True, blank=True
    )
    guaranteed_start = models.BooleanField(_("guaranteed start"), default=False)
    # Runs below its minimum because someone pays for the empty seats (the Danish
    # "tompladsordning"): recorded only, Livslang invoices nothing.
    paid_empty_seats = models.BooleanField(_("empty seats paid for"), default=False)
    application_deadline = models.DateField(_("application deadline"), null=True, blank=True)
    step_free_access = models.BooleanField(_("step-free access"), null=True, blank=True)
    hearing_loop = models.BooleanField(_("hearing loop"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=9,
        choices=CohortStatus.choices,
        default=CohortStatus.PLANNED,
        db_index=True,
    )
    enrolment_method = models.CharField(
        _("how to sign up"),
        max_length=8,
        choices=EnrolmentMethod.choices,
        default=EnrolmentMethod.LIVSLANG,
    )
    application_url = models.CharField(
        _("application address"),
        max_length=500,
        blank=True,
        validators=[validate_web_address],
    )
    # Maintained by enrolment; the constraints below are the backstop against overbooking.
    confirmed_count = models.IntegerField(_("confirmed participants"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    # The identifier in the provider's own system, set by imports (unique per offering).
    source_identifier = models.CharField(
        _("identifier at the source"), max_length=200, blank=True, db_index=True
    )

    objects = CohortQuerySet.as_manager()

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering: ClassVar = ["start_date", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(confirmed_count__gte=0),
                name="catalog_cohort_confirmed_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(seats__isnull=True)
                | models.Q(confirmed_count__lte=models.F("seats")),
                name="catalog_cohort_confirmed_within_seats",
            ),
            models.UniqueConstraint(
                fields=["offering", "source_identifier"],
                condition=~models.Q(source_identifier=""),
                name="catalog_cohort_source_id_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(price__isnull=True) | models.Q(price__gte=0),
                name="catalog_cohort_price_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="catalog_cohort_end_after_start",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["offering", "start_date"], name="catalog_cohort_off_start"),
        ]

    def __str__(self) -> str:
        return f"{self.offering.title} ({self.start_date:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return self.offering.get_absolute_url() + f"#cohort-{self.public_id}"

    @property
    def short_id(self) -> str:
        return self.public_id.hex[:8]

    @property
    def schedule_kind_list(self) -> list[str]:
        """The schedule kinds as ``ScheduleKind`` values, in a fixed order."""
        flags = [
            (ScheduleKind.DAYTIME, self.schedule_daytime),
            (ScheduleKind.EVENING, self.schedule_evening),
            (ScheduleKind.WEEKEND, self.schedule_weekend),
            (ScheduleKind.SELF_PACED, self.schedule_self_paced),
        ]
        return [str(kind) for kind, on in flags if on]

    @property
    def seats_left(self) -> int | None:
        if self.seats is None:
            return None
        return max(self.seats - self.confirmed_count, 0)

    @property
    def is_full(self) -> bool:
        return self.seats is not None and self.confirmed_count >= self.seats

    @property
    def is_public(self) -> bool:
        return self.offering.status == OfferingStatus.PUBLISHED

    @property
    def is_external(self) -> bool:
        return self.enrolment_method == EnrolmentMethod.EXTERNAL

    @property
    def takes_sign_ups(self) -> bool:
        """Open for sign-up (or pre-registration) now: see ``enrolments.services``."""
        today = timezone.localdate()
        return (
            self.status in (CohortStatus.OPEN, CohortStatus.WILL_RUN)
            and self.start_date >= today
            and (self.application_deadline is None or self.application_deadline >= today)
        )

    @property
    def has_place(self) -> bool:
        return self.mode in (Mode.ON_SITE, Mode.BLENDED)

    @property
    def safe_application_url(self) -> str:
        url = self.application_url
        return url if url.lower().startswith(("https://", "http://")) else ""


# Names of the cohort's schedule flags by ScheduleKind value.
SCHEDULE_FIELDS: dict[str, str] = {
    ScheduleKind.DAYTIME: "schedule_daytime",
    ScheduleKind.EVENING: "schedule_evening",
    ScheduleKind.WEEKEND: "schedule_weekend",
    ScheduleKind.SELF_PACED: "schedule_self_paced",
}


class LocalStudyGroup(models.Model):
    """A local study room at a centre for an online or blended cohort."""

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="study_groups"
    )
    centre = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("centre"),
        on_delete=models.PROTECT,
        related_name="study_groups",
    )
    municipality = models.ForeignKey(
        "geo.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="study_groups",
    )
    room = models.CharField(_("room"), max_length=200, blank=True)
    schedule_text = models.CharField(_("schedule"), max_length=500, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        verbose_name = _("local study group")
        verbose_name_plural = _("local study groups")
        ordering: ClassVar = ["cohort", "pk"]

    def __str__(self) -> str:
        return f"{self.cohort}, {self.centre}"
