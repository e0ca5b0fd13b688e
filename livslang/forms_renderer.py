"""The form renderer (``FORM_RENDERER``): Django's, with its plainest widgets written in Python.

Django renders every widget through templates: a text field is ``text.html``, which includes
``input.html``, which includes ``attrs.html``; a select adds ``select_option.html`` per option.
On the search page those templates cost more than the rest of its form (measured in
docs/benchmarks.md, "Request cost"). This renderer writes the output of Django's own ``input``
family, ``select`` and ``select_option`` templates directly, with the same escaping, and gives
everything else (and any value it is not sure to write exactly as the template would: numbers
or dates as labels, other option templates) to Django's templates. A test compares both for
every widget the project's forms use.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData

# Django's widget templates that are exactly `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
    )
)
SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"

# Values ``stringformat:'s'`` turns into text the same way as "%s" does.
_PLAIN = (str, int, float, Decimal, date, datetime, time, Promise)


class _Unsure(Exception):
    """A value the template might write differently: let the template do it."""


def _formatted(value: Any) -> str:
    """``{{ value|stringformat:'s' }}`` with autoescaping."""
    if isinstance(value, bool) or not isinstance(value, _PLAIN):
        raise _Unsure
    text = "%s" % value  # noqa: UP031 - exactly what the stringformat filter does
    return text if isinstance(value, SafeData) else escape(text)


def _text(value: Any) -> str:
    """``{{ value }}`` with autoescaping, for text only (numbers and dates are localised)."""
    if not isinstance(value, str | Promise):
        raise _Unsure
    return str(conditional_escape(value if isinstance(value, str) else str(value)))


def _attrs(attrs: dict[str, Any]) -> str:
    """``attrs.html``."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_text(name)}")
        else:
            parts.append(f' {_text(name)}="{_formatted(value)}"')
    return "".join(parts)


def _input(widget: dict[str, Any]) -> str:
    """``input.html`` (and the templates that only include it)."""
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _option(option: dict[str, Any]) -> str:
    """``select_option.html``."""
    if option.get("template_name") != OPTION_TEMPLATE:
        raise _Unsure
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_text(option['label'])}</option>"
    )


def _select(widget: dict[str, Any]) -> str:
    """``select.html``: each option as its own template file renders it, with its newline."""
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            parts.append(f"\n  {_option(option)}\n")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


_WRITERS: dict[str, Callable[[dict[str, Any]], str]] = {
    **dict.fromkeys(INPUT_TEMPLATES, _input),
    SELECT_TEMPLATE: _select,
    OPTION_TEMPLATE: _option,
}


class Renderer(DjangoTemplates):
    """Django's default renderer, writing the plain widgets without a template."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        writer = _WRITERS.get(template_name)
        widget = context.get("widget") if writer is not None else None
        if writer is not None and isinstance(widget, dict):
            try:
                return writer(widget)
            except (_Unsure, KeyError):
                pass
        return super().render(template_name, context, request)
