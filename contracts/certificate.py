"""The registration certificate (技术合同登记证明) as a PDF with Chinese text.

The font is a TrueType CJK face embedded in the file (subset), so that the certificate
prints alike everywhere and its text extracts as Unicode: Debian's `fonts-wqy-zenhei`
(a prerequisite: README, Dockerfile, .ci/run), found at its fixed path or through
fontconfig. Its Latin glyphs are proportional, so numbers and codes print without gaps.
Only when no such font is installed does the PDF fall back to ReportLab's CID font
STSong-Light, which is not embedded (a warning says so). Noto Sans CJK ships CFF outlines,
which ReportLab cannot embed; it is tried last and skipped with a log line.

The certificate carries the registration number once (in its heading), both amounts in
figures and in capitals, the verification code and a QR code to the public verification
page; a cancelled or revoked registration says so across the page.
"""

import io
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from contracts.capitals import yuan_in_capitals
from contracts.choices import ContractType, RegistrationState, Status
from contracts.models import Contract
from contracts.pdf import certificate_font, wrap, yuan
from contracts.validators import subtype_label

logger = logging.getLogger(__name__)

ENDED_STATES = (RegistrationState.CANCELLED, RegistrationState.REVOKED)


def _amount_lines(amount) -> list[str]:
    """The figure, then the capitals on a line of their own (so they never break)."""
    if amount is None:
        return ["—"]
    return [yuan(amount), _("大写：%(words)s") % {"words": yuan_in_capitals(amount)}]


def verification_url(contract: Contract) -> str:
    """Where the QR code points: the public verification page with number and code."""
    query = urlencode({"number": contract.registration_number, "code": contract.verification_code})
    return f"{settings.SITE_URL.rstrip('/')}{reverse('verify')}?{query}"


def state_banner(contract: Contract) -> str:
    """A registration no longer in force says so across the certificate."""
    if contract.registration_state in ENDED_STATES:
        return str(RegistrationState(contract.registration_state).label)
    return ""


def certificate_title(contract: Contract) -> str:
    title = _("技术合同登记证明")
    if contract.version > 1:
        title += _("（第 %(version)s 版）") % {"version": contract.version}
    return title


def certificate_rows(contract: Contract) -> list[tuple[str, list[str]]]:
    """Label and value lines; the registration number is in the heading, not repeated."""
    type_label = ContractType(contract.contract_type).label if contract.contract_type else ""
    seller = f"{contract.seller_name}  {contract.seller_uscc}".strip()
    buyer = f"{contract.buyer_name}  {contract.buyer_uscc}".strip()
    rows = [
        (_("项目名称"), [contract.title]),
        (_("合同类型"), [f"{type_label}（{subtype_label(contract.subtype)}）"]),
    ]
    if contract.is_import:
        rows += [
            (
                _("卖方（境外）"),
                [seller, _("国别代码：%(code)s") % {"code": contract.seller_country_code}],
            ),
            (_("买方（登记方）"), [buyer]),
            (_("合同性质"), [_("技术进口")]),
        ]
    else:
        rows += [(_("卖方（登记方）"), [seller]), (_("买方"), [buyer])]
    rows += [
        (_("合同成交额"), _amount_lines(contract.contract_amount)),
        (_("技术交易额"), _amount_lines(contract.technology_amount)),
        (_("签订日期"), [f"{contract.signed_on or '—'}"]),
        (_("有效期"), [f"{contract.valid_from or '—'} — {contract.valid_until or '—'}"]),
        (_("技术领域"), [str(contract.get_technical_field_display())]),
        (_("登记日期"), [f"{contract.registered_on}"]),
        (_("登记机构"), [settings.REGISTRATION_POINT_NAME]),
    ]
    return rows


def render_certificate(contract: Contract) -> bytes:
    if contract.status != Status.REGISTERED:
        raise ValueError("only a registered contract has a certificate")
    with translation.override("zh-hans"):
        return _render(contract)


