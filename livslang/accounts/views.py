"""Account pages: registration, verification, sign-in and -out, profile, password, e-mail.

Views are thin: validate with a form, call one service, render. Security events are logged
with ``livslang.security.log_event`` (never an address, password, token or session key).
"""

from __future__ import annotations

from typing import Any

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from livslang.accounts import queries, services
from livslang.accounts.forms import (
    EmailChangeForm,
    EmailForm,
    LoginForm,
    PasswordChangeForm,
    ProfileForm,
    RegistrationForm,
    SetPasswordForm,
    default_country,
)
from livslang.accounts.models import User
from livslang.security import log_event

require_form_methods = require_http_methods(["GET", "HEAD", "POST"])


def _posted(request: HttpRequest) -> Any:
    """The submitted data, or None for a GET: an empty submit still shows its errors (an empty
    ``QueryDict`` is falsy, so ``request.POST or None`` would treat it as a GET)."""
    return request.POST if request.method == "POST" else None


def _signed_in_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def safe_next(request: HttpRequest, candidate: str | None) -> str | None:
    """``candidate`` if it points to this site (no open redirects), else None."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


def set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
    )


def _invalid_link(request: HttpRequest, *, kind: str) -> HttpResponse:
    return render(request, "accounts/link_invalid.html", {"kind": kind}, status=400)


# --- Registration and verification ------------------------------------------------------


@require_form_methods
@sensitive_post_parameters("password1", "password2")
def register(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = RegistrationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            result = services.register(
                email=data["email"],
                full_name=data["full_name"],
                password=data["password1"],
                language=data["language"],
                home=data["home"],
            )
            log_event(
                "registration",
                request=request,
                user=result.user,
                outcome="created" if result.created else "address_in_use",
            )
            # The same answer whether or not the address already had an account.
            return redirect("accounts:register_sent")
    else:
        language = translation.get_language() or settings.LANGUAGE_CODE
        form = RegistrationForm(
            initial={"language": language, "home_country": default_country(language)}
        )
    return render(request, "accounts/register.html", {"form": form})


@require_safe
def register_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/register_sent.html")


@require_form_methods
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """GET only shows a button (link scanners must not verify); POST verifies."""
    try:
        if request.method == "POST":
            user = services.verify_email(token=token)
        else:
            queries.user_for_verification_link(token)
            return render(request, "accounts/verify.html")
    except services.InvalidLink:
        return _invalid_link(request, kind="verify")
    log_event("email_verified", request=request, user=user)
    messages.success(request, _("Your e-mail address is confirmed. You can sign in now."))
    return redirect("accounts:login")


@require_form_methods
def verify_resend(request: HttpRequest) -> HttpResponse:
    form = EmailForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.request_verification_email(
            email=form.cleaned_data["email"],
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        return redirect("accounts:register_sent")
    return render(request, "accounts/verify_resend.html", {"form": form})


# --- Signing in and out -------------------------------------------------------------------


@require_form_methods
@sensitive_post_parameters("password")
@never_cache
def login(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "POST":
        form = LoginForm(request, request.POST)
        if form.is_valid() and form.user is not None:
            user = form.user
            # Rotates the session key; a user_logged_in receiver starts the session clocks.
            auth_login(request, user)
            log_event("login_succeeded", request=request, user=user)
            response = redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
            set_language_cookie(response, user.language)
            return response
        if not getattr(request, "axes_locked_out", False):
            # A locked-out attempt is logged once, as login_locked_out (see locked_out).
            reason = "unverified" if form.unverified_user else "invalid_credentials"
            log_event("login_failed", request=request, user=form.unverified_user, reason=reason)
    else:
        if request.user.is_authenticated and next_url:
            return redirect(next_url)
        form = LoginForm(request, initial={"next": next_url or ""})
    return render(
        request,
        "accounts/login.html",
        {"form": form, "unverified": form.unverified_user is not None},
    )


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any) -> Any:
    """AXES_LOCKOUT_CALLABLE: this (account, client address) pair failed too often.

    429 with Retry-After; other addresses, and other accounts from this address, are not
    affected. Axes calls it as ``(request, original_response, credentials)``.
    """
    cool_off = get_cool_off(request)
    log_event("login_locked_out", request=request)
    response = render(request, "429.html", status=429)
    if cool_off is not None:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:login")  # nothing to sign out of
    log_event("logout", request=request)
    auth_logout(request)  # flushes the session: its old cookie is worth nothing
    messages.success(request, _("You have signed out."))
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    return redirect(next_url or resolve_url(settings.LOGOUT_REDIRECT_URL))


# --- Profile ------------------------------------------------------------------------------


@require_form_methods
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = _signed_in_user(request)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            changed_language = data["language"] != user.language
            user = services.update_profile(
                user=user,
                full_name=data["full_name"],
                language=data["language"],
                home=data["home"],
            )
            with translation.override(user.language):
                messages.success(request, _("Your profile is saved."))
            response = redirect("accounts:profile")
            if changed_language:
                set_language_cookie(response, user.language)
            return response
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(user))
    return render(request, "accounts/profile.html", {"form": form, "profile_user": user})


# --- Passwords ----------------------------------------------------------------------------


@require_form_methods
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    user = _signed_in_user(request)
    form = PasswordChangeForm(user, _posted(request))
    if request.method == "POST" and form.is_valid():
        user = services.change_password(user=user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)  # this session stays; the others end
        log_event("password_changed", request=request, user=user)
        messages.success(request, _("Your password is changed. You stay signed in here."))
        return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})


@require_form_methods
def password_reset(request: HttpRequest) -> HttpResponse:
    """The same response and the same work for any address (SEC-11)."""
    form = EmailForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.request_password_reset(
            email=form.cleaned_data["email"],
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        log_event("password_reset_requested", request=request)
        return redirect("accounts:password_reset_sent")
    return render(request, "accounts/password_reset.html", {"form": form})


@require_safe
def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_sent.html")


@require_form_methods
@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
def password_reset_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    try:
        user = queries.user_for_password_reset_link(uidb64, token)
    except services.InvalidLink:
        return _invalid_link(request, kind="password_reset")
    form = SetPasswordForm(user, _posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            user = services.complete_password_reset(
                uidb64=uidb64, token=token, new_password=form.cleaned_data["new_password1"]
            )
        except services.InvalidLink:
            return _invalid_link(request, kind="password_reset")
        log_event("password_reset_completed", request=request, user=user)
        return redirect("accounts:password_reset_complete")
    return render(request, "accounts/password_reset_confirm.html", {"form": form})


@require_safe
def password_reset_complete(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_complete.html")


# --- E-mail address -----------------------------------------------------------------------


@require_form_methods
@sensitive_post_parameters("password")
@login_required
def email_change(request: HttpRequest) -> HttpResponse:
    user = _signed_in_user(request)
    form = EmailChangeForm(user, _posted(request))
    if request.method == "POST" and form.is_valid():
        services.request_email_change(user=user, new_email=form.cleaned_data["email"])
        log_event("email_change_requested", request=request, user=user)
        messages.success(
            request,
            _("We have sent a link to the new address. Your address changes when you follow it."),
        )
        return redirect("accounts:profile")
    return render(request, "accounts/email_change.html", {"form": form, "profile_user": user})


@require_form_methods
def email_change_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET only shows a button; POST changes the address."""
    try:
        if request.method == "POST":
            user = services.confirm_email_change(token=token)
        else:
            queries.email_change_for_link(token)
            return render(request, "accounts/email_change_confirm.html")
    except services.EmailUnavailable:
        return _invalid_link(request, kind="email_unavailable")
    except services.InvalidLink:
        return _invalid_link(request, kind="email_change")
    log_event("email_changed", request=request, user=user)
    messages.success(request, _("Your e-mail address is changed."))
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect("accounts:profile")
    return redirect("accounts:login")
