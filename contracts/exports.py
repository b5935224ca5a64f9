"""The reviewers' spreadsheet of contracts (the admin's export), through common.spreadsheets."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.spreadsheets import DATE_FORMAT, MONEY_FORMAT, Column, xlsx_response
from contracts.validators import subtype_label

COLUMNS = (
    Column(gettext_lazy("登记编号"), lambda c: c.registration_number or ""),
    Column(gettext_lazy("项目名称"), lambda c: c.title),
    Column(gettext_lazy("状态"), lambda c: str(c.get_status_display())),
    Column(gettext_lazy("合同类型"), lambda c: str(c.get_contract_type_display())),
    Column(gettext_lazy("合同子类"), lambda c: subtype_label(c.subtype)),
    Column(gettext_lazy("卖方"), lambda c: c.seller_name),
    Column(gettext_lazy("卖方统一社会信用代码"), lambda c: c.seller_uscc),
    Column(gettext_lazy("买方"), lambda c: c.buyer_name),
    Column(gettext_lazy("买方统一社会信用代码"), lambda c: c.buyer_uscc),
    Column(gettext_lazy("买方行政区划代码"), lambda c: c.buyer_region_code),
    Column(gettext_lazy("合同成交额（元）"), lambda c: c.contract_amount, MONEY_FORMAT),
    Column(gettext_lazy("技术交易额（元）"), lambda c: c.technology_amount, MONEY_FORMAT),
    Column(gettext_lazy("签订日期"), lambda c: c.signed_on, DATE_FORMAT),
    Column(gettext_lazy("技术领域"), lambda c: str(c.get_technical_field_display())),
    Column(gettext_lazy("知识产权类型"), lambda c: str(c.get_ip_type_display())),
    Column(
        gettext_lazy("提交日期"),
        lambda c: timezone.localdate(c.submitted_at) if c.submitted_at else None,
        DATE_FORMAT,
    ),
    Column(gettext_lazy("审核期限"), lambda c: c.review_due_on, DATE_FORMAT),
    Column(gettext_lazy("登记日期"), lambda c: c.registered_on, DATE_FORMAT),
)


def contracts_xlsx_response(contracts):
    """The contracts (a queryset, streamed in chunks) as a dated .xlsx download."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(
        f"contracts-{stamp}.xlsx",
        title=_("技术合同"),
        columns=COLUMNS,
        rows=contracts.iterator(chunk_size=2000),
    )
