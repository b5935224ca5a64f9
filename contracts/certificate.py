"""The registration certificate (技术合同登记证明) as a PDF with Chinese text.

A TrueType CJK font is embedded when one is installed (its text extracts as Unicode);
otherwise ReportLab's built-in CID font STSong-Light, which needs no file and whose text
also extracts. Noto Sans CJK (fonts-noto-cjk) ships CFF outlines, which ReportLab cannot
embed; it is tried and skipped with a log line.
"""

import io
import logging
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from contracts.choices import ContractType, Status
from contracts.models import Contract
from contracts.validators import subtype_label

logger = logging.getLogger(__name__)

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
)
CID_FONT = "STSong-Light"


@cache
def certificate_font() -> str:
    """Register and name the font used for certificates (looked up once per process)."""
    for path in FONT_CANDIDATES:
        if not Path(path).exists():
            continue
        try:
            # In a .ttc collection the Simplified Chinese face is not always the first.
            font = TTFont("CertificateCJK", path, subfontIndex=2 if "Noto" in path else 0)
        except Exception as exc:  # ReportLab raises TTFError and others for CFF outlines
            logger.info("certificate font %s not usable (%s); trying the next one", path, exc)
            continue
        pdfmetrics.registerFont(font)
        return "CertificateCJK"
    pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    return CID_FONT


def _yuan(amount) -> str:
    return f"{amount:,.2f} 元" if amount is not None else "—"


def certificate_rows(contract: Contract) -> list[tuple[str, str]]:
    type_label = ContractType(contract.contract_type).label if contract.contract_type else ""
    return [
        (_("登记编号"), contract.registration_number or ""),
        (_("项目名称"), contract.title),
        (
            _("合同类型"),
            f"{type_label}（{subtype_label(contract.subtype)}）",
        ),
        (_("卖方（登记方）"), f"{contract.seller_name}  {contract.seller_uscc}"),
        (_("买方"), f"{contract.buyer_name}  {contract.buyer_uscc}".strip()),
        (_("合同成交额"), _yuan(contract.contract_amount)),
        (_("技术交易额"), _yuan(contract.technology_amount)),
        (_("签订日期"), f"{contract.signed_on or '—'}"),
        (
            _("有效期"),
            f"{contract.valid_from or '—'} — {contract.valid_until or '—'}",
        ),
        (_("技术领域"), contract.get_technical_field_display()),
        (_("登记日期"), f"{contract.registered_on}"),
        (_("登记机构"), settings.REGISTRATION_POINT_NAME),
    ]


def render_certificate(contract: Contract) -> bytes:
    if contract.status != Status.REGISTERED:
        raise ValueError("only a registered contract has a certificate")
    with translation.override("zh-hans"):
        return _render(contract)


def _render(contract: Contract) -> bytes:
    font = certificate_font()
    buffer = io.BytesIO()
    width, height = A4
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(_("技术合同登记证明") + " " + (contract.registration_number or ""))
    pdf.setAuthor(settings.REGISTRATION_POINT_NAME)

    pdf.setLineWidth(1.2)
    pdf.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)
    pdf.setFont(font, 22)
    pdf.drawCentredString(width / 2, height - 45 * mm, _("技术合同登记证明"))
    pdf.setFont(font, 11)
    pdf.drawCentredString(
        width / 2, height - 55 * mm, _("登记编号：%(n)s") % {"n": contract.registration_number}
    )

    y = height - 75 * mm
    left, value_x, right = 28 * mm, 65 * mm, width - 28 * mm
    for label, value in certificate_rows(contract):
        pdf.setFont(font, 11)
        pdf.drawString(left, y, label)
        for line in _wrap(value, font, 11, right - value_x):
            pdf.drawString(value_x, y, line)
            y -= 7 * mm
        y -= 2 * mm
    relief = contract.tax_relief
    notes = []
    if relief["vat_exempt"]:
        notes.append(_("本合同可按规定申请技术转让、技术开发免征增值税。"))
    if relief["income_tax_relief"]:
        notes.append(_("本合同可按规定申请技术转让所得减免企业所得税。"))
    pdf.setFont(font, 10)
    for note in notes:
        pdf.drawString(left, y, note)
        y -= 6 * mm

    pdf.setFont(font, 12)
    pdf.drawRightString(right, 45 * mm, settings.REGISTRATION_POINT_NAME)
    pdf.drawRightString(right, 37 * mm, _("技术合同登记专用"))
    pdf.drawRightString(right, 29 * mm, f"{contract.registered_on:%Y年%m月%d日}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break Chinese text by character width (no spaces to break at)."""
    lines, current = [], ""
    for char in text or "—":
        if pdfmetrics.stringWidth(current + char, font, size) > width and current:
            lines.append(current)
            current = char
        else:
            current += char
    lines.append(current)
    return lines


def certificate_response(contract: Contract) -> HttpResponse:
    response = HttpResponse(render_certificate(contract), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{contract.registration_number}.pdf"'
    )
    return response
