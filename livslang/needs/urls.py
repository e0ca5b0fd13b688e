from django.urls import path

from livslang.needs import views

app_name = "needs"

urlpatterns = [
    path("needs/", views.public_list, name="public_list"),
    path("needs/new/", views.register, name="register"),
    path("needs/_suggest/", views.suggest, name="suggest"),
    path("my/needs/", views.mine, name="mine"),
    path("needs/<uuid:need_id>/", views.detail, name="detail"),
    path("needs/<uuid:need_id>/edit/", views.edit, name="edit"),
    path("needs/<uuid:need_id>/status/", views.set_status, name="set_status"),
]
