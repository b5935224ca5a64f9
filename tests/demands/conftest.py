"""Demands and challenges made through the services, as users make them."""

import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from demands.services import challenges as challenge_services
from demands.services import common
from demands.services import demands as demand_services
from tests.conftest import api_as
from tests.contracts.conftest import make_expert, pdf_upload  # noqa: F401 (re-exported)

CRITERIA = [
    {"name": "技术先进性", "weight": 40},
    {"name": "可行性", "weight": 35},
    {"name": "团队", "weight": 25},
]
TODAY = datetime.date(2026, 6, 1)  # a Monday


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """The rules count from `common.today()`; tests move it with `clock.set(day)`."""

    class Clock:
        day = TODAY

        def set(self, day):
            self.day = day

    clock = Clock()
    monkeypatch.setattr(common, "today", lambda: clock.day)
    return clock


def demand_data(**overrides) -> dict:
    return {
        "title": "稠油蒸汽驱后期提高采收率",
        "summary": "蒸汽驱进入后期，汽窜严重，油汽比低于 0.12，寻求提高波及系数的技术。",
        "details": "区块 A 的详细注采数据与井网图。",
        "targets": "油汽比提高到 0.15 以上，采收率提高 5 个百分点。",
        "technical_field": "advanced_manufacturing",
        "tags": ["oil_gas"],
        "budget": Decimal("3000000"),
        "cooperation_modes": ["joint_development"],
        "deadline": TODAY + datetime.timedelta(days=60),
        **overrides,
    }


def make_demand(user, status="published", reviewer=None, **overrides):
    demand = demand_services.demand_create(by=user, data=demand_data(**overrides))
    if status == "draft":
        return demand
    demand = demand_services.demand_submit(demand=demand, by=user)
    if status == "submitted":
        return demand
    action = {
        "published": "demand_publish",
        "returned": "demand_return",
        "refused": "demand_refuse",
    }
    if status in action:
        return getattr(demand_services, action[status])(demand=demand, by=reviewer, note="说明")
    demand = demand_services.demand_publish(demand=demand, by=reviewer)
    return demand_services.demand_close(demand=demand, by=user, outcome=status)


def challenge_data(funder, **overrides) -> dict:
    return {
        "title": "超稠油 SAGD 循环预热提速揭榜挂帅",
        "problem": "循环预热周期长，注汽量大。",
        "targets": "预热周期缩短 30%。",
        "award_amount": Decimal("5000000"),
        "funder": funder,
        "questions_close_on": TODAY + datetime.timedelta(days=10),
        "applications_close_on": TODAY + datetime.timedelta(days=20),
        "publicity_days": 5,
        "criteria": CRITERIA,
        **overrides,
    }


def make_challenge(reviewer, funder, status="open", **overrides):
    challenge = challenge_services.challenge_create(
        by=reviewer, data=challenge_data(funder, **overrides)
    )
    if status == "draft":
        return challenge
    return challenge_services.challenge_open(challenge=challenge, by=reviewer)


def apply(challenge, user, **data):
    return challenge_services.application_submit(
        challenge=challenge,
        by=user,
        data={"summary": "我们的方案", "team": "团队", "plan": "计划", **data},
    )


@pytest.fixture
def clients(enterprise_user, outsider, institute_user, reviewer):
    return {
        "anonymous": APIClient(),
        "owner": api_as(enterprise_user),
        "outsider": api_as(outsider),
        "institute": api_as(institute_user),
        "reviewer": api_as(reviewer),
    }
