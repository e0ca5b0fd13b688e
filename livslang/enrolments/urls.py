from django.urls import path

from livslang.enrolments import views

app_name = "enrolments"

urlpatterns = [
    path("cohorts/<uuid:cohort_id>/sign-up/", views.sign_up, name="sign_up"),
    path("cohorts/<uuid:cohort_id>/pre-register/", views.pre_register, name="pre_register"),
    path("my/courses/", views.mine, name="mine"),
    path("my/courses/<uuid:enrolment_id>/cancel/", views.cancel, name="cancel"),
    path(
        "my/pre-registrations/<uuid:registration_id>/withdraw/",
        views.withdraw,
        name="withdraw",
    ),
    path("my/saved-searches/", views.save_search, name="save_search"),
    path(
        "my/saved-searches/<uuid:search_id>/remove/",
        views.remove_search,
        name="remove_search",
    ),
    path("offerings/<uuid:offering_id>/interest/", views.interest, name="interest"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "cohorts/<uuid:cohort_id>/participants/",
        views.participants,
        name="participants",
    ),
    path(
        "cohorts/<uuid:cohort_id>/participants.<str:fmt>",
        views.participants_export,
        name="participants_export",
    ),
    path("cohorts/<uuid:cohort_id>/pledge/", views.pledge, name="pledge"),
    path("my/pledges/", views.pledges, name="pledges"),
    path("my/pledges/<uuid:pledge_id>/withdraw/", views.withdraw_pledge, name="withdraw_pledge"),
]
