"""The journeys of issue 16 in Chromium: a challenge from creation to award and the winner's
contract draft; an enterprise posting a demand and seeing matching results."""

import datetime

import pytest
from playwright.sync_api import expect

from contracts.models import Contract
from demands.models import Challenge, ChallengeObjection, Demand
from institutions.models import Institution
from institutions.services import result_create, result_publish
from tests.conftest import browser_login
from tests.demands.conftest import CRITERIA, TODAY, make_expert

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def signed_in(browser, live_server, user):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    browser_login(page, live_server, user)
    return page


def admin_action(page, live_server, path, pk, action, note=""):
    page.goto(f"{live_server.url}{path}?queue=all")
    page.check(f"input[name=_selected_action][value='{pk}']")
    page.select_option("select[name=action]", action)
    if note:
        page.fill("input[name=note]", note)
    page.click("button[name=index]")
    page.wait_for_load_state()


def test_a_challenge_from_creation_to_award_and_the_winners_contract(
    browser, page, live_server, reviewer, enterprise_user, institute_user, outsider, fixed_today
):
    # The reviewer creates the challenge in the admin and opens it.
    browser_login(page, live_server, reviewer)
    page.goto(f"{live_server.url}/admin/demands/challenge/add/")
    page.fill("#id_title", "超稠油 SAGD 循环预热提速揭榜挂帅")
    page.fill("#id_problem", "循环预热周期长、注汽量大。")
    page.fill("#id_targets", "预热周期缩短 30%。")
    page.fill("#id_award_amount", "5000000")
    page.select_option("#id_funder", str(enterprise_user.organization_id))
    page.fill("#id_questions_close_on", (TODAY + datetime.timedelta(days=10)).isoformat())
    page.fill("#id_applications_close_on", (TODAY + datetime.timedelta(days=20)).isoformat())
    page.fill("#id_publicity_days", "5")
    page.fill("#id_criteria", "\n".join(f"{c['name']} {c['weight']}" for c in CRITERIA))
    page.click("input[name=_save]")
    challenge = Challenge.objects.get(title="超稠油 SAGD 循环预热提速揭榜挂帅")
    assert challenge.criteria == CRITERIA
    admin_action(page, live_server, "/admin/demands/challenge/", challenge.pk, "open_challenge")
    challenge.refresh_from_db()
    assert challenge.status == "open"

    # The applicant asks a question before the cut-off and applies with its PDF.
    applicant = signed_in(browser, live_server, institute_user)
    applicant.goto(f"{live_server.url}/challenges/{challenge.pk}/")
    applicant.fill(".question-form textarea[name=question]", "是否允许联合体揭榜？")
    applicant.click(".question-form button[type=submit]")
    expect(applicant.locator("main .messages")).to_contain_text("问题已提交")
    applicant.fill(".application-form textarea[name=summary]", "溶剂辅助与电加热组合预热方案")
    applicant.fill(".application-form input[name=budget]", "4800000")
    applicant.set_input_files(
        ".application-form input[name=proposal]",
        {"name": "方案.pdf", "mimeType": "application/pdf", "buffer": PDF},
    )
    applicant.click(".application-form button[type=submit]")
    expect(applicant.locator("main .messages")).to_contain_text("揭榜申请已提交")

    # The reviewer answers; the answer is public and the asker is not named.
    question = challenge.questions.get()
    page.goto(f"{live_server.url}/admin/demands/challengequestion/{question.pk}/change/")
    page.fill("#id_answer", "允许，由牵头单位申请。")
    page.click("input[name=_save]")
    visitor = browser.new_context(locale="zh-CN").new_page()
    visitor.goto(f"{live_server.url}/challenges/{challenge.pk}/")
    expect(visitor.locator(".questions")).to_contain_text("允许，由牵头单位申请。")
    expect(visitor.locator("main")).not_to_contain_text(institute_user.organization.name)

    # Another organisation applies too; it cannot see the first, sealed application.
    other = signed_in(browser, live_server, outsider)
    other.goto(f"{live_server.url}/challenges/{challenge.pk}/")
    expect(other.locator("main")).not_to_contain_text("溶剂辅助与电加热组合预热方案")
    other.fill(".application-form textarea[name=summary]", "多介质复合预热方案")
    other.click(".application-form button[type=submit]")
    expect(other.locator("main .messages")).to_contain_text("揭榜申请已提交")
    expect(other.locator("main")).not_to_contain_text("溶剂辅助与电加热组合预热方案")

    # After the deadline a late application is refused.
    fixed_today.set(challenge.applications_close_on + datetime.timedelta(days=1))
    late = signed_in(browser, live_server, make_member_late())
    late.goto(f"{live_server.url}/challenges/{challenge.pk}/")
    late.fill(".application-form textarea[name=summary]", "迟到的方案")
    late.click(".application-form button[type=submit]")
    expect(late.locator("main .messages")).to_contain_text("揭榜已截止")
    assert not challenge.applications.filter(summary="迟到的方案").exists()

    # Evaluation: the expert declares a conflict on one application and scores the other.
    admin_action(page, live_server, "/admin/demands/challenge/", challenge.pk, "close_applications")
    expert = make_expert("评审专家甲", organization=outsider.organization)
    admin_action(
        page,
        live_server,
        "/admin/demands/challenge/",
        challenge.pk,
        "assign_experts",
        note=expert.username,
    )
    assert challenge.experts.filter(expert=expert).exists()
    judge = signed_in(browser, live_server, expert)
    judge.goto(f"{live_server.url}/challenges/{challenge.pk}/")
    theirs = challenge.applications.get(organization=outsider.organization)
    mine = challenge.applications.get(organization=institute_user.organization)
    judge.click(f".application[data-application='{theirs.pk}'] button.conflict")
    expect(judge.locator("main .messages")).to_contain_text("已声明利益冲突")
    card = judge.locator(f".application[data-application='{mine.pk}']")
    for n, value in enumerate(("85", "80", "90")):
        card.locator(f"input[name=c{n}]").fill(value)
    card.locator("button:has-text('提交评分')").click()
    expect(judge.locator("main .messages")).to_contain_text("评分已提交")
    expect(judge.locator(".ranking")).to_contain_text("84.50")

    # 公示: the top of the ranking is proposed; a visitor objects; the reviewer dismisses it.
    admin_action(page, live_server, "/admin/demands/challenge/", challenge.pk, "propose_top")
    visitor.goto(f"{live_server.url}/challenges/{challenge.pk}/")
    expect(visitor.locator(".publicity")).to_contain_text(institute_user.organization.name)
    visitor.fill(".objection-form input[name=name]", "王先生")
    visitor.fill(".objection-form input[name=contact]", "13800000000")
    visitor.fill(".objection-form textarea[name=grounds]", "业绩材料存疑。")
    visitor.click(".objection-form button[type=submit]")
    expect(visitor.locator("main .messages")).to_contain_text("异议已提交")
    objection = ChallengeObjection.objects.get(challenge=challenge)
    admin_action(
        page,
        live_server,
        "/admin/demands/challengeobjection/",
        objection.pk,
        "dismiss",
        note="经核实材料真实。",
    )
    objection.refresh_from_db()
    assert objection.status == "dismissed"

    # Once 公示 has run its working days: award, and the winner's draft contract.
    challenge.refresh_from_db()
    fixed_today.set(challenge.publicity_until + datetime.timedelta(days=1))
    admin_action(page, live_server, "/admin/demands/challenge/", challenge.pk, "award")
    admin_action(page, live_server, "/admin/demands/challenge/", challenge.pk, "make_contract")
    challenge.refresh_from_db()
    assert challenge.status == "awarded" and challenge.winner == institute_user.organization
    applicant.goto(f"{live_server.url}/challenges/{challenge.pk}/")
    applicant.click("main a:has-text('完善并提交技术合同')")
    expect(applicant.locator("main")).to_contain_text(enterprise_user.organization.name)
    contract = Contract.objects.get(challenge=challenge)
    assert contract.seller == institute_user.organization and contract.status == "draft"
    assert contract.buyer_uscc == enterprise_user.organization.uscc


