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


# ---- for the national system (全国技术合同管理与服务系统) ------------------------------------
# The fields of table JJ-001 (技术合同登记表) in the form's order, with its Chinese headings.
# The national system's exact import layout is not public (README): this is the form's
# content, one registration a row, codes as the form asks for them.


def _seller_region(contract) -> str:
    if contract.is_import:
        return ""
    return contract.seller.region_code if contract.seller_id else ""


JJ001_COLUMNS = (
    Column(gettext_lazy("登记编号"), lambda c: c.registration_number or ""),
    Column(gettext_lazy("登记版本"), lambda c: c.version),
    Column(gettext_lazy("登记状态"), lambda c: str(c.get_registration_state_display() or "")),
    Column(gettext_lazy("项目名称"), lambda c: c.title),
    Column(gettext_lazy("合同类别"), lambda c: str(c.get_contract_type_display())),
    Column(gettext_lazy("合同子类"), lambda c: subtype_label(c.subtype)),
    Column(gettext_lazy("卖方名称"), lambda c: c.seller_name),
    Column(gettext_lazy("卖方统一社会信用代码"), lambda c: c.seller_uscc),
    Column(gettext_lazy("卖方国别代码"), lambda c: c.seller_country_code),
    Column(gettext_lazy("卖方行政区划代码"), _seller_region),
    Column(gettext_lazy("卖方法人性质代码"), lambda c: c.seller_entity_nature),
    Column(gettext_lazy("买方名称"), lambda c: c.buyer_name),
    Column(gettext_lazy("买方统一社会信用代码"), lambda c: c.buyer_uscc),
    Column(gettext_lazy("买方国别代码"), lambda c: c.buyer_country_code),
    Column(gettext_lazy("买方行政区划代码"), lambda c: c.buyer_region_code),
    Column(gettext_lazy("买方法人性质代码"), lambda c: c.buyer_entity_nature),
    Column(gettext_lazy("合同成交额（元）"), lambda c: c.contract_amount, MONEY_FORMAT),
    Column(gettext_lazy("技术交易额（元）"), lambda c: c.technology_amount, MONEY_FORMAT),
    Column(gettext_lazy("签订日期"), lambda c: c.signed_on, DATE_FORMAT),
    Column(gettext_lazy("有效期起"), lambda c: c.valid_from, DATE_FORMAT),
    Column(gettext_lazy("有效期止"), lambda c: c.valid_until, DATE_FORMAT),
    Column(gettext_lazy("技术领域"), lambda c: str(c.get_technical_field_display())),
    Column(gettext_lazy("知识产权类型"), lambda c: str(c.get_ip_type_display())),
    Column(gettext_lazy("专利号"), lambda c: "；".join(c.patent_numbers or [])),
    Column(gettext_lazy("预计新增投入（元）"), lambda c: c.expected_investment, MONEY_FORMAT),
    Column(gettext_lazy("预计新增产值（元）"), lambda c: c.expected_output, MONEY_FORMAT),
    Column(gettext_lazy("技术进口"), lambda c: _("是") if c.is_import else _("否")),
    Column(gettext_lazy("登记日期"), lambda c: c.registered_on, DATE_FORMAT),
)


def jj001_xlsx_response(contracts, *, registered_from=None, registered_to=None):
    """Registrations (a queryset, streamed) in the JJ-001 layout, as an .xlsx download."""
    period = "-".join(f"{d:%Y%m%d}" for d in (registered_from, registered_to) if d) or "all"
    return xlsx_response(
        f"jj001-{period}.xlsx",
        title=_("技术合同登记表 JJ-001"),
        columns=JJ001_COLUMNS,
        rows=contracts.select_related("seller")
        .order_by("registered_on", "registration_number")
        .iterator(chunk_size=2000),
    )
