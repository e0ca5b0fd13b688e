"""Bulk import and export of an organisation's offerings. No ``app_name``: included from the
``catalog`` URLconf, so the names are ``catalog:import``, ``catalog:import_job`` and
``catalog:export``."""

from django.urls import path

from livslang.catalog import upload_views

urlpatterns = [
    path(
        "organisations/<slug:slug>/offerings/import/",
        upload_views.import_offerings,
        name="import",
    ),
    path(
        "organisations/<slug:slug>/offerings/import/<uuid:job_id>/",
        upload_views.import_job,
        name="import_job",
    ),
    path(
        "organisations/<slug:slug>/offerings/export.<str:fmt>",
        upload_views.export,
        name="export",
    ),
]
