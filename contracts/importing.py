"""`import_contracts`: historical registrations kept before the portal, from .xlsx/.csv.

All rows are checked first with the same validators the contract form uses; any bad row
means nothing is imported and every error is reported with its row number. Rows are
matched by registration number, so importing the same file again changes nothing.
"""

import datetime
from dataclasses import dataclass, field

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import EntityNature, Organization
from accounts.validators import normalize_uscc, uscc_problem
from common import import_jobs, importing
from common.importing import (
    WHOLE_ROW,
    FileCheck,
    ImportRejected,
    Progress,
    Tally,
    UniqueKey,
    report,
)
from contracts import numbering, validators
from contracts.models import (
    AbsorbedContract,
    Contract,
    ContractEvent,
    ContractType,
    IpType,
    RegistrationState,
    Status,
    TechnicalField,
)
from contracts.services.statistics import compute_stats

COLUMNS = (
    "registration_number",
    "registered_on",
    "title",
    "contract_type",
    "subtype",
    "seller_name",
    "seller_uscc",
    "seller_entity_nature",
    "buyer_name",
    "buyer_uscc",
    "buyer_region_code",
    "buyer_entity_nature",
    "contract_amount",
    "technology_amount",
    "signed_on",
    "valid_from",
    "valid_until",
    "technical_field",
    "ip_type",
)
COMPARED = (
    "registered_on", "title", "contract_type", "subtype", "seller_name", "seller_uscc",
    "seller_entity_nature", "buyer_name", "buyer_uscc", "buyer_region_code",
    "buyer_entity_nature", "contract_amount", "technology_amount", "signed_on", "valid_from",
    "valid_until", "technical_field", "ip_type",
)  # fmt: skip


@dataclass
class ImportResult(Tally):
    months: set = field(default_factory=set)  # (year, month) whose statistics were recomputed

    def __str__(self) -> str:
        return _("新增 %(c)d 条，更新 %(u)d 条，未变 %(n)d 条。") % {
            "c": self.created,
            "u": self.updated,
            "n": self.unchanged,
        }


def _date(value: str, problems: list, label: str) -> datetime.date | None:
    if not value:
        problems.append(_("缺少%(label)s") % {"label": label})
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        problems.append(
            _("%(label)s“%(value)s”不是 YYYY-MM-DD 日期") % {"label": label, "value": value}
        )
        return None


def _choice(value: str, choices, problems: list, label: str) -> str:
    if value not in choices.values:
        problems.append(_("%(label)s代码“%(value)s”无效") % {"label": label, "value": value})
    return value


def clean_row(raw: dict[str, str]) -> tuple[dict, list[str]]:
    """One spreadsheet row → (contract values, problems in Chinese)."""
    problems: list[str] = []
    number = raw["registration_number"].strip()
    registered_on = _date(raw["registered_on"], problems, _("登记日期"))
    parsed = numbering.parse_number(number)
    if parsed is None:
        problems.append(
            _("登记编号“%(value)s”应为 %(n)d 位数字") % {"value": number, "n": numbering.LENGTH}
        )
    elif registered_on and parsed.year != registered_on.year:
        problems.append(_("登记编号的年份与登记日期不一致"))
    values = {
        "registration_number": number,
        "registered_on": registered_on,
        "title": raw["title"],
        "contract_type": _choice(raw["contract_type"], ContractType, problems, _("合同类型")),
        "subtype": raw["subtype"],
        "seller_name": raw["seller_name"],
        "seller_uscc": normalize_uscc(raw["seller_uscc"]),
        "seller_entity_nature": _choice(
            raw["seller_entity_nature"], EntityNature, problems, _("卖方法人性质")
        ),
        "buyer_name": raw["buyer_name"],
        "buyer_uscc": normalize_uscc(raw["buyer_uscc"]),
        "buyer_country_code": "156",
        "buyer_region_code": raw["buyer_region_code"],
        "buyer_entity_nature": _choice(
            raw["buyer_entity_nature"], EntityNature, problems, _("买方法人性质")
        ),
        "contract_amount": validators.parse_amount(raw["contract_amount"]),
        "technology_amount": validators.parse_amount(raw["technology_amount"]),
        "signed_on": _date(raw["signed_on"], problems, _("签订日期")),
        "valid_from": _date(raw["valid_from"], problems, _("有效期起")),
        "valid_until": _date(raw["valid_until"], problems, _("有效期止")),
        "technical_field": _choice(raw["technical_field"], TechnicalField, problems, _("技术领域")),
        "ip_type": _choice(raw["ip_type"], IpType, problems, _("知识产权类型")),
        "patent_numbers": [],
    }
    for column, label in (
        ("seller_name", _("卖方名称")),
        ("buyer_name", _("买方名称")),
        ("title", _("项目名称")),
    ):
        if not values[column].strip():
            problems.append(_("缺少%(label)s") % {"label": label})
    for column, label in (
        ("contract_amount", _("合同成交额")),
        ("technology_amount", _("技术交易额")),
    ):
        if values[column] is None:
            problems.append(
                _("%(label)s“%(value)s”不是金额") % {"label": label, "value": raw[column]}
            )
    seller_problem = uscc_problem(values["seller_uscc"])
    if seller_problem:
        problems.append(_("卖方") + seller_problem)
    if not values["buyer_uscc"]:  # a code that is given is checked by value_problems below
        buyer_problem = validators.buyer_uscc_problem(
            "", values["buyer_entity_nature"], values["buyer_country_code"]
        )
        if buyer_problem:
            problems.append(buyer_problem)
    if not values["subtype"]:
        problems.append(_("缺少合同子类"))
    # The rules of the contract form itself: subtype of the type, amounts, dates, codes.
    if not any(p.startswith(_("合同类型")) for p in problems):
        for messages in validators.value_problems(values).values():
            problems.extend(str(m) for m in messages if str(m) not in problems)
    if registered_on and values["signed_on"] and registered_on < values["signed_on"]:
        problems.append(_("登记日期不能早于签订日期"))
    return values, problems


