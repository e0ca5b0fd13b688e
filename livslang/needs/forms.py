"""The need form: plain language first, then the constraints a course must meet."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from livslang.catalog.models import Mode, ScheduleKind
from livslang.geo.models import CountryCode
from livslang.needs.models import (
    NeedLevel,
    NeedStatus,
    TeachingLanguage,
    Visibility,
)
from livslang.organisations.models import ContentLanguage

PERSONAL = "__me__"


class NeedForm(forms.Form):
    owner = forms.ChoiceField(label=_("Registered for"))
    title = forms.CharField(label=_("Short title"), max_length=120)
    text = forms.CharField(
        label=_("What do you need? In your own words"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Describe the situation: who needs to learn what, and why. "
            "We suggest topics from your words."
        ),
    )
    language = forms.ChoiceField(label=_("Language of your text"), choices=ContentLanguage.choices)
    topics = forms.MultipleChoiceField(
        label=_("Suggested topics"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the topics that describe your need."),
    )
    other_topics = forms.CharField(
        label=_("Other topics (comma-separated)"), max_length=500, required=False
    )
    level = forms.ChoiceField(label=_("Level"), choices=NeedLevel.choices, required=False)
    participants = forms.IntegerField(
        label=_("Number of participants"), min_value=1, max_value=10000
    )
    country = forms.ChoiceField(label=_("Country"), choices=CountryCode.choices)
    postcode = forms.CharField(label=_("Postcode of the workplace or home"), max_length=4)
    earliest_start = forms.DateField(
        label=_("Earliest start"), widget=forms.DateInput(attrs={"type": "date"})
    )
    latest_start = forms.DateField(
        label=_("Latest start"), widget=forms.DateInput(attrs={"type": "date"})
    )
    modes = forms.MultipleChoiceField(
        label=_("Acceptable modes"),
        choices=Mode.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    schedules = forms.MultipleChoiceField(
        label=_("Acceptable times"),
        choices=ScheduleKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick none if any time will do."),
    )
    max_travel_km = forms.IntegerField(
        label=_("Longest travel distance (km)"),
        min_value=1,
        max_value=3000,
        required=False,
        help_text=_("For on-site and blended courses. Empty: no limit."),
    )
    max_price = forms.DecimalField(
        label=_("Highest price per participant (in your country's currency)"),
        min_value=0,
        max_digits=10,
        decimal_places=0,
        required=False,
    )
    teaching_language = forms.ChoiceField(
        label=_("Teaching language required"), choices=TeachingLanguage.choices, required=False
    )
    visibility = forms.ChoiceField(
        label=_("Who may see the need"), choices=Visibility.choices, initial=Visibility.PRIVATE
    )

    def __init__(
        self, *args: Any, owners: list[tuple[str, str]], suggestions: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owners  # type: ignore[attr-defined]
        # Suggestions follow the text as it is typed (htmx); without JavaScript, the
        # "Suggest topics" button does the same with a full page.
        self.fields["text"].widget.attrs.update(
            {
                "data-hx-post": reverse("needs:suggest"),
                "data-hx-trigger": "input changed delay:700ms",
                "data-hx-target": "#topic-suggestions",
                "data-hx-swap": "innerHTML",
            }
        )
        choices = list(dict.fromkeys(suggestions))
        self.fields["topics"].choices = [(t, t) for t in choices]  # type: ignore[attr-defined]
        if not choices:
            self.fields["topics"].widget = forms.MultipleHiddenInput()
        if not self.is_bound:
            language = (get_language() or "nb")[:2]
            self.fields["language"].initial = (
                language if language in ContentLanguage.values else "nb"
            )
            today = timezone.localdate()
            self.fields["earliest_start"].initial = today
            self.fields["latest_start"].initial = today.replace(year=today.year + 1)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        earliest, latest = data.get("earliest_start"), data.get("latest_start")
        if earliest and latest and latest < earliest:
            self.add_error(
                "latest_start", _("The latest start must be on or after the earliest start.")
            )
        postcode = (data.get("postcode") or "").strip()
        data["postcode"] = postcode
        return data

    def need_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        topics = list(data.get("topics") or [])
        for extra in (data.get("other_topics") or "").split(","):
            extra = extra.strip()
            if extra and extra not in topics:
                topics.append(extra[:80])
        return {
            "title": data["title"],
            "text": data["text"],
            "language": data["language"],
            "topics": topics[:20],
            "level": data.get("level") or "",
            "participants": data["participants"],
            "country": data["country"],
            "postcode": data["postcode"],
            "earliest_start": data["earliest_start"],
            "latest_start": data["latest_start"],
            "modes": list(data["modes"]),
            "schedules": list(data.get("schedules") or []),
            "max_price": data.get("max_price"),
            "max_travel_km": data.get("max_travel_km"),
            "teaching_language": data.get("teaching_language") or "",
            "visibility": data["visibility"],
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=NeedStatus.choices)


def initial_from(need: Any) -> dict[str, Any]:
    return {
        "owner": need.organisation.slug if need.organisation_id else PERSONAL,
        "title": need.title,
        "text": need.text,
        "language": need.language,
        "topics": need.topics,
        "level": need.level,
        "participants": need.participants,
        "country": need.country,
        "postcode": need.postcode,
        "earliest_start": need.earliest_start,
        "latest_start": need.latest_start,
        "modes": need.modes,
        "schedules": need.schedules,
        "max_price": need.max_price,
        "max_travel_km": need.max_travel_km,
        "teaching_language": need.teaching_language,
        "visibility": need.visibility,
    }
