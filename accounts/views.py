from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.forms import DisplayNameForm, SignupForm
from accounts.services import user_set_display_name


@require_http_methods(["GET", "POST"])
def signup_view(request):
    if request.user.is_authenticated:
        return redirect("profile")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = form.save()
        except (ValueError, IntegrityError):
            form.add_error(None, _("提交冲突：该用户名或信用代码刚刚被注册，请修改后重试。"))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
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
    return render(
        request,
        "registration/profile.html",
        {"organization": user.organization, "name_form": form},
        status=status,
    )