def _render(contract: Contract) -> bytes:
    font = certificate_font()
    buffer = io.BytesIO()
    width, height = A4
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=font)
    pdf.setTitle(certificate_title(contract))
    pdf.setAuthor(settings.REGISTRATION_POINT_NAME)

    pdf.setLineWidth(1.2)
    pdf.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)
    pdf.setFont(font, 22)
    pdf.drawCentredString(width / 2, height - 40 * mm, certificate_title(contract))
    pdf.setFont(font, 11)
    pdf.drawCentredString(
        width / 2, height - 50 * mm, _("登记编号：%(n)s") % {"n": contract.registration_number}
    )
    banner = state_banner(contract)
    if banner:
        _draw_banner(pdf, font, banner, width, height)

    y = height - (74 if banner else 65) * mm
    left, value_x, right = 28 * mm, 62 * mm, width - 28 * mm
    for label, values in certificate_rows(contract):
        pdf.setFont(font, 11)
        pdf.drawString(left, y, label)
        for value in values:
            for line in wrap(value, font, 11, right - value_x):
                pdf.drawString(value_x, y, line)
                y -= 6.5 * mm
        y -= 1.5 * mm
    relief = contract.tax_relief
    notes = []
    if relief["vat_exempt"] and not banner:
        notes.append(_("本合同可按规定申请技术转让、技术开发免征增值税。"))
    if relief["income_tax_relief"] and not banner:
        notes.append(_("本合同可按规定申请技术转让所得减免企业所得税。"))
    pdf.setFont(font, 10)
    for note in notes:
        pdf.drawString(left, y, note)
        y -= 6 * mm

    _draw_verification(pdf, font, contract, left)
    _draw_seal_area(pdf, font, contract, right)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _draw_banner(pdf, font, banner: str, width: float, height: float) -> None:
    pdf.saveState()
    pdf.setFillColor(colors.red)
    pdf.setStrokeColor(colors.red)
    pdf.setFont(font, 26)
    pdf.drawCentredString(width / 2, height - 60 * mm + 2, f"【{banner}】")
    pdf.setFillAlpha(0.15)
    pdf.translate(width / 2, height / 2)
    pdf.rotate(35)
    pdf.setFont(font, 90)
    pdf.drawCentredString(0, 0, banner)
    pdf.restoreState()


def _draw_verification(pdf, font, contract: Contract, left: float) -> None:
    """The QR code (number and code in the URL) and the code in plain text beside it."""
    size = 30 * mm
    _draw_qr(pdf, verification_url(contract), left, 22 * mm, size)
    text_x = left + size + 4 * mm
    pdf.setFont(font, 10)
    pdf.drawString(text_x, 46 * mm, _("验证码：%(code)s") % {"code": contract.verification_code})
    pdf.setFont(font, 9)
    pdf.drawString(text_x, 40 * mm, _("扫码或访问下列网址，输入登记编号和验证码核验："))
    pdf.drawString(text_x, 35 * mm, f"{settings.SITE_URL.rstrip('/')}{reverse('verify')}")


def _draw_qr(pdf, data: str, x: float, y: float, size: float) -> None:
    """The QR code drawn module by module (with its 4-module quiet zone), so that the page
    uses no font but the embedded one (ReportLab's graphics renderer would add Helvetica)."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(data)
    code.make()
    count = code.getModuleCount()
    module = size / (count + 8)
    pdf.saveState()
    pdf.setFillColor(colors.black)
    for row in range(count):
        for column in range(count):
            if code.isDark(row, column):
                pdf.rect(
                    x + (column + 4) * module,
                    y + size - (row + 5) * module,
                    module,
                    module,
                    stroke=0,
                    fill=1,
                )
    pdf.restoreState()


def _draw_seal_area(pdf, font, contract: Contract, right: float) -> None:
    pdf.saveState()
    pdf.setDash(3, 2)
    pdf.setLineWidth(0.6)
    pdf.circle(right - 30 * mm, 62 * mm, 20 * mm)
    pdf.restoreState()
    pdf.setFont(font, 9)
    pdf.drawCentredString(right - 30 * mm, 74 * mm, _("（盖章处）"))
    pdf.setFont(font, 12)
    pdf.drawRightString(right, 64 * mm, settings.REGISTRATION_POINT_NAME)
    pdf.drawRightString(right, 57 * mm, _("技术合同登记专用"))
    pdf.drawRightString(right, 50 * mm, f"{contract.registered_on:%Y年%m月%d日}")


def certificate_response(contract: Contract) -> HttpResponse:
    response = HttpResponse(render_certificate(contract), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{contract.registration_number}.pdf"'
    )
    return response
