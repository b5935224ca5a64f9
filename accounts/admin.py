from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import ExpertProfile, Organization, OrganizationEvent, User
from accounts.services import expert_invite, organization_refuse, organization_verify
from accounts.views import licence_response
from common.admin import (
    ALL_CHOICE,
    OpensOnFilter,
    ShowOnlyAdmin,
    ShowOnlyInline,
    SuperuserDeletesAdmin,
)
from common.framing import framable_by_own_pages


class VerificationFilter(OpensOnFilter):
    """Opens on the organisations that are waiting: what a reviewer needs first."""

    title = _("认证状态")
    parameter_name = "verified"
    default = "no"
    choices_offered = (
        ("no", _("待认证")),
        ("refused", _("不予认证")),
        ("yes", _("已认证")),
        ALL_CHOICE,
    )

    def narrow(self, queryset, value):
        if value == "yes":
            return queryset.verified()
        if value == "refused":
            return queryset.refused()
        return queryset.awaiting_verification()


class MemberInline(ShowOnlyInline):
    model = User
    fields = ("username", "email", "is_active", "last_login")
    show_change_link = True
    verbose_name = _("成员")
    verbose_name_plural = _("成员")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class OrganizationEventInline(ShowOnlyInline):
    model = OrganizationEvent
    fields = ("at", "by", "action", "note")
    verbose_name_plural = _("认证记录")

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("不予认证理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("申请单位会看到这一理由，请写明需要修改或补充的内容。"),
        error_messages={"required": _("请填写不予认证的理由，申请单位会看到这一理由。")},
    )


@admin.register(Organization)
class OrganizationAdmin(SuperuserDeletesAdmin):
    list_display = (
        "name",
        "uscc",
        "kind",
        "region_code",
        "created_at",
        "verification_state",
        "verified_at",
    )
    list_filter = (VerificationFilter, "kind", "entity_nature")
    search_fields = ("name", "uscc", "contact_name", "members__username", "members__email")
    readonly_fields = (
        "created_at",
        "verified_at",
        "verified_by",
        "refused_at",
        "refused_by",
        "refusal_reason",
        "licence_name",
        "licence_uploaded_at",
    )
    actions = ["verify_selected"]
    inlines = [MemberInline, OrganizationEventInline]
    change_form_template = "admin/accounts/organization/change_form.html"
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
        (
            _("认证"),
            {
                "fields": (
                    "created_at",
                    "verified_at",
                    "verified_by",
                    "refused_at",
                    "refused_by",
                    "refusal_reason",
                    "licence_name",
                    "licence_uploaded_at",
                )
            },
        ),
    )

    @admin.action(description=_("认证所选单位"), permissions=["verify"])
    def verify_selected(self, request, queryset):
        count = sum(organization_verify(organization=org, by=request.user) for org in queryset)
        self.message_user(
            request,
            ngettext("已认证 %(n)d 个单位。", "已认证 %(n)d 个单位。", count) % {"n": count},
            messages.SUCCESS,
        )

    @admin.display(description=_("认证状态"))
    def verification_state(self, organization) -> str:
        if organization.is_verified:
            return _("已认证")
        if organization.is_refused:
            return _("不予认证")
        return _("待认证（已上传营业执照）") if organization.licence else _("待认证")

    def has_verify_permission(self, request) -> bool:
        return request.user.has_perm("accounts.verify_organization")

    # ---- one by one: 认证通过 / 不予认证 on the organisation's page, licence beside them --

    def get_urls(self):
        def view(name, function):
            return path(
                f"<int:object_id>/{name}/",
                self.admin_site.admin_view(function),
                name=f"accounts_organization_{name}",
            )

        own = [
            view("verify", self.verify_view),
            view("refuse", self.refuse_view),
            view("licence", framable_by_own_pages(self.licence_view)),
        ]
        return own + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        organization = self.get_object(request, object_id)
        if organization is not None:
            extra_context["organization"] = organization
            if organization.licence:
                extra_context["licence_url"] = reverse(
                    "admin:accounts_organization_licence", args=[organization.pk]
                )
            if not organization.is_verified and self.has_verify_permission(request):
                extra_context["decide"] = {
                    "verify_url": reverse(
                        "admin:accounts_organization_verify", args=[organization.pk]
                    ),
                    "refuse_url": reverse(
                        "admin:accounts_organization_refuse", args=[organization.pk]
                    ),
                    "refuse_form": None if organization.is_refused else RefuseForm(),
                }
        return super().change_view(request, object_id, form_url, extra_context)

    def _back(self, organization):
        return HttpResponseRedirect(
            reverse("admin:accounts_organization_change", args=[organization.pk])
        )

    def verify_view(self, request, object_id):
        organization = get_object_or_404(Organization, pk=object_id)
        if request.method != "POST" or not self.has_verify_permission(request):
            return self._back(organization)
        if organization_verify(organization=organization, by=request.user):
            self.message_user(
                request, _("%(name)s 已认证。") % {"name": organization.name}, messages.SUCCESS
            )
        else:
            self.message_user(request, _("该单位此前已认证。"), messages.WARNING)
        return HttpResponseRedirect(reverse("admin:accounts_organization_changelist"))

    def refuse_view(self, request, object_id):
        organization = get_object_or_404(Organization, pk=object_id)
        if request.method != "POST" or not self.has_verify_permission(request):
            return self._back(organization)
        form = RefuseForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            organization_refuse(
                organization=organization, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                self.message_user(request, message, messages.ERROR)
            return self._back(organization)
        self.message_user(
            request,
            _("%(name)s 不予认证，已通知该单位。") % {"name": organization.name},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:accounts_organization_changelist"))

    def licence_view(self, request, object_id):
        organization = get_object_or_404(Organization, pk=object_id)
        if not self.has_view_permission(request, organization) or not organization.licence:
            raise Http404
        return licence_response(organization)


@admin.register(OrganizationEvent)
class OrganizationEventAdmin(ShowOnlyAdmin):
    """The audit log of verification decisions (who, when, what, why): written only by
    the services, read here; nobody can add, change or delete a row."""

    list_display = ("at", "by", "organization", "action", "note")
    list_filter = ("action",)
    search_fields = ("organization__name", "organization__uscc", "by__username")
    list_select_related = ("organization", "by")
    date_hierarchy = "at"
    ordering = ("-at", "-pk")


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
