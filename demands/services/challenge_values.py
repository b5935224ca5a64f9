"""The values of a challenge, checked all at once: dates, the award (at most 10,000,000
yuan), the publicity period and the criteria (named, weights summing to 100)."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import Organization
from demands.choices import MAX_AWARD_AMOUNT

CHALLENGE_FIELDS = (
    "title",
    "problem",
    "targets",
    "award_amount",
    "funder",
    "questions_close_on",
    "applications_close_on",
    "publicity_days",
    "criteria",
)


def _date(value, field, problems):
    if isinstance(value, datetime.date) or value in (None, ""):
        return value or None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        problems[field] = [_("日期格式应为 YYYY-MM-DD。")]
        return None


def criteria_problem(criteria) -> str | None:
    if not isinstance(criteria, list) or not criteria:
        return _("请至少设置一项评审指标。")
    names = []
    total = 0
    for item in criteria:
        if not isinstance(item, dict) or not str(item.get("name") or "").strip():
            return _("每项评审指标须有名称和权重。")
        weight = item.get("weight")
        if not isinstance(weight, int) or isinstance(weight, bool) or not 0 < weight <= 100:
            return _("权重须为 1 至 100 的整数。")
        names.append(str(item["name"]).strip())
        total += weight
    if len(set(names)) != len(names):
        return _("评审指标名称不能重复。")
    if total != 100:
        return _("各项权重之和须为 100（现为 %(total)d）。") % {"total": total}
    return None


def clean_values(data: dict) -> dict:
    unknown = set(data) - set(CHALLENGE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    cleaned, problems = {}, {}
    for field, value in data.items():
        if isinstance(value, str):
            value = value.strip()
        if field == "title" and not value:
            problems[field] = [_("请填写榜单名称。")]
        elif field == "award_amount" and value not in (None, ""):
            try:
                value = Decimal(str(value))
            except InvalidOperation:
                problems[field] = [_("榜额须为金额（元）。")]
            else:
                if not Decimal(0) <= value <= MAX_AWARD_AMOUNT:
                    problems[field] = [_("榜额须在 0 至 10,000,000 元之间。")]
        elif field == "award_amount":
            value = None
        elif field in ("questions_close_on", "applications_close_on"):
            value = _date(value, field, problems)
        elif field == "publicity_days":
            if not isinstance(value, int) or not 1 <= value <= 30:
                problems[field] = [_("公示期须为 1 至 30 个工作日。")]
        elif field == "funder" and not isinstance(value, Organization):
            problems[field] = [_("请选择发榜单位。")]
        elif field == "criteria":
            problem = criteria_problem(value)
            if problem:
                problems[field] = [problem]
            else:
                value = [{"name": str(c["name"]).strip(), "weight": c["weight"]} for c in value]
        cleaned[field] = value
    if problems:
        raise ValidationError(problems)
    return cleaned
