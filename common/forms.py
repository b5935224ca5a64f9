"""What every form of the site shares: an empty choice that reads "请选择" (Please choose)
instead of Django's "---------", in every select, whichever way its choices were made."""

from django import forms
from django.utils.translation import gettext_lazy as _

PLEASE_CHOOSE = _("请选择")
DJANGO_BLANK = "---------"


def please_choose(choices) -> list:
    """The choices with the blank one (value "", in a group too) labelled "请选择"."""
    relabelled = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            relabelled.append((value, please_choose(label)))
        elif value in ("", None) and str(label) in (DJANGO_BLANK, ""):
            relabelled.append((value, PLEASE_CHOOSE))
        else:
            relabelled.append((value, label))
    return relabelled


def relabel_blank_choices(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label is not None:
                field.empty_label = PLEASE_CHOOSE
        elif isinstance(field, forms.ChoiceField) and not isinstance(
            field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)
        ):
            field.choices = please_choose(field.choices)


class PleaseChooseMixin:
    """Put first among a form's bases. The fields are relabelled when the first one is
    rendered or read, so fields a form's own __init__ adds or replaces are included."""

    _blank_relabelled = False

    def __getitem__(self, name):
        if not self._blank_relabelled:
            relabel_blank_choices(self)
            self._blank_relabelled = True
        return super().__getitem__(name)
