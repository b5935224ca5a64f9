import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from institutions import services
from institutions.models import Enquiry, ResultEvent, ResultStatus
from institutions.validators import checked_logo, normalize_phone
from tests.institutions.conftest import make_result

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("13912345678", "13912345678"),
        ("+86 139-1234-5678", "13912345678"),
        ("8613912345678", "13912345678"),
        ("0990-6888888", "0990-6888888"),
        ("0990 - 6888888", "0990-6888888"),
        ("010-12345678", "010-12345678"),
        ("0990-6888888-123", "0990-6888888-123"),
    ],
)
def test_phone_numbers_are_normalised(raw, normal):
    assert normalize_phone(raw) == normal


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "12912345678",
        "1391234567",
        "139123456789",
        "6888888",
        "09906888888",
        "0990-68888",
        "１３９１２３４５６７８",
        "abc",
    ],
)
def test_bad_phone_numbers_are_refused(raw):
    with pytest.raises(ValidationError):
        normalize_phone(raw)


def image_upload(fmt="PNG", size=(800, 600), mode="RGB", name="logo.png"):
    buffer = io.BytesIO()
    Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (200, 30, 30, 128)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_a_logo_is_resized_to_fit_400_and_re_encoded():
    out = checked_logo(image_upload("PNG", (1200, 600)))
    with Image.open(out) as image:
        assert image.size == (400, 200) and image.format == "JPEG"
    out = checked_logo(image_upload("PNG", (300, 900), mode="RGBA"))
    with Image.open(out) as image:
        assert image.size == (133, 400) and image.format == "PNG"


@pytest.mark.parametrize(
    ("upload", "words"),
    [
        (SimpleUploadedFile("logo.png", b"not an image at all"), "有效的图片"),
        (image_upload("BMP", name="logo.bmp"), "BMP"),
        (image_upload("PNG", (4100, 10)), "4000"),
        (SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (2 * 1024 * 1024 + 1)), "2 MB"),
    ],
)
def test_unfit_logos_are_refused(upload, words):
    with pytest.raises(ValidationError) as exc:
        checked_logo(upload)
    assert words in str(exc.value)


def test_a_member_uploads_a_logo_through_the_profile(client, institute_user, institution):
    client.force_login(institute_user)
    response = client.post(
        f"/institutions/{institution.pk}/edit/", {"logo": image_upload("PNG", (1000, 1000))}
    )
    assert response.status_code == 302
    institution.refresh_from_db()
    with Image.open(institution.logo.path) as image:
        assert image.size == (400, 400)
    response = client.post(
        f"/institutions/{institution.pk}/edit/", {"logo": SimpleUploadedFile("x.png", b"junk")}
    )
    assert response.status_code == 200
    assert "有效的图片" in str(response.context["form"].errors["logo"])


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


def test_a_rolled_back_enquiry_sends_nothing(published_result, django_capture_on_commit_callbacks):
    from django.core import mail
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                services.enquiry_create(
                    target_type="result",
                    target_id=published_result.pk,
                    name="张工",
                    organization="某公司",
                    phone="13912345678",
                    email="z@example.com",
                    message="你好",
                )
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
    assert not callbacks and not mail.outbox and not Enquiry.objects.exists()


def test_a_notice_is_sent_once(published_result, django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        enquiry = services.enquiry_create(
            target_type="result",
            target_id=published_result.pk,
            name="张工",
            organization="某公司",
            phone="13912345678",
            email="z@example.com",
            message="你好",
        )
    assert len(mail.outbox) == 1
    assert services.enquiry_send_notice(enquiry_id=enquiry.pk) is False  # a duplicate delivery
    assert services.enquiry_send_notice(enquiry_id=999999) is False  # gone
    assert len(mail.outbox) == 1