def _duplicate_number(_number: str, first_row: int) -> str:
    return _("登记编号与第 %(row)d 行重复") % {"row": first_row}


def check_file(data: bytes, filename: str, progress: Progress | None = None) -> FileCheck:
    """Every row checked with the contract form's own rules; writes nothing."""
    return importing.check_file(
        data=data,
        filename=filename,
        columns=COLUMNS,
        clean_row=lambda raw: _as_errors(clean_row(raw)),
        unique=UniqueKey(
            of=lambda clean: clean["registration_number"],
            column=WHOLE_ROW,
            message=_duplicate_number,
        ),
        progress=progress,
    )


def _as_errors(cleaned: tuple[dict, list[str]]) -> tuple[dict, dict[str, list[str]]]:
    values, problems = cleaned
    return values, ({WHOLE_ROW: problems} if problems else {})


def import_contracts(
    data: bytes, filename: str, progress: Progress | None = None, *, demo: bool = False
) -> ImportResult:
    """Check every row, then create or update them all in one transaction; recompute stats."""
    check = check_file(data, filename, progress)
    cleaned = [(row.number, row.clean) for row in check.rows]
    existing = {
        c.registration_number: c
        for c in Contract.objects.filter(
            registration_number__in=[v["registration_number"] for _n, v in cleaned]
        )
    }
    for row in check.rows:
        found = existing.get(row.clean["registration_number"])
        if found is not None and (
            found.status != Status.REGISTERED or found.created_by_id is not None
        ):
            row.add(
                WHOLE_ROW,
                _("登记编号 %(number)s 已被门户登记的合同使用，不能用历史数据覆盖")
                % {"number": row.clean["registration_number"]},
            )
    if not check.ok:
        raise ImportRejected(check)

    result = ImportResult()
    sellers = {
        o.uscc: o
        for o in Organization.objects.filter(uscc__in={v["seller_uscc"] for _n, v in cleaned})
    }
    with transaction.atomic():
        for index, (_number, values) in enumerate(cleaned, start=1):
            contract = existing.get(values["registration_number"])
            if contract is None:
                contract = Contract(
                    status=Status.REGISTERED,
                    registration_state=RegistrationState.ACTIVE,
                    verification_code=numbering.new_verification_code(),
                    is_demo=demo,
                )
                result.created += 1
            elif any(getattr(contract, f) != values[f] for f in COMPARED):
                result.updated += 1
                result.months.add((contract.registered_on.year, contract.registered_on.month))
            else:
                result.unchanged += 1
                continue
            for name, value in values.items():
                setattr(contract, name, value)
            contract.seller = sellers.get(values["seller_uscc"])
            is_new = contract.pk is None
            contract.save()
            if is_new:
                ContractEvent.objects.create(
                    contract=contract,
                    by=None,
                    from_status="",
                    to_status=Status.REGISTERED,
                    note=_("历史登记导入：%(file)s") % {"file": filename},
                )
            result.months.add((values["registered_on"].year, values["registered_on"].month))
            report(progress, "contracts", index, len(cleaned))
        numbering.advance_past(values["registration_number"] for _n, values in cleaned)
        for year, month in sorted(result.months):
            compute_stats(year, month, reason=_("历史登记导入：%(file)s") % {"file": filename})
    report(progress, "contracts", len(cleaned), len(cleaned))
    return result


# ---- 吸纳 from outside: registrations made by other offices, with a local buyer ---------

ABSORBED_COLUMNS = (*COLUMNS, "registering_office")
ABSORBED_COMPARED = (*COMPARED, "registering_office", "seller_region_code")
ABSORBED_FIELDS = (*ABSORBED_COMPARED, "registration_number")


