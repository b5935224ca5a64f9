"""Sign-up and login as people meet them: no preselected 法人性质, credit codes pasted
with invisible characters, passwords kept, 您 not 你, landing on one's own page."""

import pytest
from django.contrib.auth import password_validation
from django.utils import translation

from accounts.models import Organization, User
from accounts.validators import normalize_uscc, uscc_problem
from tests.accounts.test_signup_and_login import GOOD_USCC, signup_post
from tests.conftest import PASSWORD, make_member
from tests.contracts.conftest import make_expert
from tests.html_forms import form_values, select_options

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("invisible", ["\u200b", "\u00a0", "\u3000", "\t", "\ufeff", " "])
def test_invisible_characters_in_a_credit_code_are_dropped(invisible):
    pasted = GOOD_USCC[:6] + invisible + GOOD_USCC[6:] + invisible
    assert normalize_uscc(pasted) == GOOD_USCC
    assert uscc_problem(pasted) is None


def test_full_width_letters_are_still_an_error():
    assert "全角" in uscc_problem("９１３３０１００７１６１０５８５２Ｆ")


def test_a_sign_up_with_a_zero_width_space_in_the_code_succeeds(client):
    response = signup_post(client, **{"org-uscc": "\u200b" + GOOD_USCC + "\u200b"})
    assert response.status_code == 302
    assert Organization.objects.get().uscc == GOOD_USCC


def test_the_api_sign_up_takes_the_same_code(client):
    response = client.post(
        "/api/v1/auth/signup/",
        {
            "username": "api-clerk",
            "password": PASSWORD,
            "email": "api@example.com",
            "organization": {
                "name": "接口注册公司",
                "uscc": GOOD_USCC[:9] + "\u00a0" + GOOD_USCC[9:],
                "kind": "enterprise",
                "region_code": "650203",
                "entity_nature": "150",
            },
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert Organization.objects.get().uscc == GOOD_USCC


def test_entity_nature_is_not_preselected_and_is_required(client):
    html = client.get("/accounts/signup/").content.decode()
    options = select_options(html, "org-entity_nature")
    assert options[0] == ("", "请选择")
    assert form_values(html)["org-entity_nature"] == ""
    response = signup_post(client, **{"org-entity_nature": ""})
    assert response.status_code == 200 and not User.objects.exists()
    assert '<a href="#id_org-entity_nature"' in response.content.decode()


def test_passwords_are_kept_when_only_other_fields_are_wrong(client):
    response = signup_post(client, **{"org-region_code": "65"})
    shown = form_values(response.content.decode())
    assert shown["password1"] == PASSWORD and shown["password2"] == PASSWORD
    assert shown["org-region_code"] == "65"


def test_passwords_are_cleared_when_they_are_the_problem(client):
    response = signup_post(client, password2=PASSWORD + "x")
    shown = form_values(response.content.decode())
    assert shown["password1"] == "" and shown["password2"] == ""


def test_djangos_password_phrases_say_nin():
    with translation.override("zh-hans"):
        texts = " ".join(password_validation.password_validators_help_texts())
    assert "您的密码" in texts and "你" not in texts


def login(client, user, **extra):
    return client.post(
        "/accounts/login/", {"username": user.username, "password": PASSWORD, **extra}
    )


@pytest.mark.parametrize(
    ("kind", "landing"),
    [("enterprise", "/contracts/"), ("institute", "/institutions/dashboard/")],
)
def test_members_land_on_their_own_page(client, reviewer, kind, landing):
    user = make_member(kind=kind, by=reviewer)
    response = login(client, user)
    assert response.status_code == 302 and response["Location"] == landing
    page = client.get(landing).content.decode()
    assert f"已登录：{user.username}" in page
    assert "已登录" not in client.get(landing).content.decode()  # said once


def test_a_reviewer_lands_in_the_admin_and_an_expert_on_the_reviews(client, reviewer):
    assert login(client, reviewer)["Location"] == "/admin/"
    client.logout()
    assert login(client, make_expert())["Location"] == "/contracts/expert-reviews/"


def test_a_safe_next_is_honoured_and_an_unsafe_one_is_not(client, enterprise_user):
    assert login(client, enterprise_user, next="/stats/")["Location"] == "/stats/"
    client.logout()
    response = login(client, enterprise_user, next="https://evil.example/")
    assert response["Location"] == "/contracts/"


def test_the_admins_password_phrases_say_nin_too():
    from django.utils.translation import gettext

    with translation.override("zh-hans"):
        assert gettext("Your password was changed.") == "您的密码已修改。"
        assert "你" not in gettext(
            "Your old password was entered incorrectly. Please enter it again."
        )
