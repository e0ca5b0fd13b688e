"""Atom feeds of newly published offerings per municipality and per county/region."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from livslang.catalog import queries
from livslang.catalog.models import Offering
from livslang.catalog.text import without_control_characters
from livslang.geo.models import Municipality, Region

FEED_SIZE = 50


class _OfferingFeed(Feed[Offering, Any]):
    feed_type = Atom1Feed

    def item_title(self, item: Offering) -> str:
        return without_control_characters(item.title)

    def item_description(self, item: Offering) -> str:
        # Atom1Feed labels the summary as HTML, so plain text must be escaped once more, or a
        # feed reader would render markup from the description.
        # Services refuse control characters; stripping them here keeps the feed valid XML
        # for anything that reached the database another way.
        text = Truncator(item.description or item.title).chars(500)
        return escape(without_control_characters(text))

    def item_link(self, item: Offering) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Offering) -> str:
        return item.public_id.urn

    item_guid_is_permalink = False

    def item_pubdate(self, item: Offering) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Offering) -> dt.datetime:
        return item.updated_at

    def item_author_name(self, item: Offering) -> str:
        return item.provider.name


class MunicipalityFeed(_OfferingFeed):
    def get_object(self, request: HttpRequest, code: str) -> Municipality:
        municipality = Municipality.objects.filter(code=code).order_by("-valid_from").first()
        if municipality is None:
            raise Http404
        return municipality

    def title(self, obj: Municipality) -> str:
        return _("New offerings in %(place)s - Livslang") % {"place": obj.name}

    def subtitle(self, obj: Municipality) -> str:
        return _("Offerings newly published with a cohort or a local study room in %(place)s.") % {
            "place": obj.name
        }

    def link(self, obj: Municipality) -> str:
        return reverse("catalog:feed_municipality", kwargs={"code": obj.code})

    def feed_guid(self, obj: Municipality) -> str:
        return f"tag:livslang,2025:feeds/municipality/{obj.code}"

    def items(self, obj: Municipality) -> list[Offering]:
        return queries.newly_published(municipality_code=obj.code, limit=FEED_SIZE)


class RegionFeed(_OfferingFeed):
    def get_object(self, request: HttpRequest, code: str) -> Region:
        region = Region.objects.filter(code=code).order_by("-valid_from").first()
        if region is None:
            raise Http404
        return region

    def title(self, obj: Region) -> str:
        return _("New offerings in %(place)s - Livslang") % {"place": obj.name}

    def subtitle(self, obj: Region) -> str:
        return _("Offerings newly published with a cohort or a local study room in %(place)s.") % {
            "place": obj.name
        }

    def link(self, obj: Region) -> str:
        return reverse("catalog:feed_region", kwargs={"code": obj.code})

    def feed_guid(self, obj: Region) -> str:
        return f"tag:livslang,2025:feeds/region/{obj.code}"

    def items(self, obj: Region) -> list[Offering]:
        return queries.newly_published(region_code=obj.code, limit=FEED_SIZE)
