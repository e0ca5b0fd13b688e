"""The search form: validates every GET parameter of the search page.

Numbers are clamped to their range rather than refused (a shared link with radius=100000
still works); values that cannot be understood are reported next to their field and left out
of the search, which runs with the rest.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from livslang.catalog.models import Mode, OfferingLanguage, Pace, ScheduleKind
from livslang.geo.models import CountryCode
from livslang.geo.queries import UnknownPlace, resolve_place
from livslang.search.engine import FACET_NAMES
from livslang.search.queries import DURATIONS, FUNDING, LEVELS, MAX_PAGE, Criteria, Sort

MAX_VALUES = 20
RADIUS_DEFAULT = 50
RADIUS_MAX = 500


class ValuesField(forms.MultipleChoiceField):
    """Several values from an open set (provider slugs, campaign tags), checked by pattern."""

    def __init__(self, *, pattern: str, max_length: int = 100, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pattern = re.compile(pattern)
        self.max_length = max_length

    def valid_value(self, value: str) -> bool:
        return len(value) <= self.max_length and bool(self.pattern.fullmatch(value))


def _clamp(value: Any, low: Any, high: Any) -> Any:
    if value is None:
        return None
    return max(low, min(high, value))


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("What do you want to learn?"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    place = forms.CharField(
        label=_("Near postcode or municipality"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    radius = forms.IntegerField(label=_("Distance in km"), required=False, min_value=0)
    exclude_online = forms.BooleanField(label=_("Leave out online cohorts"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=Sort.CHOICES)
    # Facets (rendered with their counts in the results).
    subjects = ValuesField(label=_("Field of education"), required=False, pattern=r"[0-9]{2}")
    levels = forms.MultipleChoiceField(label=_("Level"), required=False, choices=LEVELS)
    durations = forms.MultipleChoiceField(label=_("Duration"), required=False, choices=DURATIONS)
    modes = forms.MultipleChoiceField(
        label=_("How it is taught"), required=False, choices=Mode.choices
    )
    schedules = forms.MultipleChoiceField(
        label=_("When"), required=False, choices=ScheduleKind.choices
    )
    paces = forms.MultipleChoiceField(
        label=_("Pace"), required=False, choices=[c for c in Pace.choices if c[0]]
    )
    funding = forms.MultipleChoiceField(label=_("Funding"), required=False, choices=FUNDING)
    languages = forms.MultipleChoiceField(
        label=_("Language of teaching"), required=False, choices=OfferingLanguage.choices
    )
    organisations = ValuesField(
        label=_("Provider or centre"), required=False, pattern=r"[-a-z0-9_]+"
    )
    campaigns = ValuesField(label=_("Campaign"), required=False, pattern=r"[^\x00-\x1f<>]+")
    free = forms.BooleanField(label=_("Free of charge"), required=False)
    no_prerequisites = forms.BooleanField(label=_("No prerequisites"), required=False)
    step_free = forms.BooleanField(label=_("Step-free venue"), required=False)
    open_now = forms.BooleanField(label=_("Application open now"), required=False)
    study_group = forms.BooleanField(label=_("Local study group"), required=False)
    # Ranges.
    credits_min = forms.DecimalField(
        label=_("Credits from"), required=False, min_value=0, decimal_places=1, max_digits=6
    )
    credits_max = forms.DecimalField(
        label=_("Credits up to"), required=False, min_value=0, decimal_places=1, max_digits=6
    )
    price_max = forms.IntegerField(label=_("Highest price"), required=False, min_value=0)
    start_from = forms.DateField(
        label=_("Starts on or after"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    start_to = forms.DateField(
        label=_("Starts on or before"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    page = forms.IntegerField(required=False, widget=forms.HiddenInput)

    FACET_NAMES = FACET_NAMES

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [  # type: ignore[attr-defined]
            ("", _("Norway or Denmark")),
            *CountryCode.choices,
        ]
        self.fields["radius"].widget.attrs.update({"min": 1, "max": RADIUS_MAX})
        self.fields["radius"].help_text = _(
            "Online cohorts are included unless you leave them out."
        )
        self.place_found: Any = None

    def _limited(self, name: str) -> list[str]:
        values = self.cleaned_data.get(name) or []
        if len(values) > MAX_VALUES:
            raise ValidationError(
                _("Choose at most %(count)d values."), params={"count": MAX_VALUES}
            )
        return list(values)

    def clean_organisations(self) -> list[str]:
        return self._limited("organisations")

    def clean_campaigns(self) -> list[str]:
        return self._limited("campaigns")

    def _show(self, name: str, value: Any) -> Any:
        """Show the clamped value in the form, not the one in the address."""
        if value is not None and name in self.data and str(self.data.get(name)) != str(value):
            data = QueryDict(mutable=True)
            data.update(self.data)
            data.setlist(name, [str(value)])
            self.data = data
        return value

    def clean_radius(self) -> int:
        value = self.cleaned_data.get("radius")
        return self._show(
            "radius", int(_clamp(value if value is not None else RADIUS_DEFAULT, 1, RADIUS_MAX))
        )

    def clean_price_max(self) -> int | None:
        return self._show("price_max", _clamp(self.cleaned_data.get("price_max"), 0, 10_000_000))

    def clean_credits_min(self) -> Decimal | None:
        return _clamp(self.cleaned_data.get("credits_min"), Decimal(0), Decimal(1000))

    def clean_credits_max(self) -> Decimal | None:
        return _clamp(self.cleaned_data.get("credits_max"), Decimal(0), Decimal(1000))

    def clean_page(self) -> int:
        value = self.cleaned_data.get("page")
        return self._show("page", int(_clamp(value if value is not None else 1, 1, MAX_PAGE)))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = (data.get("place") or "").strip()
        if text:
            try:
                self.place_found = resolve_place(query=text, country=data.get("country") or None)
            except UnknownPlace as error:
                self.add_error("place", str(error))
        start_from, start_to = data.get("start_from"), data.get("start_to")
        if start_from and start_to and start_to < start_from:
            self.add_error("start_to", _("The latest start must not be before the earliest."))
        return data

    def criteria(self) -> Criteria:
        """What to search for: the valid parts of the form (errors are shown beside)."""
        if not self.is_bound:
            return Criteria()
        self.is_valid()
        data = self.cleaned_data

        def chosen(name: str) -> frozenset[str]:
            return frozenset(data.get(name) or [])

        def number(name: str) -> float | None:
            value = data.get(name)
            return float(value) if value is not None else None

        sort = data.get("sort") or Sort.RELEVANCE
        if sort == Sort.DISTANCE and self.place_found is None:
            sort = Sort.START
        return Criteria(
            text=(data.get("q") or "").strip() if "q" in data else "",
            subjects=chosen("subjects"),
            levels=chosen("levels"),
            durations=chosen("durations"),
            modes=chosen("modes"),
            schedules=chosen("schedules"),
            paces=chosen("paces"),
            funding=chosen("funding"),
            languages=chosen("languages"),
            organisations=chosen("organisations"),
            campaigns=chosen("campaigns"),
            credits_min=number("credits_min"),
            credits_max=number("credits_max"),
            price_max=number("price_max"),
            free=bool(data.get("free")),
            no_prerequisites=bool(data.get("no_prerequisites")),
            step_free=bool(data.get("step_free")),
            open_now=bool(data.get("open_now")),
            study_group=bool(data.get("study_group")),
            start_from=data.get("start_from"),
            start_to=data.get("start_to") if "start_to" in data else None,
            place=self.place_found,
            radius_km=data.get("radius") or RADIUS_DEFAULT,
            exclude_online=bool(data.get("exclude_online")),
            sort=sort,
            page=data.get("page") or 1,
        )
