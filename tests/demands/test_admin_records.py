"""The history under each record reads in words and amounts with separators: the states
were stored codes shown as they are ("draft → open", "approved") and amounts "5000000.00"."""

import pytest

from demands.models import ChallengeEvent, DemandEvent
from tests.demands.conftest import make_challenge, make_demand

pytestmark = pytest.mark.django_db


def _page(client, user, url, language="zh-hans"):
    client.force_login(user)
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_challenges_record_and_award_read_in_words(client, reviewer, enterprise_user):
    challenge = make_challenge(reviewer, enterprise_user.organization)
    assert str(ChallengeEvent.objects.filter(challenge=challenge).last()) == "草稿 → 揭榜中"
    page = _page(client, reviewer, f"/admin/demands/challenge/{challenge.pk}/change/")
    assert "揭榜中" in page and "5,000,000.00" in page
    assert ">open<" not in page and ">draft<" not in page
    listing = _page(client, reviewer, "/admin/demands/challenge/")
    assert "5,000,000.00" in listing and "5000000.00" not in listing
    english = _page(client, reviewer, f"/admin/demands/challenge/{challenge.pk}/change/", "en")
    assert ">open<" not in english and "5,000,000.00" in english


def test_a_demands_record_reads_in_words(client, reviewer, enterprise_user):
    demand = make_demand(enterprise_user, reviewer=reviewer)
    assert str(DemandEvent.objects.filter(demand=demand).last()) == "待审核 → 已发布"
    page = _page(client, reviewer, f"/admin/demands/demand/{demand.pk}/change/")
    assert "已发布" in page and ">published<" not in page and ">submitted<" not in page


def test_an_opened_challenges_criteria_read_as_a_list_and_a_drafts_stay_editable(
    client, reviewer, enterprise_user
):
    opened = make_challenge(reviewer, enterprise_user.organization)
    page = _page(client, reviewer, f"/admin/demands/challenge/{opened.pk}/change/")
    assert "技术先进性　40%" in page and '"weight"' not in page
    draft = make_challenge(reviewer, enterprise_user.organization, status="draft")
    editable = _page(client, reviewer, f"/admin/demands/challenge/{draft.pk}/change/")
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
