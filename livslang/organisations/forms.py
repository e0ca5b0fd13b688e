"""Forms of the organisation pages. They validate input; the services decide and write."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField, BoundWidget
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from livslang.geo.models import Municipality, Region, country_name
from livslang.organisations.models import (
    CentreProfile,
    ContentLanguage,
    Kind,
    Organisation,
    Ownership,
    Role,
    validate_website,
)
from livslang.organisations.queries import group_by_region

Choices = list[tuple[str, Any]]


class WebsiteField(forms.URLField):
    """A web address; only http and https (never ``javascript:`` and the like)."""

    default_validators = [validate_website]
    default_error_messages = {"invalid": validate_website.message}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("assume_scheme", "https")
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)


def _valid_municipalities(country: str | None) -> list[Municipality]:
    found = Municipality.objects.valid_on().select_related("region")
    if country:
        found = found.for_country(country)
    return list(found)


def municipality_choices(municipalities: Iterable[Municipality]) -> Choices:
    """Municipalities as choices grouped by county or region; the value is the official code
    (NO codes have four digits, DK codes three, so they never clash)."""
    return [
        (
            group.region.name,
            [(m.code, m.name) for m in group.municipalities],
        )
        for group in group_by_region(municipalities)
    ]


def region_choices() -> Choices:
    regions = Region.objects.valid_on().order_by("country_id", "name")
    grouped: dict[str, list[tuple[str, str]]] = {}
    for region in regions:
        grouped.setdefault(country_name(region.country_id), []).append((region.code, region.name))
    return list(grouped.items())


class MunicipalityField(forms.ChoiceField):
    """One municipality, chosen from a list grouped by county/region; cleans to the object."""

    def __init__(self, *, municipalities: list[Municipality], **kwargs: Any) -> None:
        self.by_code = {m.code: m for m in municipalities}
        kwargs.setdefault(
            "choices", [("", _("Choose a municipality")), *municipality_choices(municipalities)]
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Municipality | None:
        code = super().clean(value)
        return self.by_code.get(code) if code else None


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    region = forms.ChoiceField(label=_("County or region"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *Kind.choices]  # type: ignore[attr-defined]
        self.fields["region"].choices = [  # type: ignore[attr-defined]
            ("", _("All counties and regions")),
            *region_choices(),
        ]
        self.fields["municipality"].choices = [  # type: ignore[attr-defined]
            ("", _("All municipalities")),
            *municipality_choices(_valid_municipalities(None)),
        ]

    def filters(self) -> dict[str, str]:
        """The filters that are valid (a wrong value is reported and ignored)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}


