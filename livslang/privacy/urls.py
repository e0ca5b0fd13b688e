from django.urls import path

from livslang.privacy import views

app_name = "privacy"

urlpatterns = [
    path("my/privacy/", views.home, name="home"),
    path("my/privacy/consents/", views.consents, name="consents"),
    path("my/privacy/data/", views.data, name="data"),
    path("my/privacy/export.json", views.export, name="export"),
    path("my/privacy/delete/", views.erase, name="erase"),
]
