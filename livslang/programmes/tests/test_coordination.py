"""Programmes II over HTTP: the coordination group's meetings and decisions, follow-ups in
"our responsibilities", agreements followed up region by region (the matrix), the knowledge
base of experiences and its search, and the weekly digest through the worker."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from livslang.audit.models import AuditEntry
from livslang.organisations.models import Kind, Role
from livslang.organisations.testing import ensure_municipality, make_member, make_organisation
from livslang.programmes import matrix, services
from livslang.programmes.models import (
    Action,
    ActionStatus,
    DigestPreference,
    Evidence,
    EvidenceKind,
    Experience,
    ExperienceComment,
    Meeting,
)
from livslang.programmes.tasks import send_programme_digest
from livslang.programmes.testing import (
    make_action,
    make_agreement,
    make_experience,
    make_follow_up,
    make_group,
    make_meeting,
    make_programme,
    make_track,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    """Gina sits in the coordination group for the Region (the secretariat); Tor edits for
    VUC, a partner; Vera only views at VUC; Ola's organisation has no part."""
    region = make_organisation(Kind.REGION, "340", slug="region", name="Region")
    vuc = make_organisation(Kind.CENTRE, "370", slug="vuc", name="VUC")
    outsider = make_organisation(Kind.CENTRE, "370", slug="outsider", name="Outsider")
    programme = make_programme(region, name="Kompetenceløft", partners=(vuc,))
    gina = make_member(region, Role.VIEWER).user
    group = make_group(programme, ((gina, region),))
    return {
        "programme": programme,
        "group": group,
        "region": region,
        "vuc": vuc,
        "gina": gina,
        "tor": make_member(vuc, Role.EDITOR).user,
        "vera": make_member(vuc, Role.VIEWER).user,
        "ola": make_member(outsider, Role.ADMIN).user,
    }


