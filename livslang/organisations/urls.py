from django.urls import path

from livslang.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("register/", views.request_organisation, name="request"),
    path("requests/", views.requests, name="requests"),
    path("requests/<slug:slug>/decide/", views.decide, name="decide"),
    path("mine/", views.mine, name="mine"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/members/invite/", views.invite, name="invite"),
    path(
        "<slug:slug>/members/<uuid:membership_id>/role/",
        views.change_role,
        name="change_role",
    ),
    path(
        "<slug:slug>/members/<uuid:membership_id>/remove/",
        views.remove_member,
        name="remove_member",
    ),
    path(
        "<slug:slug>/invitations/<uuid:invitation_id>/revoke/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path("<slug:slug>/leave/", views.leave, name="leave"),
]
