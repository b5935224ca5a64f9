"""The catalogue's XLSX export (through
common.spreadsheets, which reads and writes every spreadsheet of the portal)."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from common.spreadsheets import DATE_FORMAT, MONEY_FORMAT, Column, write_xlsx

EXPORT_COLUMNS = (
    Column(gettext_lazy("年度"), lambda e: e.catalogue.year),
    Column(gettext_lazy("申请号"), lambda e: e.patent.application_number),
    Column(gettext_lazy("专利名称"), lambda e: e.patent.title),
    Column(gettext_lazy("专利权人"), lambda e: e.patent.patentee),
    Column(gettext_lazy("发明人"), lambda e: "；".join(e.patent.inventors)),
    Column(gettext_lazy("申请日"), lambda e: e.patent.application_date, DATE_FORMAT),
    Column(gettext_lazy("授权公告日"), lambda e: e.patent.grant_date, DATE_FORMAT),
    Column(gettext_lazy("IPC 分类号"), lambda e: "; ".join(e.patent.ipc)),
    Column(gettext_lazy("行业"), lambda e: e.get_sector_display()),
    Column(
        gettext_lazy("高价值类别"), lambda e: "；".join(e.patent.get_high_value_kinds_display())
    ),
    Column(gettext_lazy("合作方式"), lambda e: "；".join(e.get_cooperation_modes_display())),
    Column(
        gettext_lazy("价格（元）"),
        lambda e: e.price if isinstance(e.price, Decimal) else _("面议"),  # a number, or text
        MONEY_FORMAT,
    ),
    Column(gettext_lazy("联系人"), lambda e: e.contact_name),
    Column(gettext_lazy("联系电话"), lambda e: e.contact_phone),
    Column(gettext_lazy("摘要"), lambda e: e.patent.abstract),
)


def write_catalogue_xlsx(entries, out) -> None:
    """The entries as an .xlsx sheet with Chinese headers; a price is a number, 面议 is text."""
    # Its own msgid: the page title's English (37 characters) is too long for a sheet name.
    title = pgettext("sheet name, at most 31 characters", "高价值发明专利目录")
    write_xlsx(out, title=title, columns=EXPORT_COLUMNS, rows=entries)
