"""Reads for accounts: links people follow, and home places."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.db.models.functions import Coalesce

from livslang.accounts import tokens
from livslang.accounts.models import User
from livslang.geo.models import Municipality
from livslang.geo.queries import Place

InvalidLink = tokens.InvalidLink


def user_for_verification_link(token: str) -> User:
    """The account a verification link is for; raises InvalidLink when forged, expired or used."""
    return tokens.user_for_verification_token(token)


def email_change_for_link(token: str) -> tokens.EmailChange:
    """The change an e-mail change link asks for; raises InvalidLink."""
    return tokens.email_change_for_token(token)


def user_for_password_reset_link(uidb64: str, token: str) -> User:
    """The account a reset link is for; raises InvalidLink when forged, expired or used."""
    return tokens.user_for_password_reset(uidb64, token)


def municipality_of_place(place: Place) -> Municipality | None:
    """The municipality (valid today) a resolved postcode or municipality lies in."""
    if not place.municipality_code:
        return None
    return (
        Municipality.objects.valid_on()
        .for_country(place.country)
        .filter(code=place.municipality_code)
        .first()
    )


def home_place_text(user: User) -> str:
    """What the profile form shows in "Postcode or municipality"."""
    if user.home_postcode:
        return user.home_postcode
    if user.home_municipality is not None:
        return user.home_municipality.name
    return ""


def inactive_since(moment: datetime) -> QuerySet[User]:
    """People who have not signed in since ``moment`` (or never, and joined before it), not
    yet erased; staff accounts are left to the platform administrators."""
    return (
        User.objects.annotate(seen=Coalesce("last_login", "date_joined"))
        .filter(seen__lt=moment, is_staff=False, is_superuser=False)
        .exclude(email__endswith="@erased.invalid")
        .order_by("pk")
    )
