"""Forms of the catalogue's staff pages. They validate input; the services decide and write."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from livslang.catalog.models import Cohort as CohortModel
from livslang.catalog.models import (
    CohortStatus,
    CreditsUnit,
    Currency,
    EnrolmentMethod,
    LevelFramework,
    Mode,
    Offering,
    OfferingLanguage,
    Pace,
    ScheduleKind,
)
from livslang.catalog.services import OFFERING_FIELDS
from livslang.classifications.models import IscedField
from livslang.geo.models import CountryCode, Municipality
from livslang.organisations.forms import MunicipalityField, WebsiteField
from livslang.organisations.models import Kind, Organisation
from livslang.organisations.queries import centres_delivering_for

Choices = list[tuple[str, Any]]
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Local study group rows on the cohort form: group_<n>_<field>.
STUDY_GROUP_ROWS = (1, 2)
STUDY_GROUP_FIELD_NAMES = (
    "centre",
    "municipality",
    "room",
    "schedule_text",
    "contact_name",
    "contact_email",
)


def isced_choices(fields: Iterable[IscedField]) -> Choices:
    """ISCED-F fields grouped by their broad field (the broad field is the group's first
    option); the value is the code."""
    groups: dict[str, list[tuple[str, str]]] = {}
    labels: dict[str, str] = {}
    for field in sorted(fields, key=lambda f: f.code):
        broad = field.code[:2]
        if field.level == IscedField.Level.BROAD:
            labels[broad] = f"{field.code} {field.name_for()}"
        groups.setdefault(broad, []).append((field.code, f"{field.code} {field.name_for()}"))
    return [(labels.get(broad, broad), options) for broad, options in groups.items()]


def _text(label: Any, *, max_length: int, rows: int = 0, **kwargs: Any) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(
        label=label, required=False, max_length=max_length, widget=widget, **kwargs
    )


def _organisation_choices(organisations: Iterable[Organisation]) -> Choices:
    return [(o.slug, o.name) for o in organisations]


class OfferingForm(forms.Form):
    """An offering's description; the provider defaults to the organisation that keeps it."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = _text(
        _("Description"),
        max_length=10000,
        rows=8,
        help_text=_("Plain text. Leave an empty line between paragraphs."),
    )
    language = forms.ChoiceField(
        label=_("Language of the offering"), choices=OfferingLanguage.choices
    )
    provider = forms.ChoiceField(
        label=_("Provider"),
        help_text=_("The institution responsible for the offering."),
    )
    delivering_centres = forms.MultipleChoiceField(
        label=_("Delivering centres"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The education centres that bring this offering to their region."),
    )
    isced_field = forms.ChoiceField(label=_("Field of education (ISCED-F)"), required=False)
    topics = _text(
        _("Topics and skills"),
        max_length=1000,
        help_text=_("Separate them with commas."),
    )
    level_framework = forms.ChoiceField(
        label=_("Qualifications framework"), required=False, choices=LevelFramework.choices
    )
    level = forms.IntegerField(label=_("Level"), required=False, min_value=1, max_value=8)
    level_text = _text(_("Level in the provider's words"), max_length=200)
    credits_value = forms.DecimalField(
        label=_("Credits"), required=False, min_value=0, max_digits=6, decimal_places=1
    )
    credits_unit = forms.ChoiceField(
        label=_("Credit unit"), required=False, choices=CreditsUnit.choices
    )
    duration_text = _text(_("Duration"), max_length=200, help_text=_("For example “one semester”."))
    target_group = _text(_("Target group"), max_length=2000, rows=3)
    prerequisites = _text(
        _("Prerequisites"),
        max_length=2000,
        rows=3,
        help_text=_("Leave empty if there are none."),
    )
    admission_requirements = _text(_("Admission requirements"), max_length=2000, rows=3)
    funding_employer = forms.BooleanField(label=_("Can be paid by the employer"), required=False)
    funding_public_grant = forms.BooleanField(
        label=_("Eligible for public grants (e.g. Kompetansefondet, VEU-godtgørelse)"),
        required=False,
    )
    funding_loan = forms.BooleanField(
        label=_("Eligible for student loans or grants (Lånekassen, SU)"), required=False
    )
    campaign_tags = _text(
        _("Campaign and programme tags"),
        max_length=1000,
        help_text=_("Separate them with commas."),
    )
    external_url = WebsiteField(
        label=_("Web address at the provider"),
        required=False,
        max_length=500,
        help_text=_("The full address, starting with https://"),
    )

    def __init__(
        self,
        *args: Any,
        owner: Organisation,
        offering: Offering | None = None,
        **kwargs: Any,
    ) -> None:
        self.owner = owner
        current_centres = list(offering.delivering_centres.all()) if offering is not None else []
        current_provider = offering.provider if offering is not None else owner
        providers = Organisation.objects.approved().filter(
            country=owner.country, kind__in=[Kind.PROVIDER, Kind.CENTRE]
        )
        self.providers = {o.slug: o for o in [owner, current_provider, *providers.order_by("name")]}
        centres = centres_delivering_for(owner)
        self.centres = {o.slug: o for o in [*centres, *current_centres]}
        self.isced = {f.code: f for f in IscedField.objects.all()}
        if offering is not None:
            initial: dict[str, Any] = {
                name: getattr(offering, name)
                for name in OFFERING_FIELDS
                if name not in ("provider", "delivering_centres", "isced_field")
            }
            initial.update(
                provider=offering.provider.slug,
                delivering_centres=[c.slug for c in current_centres],
                isced_field=offering.isced_field.code if offering.isced_field else "",
                topics=", ".join(offering.topic_list),
                campaign_tags=", ".join(offering.campaign_tag_list),
            )
        else:
            initial = {
                "provider": owner.slug,
                "language": "da" if owner.country == "DK" else "nb",
                "delivering_centres": [owner.slug] if owner.kind == Kind.CENTRE else [],
            }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = _organisation_choices(self.providers.values())  # type: ignore[attr-defined]
        self.fields["delivering_centres"].choices = _organisation_choices(  # type: ignore[attr-defined]
            self.centres.values()
        )
        self.fields["isced_field"].choices = [  # type: ignore[attr-defined]
            ("", _("not given")),
            *isced_choices(self.isced.values()),
        ]

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in OFFERING_FIELDS}
        data["provider"] = self.providers[data["provider"]]
        data["delivering_centres"] = [self.centres[s] for s in data["delivering_centres"]]
        data["isced_field"] = self.isced.get(data["isced_field"]) if data["isced_field"] else None
        return data


