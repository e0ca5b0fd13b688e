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
]
