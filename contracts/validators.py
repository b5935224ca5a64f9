"""Pure checks for technology contracts: one place for every rule about the values.

The form, the API serializer, the admin review and the services all call these; nothing
here touches the database. Problems come back as `{field: [message, ...]}` in Chinese.
"""

import datetime
import logging
from decimal import Decimal, InvalidOperation

import chinese_calendar
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.validators import normalize_uscc, uscc_problem
from patents.validators import normalize_patent_number

logger = logging.getLogger(__name__)

# Sub-types per type (SPEC.md codes), with the label the sub-type carries under that type.
SUBTYPES: dict[str, dict[str, str]] = {
    "development": {
        "commissioned": gettext_lazy("委托开发"),
        "cooperative": gettext_lazy("合作开发"),
    },
    "transfer": {
        "patent_right": gettext_lazy("专利权转让"),
        "patent_application_right": gettext_lazy("专利申请权转让"),
        "technical_secret": gettext_lazy("技术秘密转让"),
        "other_ip": gettext_lazy(
            "其他（软件著作权、集成电路布图设计、植物新品种、生物医药新品种）转让"
        ),
    },
    "license": {
        "patent_exclusive": gettext_lazy("专利实施独占许可"),
        "patent_sole": gettext_lazy("专利实施排他许可"),
        "patent_nonexclusive": gettext_lazy("专利实施普通许可"),
        "technical_secret": gettext_lazy("技术秘密使用许可"),
        "other_ip": gettext_lazy("其他知识产权许可"),
    },
    "consulting": {"consulting": gettext_lazy("技术咨询")},
    "service": {
        "service": gettext_lazy("技术服务"),
        "training": gettext_lazy("技术培训"),
        "intermediary": gettext_lazy("技术中介"),
    },
}

PATENT_SUBTYPES = {
    "patent_right",
    "patent_application_right",
    "patent_exclusive",
    "patent_sole",
    "patent_nonexclusive",
}
# Rights whose transfer or long licence qualifies for the enterprise income-tax relief.
INCOME_TAX_IP_TYPES = {
    "patent",
    "software_copyright",
    "ic_layout",
    "plant_variety",
    "biomedical_variety",
}
VAT_EXEMPT_TYPES = {"development", "transfer", "license"}
LARGE_CONTRACT_AMOUNT = Decimal("5000000")
REVIEW_WORKING_DAYS = 15
REVIEW_WORKING_DAYS_LARGE = 30
MAX_AMOUNT = Decimal("99999999999999.99")

# Every field the national registration form needs before submission.
REQUIRED_FOR_SUBMISSION = (
    "title",
    "contract_type",
    "subtype",
    "buyer_name",
    "buyer_country_code",
    "buyer_entity_nature",
    "contract_amount",
    "technology_amount",
    "signed_on",
    "valid_from",
    "valid_until",
    "technical_field",
    "ip_type",
)


def subtype_label(contract_type: str, subtype: str) -> str:
    return str(SUBTYPES.get(contract_type, {}).get(subtype, subtype))


def _add(problems: dict, field: str, message: str) -> None:
    problems.setdefault(field, []).append(message)


def normalize_patent_numbers(values) -> tuple[list[str], list[str]]:
    """(normalised numbers without duplicates, problems); accepts a list or free text."""
    if isinstance(values, str):
        values = values.replace("，", ",").replace("；", ",").replace(";", ",").split(",")
        values = [part for chunk in values for part in chunk.split()]
    numbers, problems = [], []
    for raw in values or []:
        raw = str(raw).strip()
        if not raw:
            continue
        try:
            number = normalize_patent_number(raw)
        except Exception as exc:  # ValidationError with the validator's own message
            problems.extend(getattr(exc, "messages", [str(exc)]))
            continue
        if number not in numbers:
            numbers.append(number)
    return numbers, problems


