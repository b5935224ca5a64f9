import re

import pytest
from django.core import mail

from accounts.models import Organization
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_home_page_is_in_simplified_chinese(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in html
    assert "北疆技术交易中心" in html and "技术合同认定登记" in html
    assert 'name="viewport"' in html


def test_the_english_switch_works_without_javascript(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Beijiang Technology Trading Center" in html
    assert 'value="zh-hans"' in html  # and back again


def test_no_page_references_another_host(client):
    for url in ("/", "/accounts/login/", "/accounts/signup/", "/api/docs/"):
        html = client.get(url).content.decode()
        external = re.findall(r'(?:src|href)="(?:https?:)?//[^"]+"', html)
        assert not external, (url, external)


def test_healthz(client):
    body = client.get("/healthz/").json()
    assert body == {"status": "ok", "database": True, "cache": True, "broker": True}


def test_a_reviewer_verifies_from_the_admin(
    client, reviewer, unverified_enterprise_user, django_capture_on_commit_callbacks
):
    org = unverified_enterprise_user.organization
    client.force_login(reviewer)
    listing = client.get("/admin/accounts/organization/").content.decode()
    assert org.name in listing  # the list opens on what waits for verification
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/accounts/organization/",
            {"action": "verify_selected", "_selected_action": [org.pk]},
            follow=True,
        )
    assert "已认证 1 个单位" in response.content.decode()
    org.refresh_from_db()
    assert org.verified_by == reviewer
    assert mail.outbox and unverified_enterprise_user.email in mail.outbox[-1].to
    assert org.name not in client.get("/admin/accounts/organization/").content.decode()
    found = client.get("/admin/accounts/organization/", {"verified": "all", "q": org.uscc})
    assert org.name in found.content.decode()


def test_an_enterprise_user_cannot_enter_the_admin(client, enterprise_user):
    client.force_login(enterprise_user)
    response = client.get("/admin/accounts/organization/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_seed_demo_is_idempotent_and_prints_the_accounts(capsys):
    from django.core.management import call_command

    call_command("seed_demo")
    first = capsys.readouterr().out
    counts = Organization.objects.count()
    call_command("seed_demo")
    assert Organization.objects.count() == counts
    assert "demo-enterprise" in first and "demo-reviewer" in first
    assert not mail.outbox


def test_the_demo_accounts_can_log_in(client):
    from django.core.management import call_command

    call_command("seed_demo")
    from accounts.demo import DEMO_PASSWORD

    response = client.post(
        "/accounts/login/", {"username": "demo-enterprise", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert PASSWORD != DEMO_PASSWORD


def test_media_serves_logos_but_never_signed_contracts(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "institutions" / "logos").mkdir(parents=True)
    (tmp_path / "institutions" / "logos" / "a.png").write_bytes(b"\x89PNG logo")
    (tmp_path / "contracts" / "1").mkdir(parents=True)
    (tmp_path / "contracts" / "1" / "signed.pdf").write_bytes(b"%PDF- secret")
    assert client.get("/media/institutions/logos/a.png").status_code == 200
    assert client.get("/media/contracts/1/signed.pdf").status_code == 404
    assert client.get("/media/institutions/logos/../../contracts/1/signed.pdf").status_code == 404


def test_the_admin_headings_follow_the_language(client, reviewer):
    client.force_login(reviewer)
    chinese = client.get("/admin/").content.decode()
    assert "账户与单位" in chinese and "技术合同登记" in chinese
    client.cookies["django_language"] = "en"
    english = client.get("/admin/").content.decode()
    for heading in ("Accounts and organisations", "Institutes and research results", "Contracts"):
        assert heading in english
    for chinese_heading in ("账户与单位", "高校院所与科技成果", "技术合同登记", "公共组件"):
        assert chinese_heading not in english