def _client(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def _today():
    return timezone.localdate()


# --- The coordination group ---------------------------------------------------------------


def test_a_group_member_holds_a_meeting_and_records_a_decision_with_a_follow_up(cast) -> None:
    client = _client(cast["gina"])
    slug = cast["programme"].slug
    response = client.post(
        reverse("programmes:meeting_create", kwargs={"slug": slug}),
        {
            "title": "Coordination meeting 1",
            "held_on": (_today() + timedelta(days=3)).isoformat(),
            "place": "Sorø",
            "agenda": "1. Action plans\n2. Anything else",
            "minutes": "",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Coordination meeting 1")
    page = client.get(meeting.get_absolute_url())
    assert "Action plans" in page.content.decode()
    response = client.post(
        reverse("programmes:decision_create", kwargs={"meeting_id": meeting.public_id}),
        {
            "text": "VUC maps the need for evening courses.",
            "follow_up": "Map the need for evening courses",
            "responsible_organisation": "vuc",
            "due_date": (_today() + timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(title="Map the need for evening courses")
    assert action.track is None and action.decision is not None
    assert action.responsible_organisation == cast["vuc"]
    assert AuditEntry.objects.filter(action="decision.recorded").exists()
    assert AuditEntry.objects.filter(action="follow_up.created").exists()
    group_page = _client(cast["vera"]).get(cast["group"].get_absolute_url()).content.decode()
    assert "Map the need for evening courses" in group_page


def test_the_follow_up_appears_in_our_responsibilities_and_the_organisation_marks_it_done(
    cast,
) -> None:
    meeting = make_meeting(cast["group"], _today() - timedelta(days=7))
    action = make_follow_up(
        meeting, cast["vuc"], title="Report on study rooms", due_date=_today() - timedelta(days=1)
    )
    url = reverse("programmes:responsibilities", kwargs={"slug": "vuc"})
    page = _client(cast["tor"]).get(url).content.decode()
    assert "Report on study rooms" in page
    assert "overdue" in page
    assert reverse("programmes:follow_up_status", kwargs={"action_id": action.public_id}) in page
    # A viewer sees it but gets no form; may not change it either.
    viewer_page = _client(cast["vera"]).get(url).content.decode()
    assert "Report on study rooms" in viewer_page
    status_url = reverse("programmes:follow_up_status", kwargs={"action_id": action.public_id})
    assert _client(cast["vera"]).post(status_url, {"status": "done"}).status_code == 403
    assert _client(cast["ola"]).post(status_url, {"status": "done"}).status_code == 404
    response = _client(cast["tor"]).post(status_url, {"status": "done", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.progress == 100
    assert AuditEntry.objects.filter(action="follow_up.updated", actor=cast["tor"]).exists()
    group_page = _client(cast["gina"]).get(cast["group"].get_absolute_url()).content.decode()
    assert "Every follow-up is done." in group_page


def test_only_group_members_write_meetings_and_decisions(cast) -> None:
    meeting = make_meeting(cast["group"], _today())
    create = reverse("programmes:meeting_create", kwargs={"slug": cast["programme"].slug})
    decide = reverse("programmes:decision_create", kwargs={"meeting_id": meeting.public_id})
    edit = reverse("programmes:meeting_edit", kwargs={"meeting_id": meeting.public_id})
    for url in (create, decide, edit):
        assert _client(cast["tor"]).get(url).status_code == 403
        assert _client(cast["ola"]).get(url).status_code == 404
        assert _client(cast["gina"]).get(url).status_code == 200
    assert _client(cast["tor"]).post(decide, {"text": "No."}).status_code == 403
    assert not meeting.decisions.exists()


def test_a_follow_up_without_a_responsible_organisation_is_refused(cast) -> None:
    meeting = make_meeting(cast["group"], _today())
    response = _client(cast["gina"]).post(
        reverse("programmes:decision_create", kwargs={"meeting_id": meeting.public_id}),
        {"text": "Something", "follow_up": "Do it", "responsible_organisation": ""},
    )
    assert response.status_code == 200
    assert "Choose who follows the decision up." in response.content.decode()
    assert not meeting.decisions.exists()


def test_the_meeting_page_shows_the_agenda_before_and_minutes_after(cast) -> None:
    coming = make_meeting(cast["group"], _today() + timedelta(days=5), agenda="Budget 2027")
    held = make_meeting(cast["group"], _today() - timedelta(days=5), minutes="We agreed.")
    client = _client(cast["vera"])
    before = client.get(coming.get_absolute_url()).content.decode()
    assert "Budget 2027" in before and "Minutes" not in before
    after = client.get(held.get_absolute_url()).content.decode()
    assert "We agreed." in after and "Decisions" in after
    # Public programme: the public reads the group and its meetings.
    assert _client().get(held.get_absolute_url()).status_code == 404
    cast["programme"].is_public = True
    cast["programme"].save()
    assert _client().get(held.get_absolute_url()).status_code == 200


# --- Agreements and the matrix ------------------------------------------------------------


@pytest.fixture
def agreement_cast():
    sjaelland = ensure_municipality("340").region
    hovedstaden = ensure_municipality("101").region
    one = make_organisation(Kind.FEDERATION, "340", slug="fed-one", name="Federation One")
    two = make_organisation(Kind.FEDERATION, "101", slug="fed-two", name="Federation Two")
    agreement = make_agreement(
        [(one, [sjaelland]), (two, [hovedstaden])],
        ["Reach more adults", "Share course data"],
        title="Cooperation agreement",
    )
    return {
        "agreement": agreement,
        "sjaelland": sjaelland,
        "hovedstaden": hovedstaden,
        "one": one,
        "two": two,
        "ed_one": make_member(one, Role.EDITOR).user,
        "viewer_one": make_member(one, Role.VIEWER).user,
        "ed_two": make_member(two, Role.EDITOR).user,
    }


def test_cell_status_follows_the_actions() -> None:
    today = _today()

    def action(status: str, due_days: int | None = None, progress: int = 0) -> Action:
        due = today + timedelta(days=due_days) if due_days is not None else None
        return Action(status=status, due_date=due, progress=progress)

    assert matrix.cell_status([], today) == matrix.NO_PLAN
    assert matrix.cell_status([action(ActionStatus.CANCELLED)], today) == matrix.NO_PLAN
    assert matrix.cell_status([action(ActionStatus.NOT_STARTED, 10)], today) == matrix.PLANNED
    assert (
        matrix.cell_status([action(ActionStatus.DONE), action(ActionStatus.NOT_STARTED, 10)], today)
        == matrix.IN_PROGRESS
    )
    assert (
        matrix.cell_status([action(ActionStatus.DONE), action(ActionStatus.CANCELLED)], today)
        == matrix.DONE
    )
    assert (
        matrix.cell_status([action(ActionStatus.IN_PROGRESS, -1), action(ActionStatus.DONE)], today)
        == matrix.OVERDUE
    )


def test_the_matrix_shows_each_commitment_in_each_region(agreement_cast) -> None:
    agreement = agreement_cast["agreement"]
    reach, share = list(agreement.commitments.order_by("position"))
    Action.objects.create(
        commitment=reach,
        region=agreement_cast["sjaelland"],
        title="Open house",
        status=ActionStatus.DONE,
    )
    Action.objects.create(
        commitment=share,
        region=agreement_cast["hovedstaden"],
        title="Export",
        due_date=_today() - timedelta(days=2),
    )
    page = _client(agreement_cast["viewer_one"]).get(agreement.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('data-status="done"') == 1
    assert html.count('data-status="overdue"') == 1
    assert html.count('data-status="no_plan"') == 2
    # A private agreement exists for its parties only; a public one for everyone.
    assert _client().get(agreement.get_absolute_url()).status_code == 404
    agreement.is_public = True
    agreement.save()
    assert _client().get(agreement.get_absolute_url()).status_code == 200
    sitemap = _client().get(reverse("sitemap_section", kwargs={"section": "agreements"}))
    assert agreement.get_absolute_url() in sitemap.content.decode()


def test_parties_edit_only_their_own_regions_follow_up(agreement_cast) -> None:
    agreement = agreement_cast["agreement"]
    reach = agreement.commitments.order_by("position").first()
    own = reverse(
        "programmes:regional_action_create",
        kwargs={"slug": agreement.slug, "code": agreement_cast["sjaelland"].code},
    )
    theirs = reverse(
        "programmes:regional_action_create",
        kwargs={"slug": agreement.slug, "code": agreement_cast["hovedstaden"].code},
    )
    payload = {
        "commitment": str(reach.public_id),
        "title": "Course fair in Sorø",
        "description": "",
        "responsible_organisation": "fed-one",
        "due_date": (_today() + timedelta(days=40)).isoformat(),
        "status": "not_started",
    }
    assert _client(agreement_cast["ed_one"]).post(theirs, payload).status_code == 403
    assert _client(agreement_cast["viewer_one"]).post(own, payload).status_code == 403
    response = _client(agreement_cast["ed_one"]).post(own, payload)
    assert response.status_code == 302
    action = Action.objects.get(title="Course fair in Sorø")
    assert action.region == agreement_cast["sjaelland"] and action.commitment == reach
    evidence = reverse("programmes:evidence_create", kwargs={"action_id": action.public_id})
    assert _client(agreement_cast["ed_two"]).get(evidence).status_code == 403
    response = _client(agreement_cast["ed_one"]).post(
        evidence,
        {
            "kind": EvidenceKind.MEASUREMENT,
            "description": "Visitors",
            "value": "120",
            "unit": "people",
            "measured_on": _today().isoformat(),
        },
    )
    assert response.status_code == 302
    assert Evidence.objects.get(action=action).value == 120
    region_page = _client(agreement_cast["ed_two"]).get(response["Location"]).content.decode()
    assert "Course fair in Sorø" in region_page and "Visitors" in region_page
    assert AuditEntry.objects.filter(action="agreement_action.created").exists()
    assert AuditEntry.objects.filter(action="evidence.added").exists()
    # The regional action is the responsible organisation's responsibility too.
    page = _client(agreement_cast["viewer_one"]).get(
        reverse("programmes:responsibilities", kwargs={"slug": "fed-one"})
    )
    assert "Course fair in Sorø" in page.content.decode()


def test_a_link_evidence_needs_its_link(agreement_cast) -> None:
    agreement = agreement_cast["agreement"]
    action = Action.objects.create(
        commitment=agreement.commitments.first(),
        region=agreement_cast["sjaelland"],
        title="Something",
    )
    response = _client(agreement_cast["ed_one"]).post(
        reverse("programmes:evidence_create", kwargs={"action_id": action.public_id}),
        {"kind": EvidenceKind.LINK, "description": "The report", "url": ""},
    )
    assert response.status_code == 200
    assert "Give the link." in response.content.decode()
    assert not Evidence.objects.exists()


# --- Experiences --------------------------------------------------------------------------


def test_a_partner_shares_an_experience_and_others_comment(cast) -> None:
    track = make_track(cast["programme"], [cast["vuc"]], name="Adult education")
    url = reverse("programmes:experience_create", kwargs={"slug": cast["programme"].slug})
    assert _client(cast["ola"]).get(url).status_code == 404
    response = _client(cast["vera"]).post(
        url,
        {
            "organisation": "vuc",
            "title": "Evening classes for shift workers",
            "context": "",
            "target_group": "Shift workers",
            "what_was_done": "We ran classes twice, morning and evening.",
            "what_was_learned": "Repeating a class helps shift workers.",
            "results": "",
            "contact": "",
            "tags": "Shift work, evening",
            "tracks": [str(track.public_id)],
        },
    )
    assert response.status_code == 302
    experience = Experience.objects.get()
    assert experience.tag_list == ["shift work", "evening"]
    assert list(experience.tracks.all()) == [track]
    comment = reverse(
        "programmes:experience_comment", kwargs={"experience_id": experience.public_id}
    )
    assert _client(cast["ola"]).post(comment, {"text": "Hi"}).status_code == 404
    assert _client(cast["tor"]).post(comment, {"text": "We will try it."}).status_code == 302
    assert ExperienceComment.objects.get().text == "We will try it."
    assert "We will try it." in _client(cast["vera"]).get(response["Location"]).content.decode()
    assert AuditEntry.objects.filter(action="experience.published").exists()
    assert AuditEntry.objects.filter(action="experience.commented").exists()


@pytest.mark.parametrize(
    "query",
    [
        "lærlinger i kommunene",  # bokmål
        "lærlinge i kommunerne",  # Danish
        "lærlingar kommunane",  # nynorsk
        "erfaringer med veiledning",  # bokmål for nynorsk "rettleiing"
        "lærl",  # still typing
    ],
)
def test_experience_search_meets_bokmal_nynorsk_and_danish_phrasing(cast, query) -> None:
    wanted = make_experience(
        cast["programme"],
        cast["vuc"],
        title="Erfaringar med lærlingar i kommunane",
        what_was_learned="Rettleiing tidleg gjer at fleire fullfører.",
    )
    make_experience(cast["programme"], cast["vuc"], title="Sveisekurs på kveldstid")
    url = reverse("programmes:experiences", kwargs={"slug": cast["programme"].slug})
    html = _client(cast["vera"]).get(url, {"q": query}).content.decode()
    assert wanted.title in html
    assert "Sveisekurs på kveldstid" not in html


def test_the_knowledge_base_filters_by_tag_track_and_region(cast) -> None:
    track = make_track(cast["programme"], [cast["vuc"]], name="Adult education")
    tagged = make_experience(cast["programme"], cast["vuc"], title="Tagged", tags="mentoring")
    in_track = make_experience(cast["programme"], cast["vuc"], title="In the track")
    in_track.tracks.set([track])
    in_region = make_experience(cast["programme"], cast["vuc"], title="In the region")
    region = ensure_municipality("340").region
    in_region.regions.set([region])
    url = reverse("programmes:experiences", kwargs={"slug": cast["programme"].slug})
    client = _client(cast["vera"])

    def titles(**params: str) -> set[str]:
        html = client.get(url, params).content.decode()
        return {e.title for e in (tagged, in_track, in_region) if f">{e.title}<" in html}

    assert titles(tag="mentoring") == {"Tagged"}
    assert titles(track=str(track.public_id)) == {"In the track"}
    assert titles(region=region.code) == {"In the region"}
    assert titles() == {"Tagged", "In the track", "In the region"}


# --- The weekly digest --------------------------------------------------------------------


def _run_digests(django_capture_on_commit_callbacks) -> int:
    """Queue the digests, then run the queued tasks as the worker would."""
    with django_capture_on_commit_callbacks(execute=True):
        queued = services.send_weekly_digests(today=_today())
    rows = DBTaskResult.objects.filter(
        task_path="livslang.programmes.tasks.send_programme_digest"
    ).order_by("enqueued_at")
    assert rows.count() == queued
    for row in rows:
        send_programme_digest.call(**row.args_kwargs["kwargs"])
    return queued


def test_the_digest_lists_due_overdue_follow_ups_and_new_experiences(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    track = make_track(cast["programme"], [cast["vuc"]])
    make_action(
        track,
        title="Overdue action",
        responsible_organisation=cast["vuc"],
        due_date=_today() - timedelta(days=3),
    )
    make_action(
        track,
        title="Action due soon",
        responsible_organisation=cast["vuc"],
        due_date=_today() + timedelta(days=3),
    )
    make_action(
        track,
        title="Far away action",
        responsible_organisation=cast["vuc"],
        due_date=_today() + timedelta(days=90),
    )
    make_action(
        track,
        title="Finished action",
        responsible_organisation=cast["vuc"],
        status=ActionStatus.DONE,
        due_date=_today() - timedelta(days=3),
    )
    meeting = make_meeting(cast["group"], _today() - timedelta(days=1))
    make_follow_up(meeting, cast["vuc"], title="Open follow-up")
    make_experience(cast["programme"], cast["region"], title="Fresh experience")
    DigestPreference.objects.create(user=cast["vera"], weekly_digest=False)
    _run_digests(django_capture_on_commit_callbacks)
    to_vuc = [m for m in mailoutbox if "VUC" in m.subject]
    assert sorted(m.to[0] for m in to_vuc) == [cast["tor"].email]  # Vera turned it off
    body = to_vuc[0].body
    for wanted in ("Overdue action", "Action due soon", "Open follow-up", "Fresh experience"):
        assert wanted in body
    assert "Far away action" not in body and "Finished action" not in body
    assert "/programmes/digest/unsubscribe/" in body
    assert to_vuc[0].extra_headers["List-Unsubscribe"].startswith("<http")


def test_the_unsubscribe_link_turns_the_digest_off(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    meeting = make_meeting(cast["group"], _today())
    make_follow_up(meeting, cast["vuc"], title="Open follow-up")
    link = services.unsubscribe_url(cast["tor"])
    path = link[link.index("/programmes/") :]
    assert _client().get(path).status_code == 200
    assert services.wants_digest(cast["tor"])
    assert _client().post(path).status_code == 200
    assert not services.wants_digest(cast["tor"])
    assert _client().get("/programmes/digest/unsubscribe/forged/").status_code == 404
    _run_digests(django_capture_on_commit_callbacks)
    assert cast["tor"].email not in [m.to[0] for m in mailoutbox]
    assert cast["vera"].email in [m.to[0] for m in mailoutbox]


def test_the_digest_can_be_turned_off_and_on_in_the_settings(cast) -> None:
    client = _client(cast["tor"])
    url = reverse("programmes:digest_settings")
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 302
    assert not services.wants_digest(cast["tor"])
    client.post(url, {"weekly_digest": "on"})
    assert services.wants_digest(cast["tor"])
    assert AuditEntry.objects.filter(action="programme_digest.turned_off").exists()


def test_the_weekly_command_queues_the_digests(cast, django_capture_on_commit_callbacks) -> None:
    meeting = make_meeting(cast["group"], _today())
    make_follow_up(meeting, cast["vuc"], title="Open follow-up")
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_programme_digests", stdout=out)
    # VUC's two members; the Region and the outsider have nothing to report.
    assert out.getvalue().strip() == "digests_queued=2"
    assert (
        DBTaskResult.objects.filter(
            task_path="livslang.programmes.tasks.send_programme_digest"
        ).count()
        == 2
    )


def test_a_document_is_evidence_and_is_served_to_readers_only(
    agreement_cast, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    agreement = agreement_cast["agreement"]
    action = Action.objects.create(
        commitment=agreement.commitments.first(),
        region=agreement_cast["sjaelland"],
        title="Course fair",
    )
    response = _client(agreement_cast["ed_one"]).post(
        reverse("programmes:evidence_create", kwargs={"action_id": action.public_id}),
        {
            "kind": EvidenceKind.DOCUMENT,
            "description": "Programme of the fair",
            "document": SimpleUploadedFile("fair.pdf", b"%PDF-1.4 demo", "application/pdf"),
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(action=action)
    url = reverse("programmes:evidence_document", kwargs={"evidence_id": evidence.public_id})
    region_page = _client(agreement_cast["viewer_one"]).get(response["Location"])
    assert url in region_page.content.decode()
    download = _client(agreement_cast["ed_two"]).get(url)
    assert download.status_code == 200
    assert download.getvalue() == b"%PDF-1.4 demo"
    assert "fair" in download["Content-Disposition"]
    assert _client().get(url).status_code == 404  # a private agreement
    refused = _client(agreement_cast["ed_one"]).post(
        reverse("programmes:evidence_create", kwargs={"action_id": action.public_id}),
        {
            "kind": EvidenceKind.DOCUMENT,
            "description": "A program",
            "document": SimpleUploadedFile("run.exe", b"MZ", "application/octet-stream"),
        },
    )
    assert refused.status_code == 200 and "error-summary" in refused.content.decode()
    assert Evidence.objects.count() == 1


def test_erasure_removes_the_person_from_the_group_and_keeps_their_experience(cast) -> None:
    from livslang.privacy.services import request_erasure

    experience = make_experience(cast["programme"], cast["region"], author=cast["gina"])
    DigestPreference.objects.create(user=cast["gina"], weekly_digest=False)
    assert request_erasure(user=cast["gina"]).erased
    assert not cast["group"].members.exists()
    assert not DigestPreference.objects.exists()
    experience.refresh_from_db()
    assert experience.author is None
    assert AuditEntry.objects.filter(action="coordination_group.member_erased").exists()


def test_the_secretariat_sets_up_the_group_and_its_members(cast) -> None:
    programme = make_programme(cast["region"], name="New programme", partners=(cast["vuc"],))
    url = reverse("programmes:group_edit", kwargs={"slug": programme.slug})
    sara = make_member(cast["region"], Role.EDITOR).user
    assert _client(cast["tor"]).get(url).status_code == 403
    assert _client(cast["ola"]).get(url).status_code == 404
    client = _client(sara)
    assert client.get(url).status_code == 200
    response = client.post(url, {"save_group": "1", "name": "Koordinering", "mandate": ""})
    assert response.status_code == 302
    group = programme.coordination_group
    tor_membership = cast["vuc"].memberships.get(user=cast["tor"])
    response = client.post(
        url,
        {"add_member": "1", "member": str(tor_membership.public_id), "represents": "adult"},
    )
    assert response.status_code == 302
    member = group.members.get()
    assert (member.user, member.organisation, member.represents) == (
        cast["tor"],
        cast["vuc"],
        "adult",
    )
    again = client.post(
        url,
        {"add_member": "1", "member": str(tor_membership.public_id), "represents": "adult"},
    )
    assert again.status_code == 200 and "already in the group" in again.content.decode()
    # Tor now writes meetings.
    create = reverse("programmes:meeting_create", kwargs={"slug": programme.slug})
    assert _client(cast["tor"]).get(create).status_code == 200
    client.post(url, {"remove_member": str(member.pk)})
    assert not group.members.exists()
    assert AuditEntry.objects.filter(action="coordination_group.member_removed").exists()


def test_the_experiences_sitemap_lists_those_of_public_programmes_only(cast) -> None:
    private = make_experience(cast["programme"], cast["vuc"], title="Private")
    public_programme = make_programme(cast["region"], name="Open", is_public=True)
    public = make_experience(public_programme, cast["region"], title="Public")
    page = _client().get(reverse("sitemap_section", kwargs={"section": "experiences"}))
    assert public.get_absolute_url() in page.content.decode()
    assert private.get_absolute_url() not in page.content.decode()
    assert _client().get(public.get_absolute_url()).status_code == 200
    assert _client().get(private.get_absolute_url()).status_code == 404


def test_the_digest_goes_out_once_a_week_however_often_it_runs(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    track = make_track(cast["programme"], [cast["vuc"]])
    make_action(
        track,
        title="Overdue action",
        responsible_organisation=cast["vuc"],
        due_date=_today() - timedelta(days=3),
    )
    first = _run_digests(django_capture_on_commit_callbacks)
    assert first >= 1
    sent = len(mailoutbox)
    # The weekly command run again the same week (a retried cron job): nothing is queued.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_weekly_digests(today=_today()) == 0
        later = _today() + timedelta(days=6 - _today().weekday())  # that week's Sunday
        assert services.send_weekly_digests(today=later) == 0
    assert len(mailoutbox) == sent
    # The next week it goes out again.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_weekly_digests(today=later + timedelta(days=1)) == first
