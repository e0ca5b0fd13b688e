"""Education classifications used to tag offerings and needs: ISCED-F 2013 and NUS2000.

Both are reference data loaded from files shipped in ``livslang/geo/data`` (see
``livslang.classifications.services.load_classifications``); nobody edits them by hand.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class IscedFieldQuerySet(models.QuerySet["IscedField"]):
    def broad(self) -> IscedFieldQuerySet:
        return self.filter(level=IscedField.Level.BROAD)

    def narrow(self) -> IscedFieldQuerySet:
        return self.filter(level=IscedField.Level.NARROW)

    def detailed(self) -> IscedFieldQuerySet:
        return self.filter(level=IscedField.Level.DETAILED)


class IscedField(models.Model):
    """A field of education and training (ISCED-F 2013): 2 digits broad, 3 narrow, 4 detailed."""

    class Level(models.TextChoices):
        BROAD = "broad", _("broad field")
        NARROW = "narrow", _("narrow field")
        DETAILED = "detailed", _("detailed field")

    # The code length that goes with each level; codes keep their leading zeros ("00", "0011").
    CODE_LENGTH: ClassVar[dict[str, int]] = {"broad": 2, "narrow": 3, "detailed": 4}

    code = models.CharField(
        _("code"), max_length=4, unique=True, validators=[RegexValidator(r"^[0-9]{2,4}$")]
    )
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_nb = models.CharField(_("name (Norwegian)"), max_length=200)
    name_da = models.CharField(_("name (Danish)"), max_length=200)

    objects = IscedFieldQuerySet.as_manager()

    class Meta:
        verbose_name = _("ISCED-F field")
        verbose_name_plural = _("ISCED-F fields")
        ordering: ClassVar = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_for()}"

    def clean(self) -> None:
        expected = self.CODE_LENGTH.get(self.level)
        if expected is not None and len(self.code) != expected:
            raise ValidationError(
                {
                    "code": _("A %(level)s has a code of %(digits)d digits.")
                    % {"level": self.get_level_display(), "digits": expected}
                }
            )

    def name_for(self, language: str | None = None) -> str:
        """The name in ``language`` (default: the active one); nn falls back to nb, others to en."""
        lang = (language or translation.get_language() or "en").lower().split("-")[0]
        if lang in ("nb", "nn", "no"):
            return self.name_nb
        if lang == "da":
            return self.name_da
        return self.name_en


class NusCode(models.Model):
    """One digit of a Norwegian NUS2000 code: the level (first digit) or the broad field (second).

    Only these top levels ship; a full 6-digit NUS code is not stored here.
    """

    class Dimension(models.TextChoices):
        LEVEL = "level", _("level")
        FIELD = "field", _("field")

    # Position of the digit in a 6-digit NUS code, per dimension.
    DIGIT_POSITION: ClassVar[dict[str, int]] = {"level": 1, "field": 2}

    dimension = models.CharField(_("dimension"), max_length=5, choices=Dimension.choices)
    code = models.CharField(_("code"), max_length=1, validators=[RegexValidator(r"^[0-9]$")])
    name_nb = models.CharField(_("name (Norwegian)"), max_length=200)
    note_nb = models.CharField(_("note (Norwegian)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("NUS2000 code")
        verbose_name_plural = _("NUS2000 codes")
        ordering: ClassVar = ["dimension", "code"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["dimension", "code"], name="classifications_nus_unique_dimension_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()} {self.code}: {self.name_nb}"

    @property
    def digit_position(self) -> int:
        return self.DIGIT_POSITION[self.dimension]
