import io

import pytest
from pypdf import PdfReader

from contracts.certificate import certificate_font, render_certificate
from tests.contracts.conftest import make_registered

pytestmark = pytest.mark.django_db


def test_the_certificate_text_can_be_extracted(enterprise_user, reviewer, settings):
    settings.REGISTRATION_POINT_NAME = "北疆技术交易中心（克拉玛依科技大市场）"
    contract = make_registered(enterprise_user, reviewer)
    pdf = render_certificate(contract)
    assert pdf.startswith(b"%PDF-")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text().replace("\n", " ")
    for expected in (
        "技术合同登记证明",
        contract.registration_number,
        contract.seller_name,
        contract.buyer_name,
        "技术开发",
        "1,200,000.00",
        "1,000,000.00",
        f"{contract.registered_on:%Y年%m月%d日}",
        "北疆技术交易中心（克拉玛依科技大市场）",
    ):
        assert expected in text, (expected, certificate_font(), text)


def test_only_a_registered_contract_has_a_certificate(submitted):
    with pytest.raises(ValueError):
        render_certificate(submitted)
