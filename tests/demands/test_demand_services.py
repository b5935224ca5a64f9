"""The demand's life: post, submit, screen, respond, shortlist, decline, close."""

import pytest
from django.core.exceptions import ValidationError

from demands.models import DemandEvent
from demands.services import demands as services
from notifications.models import Notification
from tests.demands.conftest import demand_data, make_demand, pdf_upload

pytestmark = pytest.mark.django_db


def test_a_verified_member_posts_and_submits_and_a_reviewer_publishes(enterprise_user, reviewer):
    demand = services.demand_create(by=enterprise_user, data=demand_data())
    assert demand.status == "draft"
    demand = services.demand_submit(demand=demand, by=enterprise_user)
    assert demand.status == "submitted"
    assert Notification.objects.filter(recipient=reviewer, kind="demand.submitted").exists()
    demand = services.demand_publish(demand=demand, by=reviewer)
    assert demand.status == "published" and demand.published_at
    assert list(DemandEvent.objects.filter(demand=demand).values_list("to_status", flat=True)) == [
        "draft",
        "submitted",
        "published",
    ]
    assert Notification.objects.filter(recipient=enterprise_user, kind="demand.published").exists()


def test_an_unverified_member_cannot_post(unverified_enterprise_user):
    with pytest.raises(ValidationError) as error:
        services.demand_create(by=unverified_enterprise_user, data=demand_data())
    assert "organization" in error.value.message_dict


def test_submission_names_every_missing_field(enterprise_user):
    demand = services.demand_create(by=enterprise_user, data={"title": "只有标题"})
    with pytest.raises(ValidationError) as error:
        services.demand_submit(demand=demand, by=enterprise_user)
    assert set(error.value.message_dict) == {"summary", "technical_field", "deadline"}
    demand.refresh_from_db()
    assert demand.status == "draft"


def test_wrong_codes_are_refused_and_nothing_is_stored(enterprise_user):
    with pytest.raises(ValidationError) as error:
        services.demand_create(by=enterprise_user, data=demand_data(tags=["mining"], budget="abc"))
    assert set(error.value.message_dict) == {"tags", "budget"}


def test_return_and_refuse_need_a_note_and_a_returned_demand_can_be_resubmitted(
    enterprise_user, reviewer
):
    demand = make_demand(enterprise_user, status="submitted")
    with pytest.raises(ValidationError):
        services.demand_return(demand=demand, by=reviewer, note=" ")
    demand = services.demand_return(demand=demand, by=reviewer, note="请补充指标")
    assert demand.status == "returned" and demand.review_note == "请补充指标"
    services.demand_update(demand=demand, by=enterprise_user, data={"targets": "更具体的指标"})
    assert services.demand_submit(demand=demand, by=enterprise_user).status == "submitted"


def test_a_published_demand_cannot_be_screened_twice(enterprise_user, reviewer):
    demand = make_demand(enterprise_user, reviewer=reviewer)
    with pytest.raises(ValidationError):
        services.demand_refuse(demand=demand, by=reviewer, note="重复")
    demand.refresh_from_db()
    assert demand.status == "published"


def test_responses_once_per_organisation_then_shortlist_and_decline(
    enterprise_user, institute_user, outsider, reviewer
):
    demand = make_demand(enterprise_user, reviewer=reviewer)
    response = services.demand_respond(
        demand=demand, by=institute_user, message="我们有成熟方案", upload=pdf_upload()
    )
    assert response.attachment.name.endswith(".pdf")
    assert Notification.objects.filter(recipient=enterprise_user, kind="demand.response").exists()
    with pytest.raises(ValidationError):
        services.demand_respond(demand=demand, by=institute_user, message="再来一次")
    other = services.demand_respond(demand=demand, by=outsider, message="另一方案")
    services.response_shortlist(response=response, by=enterprise_user)
    with pytest.raises(ValidationError) as error:
        services.response_decline(response=other, by=enterprise_user, reason="other")
    assert "note" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.response_decline(response=other, by=enterprise_user, reason="bored")
    other = services.response_decline(
        response=other, by=enterprise_user, reason="cost", note="超预算"
    )
    assert other.status == "declined" and other.decline_reason == "cost"
    assert Notification.objects.filter(recipient=outsider, kind="demand.response_declined").exists()


def test_a_response_must_be_a_pdf(enterprise_user, institute_user, reviewer):
    demand = make_demand(enterprise_user, reviewer=reviewer)
    with pytest.raises(ValidationError) as error:
        services.demand_respond(
            demand=demand, by=institute_user, message="方案", upload=pdf_upload(content=b"MZ\x90")
        )
    assert "attachment" in error.value.message_dict
    assert not demand.responses.exists()


def test_the_owner_admits_an_organisation_to_the_details(enterprise_user, institute_user, reviewer):
    from demands import selectors

    demand = make_demand(enterprise_user, reviewer=reviewer)
    assert not selectors.can_see_details(institute_user, demand)
    access = services.demand_access_request(demand=demand, by=institute_user)
    assert not selectors.can_see_details(institute_user, demand)
    services.demand_access_decide(access=access, by=enterprise_user, admit=True)
    assert selectors.can_see_details(institute_user, demand)


def test_the_owner_closes_a_published_demand_as_solved(enterprise_user, reviewer):
    demand = make_demand(enterprise_user, reviewer=reviewer)
    with pytest.raises(ValidationError):
        services.demand_close(demand=demand, by=enterprise_user, outcome="published")
    assert (
        services.demand_close(demand=demand, by=enterprise_user, outcome="solved").status
        == "solved"
    )
