"""The enquiry form: mail and dashboard, errors next to fields, honeypot, throttle."""

import pytest
from django.core import mail

from institutions import services
from institutions.models import Enquiry
from tests.institutions.conftest import ENQUIRY_FORM, browser_for, make_result, send_enquiry

pytestmark = pytest.mark.django_db


def test_an_enquiry_reaches_the_owner_by_mail_inbox_and_dashboard_and_is_answered(
    client, published_result, institute_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/enquiries/new/?target_type=result&target_id={published_result.pk}",
            ENQUIRY_FORM,
            follow=True,
        )
    assert response.redirect_chain[-1][0] == "/enquiries/sent/"
    enquiry = Enquiry.objects.get()
    html = response.content.decode()
    assert "洽谈已提交" in html and enquiry.reference in html  # the visitor's reference
    assert enquiry.ip_address == "127.0.0.1"
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {institute_user.email, published_result.institution.contact_email}
    assert all(ENQUIRY_FORM["message"] in message.body for message in mail.outbox)
    assert institute_user.notifications.filter(kind="enquiry.received").count() == 1

    owner = browser_for(institute_user)
    dashboard = owner.get("/institutions/dashboard/").content.decode()
    assert enquiry.reference in dashboard and f"/enquiries/{enquiry.pk}/" in dashboard
    page = owner.get(f"/enquiries/{enquiry.pk}/").content.decode()
    assert ENQUIRY_FORM["message"] in page and "发送回复" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        owner.post(f"/enquiries/{enquiry.pk}/reply/", {"message": "请周三来电。"})
    enquiry.refresh_from_db()
    assert enquiry.status == "answered"
    assert [m.to for m in mail.outbox] == [[ENQUIRY_FORM["email"]]]
    # The undo puts it back where it was; both moves are recorded.
    owner.post(f"/enquiries/{enquiry.pk}/status/", {"undo": "1"})
    enquiry.refresh_from_db()
    assert enquiry.status == "new" and enquiry.events.count() == 2
    assert "请周三来电。" in owner.get(f"/enquiries/{enquiry.pk}/").content.decode()


def test_the_visitor_follows_an_enquiry_by_reference_and_email(client, published_result):
    enquiry = send_enquiry(published_result)
    services.enquiry_reply(enquiry=enquiry, message="可以安排试点。", by=member_of(enquiry))
    page = client.get(f"/enquiries/track/?reference={enquiry.reference}")
    assert page.status_code == 200 and enquiry.reference in page.content.decode()
    wrong = client.post(
        "/enquiries/track/", {"reference": enquiry.reference, "email": "other@example.com"}
    )
    assert wrong.status_code == 404 and "可以安排试点。" not in wrong.content.decode()
    right = client.post(
        "/enquiries/track/",
        {"reference": enquiry.reference.lower(), "email": ENQUIRY_FORM["email"].upper()},
    )
    html = right.content.decode()
    assert right.status_code == 200 and "可以安排试点。" in html and "已回复" in html


def member_of(enquiry):
    return enquiry.owner.members.first()


def test_the_result_page_links_to_the_enquiry_form(client, published_result):
    html = client.get(f"/results/{published_result.pk}/").content.decode()
    assert f"/enquiries/new/?target_type=result&amp;target_id={published_result.pk}" in html
    assert "我感兴趣" in html
    assert "技术成熟度 7 级 · 真实环境下的系统演示" in html
    assert "80.00 万元" in html


