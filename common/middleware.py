"""Request plumbing every page and API call shares."""

from django.contrib.admin.views.main import ERROR_FLAG
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.utils.translation import gettext as _

from common.admin import date_hierarchy_is_sound


class RejectNulMiddleware:
    """A NUL byte in a query or form parameter is refused with 400 naming the parameter:
    no database column can hold one (PostgreSQL raises on it, a 500 deep in a search or
    the admin's autocomplete), and no honest client sends one. Multipart files are not
    read here; their bytes are the upload checks' business."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = _nul_parameter(request)
        if name is not None:
            return HttpResponseBadRequest(
                _("请求参数 %(name)s 含有空字符（NUL），请删除后重试。") % {"name": name},
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _nul_parameter(request) -> str | None:
    sources = [request.GET]
    if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
        sources.append(request.POST)
    for source in sources:
        for name, values in source.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                return name.replace("\x00", "\\0")
    return None


class AdminDateDrillDownMiddleware:
    """An admin list's date drill-down (`date_hierarchy`) that Django would turn into an
    impossible date is answered like any incorrect lookup: its "?e=1" page, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        model_admin = getattr(view_func, "model_admin", None)  # set by ModelAdmin.get_urls
        field = getattr(model_admin, "date_hierarchy", None)
        is_list = field and view_func.__name__ == "changelist_view"
        if is_list and not date_hierarchy_is_sound(request.GET, field):
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return None
