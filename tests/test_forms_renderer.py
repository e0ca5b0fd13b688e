"""The form renderer writes the plain widgets exactly as Django's templates do."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import django
import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

import livslang
from livslang.forms_renderer import INPUT_TEMPLATES, OPTION_TEMPLATE, SELECT_TEMPLATE, Renderer

NASTY = "\"><script>alert(1)</script>&amp;'x"


class Everything(forms.Form):
    text = forms.CharField(help_text="Hint", widget=forms.TextInput(attrs={"placeholder": NASTY}))
    lazy = forms.CharField(widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Search")}))
    number = forms.DecimalField(required=False)
    whole = forms.IntegerField(required=False, widget=forms.NumberInput(attrs={"min": 1}))
    when = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    email = forms.EmailField(required=False)
    password = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    url = forms.URLField(required=False, assume_scheme="https")
    agree = forms.BooleanField(required=False)
    choice = forms.ChoiceField(
        required=False, choices=[("", "---"), ("a", "A & B"), ("b", mark_safe("<b>B</b>"))]
    )
    numbers = forms.TypedChoiceField(required=False, coerce=int, choices=[(1, 1), (2, "two")])
    grouped = forms.ChoiceField(
        required=False, choices=[("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")]
    )
    many = forms.MultipleChoiceField(required=False, choices=[("a", "A"), ("b", NASTY)])
    radio = forms.ChoiceField(required=False, choices=[("a", "A")], widget=forms.RadioSelect)
    area = forms.CharField(required=False, widget=forms.Textarea)


def _both(widget: forms.Widget, name: str, value: Any, attrs: dict[str, Any]) -> tuple[str, str]:
    return (
        widget.render(name, value, attrs=attrs, renderer=DjangoTemplates()),
        widget.render(name, value, attrs=attrs, renderer=Renderer()),
    )


VALUES = {
    "text": NASTY,
    "lazy": "",
    "number": Decimal("7.5"),
    "whole": 3,
    "when": dt.date(2026, 11, 23),
    "email": "a@b.test",
    "password": NASTY,
    "hidden": "h",
    "url": "https://example.test/?a=1&b=2",
    "agree": True,
    "choice": "b",
    "numbers": 1,
    "grouped": "y",
    "many": ["b"],
    "radio": "a",
    "area": NASTY,
}


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("bound", [False, True])
def test_every_kind_of_widget_is_written_as_the_templates_write_it(
    language: str, bound: bool
) -> None:
    form = Everything(VALUES if bound else None)
    with override(language):
        for field in form:
            attrs = {"class": "ds-input", "aria-describedby": "x_help", "required": True}
            if bound:
                attrs["aria-invalid"] = "true"
                attrs["disabled"] = False
            template, fast = _both(field.field.widget, field.html_name, field.value(), attrs)
            assert fast == template, field.name


def _project_forms() -> list[Any]:
    for module in pkgutil.walk_packages(livslang.__path__, "livslang."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    found: list[Any] = []
    pending: list[type[forms.BaseForm]] = [forms.Form, forms.ModelForm]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("livslang.") and not inspect.isabstract(sub):
                found.append(sub)
    return found


@pytest.mark.django_db
def test_the_widgets_of_the_projects_forms_are_written_as_the_templates_write_them() -> None:
    compared = 0
    for form_class in _project_forms():
        for name, field in form_class.base_fields.items():
            for value in (None, NASTY, "1"):
                template, fast = _both(field.widget, name, value, {"class": "ds-input"})
                assert fast == template, f"{form_class.__name__}.{name}"
                compared += 1
    assert compared > 100


def test_only_djangos_own_templates_are_replaced() -> None:
    """The replaced templates are Django's files, which are what the renderer writes."""
    renderer = DjangoTemplates()
    django_dir = Path(django.__file__).parent / "forms" / "templates"
    include = '{% include "django/forms/widgets/input.html" %}'
    for name in (*INPUT_TEMPLATES, SELECT_TEMPLATE, OPTION_TEMPLATE):
        origin = Path(renderer.get_template(name).template.origin.name)
        assert origin.is_relative_to(django_dir), name
        if name != "django/forms/widgets/input.html" and name in INPUT_TEMPLATES:
            assert origin.read_text().strip() == include, name


def test_the_plain_widgets_need_no_template(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_template(self: Renderer, name: str) -> Any:
        raise AssertionError(f"{name} rendered through a template")

    monkeypatch.setattr(Renderer, "get_template", no_template)
    form = Everything(VALUES)
    for name in ("text", "lazy", "number", "whole", "when", "email", "agree", "choice", "grouped"):
        assert form[name].as_widget().startswith(("<input", "<select"))
