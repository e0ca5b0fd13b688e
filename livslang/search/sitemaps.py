from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class SearchSitemap(Sitemap[str]):
    """The search page (its result pages are not listed: they are the offerings)."""

    changefreq = "daily"

    def items(self) -> list[str]:
        return ["search:search"]

    def location(self, item: str) -> str:
        return reverse(item)
