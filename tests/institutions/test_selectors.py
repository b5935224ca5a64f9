"""Reads: the institute's dashboard and the take-down that keeps a result off the site."""

import pytest

from institutions import selectors, services
from institutions.models import EnquiryStatus
from tests.institutions.conftest import make_result, send_enquiry

pytestmark = pytest.mark.django_db


def test_the_institute_dashboard_holds_its_own_results_and_enquiries(
    institution, institute_user, published_result, draft_result, other_institution, other_institute_user
):  # fmt: skip
    others = make_result(other_institution, other_institute_user, title="别家的成果")
    answered, waiting = send_enquiry(published_result), send_enquiry(published_result)
    send_enquiry(others)
    services.enquiry_reply(enquiry=answered, message="您好，已收到。", by=institute_user)

    board = selectors.institute_dashboard(institution)

    assert board["institution"] == institution
    counts = {result.title: result.enquiry_count for result in board["results"]}
    assert counts == {published_result.title: 2, draft_result.title: 0}
    assert {e.pk: e.status for e in board["enquiries"]} == {
        waiting.pk: EnquiryStatus.NEW,
        answered.pk: EnquiryStatus.ANSWERED,
    }  # only its own: not the one about the other institution's result
    assert board["open_enquiries"] == 1


def test_only_a_reviewers_withdrawal_is_a_takedown(reviewer, institute_user, institution):
    by_owner = make_result(institution, institute_user, title="自己下架的成果")
    services.result_withdraw(result=by_owner, by=institute_user)
    by_reviewer = make_result(institution, institute_user, title="被下架的成果")
    services.result_moderate(result=by_reviewer, by=reviewer, note="联系方式失效")

    assert selectors.moderation_takedown(by_owner) is None
    takedown = selectors.moderation_takedown(by_reviewer)
    assert (takedown.by, takedown.note) == (reviewer, "联系方式失效")
    services.result_reinstate(result=by_reviewer, by=reviewer)
    by_reviewer.refresh_from_db()
    assert selectors.moderation_takedown(by_reviewer) is None  # published again
