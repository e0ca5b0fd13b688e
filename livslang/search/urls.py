from django.urls import path

from livslang.search import views

app_name = "search"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("search/log/", views.search_log, name="log"),
    path("search/follow/<uuid:offering_id>/", views.follow, name="follow"),
]
