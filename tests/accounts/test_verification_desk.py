"""Organisation verification on the organisation's admin page: 认证通过 / 不予认证 with a
reason, the audit log nobody edits, the member's side (the reason, asking again) and the
business licence uploaded online."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Organization, OrganizationAction, OrganizationEvent
from accounts.services import organization_refuse
from notifications.models import Notification

pytestmark = pytest.mark.django_db

ORGS = "/admin/accounts/organization/"
PDF = b"%PDF-1.4\n licence \n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def listed(client, org, **params) -> bool:
    html = client.get(ORGS, params).content.decode()
    return f"{ORGS}{org.pk}/change/" in html


def page(client, org) -> str:
    response = client.get(f"{ORGS}{org.pk}/change/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_organisation_page_offers_verify_and_refuse_and_verify_works(
    client, reviewer, unverified_enterprise_user, django_capture_on_commit_callbacks
):
    org = unverified_enterprise_user.organization
    client.force_login(reviewer)
    html = page(client, org)
    assert 'id="verify-form"' in html and 'id="refuse-form"' in html
    assert "认证通过" in html and "不予认证" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{ORGS}{org.pk}/verify/")
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.is_verified and org.verified_by == reviewer
    event = OrganizationEvent.objects.get(organization=org)
    assert event.action == OrganizationAction.VERIFIED and event.by == reviewer
    assert 'id="verify-form"' not in page(client, org)  # decided: no buttons


def test_refusing_needs_a_reason_and_changes_nothing_without_one(
    client, reviewer, unverified_enterprise_user
):
    org = unverified_enterprise_user.organization
    client.force_login(reviewer)
    response = client.post(f"{ORGS}{org.pk}/refuse/", {"reason": "  "}, follow=True)
    assert response.status_code == 200
    assert "请填写不予认证的理由" in response.content.decode()
    org.refresh_from_db()
    assert not org.is_refused and not OrganizationEvent.objects.filter(organization=org).exists()


def test_a_refusal_tells_the_members_in_the_inbox_and_by_mail_and_is_logged(
    client, reviewer, unverified_enterprise_user, django_capture_on_commit_callbacks
):
    org = unverified_enterprise_user.organization
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{ORGS}{org.pk}/refuse/", {"reason": "营业执照照片模糊，请重新上传"})
    org.refresh_from_db()
    assert org.is_refused and org.refusal_reason == "营业执照照片模糊，请重新上传"
    line = Notification.objects.get(
        recipient=unverified_enterprise_user, kind="organization.refused"
    )
    assert "营业执照照片模糊" in line.body
    assert any(
        unverified_enterprise_user.email in m.to and "营业执照照片模糊" in m.body
        for m in mail.outbox
    )
    event = OrganizationEvent.objects.get(organization=org, action=OrganizationAction.REFUSED)
    assert event.note == "营业执照照片模糊，请重新上传" and event.by == reviewer
    # Out of the "to verify" queue, in the refused one.
    assert not listed(client, org, verified="no")
    assert listed(client, org, verified="refused")


def test_reviewers_cannot_edit_or_delete_the_verification_log(
    client, reviewer, unverified_enterprise_user
):
    org = unverified_enterprise_user.organization
    organization_refuse(organization=org, by=reviewer, reason="信用代码与执照不符")
    event = OrganizationEvent.objects.get(organization=org)
    client.force_login(reviewer)
    url = f"/admin/accounts/organizationevent/{event.pk}/"
    assert client.get("/admin/accounts/organizationevent/").status_code == 200
    assert client.post(f"{url}change/", {"note": "改写"}).status_code == 403
    assert client.post(f"{url}delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/accounts/organizationevent/add/").status_code == 403
    event.refresh_from_db()
    assert event.note == "信用代码与执照不符"


def test_the_member_sees_the_reason_and_asks_again(
    client, reviewer, unverified_enterprise_user, django_capture_on_commit_callbacks
):
    org = unverified_enterprise_user.organization
    organization_refuse(organization=org, by=reviewer, reason="单位名称与执照不一致")
    client.force_login(unverified_enterprise_user)
    html = client.get("/accounts/profile/").content.decode()
    assert "单位名称与执照不一致" in html and "重新申请认证" in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/profile/resubmit/")
    org.refresh_from_db()
    assert not org.is_refused and not org.is_verified
    assert Notification.objects.filter(recipient=reviewer, title__contains="重新申请认证").exists()
    assert OrganizationEvent.objects.filter(
        organization=org, action=OrganizationAction.RESUBMITTED
    ).exists()
    client.force_login(reviewer)
    assert listed(client, org, verified="no")


def test_asking_again_is_refused_unless_refused(client, unverified_enterprise_user):
    client.force_login(unverified_enterprise_user)
    response = client.post("/accounts/profile/resubmit/", follow=True)
    assert "只有不予认证的单位可以重新申请认证" in response.content.decode()
    assert not OrganizationEvent.objects.exists()


def test_a_verified_organisation_cannot_be_refused(client, reviewer, enterprise_user):
    org = enterprise_user.organization
    client.force_login(reviewer)
    response = client.post(f"{ORGS}{org.pk}/refuse/", {"reason": "误点"}, follow=True)
    assert "该单位已通过认证" in response.content.decode()
    org.refresh_from_db()
    assert org.is_verified and not org.refusal_reason


def test_a_member_cannot_verify_its_own_organisation(client, unverified_enterprise_user):
    org = unverified_enterprise_user.organization
    client.force_login(unverified_enterprise_user)
    client.post(f"{ORGS}{org.pk}/verify/")
    org.refresh_from_db()
    assert not org.is_verified


# ---- the business licence, online ----------------------------------------------------


def upload(client, content, name):
    return client.post("/accounts/profile/licence/", {"licence": SimpleUploadedFile(name, content)})


def test_a_member_uploads_the_licence_and_the_reviewer_sees_it_inline(
    client, reviewer, unverified_enterprise_user
):
    org = unverified_enterprise_user.organization
    client.force_login(unverified_enterprise_user)
    assert 'name="licence"' in client.get("/accounts/profile/").content.decode()
    assert upload(client, PDF, "执照.pdf").status_code == 302
    org.refresh_from_db()
    assert org.licence_name == "执照.pdf" and org.licence.name.endswith(".pdf")
    assert not org.licence.name.startswith(("institutions/", "public/"))
    client.force_login(reviewer)
    html = page(client, org)
    url = f"{ORGS}{org.pk}/licence/"
    assert f'<iframe src="{url}"' in html
    shown = client.get(url)
    assert shown.status_code == 200 and shown["Content-Type"] == "application/pdf"
    assert b"".join(shown.streaming_content) == PDF
    assert "inline" in shown["Content-Disposition"]
    # Framed by the portal's own pages only; every other page still refuses framing.
    assert shown["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in shown["Content-Security-Policy"]
    other = client.get(f"{ORGS}{org.pk}/change/")
    assert other["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in other["Content-Security-Policy"]


def test_an_image_licence_is_shown_as_an_image_under_its_real_type(
    client, reviewer, unverified_enterprise_user
):
    org = unverified_enterprise_user.organization
    client.force_login(unverified_enterprise_user)
    upload(client, PNG, "licence.pdf")  # named .pdf, but the bytes are a PNG
    org.refresh_from_db()
    assert org.licence.name.endswith(".png")
    client.force_login(reviewer)
    assert f'<img src="{ORGS}{org.pk}/licence/"' in page(client, org)
    assert client.get(f"{ORGS}{org.pk}/licence/")["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00 not a document", "licence.pdf", "只接受 PDF、JPEG 或 PNG 文件"),
        (b"", "empty.pdf", "上传的文件是空的"),
        (b"%PDF-" + b"0" * (10 * 1024 * 1024), "big.pdf", "文件过大"),
    ],
)
def test_a_bad_licence_is_refused_with_its_reason_and_nothing_stored(
    client, unverified_enterprise_user, content, name, message
):
    client.force_login(unverified_enterprise_user)
    response = upload(client, content, name)
    assert response.status_code == 400 and message in response.content.decode()
    org = Organization.objects.get(pk=unverified_enterprise_user.organization_id)
    assert not org.licence and not OrganizationEvent.objects.exists()


def test_nobody_else_reads_a_licence(client, unverified_enterprise_user, outsider):
    client.force_login(unverified_enterprise_user)
    upload(client, PDF, "执照.pdf")
    org = unverified_enterprise_user.organization
    assert client.get("/accounts/profile/licence/").status_code == 200
    client.force_login(outsider)
    assert client.get("/accounts/profile/licence/").status_code == 404  # has none of its own
    response = client.get(f"{ORGS}{org.pk}/licence/")
    assert response.status_code == 302  # the admin sends non-staff to its login page


def test_the_member_side_reads_in_english_too(
    client, settings, reviewer, unverified_enterprise_user
):
    client.force_login(unverified_enterprise_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/accounts/profile/").content.decode()
    assert "Upload your business licence" in html and "在线上传营业执照" not in html
    organization_refuse(
        organization=unverified_enterprise_user.organization, by=reviewer, reason="执照不清"
    )
    html = client.get("/accounts/profile/").content.decode()
    assert "Verification refused" in html and "Ask for verification again" in html
