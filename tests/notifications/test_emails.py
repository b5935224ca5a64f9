"""E-mails people can act on: the portal's own templates, a link on SITE_URL, the
center's signature; in the portal's language (Chinese, or English where so set)."""

import pytest
from django.core import mail as django_mail

from common import mail
from notifications import services
from tests.test_settings_env import run_manage

pytestmark = pytest.mark.django_db


def test_an_email_links_to_its_page_on_site_url_and_is_signed(
    settings, enterprise_user, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://kjdsc.example.gov.cn"
    settings.SERVICE_DESK_PHONE = "0990-6123456"
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            recipients=[enterprise_user], kind="x", title="合同已登记", url="/contracts/7/"
        )
    (message,) = django_mail.outbox
    assert "https://kjdsc.example.gov.cn/contracts/7/" in message.body
    assert message.body.rstrip().endswith("https://kjdsc.example.gov.cn/")
    assert "北疆技术交易中心（克拉玛依科技大市场）" in message.body
    assert "服务热线：0990-6123456" in message.body


def test_a_portal_set_to_english_writes_its_emails_in_english(
    settings, enterprise_user, django_capture_on_commit_callbacks
):
    settings.LANGUAGE_CODE = "en"
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=[enterprise_user], kind="x", title="Contract registered")
    (message,) = django_mail.outbox
    assert message.subject == "[Beijiang Technology Trading Center] Contract registered"
    assert "Hello," in message.body and "Service desk:" in message.body


def test_absolute_urls_keep_full_addresses_and_anchor_paths(settings):
    settings.SITE_URL = "https://kjdsc.example.gov.cn"
    assert mail.absolute_url("/contracts/1/") == "https://kjdsc.example.gov.cn/contracts/1/"
    assert mail.absolute_url("https://other.example/") == "https://other.example/"
    assert mail.absolute_url("") == ""


def test_a_malformed_site_url_stops_start_up_with_its_name():
    result = run_manage("check", DEBUG="1", SITE_URL="kjdsc.example.gov.cn", DATABASE_URL="")
    assert result.returncode != 0 and "SITE_URL" in result.stderr
