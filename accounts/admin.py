from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import Organization, User
from accounts.services import organization_verify
from common.admin import ALL_CHOICE, OpensOnFilter, ShowOnlyInline, SuperuserDeletesAdmin


class VerificationFilter(OpensOnFilter):
    """Opens on the organisations that are waiting: what a reviewer needs first."""

    title = _("认证状态")
    parameter_name = "verified"
    default = "no"
    choices_offered = (("no", _("待认证")), ("yes", _("已认证")), ALL_CHOICE)

    def narrow(self, queryset, value):
        return queryset.verified() if value == "yes" else queryset.unverified()


class MemberInline(ShowOnlyInline):
    model = User
    fields = ("username", "email", "is_active", "last_login")
    show_change_link = True
    verbose_name = _("成员")
    verbose_name_plural = _("成员")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Organization)
class OrganizationAdmin(SuperuserDeletesAdmin):
    list_display = ("name", "uscc", "kind", "region_code", "created_at", "verified_at")
    list_filter = (VerificationFilter, "kind", "entity_nature")
    search_fields = ("name", "uscc", "contact_name", "members__username", "members__email")
    readonly_fields = ("created_at", "verified_at", "verified_by")
    actions = ["verify_selected"]
    inlines = [MemberInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "uscc",
                    "uscc_override_note",
                    "kind",
                    "region_code",
                    "entity_nature",
                )
            },
        ),
        (_("联系方式"), {"fields": ("contact_name", "contact_phone", "contact_email")}),
        (_("认证"), {"fields": ("created_at", "verified_at", "verified_by")}),
    )

    @admin.action(description=_("认证所选单位"), permissions=["verify"])
    def verify_selected(self, request, queryset):
        count = sum(organization_verify(organization=org, by=request.user) for org in queryset)
        self.message_user(
            request,
            ngettext("已认证 %(n)d 个单位。", "已认证 %(n)d 个单位。", count) % {"n": count},
            messages.SUCCESS,
        )

    def has_verify_permission(self, request) -> bool:
        return request.user.has_perm("accounts.verify_organization")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "organization", "is_staff", "is_active", "last_login")
    list_filter = ("is_staff", "is_active", "groups")
    search_fields = ("username", "email", "organization__name", "organization__uscc")
    list_select_related = ("organization",)
    autocomplete_fields = ("organization",)
    fieldsets = (*BaseUserAdmin.fieldsets, (_("单位"), {"fields": ("organization",)}))
