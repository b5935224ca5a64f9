"""The catalogue's XLSX export and the import template (through common.spreadsheets, which
reads and writes every spreadsheet of the portal). The export's headers are the import's
Chinese headers (patents.columns), so an exported year imports again as it is."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from common.spreadsheets import DATE_FORMAT, MONEY_FORMAT, Column, write_xlsx
from patents.columns import HEADERS, YEAR_HEADER


def _header(column: str):
    return gettext_lazy(HEADERS[column])


# What the year's catalogue said about each patent: the entry's own copy of its data.
EXPORT_COLUMNS = (
    Column(gettext_lazy(YEAR_HEADER), lambda e: e.catalogue.year),
    Column(_header("application_number"), lambda e: e.patent.application_number),
    Column(_header("title"), lambda e: e.title),
    Column(_header("patentee"), lambda e: e.patentee),
    Column(_header("inventors"), lambda e: "；".join(e.inventors)),
    Column(_header("application_date"), lambda e: e.application_date, DATE_FORMAT),
    Column(_header("grant_date"), lambda e: e.grant_date, DATE_FORMAT),
    Column(_header("ipc"), lambda e: "; ".join(e.ipc)),
    Column(_header("abstract"), lambda e: e.abstract),
    Column(_header("high_value_kinds"), lambda e: "；".join(e.get_high_value_kinds_display())),
    Column(_header("sector"), lambda e: e.get_sector_display()),
    Column(_header("cooperation_modes"), lambda e: "；".join(e.get_cooperation_modes_display())),
    Column(
        _header("price"),
        lambda e: e.price if isinstance(e.price, Decimal) else _("面议"),  # a number, or text
        MONEY_FORMAT,
    ),
    Column(_header("contact_name"), lambda e: e.contact_name),
    Column(_header("contact_phone"), lambda e: e.contact_phone),
)


def write_catalogue_xlsx(entries, out) -> None:
    """The entries as an .xlsx sheet with Chinese headers; a price is a number, 面议 is text."""
    # Its own msgid: the page title's English (37 characters) is too long for a sheet name.
    title = pgettext("sheet name, at most 31 characters", "高价值发明专利目录")
    write_xlsx(out, title=title, columns=EXPORT_COLUMNS, rows=entries)


def write_import_template(out) -> None:
    """An empty catalogue sheet with the import's Chinese headers (no 年度: the year is
    chosen on upload), to fill in and upload."""
    write_xlsx(out, title=_("专利目录导入模板"), columns=EXPORT_COLUMNS[1:], rows=[])
