"""Forms of brokerage: a course request, the provider's answer, a proposed cohort."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from livslang.brokerage.models import RequestKind, RequestStatus

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE_INPUT)


class _Dates(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        deadline = data.get("application_deadline")
        if start and end and end < start:
            self.add_error("end_date", _("End date: it cannot be before the start."))
        if start and deadline and deadline > start:
            self.add_error("application_deadline", _("Deadline: it cannot be after the start."))
        return data


def _need_label(need: Any) -> str:
    """An employer's need by its title; a person's need only by its size and place (a centre
    never sees who an adult is before they sign up)."""
    if need.organisation is not None:
        return f"{need.title} - {need.organisation.name} ({need.participants})"
    return str(
        _("a person's need in %(place)s (%(count)d)")
        % {"place": need.municipality.name if need.municipality else "", "count": need.participants}
    )


class CourseRequestForm(_Dates):
    offering = forms.ChoiceField(label=_("Offering"))
    kind = forms.ChoiceField(
        label=_("What you ask for"), choices=RequestKind.choices, widget=forms.RadioSelect
    )
    municipality = forms.ChoiceField(label=_("Municipality"))
    venue_name = forms.CharField(label=_("Place"), max_length=200, required=False)
    start_date = _date(_("Proposed start"))
    end_date = _date(_("Proposed end"))
    application_deadline = _date(_("Enrolment deadline"))
    minimum_participants = forms.IntegerField(
        label=_("Minimum participants"), min_value=1, max_value=1000
    )
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=1000)
    needs = forms.MultipleChoiceField(
        label=_("Competence needs behind the request"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    message = forms.CharField(
        label=_("Message to the provider"), max_length=4000, required=False, widget=forms.Textarea
    )

    def __init__(
        self,
        *args: Any,
        offerings: list[Any],
        municipalities: list[Any],
        needs: list[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.offerings = {str(o.public_id): o for o in offerings}
        self.municipalities = {str(m.pk): m for m in municipalities}
        self.need_choices = {str(n.public_id): n for n in needs}
        self.fields["offering"].choices = [  # type: ignore[attr-defined]
            (key, f"{o.title} ({o.provider.name})") for key, o in self.offerings.items()
        ]
        self.fields["municipality"].choices = [  # type: ignore[attr-defined]
            (str(m.pk), m.name) for m in municipalities
        ]
        self.fields["needs"].choices = [  # type: ignore[attr-defined]
            (key, _need_label(n)) for key, n in self.need_choices.items()
        ]

    def request_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "municipality": self.municipalities[data["municipality"]],
            "venue_name": data["venue_name"],
            "start_date": data["start_date"],
            "end_date": data["end_date"],
            "application_deadline": data["application_deadline"],
            "minimum_participants": data["minimum_participants"],
            "seats": data["seats"],
            "message": data["message"],
        }


ANSWERS = [
    (RequestStatus.ACCEPTED, _("accept (a planned cohort is made)")),
    (RequestStatus.COUNTERED, _("propose other dates")),
    (RequestStatus.DECLINED, _("decline")),
]


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Answer"), choices=ANSWERS, widget=forms.RadioSelect)
    terms = forms.CharField(
        label=_("Terms, reasons or proposal"),
        max_length=4000,
        required=False,
        widget=forms.Textarea,
    )
    start_date = forms.DateField(label=_("Start you propose"), required=False, widget=DATE_INPUT)
    end_date = forms.DateField(label=_("End you propose"), required=False, widget=DATE_INPUT)


class ProposeForm(_Dates):
    offering = forms.ChoiceField(label=_("Offering"))
    venue_name = forms.CharField(label=_("Place"), max_length=200, required=False)
    start_date = _date(_("Start date"))
    end_date = _date(_("End date"))
    application_deadline = _date(_("Application deadline"))
    minimum_participants = forms.IntegerField(
        label=_("Minimum participants"), min_value=1, max_value=1000
    )
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=1000)
    cluster = forms.CharField(widget=forms.HiddenInput, max_length=300)

    def __init__(self, *args: Any, offerings: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offerings = {str(o.public_id): o for o in offerings}
        self.fields["offering"].choices = [  # type: ignore[attr-defined]
            (key, o.title) for key, o in self.offerings.items()
        ]

    def cohort_data(self, municipality: Any) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "mode": "on_site",
            "country": municipality.country_id,
            "municipality": municipality,
            "venue_name": data["venue_name"],
            "start_date": data["start_date"],
            "end_date": data["end_date"],
            "application_deadline": data["application_deadline"],
            "minimum_participants": data["minimum_participants"],
            "seats": data["seats"],
        }