class OrganisationFieldsMixin(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    home_municipality = forms.Field(label=_("Home municipality"))
    website = WebsiteField(
        label=_("Website"),
        required=False,
        help_text=_("The full address, starting with https://"),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Plain text. Leave an empty line between paragraphs."),
    )
    description_language = forms.ChoiceField(
        label=_("Language of the description"),
        choices=ContentLanguage.choices,
    )

    def _set_municipalities(self, country: str | None) -> None:
        self.fields["home_municipality"] = MunicipalityField(
            label=_("Home municipality"),
            municipalities=_valid_municipalities(country),
        )


class RequestOrganisationForm(OrganisationFieldsMixin):
    field_order = ("name", "kind", "home_municipality", "website", "description")
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_municipalities(None)
        self.fields["home_municipality"].help_text = _(
            "Where the organisation is based. Its country follows from the municipality."
        )
        self.order_fields(self.field_order)

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        municipality: Municipality = data["home_municipality"]
        data["country"] = municipality.country_id
        return data


@dataclass(frozen=True)
class ChoiceGroup:
    label: str
    widgets: list[BoundWidget]

    @property
    def chosen(self) -> int:
        return sum(1 for w in self.widgets if w.data.get("selected"))

    @property
    def chosen_label(self) -> str:
        count = self.chosen
        return ngettext("%(count)d chosen", "%(count)d chosen", count) % {"count": count}


def _centre_fields() -> dict[str, forms.Field]:
    return {
        "ownership": forms.ChoiceField(label=_("Ownership"), required=False),
        "organisation_form": forms.CharField(
            label=_("Form of organisation"),
            required=False,
            max_length=100,
            help_text=_("For example a limited company, a foundation or a municipal unit."),
        ),
        "municipalities_served": forms.MultipleChoiceField(
            label=_("Municipalities served"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        ),
        "has_study_rooms": forms.BooleanField(label=_("Study rooms"), required=False),
        "has_exam_facilities": forms.BooleanField(label=_("Exam facilities"), required=False),
        "has_video_rooms": forms.BooleanField(label=_("Video conference rooms"), required=False),
        "other_facilities": forms.CharField(
            label=_("Other facilities"),
            required=False,
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 3}),
        ),
        "partner_providers": forms.MultipleChoiceField(
            label=_("Partner providers"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Universities, colleges and schools whose courses the centre delivers."),
        ),
    }


PROFILE_FIELDS = ("name", "home_municipality", "website", "description", "description_language")
CENTRE_ABOUT_FIELDS = ("ownership", "organisation_form")
FACILITY_FIELDS = ("has_study_rooms", "has_exam_facilities", "has_video_rooms", "other_facilities")


class EditOrganisationForm(OrganisationFieldsMixin):
    """The profile an organisation's editors keep; for a centre also its centre profile."""

    def __init__(
        self,
        *args: Any,
        organisation: Organisation,
        profile: CentreProfile | None = None,
        providers: Iterable[Organisation] = (),
        **kwargs: Any,
    ) -> None:
        self.organisation = organisation
        self.is_centre = profile is not None
        initial: dict[str, Any] = {
            "name": organisation.name,
            "home_municipality": organisation.home_municipality.code,
            "website": organisation.website,
            "description": organisation.description,
            "description_language": organisation.description_language,
        }
        self.municipalities: dict[str, Municipality] = {}
        self.providers: dict[str, Organisation] = {}
        if profile is not None:
            self.municipalities = {m.code: m for m in _valid_municipalities(organisation.country)}
            # An area served that has since ended (a merger) stays until someone unticks it.
            served = (
                list(profile.municipalities_served.select_related("region")) if profile.pk else []
            )
            for municipality in served:
                self.municipalities.setdefault(municipality.code, municipality)
            partners = list(profile.partner_providers.all()) if profile.pk else []
            self.providers = {p.slug: p for p in [*providers, *partners] if p.pk != organisation.pk}
            initial.update(
                {
                    "ownership": profile.ownership,
                    "organisation_form": profile.organisation_form,
                    "municipalities_served": [m.code for m in served],
                    "has_study_rooms": profile.has_study_rooms,
                    "has_exam_facilities": profile.has_exam_facilities,
                    "has_video_rooms": profile.has_video_rooms,
                    "other_facilities": profile.other_facilities,
                    "partner_providers": [p.slug for p in partners],
                }
            )
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self._set_municipalities(organisation.country)
        self.fields["home_municipality"].help_text = _("A municipality in %(country)s.") % {
            "country": country_name(organisation.country)
        }
        if profile is not None:
            self.fields.update(_centre_fields())
            self.fields["ownership"].choices = [  # type: ignore[attr-defined]
                ("", _("Not stated")),
                *Ownership.choices,
            ]
            self.fields["municipalities_served"].choices = municipality_choices(  # type: ignore[attr-defined]
                self.municipalities.values()
            )
            self.fields["partner_providers"].choices = [  # type: ignore[attr-defined]
                (slug, provider.name) for slug, provider in self.providers.items()
            ]

    def profile_fields(self) -> list[BoundField]:
        return [self[name] for name in PROFILE_FIELDS]

    def centre_about_fields(self) -> list[BoundField]:
        return [self[name] for name in CENTRE_ABOUT_FIELDS] if self.is_centre else []

    def facility_fields(self) -> list[BoundField]:
        return [self[name] for name in FACILITY_FIELDS] if self.is_centre else []

    def served_groups(self) -> list[ChoiceGroup]:
        """The municipality checkboxes grouped by county or region, for the template."""
        if not self.is_centre:
            return []
        bound = self["municipalities_served"]
        widgets = {str(w.data["value"]): w for w in bound.subwidgets}
        choices: Choices = self.fields["municipalities_served"].choices  # type: ignore[attr-defined]
        return [
            ChoiceGroup(label=str(label), widgets=[widgets[code] for code, _name in options])
            for label, options in choices
        ]

    def organisation_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS}

    def centre_fields(self) -> dict[str, Any] | None:
        if not self.is_centre:
            return None
        data = {name: self.cleaned_data[name] for name in (*CENTRE_ABOUT_FIELDS, *FACILITY_FIELDS)}
        data["municipalities_served"] = [
            self.municipalities[code] for code in self.cleaned_data["municipalities_served"]
        ]
        data["partner_providers"] = [
            self.providers[slug] for slug in self.cleaned_data["partner_providers"]
        ]
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for rejection"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the person who asked. Required when you reject."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give a reason, so the requester knows why."))
        return cleaned


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.VIEWER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on ``form``: on the field it names, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


__all__ = [
    "DecisionForm",
    "DirectoryFilterForm",
    "EditOrganisationForm",
    "InviteForm",
    "RequestOrganisationForm",
    "RoleForm",
    "WebsiteField",
    "add_service_error",
]
