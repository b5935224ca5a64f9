"""The 技术性收入核定表 (technology income verification sheet) as a PDF, in the
certificate's embedded font: the registration, the year, the filed and the confirmed
technology income in figures and in capitals, who confirmed it and when, a seal area."""

import io

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from contracts.capitals import yuan_in_capitals
from contracts.models import IncomeStatus, IncomeVerification
from contracts.pdf import certificate_font, wrap, yuan


def income_sheet_rows(verification: IncomeVerification) -> list[tuple[str, list[str]]]:
    contract = verification.contract
    confirmed = verification.confirmed_amount
    return [
        (_("登记编号"), [contract.registration_number or ""]),
        (_("项目名称"), [contract.title]),
        (_("合同类型"), [str(contract.get_contract_type_display())]),
        (_("卖方"), [f"{contract.seller_name}  {contract.seller_uscc}".strip()]),
        (_("买方"), [f"{contract.buyer_name}  {contract.buyer_uscc}".strip()]),
        (_("合同成交额"), [yuan(contract.contract_amount)]),
        (_("技术交易额"), [yuan(contract.technology_amount)]),
        (_("核定年度"), [_("%(year)s 年度") % {"year": verification.year}]),
        (_("申报技术性收入"), [yuan(verification.amount)]),
        (
            _("核定技术性收入"),
            [yuan(confirmed), _("大写：%(words)s") % {"words": yuan_in_capitals(confirmed)}],
        ),
        (_("核定说明"), [verification.note or "—"]),
        (_("核定日期"), [f"{timezone.localdate(verification.confirmed_at):%Y年%m月%d日}"]),
        (_("核定机构"), [settings.REGISTRATION_POINT_NAME]),
    ]


def render_income_sheet(verification: IncomeVerification) -> bytes:
    if verification.status != IncomeStatus.CONFIRMED:
        raise ValueError("only a confirmed filing has a verification sheet")
    with translation.override("zh-hans"):
        return _render(verification)


def _render(verification: IncomeVerification) -> bytes:
    font = certificate_font()
    buffer = io.BytesIO()
    width, height = A4
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=font)
    title = _("技术性收入核定表")
    pdf.setTitle(title)
    pdf.setAuthor(settings.REGISTRATION_POINT_NAME)
    pdf.setLineWidth(1.2)
    pdf.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)
    pdf.setFont(font, 22)
    pdf.drawCentredString(width / 2, height - 40 * mm, title)
    y = height - 60 * mm
    left, value_x, right = 28 * mm, 68 * mm, width - 28 * mm
    for label, values in income_sheet_rows(verification):
        pdf.setFont(font, 11)
        pdf.drawString(left, y, label)
        for value in values:
            for line in wrap(value, font, 11, right - value_x):
                pdf.drawString(value_x, y, line)
                y -= 6.5 * mm
        y -= 1.5 * mm
    pdf.saveState()
    pdf.setDash(3, 2)
    pdf.setLineWidth(0.6)
    pdf.circle(right - 30 * mm, 50 * mm, 20 * mm)
    pdf.restoreState()
    pdf.setFont(font, 9)
    pdf.drawCentredString(right - 30 * mm, 62 * mm, _("（盖章处）"))
    pdf.setFont(font, 12)
    pdf.drawRightString(right, 45 * mm, settings.REGISTRATION_POINT_NAME)
    pdf.drawRightString(right, 38 * mm, _("技术合同登记专用"))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def income_sheet_response(verification: IncomeVerification) -> HttpResponse:
    response = HttpResponse(render_income_sheet(verification), content_type="application/pdf")
    number = verification.contract.registration_number
    response["Content-Disposition"] = (
        f'attachment; filename="income-{number}-{verification.year}.pdf"'
    )
    return response
