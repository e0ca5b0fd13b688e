"""The demo programme (``demo_data``): Region Sjælland's ten-year programme with five tracks.

Idempotent by the programme's slug: an existing demo programme is left as it is, except that
its dates move by ``shift`` when the demo world is re-dated. Dates are relative to ``today``.
Needs the organisations of ``livslang.organisations.demo`` (ORDER 20) and the catalogue
(ORDER 30), whose cohorts the computed indicators count; without the geography nothing is made.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from livslang.accounts.demo import DEMO_PASSWORD
from livslang.accounts.services import ensure_demo_user
from livslang.audit.services import record
from livslang.demo.services import DemoContribution, DemoLogin
from livslang.geo.models import Municipality, Region
from livslang.organisations.models import Organisation, Role
from livslang.organisations.services.demo import (
    ensure_demo_membership,
    ensure_demo_organisation,
)
from livslang.programmes import computed
from livslang.programmes.demo_data import (
    AGREEMENT_PARTIES,
    AGREEMENT_PARTY_EMAIL,
    AGREEMENT_PURPOSE,
    AGREEMENT_SLUG,
    AGREEMENT_TITLE,
    COMMITMENTS,
    EXPERIENCES,
    EXTRA_ORGANISATIONS,
    GROUP_MANDATE,
    GROUP_MEMBER_EMAIL,
    GROUP_MEMBERS,
    GROUP_NAME,
    INITIATIVES,
    MEETINGS,
    PROGRAMME_ADMIN_EMAIL,
    PROGRAMME_DESCRIPTION,
    PROGRAMME_GOALS,
    PROGRAMME_NAME,
    PROGRAMME_SLUG,
    REGION_CODE,
    REGIONAL_ACTIONS,
    SECRETARIAT,
    TRACK_OWNER_EMAIL,
    TRACK_OWNER_ORGANISATION,
    TRACKS,
    DemoGoal,
)
from livslang.programmes.models import (
    Action,
    Agreement,
    AgreementParty,
    Commitment,
    CoordinationGroup,
    Decision,
    Evidence,
    Experience,
    ExperienceComment,
    Goal,
    GroupMember,
    Indicator,
    IndicatorSource,
    Initiative,
    Measurement,
    MeasurementSource,
    Meeting,
    PartnerRole,
    Programme,
    ProgrammePartner,
    Track,
)

ORDER = 40
_MUNICIPALITY_SLUG_SUFFIX = "-kommune"


def _logins() -> list[DemoLogin]:
    return [
        DemoLogin(
            role="programme_admin",
            email=PROGRAMME_ADMIN_EMAIL,
            password=DEMO_PASSWORD,
            note=f"/programmes/{PROGRAMME_SLUG}/overview/",
        ),
        DemoLogin(
            role="track_owner",
            email=TRACK_OWNER_EMAIL,
            password=DEMO_PASSWORD,
            note=f"/programmes/{PROGRAMME_SLUG}/actions/",
        ),
        DemoLogin(
            role="group_member",
            email=GROUP_MEMBER_EMAIL,
            password=DEMO_PASSWORD,
            note=f"/programmes/{PROGRAMME_SLUG}/group/",
        ),
        DemoLogin(
            role="org_editor",
            email=AGREEMENT_PARTY_EMAIL,
            password=DEMO_PASSWORD,
            note=f"/programmes/agreements/{AGREEMENT_SLUG}/",
        ),
    ]


def _ensure_users(organisations: dict[str, Organisation]) -> None:
    admin, _new = ensure_demo_user(
        email=PROGRAMME_ADMIN_EMAIL, full_name="Pernille Programme", password=DEMO_PASSWORD
    )
    ensure_demo_membership(user=admin, organisation=organisations[SECRETARIAT], role=Role.ADMIN)
    owner, _new = ensure_demo_user(
        email=TRACK_OWNER_EMAIL, full_name="Torben Track", password=DEMO_PASSWORD
    )
    ensure_demo_membership(
        user=owner, organisation=organisations[TRACK_OWNER_ORGANISATION], role=Role.EDITOR
    )


def _organisations() -> dict[str, Organisation] | None:
    places = {m.code: m for m in Municipality.objects.valid_on().filter(country_id="DK")}
    if not places:
        return None
    for slug, name, kind, code, description in EXTRA_ORGANISATIONS:
        ensure_demo_organisation(
            slug=slug,
            name=name,
            kind=kind,
            home_municipality=places[code],
            description=description,
            description_language="da",
        )
    return {o.slug: o for o in Organisation.objects.approved()}


def _shift(programme: Programme, shift: timedelta) -> None:
    """Move every date of the demo programme by ``shift`` (the world was re-dated)."""
    programme.start_date += shift
    programme.end_date += shift
    programme.save(update_fields=["start_date", "end_date", "updated_at"])
    for indicator in Indicator.objects.filter(goal__programme=programme):
        indicator.baseline_date += shift
        indicator.target_date += shift
        indicator.save(update_fields=["baseline_date", "target_date", "updated_at"])
    # Latest first when moving forward (and oldest first when moving back), so that the
    # one-value-per-day constraint holds after every single update.
    measurements = Measurement.objects.filter(indicator__goal__programme=programme)
    ordered = measurements.order_by("-measured_on" if shift.days > 0 else "measured_on")
    for measurement in ordered:
        measurement.measured_on += shift
        measurement.save(update_fields=["measured_on"])
    for action in Action.objects.filter(track__programme=programme):
        action.start_date = action.start_date + shift if action.start_date else None
        action.due_date = action.due_date + shift if action.due_date else None
        action.save(update_fields=["start_date", "due_date", "updated_at"])
    for initiative in Initiative.objects.filter(programme=programme, started_on__isnull=False):
        initiative.started_on = initiative.started_on + shift if initiative.started_on else None
        initiative.save(update_fields=["started_on", "updated_at"])


def _goal(
    programme: Programme,
    track: Track | None,
    spec: DemoGoal,
    position: int,
    parents: dict[str, Goal],
    start: date,
    end: date,
    today: date,
) -> Goal:
    goal = Goal(
        programme=programme,
        track=track,
        name=spec.name,
        parent=parents.get(spec.parent),
        weight=Decimal(spec.weight),
        position=position,
        is_demo=True,
    )
    goal.full_clean()
    goal.save()
    data = spec.indicator
    indicator = Indicator(
        goal=goal,
        name=data.name,
        unit=data.unit,
        direction=data.direction,
        baseline_value=Decimal(data.baseline),
        baseline_date=date(start.year - 1, 12, 31),
        target_value=Decimal(data.target),
        target_date=end,
        source=IndicatorSource.COMPUTED if data.computed_kind else IndicatorSource.MANUAL,
        computed_kind=data.computed_kind,
        interval_months=data.interval_months,
    )
    indicator.full_clean()
    indicator.save()
    for years_in, value in data.values.items():
        Measurement.objects.create(
            indicator=indicator,
            value=Decimal(value),
            measured_on=date(start.year + years_in - 1, 12, 31),
            source=MeasurementSource.MANUAL,
            comment="Demoværdi",
            is_demo=True,
        )
    if data.computed_kind:
        Measurement.objects.create(
            indicator=indicator,
            value=computed.compute(indicator, today),
            measured_on=today,
            source=MeasurementSource.COMPUTED,
            comment="Beregnet fra Livslangs data",
            is_demo=True,
        )
    return goal


def _create(today: date, organisations: dict[str, Organisation]) -> Programme:
    start = date(today.year - 3, 1, 1)
    end = date(start.year + 10, 1, 1) - timedelta(days=1)
    programme = Programme(
        slug=PROGRAMME_SLUG,
        name=PROGRAMME_NAME,
        description=PROGRAMME_DESCRIPTION,
        region=Region.objects.valid_on().filter(country_id="DK", code=REGION_CODE).first(),
        start_date=start,
        end_date=end,
        is_public=True,
        is_demo=True,
    )
    programme.full_clean()
    programme.save()
    ProgrammePartner.objects.create(
        programme=programme,
        organisation=organisations[SECRETARIAT],
        role=PartnerRole.SECRETARIAT,
    )
    partners = ["kkr-sjaelland"] + [
        slug
        for slug in organisations
        if slug.endswith(_MUNICIPALITY_SLUG_SUFFIX) and organisations[slug].country == "DK"
    ]
    ProgrammePartner.objects.bulk_create(
        ProgrammePartner(programme=programme, organisation=organisations[slug]) for slug in partners
    )
    parents: dict[str, Goal] = {}
    for position, spec in enumerate(PROGRAMME_GOALS):
        parents[spec.key] = _goal(programme, None, spec, position, parents, start, end, today)
    tracks = []
    for number, track_spec in enumerate(TRACKS, start=1):
        track = Track(
            programme=programme,
            name=track_spec.name,
            purpose=track_spec.purpose,
            tag=track_spec.tag,
            contact_name=track_spec.contact,
            position=number,
            is_demo=True,
        )
        track.full_clean()
        track.save()
        track.owners.set([organisations[slug] for slug in track_spec.owners])
        tracks.append(track)
        goals = [
            _goal(programme, track, goal, position, parents, start, end, today)
            for position, goal in enumerate(track_spec.goals)
        ]
        for item in track_spec.actions:
            action = Action(
                track=track,
                title=item.title,
                responsible_organisation=organisations[item.responsible],
                responsible_person=item.person,
                start_date=today + timedelta(days=item.start),
                due_date=today + timedelta(days=item.due),
                status=item.status,
                progress=item.progress,
                is_demo=True,
            )
            action.full_clean()
            action.save()
            action.goals.set(goals)
    for name, owner, description, served, started, is_new in INITIATIVES:
        initiative = Initiative.objects.create(
            programme=programme,
            name=name,
            description=description,
            owner=organisations[owner],
            started_on=today + timedelta(days=started),
            is_new=is_new,
            is_demo=True,
        )
        initiative.tracks.set([tracks[n - 1] for n in served])
    return programme


# --- Programmes II: the coordination group, the agreement, the experiences -------------------


def _ensure_group(programme: Programme, today: date, organisations: dict[str, Organisation]) -> int:
    """The coordination group with its members, meetings, decisions and follow-ups (once)."""
    if CoordinationGroup.objects.filter(programme=programme).exists():
        return 0
    group = CoordinationGroup.objects.create(
        programme=programme, name=GROUP_NAME, mandate=GROUP_MANDATE, is_demo=True
    )
    for email, name, slug, represents in GROUP_MEMBERS:
        user, _new = ensure_demo_user(email=email, full_name=name, password=DEMO_PASSWORD)
        ensure_demo_membership(user=user, organisation=organisations[slug], role=Role.EDITOR)
        GroupMember.objects.create(
            group=group,
            user=user,
            organisation=organisations[slug],
            represents=represents,
            is_demo=True,
        )
    for spec in MEETINGS:
        meeting = Meeting.objects.create(
            group=group,
            title=spec.title,
            held_on=today + timedelta(days=spec.days),
            place=spec.place,
            agenda=spec.agenda,
            minutes=spec.minutes,
            is_demo=True,
        )
        for item in spec.decisions:
            decision = Decision.objects.create(meeting=meeting, text=item.text, is_demo=True)
            for title, slug, due, status in item.follow_ups:
                Action.objects.create(
                    decision=decision,
                    title=title,
                    responsible_organisation=organisations[slug],
                    due_date=today + timedelta(days=due),
                    status=status,
                    progress=100 if status == "done" else 0,
                    is_demo=True,
                )
    return 1


def _ensure_agreement(today: date, organisations: dict[str, Organisation]) -> int:
    """The cooperation agreement of the two Norwegian federations (once)."""
    if Agreement.objects.filter(slug=AGREEMENT_SLUG).exists():
        return 0
    if any(slug not in organisations for slug, _codes in AGREEMENT_PARTIES):
        return 0
    counties = {r.code: r for r in Region.objects.valid_on().filter(country_id="NO")}
    if not counties:
        return 0
    agreement = Agreement.objects.create(
        slug=AGREEMENT_SLUG,
        title=AGREEMENT_TITLE,
        purpose=AGREEMENT_PURPOSE,
        signed_on=today - timedelta(days=400),
        is_public=True,
        is_demo=True,
    )
    for slug, codes in AGREEMENT_PARTIES:
        party = AgreementParty.objects.create(agreement=agreement, organisation=organisations[slug])
        party.regions.set([counties[c] for c in codes if c in counties])
    party_user, _new = ensure_demo_user(
        email=AGREEMENT_PARTY_EMAIL, full_name="Aslak Avtale", password=DEMO_PASSWORD
    )
    ensure_demo_membership(
        user=party_user,
        organisation=organisations[AGREEMENT_PARTIES[0][0]],
        role=Role.EDITOR,
    )
    commitments = [
        Commitment.objects.create(agreement=agreement, title=text, position=n, is_demo=True)
        for n, text in enumerate(COMMITMENTS)
    ]
    for index, code, title, slug, due, status, evidence in REGIONAL_ACTIONS:
        if code not in counties:
            continue
        action = Action.objects.create(
            commitment=commitments[index],
            region=counties[code],
            title=title,
            responsible_organisation=organisations[slug],
            due_date=today + timedelta(days=due),
            status=status,
            progress=100 if status == "done" else 0,
            is_demo=True,
        )
        if evidence is None:
            continue
        if evidence[0] == "link":
            Evidence.objects.create(
                action=action, kind="link", description=evidence[1], url=evidence[2], is_demo=True
            )
        else:
            Evidence.objects.create(
                action=action,
                kind="measurement",
                description=evidence[1],
                value=Decimal(evidence[2]),
                unit=evidence[3],
                measured_on=today - timedelta(days=7),
                is_demo=True,
            )
    return 1


def _ensure_experiences(
    programme: Programme, today: date, organisations: dict[str, Organisation]
) -> int:
    """A dozen experiences of the programme's partners (once)."""
    if Experience.objects.filter(programme=programme).exists():
        return 0
    tracks = list(Track.objects.filter(programme=programme).order_by("position"))
    commenter = GroupMember.objects.filter(group__programme=programme).first()
    made = 0
    for spec in EXPERIENCES:
        if spec.author not in organisations:
            continue
        experience = Experience.objects.create(
            programme=programme,
            title=spec.title,
            context=spec.context,
            target_group=spec.target_group,
            what_was_done=spec.done,
            what_was_learned=spec.learned,
            results=spec.results,
            tags=spec.tags,
            contact="demo@livslang.test",
            author_organisation=organisations[spec.author],
            is_demo=True,
        )
        # Published "days" ago (auto_now_add set it to now).
        when = timezone.now() + timedelta(days=spec.days)
        Experience.objects.filter(pk=experience.pk).update(created_at=when, updated_at=when)
        experience.tracks.set([tracks[n - 1] for n in spec.tracks if n <= len(tracks)])
        if programme.region is not None:
            experience.regions.set([programme.region])
        for text in spec.comments:
            ExperienceComment.objects.create(
                experience=experience,
                author=commenter.user if commenter else None,
                text=text,
                is_demo=True,
            )
        made += 1
    return made


