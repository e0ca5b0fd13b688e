"""The profile: name, language (switches the UI) and home place, never an address (GDPR-07)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client

from conftest import PASSWORD
from livslang.accounts.models import User
from livslang.accounts.tests.conftest import EMAIL
from livslang.geo.models import Municipality
from livslang.geo.services import apply_changes

PROFILE = "/account/profile/"


def save(client: Client, **overrides: str):
    data = {"full_name": "Kari Nordmann", "language": "nb", "home_place": "", "home_country": "NO"}
    data.update(overrides)
    return client.post(PROFILE, data)


@pytest.fixture
def signed_in(en: Client, kari: User) -> Client:
    en.force_login(kari)
    return en


@pytest.mark.django_db
def test_profile_needs_sign_in(en: Client) -> None:
    response = en.get(PROFILE)
    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=/account/profile/"


@pytest.mark.django_db
def test_profile_shows_the_address_read_only_with_links(signed_in: Client) -> None:
    response = signed_in.get(PROFILE)
    html = response.content.decode()
    assert EMAIL in html
    assert 'name="email"' not in html
    assert 'href="/account/email/"' in html
    assert 'href="/account/password/"' in html
    assert html.count("<h1") == 1
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("place", "country", "municipality", "postcode"),
    [
        ("9300", "NO", "5530", "9300"),  # Finnsnes, in Senja
        ("4400", "DK", "326", "4400"),  # Kalundborg
        ("Senja", "NO", "5530", ""),
        ("5530", "NO", "5530", ""),  # by municipality number (5421 until 2024)
    ],
)
def test_home_place_resolves(
    signed_in: Client, kari: User, geo: None, place, country, municipality, postcode
) -> None:
    response = save(signed_in, home_place=place, home_country=country)
    assert response.status_code == 302
    kari.refresh_from_db()
    assert kari.home_country == country
    assert kari.home_municipality is not None
    assert kari.home_municipality.code == municipality
    assert kari.home_postcode == postcode
    # Shown again as entered.
    html = signed_in.get(PROFILE).content.decode()
    shown = postcode or kari.home_municipality.name
    assert f'name="home_place" value="{shown}"' in html


@pytest.mark.django_db
def test_unknown_place_shows_the_geo_message_and_changes_nothing(
    signed_in: Client, kari: User, geo: None
) -> None:
    response = save(signed_in, home_place="9999", home_country="NO", full_name="Changed Name")
    assert response.status_code == 200
    html = response.content.decode()
    assert "No postcode 9999 in Norway." in html
    assert 'aria-invalid="true"' in html
    kari.refresh_from_db()
    assert kari.full_name == "Kari Nordmann"
    assert kari.home_municipality is None


@pytest.mark.django_db
def test_clearing_the_place_clears_the_home_place(signed_in: Client, kari: User, geo: None) -> None:
    save(signed_in, home_place="9300")
    save(signed_in, home_place="")
    kari.refresh_from_db()
    assert (kari.home_country, kari.home_municipality, kari.home_postcode) == ("", None, "")


@pytest.mark.django_db
def test_changing_the_language_switches_the_ui(signed_in: Client, kari: User) -> None:
    response = save(signed_in, language="da")
    assert response.status_code == 302
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "da"
    assert cookie["httponly"]
    assert cookie["samesite"] == settings.LANGUAGE_COOKIE_SAMESITE
    assert int(cookie["max-age"]) == settings.LANGUAGE_COOKIE_AGE
    kari.refresh_from_db()
    assert kari.language == "da"
    page = signed_in.get(PROFILE)
    assert '<html lang="da"' in page.content.decode()
    # Saving without changing it does not touch the cookie.
    assert settings.LANGUAGE_COOKIE_NAME not in save(signed_in, language="da").cookies


@pytest.mark.django_db
def test_registration_with_a_home_place(en: Client, geo: None) -> None:
    response = en.post(
        "/account/register/",
        {
            "email": "finn@example.no",
            "full_name": "Finn Finnsnes",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "language": "nn",
            "home_place": "9300",
            "home_country": "NO",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="finn@example.no")
    assert user.home_municipality is not None
    assert user.home_municipality.code == "5530"
    assert user.language == "nn"


@pytest.mark.django_db
def test_a_merger_moves_people_to_the_new_municipality(kari: User, geo: None) -> None:
    senja = Municipality.objects.valid_on().get(country_id="NO", code="5530")
    User.objects.filter(pk=kari.pk).update(home_country="NO", home_municipality=senja)
    apply_changes(
        text=(
            "effective_date,event,country,level,from_code,to_code,to_name,to_region_code\n"
            "2030-01-01,rename,NO,municipality,5530,5599,Senja Nord,\n"
        )
    )
    kari.refresh_from_db()
    assert kari.home_municipality is not None
    assert kari.home_municipality.code == "5599"


def test_no_person_model_stores_a_street_address() -> None:
    """GDPR-07: a home place is a municipality or a postcode, never an address."""
    forbidden = ("address", "street", "gate", "vej", "adresse", "house", "line1")
    user_fields = [f.name for f in User._meta.get_fields() if isinstance(f, models.Field)]
    assert not [n for n in user_fields if any(w in n.lower() for w in forbidden) and n != "email"]
    for model in apps.get_app_config("accounts").get_models():
        for field in model._meta.get_fields():
            name = field.name.lower()
            assert not ("street" in name or name.endswith("address")), (model, field.name)


@pytest.mark.django_db
def test_set_language_service_validates(kari: User) -> None:
    from django.core.exceptions import ValidationError

    from livslang.accounts.services import set_language

    assert set_language(user=kari, language="nn").language == "nn"
    with pytest.raises(ValidationError):
        set_language(user=kari, language="xx")
    kari.refresh_from_db()
    assert kari.language == "nn"
