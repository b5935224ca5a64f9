import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from contracts.models import Contract, Status
from tests.contracts.conftest import (
    BUYER_USCC,
    PDF_BYTES,
    make_draft,
    make_registered,
    make_submitted,
)

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "title": "油藏数值模拟软件许可",
        "contract_type": "license",
        "subtype": "other_ip",
        "buyer_name": "白碱滩示范采油有限公司",
        "buyer_uscc": BUYER_USCC,
        "buyer_country_code": "156",
        "buyer_region_code": "650204",
        "buyer_entity_nature": "150",
        "contract_amount": "600000",
        "technology_amount": "600000",
        "signed_on": "2025-04-01",
        "valid_from": "2025-04-01",
        "valid_until": "2030-03-31",
        "technical_field": "electronics_information",
        "ip_type": "software_copyright",
        "patent_numbers": "",
    }
    data.update(overrides)
    return data


def pdf(name="合同.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_fill_in_and_submit_in_one_sitting(client, enterprise_user):
    client.force_login(enterprise_user)
    form = client.get("/contracts/new/").content.decode()
    assert "技术交易额" in form and "非技术性费用" in form and "保存草稿" in form
    response = client.post(
        "/contracts/new/", {**form_data(), "attachment": pdf(), "action": "submit"}
    )
    contract = Contract.objects.get()
    assert response.status_code == 302 and response.url == f"/contracts/{contract.pk}/"
    assert contract.status == Status.SUBMITTED
    assert contract.attachments.count() == 1
    page = client.get(response.url).content.decode()
    assert "待审核" in page and contract.review_due_on.isoformat() in page


def test_submission_errors_sit_next_to_their_fields(client, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(
        "/contracts/new/",
        form_data(buyer_uscc="", technology_amount="", action="submit"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "提交前请填写技术交易额" in html
    assert "境内单位买方须填写统一社会信用代码" in html
    assert "请上传双方签章的合同文本" in html
    # The draft was kept, and the form now posts to it, not to a new one.
    contract = Contract.objects.get()
    assert contract.status == Status.DRAFT
    assert f'action="/contracts/{contract.pk}/edit/"' in html


def test_a_wrong_value_saves_nothing(client, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(
        "/contracts/new/",
        form_data(contract_amount="100", technology_amount="200", action="save"),
    )
    assert response.status_code == 400
    assert "技术交易额不能大于合同成交额" in response.content.decode()
    assert not Contract.objects.exists()


def test_a_non_pdf_is_refused_and_nothing_changes(client, enterprise_user):
    draft = make_draft(enterprise_user)
    client.force_login(enterprise_user)
    response = client.post(
        f"/contracts/{draft.pk}/edit/",
        {**form_data(title="改了名"), "attachment": pdf("合同.pdf", b"GIF89a"), "action": "save"},
    )
    assert response.status_code == 400
    assert "只接受 PDF" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title != "改了名" and not draft.attachments.exists()


def test_patent_numbers_are_checked_in_the_form(client, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(
        "/contracts/new/",
        form_data(ip_type="patent", patent_numbers="ZL202110344405.7\nZL202010123456.7"),
    )
    assert response.status_code == 400
    assert "ZL202010123456.7 的校验位应为" in response.content.decode()


def test_unverified_organisations_are_told_how_to_get_verified(client, unverified_enterprise_user):
    client.force_login(unverified_enterprise_user)
    assert "尚未通过认证" in client.get("/contracts/").content.decode()
    response = client.post(
        "/contracts/new/", {**form_data(), "attachment": pdf(), "action": "submit"}
    )
    html = response.content.decode()
    assert "0990-6000000" in html
    assert Contract.objects.get().status == Status.DRAFT


def test_my_contracts_show_state_note_number_and_certificate(client, enterprise_user, reviewer):
    from contracts import services

    registered = make_registered(enterprise_user, reviewer, title="已登记的合同")
    returned = make_submitted(enterprise_user, title="被退回的合同")
    services.contract_return(contract=returned, by=reviewer, note="请补充买方盖章页")
    client.force_login(enterprise_user)
    html = client.get("/contracts/").content.decode()
    assert registered.registration_number in html
    assert f"/contracts/{registered.pk}/certificate/" in html
    assert "请补充买方盖章页" in html and "退回补正" in html
    assert "1,000,000.00 元" in html  # the technology amount, grouped for reading
    assert f"/contracts/{returned.pk}/edit/" in html
    assert f"/contracts/{registered.pk}/edit/" not in html
    response = client.get(f"/contracts/{registered.pk}/certificate/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    detail = client.get(f"/contracts/{registered.pk}/").content.decode()
    assert "办理记录" in detail and "可申请免征增值税" in detail
    assert "1,200,000.00 元" in detail


def test_a_registered_contract_cannot_be_edited_in_the_browser(client, enterprise_user, reviewer):
    registered = make_registered(enterprise_user, reviewer)
    client.force_login(enterprise_user)
    response = client.post(f"/contracts/{registered.pk}/edit/", form_data(title="改"))
    assert response.status_code == 302
    registered.refresh_from_db()
    assert registered.title != "改"


def test_another_organisation_gets_404(client, enterprise_user, outsider):
    draft = make_draft(enterprise_user)
    client.force_login(outsider)
    for url in (
        f"/contracts/{draft.pk}/",
        f"/contracts/{draft.pk}/edit/",
        f"/contracts/{draft.pk}/certificate/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/contracts/{draft.pk}/submit/").status_code == 404
    assert draft.title not in client.get("/contracts/").content.decode()


def test_anonymous_visitors_are_sent_to_the_guide_or_to_login(client):
    # The entry points (list, new form) explain the service first; a contract's own page
    # (linked from an e-mail) asks for the login.
    for url in ("/contracts/", "/contracts/new/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url == f"/guide/?next={url}"
    response = client.get("/contracts/1/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_my_contracts_cost_a_constant_number_of_queries(
    client, enterprise_user, reviewer, django_assert_max_num_queries
):
    client.force_login(enterprise_user)
    make_registered(enterprise_user, reviewer)
    client.get("/contracts/")
    with django_assert_max_num_queries(20) as few:
        client.get("/contracts/")
    for _ in range(5):
        make_submitted(enterprise_user)
        make_draft(enterprise_user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/contracts/").status_code == 200


def test_the_subtype_choice_is_grouped_by_type(client, enterprise_user):
    client.force_login(enterprise_user)
    html = client.get("/contracts/new/").content.decode()
    assert '<optgroup label="技术许可">' in html and "contract-form.js" in html


def test_the_pages_read_in_english_too(client, enterprise_user):
    client.force_login(enterprise_user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "My contracts" in client.get("/contracts/").content.decode()
    html = client.get("/contracts/new/").content.decode()
    assert "Technology amount" in html and "Save draft" in html
    response = client.post("/contracts/new/", {"title": "", "action": "save"})
    assert response.status_code == 400
