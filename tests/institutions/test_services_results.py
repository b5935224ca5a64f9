"""Result services: drafts, publication, withdrawal, moderation, and who may call them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from institutions import services
from institutions.models import ResultEvent, ResultStatus
from tests.institutions.conftest import make_result

pytestmark = pytest.mark.django_db


def test_a_reviewer_moderates_with_a_note(reviewer, published_result):
    with pytest.raises(ValidationError) as exc:
        services.result_moderate(result=published_result, by=reviewer, note="  ")
    assert "note" in exc.value.message_dict
    services.result_moderate(result=published_result, by=reviewer, note="信息不实，暂时下架")
    published_result.refresh_from_db()
    assert published_result.status == ResultStatus.WITHDRAWN
    event = ResultEvent.objects.latest("id")
    assert (event.by, event.from_status, event.to_status, event.note) == (
        reviewer,
        "published",
        "withdrawn",
        "信息不实，暂时下架",
    )


def test_the_owner_cannot_republish_what_a_reviewer_took_down(
    reviewer, institute_user, published_result
):
    services.result_moderate(result=published_result, by=reviewer, note="数据不实")
    with pytest.raises(ValidationError) as exc:
        services.result_publish(result=published_result, by=institute_user)
    assert "数据不实" in str(exc.value.message_dict["status"])
    published_result.refresh_from_db()
    assert published_result.status == ResultStatus.WITHDRAWN
    # After review, a reviewer puts it back; the owner may then withdraw and republish it.
    services.result_reinstate(result=published_result, by=reviewer)
    published_result.refresh_from_db()
    assert published_result.status == ResultStatus.PUBLISHED
    services.result_withdraw(result=published_result, by=institute_user)
    services.result_publish(result=published_result, by=institute_user)
    published_result.refresh_from_db()
    assert published_result.status == ResultStatus.PUBLISHED


def test_only_reviewers_reinstate(reviewer, institute_user, published_result):
    services.result_moderate(result=published_result, by=reviewer, note="数据不实")
    with pytest.raises(PermissionDenied):
        services.result_reinstate(result=published_result, by=institute_user)


@pytest.mark.parametrize("role", ["enterprise", "owner", "other_institute"])
def test_only_reviewers_moderate(role, actor, published_result):
    with pytest.raises(PermissionDenied):
        services.result_moderate(result=published_result, by=actor(role), note="x")
    published_result.refresh_from_db()
    assert published_result.status == ResultStatus.PUBLISHED


def test_a_stale_transition_changes_nothing(institute_user, published_result):
    services.result_withdraw(result=published_result, by=institute_user)
    stale = published_result  # still says "withdrawn" after refresh; try again
    with pytest.raises(ValidationError):
        services.result_withdraw(result=stale, by=institute_user)
    assert ResultEvent.objects.filter(to_status="withdrawn").count() == 1


def test_a_draft_needs_only_a_title(institute_user, institution):
    result = services.result_create(
        institution=institution, data={"title": " 只有名称 "}, by=institute_user
    )
    assert result.title == "只有名称" and result.status == ResultStatus.DRAFT
    with pytest.raises(ValidationError) as exc:
        services.result_create(institution=institution, data={"title": ""}, by=institute_user)
    assert "title" in exc.value.message_dict


def test_an_ip_type_patent_needs_patent_numbers(institute_user, institution):
    result = make_result(institution, institute_user, publish=False, patent_numbers=[])
    with pytest.raises(ValidationError) as exc:
        services.result_publish(result=result, by=institute_user)
    assert "patent_numbers" in exc.value.message_dict


# ---- who may call them: a person is checked, the portal names itself -------------------


def test_nobody_is_not_the_system(institution, draft_result, published_result):
    """`by=None` used to skip the membership check; now it is refused like an outsider."""
    attempts = (
        lambda: services.result_create(institution=institution, data={"title": "x"}, by=None),
        lambda: services.result_update(result=draft_result, data={"title": "x"}, by=None),
        lambda: services.result_publish(result=draft_result, by=None),
        lambda: services.result_withdraw(result=published_result, by=None),
        lambda: services.institution_update(
            institution=institution, data={"introduction": "x"}, by=None
        ),
        lambda: services.result_moderate(result=published_result, by=None, note="x"),
        lambda: services.result_reinstate(result=published_result, by=None),
    )
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    draft_result.refresh_from_db()
    published_result.refresh_from_db()
    assert (draft_result.title, draft_result.status) == ("油泥热解装置草稿", ResultStatus.DRAFT)
    assert published_result.status == ResultStatus.PUBLISHED
    assert institution.results.count() == 2


def test_the_system_acts_for_any_institution_and_is_recorded_as_nobody(institution):
    result = make_result(institution, services.SYSTEM, title="演示成果")
    assert result.status == ResultStatus.PUBLISHED and result.created_by is None
    assert list(result.events.values_list("by", "to_status")) == [
        (None, "draft"),
        (None, "published"),
    ]


def test_the_system_cannot_undo_a_reviewers_takedown(reviewer, published_result):
    services.result_moderate(result=published_result, by=reviewer, note="数据不实")
    with pytest.raises(ValidationError) as exc:
        services.result_publish(result=published_result, by=services.SYSTEM)
    assert "数据不实" in str(exc.value.message_dict["status"])


def test_only_reviewers_keep_institutions_in_the_admin_service(institution, reviewer, actor):
    institution.office = "交易中心 2 层 201 室"
    for role in ("anonymous", "enterprise", "owner"):
        with pytest.raises(PermissionDenied):
            services.institution_save_by_bureau(institution=institution, by=actor(role))
    services.institution_save_by_bureau(institution=institution, by=reviewer)
    institution.refresh_from_db()
    assert institution.office == "交易中心 2 层 201 室"