def _yes_no_unknown(label: Any) -> forms.NullBooleanField:
    widget = forms.NullBooleanSelect()
    widget.choices = [("unknown", _("not given")), ("true", _("yes")), ("false", _("no"))]
    return forms.NullBooleanField(label=label, required=False, widget=widget)


class CohortForm(forms.Form):
    """One run of an offering, with up to two local study groups (for online and blended)."""

    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices, widget=forms.RadioSelect)
    delivering_centre = forms.ChoiceField(label=_("Delivering centre"), required=False)
    country = forms.ChoiceField(label=_("Country"), choices=CountryCode.choices)
    municipality = forms.Field(label=_("Municipality"))
    postcode = forms.CharField(
        label=_("Postcode"),
        required=False,
        max_length=4,
        help_text=_("For on-site and blended cohorts: where the teaching takes place."),
    )
    venue_name = _text(_("Venue"), max_length=200)
    start_date = forms.DateField(label=_("Start date"), widget=DATE_INPUT)
    end_date = forms.DateField(
        label=_("End date"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Only self-paced cohorts may leave it empty."),
    )
    schedule_kinds = forms.MultipleChoiceField(
        label=_("Schedule"),
        required=False,
        choices=ScheduleKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    schedule_text = _text(
        _("Schedule details"), max_length=500, help_text=_("For example “Tuesdays 18-21”.")
    )
    pace = forms.ChoiceField(label=_("Pace"), required=False, choices=Pace.choices)
    workload_text = _text(_("Workload"), max_length=200)
    price = forms.DecimalField(
        label=_("Price"), required=False, min_value=0, max_digits=10, decimal_places=2
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    seats = forms.IntegerField(label=_("Seats"), required=False, min_value=0)
    minimum_participants = forms.IntegerField(
        label=_("Minimum participants"), required=False, min_value=0
    )
    guaranteed_start = forms.BooleanField(label=_("Guaranteed start"), required=False)
    paid_empty_seats = forms.BooleanField(
        label=_("Empty seats paid for"),
        required=False,
        help_text=_("It may run below its minimum because someone pays for the empty seats."),
    )
    application_deadline = forms.DateField(
        label=_("Application deadline"), required=False, widget=DATE_INPUT
    )
    step_free_access = _yes_no_unknown(_("Step-free access"))
    hearing_loop = _yes_no_unknown(_("Hearing loop"))
    enrolment_method = forms.ChoiceField(
        label=_("How to sign up"), choices=EnrolmentMethod.choices, widget=forms.RadioSelect
    )
    application_url = WebsiteField(
        label=_("Application address"),
        required=False,
        max_length=500,
        help_text=_("Where people apply, when they apply at the provider."),
    )

    COHORT_FIELDS = (
        "mode",
        "delivering_centre",
        "country",
        "municipality",
        "postcode",
        "venue_name",
        "start_date",
        "end_date",
        "schedule_kinds",
        "schedule_text",
        "pace",
        "workload_text",
        "price",
        "currency",
        "seats",
        "minimum_participants",
        "guaranteed_start",
        "paid_empty_seats",
        "application_deadline",
        "step_free_access",
        "hearing_loop",
        "enrolment_method",
        "application_url",
    )

    def __init__(
        self,
        *args: Any,
        offering: Offering,
        cohort: CohortModel | None = None,
        **kwargs: Any,
    ) -> None:
        owner = offering.owner
        municipalities = list(Municipality.objects.valid_on().select_related("region"))
        groups = (
            list(cohort.study_groups.select_related("centre", "municipality")) if cohort else []
        )
        for municipality in [cohort.municipality if cohort else None] + [
            g.municipality for g in groups
        ]:
            if municipality is not None and municipality not in municipalities:
                municipalities.append(municipality)
        self.centres = {o.slug: o for o in centres_delivering_for(owner)}
        for centre in [cohort.delivering_centre if cohort else None] + [g.centre for g in groups]:
            if centre is not None:
                self.centres.setdefault(centre.slug, centre)
        if cohort is not None:
            initial: dict[str, Any] = {
                name: getattr(cohort, name)
                for name in self.COHORT_FIELDS
                if name not in ("delivering_centre", "municipality", "schedule_kinds")
            }
            initial.update(
                delivering_centre=cohort.delivering_centre.slug if cohort.delivering_centre else "",
                municipality=cohort.municipality.code if cohort.municipality else "",
                schedule_kinds=cohort.schedule_kind_list,
            )
            for row, group in zip(STUDY_GROUP_ROWS, groups, strict=False):
                initial.update(
                    {
                        f"group_{row}_centre": group.centre.slug,
                        f"group_{row}_municipality": group.municipality.code,
                        f"group_{row}_room": group.room,
                        f"group_{row}_schedule_text": group.schedule_text,
                        f"group_{row}_contact_name": group.contact_name,
                        f"group_{row}_contact_email": group.contact_email,
                    }
                )
        else:
            initial = {
                "mode": Mode.ON_SITE,
                "country": owner.country,
                "currency": Currency.DKK if owner.country == "DK" else Currency.NOK,
                "enrolment_method": EnrolmentMethod.LIVSLANG,
                "delivering_centre": owner.slug if owner.kind == Kind.CENTRE else "",
            }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields["municipality"] = MunicipalityField(
            label=_("Municipality"),
            municipalities=municipalities,
            required=False,
            help_text=_("For on-site and blended cohorts; filled from the postcode if empty."),
        )
        centre_choices = [("", _("not given")), *_organisation_choices(self.centres.values())]
        self.fields["delivering_centre"].choices = centre_choices  # type: ignore[attr-defined]
        for row in STUDY_GROUP_ROWS:
            prefix = f"group_{row}_"
            self.fields[prefix + "centre"] = forms.ChoiceField(
                label=_("Centre"), required=False, choices=centre_choices
            )
            self.fields[prefix + "municipality"] = MunicipalityField(
                label=_("Municipality of the study room"),
                municipalities=municipalities,
                required=False,
            )
            self.fields[prefix + "room"] = _text(_("Room"), max_length=200)
            self.fields[prefix + "schedule_text"] = _text(
                _("When the room is open"), max_length=500
            )
            self.fields[prefix + "contact_name"] = _text(_("Contact person"), max_length=200)
            self.fields[prefix + "contact_email"] = forms.EmailField(
                label=_("Contact e-mail"), required=False, max_length=254
            )

    def cohort_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.COHORT_FIELDS]

    def study_group_rows(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [
            (row, [self[f"group_{row}_{name}"] for name in STUDY_GROUP_FIELD_NAMES])
            for row in STUDY_GROUP_ROWS
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for row in STUDY_GROUP_ROWS:
            prefix = f"group_{row}_"
            centre, municipality = (
                cleaned.get(prefix + "centre"),
                cleaned.get(prefix + "municipality"),
            )
            others = [cleaned.get(prefix + n) for n in STUDY_GROUP_FIELD_NAMES[2:]]
            if (municipality or any(others)) and not centre:
                self.add_error(prefix + "centre", _("Choose the centre that hosts the room."))
            if centre and not municipality:
                self.add_error(
                    prefix + "municipality", _("Choose the municipality of the study room.")
                )
        return cleaned

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.COHORT_FIELDS}
        slug = data["delivering_centre"]
        data["delivering_centre"] = self.centres[slug] if slug else None
        return data

    def study_groups(self) -> list[dict[str, Any]]:
        groups = []
        for row in STUDY_GROUP_ROWS:
            prefix = f"group_{row}_"
            slug = self.cleaned_data.get(prefix + "centre")
            if not slug:
                continue
            group = {name: self.cleaned_data[prefix + name] for name in STUDY_GROUP_FIELD_NAMES}
            group["centre"] = self.centres[slug]
            groups.append(group)
        return groups


class CohortStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=CohortStatus.choices)
