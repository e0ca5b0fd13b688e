from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import translation

from livslang.accounts.models import User
from livslang.organisations.models import Kind, Organisation, Role
from livslang.organisations.testing import make_member, make_organisation


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are compared in English (their ids)."""
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> Client:
    """A browser that asks for English pages."""
    return Client(headers={"accept-language": "en"})


@dataclass
class World:
    own: Organisation
    admin: User
    editor: User
    viewer: User
    other: Organisation
    other_admin: User


@pytest.fixture
def world(db: None) -> World:
    """A centre in Senja with an admin, an editor and a viewer; an employer in Tromsø with its
    own admin."""
    own = make_organisation(Kind.CENTRE, "5530", slug="senja-centre", name="Senja Centre")
    other = make_organisation(Kind.EMPLOYER, "5501", slug="tromso-fish", name="Tromsø Fish AS")
    return World(
        own=own,
        admin=make_member(own, Role.ADMIN, "ada.admin@example.org", full_name="Ada Admin").user,
        editor=make_member(own, Role.EDITOR, "eli.editor@example.org").user,
        viewer=make_member(own, Role.VIEWER, "vera.viewer@example.org").user,
        other=other,
        other_admin=make_member(other, Role.ADMIN, "otto.other@example.org").user,
    )
