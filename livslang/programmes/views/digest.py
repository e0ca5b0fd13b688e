"""The weekly programme digest: a signed-in person turns it on or off; the link in every
digest turns it off without signing in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from livslang.programmes import services
from livslang.programmes.forms import DigestPreferenceForm
from livslang.programmes.views._common import FORM_METHODS, acting_user


@require_http_methods(FORM_METHODS)
@login_required
def digest_settings(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = DigestPreferenceForm(
        request.POST if request.method == "POST" else None,
        initial={"weekly_digest": services.wants_digest(user)},
    )
    if request.method == "POST" and form.is_valid():
        services.set_digest_preference(user=user, weekly_digest=form.cleaned_data["weekly_digest"])
        messages.success(request, _("Your choice has been saved."))
        return redirect("programmes:digest_settings")
    return render(request, "programmes/digest_settings.html", {"form": form})


@require_http_methods(FORM_METHODS)
def digest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe from the weekly digest, signed in or not: GET asks, POST stops."""
    try:
        user = services.user_for_token(token)
    except ValidationError:
        return render(request, "programmes/digest_unsubscribe.html", {"invalid": True}, status=404)
    done = False
    if request.method == "POST":
        services.set_digest_preference(user=user, weekly_digest=False)
        done = True
    return render(request, "programmes/digest_unsubscribe.html", {"done": done, "invalid": False})
