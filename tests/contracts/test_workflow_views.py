"""The workflow's pages: the enterprise's withdraw and 变更/注销, the expert's assignments,
and the reviewers' admin screens (experts, disputes, change requests, objections)."""

import pytest

from contracts import services
from contracts.models import (
    ChangeRequest,
    Contract,
    ExpertReview,
    Objection,
    RegistrationState,
    RequestStatus,
    Status,
)
from tests.contracts.conftest import (
    LARGE,
    make_expert,
    make_registered,
    make_reviewed,
    make_submitted,
    pdf_upload,
)

pytestmark = pytest.mark.django_db


def test_the_seller_withdraws_from_the_contract_page(client, submitted, enterprise_user):
    client.force_login(enterprise_user)
    page = client.get(f"/contracts/{submitted.pk}/").content.decode()
    assert "撤回提交" in page
    client.post(f"/contracts/{submitted.pk}/withdraw/")
    submitted.refresh_from_db()
    assert submitted.status == Status.DRAFT
    assert "撤回提交" not in client.get(f"/contracts/{submitted.pk}/").content.decode()


def test_withdraw_by_another_enterprise_is_404(client, submitted, outsider):
    client.force_login(outsider)
    assert client.post(f"/contracts/{submitted.pk}/withdraw/").status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_a_change_through_the_web_and_the_version_history(
    client, registered, enterprise_user, reviewer
):
    client.force_login(enterprise_user)
    page = client.get(f"/contracts/{registered.pk}/").content.decode()
    assert "申请变更" in page and "申请注销" in page
    form = client.get(f"/contracts/{registered.pk}/changes/new/?kind=change")
    assert form.status_code == 200
    data = {k: v for k, v in form.context["form"].initial.items() if v is not None}
    data["patent_numbers"] = ""
    data.update(kind="change", reason="补充协议调整价款", contract_amount="1500000")
    missing_file = client.post(f"/contracts/{registered.pk}/changes/new/?kind=change", data)
    assert missing_file.status_code == 400
    too_much = client.post(
        f"/contracts/{registered.pk}/changes/new/?kind=change",
        {**data, "technology_amount": "9000000", "supplement": pdf_upload()},
    )
    assert too_much.status_code == 400 and "不能大于合同成交额" in too_much.content.decode()
    assert not ChangeRequest.objects.exists()
    done = client.post(
        f"/contracts/{registered.pk}/changes/new/?kind=change", {**data, "supplement": pdf_upload()}
    )
    assert done.status_code == 302
    change = ChangeRequest.objects.get()
    assert change.fields == {"contract_amount": "1500000.00"} and change.attachments.count() == 1
    page = client.get(f"/contracts/{registered.pk}/").content.decode()
    assert "?kind=change" not in page and "待登记员审核" in page
    second = client.get(f"/contracts/{registered.pk}/changes/new/?kind=cancel")
    assert second.status_code == 302  # one open request at a time

    services.change_request_approve(change_request=change, by=reviewer)
    page = client.get(f"/contracts/{registered.pk}/").content.decode()
    assert "已被第 2 版取代" in page and "1,200,000.00 元" in page and "1,500,000.00 元" in page
    attachment = change.attachments.get()
    pdf = client.get(f"/contracts/change-requests/{change.pk}/attachments/{attachment.pk}/")
    assert pdf.status_code == 200


