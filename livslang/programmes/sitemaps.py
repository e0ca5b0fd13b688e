"""The ``programmes`` section of the sitemap: the pages of public programmes."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap

from livslang.programmes.models import Programme


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