def test_a_result_without_price_is_negotiable(client, institution, institute_user):
    result = make_result(institution, institute_user, price=None)
    assert "面议" in client.get(f"/results/{result.pk}/").content.decode()


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"phone": "12345"}, "phone", "0990-6888888"),
        ({"phone": "139 1234 567"}, "phone", "0990-6888888"),
        ({"email": "x@"}, "email", "邮"),
        ({"message": ""}, "message", ""),
    ],
)
def test_form_errors_show_next_to_the_field(client, published_result, data, field, words):
    response = client.post(
        f"/enquiries/new/?target_type=result&target_id={published_result.pk}",
        {**ENQUIRY_FORM, **data},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors and words in str(form.errors[field])
    assert 'class="field has-error' in response.content.decode()
    assert not Enquiry.objects.exists()


def test_the_honeypot_pretends_and_stores_nothing(client, published_result):
    response = client.post(
        f"/enquiries/new/?target_type=result&target_id={published_result.pk}",
        {**ENQUIRY_FORM, "website": "http://spam.example"},
    )
    assert response.status_code == 302 and response["Location"] == "/enquiries/sent/"
    assert not Enquiry.objects.exists()


def test_the_form_is_throttled_per_address_with_the_api(client, published_result, monkeypatch):
    from institutions.api import EnquiryThrottle

    monkeypatch.setattr(EnquiryThrottle, "rate", "2/hour", raising=False)
    send_enquiry(published_result, client)
    api = client.post(
        "/api/v1/enquiries/",
        {"target_type": "result", "target_id": published_result.pk, **ENQUIRY_FORM},
        content_type="application/json",
    )
    assert api.status_code == 201
    response = client.post(
        f"/enquiries/new/?target_type=result&target_id={published_result.pk}", ENQUIRY_FORM
    )
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert Enquiry.objects.count() == 2


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?target_type=result&target_id=abc",
        "?target_type=result&target_id=999999",
        "?target_type=patent&target_id=202010123456.7",
        "?target_type=patent&target_id=201710601862.3",
        "?target_type=thing&target_id=1",
    ],
)
def test_the_enquiry_form_for_an_unknown_target_is_404(client, query, published_result):
    assert client.get(f"/enquiries/new/{query}").status_code == 404


def test_no_enquiry_form_for_a_draft(client, draft_result):
    url = f"/enquiries/new/?target_type=result&target_id={draft_result.pk}"
    assert client.get(url).status_code == 404
    assert client.post(url, ENQUIRY_FORM).status_code == 404
    assert not Enquiry.objects.exists()


@pytest.mark.parametrize("number", ["202210702228.X", "ZL202210702228.X", "CN 202210702228X"])
def test_a_patent_enquiry_through_the_form(
    client,
    patent,
    institution,
    institute_user,
    reviewer,
    number,
    django_capture_on_commit_callbacks,
):
    url = f"/enquiries/new/?target_type=patent&target_id={number}"
    page = client.get(url)
    assert page.status_code == 200 and patent.title in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, ENQUIRY_FORM).status_code == 302
    enquiry = Enquiry.objects.get()
    assert enquiry.patent == patent and enquiry.target_type == "patent"
    assert enquiry.institution == institution  # its patentee is the institution's name
    assert enquiry.owner == institute_user.organization
    assert institute_user.email in {a for m in mail.outbox for a in m.to}
    assert reviewer.email not in {a for m in mail.outbox for a in m.to}
    dashboard = browser_for(institute_user).get("/institutions/dashboard/").content.decode()
    assert enquiry.reference in dashboard


# ---- profile, lists and search -----------------------------------------------------------


def test_the_enquiry_pages_are_in_english_too(client, published_result, institute_user):
    enquiry = send_enquiry(published_result)
    owner = browser_for(institute_user)
    for browser in (client, owner):
        browser.cookies["django_language"] = "en"
    html = client.get("/enquiries/track/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Follow an enquiry" in html and "Reference" in html
    page = owner.get(f"/enquiries/{enquiry.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Send reply" in page and "Mark as In progress" in page and "标记为" not in page


def test_an_empty_post_names_the_missing_fields_even_when_throttled(
    client, published_result, monkeypatch
):
    from institutions.api import EnquiryThrottle
    from institutions.models import Enquiry

    monkeypatch.setattr(EnquiryThrottle, "rate", "1/hour", raising=False)
    url = f"/enquiries/new/?target_type=result&target_id={published_result.pk}"
    empty = client.post(url, {})
    assert "该字段是必填项" in empty.content.decode()
    throttled = client.post(url, {})
    assert throttled.status_code == 429 and "提交过于频繁" in throttled.content.decode()
    assert not Enquiry.objects.exists()