def value_problems(values: dict) -> dict[str, list[str]]:
    """Problems with the values given (a draft may leave anything but the title empty).

    `values` holds already-typed values (Decimal, date, list) as a form or serializer
    produces them; the caller passes only the fields it sets, merged onto the row.
    """
    problems: dict[str, list[str]] = {}
    title = (values.get("title") or "").strip()
    if not title:
        _add(problems, "title", _("请填写项目名称（草稿也需要项目名称）。"))

    contract_type = values.get("contract_type") or ""
    subtype = values.get("subtype") or ""
    if contract_type and contract_type not in SUBTYPES:
        _add(problems, "contract_type", _("合同类型“%(value)s”无效。") % {"value": contract_type})
    elif contract_type and subtype and subtype not in SUBTYPES[contract_type]:
        _add(
            problems,
            "subtype",
            _("合同子类“%(subtype)s”不属于%(type)s合同，可选：%(choices)s。")
            % {
                "subtype": subtype,
                "type": _type_label(contract_type),
                "choices": "、".join(str(v) for v in SUBTYPES[contract_type].values()),
            },
        )

    buyer_uscc = normalize_uscc(values.get("buyer_uscc") or "")
    if buyer_uscc:
        problem = uscc_problem(buyer_uscc)
        if problem:
            _add(problems, "buyer_uscc", _("买方") + problem)
    country = values.get("buyer_country_code") or ""
    if country and not (len(country) == 3 and country.isascii() and country.isdigit()):
        _add(problems, "buyer_country_code", _("国别代码应为 3 位数字，中国为 156。"))
    region = values.get("buyer_region_code") or ""
    if region and not (len(region) == 6 and region.isascii() and region.isdigit()):
        _add(problems, "buyer_region_code", _("买方行政区划代码应为 6 位数字，例如 650203。"))

    contract_amount = values.get("contract_amount")
    technology_amount = values.get("technology_amount")
    for field, amount, label in (
        ("contract_amount", contract_amount, _("合同成交额")),
        ("technology_amount", technology_amount, _("技术交易额")),
    ):
        if amount is not None and amount <= 0:
            _add(problems, field, _("%(label)s必须大于 0 元。") % {"label": label})
    if (
        contract_amount is not None
        and technology_amount is not None
        and technology_amount > contract_amount
    ):
        _add(
            problems,
            "technology_amount",
            _("技术交易额不能大于合同成交额（%(amount)s 元）。") % {"amount": contract_amount},
        )

    signed_on, valid_from, valid_until = (
        values.get("signed_on"),
        values.get("valid_from"),
        values.get("valid_until"),
    )
    if signed_on and signed_on > timezone.localdate():
        _add(problems, "signed_on", _("签订日期不能晚于今天。"))
    if valid_from and valid_until and valid_until < valid_from:
        _add(problems, "valid_until", _("有效期止不能早于有效期起。"))
    if signed_on and valid_until and valid_until < signed_on:
        _add(problems, "valid_until", _("有效期止不能早于签订日期。"))

    raw_numbers = values.get("patent_numbers") or []
    _numbers, number_problems = normalize_patent_numbers(raw_numbers)
    for problem in number_problems:
        _add(problems, "patent_numbers", problem)
    return problems


def completeness_problems(values: dict) -> dict[str, list[str]]:
    """What submission needs beyond valid values: every required field, consistency."""
    problems: dict[str, list[str]] = {}
    labels = FIELD_LABELS
    for field in REQUIRED_FOR_SUBMISSION:
        value = values.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            _add(problems, field, _("提交前请填写%(label)s。") % {"label": labels[field]})
    china = (values.get("buyer_country_code") or "156") == "156"
    individual = values.get("buyer_entity_nature") == "400"
    if china and not individual and not values.get("buyer_uscc"):
        _add(problems, "buyer_uscc", _("境内单位买方须填写统一社会信用代码。"))
    if china and not values.get("buyer_region_code"):
        _add(problems, "buyer_region_code", _("境内买方须填写 6 位行政区划代码。"))

    subtype, ip_type = values.get("subtype") or "", values.get("ip_type") or ""
    numbers = values.get("patent_numbers") or []
    if subtype in PATENT_SUBTYPES and ip_type and ip_type != "patent":
        _add(
            problems,
            "ip_type",
            _("专利权转让、专利申请权转让和专利实施许可合同的知识产权类型应为“专利”。"),
        )
    if subtype == "technical_secret" and ip_type and ip_type != "technical_secret":
        _add(problems, "ip_type", _("技术秘密合同的知识产权类型应为“技术秘密”。"))
    if ip_type == "patent" and not numbers:
        _add(
            problems, "patent_numbers", _("知识产权类型为专利时，请至少填写一个专利号（申请号）。")
        )
    if numbers and ip_type and ip_type != "patent":
        _add(problems, "patent_numbers", _("填写了专利号，但知识产权类型不是“专利”，请核对。"))
    return problems


