from django.urls import path

from livslang.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:area>/", views.area, name="area"),
    path("<slug:area>/map.json", views.map_json, name="map"),
    path("<slug:area>/bars.json", views.bars_json, name="bars"),
    path("<slug:area>/series.json", views.series_json, name="series"),
    path("<slug:area>/topic/", views.topic, name="topic"),
    path("<slug:area>/topic.json", views.topic_json, name="topic_map"),
    path("<slug:area>/figures.csv", views.figures_csv, name="csv"),
    path("<slug:area>/figures.xlsx", views.figures_xlsx, name="xlsx"),
    path("<slug:area>/report/", views.report, name="report"),
]