def test_a_cancellation_through_the_web(client, registered, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(
        f"/contracts/{registered.pk}/changes/new/?kind=cancel",
        {"kind": "cancel", "reason": "合同已解除"},
    )
    assert response.status_code == 302
    assert ChangeRequest.objects.get().kind == "cancel"


def test_the_expert_pages(client, enterprise_user, reviewer, expert):
    contract = make_submitted(enterprise_user, **LARGE, title="大额合同")
    (review,) = services.expert_reviews_assign(contract=contract, experts=[expert], by=reviewer)
    client.force_login(expert)
    listing = client.get("/contracts/expert-reviews/").content.decode()
    assert "大额合同" in listing
    detail = client.get(f"/contracts/expert-reviews/{review.pk}/")
    assert detail.status_code == 200
    attachment = contract.attachments.get()
    assert (
        client.get(
            f"/contracts/expert-reviews/{review.pk}/attachments/{attachment.pk}/"
        ).status_code
        == 200
    )
    # The contract itself stays out of reach through the enterprise's pages.
    assert client.get(f"/contracts/{contract.pk}/").status_code == 404
    bad = client.post(f"/contracts/expert-reviews/{review.pk}/", {"opinion": "x"})
    assert bad.status_code == 400 and "请选择评审建议" in bad.content.decode()
    client.post(
        f"/contracts/expert-reviews/{review.pk}/",
        {"recommendation": "register", "technology_amount": "5800000", "opinion": "属实"},
    )
    review.refresh_from_db()
    assert review.status == "given" and review.recommendation == "register"


def test_other_people_do_not_reach_an_assignment(client, enterprise_user, reviewer, expert):
    contract = make_submitted(enterprise_user, **LARGE)
    (review,) = services.expert_reviews_assign(contract=contract, experts=[expert], by=reviewer)
    client.force_login(make_expert(name="别人"))
    assert client.get(f"/contracts/expert-reviews/{review.pk}/").status_code == 404
    client.force_login(enterprise_user)
    assert client.get("/contracts/expert-reviews/").status_code == 403


def test_the_admin_assigns_experts_and_shows_their_opinions(
    client, enterprise_user, reviewer, expert
):
    contract = make_submitted(enterprise_user, **LARGE)
    client.force_login(reviewer)
    queue = client.get("/admin/contracts/contract/").content.decode()
    assert "专家评审" in queue  # the 30-day clock is marked in the queue
    page = client.get(f"/admin/contracts/contract/{contract.pk}/change/").content.decode()
    assert "邀请专家评审" in page and "须经专家评审" in page
    refused = client.post(
        f"/admin/contracts/contract/{contract.pk}/review/", {"decision": "register"}, follow=True
    )
    assert "至少收到一位专家" in refused.content.decode()
    client.post(f"/admin/contracts/contract/{contract.pk}/experts/", {"experts": [expert.pk]})
    review = ExpertReview.objects.get(contract=contract)
    services.expert_review_answer(
        review=review, by=expert, recommendation="register", opinion="技术先进，金额合理"
    )
    page = client.get(f"/admin/contracts/contract/{contract.pk}/change/").content.decode()
    assert "技术先进，金额合理" in page
    client.post(
        f"/admin/contracts/contract/{contract.pk}/review/",
        {"decision": "register", "confirmed": "1"},
    )
    contract.refresh_from_db()
    assert contract.status == Status.REGISTERED


def test_the_admin_marks_a_contract_disputed(client, submitted, reviewer):
    client.force_login(reviewer)
    client.post(f"/admin/contracts/contract/{submitted.pk}/dispute/", {"note": "金额存疑"})
    submitted.refresh_from_db()
    assert submitted.is_disputed and submitted.needs_expert_review


def test_the_admin_decides_change_requests(client, registered, enterprise_user, reviewer):
    change = services.change_request_file(
        contract=registered, kind="cancel", reason="合同解除", by=enterprise_user
    )
    client.force_login(reviewer)
    queue = client.get("/admin/contracts/changerequest/").content.decode()
    assert registered.registration_number in queue
    page = client.get(f"/admin/contracts/changerequest/{change.pk}/change/").content.decode()
    assert "decision-form" in page
    no_note = client.post(
        f"/admin/contracts/changerequest/{change.pk}/decide/", {"decision": "refuse"}, follow=True
    )
    assert "请填写不予批准的理由" in no_note.content.decode()
    client.post(f"/admin/contracts/changerequest/{change.pk}/decide/", {"decision": "approve"})
    change.refresh_from_db()
    registered.refresh_from_db()
    assert change.status == RequestStatus.APPROVED
    assert registered.registration_state == RegistrationState.CANCELLED


def test_the_admin_resolves_objections(client, registered, reviewer):
    objection = services.objection_file(
        registration_number=registered.registration_number,
        verification_code=registered.verification_code,
        filed_by="finance",
        name="财政局",
        contact="0990-1234567",
        grounds="不属技术合同",
    )
    client.force_login(reviewer)
    queue = client.get("/admin/contracts/objection/").content.decode()
    assert "财政局" in queue
    client.post(
        f"/admin/contracts/objection/{objection.pk}/decide/",
        {"outcome": "revoked", "note": "复核后撤销"},
    )
    objection.refresh_from_db()
    registered.refresh_from_db()
    assert objection.status == "revoked"
    assert registered.registration_state == RegistrationState.REVOKED


def test_the_admin_invites_an_expert(client, reviewer, mailoutbox):
    from django.test import TestCase

    client.force_login(reviewer)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            "/admin/accounts/expertprofile/add/",
            {
                "username": "new-expert",
                "email": "new-expert@example.com",
                "name": "孙教授",
                "employer": "新疆大学",
                "title": "教授",
                "technical_fields": "新材料",
                "phone": "",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    from accounts.models import User

    invited = User.objects.get(username="new-expert")
    assert invited.is_expert and not invited.has_usable_password()
    assert invited.expert_profile.name == "孙教授"
    assert any("new-expert@example.com" in m.to for m in mailoutbox)


def test_registration_after_expert_review_keeps_counting(enterprise_user, reviewer, expert):
    contract = make_reviewed(enterprise_user, reviewer, expert)
    services.contract_register(contract=contract, by=reviewer)
    assert Contract.objects.get(pk=contract.pk).status == Status.REGISTERED
    assert make_registered(enterprise_user, reviewer).status == Status.REGISTERED
    assert not Objection.objects.exists()


def _chinese_left(html: str) -> list[str]:
    import re

    text = re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1].split("</main>", 1)[0])
    return re.findall(r"[\u4e00-\u9fff]+", text)


def test_the_workflow_pages_read_in_english(client, enterprise_user, reviewer, expert):
    contract = make_submitted(enterprise_user, **LARGE, title="Large contract")
    (review,) = services.expert_reviews_assign(contract=contract, experts=[expert], by=reviewer)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/verify/objection/").content.decode()
    assert "Object to a technology contract registration" in html
    assert _chinese_left(html) == []
    client.force_login(expert)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(f"/contracts/expert-reviews/{review.pk}/").content.decode()
    assert "Submit the opinion" in html and "Recommendation" in html
    # Only the contract's own data (party names, file names) stays in Chinese.
    left = set(_chinese_left(html))
    assert left <= {
        "测试单位",
        "有限公司",
        "克拉玛依买方石化有限公司",
        "合同",
        *left_data(contract),
    }


def left_data(contract) -> set[str]:
    import re

    return set(re.findall(r"[\u4e00-\u9fff]+", f"{contract.seller_name} {contract.buyer_name}"))
