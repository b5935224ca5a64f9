"""Attachment quotas (stricter before verification), deleting a draft's file, and request
bodies refused before they are read."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from contracts import services
from contracts.models import ContractAttachment
from tests.conftest import api_as
from tests.contracts.conftest import PDF_BYTES, api_upload, make_draft, make_submitted

pytestmark = pytest.mark.django_db
KB = 1024
SMALL_QUOTAS = {
    "unverified": {"contract_files": 2, "contract_bytes": 8 * KB, "organization_bytes": 12 * KB},
    "verified": {"contract_files": 3, "contract_bytes": 20 * KB, "organization_bytes": 40 * KB},
}


def pdf_of(kilobytes):
    return PDF_BYTES + b"0" * (kilobytes * KB - len(PDF_BYTES))


@pytest.fixture(autouse=True)
def _small_quotas(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.UPLOAD_QUOTAS = SMALL_QUOTAS


def test_an_unverified_organisation_gets_the_stricter_quota(unverified_enterprise_user):
    api = api_as(unverified_enterprise_user)
    first, second = make_draft(unverified_enterprise_user), make_draft(unverified_enterprise_user)
    assert api_upload(api, first.pk, content=pdf_of(5)).status_code == 201
    too_big = api_upload(api, first.pk, content=pdf_of(4))  # 9 KB > 8 KB for one contract
    assert too_big.status_code == 400
    assert "file" in too_big.json() and "认证后" in too_big.json()["file"][0]
    assert api_upload(api, second.pk, content=pdf_of(6)).status_code == 201
    # 5 + 6 + 2 KB > 12 KB for the whole organisation, on any of its drafts.
    refused = api_upload(api, second.pk, content=pdf_of(2))
    assert refused.status_code == 400 and "本单位" in refused.json()["file"][0]
    assert ContractAttachment.objects.filter(contract__seller=first.seller).count() == 2


def test_a_verified_organisation_has_more_room_and_a_file_count_limit(enterprise_user):
    api = api_as(enterprise_user)
    draft = make_draft(enterprise_user)
    for _ in range(3):
        assert api_upload(api, draft.pk, content=pdf_of(6)).status_code == 201
    fourth = api_upload(api, draft.pk, content=pdf_of(1))
    assert fourth.status_code == 400 and "3" in fourth.json()["file"][0]
    assert draft.attachments.count() == 3


def test_the_web_form_names_the_quota_next_to_the_file(client, unverified_enterprise_user):
    draft = make_draft(unverified_enterprise_user)
    services.contract_attach(
        contract=draft,
        upload=SimpleUploadedFile("a.pdf", pdf_of(7)),
        by=unverified_enterprise_user,
    )
    client.force_login(unverified_enterprise_user)
    response = client.post(
        f"/contracts/{draft.pk}/edit/",
        {"title": draft.title, "attachment": SimpleUploadedFile("b.pdf", pdf_of(3))},
    )
    assert response.status_code == 400
    assert "每份合同的文件合计不能超过 8 MB" not in response.content.decode()  # KB quotas
    assert "每份合同的文件合计" in response.content.decode()
    assert draft.attachments.count() == 1


def test_the_owner_deletes_a_file_of_a_draft_through_the_api(
    enterprise_user, outsider, reviewer, django_capture_on_commit_callbacks
):
    draft = make_draft(enterprise_user)
    api = api_as(enterprise_user)
    attachment_id = api_upload(api, draft.pk).json()["id"]
    stored = ContractAttachment.objects.get(pk=attachment_id).file
    path = f"/api/v1/contracts/{draft.pk}/attachments/{attachment_id}/"
    assert api_as(outsider).delete(path).status_code == 404
    assert api_as(reviewer).delete(path).status_code == 403
    assert api.delete(f"/api/v1/contracts/{draft.pk}/attachments/999999/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert api.delete(path).status_code == 204
    assert not ContractAttachment.objects.filter(pk=attachment_id).exists()
    assert not stored.storage.exists(stored.name)
    assert api.delete(path).status_code == 404


def test_a_submitted_contracts_file_cannot_be_deleted(enterprise_user):
    submitted = make_submitted(enterprise_user)
    attachment = submitted.attachments.get()
    response = api_as(enterprise_user).delete(
        f"/api/v1/contracts/{submitted.pk}/attachments/{attachment.pk}/"
    )
    assert response.status_code == 400 and "status" in response.json()
    assert submitted.attachments.count() == 1


def test_the_owner_deletes_a_file_on_the_web(client, enterprise_user, outsider):
    draft = make_draft(enterprise_user)
    attachment_id = api_upload(api_as(enterprise_user), draft.pk).json()["id"]
    url = f"/contracts/{draft.pk}/attachments/{attachment_id}/delete/"
    client.force_login(outsider)
    assert client.post(url).status_code == 404
    client.force_login(enterprise_user)
    assert url in client.get(f"/contracts/{draft.pk}/").content.decode()
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert not draft.attachments.exists()
    submitted = make_submitted(enterprise_user)
    kept = submitted.attachments.get()
    page = client.get(f"/contracts/{submitted.pk}/").content.decode()
    assert f"/attachments/{kept.pk}/delete/" not in page
    client.post(f"/contracts/{submitted.pk}/attachments/{kept.pk}/delete/")
    assert submitted.attachments.count() == 1


@pytest.mark.parametrize("path", ["/api/v1/auth/signup/", "/contracts/new/", "/accounts/login/"])
def test_a_body_above_the_limit_is_refused_before_it_is_read(settings, path, enterprise_user):
    settings.MAX_REQUEST_BODY_BYTES = 64 * KB

    class Unreadable:
        def read(self, *args):
            raise AssertionError("the body was read")

        readline = read

    client = Client()
    client.force_login(enterprise_user)
    response = client.generic(
        "POST", path, b"", content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(65 * KB), **{"wsgi.input": Unreadable()},
    )  # fmt: skip
    assert response.status_code == 413
    assert "请求过大" in response.content.decode()
    bogus = client.generic("POST", path, b"", CONTENT_LENGTH="lots")
    assert bogus.status_code == 400


def test_a_body_within_the_limit_passes(settings, enterprise_user):
    settings.MAX_REQUEST_BODY_BYTES = 64 * KB
    draft = make_draft(enterprise_user)
    assert api_upload(api_as(enterprise_user), draft.pk, content=pdf_of(8)).status_code == 201


def test_production_settings_cap_memory_and_bodies():
    from django.conf import settings

    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * KB
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * KB
    assert "common.uploads.RequestBodyLimitMiddleware" in settings.MIDDLEWARE
    assert settings.MAX_REQUEST_BODY_BYTES >= 21 * 1024 * KB  # a 20 MB PDF plus the form
