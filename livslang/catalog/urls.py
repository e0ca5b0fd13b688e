from django.urls import include, path

from livslang.catalog import feeds, views

app_name = "catalog"

urlpatterns = [
    # Public
    path("offerings/<slug:slug>-<str:short_id>/", views.offering, name="offering"),
    path("cohorts/<uuid:cohort_id>.ics", views.cohort_ics, name="cohort_ics"),
    path("cohorts/<uuid:cohort_id>/", views.cohort, name="cohort"),
    path(
        "feeds/municipality/<str:code>.atom",
        feeds.MunicipalityFeed(),
        name="feed_municipality",
    ),
    path("feeds/region/<str:code>.atom", feeds.RegionFeed(), name="feed_region"),
    # Staff of the owning organisation
    path("organisations/<slug:slug>/offerings/", views.manage, name="manage"),
    path(
        "organisations/<slug:slug>/offerings/new/",
        views.offering_create,
        name="offering_create",
    ),
    path("offerings/<uuid:offering_id>/edit/", views.offering_edit, name="offering_edit"),
    path(
        "offerings/<uuid:offering_id>/publish/",
        views.offering_publish,
        name="offering_publish",
    ),
    path(
        "offerings/<uuid:offering_id>/unpublish/",
        views.offering_unpublish,
        name="offering_unpublish",
    ),
    path(
        "offerings/<uuid:offering_id>/archive/",
        views.offering_archive,
        name="offering_archive",
    ),
    path("offerings/<uuid:offering_id>/copy/", views.offering_copy, name="offering_copy"),
    path(
        "offerings/<uuid:offering_id>/cohorts/new/",
        views.cohort_create,
        name="cohort_create",
    ),
    path("cohorts/<uuid:cohort_id>/edit/", views.cohort_edit, name="cohort_edit"),
    path("cohorts/<uuid:cohort_id>/copy/", views.cohort_copy, name="cohort_copy"),
    path("cohorts/<uuid:cohort_id>/status/", views.cohort_status, name="cohort_status"),
    # Bulk import and export (Catalogue III).
    path("", include("livslang.catalog.upload_urls")),
]
