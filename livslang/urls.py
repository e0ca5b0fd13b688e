"""Root URLs. No language prefix: the language comes from the cookie or Accept-Language."""

from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from livslang.api.urls import api_urls
from livslang.pages import views as page_views
from livslang.sitemaps import SITEMAPS

urlpatterns = [
    path("", include("livslang.pages.urls")),
    path("account/", include("livslang.accounts.urls")),
    path("organisations/", include("livslang.organisations.urls")),
    path("platform/", include("livslang.audit.urls")),
    path("", include("livslang.catalog.urls")),
    path("", include("livslang.enrolments.urls")),
    path("", include("livslang.needs.urls")),
    path("", include("livslang.privacy.urls")),
    path("programmes/", include("livslang.programmes.urls")),
    path("", include("livslang.search.urls")),
    path("brokerage/", include("livslang.brokerage.urls")),
    path("insights/", include("livslang.insights.urls")),
    path("healthz", page_views.healthz, name="healthz"),
    path("robots.txt", page_views.robots_txt, name="robots_txt"),
    path(".well-known/security.txt", page_views.security_txt, name="security_txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("i18n/setlang/", page_views.switch_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("organisations/", include("livslang.api.urls")),
    path("api/v1/", api_urls()),
]

handler400 = "livslang.pages.views.bad_request"
handler403 = "livslang.pages.views.permission_denied"
handler404 = "livslang.pages.views.page_not_found"
handler500 = "livslang.pages.views.server_error"
