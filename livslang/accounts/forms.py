"""Forms of the account pages. They validate; services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from livslang.accounts import queries
from livslang.accounts.models import User
from livslang.accounts.services import HomePlace, normalise_email
from livslang.geo.models import CountryCode
from livslang.geo.queries import UnknownPlace, resolve_place

PASSWORD_HELP = _(
    "At least 12 characters. A few words that mean something to you are easy to remember "
    "and hard to guess."
)


def _email_field(label: Any = None, autocomplete: str = "email") -> forms.EmailField:
    return forms.EmailField(
        label=label or _("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": autocomplete}),
    )


def _password_field(label: Any, autocomplete: str, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


def _language_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Language"),
        choices=User.Language.choices,
        help_text=_("The language of the pages and of the e-mails we send you."),
    )


def default_country(language: str) -> str:
    return CountryCode.DENMARK if language == "da" else CountryCode.NORWAY


class HomePlaceForm(forms.Form):
    """A home place as a postcode or a municipality in Norway or Denmark (never an address)."""

    home_place = forms.CharField(
        label=_("Postcode or municipality"),
        required=False,
        max_length=100,
        help_text=_(
            "Optional. Used to find courses near you. Enter a postcode or the name of your "
            "municipality, never your street address."
        ),
    )
    home_country = forms.ChoiceField(
        label=_("Country"), choices=CountryCode.choices, required=False
    )

    def clean_home(self) -> HomePlace | None:
        """Resolve the place; puts the geo message on the field when it is unknown."""
        text = (self.cleaned_data.get("home_place") or "").strip()
        country = self.cleaned_data.get("home_country") or None
        if not text:
            return None
        try:
            place = resolve_place(query=text, country=country)
        except UnknownPlace as exc:
            self.add_error("home_place", exc.messages)
            return None
        postcode = place.code if place.kind == "postcode" else ""
        return HomePlace(
            country=place.country,
            municipality=queries.municipality_of_place(place),
            postcode=postcode,
        )


class NewPasswordMixin(forms.Form):
    """Two password fields, validated with the configured validators (SEC-10)."""

    password_field = "password1"  # noqa: S105 (a field name)
    repeat_field = "password2"

    def user_for_validation(self) -> User | None:
        return None

    def clean_new_password(self) -> str | None:
        password = self.cleaned_data.get(self.password_field)
        repeated = self.cleaned_data.get(self.repeat_field)
        if password and repeated and password != repeated:
            self.add_error(self.repeat_field, _("The two passwords are not the same."))
            return None
        if password:
            try:
                password_validation.validate_password(password, self.user_for_validation())
            except ValidationError as exc:
                self.add_error(self.password_field, exc)
                return None
        return password


class RegistrationForm(NewPasswordMixin, HomePlaceForm):
    email = _email_field()
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1 = _password_field(_("Password"), "new-password", PASSWORD_HELP)
    password2 = _password_field(_("Repeat the password"), "new-password")
    language = _language_field()

    field_order = (
        "email",
        "full_name",
        "password1",
        "password2",
        "language",
        "home_place",
        "home_country",
    )

    def user_for_validation(self) -> User | None:
        return User(
            email=self.cleaned_data.get("email") or "",
            full_name=self.cleaned_data.get("full_name") or "",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.clean_new_password()
        cleaned["home"] = self.clean_home()
        return cleaned


class LoginForm(forms.Form):
    # Named "username" because django-axes reads this field (AXES_USERNAME_FORM_FIELD).
    username = forms.CharField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username"}),
    )
    password = _password_field(_("Password"), "current-password")
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    error_messages = {
        # The same message whether or not the account exists (no enumeration).
        "invalid_login": _("The e-mail address or the password is not correct."),
        "unverified": _(
            "You have not confirmed your e-mail address yet. Follow the link in the e-mail we "
            "sent you, or ask for a new link."
        ),
    }

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: User | None = None
        self.unverified_user: User | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        email = cleaned.get("username")
        password = cleaned.get("password")
        if not email or not password:
            return cleaned
        # Passes the request, so django-axes counts failures per (account, client address).
        user = authenticate(self.request, username=normalise_email(email), password=password)
        if not isinstance(user, User):
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        if user.email_verified_at is None:
            self.unverified_user = user
            raise ValidationError(self.error_messages["unverified"], code="unverified")
        self.user = user
        return cleaned


class ProfileForm(HomePlaceForm):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    language = _language_field()

    field_order = ("full_name", "language", "home_place", "home_country")

    @classmethod
    def initial_for(cls, user: User) -> dict[str, Any]:
        return {
            "full_name": user.full_name,
            "language": user.language,
            "home_place": queries.home_place_text(user),
            "home_country": user.home_country or default_country(user.language),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["home"] = self.clean_home()
        return cleaned


class PasswordChangeForm(NewPasswordMixin):
    old_password = _password_field(_("Current password"), "current-password")
    new_password1 = _password_field(_("New password"), "new-password", PASSWORD_HELP)
    new_password2 = _password_field(_("Repeat the new password"), "new-password")

    password_field = "new_password1"  # noqa: S105 (a field name)
    repeat_field = "new_password2"

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def user_for_validation(self) -> User | None:
        return self.user

    def clean_old_password(self) -> str:
        password: str = self.cleaned_data["old_password"]
        if not self.user.check_password(password):
            raise ValidationError(_("Your current password is not correct."), code="wrong")
        return password

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.clean_new_password()
        return cleaned


class SetPasswordForm(NewPasswordMixin):
    new_password1 = _password_field(_("New password"), "new-password", PASSWORD_HELP)
    new_password2 = _password_field(_("Repeat the new password"), "new-password")

    password_field = "new_password1"  # noqa: S105 (a field name)
    repeat_field = "new_password2"

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def user_for_validation(self) -> User | None:
        return self.user

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.clean_new_password()
        return cleaned


class EmailForm(forms.Form):
    """Just an address: password reset and a new verification link."""

    email = _email_field()


class EmailChangeForm(forms.Form):
    email = _email_field(_("New e-mail address"))
    password = _password_field(
        _("Your password"),
        "current-password",
        _("To protect your account, confirm the change with your password."),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        email = normalise_email(self.cleaned_data["email"])
        if email == self.user.email:
            raise ValidationError(_("This is already your e-mail address."), code="same")
        return email

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("Your password is not correct."), code="wrong")
        return password
