from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import ExpertProfile, Organization, User
from accounts.services import expert_invite, organization_verify
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


class ExpertInviteForm(forms.ModelForm):
    """Adding an expert invites one: the account is made by `expert_invite`."""

    username = forms.CharField(label=_("用户名"), max_length=150)
    email = forms.EmailField(label=_("电子邮箱"), help_text=_("邀请链接发送到这里。"))

    class Meta:
        model = ExpertProfile
        fields = ("name", "employer", "title", "technical_fields", "phone")

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("该用户名已被使用。"))
        return username

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(_("该邮箱已有账户。"))
        return email


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    list_display = ("name", "employer", "title", "technical_fields", "user", "invited_at")
    search_fields = ("name", "employer", "technical_fields", "user__username", "user__email")
    readonly_fields = ("user", "invited_by", "invited_at")
    fields = ("name", "employer", "title", "technical_fields", "phone")

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ExpertInviteForm
            kwargs["fields"] = ("username", "email", *self.fields)
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("username", "email", *self.fields)
        return (*self.fields, *self.readonly_fields)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        try:
            profile = expert_invite(
                username=data["username"],
                email=data["email"],
                name=data["name"],
                employer=data.get("employer", ""),
                title=data.get("title", ""),
                technical_fields=data["technical_fields"],
                phone=data.get("phone", ""),
                site_url=request.build_absolute_uri("/"),
                by=request.user,
            )
        except ValidationError as exc:
            # Checked in the form's clean already; a race is reported, not a 500.
            self.message_user(request, "；".join(exc.messages), messages.ERROR)
            raise
        obj.pk = profile.pk
        obj.user = profile.user
        self.message_user(request, _("已发送邀请邮件。"), messages.SUCCESS)
