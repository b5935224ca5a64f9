import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from openpyxl import load_workbook

from contracts import services
from contracts.models import Contract, Status
from tests.contracts.conftest import make_draft, make_registered, make_submitted

pytestmark = pytest.mark.django_db

QUEUE = "/admin/contracts/contract/"


def test_the_queue_opens_on_submitted_contracts_by_deadline(client, reviewer, enterprise_user):
    late = make_submitted(enterprise_user, title="早提交的合同")
    Contract.objects.filter(pk=late.pk).update(review_due_on=datetime.date(2020, 1, 6))
    make_submitted(enterprise_user, title="晚提交的合同")
    make_draft(enterprise_user, title="还是草稿")
    client.force_login(reviewer)
    html = client.get(QUEUE).content.decode()
    assert "早提交的合同" in html and "晚提交的合同" in html
    assert "还是草稿" not in html
    assert html.index("早提交的合同") < html.index("晚提交的合同")
    assert "已超期" in html
    overdue = client.get(QUEUE, {"status": "overdue"}).content.decode()
    assert "早提交的合同" in overdue and "晚提交的合同" not in overdue


def test_search_by_party_credit_code_and_number(client, reviewer, enterprise_user):
    registered = make_registered(enterprise_user, reviewer, title="已登记合同")
    make_submitted(enterprise_user, title="待审合同", buyer_name="独山子另一买方有限公司")
    client.force_login(reviewer)
    found = client.get(QUEUE, {"status": "all", "q": registered.registration_number})
    assert "已登记合同" in found.content.decode() and "待审合同" not in found.content.decode()
    found = client.get(QUEUE, {"status": "all", "q": "独山子另一买方"}).content.decode()
    assert "待审合同" in found and "已登记合同" not in found
    found = client.get(QUEUE, {"status": "all", "q": enterprise_user.organization.uscc})
    assert "待审合同" in found.content.decode() and "已登记合同" in found.content.decode()


def test_the_queue_costs_a_constant_number_of_queries(
    client, reviewer, enterprise_user, django_assert_max_num_queries
):
    client.force_login(reviewer)
    make_submitted(enterprise_user)
    client.get(QUEUE)
    with django_assert_max_num_queries(30) as few:
        client.get(QUEUE)
    for _ in range(8):
        make_submitted(enterprise_user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(QUEUE).status_code == 200


def test_register_one_with_corrections_from_the_change_page(
    client, reviewer, enterprise_user, django_capture_on_commit_callbacks
):
    contract = make_submitted(enterprise_user)
    client.force_login(reviewer)
    page = client.get(f"{QUEUE}{contract.pk}/change/").content.decode()
    assert 'id="review-form"' in page and "合同.pdf" in page
    decision = {
        "decision": "register",
        "technology_amount": "800000",
        "contract_type": "development",
        "subtype": "cooperative",
        "note": "",
    }
    # First the confirmation (确认登记): nothing registered yet.
    confirm = client.post(f"{QUEUE}{contract.pk}/review/", decision)
    assert confirm.status_code == 200 and "确认登记" in confirm.content.decode()
    contract.refresh_from_db()
    assert contract.status == Status.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{QUEUE}{contract.pk}/review/", {**decision, "confirmed": "1"}, follow=True
        )
    contract.refresh_from_db()
    assert contract.status == Status.REGISTERED
    assert contract.technology_amount == Decimal("800000.00") and contract.subtype == "cooperative"
    assert contract.registration_number in response.content.decode()
    assert contract.registration_number in mail.outbox[-1].subject
    page = client.get(f"{QUEUE}{contract.pk}/change/").content.decode()
    assert 'id="review-form"' not in page  # read-only once registered
    assert "已登记" in page and "办理记录" in page
    assert client.post(f"{QUEUE}{contract.pk}/change/", {"title": "x"}).status_code == 403


def test_return_from_the_change_page_needs_a_note(client, reviewer, enterprise_user):
    contract = make_submitted(enterprise_user)
    client.force_login(reviewer)
    response = client.post(
        f"{QUEUE}{contract.pk}/review/", {"decision": "return", "note": ""}, follow=True
    )
    assert "请填写理由" in response.content.decode()
    contract.refresh_from_db()
    assert contract.status == Status.SUBMITTED
    client.post(f"{QUEUE}{contract.pk}/review/", {"decision": "return", "note": "补充盖章页"})
    contract.refresh_from_db()
    assert contract.status == Status.RETURNED and contract.reviewer_note == "补充盖章页"


def test_bulk_register_and_bulk_return_with_a_note(client, reviewer, enterprise_user):
    first, second, third = (make_submitted(enterprise_user) for _ in range(3))
    client.force_login(reviewer)
    selected = {"action": "register_selected", "_selected_action": [first.pk, second.pk]}
    assert "确认登记" in client.post(QUEUE, selected).content.decode()
    assert not Contract.objects.filter(status=Status.REGISTERED).exists()
    client.post(QUEUE, {**selected, "apply": "1"})
    numbers = sorted(
        Contract.objects.filter(pk__in=[first.pk, second.pk]).values_list(
            "registration_number", flat=True
        )
    )
    assert [n[-6:] for n in numbers] == ["000001", "000002"]
    # A second bulk registration of the same rows (listed under "all") registers nothing twice.
    response = client.post(
        QUEUE + "?status=all",
        {"action": "register_selected", "_selected_action": [first.pk], "apply": "1"},
        follow=True,
    )
    assert "只有待审核的合同可以登记" in response.content.decode()

    page = client.post(QUEUE, {"action": "return_selected", "_selected_action": [third.pk]})
    assert page.status_code == 200 and "理由" in page.content.decode()
    client.post(
        QUEUE,
        {"action": "return_selected", "_selected_action": [third.pk], "apply": "1", "note": ""},
    )
    third.refresh_from_db()
    assert third.status == Status.SUBMITTED
    client.post(
        QUEUE,
        {
            "action": "reject_selected",
            "_selected_action": [third.pk],
            "apply": "1",
            "note": "非技术合同",
        },
    )
    third.refresh_from_db()
    assert third.status == Status.REJECTED and third.reviewer_note == "非技术合同"


def test_the_reviewer_opens_the_pdf(client, reviewer, enterprise_user, outsider):
    contract = make_submitted(enterprise_user)
    attachment = contract.attachments.get()
    url = f"/contracts/{contract.pk}/attachments/{attachment.pk}/"
    client.force_login(reviewer)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_export_the_filtered_list(client, reviewer, enterprise_user):
    registered = make_registered(enterprise_user, reviewer, title="导出合同")
    make_submitted(enterprise_user, title="不应导出")
    client.force_login(reviewer)
    response = client.get(f"{QUEUE}export/", {"status": "registered"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("登记编号", "项目名称", "状态")
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["登记编号"] == registered.registration_number
    assert row["合同成交额（元）"] == 1200000 and isinstance(row["技术交易额（元）"], (int, float))
    assert row["登记日期"].date() == registered.registered_on


def test_enterprise_users_do_not_get_into_the_admin(client, enterprise_user):
    client.force_login(enterprise_user)
    assert client.get(QUEUE).status_code == 302


def test_nothing_is_deleted_from_the_admin(client, reviewer, enterprise_user):
    contract = make_submitted(enterprise_user)
    client.force_login(reviewer)
    assert client.post(f"{QUEUE}{contract.pk}/delete/", {"post": "yes"}).status_code in (302, 403)
    assert Contract.objects.filter(pk=contract.pk).exists()
    services.contract_register(contract=contract, by=reviewer)
