"""Instrument photos are checked by their bytes and re-encoded (common.uploads)."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from common.uploads import checked_image


def _image(fmt="PNG", size=(800, 600)) -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", size, "teal").save(out, fmt)
    out.seek(0)
    return out


def test_a_photo_is_re_encoded_as_jpeg_within_the_box():
    content = checked_image(_image(size=(3200, 1600)))
    with Image.open(io.BytesIO(content.read())) as stored:
        assert stored.format == "JPEG" and stored.size == (1600, 800)


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (io.BytesIO(b"%PDF-1.4 pretending"), "image_invalid"),
        (_image("TIFF"), "image_format"),
        (_image(size=(6100, 10)), "image_dimensions"),
    ],
)
def test_what_is_not_a_fit_photo_is_refused_with_its_reason(upload, code):
    with pytest.raises(ValidationError) as exc:
        checked_image(upload)
    assert exc.value.code == code


def test_a_photo_over_the_size_limit_is_refused():
    with pytest.raises(ValidationError) as exc:
        checked_image(io.BytesIO(b"\x89PNG" + b"0" * 2048), max_bytes=1024)
    assert exc.value.code == "image_too_large"
