from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from livslang.api.models import Scope


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Which system uses it, for example “student system”."),
    )
    scope = forms.ChoiceField(
        label=_("Access"),
        choices=Scope.choices,
        initial=Scope.READ,
        widget=forms.RadioSelect,
    )
