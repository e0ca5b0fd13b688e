"""The ``offerings`` and ``cohorts`` sections of the sitemap: only what the public can see."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from livslang.catalog.models import Cohort, Offering


class OfferingSitemap(Sitemap[Offering]):
    """Every published offering's page."""

    changefreq = "weekly"
    limit = 5000

    def items(self) -> list[Offering]:
        return list(
            Offering.objects.published().only("public_id", "slug", "updated_at").order_by("pk")
        )

    def location(self, item: Offering) -> str:
        return item.get_absolute_url()

    def lastmod(self, item: Offering) -> datetime:
        return item.updated_at


class CohortSitemap(Sitemap[Cohort]):
    """Every public cohort's stable address (``/cohorts/<uuid>/``)."""

    changefreq = "weekly"
    limit = 5000

    def items(self) -> list[Cohort]:
        return list(Cohort.objects.public().only("public_id", "updated_at").order_by("pk"))

    def location(self, item: Cohort) -> str:
        return reverse("catalog:cohort", kwargs={"cohort_id": item.public_id})

    def lastmod(self, item: Cohort) -> datetime:
        return item.updated_at
