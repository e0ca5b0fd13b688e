"""Demo competence needs: the demo employer in Finnsnes has registered needs in its own
words (one public, one private, one met), each matched at once against the demo catalogue.
Clearly demo: titles end in "(demo)" and rows carry ``is_demo``."""

from __future__ import annotations

from datetime import date, timedelta

from livslang.accounts.models import User
from livslang.demo.services import DemoContribution
from livslang.needs import services
from livslang.needs.models import Need, NeedStatus, Visibility
from livslang.organisations.models import Organisation

ORDER = 45
EMPLOYER = "finnsnes-fiskeindustri"

NEEDS = [
    {
        "title": "Velferdsteknologi for hjemmetjenesten (demo)",
        "text": (
            "Åtte nye ansatte i hjemmetjenesten skal bruke digitalt tilsyn og trygghetsalarmer, "
            "men har ikke fått opplæring. Kveld eller nett, innen 60 km fra Finnsnes."
        ),
        "language": "nb",
        "participants": 8,
        "postcode": "9300",
        "modes": ["on_site", "blended", "online"],
        "schedules": [],
        "max_travel_km": 60,
        "visibility": Visibility.PUBLIC,
    },
    {
        "title": "IT-sikkerhet etter phishing-forsøk (demo)",
        "text": (
            "Vi fikk en falsk e-post som nesten lurte økonomiavdelingen. Fem ansatte bør lære "
            "å kjenne igjen phishing og sikre passord, gjerne på kveldstid."
        ),
        "language": "nb",
        "participants": 5,
        "postcode": "9300",
        "modes": ["on_site", "online"],
        "schedules": ["evening", "self_paced"],
        "max_travel_km": 40,
        "visibility": Visibility.PRIVATE,
    },
]


def build(*, today: date, shift: timedelta) -> DemoContribution:
    employer = Organisation.objects.filter(slug=EMPLOYER).first()
    actor = User.objects.filter(email="employer@demo.livslang.test").first()
    if employer is None or actor is None:
        return DemoContribution(app="needs", summary="skipped: no demo employer")
    if Need.objects.filter(organisation=employer, is_demo=True).exists():
        Need.objects.filter(is_demo=True).update(
            earliest_start=models_shift("earliest_start", shift),
            latest_start=models_shift("latest_start", shift),
        )
        return DemoContribution(app="needs", summary="needs moved")
    made = []
    for spec in NEEDS:
        need = services.register_need(
            actor=actor,
            organisation=employer,
            country="NO",
            earliest_start=today,
            latest_start=today + timedelta(days=240),
            **spec,
        )
        Need.objects.filter(pk=need.pk).update(is_demo=True)
        made.append(need)
    services.set_status(actor=actor, need=made[1], status=NeedStatus.BROKERING)
    return DemoContribution(app="needs", summary=f"{len(made)} needs with their matches")


def models_shift(field: str, shift: timedelta):  # type: ignore[no-untyped-def]
    from django.db.models import F

    return F(field) + shift
