"""Error pages in production mode: the portal's header, the reason in the reader's
language and a way back, never Django's bare English ones."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, override_settings
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def _forbidden(request):
    raise PermissionDenied


def _suspicious(request):
    raise SuspiciousOperation("test")


def _broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("test-errors/403/", _forbidden),
    path("test-errors/400/", _suspicious),
    path("test-errors/500/", _broken),
    *portal_urlpatterns,
]

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("_production_errors"),
]


@pytest.fixture
def _production_errors():
    with override_settings(DEBUG=False, ROOT_URLCONF=__name__):
        yield


def _page(url, *, language="zh-hans", status):
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


@pytest.mark.parametrize(
    ("url", "status", "chinese", "english"),
    [
        ("/no-such-page/", 404, "页面不存在", "Page not found"),
        ("/test-errors/403/", 403, "无权访问", "Access denied"),
        ("/test-errors/400/", 400, "请求有误", "Bad request"),
    ],
)
def test_error_pages_keep_the_header_and_offer_a_way_back(url, status, chinese, english):
    page = _page(url, status=status)
    assert chinese in page and "北疆技术交易中心" in page and 'href="/"' in page
    assert "Not Found" not in page and "The requested resource" not in page
    english_page = _page(url, language="en", status=status)
    assert english in english_page and "Back to the home page" in english_page


def test_a_server_error_page_is_the_portals_own_in_both_languages():
    page = _page("/test-errors/500/", status=500)
    assert "系统暂时出错" in page and "Something went wrong" in page
    assert 'href="/"' in page and "Server Error" not in page


def test_an_expired_form_says_so_in_chinese():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()
