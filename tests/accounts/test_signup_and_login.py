import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from accounts.demo import demo_uscc
from accounts.models import Organization, Role, User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

GOOD_USCC = demo_uscc("91650203MA7TEXT01")


def signup_post(client, **overrides):
    data = {
        "username": "kelamayi-oil",
        "email": "clerk@oil.example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "org-name": "克拉玛依测试油田服务有限公司",
        "org-uscc": GOOD_USCC,
        "org-kind": "enterprise",
        "org-region_code": "650203",
        "org-entity_nature": "150",
        "org-contact_name": "李会计",
        "org-contact_phone": "0990-6888888",
    }
    data.update(overrides)
    return client.post("/accounts/signup/", data)


def test_an_enterprise_signs_up_in_the_browser_and_waits_for_verification(client):
    response = signup_post(client)
    assert response.status_code == 302 and response["Location"] == "/accounts/profile/"
    user = User.objects.get(username="kelamayi-oil")
    assert user.organization.uscc == GOOD_USCC
    assert not user.organization.is_verified
    assert list(user.groups.values_list("name", flat=True)) == [Role.ENTERPRISE_MEMBER]
    profile = client.get("/accounts/profile/").content.decode()
    assert "待认证" in profile and "不能提交登记" in profile


def test_an_institute_signs_up_as_an_institute_member(client):
    signup_post(client, **{"org-kind": "institute", "org-entity_nature": "021"})
    user = User.objects.get(username="kelamayi-oil")
    assert user.groups.filter(name=Role.INSTITUTE_MEMBER).exists()


def test_a_bad_credit_code_is_named_next_to_its_field_and_nothing_is_created(client):
    response = signup_post(
        client, **{"org-uscc": GOOD_USCC[:-1] + ("0" if GOOD_USCC[-1] != "0" else "1")}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'has-error[^>]*>\s*<label for="id_org-uscc"', html)
    assert "校验位错误" in html
    assert not User.objects.exists() and not Organization.objects.exists()


def test_every_problem_is_reported_at_once(client):
    response = signup_post(
        client, password1="123", password2="123", **{"org-region_code": "65", "org-uscc": "ABC"}
    )
    html = response.content.decode()
    assert "18 位" in html and "6 位数字" in html and "密码" in html
    assert not User.objects.exists()


def test_a_credit_code_cannot_be_registered_twice(client, enterprise_user):
    response = signup_post(client, **{"org-uscc": enterprise_user.organization.uscc})
    assert "已注册" in response.content.decode()
    assert User.objects.count() == 2  # the enterprise and its verifying reviewer


def test_login_and_logout(client, enterprise_user):
    response = client.post(
        "/accounts/login/", {"username": enterprise_user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/accounts/profile/").status_code == 302


def test_login_is_locked_after_five_failures(client, enterprise_user):
    for _ in range(5):
        client.post("/accounts/login/", {"username": enterprise_user.username, "password": "nope"})
    response = client.post(
        "/accounts/login/", {"username": enterprise_user.username, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "暂时锁定" in response.content.decode()


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(client, enterprise_user):
    for n in range(5):
        client.post(
            "/accounts/login/",
            {"username": enterprise_user.username, "password": "nope"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
    response = client.post(
        "/accounts/login/",
        {"username": enterprise_user.username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="10.9.9.9",
    )
    assert response.status_code == 429


def test_password_reset_sends_a_working_link(
    client, enterprise_user, django_capture_on_commit_callbacks
):
    # The link is queued for the worker once the request's work has committed.
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password_reset/", {"email": enterprise_user.email})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Another-Secret-7", "new_password2": "Another-Secret-7"}
    )
    assert response.status_code == 302
    response = client.post(
        "/accounts/login/",
        {"username": enterprise_user.username, "password": "Another-Secret-7"},
    )
    assert response.status_code == 302


def test_password_change(client, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "Brand-New-Pass-8",
            "new_password2": "Brand-New-Pass-8",
        },
    )
    assert response.status_code == 302
    enterprise_user.refresh_from_db()
    assert enterprise_user.check_password("Brand-New-Pass-8")


def test_roles_exist_as_groups_from_the_migration():
    names = set(Group.objects.values_list("name", flat=True))
    assert {Role.ENTERPRISE_MEMBER, Role.INSTITUTE_MEMBER, Role.REVIEWER} <= names
    reviewer_perms = set(
        Group.objects.get(name=Role.REVIEWER).permissions.values_list("codename", flat=True)
    )
    assert "verify_organization" in reviewer_perms
