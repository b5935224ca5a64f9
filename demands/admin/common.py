"""What the reviewer screens of demands and challenges share: the note typed beside an
action, and running an action over the rows chosen (each row's refusal said, the rest
done)."""

from django import forms
from django.contrib import messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class NoteActionForm(ActionForm):
    note = forms.CharField(label=_("说明"), required=False, max_length=2000)


def each_row(modeladmin, request, queryset, call, done):
    count = 0
    for obj in queryset:
        try:
            call(obj, request.POST.get("note", ""))
        except ValidationError as exc:
            modeladmin.message_user(request, f"{obj}: {'；'.join(exc.messages)}", messages.ERROR)
        else:
            count += 1
    if count:
        modeladmin.message_user(request, done % {"count": count}, messages.SUCCESS)
