"""The winner's draft contract names the challenge it came from, on the contract's page and
in its admin, without the contracts app knowing the demands app: the award passes the
challenge's title and page, which the contract keeps as text."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.test import Client

from contracts import services as contract_services
from contracts.models import Contract
from demands.services import challenges as services
from tests.demands.conftest import apply, make_challenge

pytestmark = pytest.mark.django_db


@pytest.fixture
def awarded(reviewer, enterprise_user, institute_user, fixed_today):
    challenge = make_challenge(reviewer, enterprise_user.organization, title="稠油降黏揭榜挂帅")
    application = apply(challenge, institute_user)
    fixed_today.set(challenge.applications_close_on + datetime.timedelta(days=1))
    challenge = services.challenge_close_applications(challenge=challenge, by=reviewer)
    challenge = services.challenge_propose(
        challenge=challenge, application=application, by=reviewer
    )
    fixed_today.set(challenge.publicity_until + datetime.timedelta(days=1))
    challenge = services.challenge_award(challenge=challenge, by=reviewer)
    contract = services.challenge_contract(challenge=challenge, by=reviewer)
    return challenge, contract


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _origin_line(challenge) -> str:
    return f'源自揭榜挂帅榜单：<a href="/challenges/{challenge.pk}/">{challenge.title}</a>'


def test_the_award_stores_the_challenge_on_the_contract(awarded):
    challenge, contract = awarded
    contract = Contract.objects.get(pk=contract.pk)
    assert (contract.origin_kind, contract.origin_title, contract.origin_url) == (
        "challenge",
        "稠油降黏揭榜挂帅",
        f"/challenges/{challenge.pk}/",
    )


def test_the_contract_page_names_and_links_the_challenge(awarded, institute_user):
    challenge, contract = awarded
    page = _as(institute_user).get(f"/contracts/{contract.pk}/")
    assert page.status_code == 200
    assert _origin_line(challenge) in page.content.decode()


def test_the_contract_admin_names_and_links_the_challenge(awarded, reviewer):
    challenge, contract = awarded
    page = _as(reviewer).get(f"/admin/contracts/contract/{contract.pk}/change/")
    assert page.status_code == 200
    assert _origin_line(challenge) in page.content.decode()


def test_a_contract_of_its_own_names_no_origin(institute_user, reviewer):
    contract = contract_services.contract_create(
        organization=institute_user.organization,
        data={"title": "自行登记的合同"},
        by=institute_user,
    )
    page = _as(institute_user).get(f"/contracts/{contract.pk}/").content.decode()
    assert "源自揭榜挂帅榜单" not in page
    page = _as(reviewer).get(f"/admin/contracts/contract/{contract.pk}/change/").content.decode()
    assert "源自揭榜挂帅榜单" not in page


@pytest.mark.parametrize(
    "origin",
    [("challenge", "t", "https://example.com/"), ("challenge", "t", "//evil/"), ("x", "t", "/a/")],
)
def test_an_origin_is_a_known_kind_and_a_path_of_this_site(origin, institute_user):
    with pytest.raises(ValueError):
        contract_services.contract_create(
            organization=institute_user.organization,
            data={"title": "合同"},
            by=institute_user,
            origin=origin,
        )
    assert not Contract.objects.filter(title="合同").exists()


def test_the_migration_fills_the_origin_of_contracts_awarded_before(awarded):
    challenge, contract = awarded
    Contract.objects.filter(pk=contract.pk).update(origin_kind="", origin_title="", origin_url="")
    migration = importlib.import_module("demands.migrations.0003_contract_origin_from_challenges")
    migration.fill(apps, None)
    contract = Contract.objects.get(pk=contract.pk)
    assert (contract.origin_kind, contract.origin_url) == (
        "challenge",
        f"/challenges/{challenge.pk}/",
    )
