"""The inbox page: a person's notifications, newest first; opening one marks it read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from notifications import selectors, services


@login_required
def inbox(request):
    page = Paginator(selectors.inbox(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page, "query": ""})


def _own(request, pk):
    return get_object_or_404(selectors.inbox(request.user), pk=pk)


@login_required
def open_notification(request, pk):
    """Marks it read and goes to the page it is about (a path on this portal only)."""
    notification = _own(request, pk)
    services.notification_read(notification=notification, by=request.user)
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "notifications:inbox"
    return redirect(target)


@login_required
@require_POST
def read(request, pk):
    services.notification_read(notification=_own(request, pk), by=request.user)
    return redirect(_back(request))


@login_required
@require_POST
def read_all(request):
    count = services.notifications_read_all(by=request.user)
    messages.success(
        request,
        ngettext("已将 %(n)d 条通知标为已读。", "已将 %(n)d 条通知标为已读。", count) % {"n": count}
        if count
        else _("没有未读通知。"),
    )
    return redirect(_back(request))


def _back(request) -> str:
    page = request.POST.get("page", "")
    url = reverse("notifications:inbox")
    return f"{url}?page={page}" if page.isdigit() else url
