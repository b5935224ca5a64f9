"""Demands and challenges in the site search (/search/): what the public lists show, and
nothing a reviewer has not let out."""

import pytest

from portal import search
from tests.demands.conftest import make_challenge, make_demand

pytestmark = pytest.mark.django_db


def test_published_demands_and_public_challenges_are_found(client, enterprise_user, reviewer):
    make_demand(enterprise_user, reviewer=reviewer, title="稠油蒸汽驱汽窜治理")
    make_demand(enterprise_user, status="submitted", title="稠油蒸汽驱待审需求")
    make_challenge(reviewer, enterprise_user.organization, title="稠油蒸汽驱揭榜挂帅")
    make_challenge(reviewer, enterprise_user.organization, status="draft", title="稠油蒸汽驱草稿榜")

    groups = {group.key: group for group in search.site_search("稠油蒸汽驱")}
    assert groups["demands"].count == 1 and groups["challenges"].count == 1
    html = client.get("/search/", {"q": "稠油蒸汽驱"}).content.decode()
    assert "稠油蒸汽驱汽窜治理" in html and "稠油蒸汽驱揭榜挂帅" in html
    assert "待审需求" not in html and "草稿榜" not in html


def test_the_more_link_opens_the_challenge_list_on_the_same_words(
    client, enterprise_user, reviewer
):
    make_challenge(reviewer, enterprise_user.organization, title="注汽锅炉降碳揭榜")
    make_challenge(reviewer, enterprise_user.organization, title="无关的另一个榜单")
    group = next(g for g in search.site_search("注汽锅炉") if g.key == "challenges")
    html = client.get(group.more_url).content.decode()
    assert "注汽锅炉降碳揭榜" in html and "无关的另一个榜单" not in html
