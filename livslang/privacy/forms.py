from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from livslang.privacy.models import ConsentKind


class ConsentForm(forms.Form):
    """The optional consents; unticked means no (the default)."""

    newsletter = forms.BooleanField(required=False, label=ConsentKind.NEWSLETTER.label)
    share_profile = forms.BooleanField(required=False, label=ConsentKind.SHARE_PROFILE.label)


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account and my sign-ups cannot be restored"),
        error_messages={"required": _("Tick the box to confirm that you want to be erased.")},
    )
