"""The history under each record reads in words and amounts with separators: the states
were stored codes shown as they are ("draft → open", "approved") and amounts "5000000.00"."""

import pytest

from demands.models import ChallengeEvent, DemandEvent
from tests.conftest import page_as
from tests.demands.conftest import make_challenge, make_demand

pytestmark = pytest.mark.django_db


def test_a_challenges_record_and_award_read_in_words(client, reviewer, enterprise_user):
    challenge = make_challenge(reviewer, enterprise_user.organization)
    assert str(ChallengeEvent.objects.filter(challenge=challenge).last()) == "草稿 → 揭榜中"
    page = page_as(client, reviewer, f"/admin/demands/challenge/{challenge.pk}/change/")
    assert "揭榜中" in page and "5,000,000.00" in page
    assert ">open<" not in page and ">draft<" not in page
    listing = page_as(client, reviewer, "/admin/demands/challenge/")
    assert "5,000,000.00" in listing and "5000000.00" not in listing
    english = page_as(client, reviewer, f"/admin/demands/challenge/{challenge.pk}/change/", "en")
    assert ">open<" not in english and "5,000,000.00" in english


def test_a_demands_record_reads_in_words(client, reviewer, enterprise_user):
    demand = make_demand(enterprise_user, reviewer=reviewer)
    assert str(DemandEvent.objects.filter(demand=demand).last()) == "待审核 → 已发布"
    page = page_as(client, reviewer, f"/admin/demands/demand/{demand.pk}/change/")
    assert "已发布" in page and ">published<" not in page and ">submitted<" not in page


def test_an_opened_challenges_criteria_read_as_a_list_and_a_drafts_stay_editable(
    client, reviewer, enterprise_user
):
    opened = make_challenge(reviewer, enterprise_user.organization)
    page = page_as(client, reviewer, f"/admin/demands/challenge/{opened.pk}/change/")
    assert "技术先进性　40%" in page and '"weight"' not in page
    draft = make_challenge(reviewer, enterprise_user.organization, status="draft")
    editable = page_as(client, reviewer, f"/admin/demands/challenge/{draft.pk}/change/")
    assert 'name="criteria"' in editable and "技术先进性　40%" not in editable


def test_every_field_the_admin_shows_has_a_label_of_its_own():
    """A field without verbose_name shows its code name ("BY", "asked by") as the header."""
    from django.contrib import admin

    models = set(admin.site._registry)
    for model_admin in admin.site._registry.values():
        models.update(inline.model for inline in model_admin.inlines)
    ours = {"accounts", "common", "notifications", "contracts", "patents", "institutions"}
    ours |= {"demands", "managers", "instruments"}
    unlabelled = [
        f"{model._meta.label}.{field.name}"
        for model in models
        if model._meta.app_label in ours
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False) and not field.auto_created and not field.primary_key
        and not field.name.endswith("_index") and field.name != "sha256"
        and str(field.verbose_name) == field.name.replace("_", " ")
    ]  # fmt: skip
    assert not unlabelled, unlabelled


def _new_challenge(enterprise_user, **overrides):
    return {
        "title": "后台新建的揭榜挂帅",
        "problem": "问题",
        "targets": "指标",
        "award_amount": "1000000",
        "funder": enterprise_user.organization.pk,
        "questions_close_on": "2026-07-01",
        "applications_close_on": "2026-07-20",
        "publicity_days": "5",
        "criteria": "技术先进性 40\n可行性：35%\n团队，25",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        **overrides,
    }


def test_a_reviewer_types_the_criteria_one_a_line(client, reviewer, enterprise_user):
    from demands.models import Challenge

    client.force_login(reviewer)
    response = client.post("/admin/demands/challenge/add/", _new_challenge(enterprise_user))
    assert response.status_code == 302, response.content.decode()[-3000:]
    challenge = Challenge.objects.get(title="后台新建的揭榜挂帅")
    assert challenge.criteria == [
        {"name": "技术先进性", "weight": 40},
        {"name": "可行性", "weight": 35},
        {"name": "团队", "weight": 25},
    ]
    page = page_as(client, reviewer, f"/admin/demands/challenge/{challenge.pk}/change/")
    assert "技术先进性 40\n可行性 35\n团队 25" in page  # the draft's field, one a line


@pytest.mark.parametrize(
    ("criteria", "award", "words"),
    [
        ("技术先进性 40\n可行性 50", "1000000", "各项权重之和须为 100（现为 90）"),
        ("技术先进性\n可行性 60", "1000000", "第 1 行应为"),
        ("技术先进性 40\n技术先进性 60", "1000000", "评审指标名称不能重复"),
        ("技术先进性 100", "20000000", "榜额须在 0 至 10,000,000 元之间"),
    ],
)
def test_criteria_and_an_award_the_rules_refuse_are_errors_on_their_field(
    client, reviewer, enterprise_user, criteria, award, words
):
    """Refused by the services' rules: the form again with the error beside the field,
    not a server error from the save, and no challenge made."""
    from demands.models import Challenge

    client.force_login(reviewer)
    data = _new_challenge(enterprise_user, criteria=criteria, award_amount=award)
    response = client.post("/admin/demands/challenge/add/", data)
    assert response.status_code == 200 and words in response.content.decode()
    assert not Challenge.objects.filter(title="后台新建的揭榜挂帅").exists()
