"""Codes are stored; people read labels. This is the one place that turns a stored code —
a choices value, or a list of them in a JSON field — into what a page shows, in the active
language: the template filter `{% load labels %}{{ obj|label:"field" }}`, the API's
`LabelField` and the admin's read-only lists all come here, so a raw `draft` or
`["transfer", "license"]` never reaches a reader.

How a value is labelled, first match wins:
1. the object's own `get_<field>_display()` (Django's for choices, or a model's for a
   list of codes, returning a list of labels);
2. the field's choices;
3. a plain list (patent numbers, IPC classes) is joined, not dumped as JSON.
"""

from django.core.exceptions import FieldDoesNotExist
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language
from django.utils.translation import gettext as _

EMPTY = "—"


def separator() -> str:
    """Between the items of a list: 、 in Chinese, a comma in English."""
    return "、" if (get_language() or "zh-hans").startswith("zh") else ", "


def colon() -> str:
    """After a label: the full-width ： in Chinese, ": " in English."""
    return "：" if (get_language() or "zh-hans").startswith("zh") else ": "


def semicolon() -> str:
    """Between clauses or items that hold commas: ； in Chinese, "; " in English."""
    return "；" if (get_language() or "zh-hans").startswith("zh") else "; "


def parentheses() -> tuple[str, str]:
    """Around an aside: （…） in Chinese, " (…)" in English."""
    return ("（", "）") if (get_language() or "zh-hans").startswith("zh") else (" (", ")")


def full_stop() -> str:
    """After a sentence the page runs on from: 。 in Chinese, ". " in English."""
    return "。" if (get_language() or "zh-hans").startswith("zh") else ". "


class QuickDisplay:
    """Model mixin: `get_<field>_display()` as a dict look-up. Django's rebuilds a hashable
    copy of the field's choices on every call, translating each label as it hashes it
    (twenty translations for one badge); a list of contracts calls it for every row. The
    table is built once per field and keeps the lazy labels, so the active language still
    decides what is shown."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        table = _DISPLAY_TABLES.get(field)
        if table is None:
            table = _DISPLAY_TABLES[field] = {
                make_hashable(code): label for code, label in field.flatchoices
            }
        return force_str(table.get(make_hashable(value), value), strings_only=True)


_DISPLAY_TABLES: dict = {}


def _field(obj, name: str):
    try:
        return obj._meta.get_field(name)
    except (AttributeError, FieldDoesNotExist):
        return None


def label_of(value, choices) -> str:
    """One code through `choices` (a TextChoices class or (value, label) pairs); a code
    not in the table is shown as it is, an empty one as —."""
    if value in (None, ""):
        return EMPTY
    pairs = getattr(choices, "choices", choices)
    return str(dict(pairs).get(value, value))


def labels_of(obj, name: str) -> str | list[str]:
    """The label of `obj.<name>`, or the labels of a list of codes (a list)."""
    display = getattr(obj, f"get_{name}_display", None)
    if callable(display):
        shown = display()
        return [str(item) for item in shown] if isinstance(shown, list | tuple) else str(shown)
    value = getattr(obj, name, None)
    field = _field(obj, name)
    choices = getattr(field, "flatchoices", None) or ()
    if isinstance(value, list | tuple):
        return [label_of(item, choices) if choices else str(item) for item in value]
    if choices:
        return label_of(value, choices)
    return EMPTY if value in (None, "") else str(value)


def shown(obj, name: str, empty: str = EMPTY) -> str:
    """`labels_of` as one string: a list joined with the language's separator."""
    labels = labels_of(obj, name)
    if isinstance(labels, list):
        return separator().join(labels) if labels else empty
    return labels if labels not in ("", EMPTY) else empty


def status_change(event, *, from_field: str = "from_status", to_field: str = "to_status") -> str:
    """An event's change of state in words: "草稿 → 已发布", or "新建 → 草稿" for the first."""
    before = shown(event, from_field, empty="")
    after = shown(event, to_field)
    return f"{before or _('新建')} → {after}"
