from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

PUBLIC_PAGES = [
    "pages:home",
    "pages:about_data",
    "pages:accessibility",
    "pages:privacy",
    "pages:cookies",
]


class PagesSitemap(Sitemap[str]):
    changefreq = "monthly"

    def items(self) -> list[str]:
        return PUBLIC_PAGES

    def location(self, item: str) -> str:
        return reverse(item)
