import io
import shutil
import subprocess
from urllib.parse import parse_qs, urlsplit

import pytest
from pypdf import PdfReader

from contracts.certificate import render_certificate, verification_url
from contracts.models import Contract
from contracts.pdf import certificate_font
from tests.conftest import need
from tests.contracts.conftest import make_registered

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text().replace("\n", " ")


def test_the_certificate_text_can_be_extracted(enterprise_user, reviewer, settings):
    settings.REGISTRATION_POINT_NAME = "北疆技术交易中心（克拉玛依科技大市场）"
    contract = make_registered(enterprise_user, reviewer)
    pdf = render_certificate(contract)
    assert pdf.startswith(b"%PDF-")
    text = _text(pdf)
    for expected in (
        "技术合同登记证明",
        contract.seller_name,
        contract.buyer_name,
        "技术开发",
        "1,200,000.00",
        "1,000,000.00",
        "壹佰贰拾万元整",
        "壹佰万元整",
        contract.verification_code,
        f"{contract.registered_on:%Y年%m月%d日}",
        "北疆技术交易中心（克拉玛依科技大市场）",
        "盖章",
    ):
        assert expected in text, (expected, certificate_font(), text)
    assert text.count(contract.registration_number) == 1, text
    assert "第 " not in text  # no version suffix on a first registration
    assert "已注销" not in text


def test_the_font_is_embedded(registered, tmp_path):
    need(shutil.which("pdffonts") is not None, "needs pdffonts (apt-get install poppler-utils)")
    path = tmp_path / "certificate.pdf"
    path.write_bytes(render_certificate(registered))
    listing = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    rows = listing.splitlines()[2:]
    cjk = [row for row in rows if "WenQuanYi" in row or "wqy" in row.lower()]
    assert cjk, listing
    # columns: name type encoding emb sub uni object ID
    assert all(row.split()[-5] == "yes" for row in cjk), listing
    assert len(rows) == len(cjk), listing  # no other (unembedded) font on the page


def test_the_qr_code_points_to_the_verification_page(registered, settings, tmp_path):
    settings.SITE_URL = "https://jishu.example.cn"
    url = verification_url(registered)
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://jishu.example.cn/verify/"
    assert parse_qs(parts.query) == {
        "number": [registered.registration_number],
        "code": [registered.verification_code],
    }
    need(
        shutil.which("pdftoppm") is not None and shutil.which("zbarimg") is not None,
        "needs pdftoppm and zbarimg (apt-get install poppler-utils zbar-tools)",
    )
    (tmp_path / "c.pdf").write_bytes(render_certificate(registered))
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "150",
            "-png",
            "-singlefile",
            str(tmp_path / "c.pdf"),
            str(tmp_path / "c"),
        ],
        check=True,
    )
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(tmp_path / "c.png")],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    assert decoded == url


def test_a_later_version_and_an_ended_registration_say_so(registered):
    Contract.objects.filter(pk=registered.pk).update(version=2, registration_state="changed")
    registered.refresh_from_db()
    text = _text(render_certificate(registered))
    assert "第 2 版" in text
    assert text.count(registered.registration_number) == 1

    Contract.objects.filter(pk=registered.pk).update(registration_state="cancelled")
    registered.refresh_from_db()
    text = _text(render_certificate(registered))
    assert "已注销" in text
    assert "免征增值税" not in text  # no relief is promised on an ended registration

    Contract.objects.filter(pk=registered.pk).update(registration_state="revoked")
    registered.refresh_from_db()
    assert "已撤销" in _text(render_certificate(registered))


def test_only_a_registered_contract_has_a_certificate(submitted):
    with pytest.raises(ValueError):
        render_certificate(submitted)
