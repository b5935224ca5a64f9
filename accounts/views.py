from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from knox.models import AuthToken

from accounts.api import SignupThrottle
from accounts.backends import BACKEND
from accounts.forms import DisplayNameForm, LicenceForm, SignupForm
from accounts.models import Role
from accounts.services import (
    organization_licence_upload,
    organization_resubmit,
    token_revoke,
    user_set_display_name,
    user_sign_out_everywhere,
)
from common import uploads

# Where each role starts its work; the first that applies wins (a reviewer who is also an
# expert works at the desk). URL names only: accounts imports no app above it.
LANDINGS = (
    (Role.REVIEWER, "admin:index"),
    (Role.EXPERT, "contracts:expert-reviews"),
    (Role.INSTITUTE_MEMBER, "institutions:dashboard"),
    (Role.ENTERPRISE_MEMBER, "contracts:list"),
)


def landing_url(user) -> str:
    """The signed-in user's own page: the admin, the expert's reviews, the institution's
    dashboard or the enterprise's contracts; the home page for anyone else."""
    if user.is_staff or user.is_superuser:
        return reverse("admin:index")
    roles = set(user.groups.values_list("name", flat=True))
    for role, url_name in LANDINGS:
        if role in roles:
            return reverse(url_name)
    return reverse("home")


def signed_in_name(user) -> str:
    return user.get_full_name() or user.display_name or user.get_username()


class PortalLoginView(auth_views.LoginView):
    """Django's login, landing on the user's own page unless a safe `next` says otherwise
    (Django's own check of `next` is kept), with "已登录：<name>" said once."""

    def get_default_redirect_url(self):
        return landing_url(self.request.user)

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request, _("已登录：%(name)s") % {"name": signed_in_name(form.get_user())}
        )
        return response


@require_http_methods(["GET", "POST"])
def signup_view(request):
    if request.user.is_authenticated:
        return redirect("profile")
    form = SignupForm(request.POST or None)
    throttle = SignupThrottle()
    if request.method == "POST" and not throttle.allow_request(request, None):
        # Nothing of the request is checked: a throttled caller learns nothing about names.
        messages.error(
            request, _("注册过于频繁，请 %(n)d 分钟后再试。") % {"n": throttle.wait_minutes()}
        )
        form = SignupForm()
        context = {"form": form, "org_form": form.org_form}
        return render(request, "registration/signup.html", context, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            user = form.save()
        except (ValueError, IntegrityError):
            form.add_error(None, _("提交冲突：该用户名或信用代码刚刚被注册，请修改后重试。"))
        else:
            login(request, user, backend=BACKEND)
            messages.success(request, _("注册成功。您的单位正在等待交易中心认证。"))
            return redirect("profile")
    return render(request, "registration/signup.html", {"form": form, "org_form": form.org_form})


@login_required
@require_http_methods(["GET", "POST"])
def profile_view(request):
    user = request.user
    form = None
    if user.is_staff:  # reviewers choose the name enterprises see in contract events
        form = DisplayNameForm(request.POST or None, initial={"display_name": user.display_name})
        if request.method == "POST" and form.is_valid():
            try:
                user_set_display_name(
                    user=user, display_name=form.cleaned_data["display_name"], by=user
                )
            except ValidationError as exc:
                form.add_error("display_name", exc.message_dict.get("display_name"))
            else:
                messages.success(request, _("显示名称已保存。"))
                return redirect("profile")
    elif request.method == "POST":
        return redirect("profile")
    status = 400 if form is not None and form.errors else 200
    return _profile(request, name_form=form, status=status)


def _profile(request, *, name_form=None, licence_form=None, status=200):
    user = request.user
    organization = user.organization
    if licence_form is None and organization is not None and not organization.is_verified:
        licence_form = LicenceForm()
    tokens = AuthToken.objects.filter(user=user, expiry__gt=timezone.now()).order_by("-created")
    return render(
        request,
        "registration/profile.html",
        {
            "organization": organization,
            "name_form": name_form,
            "licence_form": licence_form,
            "tokens": tokens,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def licence_view(request):
    """GET: the member's own uploaded licence; POST: upload (or replace) it."""
    organization = request.user.organization
    if organization is None:
        raise Http404
    if request.method == "GET":
        if not organization.licence:
            raise Http404
        return licence_response(organization)
    form = LicenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            organization_licence_upload(
                organization=organization, by=request.user, upload=form.cleaned_data["licence"]
            )
        except ValidationError as exc:
            problems = exc.message_dict.get("licence") if hasattr(exc, "error_dict") else None
            for message in problems or exc.messages:
                form.add_error("licence", message)
        else:
            messages.success(request, _("营业执照已上传，登记员将据此在线核对认证。"))
            return redirect("profile")
    return _profile(request, licence_form=form, status=400)


@login_required
@require_POST
def resubmit_view(request):
    """A refused organisation's member asks for verification again."""
    organization = request.user.organization
    if organization is None:
        raise Http404
    try:
        organization_resubmit(organization=organization, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已重新申请认证，交易中心登记员将尽快核对。"))
    return redirect("profile")


@login_required
@require_POST
def token_revoke_view(request, token_key):
    if token_revoke(user=request.user, token_key=token_key):
        messages.success(request, _("该接口令牌已撤销。"))
    return redirect("profile")


@login_required
@require_POST
def sign_out_everywhere_view(request):
    revoked = user_sign_out_everywhere(user=request.user)
    logout(request)
    messages.success(
        request,
        _("已在所有设备上退出登录，并撤销了 %(count)d 个接口令牌。") % {"count": revoked},
    )
    return redirect("login")


LICENCE_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".png": "image/png"}


def licence_response(organization) -> FileResponse:
    """The stored business licence, shown in the browser (inline) under the type its
    bytes were checked to be (the stored name's suffix), never the uploader's."""
    suffix = "." + organization.licence.name.rsplit(".", 1)[-1].lower()
    return uploads.stored_file_response(
        organization.licence,
        filename=organization.licence_name,
        content_type=LICENCE_TYPES.get(suffix, "application/octet-stream"),
    )