def _type_label(contract_type: str) -> str:
    from contracts.models import ContractType

    return str(ContractType(contract_type).label) if contract_type in ContractType.values else ""


class _Labels(dict):
    def __missing__(self, key):
        return key


FIELD_LABELS = _Labels(
    title=gettext_lazy("项目名称"),
    contract_type=gettext_lazy("合同类型"),
    subtype=gettext_lazy("合同子类"),
    buyer_name=gettext_lazy("买方名称"),
    buyer_uscc=gettext_lazy("买方统一社会信用代码"),
    buyer_country_code=gettext_lazy("买方国别代码"),
    buyer_region_code=gettext_lazy("买方行政区划代码"),
    buyer_entity_nature=gettext_lazy("买方法人性质"),
    contract_amount=gettext_lazy("合同成交额"),
    technology_amount=gettext_lazy("技术交易额"),
    signed_on=gettext_lazy("签订日期"),
    valid_from=gettext_lazy("有效期起"),
    valid_until=gettext_lazy("有效期止"),
    technical_field=gettext_lazy("技术领域"),
    ip_type=gettext_lazy("知识产权类型"),
    patent_numbers=gettext_lazy("专利号"),
)


def parse_amount(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


# ---- tax relief -----------------------------------------------------------------------


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def licence_lasts_five_years(valid_from, valid_until) -> bool:
    """A licence valid 2025-01-01 → 2029-12-31 (both days included) lasts five years."""
    if not (valid_from and valid_until):
        return False
    return valid_until + datetime.timedelta(days=1) >= _years_later(valid_from, 5)


def tax_relief(
    *, registered: bool, contract_type: str, subtype: str, ip_type: str, valid_from, valid_until
) -> dict[str, bool]:
    """The relief that registration unlocks (DOMAIN.md); nothing unless registered."""
    if not registered:
        return {"vat_exempt": False, "income_tax_relief": False}
    vat_exempt = contract_type in VAT_EXEMPT_TYPES
    # Income tax: ownership transfer or a licence of 5+ years, of a patent or one of the
    # listed rights. A patent *application* right and technical secrets are not listed.
    qualifying_right = ip_type in INCOME_TAX_IP_TYPES and subtype not in {
        "technical_secret",
        "patent_application_right",
    }
    income = qualifying_right and (
        contract_type == "transfer"
        or (contract_type == "license" and licence_lasts_five_years(valid_from, valid_until))
    )
    return {"vat_exempt": vat_exempt, "income_tax_relief": bool(income)}


# ---- the review deadline --------------------------------------------------------------


def is_working_day(day: datetime.date) -> bool:
    """Official calendar (holidays and 调休 make-up days); Mon–Fri for unknown years."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        logger.warning(
            "chinesecalendar has no data for %s; counting Monday–Friday as working days. "
            "Upgrade the chinesecalendar package once the State Council publishes the year.",
            day.year,
        )
        return day.weekday() < 5


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day after `start` (the start day itself does not count)."""
    day = start
    counted = 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def review_due_on(submitted_on: datetime.date, technology_amount: Decimal | None) -> datetime.date:
    large = technology_amount is not None and technology_amount >= LARGE_CONTRACT_AMOUNT
    return add_working_days(
        submitted_on, REVIEW_WORKING_DAYS_LARGE if large else REVIEW_WORKING_DAYS
    )


# ---- attachments ----------------------------------------------------------------------

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


def attachment_problem(name: str, size: int, head: bytes) -> str | None:
    """Why an upload is not an acceptable signed contract, or None. Looks at the bytes."""
    if size == 0:
        return _("上传的文件是空的。")
    if size > MAX_ATTACHMENT_BYTES:
        return _("文件过大（%(mb).1f MB），合同文本不能超过 %(max)d MB。") % {
            "mb": size / 1024 / 1024,
            "max": MAX_ATTACHMENT_BYTES // 1024 // 1024,
        }
    if not head.startswith(PDF_MAGIC):
        return _("只接受 PDF 格式的合同文本（“%(name)s”不是 PDF 文件）。") % {"name": name}
    return None
