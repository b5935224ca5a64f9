"""Demo demands and 揭榜挂帅 challenges, in every stage, made through the services (a
challenge's past is replayed with `as_of`); running it twice changes nothing."""

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.demo import DEMO_PASSWORD, demo_member
from accounts.models import EntityNature, OrganizationKind, User
from common import demodata
from demands.choices import ChallengeStatus
from demands.models import Challenge, Demand
from demands.services import challenges as challenge_services
from demands.services import common, scoring
from demands.services import demands as demand_services
from demands.services.matching import matches_compute

DEMO_NOTE = "（演示数据）"
CRITERIA = [
    {"name": "技术先进性", "weight": 35},
    {"name": "方案可行性", "weight": 35},
    {"name": "团队与业绩", "weight": 20},
    {"name": "经费合理性", "weight": 10},
]


def demand_rows() -> list[dict]:
    rows = []
    for row in demodata.read("demands", "demands.csv"):
        rows.append(
            {
                "status": row.pop("status"),
                "data": {
                    **row,
                    "tags": [t for t in row["tags"].split("|") if t],
                    "cooperation_modes": [c for c in row["cooperation_modes"].split("|") if c],
                    "budget": Decimal(row["budget"]) if row["budget"] else None,
                    "details": f"{row['summary']}\n详细工况数据、井位与历史试验资料，经发布单位同意后可查看。{DEMO_NOTE}",
                },
            }
        )
    return rows


def _demand(owner, reviewer, status, data) -> Demand:
    existing = Demand.objects.filter(organization=owner.organization, title=data["title"]).first()
    if existing is not None:
        return existing
    deadline = timezone.localdate() + datetime.timedelta(days=90)
    demand = demand_services.demand_create(by=owner, data={**data, "deadline": deadline})
    if status == "draft":
        return demand
    demand = demand_services.demand_submit(demand=demand, by=owner)
    if status == "submitted":
        return demand
    if status in ("returned", "refused"):
        note = "请补充现有做法与可量化的技术指标。" if status == "returned" else "不属于技术需求。"
        screen = (
            demand_services.demand_return if status == "returned" else demand_services.demand_refuse
        )
        return screen(demand=demand, by=reviewer, note=note)
    demand = demand_services.demand_publish(demand=demand, by=reviewer)
    if status in ("solved", "closed"):
        demand = demand_services.demand_close(demand=demand, by=owner, outcome=status)
    return demand


def seed_demands(owner, reviewer) -> list[Demand]:
    """The demo demands, in the stages the CSV gives (most of them published)."""
    return [_demand(owner, reviewer, row["status"], row["data"]) for row in demand_rows()]


def _expert() -> User:
    expert = User.objects.filter(username="demo-expert").first()
    if expert is None:
        from contracts.demo import demo_expert

        expert = demo_expert()
    return expert


