"""The admin shows the reference data; only figures are editable, and every edit is audited."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from livslang.accounts.models import User
from livslang.audit.models import AuditEntry
from livslang.geo.models import Municipality, Postcode

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geo_data")]


@pytest.mark.parametrize(
    "name",
    [
        "geo_country_changelist",
        "geo_region_changelist",
        "geo_municipality_changelist",
        "geo_postcode_changelist",
        "classifications_iscedfield_changelist",
        "classifications_nuscode_changelist",
    ],
)
def test_changelists_render(client: Client, platform_admin: User, name: str) -> None:
    client.force_login(platform_admin)
    response = client.get(reverse(f"admin:{name}"), {"q": "4"})
    assert response.status_code == 200


def test_reference_data_cannot_be_added_or_deleted(client: Client, platform_admin: User) -> None:
    client.force_login(platform_admin)
    postcode = Postcode.objects.get(country_id="NO", code="4400")
    assert client.get(reverse("admin:geo_municipality_add")).status_code == 403
    assert client.get(reverse("admin:geo_postcode_delete", args=[postcode.pk])).status_code == 403
    # Postcodes are view-only: the form has no save button.
    page = client.get(reverse("admin:geo_postcode_change", args=[postcode.pk]))
    assert page.status_code == 200 and b'name="_save"' not in page.content


def test_editing_a_municipality_figure_is_audited(client: Client, platform_admin: User) -> None:
    client.force_login(platform_admin)
    senja = Municipality.objects.get(country_id="NO", code="5530")
    url = reverse("admin:geo_municipality_change", args=[senja.pk])
    form = {
        "population": "15000",
        "area_km2": str(senja.area_km2),
        "admin_centre": senja.admin_centre,
        "label_lat": str(senja.label_lat),
        "label_lon": str(senja.label_lon),
        "settlement_lat": str(senja.settlement_lat),
        "settlement_lon": str(senja.settlement_lon),
        "name": "Renamed",  # read-only: ignored
        "_save": "Save",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content[:2000]
    senja.refresh_from_db()
    assert senja.population == 15000 and senja.name == "Senja"
    entry = AuditEntry.objects.get(action="reference_data.edit")
    assert entry.actor == platform_admin
    assert entry.object_type == "geo.municipality" and entry.object_id == str(senja.pk)
    assert entry.changes == {"population": {"old": 14894, "new": 15000}}