def _seller_region(values: dict) -> str:
    """The seller registers where it is: its credit code's region (positions 3–8), else
    the region of the registration number (province and city, 4 digits)."""
    uscc = values["seller_uscc"]
    if len(uscc) == 18 and uscc[2:8].isdigit():
        return uscc[2:8]
    parsed = numbering.parse_number(values["registration_number"])
    return f"{parsed.region}00" if parsed else ""


def clean_absorbed_row(raw: dict[str, str]) -> tuple[dict, list[str]]:
    """A row of `import_contracts --absorbed`: the historical row's rules, plus the
    registering office, a buyer in the city and a number that is not the center's own."""
    values, problems = clean_row(raw)
    values["registering_office"] = raw["registering_office"].strip()
    if not values["registering_office"]:
        problems.append(_("缺少登记机构"))
    city = settings.REGISTRATION_REGION_CODE
    if not values["buyer_region_code"].startswith(city):
        problems.append(
            _("买方行政区划代码“%(value)s”不在本市（%(city)s），不属于本市吸纳")
            % {"value": values["buyer_region_code"], "city": city}
        )
    parsed = numbering.parse_number(values["registration_number"])
    if parsed and (parsed.region, parsed.point) == (city, settings.REGISTRATION_POINT_CODE):
        problems.append(
            _("登记编号 %(number)s 是本中心的登记，应不带 --absorbed 导入")
            % {"number": values["registration_number"]}
        )
    values["seller_region_code"] = _seller_region(values)
    return values, problems


def check_absorbed_file(data: bytes, filename: str, progress: Progress | None = None):
    return importing.check_file(
        data=data,
        filename=filename,
        columns=ABSORBED_COLUMNS,
        clean_row=lambda raw: _as_errors(clean_absorbed_row(raw)),
        unique=UniqueKey(
            of=lambda clean: clean["registration_number"],
            column=WHOLE_ROW,
            message=_duplicate_number,
        ),
        progress=progress,
    )


def import_absorbed(data: bytes, filename: str, progress: Progress | None = None) -> ImportResult:
    """Check every row, then create or update the absorbed contracts in one transaction
    and recompute the months they touch. They never become the center's registrations."""
    check = check_absorbed_file(data, filename, progress)
    numbers = [row.clean["registration_number"] for row in check.rows]
    taken = set(
        Contract.objects.filter(registration_number__in=numbers).values_list(
            "registration_number", flat=True
        )
    )
    for row in check.rows:
        if row.clean["registration_number"] in taken:
            row.add(
                WHOLE_ROW,
                _("登记编号 %(number)s 已是本中心的登记")
                % {"number": row.clean["registration_number"]},
            )
    if not check.ok:
        raise ImportRejected(check)
    existing = {
        a.registration_number: a
        for a in AbsorbedContract.objects.filter(registration_number__in=numbers)
    }
    result = ImportResult()
    with transaction.atomic():
        for index, row in enumerate(check.rows, start=1):
            values = {f: row.clean[f] for f in ABSORBED_FIELDS}
            found = existing.get(values["registration_number"])
            if found is None:
                found = AbsorbedContract(**values)
                result.created += 1
            elif any(getattr(found, f) != values[f] for f in ABSORBED_COMPARED):
                result.months.add((found.registered_on.year, found.registered_on.month))
                for name, value in values.items():
                    setattr(found, name, value)
                result.updated += 1
            else:
                result.unchanged += 1
                continue
            found.save()
            result.months.add((values["registered_on"].year, values["registered_on"].month))
            report(progress, "contracts", index, len(check.rows))
        for year, month in sorted(result.months):
            compute_stats(year, month, reason=_("外地登记吸纳导入：%(file)s") % {"file": filename})
    report(progress, "contracts", len(check.rows), len(check.rows))
    return result


# ---- large files, imported by the worker (common.import_jobs) ---------------------------

HISTORY_JOB = "contracts.history"


def run_history_job(job, data: bytes, progress: Progress) -> tuple[str, str]:
    """The worker's side of the admin's history import: the same all-or-nothing import
    as `manage.py import_contracts` (`--absorbed` when the job says so)."""
    absorbed = bool(job.params.get("absorbed"))
    load = import_absorbed if absorbed else import_contracts
    result = load(data, job.filename, progress=progress)
    model = "absorbedcontract" if absorbed else "contract"
    return import_summary(result, absorbed=absorbed), reverse(f"admin:contracts_{model}_changelist")


def import_summary(result: ImportResult, *, absorbed: bool) -> str:
    kind = _("外地登记（吸纳）") if absorbed else _("历史登记")
    return _("%(kind)s已导入：%(result)s") % {"kind": kind, "result": result}


@shared_task(name="contracts.run_history_import")
def run_history_import(job_id: str) -> str:
    """A large history file a reviewer uploaded in the admin, imported with progress."""
    return import_jobs.import_job_run(job_id=job_id, runner=run_history_job)
