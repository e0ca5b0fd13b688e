"""GDPR-01 and GDPR-07: every personal field is in the record of processing, and nobody's
street address is kept."""

from __future__ import annotations

import re
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models

from livslang.privacy.inventory import PERSONAL, POINTERS


def _user_model() -> type[models.Model]:
    return apps.get_model(settings.AUTH_USER_MODEL)


def _fields(model: type[models.Model]) -> list[Any]:
    return [*model._meta.concrete_fields, *model._meta.many_to_many]


def test_every_field_of_a_personal_model_is_listed() -> None:
    missing = []
    for label, entries in PERSONAL.items():
        model = apps.get_model(label)
        names = {field.name for field in _fields(model)}
        missing += [f"{label}.{name}" for name in sorted(names - set(entries))]
        stale = set(entries) - names
        assert not stale, f"{label}: listed fields that do not exist: {sorted(stale)}"
    assert not missing, "personal fields missing from livslang/privacy/inventory.py: " + (
        ", ".join(missing)
    )


def test_every_pointer_to_a_person_is_listed() -> None:
    user = _user_model()
    unlisted = []
    for model in apps.get_models():
        label = model._meta.label
        if label in PERSONAL:
            continue
        for field in _fields(model):
            if field.is_relation and field.related_model is user:
                name = f"{label}.{field.name}"
                if name not in POINTERS:
                    unlisted.append(name)
    assert not unlisted, "fields pointing at a person, missing from POINTERS: " + (
        ", ".join(unlisted)
    )


def test_every_use_says_why_how_long_and_on_what_basis() -> None:
    uses = [use for entries in PERSONAL.values() for use in entries.values()]
    uses += list(POINTERS.values())
    for use in uses:
        assert use.purpose and use.basis and use.retention
        assert "Art. 6(1)" in use.basis


def test_no_street_address_is_kept_for_a_person() -> None:
    """GDPR-07: a home place is a municipality or a postcode, never a street address."""
    pattern = re.compile(r"(street|address|gate|vej|adresse)", re.I)
    for label in PERSONAL:
        for field in _fields(apps.get_model(label)):
            if field.name in ("email",):
                continue
            assert not pattern.search(field.name), f"{label}.{field.name} looks like an address"


def test_no_national_identity_number_field() -> None:
    pattern = re.compile(r"(fodsels|fødsels|personnummer|national_id|cpr|ssn)", re.I)
    for model in apps.get_models():
        for field in _fields(model):
            assert not pattern.search(field.name), f"{model._meta.label}.{field.name}"
