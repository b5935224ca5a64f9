"""Django's admin in natural Chinese: portal/locale/zh_Hans overrides the stock phrases
of Django's own catalogue ("以 状态", "选择 单位 来修改", "增加 单位")."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_the_portal_catalogue_comes_before_djangos(settings):
    assert settings.LOCALE_PATHS[0].name == "locale"
    assert (settings.LOCALE_PATHS[0] / "zh_Hans" / "LC_MESSAGES" / "django.mo").exists()


def test_the_changelist_reads_naturally(client, reviewer):
    reviewer.is_superuser = True  # sees the add button too
    reviewer.save()
    client.force_login(reviewer)
    html = client.get("/admin/accounts/organization/").content.decode()
    assert "选择要修改的单位" in html and "选择 单位 来修改" not in html
    assert "按认证状态" in html and "以 认证状态" not in html
    assert "添加单位" in html and "增加 单位" not in html
    index = client.get("/admin/").content.decode()
    assert "最近操作" in index and "最近动作" not in index
    html = client.get("/admin/contracts/contract/").content.decode()
    assert "按状态" in html and " 以 " not in html


def test_english_stays_djangos_english(client, reviewer):
    client.force_login(reviewer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/admin/accounts/organization/").content.decode()
    assert "to change" in html and " By " in html
    assert "选择要修改的" not in html and "按认证状态" not in html
