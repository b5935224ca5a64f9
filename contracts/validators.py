"""Pure checks of the values of a technology contract: one place for every rule about them.

The form, the API serializer, the admin review, the import and the services all call
these; nothing here writes. Problems come back as `{field: [message, ...]}` in Chinese.
The domain rules that are not value checks have their own modules: `tax_relief` and
`deadlines`.
"""

from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import EntityNature
from accounts.validators import normalize_uscc, uscc_problem
from common import money
from contracts import codes
from contracts.choices import PATENT_SUBTYPES, SUBTYPES, ContractType, Subtype
from contracts.models import EDITABLE_FIELDS, field_label
from patents.validators import normalize_patent_number

CHINA = "156"

# Every field the national registration form needs before submission; the buyer's credit
# code and region, and the patent numbers, are needed depending on other values; the
# expected investment and output are asked of transfers only, and may be left empty.
NEEDED_DEPENDING_ON_OTHERS = frozenset(
    {
        "buyer_uscc",
        "buyer_region_code",
        "patent_numbers",
        "expected_investment",
        "expected_output",
    }
)
REQUIRED_FOR_SUBMISSION = tuple(f for f in EDITABLE_FIELDS if f not in NEEDED_DEPENDING_ON_OTHERS)


def subtype_label(subtype: str) -> str:
    """The sub-type's label as `Subtype` declares it; an unknown code as it is."""
    return str(Subtype(subtype).label) if subtype in Subtype.values else subtype


def _add(problems: dict, field: str, message: str) -> None:
    problems.setdefault(field, []).append(message)


def buyer_uscc_problem(uscc: str, entity_nature: str, country_code: str = CHINA) -> str | None:
    """Why the buyer's credit code is not acceptable, or None.

    A code that is given must be valid. A buyer in China needs one, unless the buyer is an
    individual (法人性质 400); a buyer abroad needs none.
    """
    code = normalize_uscc(uscc)
    if code:
        problem = uscc_problem(code)
        return _("买方") + problem if problem else None
    if (country_code or CHINA) == CHINA and entity_nature != EntityNature.INDIVIDUAL:
        return _("境内单位买方须填写统一社会信用代码。")
    return None


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
                "type": ContractType(contract_type).label,
                "choices": "、".join(str(s.label) for s in SUBTYPES[contract_type]),
            },
        )

    # Only a code that is given is checked here; whether one is needed is for submission.
    if normalize_uscc(values.get("buyer_uscc") or ""):
        problem = buyer_uscc_problem(values["buyer_uscc"], values.get("buyer_entity_nature") or "")
        if problem:
            _add(problems, "buyer_uscc", problem)
    country = values.get("buyer_country_code") or ""
    if country and not (len(country) == 3 and country.isascii() and country.isdigit()):
        _add(problems, "buyer_country_code", _("国别代码应为 3 位数字，中国为 156。"))
    seller_country = values.get("seller_country_code") or ""
    if seller_country and not (
        len(seller_country) == 3 and seller_country.isascii() and seller_country.isdigit()
    ):
        _add(problems, "seller_country_code", _("卖方国别代码应为 3 位数字，中国为 156。"))
    region = values.get("buyer_region_code") or ""
    if region and not (len(region) == 6 and region.isascii() and region.isdigit()):
        _add(problems, "buyer_region_code", _("买方行政区划代码应为 6 位数字，例如 650203。"))

    contract_amount = values.get("contract_amount")
    technology_amount = values.get("technology_amount")
    for field, amount in (
        ("contract_amount", contract_amount),
        ("technology_amount", technology_amount),
    ):
        if amount is not None and amount <= 0:
            _add(problems, field, _("%(label)s必须大于 0 元。") % {"label": field_label(field)})
    if (
        contract_amount is not None
        and technology_amount is not None
        and technology_amount > contract_amount
    ):
        _add(
            problems,
            "technology_amount",
            _("技术交易额不能大于合同成交额（%(amount)s 元）。")
            % {"amount": money.grouped(contract_amount)},
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

    # JJ-001 asks a transfer's buyer what it expects to invest and produce (may be 0).
    for field in EXPECTED_FIELDS:
        amount = values.get(field)
        if amount is None:
            continue
        if amount < 0:
            _add(problems, field, _("%(label)s不能为负数。") % {"label": field_label(field)})
        elif contract_type and contract_type != ContractType.TRANSFER:
            _add(
                problems,
                field,
                _("%(label)s只在技术转让合同中填写。") % {"label": field_label(field)},
            )
    return problems


EXPECTED_FIELDS = ("expected_investment", "expected_output")
CODE_FIELDS = {
    "buyer_country_code": "country",
    "buyer_region_code": "region",
    "seller_country_code": "country",
}


def code_problems(values: dict, previous: dict | None = None) -> dict[str, list[str]]:
    """Codes that are not in the JJ-001 tables (ISO 3166 numeric, GB/T 2260). A code the
    contract already holds keeps working (historical registrations, renamed districts);
    only a new value must be in the table. The format is value_problems' concern."""
    previous = previous or {}
    problems: dict[str, list[str]] = {}
    for field, table in CODE_FIELDS.items():
        value = values.get(field) or ""
        if not value or value == previous.get(field):
            continue
        if table == "country" and value.isdigit() and not codes.is_country_code(value):
            _add(
                problems,
                field,
                _("国别代码“%(code)s”不在 ISO 3166 国家代码表中。") % {"code": value},
            )
        in_format = value.isdigit() and len(value) == 6
        if table == "region" and in_format and not codes.is_region_code(value):
            _add(
                problems,
                field,
                _("行政区划代码“%(code)s”不在 GB/T 2260 代码表中，请从列表中选择。")
                % {"code": value},
            )
    return problems


def completeness_problems(values: dict) -> dict[str, list[str]]:
    """What submission needs beyond valid values: every required field, consistency."""
    problems: dict[str, list[str]] = {}
    for field in REQUIRED_FOR_SUBMISSION:
        value = values.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            _add(problems, field, _("提交前请填写%(label)s。") % {"label": field_label(field)})
    country = values.get("buyer_country_code") or CHINA
    # A code that is given was checked with the values; here only whether one is missing.
    if not values.get("buyer_uscc"):
        problem = buyer_uscc_problem("", values.get("buyer_entity_nature") or "", country)
        if problem:
            _add(problems, "buyer_uscc", problem)
    if country == CHINA and not values.get("buyer_region_code"):
        _add(problems, "buyer_region_code", _("境内买方须填写 6 位行政区划代码。"))

    subtype, ip_type = values.get("subtype") or "", values.get("ip_type") or ""
    numbers = values.get("patent_numbers") or []
    if subtype in PATENT_SUBTYPES and ip_type and ip_type != "patent":
        _add(
            problems,
            "ip_type",
            _("专利权转让、专利申请权转让和专利实施许可合同的知识产权类型应为“专利”。"),
        )
    if subtype == Subtype.TECHNICAL_SECRET and ip_type and ip_type != "technical_secret":
        _add(problems, "ip_type", _("技术秘密合同的知识产权类型应为“技术秘密”。"))
    if ip_type == "patent" and not numbers:
        _add(
            problems, "patent_numbers", _("知识产权类型为专利时，请至少填写一个专利号（申请号）。")
        )
    if numbers and ip_type and ip_type != "patent":
        _add(problems, "patent_numbers", _("填写了专利号，但知识产权类型不是“专利”，请核对。"))
    return problems


def parse_amount(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


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
