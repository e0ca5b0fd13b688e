"""The ``programmes`` section of the sitemap: the pages of public programmes."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap

from livslang.programmes import queries
from livslang.programmes.models import Agreement, Experience, Programme


class ProgrammeSitemap(Sitemap[Programme]):
    changefreq = "weekly"
    limit = 5000

    def items(self) -> list[Programme]:
        return list(
            Programme.objects.filter(is_public=True).only("slug", "updated_at").order_by("pk")
        )

    def location(self, item: Programme) -> str:
        return item.get_absolute_url()

    def lastmod(self, item: Programme) -> datetime:
        return item.updated_at


class AgreementSitemap(Sitemap[Agreement]):
    """The ``agreements`` section: public agreements (their matrix pages)."""

    changefreq = "weekly"
    limit = 5000

    def items(self) -> list[Agreement]:
        return list(queries.public_agreements().only("slug", "updated_at").order_by("pk"))

    def location(self, item: Agreement) -> str:
        return item.get_absolute_url()

    def lastmod(self, item: Agreement) -> datetime:
        return item.updated_at


class ExperienceSitemap(Sitemap[Experience]):
    """The ``experiences`` section: the experiences of public programmes."""

    changefreq = "weekly"
    limit = 5000

    def items(self) -> list[Experience]:
        return list(queries.public_experiences().only("public_id", "updated_at"))

    def location(self, item: Experience) -> str:
        return item.get_absolute_url()

    def lastmod(self, item: Experience) -> datetime:
        return item.updated_at
