"""Admin plumbing the reviewer screens share: a list filter that opens on what is waiting,
and the permission sets of screens that only show (records written by services)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

ALL = "all"


class OpensOnFilter(admin.SimpleListFilter):
    """A list filter that opens on `default` (the queue a reviewer needs first) rather than
    on everything. Subclasses give `choices_offered` as (value, label) pairs, ending with
    ALL for the whole list, and `narrow(queryset, value)` for the other values."""

    default: str
    choices_offered: tuple = ()

    def lookups(self, request, model_admin):
        return list(self.choices_offered)

    def value(self):
        return super().value() or self.default

    def choices(self, changelist):
        # Django's own first entry, "All" with no parameter, would bring back the default.
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value()
        return queryset if value == ALL else self.narrow(queryset, value)

    def narrow(self, queryset, value):
        raise NotImplementedError


ALL_CHOICE = (ALL, _("全部"))


class ShowOnlyAdmin(admin.ModelAdmin):
    """A screen over records that only services write: reviewers read, nobody edits here."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class SuperuserDeletesAdmin(admin.ModelAdmin):
    """Reviewers may change but never delete; a superuser may (to undo a mistake)."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser


class ShowOnlyInline(admin.TabularInline):
    """An inline of history or members: shown, never added from the parent's page."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False