def _challenge(title, *, stage, reviewer, funder, applicants, expert, demand=None):
    if Challenge.objects.filter(title=title).exists():
        return
    today = timezone.localdate()
    past = stage not in (ChallengeStatus.DRAFT, ChallengeStatus.OPEN, ChallengeStatus.CANCELLED)
    start = today - datetime.timedelta(days=60) if past else today
    data = {
        "title": title,
        "problem": f"{demand.summary if demand else title}{DEMO_NOTE}",
        "targets": demand.targets if demand else "形成可工业化应用的技术方案与现场试验。",
        "award_amount": Decimal("8000000") if demand else Decimal("3000000"),
        "funder": funder.organization,
        "questions_close_on": start + datetime.timedelta(days=15),
        "applications_close_on": start + datetime.timedelta(days=30),
        "publicity_days": 5,
        "criteria": CRITERIA,
    }
    with common.as_of(start):
        challenge = challenge_services.challenge_create(by=reviewer, data=data, demand=demand)
        if stage == ChallengeStatus.DRAFT:
            return
        challenge = challenge_services.challenge_open(challenge=challenge, by=reviewer)
        question = challenge_services.question_ask(
            challenge=challenge, by=applicants[0], question="是否允许高校与企业组成联合体揭榜？"
        )
        challenge_services.question_answer(
            question=question, by=reviewer, answer="允许，由牵头单位提交申请并对成果负责。"
        )
        applications = [
            challenge_services.application_submit(
                challenge=challenge,
                by=user,
                data={
                    "summary": f"{user.organization.name}的技术方案{DEMO_NOTE}",
                    "team": "项目负责人 1 名，骨干 6 名。",
                    "plan": "第一年室内实验与方案设计，第二年现场试验。",
                    "budget": "2800000",
                },
            )
            for user in applicants
        ]
    if stage == ChallengeStatus.OPEN:
        return
    if stage == ChallengeStatus.CANCELLED:
        challenge_services.challenge_cancel(
            challenge=challenge, by=reviewer, note="发榜单位调整技术路线，撤销本榜单。"
        )
        return
    with common.as_of(start + datetime.timedelta(days=31)):
        challenge = challenge_services.challenge_close_applications(
            challenge=challenge, by=reviewer
        )
        scoring.experts_assign(challenge=challenge, experts=[expert], by=reviewer)
        for n, application in enumerate(applications):
            scoring.score_submit(
                application=application,
                expert=expert,
                scores={c["name"]: 88 - 9 * n for c in CRITERIA},
                comment="方案思路清晰，现场试验安排可行。" if n == 0 else "指标论证不足。",
            )
        if stage == ChallengeStatus.EVALUATING:
            return
        if stage == ChallengeStatus.NO_AWARD:
            challenge_services.challenge_no_award(
                challenge=challenge,
                by=reviewer,
                note="各揭榜方案均未达到榜单核心指标，本榜不授榜。",
            )
            return
    proposed_on = today - datetime.timedelta(days=1 if stage == ChallengeStatus.PUBLICITY else 20)
    with common.as_of(proposed_on):
        challenge = challenge_services.challenge_propose(
            challenge=challenge, application=applications[0], by=reviewer
        )
    if stage == ChallengeStatus.PUBLICITY:
        return
    challenge = challenge_services.challenge_award(challenge=challenge, by=reviewer)
    challenge_services.challenge_contract(challenge=challenge, by=reviewer)


def seed(out) -> list[tuple[str, str, str]]:
    reviewer = User.objects.filter(username="demo-reviewer").first()
    owner = User.objects.filter(username="demo-enterprise").first()
    institute = User.objects.filter(username="demo-institute").first()
    if reviewer is None or owner is None or institute is None:
        return []
    lab = demo_member(
        "demo-lab",
        # An enterprise: a verified institute would get a (non-demo) institution profile.
        name="克拉玛依示范油服科技有限公司（演示）",
        body="91650203MA7DEM004",
        kind=OrganizationKind.ENTERPRISE,
        nature=EntityNature.LIMITED_LIABILITY,
        verified_by=reviewer,
    )
    by_title = {demand.title: demand for demand in seed_demands(owner, reviewer)}
    expert = _expert()
    applicants = [institute, lab]
    stages = [
        (
            "稠油蒸汽驱后期汽窜治理揭榜挂帅（演示）",
            ChallengeStatus.OPEN,
            by_title.get("稠油蒸汽驱后期汽窜治理与提高采收率"),
        ),
        ("光热辅助稠油注汽关键技术（演示草稿）", ChallengeStatus.DRAFT, None),
        ("超稠油 SAGD 循环预热提速揭榜挂帅（演示）", ChallengeStatus.EVALUATING, None),
        ("高温深层压裂液揭榜挂帅（演示）", ChallengeStatus.PUBLICITY, None),
        ("注汽锅炉低氮降碳揭榜挂帅（演示）", ChallengeStatus.AWARDED, None),
        ("炼化污水深度处理揭榜挂帅（演示）", ChallengeStatus.NO_AWARD, None),
        ("井下作业机器人揭榜挂帅（演示）", ChallengeStatus.CANCELLED, None),
    ]
    for title, stage, demand in stages:
        _challenge(
            title,
            stage=stage,
            reviewer=reviewer,
            funder=owner,
            applicants=applicants,
            expert=expert,
            demand=demand,
        )
    matches_compute()
    out.write(
        f"技术需求 {Demand.objects.count()} 项，揭榜挂帅榜单 {Challenge.objects.count()} 个。"
    )
    return [("demo-lab", DEMO_PASSWORD, "企业（已认证，揭榜方）enterprise, a challenge applicant")]
