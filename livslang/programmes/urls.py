from django.urls import path

from livslang.programmes import views

app_name = "programmes"

urlpatterns = [
    # Read: public programmes for everyone, the rest for partners.
    path("", views.programme_list, name="list"),
    path("new/", views.programme_create, name="create"),
    path("responsibilities/<slug:slug>/", views.responsibilities, name="responsibilities"),
    path("tracks/<uuid:track_id>/", views.track, name="track"),
    path("tracks/<uuid:track_id>/edit/", views.track_edit, name="track_edit"),
    path("tracks/<uuid:track_id>/goals/new/", views.track_goal_create, name="track_goal_create"),
    path("tracks/<uuid:track_id>/actions/new/", views.action_create, name="action_create"),
    path("goals/<uuid:goal_id>/", views.goal, name="goal"),
    path("goals/<uuid:goal_id>/chart.json", views.goal_chart, name="goal_chart"),
    path("goals/<uuid:goal_id>/edit/", views.goal_edit, name="goal_edit"),
    path(
        "goals/<uuid:goal_id>/measurements/new/",
        views.measurement_create,
        name="measurement_create",
    ),
    path(
        "goals/<uuid:goal_id>/measurements/import/",
        views.measurement_import,
        name="measurement_import",
    ),
    path("actions/<uuid:action_id>/edit/", views.action_edit, name="action_edit"),
    path("actions/<uuid:action_id>/status/", views.action_status, name="action_status"),
    path("initiatives/<uuid:initiative_id>/edit/", views.initiative_edit, name="initiative_edit"),
    # Programmes II: the coordination group, agreements, experiences and the digest.
    path("meetings/<uuid:meeting_id>/", views.meeting, name="meeting"),
    path("meetings/<uuid:meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path(
        "meetings/<uuid:meeting_id>/decisions/new/",
        views.decision_create,
        name="decision_create",
    ),
    path("follow-ups/<uuid:action_id>/status/", views.follow_up_status, name="follow_up_status"),
    path(
        "follow-ups/<uuid:action_id>/evidence/new/",
        views.evidence_create,
        name="evidence_create",
    ),
    path(
        "evidence/<uuid:evidence_id>/document/",
        views.evidence_document,
        name="evidence_document",
    ),
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/<slug:slug>/", views.agreement, name="agreement"),
    path(
        "agreements/<slug:slug>/regions/<str:code>/",
        views.agreement_region,
        name="agreement_region",
    ),
    path(
        "agreements/<slug:slug>/regions/<str:code>/actions/new/",
        views.regional_action_create,
        name="regional_action_create",
    ),
    path("experiences/<uuid:experience_id>/", views.experience, name="experience"),
    path(
        "experiences/<uuid:experience_id>/comments/",
        views.experience_comment,
        name="experience_comment",
    ),
    path("digest/", views.digest_settings, name="digest_settings"),
    path("digest/unsubscribe/<str:token>/", views.digest_unsubscribe, name="digest_unsubscribe"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/progress.json", views.progress_chart, name="progress_chart"),
    path("<slug:slug>/overview/", views.overview, name="overview"),
    path("<slug:slug>/actions/", views.actions, name="actions"),
    path("<slug:slug>/report/", views.report, name="report"),
    path("<slug:slug>/report.xlsx", views.report_xlsx, name="report_xlsx"),
    # The secretariat keeps the structure.
    path("<slug:slug>/edit/", views.programme_edit, name="edit"),
    path("<slug:slug>/partners/", views.partners, name="partners"),
    path("<slug:slug>/tracks/new/", views.track_create, name="track_create"),
    path("<slug:slug>/goals/new/", views.goal_create, name="goal_create"),
    path("<slug:slug>/initiatives/new/", views.initiative_create, name="initiative_create"),
    # The coordination group's members; the programme's partners share experiences.
    path("<slug:slug>/group/", views.group, name="group"),
    path("<slug:slug>/group/edit/", views.group_edit, name="group_edit"),
    path("<slug:slug>/group/meetings/new/", views.meeting_create, name="meeting_create"),
    path("<slug:slug>/experiences/", views.experiences, name="experiences"),
    path("<slug:slug>/experiences/new/", views.experience_create, name="experience_create"),
]
