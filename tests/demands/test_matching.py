"""Suggestions: computed on commit when a side changes, stored, served as stored, with
reasons; a dismissed pair never comes back."""

import pytest

from demands import matching
from demands.matching import reason_texts
from demands.models import Match
from demands.services.matching import match_dismiss, matches_compute
from institutions.models import Institution
from institutions.services import result_create, result_publish
from tests.conftest import api_as
from tests.demands.conftest import make_demand

pytestmark = pytest.mark.django_db


RESULT = {
    "technical_field": "advanced_manufacturing",
    "trl": 7,
    "ip_type": "technical_secret",
    "cooperation_modes": ["license"],
    "contact_name": "李老师",
    "contact_phone": "0990-6000001",
}


def publish_result(user, **data):
    institution = Institution.objects.get(organization=user.organization)
    result = result_create(
        institution=institution,
        data={**RESULT, **data},
        by=user,
    )
    return result_publish(result=result, by=user)


def test_segmentation_keeps_the_domain_words_whole():
    words = matching.segment("稠油油藏蒸汽驱后期汽窜，压裂液与炼化、光热")
    assert {"稠油", "蒸汽驱", "压裂液", "炼化", "光热"} <= set(words)


def test_publishing_a_demand_computes_its_matches_on_commit(
    enterprise_user, institute_user, reviewer, django_capture_on_commit_callbacks
):
    steam = publish_result(
        institute_user,
        title="多介质复合蒸汽驱提高采收率技术",
        summary="蒸汽中加入氮气，提高稠油油藏波及体积。",
    )
    publish_result(
        institute_user,
        title="退役电池储能柜",
        summary="井场削峰填谷。",
        technical_field="new_energy",
    )
    with django_capture_on_commit_callbacks(execute=True):
        demand = make_demand(enterprise_user, reviewer=reviewer)
    rows = list(Match.objects.filter(demand=demand, target_type="result"))
    assert [row.target_id for row in rows] == [steam.pk]
    reasons = reason_texts(rows[0].reasons)
    assert "同一技术领域" in reasons
    assert any(reason.startswith("关键词：") and "蒸汽驱" in reason for reason in reasons)
    assert "TRL ≥ 6" in reasons


def test_matches_are_served_as_stored_without_recomputation(
    enterprise_user, institute_user, reviewer, django_assert_max_num_queries
):
    result = publish_result(
        institute_user, title="稠油蒸汽驱波及体积调控", summary="稠油蒸汽驱汽窜治理。"
    )
    demand = make_demand(enterprise_user, reviewer=reviewer)
    matches_compute()
    Match.objects.filter(demand=demand).update(reasons=[{"kind": "words", "words": ["存储标记"]}])
    with django_assert_max_num_queries(6):
        rows = api_as(enterprise_user).get(f"/api/v1/demands/{demand.pk}/matches/").json()
    assert rows[0]["target_type"] == "result" and rows[0]["target_id"] == result.pk
    assert rows[0]["reasons"] == ["关键词：存储标记"]
    back = api_as(enterprise_user).get(f"/api/v1/results/{result.pk}/matches/").json()
    assert [(row["target_type"], row["target_id"]) for row in back] == [("demand", demand.pk)]


def test_a_dismissed_suggestion_never_comes_back(enterprise_user, institute_user, reviewer):
    result = publish_result(
        institute_user, title="稠油蒸汽驱波及体积调控", summary="稠油蒸汽驱汽窜治理。"
    )
    demand = make_demand(enterprise_user, reviewer=reviewer)
    matches_compute()
    assert demand.matches.filter(target_type="result", target_id=result.pk).exists()
    answer = api_as(enterprise_user).post(
        "/api/v1/matches/dismiss/",
        {
            "demand": demand.pk,
            "target_type": "result",
            "target_id": result.pk,
            "reason": "已合作过",
        },
        format="json",
    )
    assert answer.status_code == 201
    matches_compute()
    assert not demand.matches.filter(target_type="result", target_id=result.pk).exists()
    assert demand.dismissals.get().reason == "已合作过"


def test_a_wrong_target_type_is_refused(enterprise_user, reviewer):
    demand = make_demand(enterprise_user, reviewer=reviewer)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        match_dismiss(demand=demand, target_type="planet", target_id=1, by=enterprise_user)


def test_many_changes_in_one_transaction_send_one_computation(institute_user):
    from django.db import transaction

    for n in range(3):
        publish_result(institute_user, title=f"成果{n}", summary="稠油")
    pending = [
        func
        for _ids, func, _robust in transaction.get_connection().run_on_commit
        if hasattr(func, "matches_key")
    ]
    # Three results created and published (six saves and events): one computation of all.
    assert [func.matches_key for func in pending] == [None]


def test_reasons_are_stored_as_codes_and_read_in_the_readers_language():
    from django.utils import translation

    stored = [
        {"kind": "field"},
        {"kind": "words", "words": ["稠油", "蒸汽驱"]},
        {"kind": "trl", "level": 6},
    ]
    with translation.override("zh-hans"):
        assert reason_texts(stored) == ["同一技术领域", "关键词：稠油、蒸汽驱", "TRL ≥ 6"]
    with translation.override("en"):
        assert reason_texts(stored) == ["Same technical field", "Keywords: 稠油, 蒸汽驱", "TRL ≥ 6"]
