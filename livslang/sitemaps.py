"""The sitemap index and its sections; each app adds its section here when it has public pages."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap

from livslang.catalog.sitemaps import CohortSitemap, OfferingSitemap
from livslang.organisations.sitemaps import OrganisationSitemap
from livslang.pages.sitemaps import PagesSitemap
from livslang.programmes.sitemaps import AgreementSitemap, ExperienceSitemap, ProgrammeSitemap
from livslang.search.sitemaps import SearchSitemap

SITEMAPS: dict[str, type[Sitemap]] = {
    "pages": PagesSitemap,
    "organisations": OrganisationSitemap,
    "offerings": OfferingSitemap,
    "cohorts": CohortSitemap,
    "programmes": ProgrammeSitemap,
    "search": SearchSitemap,
    "agreements": AgreementSitemap,
    "experiences": ExperienceSitemap,
}
