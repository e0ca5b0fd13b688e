"""The API's URLs: the operations (django-ninja), the docs, and the token pages."""

from django.urls import path

from livslang.api import views
from livslang.api.api import api

app_name = "apitokens"

urlpatterns = [
    path("<slug:slug>/api-tokens/", views.tokens, name="tokens"),
    path("<slug:slug>/api-tokens/<uuid:token_id>/revoke/", views.revoke, name="revoke"),
]


def api_urls() -> tuple[list, str, str]:
    """``/api/v1/``: every documented operation, the OpenAPI document and the docs page."""
    patterns, app, namespace = api.urls
    # django-ninja's root view only lists nothing useful; every path is an operation.
    operations = [p for p in patterns if getattr(p, "name", None) != "api-root"]
    return [*operations, path("docs", views.docs, name="docs")], app, namespace
