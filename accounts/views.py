from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.forms import SignupForm


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
def profile_view(request):
    return render(request, "registration/profile.html", {"organization": request.user.organization})
