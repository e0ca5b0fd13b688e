"""People who sign in. E-mail is the login; there is no username."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from livslang.geo.models import CountryCode


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **fields: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields["is_staff"] = True
        fields["is_superuser"] = True
        # Administrators are created by someone who controls the installation: verified.
        fields.setdefault("email_verified_at", timezone.now())
        return self._create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    class Language(models.TextChoices):
        NB = "nb", _("Norwegian Bokmål")
        NN = "nn", _("Norwegian Nynorsk")
        DA = "da", _("Danish")
        EN = "en", _("English")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    # Stored lower-cased; the functional constraint below also guards direct writes.
    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.NB
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("platform staff"),
        default=False,
        help_text=_("May sign in to the administration site."),
    )
    is_demo = models.BooleanField(_("demo user"), default=False, editable=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # None until the person follows the link sent to the address; unverified people cannot
    # sign in. Changing the address sets it again (the new address was confirmed by a link).
    email_verified_at = models.DateTimeField(_("e-mail verified at"), null=True, blank=True)
    # Home place: a municipality, optionally a postcode in it. Never a street address (GDPR-07).
    home_country = models.CharField(
        _("home country"), max_length=2, choices=CountryCode.choices, blank=True
    )
    # PROTECT: municipalities are never deleted, they end with a successor, and the accounts
    # repointer moves people to it; a deletion that would silently blank home places must fail.
    home_municipality = models.ForeignKey(
        "geo.Municipality",
        verbose_name=_("home municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    home_postcode = models.CharField(
        _("home postcode"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{4}$", _("A postcode has 4 digits."))],
    )

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints: ClassVar = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()
        if (self.home_postcode or self.home_municipality_id) and not self.home_country:
            raise ValidationError({"home_country": _("Choose the country of your home place.")})
        municipality = self.home_municipality
        if municipality is not None and municipality.country_id != self.home_country:
            raise ValidationError(
                {"home_municipality": _("The municipality is not in the chosen country.")}
            )

    @property
    def is_email_verified(self) -> bool:
        return self.email_verified_at is not None
