from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from livslang.organisations.models import Organisation


class OrganisationSitemap(Sitemap[Organisation | str]):
    """The directory and every approved organisation's page."""

    changefreq = "weekly"
    limit = 5000

    def items(self) -> list[Organisation | str]:
        organisations = Organisation.objects.approved().only("slug", "updated_at").order_by("pk")
        return ["organisations:directory", *organisations]

    def location(self, item: Organisation | str) -> str:
        if isinstance(item, str):
            return reverse(item)
        return reverse("organisations:detail", args=[item.slug])

    def lastmod(self, item: Organisation | str) -> datetime | None:
        return None if isinstance(item, str) else item.updated_at
