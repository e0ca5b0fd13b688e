from django.urls import path

from livslang.brokerage import views

app_name = "brokerage"

urlpatterns = [
    path("requests/<uuid:request_id>/", views.request_detail, name="request"),
    path("requests/<uuid:request_id>/send/", views.request_send, name="request_send"),
    path("requests/<uuid:request_id>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("requests/<uuid:request_id>/answer/", views.request_answer, name="request_answer"),
    path("requests/<uuid:request_id>/decide/", views.request_decide, name="request_decide"),
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/propose/", views.propose, name="propose"),
    path(
        "<slug:slug>/cohorts/<uuid:cohort_id>/decide/",
        views.decide_cohort,
        name="decide_cohort",
    ),
    path("<slug:slug>/requests/", views.requests, name="requests"),
    path("<slug:slug>/requests/new/", views.request_create, name="request_create"),
]
