"""Forms of the programme pages. They validate input; the services decide and write."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from livslang.geo.models import Region
from livslang.organisations.models import Organisation
from livslang.programmes import computed
from livslang.programmes.models import (
    Action,
    ActionStatus,
    Agreement,
    Commitment,
    CoordinationGroup,
    EvidenceKind,
    Experience,
    Goal,
    Indicator,
    IndicatorSource,
    Initiative,
    Meeting,
    PartnerRole,
    Programme,
    Represents,
    Track,
)
from livslang.programmes.queries import candidate_organisations

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _organisation_field(required: bool, label: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=candidate_organisations(), to_field_name="slug", required=required, label=label
    )


class ServiceModelForm(forms.ModelForm):
    """A model form that only reads and converts input: the service applies it to the object
    and runs the model's validation (so the object is never changed before the service
    compares old and new values for the audit log)."""

    def _post_clean(self) -> None:
        pass


class ProgrammeForm(ServiceModelForm):
    region = forms.ModelChoiceField(
        queryset=Region.objects.valid_on().order_by("country", "name"),
        to_field_name="code",
        required=False,
        label=_("Region"),
        help_text=_("Computed indicators count what happens in this county or region."),
    )

    class Meta:
        model = Programme
        fields = ("name", "description", "region", "start_date", "end_date", "status", "is_public")
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT}


class NewProgrammeForm(ProgrammeForm):
    owner = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        to_field_name="slug",
        label=_("Secretariat"),
        help_text=_("The organisation that runs the programme. You can add more later."),
    )

    def __init__(self, *args: Any, owners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if owners is not None:
            cast(forms.ModelChoiceField, self.fields["owner"]).queryset = owners


class PartnerForm(forms.Form):
    organisation = _organisation_field(True, _("Organisation"))
    role = forms.ChoiceField(choices=PartnerRole.choices, label=_("Role"), initial="partner")


class RemovePartnerForm(forms.Form):
    remove = _organisation_field(True, _("Organisation"))


class TrackForm(ServiceModelForm):
    owners = forms.ModelMultipleChoiceField(
        queryset=candidate_organisations(),
        to_field_name="slug",
        label=_("Owning organisations"),
        help_text=_("Their editors and administrators update the track's goals and actions."),
    )

    class Meta:
        model = Track
        fields = ("name", "purpose", "owners", "tag", "contact_name", "contact_email", "position")


class GoalForm(ServiceModelForm):
    parent = forms.ModelChoiceField(
        queryset=Goal.objects.none(),
        to_field_name="public_id",
        required=False,
        label=_("Contributes to"),
        help_text=_("The programme goal this track goal feeds, with the weight below."),
    )

    class Meta:
        model = Goal
        fields = ("name", "description", "parent", "weight", "position")

    def __init__(self, *args: Any, programme: Programme, for_track: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if for_track:
            cast(forms.ModelChoiceField, self.fields["parent"]).queryset = Goal.objects.filter(
                programme=programme, track__isnull=True
            ).order_by("position", "pk")
        else:
            del self.fields["parent"]
            del self.fields["weight"]


class IndicatorForm(ServiceModelForm):
    """The goal's indicator; leave the name empty for a goal without one."""

    computed_kind = forms.ChoiceField(
        choices=[("", _("not computed"))], required=False, label=_("Computed as")
    )

    class Meta:
        model = Indicator
        fields = (
            "name",
            "unit",
            "direction",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "source",
            "computed_kind",
            "interval_months",
        )
        widgets = {"baseline_date": DATE_INPUT, "target_date": DATE_INPUT}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["prefix"] = "indicator"
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["computed_kind"]).choices = [
            ("", _("not computed")),
            *computed.choices(),
        ]
        for name in self.fields:
            self.fields[name].required = False
        self.fields["name"].help_text = _(
            "Leave empty for a goal measured only through the goals that contribute to it; "
            "an indicator the goal already has is kept."
        )

    @property
    def wanted(self) -> bool:
        return bool(self.is_bound and (self.data.get(self.add_prefix("name")) or "").strip())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.wanted:
            return cleaned
        for name in (
            "direction",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "source",
            "interval_months",
        ):
            if cleaned.get(name) in (None, ""):
                self.add_error(name, _("Fill this in for the indicator."))
        return cleaned

    def indicator_data(self) -> dict[str, Any] | None:
        if not self.wanted:
            return None
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        data["computed_kind"] = data["computed_kind"] or ""
        data["unit"] = data["unit"] or ""
        if data["source"] != IndicatorSource.COMPUTED:
            data["computed_kind"] = ""
        return data


class MeasurementForm(forms.Form):
    measured_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    value = forms.DecimalField(
        label=_("Value"),
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text=_("Leave empty for a computed indicator: Livslang computes the value."),
    )
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)


class MeasurementImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, with a first line naming the columns date, value and (optionally) comment; "
            "dates as 2026-12-31, comma or semicolon between columns. Nothing is stored unless "
            "every row is right."
        ),
    )


class ActionForm(ServiceModelForm):
    responsible_organisation = _organisation_field(False, _("Responsible organisation"))
    goals = forms.ModelMultipleChoiceField(
        queryset=Goal.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Linked goals"),
    )

    class Meta:
        model = Action
        fields = (
            "title",
            "description",
            "responsible_organisation",
            "responsible_person",
            "start_date",
            "due_date",
            "status",
            "progress",
            "goals",
        )
        widgets = {"start_date": DATE_INPUT, "due_date": DATE_INPUT}

    def __init__(self, *args: Any, track: Track, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The programme's overall goals and this track's own goals.
        cast(forms.ModelMultipleChoiceField, self.fields["goals"]).queryset = (
            Goal.objects.filter(programme_id=track.programme_id)
            .filter(Q(track__isnull=True) | Q(track=track))
            .order_by("track__position", "position", "pk")
        )


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices, label=_("Status"))
    progress = forms.IntegerField(
        label=_("Progress (%)"), min_value=0, max_value=100, required=False
    )


class InitiativeForm(ServiceModelForm):
    owner = _organisation_field(False, _("Owner"))
    tracks = forms.ModelMultipleChoiceField(
        queryset=Track.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Tracks it serves"),
    )

    class Meta:
        model = Initiative
        fields = ("name", "description", "owner", "tracks", "started_on", "is_new")
        widgets = {"started_on": DATE_INPUT}

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["tracks"]).queryset = Track.objects.filter(
            programme=programme
        ).order_by("position", "name")


DUE_CHOICES = [
    ("", _("any due date")),
    ("overdue", _("overdue")),
    ("upcoming", _("due in the next 60 days")),
    ("none", _("no due date")),
]


class ActionFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("", _("any status")), *ActionStatus.choices], required=False, label=_("Status")
    )
    responsible = forms.ChoiceField(
        choices=[("", _("anyone"))], required=False, label=_("Responsible organisation")
    )
    due = forms.ChoiceField(choices=DUE_CHOICES, required=False, label=_("Due"))

    def __init__(self, *args: Any, organisations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["responsible"]).choices = [
            ("", _("anyone")),
            *((o.slug, o.name) for o in organisations),
        ]

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class ReportPeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE_INPUT)
    end = forms.DateField(label=_("To"), widget=DATE_INPUT)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            raise ValidationError(_("The period cannot end before it starts."))
        return cleaned


# --- The coordination group ---------------------------------------------------------------


class GroupForm(ServiceModelForm):
    class Meta:
        model = CoordinationGroup
        fields = ("name", "mandate")


class GroupMemberForm(forms.Form):
    """A person from one of the programme's organisations, and what they represent."""

    member = forms.ChoiceField(label=_("Person"), choices=())
    represents = forms.ChoiceField(label=_("Represents"), choices=Represents.choices)

    def __init__(self, *args: Any, memberships: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.memberships = {str(m.public_id): m for m in memberships}
        cast(forms.ChoiceField, self.fields["member"]).choices = [
            ("", "—"),
            *(
                (key, f"{m.user.full_name or m.user.email} ({m.organisation.name})")
                for key, m in self.memberships.items()
            ),
        ]

    def membership(self) -> Any:
        return self.memberships[self.cleaned_data["member"]]


class MeetingForm(ServiceModelForm):
    class Meta:
        model = Meeting
        fields = ("title", "held_on", "place", "agenda", "minutes")
        widgets = {"held_on": DATE_INPUT}


class DecisionForm(forms.Form):
    """A decision with, optionally, one follow-up for a responsible organisation."""

    text = forms.CharField(label=_("Decision"), max_length=3000, widget=forms.Textarea)
    follow_up = forms.CharField(
        label=_("Follow-up"),
        max_length=300,
        required=False,
        help_text=_("What must be done, in a few words (leave empty for no follow-up)."),
    )
    responsible_organisation = _organisation_field(False, _("Responsible organisation"))
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DATE_INPUT)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("follow_up") and not data.get("responsible_organisation"):
            self.add_error("responsible_organisation", _("Choose who follows the decision up."))
        if not data.get("follow_up") and (
            data.get("responsible_organisation") or data.get("due_date")
        ):
            self.add_error("follow_up", _("Describe the follow-up."))
        return data

    def follow_ups(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        if not data.get("follow_up"):
            return []
        return [
            {
                "title": data["follow_up"],
                "responsible_organisation": data["responsible_organisation"],
                "due_date": data.get("due_date"),
            }
        ]


class FollowUpStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices, label=_("Status"))