def _shift_two(programme: Programme, shift: timedelta) -> None:
    for meeting in Meeting.objects.filter(group__programme=programme):
        meeting.held_on += shift
        meeting.save(update_fields=["held_on", "updated_at"])
    for action in Action.objects.filter(
        Q(decision__meeting__group__programme=programme)
        | Q(commitment__agreement__slug=AGREEMENT_SLUG),
        due_date__isnull=False,
    ):
        action.due_date = action.due_date + shift if action.due_date else None
        action.save(update_fields=["due_date", "updated_at"])


def _build_two(programme: Programme, today: date, organisations: dict[str, Organisation]) -> str:
    groups = _ensure_group(programme, today, organisations)
    agreements = _ensure_agreement(today, organisations)
    experiences = _ensure_experiences(programme, today, organisations)
    if not (groups or agreements or experiences):
        return ""
    return (
        f"; {groups} coordination group, {agreements} agreement and {experiences} experiences added"
    )


@transaction.atomic
def build(*, today: date, shift: timedelta) -> DemoContribution:
    organisations = _organisations()
    if organisations is None or SECRETARIAT not in organisations:
        return DemoContribution(
            app="programmes",
            summary="programme skipped: no reference geography or demo organisations",
            logins=_logins(),
        )
    _ensure_users(organisations)
    existing = Programme.objects.filter(slug=PROGRAMME_SLUG).first()
    if existing is not None:
        if shift:
            _shift(existing, shift)
            _shift_two(existing, shift)
        more = _build_two(existing, today, organisations)
        return DemoContribution(
            app="programmes", summary=f"1 programme unchanged{more}", logins=_logins()
        )
    programme = _create(today, organisations)
    record(
        actor=None,
        actor_label="demo",
        action="programme.demo_create",
        object_type="programmes.programme",
        object_id=str(programme.public_id),
        object_repr=programme.name,
        summary="demo programme",
    )
    return DemoContribution(
        app="programmes",
        summary=(
            f"1 programme created with {len(TRACKS)} tracks, "
            f"{Goal.objects.filter(programme=programme).count()} goals and "
            f"{Action.objects.filter(track__programme=programme).count()} actions"
            f"{_build_two(programme, today, organisations)}"
        ),
        logins=_logins(),
    )
