"""Forms of the saved searches and interests (sign-up itself needs no form: one button)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from livslang.geo.models import CountryCode
from livslang.search.forms import RADIUS_DEFAULT, RADIUS_MAX


class SaveSearchForm(forms.Form):
    """The search page's address state, sent by its "Save this search" button."""

    query = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)


class InterestForm(forms.Form):
    """Where the person wants the offering to run: a place and a distance."""

    place = forms.CharField(
        label=_("Near postcode or municipality"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    radius = forms.IntegerField(
        label=_("Distance in km"),
        min_value=1,
        max_value=RADIUS_MAX,
        initial=RADIUS_DEFAULT,
        help_text=_("Online cohorts are always included."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [  # type: ignore[attr-defined]
            ("", _("Norway or Denmark")),
            *CountryCode.choices,
        ]


class PledgeForm(forms.Form):
    """An employer's pledge: which organisation, and how many it will send."""

    organisation = forms.ChoiceField(label=_("Employer"))
    participants = forms.IntegerField(
        label=_("Participants you will send"), min_value=1, max_value=1000
    )

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {o.slug: o for o in organisations}
        self.fields["organisation"].choices = [  # type: ignore[attr-defined]
            (o.slug, o.name) for o in organisations
        ]
