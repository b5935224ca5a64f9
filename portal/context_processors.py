from functools import cache

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from notifications.selectors import unread_count
from portal import selectors

# Sections of the site, in menu order; a section appears once its app serves it.
NAVIGATION = (
    ("home", _("首页")),
    ("contracts:list", _("技术合同登记")),
    ("patents:catalogue", _("高价值专利目录")),
    ("institutions:list", _("高校院所")),
    ("institutions:results", _("科技成果")),
    ("demands:list", _("技术需求")),
    ("demands:challenges", _("揭榜挂帅")),
    ("stats:dashboard", _("市场统计")),
    ("managers:list", _("技术经理人")),
    ("instruments:list", _("仪器共享")),
)


# Visitors who are not signed in reach registration through the service guide (办事指南).
VISITOR_ENTRY = {"contracts:list": "guide"}


def _navigation(path: str, signed_in: bool = True) -> list[dict]:
    items = []
    for name, label in NAVIGATION:
        try:
            url = reverse(name if signed_in else VISITOR_ENTRY.get(name, name))
        except NoReverseMatch:
            continue
        active = path == url if url == "/" else path.startswith(url)
        items.append({"url": url, "label": label, "active": active})
    return items


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated)


def _footer() -> dict:
    english = not (get_language() or "zh-hans").startswith("zh")
    return {
        "owner": settings.SITE_OWNER_EN if english else settings.SITE_OWNER,
        "address": settings.SITE_POSTAL_ADDRESS_EN if english else settings.SITE_POSTAL_ADDRESS,
        "phone": settings.SERVICE_DESK_PHONE,
        "icp": settings.ICP_NUMBER,
    }


def site(request) -> dict:
    return {
        "SITE_NAME": settings.SITE_NAME,
        "REGISTRATION_POINT_NAME": settings.REGISTRATION_POINT_NAME,
        "navigation": _navigation(request.path, _signed_in(request)),
        "footer": _footer(),
    }


def notifications_badge(request) -> dict:
    """The header's unread count, for every signed-in role: one query, made only when a
    page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # A template calls a callable it finds; cached, so that the count is one query.
    return {"unread_notifications": cache(lambda: unread_count(user))}


def demo_marker(request) -> dict:
    """The site-wide 演示数据 banner, shown while the demo data set is loaded. A callable,
    so that the query runs only when a page's layout shows it (not for the API)."""
    return {"demo_data_present": cache(selectors.demo_data_present)}
