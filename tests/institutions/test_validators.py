"""Phone numbers and logos (institutions.validators)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from institutions.validators import checked_logo, normalize_phone

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