def make_member_late():
    from tests.conftest import make_member

    return make_member()


def test_an_enterprise_posts_a_demand_and_sees_matching_results(
    browser, page, live_server, reviewer, enterprise_user, institute_user
):
    institution = Institution.objects.get(organization=institute_user.organization)
    result = result_create(
        institution=institution,
        data={
            "title": "多介质复合蒸汽驱提高采收率技术",
            "summary": "蒸汽中加入氮气与降黏剂，提高稠油油藏波及体积。",
            "technical_field": "advanced_manufacturing",
            "trl": 7,
            "ip_type": "technical_secret",
            "cooperation_modes": ["license"],
            "contact_name": "李老师",
            "contact_phone": "0990-6000001",
        },
        by=institute_user,
    )
    result_publish(result=result, by=institute_user)

    browser_login(page, live_server, enterprise_user)
    page.goto(f"{live_server.url}/demands/")
    page.click("main a:has-text('发布技术需求')")
    page.fill("#id_title", "稠油蒸汽驱后期汽窜治理")
    page.fill("#id_summary", "稠油油藏蒸汽驱后期汽窜严重，希望扩大蒸汽波及体积。")
    page.fill("#id_details", "区块井网与注采数据。")
    page.fill("#id_targets", "油汽比提高到 0.15。")
    page.select_option("#id_technical_field", "advanced_manufacturing")
    page.check("input[name=tags][value=oil_gas]")
    page.fill("#id_deadline", (datetime.date.today() + datetime.timedelta(days=60)).isoformat())
    page.click("main button[type=submit]")
    expect(page.locator("main .messages")).to_contain_text("需求草稿已保存")
    page.click("main button:has-text('提交审核')")
    expect(page.locator("main .messages")).to_contain_text("需求已提交审核")

    demand = Demand.objects.get(title="稠油蒸汽驱后期汽窜治理")
    reviewing = signed_in(browser, live_server, reviewer)
    admin_action(reviewing, live_server, "/admin/demands/demand/", demand.pk, "publish")
    demand.refresh_from_db()
    assert demand.status == "published"

    page.goto(f"{live_server.url}/demands/{demand.pk}/")
    match = page.locator(".matches .match").first
    expect(match).to_contain_text("多介质复合蒸汽驱提高采收率技术")
    expect(match).to_contain_text("同一技术领域")
    expect(match).to_contain_text("蒸汽驱")