# --- Agreements -----------------------------------------------------------------------------


class RegionalActionForm(ServiceModelForm):
    commitment = forms.ModelChoiceField(
        queryset=Commitment.objects.none(), to_field_name="public_id", label=_("Commitment")
    )
    responsible_organisation = _organisation_field(False, _("Responsible organisation"))

    class Meta:
        model = Action
        fields = ("title", "description", "responsible_organisation", "due_date", "status")
        widgets = {"due_date": DATE_INPUT}

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["commitment"]
        ).queryset = agreement.commitments.order_by("position", "pk")


EVIDENCE_SUFFIXES = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "csv", "txt", "png", "jpg")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(choices=EvidenceKind.choices, label=_("Kind"))
    description = forms.CharField(label=_("Description"), max_length=300)
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    document = forms.FileField(label=_("Document"), required=False)
    value = forms.DecimalField(
        label=_("Measured value"), max_digits=14, decimal_places=2, required=False
    )
    unit = forms.CharField(label=_("Unit"), max_length=60, required=False)
    measured_on = forms.DateField(label=_("Measured on"), required=False, widget=DATE_INPUT)

    def clean_document(self) -> Any:
        document = self.cleaned_data.get("document")
        if document is None:
            return None
        suffix = document.name.rsplit(".", 1)[-1].lower() if "." in document.name else ""
        if suffix not in EVIDENCE_SUFFIXES:
            raise ValidationError(
                _("Choose a document of one of these kinds: %(kinds)s.")
                % {"kinds": ", ".join(EVIDENCE_SUFFIXES)}
            )
        if document.size > EVIDENCE_MAX_BYTES:
            raise ValidationError(_("The document is larger than 10 MB."))
        return document

    def data_for_service(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name] if self.cleaned_data[name] is not None else None
            for name in ("kind", "description", "url", "value", "unit", "measured_on")
        }


# --- Experiences ----------------------------------------------------------------------------


class ExperienceForm(ServiceModelForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        to_field_name="slug",
        label=_("Shared by"),
        help_text=_("The organisation the experience comes from."),
    )
    tracks = forms.ModelMultipleChoiceField(
        queryset=Track.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Tracks"),
    )
    goals = forms.ModelMultipleChoiceField(
        queryset=Goal.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Goals"),
    )
    initiatives = forms.ModelMultipleChoiceField(
        queryset=Initiative.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Initiatives"),
    )
    regions = forms.ModelMultipleChoiceField(
        queryset=Region.objects.valid_on().order_by("country", "name"),
        to_field_name="code",
        required=False,
        label=_("Regions"),
    )

    class Meta:
        model = Experience
        fields = (
            "title",
            "context",
            "target_group",
            "what_was_done",
            "what_was_learned",
            "results",
            "contact",
            "tags",
        )

    def __init__(self, *args: Any, programme: Programme, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations
        cast(forms.ModelMultipleChoiceField, self.fields["tracks"]).queryset = Track.objects.filter(
            programme=programme
        ).order_by("position", "name")
        cast(forms.ModelMultipleChoiceField, self.fields["goals"]).queryset = Goal.objects.filter(
            programme=programme
        ).order_by("track__position", "position", "pk")
        cast(
            forms.ModelMultipleChoiceField, self.fields["initiatives"]
        ).queryset = Initiative.objects.filter(programme=programme).order_by("name")


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), max_length=3000, widget=forms.Textarea)


class ExperienceSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the experiences"), max_length=200, required=False)
    tag = forms.ChoiceField(choices=[("", _("any tag"))], required=False, label=_("Tag"))
    track = forms.ChoiceField(choices=[("", _("any track"))], required=False, label=_("Track"))
    region = forms.ChoiceField(choices=[("", _("any region"))], required=False, label=_("Region"))

    def __init__(
        self, *args: Any, tags: list[str], tracks: Any, regions: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["tag"]).choices = [
            ("", _("any tag")),
            *((t, t) for t in tags),
        ]
        cast(forms.ChoiceField, self.fields["track"]).choices = [
            ("", _("any track")),
            *((str(t.public_id), t.name) for t in tracks),
        ]
        cast(forms.ChoiceField, self.fields["region"]).choices = [
            ("", _("any region")),
            *((r.code, r.name) for r in regions),
        ]

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"q": "", "tag": "", "track": "", "region": ""}
        return {name: self.cleaned_data[name] or "" for name in ("q", "tag", "track", "region")}


class DigestPreferenceForm(forms.Form):
    weekly_digest = forms.BooleanField(
        label=_("Send me the weekly programme digest"),
        required=False,
        help_text=_(
            "Actions due or overdue, open follow-ups and new experiences in your "
            "organisations' programmes, once a week."
        ),
    )
