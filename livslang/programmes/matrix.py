"""An agreement's follow-up as a commitments-by-regions matrix: each cell the actions of one
commitment in one region, with a status and the number of pieces of evidence."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from livslang.geo.models import Region
from livslang.programmes.models import Action, ActionStatus, Agreement, Commitment, Evidence

NO_PLAN = "no_plan"
PLANNED = "planned"
IN_PROGRESS = "in_progress"
DONE = "done"
OVERDUE = "overdue"

STATUS_LABELS: dict[str, Promise] = {
    NO_PLAN: _("no plan yet"),
    PLANNED: _("planned"),
    IN_PROGRESS: _("in progress"),
    DONE: _("done"),
    OVERDUE: _("overdue"),
}
# The Designsystemet colour of each status's tag.
STATUS_COLOURS = {
    NO_PLAN: "neutral",
    PLANNED: "info",
    IN_PROGRESS: "warning",
    DONE: "success",
    OVERDUE: "danger",
}


def cell_status(actions: list[Action], today: date) -> str:
    """No plan (no live action), overdue (an open action past its due date), done (every
    live action done), in progress (some work started) or planned."""
    live = [a for a in actions if a.status != ActionStatus.CANCELLED]
    if not live:
        return NO_PLAN
    if any(a.is_overdue(today) for a in live):
        return OVERDUE
    if all(a.status == ActionStatus.DONE for a in live):
        return DONE
    if any(a.status in (ActionStatus.IN_PROGRESS, ActionStatus.DONE) or a.progress for a in live):
        return IN_PROGRESS
    return PLANNED


@dataclass
class Cell:
    commitment: Commitment
    region: Region
    actions: list[Action]
    status: str

    @property
    def label(self) -> Promise:
        return STATUS_LABELS[self.status]

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[self.status]

    @property
    def evidence_count(self) -> int:
        return sum(len(a.evidence.all()) for a in self.actions)


@dataclass
class Row:
    commitment: Commitment
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Matrix:
    agreement: Agreement
    regions: list[Region]
    rows: list[Row]

    def counts(self) -> list[tuple[str, Promise, int]]:
        """(colour, label, number of cells) for each status."""
        found: dict[str, int] = defaultdict(int)
        for row in self.rows:
            for cell in row.cells:
                found[cell.status] += 1
        return [
            (STATUS_COLOURS[status], label, found[status])
            for status, label in STATUS_LABELS.items()
        ]


def regions_of(agreement: Agreement) -> list[Region]:
    """The regions the parties follow up, by name."""
    return list(
        Region.objects.filter(agreement_parties__agreement=agreement)
        .distinct()
        .order_by("country", "name", "code")
    )


def regional_actions(agreement: Agreement) -> list[Action]:
    return list(
        Action.objects.filter(commitment__agreement=agreement)
        .select_related("responsible_organisation", "region", "commitment")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("created_at")))
        .order_by("due_date", "pk")
    )


def agreement_matrix(agreement: Agreement, today: date) -> Matrix:
    regions = regions_of(agreement)
    by_cell: dict[tuple[int, int], list[Action]] = defaultdict(list)
    for action in regional_actions(agreement):
        if action.commitment_id is not None and action.region_id is not None:
            by_cell[(action.commitment_id, action.region_id)].append(action)
    rows = []
    for commitment in agreement.commitments.order_by("position", "pk"):
        row = Row(commitment=commitment)
        for region in regions:
            actions = by_cell[(commitment.pk, region.pk)]
            row.cells.append(
                Cell(
                    commitment=commitment,
                    region=region,
                    actions=actions,
                    status=cell_status(actions, today),
                )
            )
        rows.append(row)
    return Matrix(agreement=agreement, regions=regions, rows=rows)


def region_plan(agreement: Agreement, region: Region, today: date) -> list[Cell]:
    """One column of the matrix: the region's follow-up plan, commitment by commitment."""
    matrix = agreement_matrix(agreement, today)
    index = [r.pk for r in matrix.regions].index(region.pk)
    return [row.cells[index] for row in matrix.rows]
