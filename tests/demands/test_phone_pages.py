"""The pages that gained a PDF link, a 公示 reason or a contract's origin, on a phone
(390 px) in Chromium: each shows what it gained, nothing overflows sideways, and the PDF
link opens the PDF for the one allowed."""

import datetime

import pytest

from demands.services import challenges as services
from demands.services import demands as demand_services
from demands.services import scoring
from tests.conftest import browser_login
from tests.demands.conftest import CRITERIA, make_challenge, make_demand, make_expert, pdf_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 390, 844
LONG_TITLE = "超稠油油藏 SAGD 循环预热阶段提速增效与注汽量下降关键技术攻关揭榜挂帅项目"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def phone(browser, live_server, user=None):
    context = browser.new_context(locale="zh-CN", viewport={"width": WIDTH, "height": HEIGHT})
    page = context.new_page()
    page.set_default_timeout(15_000)
    if user is not None:
        browser_login(page, live_server, user)
    return page


def open_page(page, live_server, path):
    page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, path


@pytest.fixture
def evaluated(reviewer, enterprise_user, institute_user, outsider, fixed_today):
    challenge = make_challenge(reviewer, enterprise_user.organization, title=LONG_TITLE)
    first = services.application_submit(
        challenge=challenge,
        by=institute_user,
        data={"summary": "蒸汽腔均匀扩展方案"},
        proposal=pdf_upload("方案.pdf"),
    )
    second = services.application_submit(
        challenge=challenge, by=outsider, data={"summary": "另一方案"}
    )
    expert = make_expert()
    scoring.experts_assign(challenge=challenge, experts=[expert], by=reviewer)
    fixed_today.set(challenge.applications_close_on + datetime.timedelta(days=1))
    challenge = services.challenge_close_applications(challenge=challenge, by=reviewer)
    return challenge, first, second, expert


def test_the_applicant_and_the_expert_open_the_proposal_on_a_phone(
    browser, live_server, evaluated, institute_user
):
    challenge, first, _second, expert = evaluated
    for user, path in (
        (institute_user, f"/challenges/{challenge.pk}/"),
        (institute_user, "/challenges/mine/"),
        (expert, f"/challenges/{challenge.pk}/"),
    ):
        page = phone(browser, live_server, user)
        open_page(page, live_server, path)
        link = page.locator(f"a.proposal-pdf[href$='/applications/{first.pk}/proposal/']")
        assert link.first.is_visible(), (user.username, path)
        answer = page.request.get(f"{live_server.url}/challenges/applications/{first.pk}/proposal/")
        assert answer.status == 200 and answer.body().startswith(b"%PDF")
        page.context.close()


def test_the_owner_sees_the_response_pdf_link_on_a_phone(
    browser, live_server, enterprise_user, institute_user, reviewer
):
    demand = make_demand(enterprise_user, reviewer=reviewer)
    demand_services.demand_respond(
        demand=demand, by=institute_user, message="现场试验过的方案。", upload=pdf_upload()
    )
    page = phone(browser, live_server, enterprise_user)
    open_page(page, live_server, f"/demands/{demand.pk}/")
    assert page.locator("a.response-pdf").is_visible()
    page.context.close()


def test_the_publicity_reason_and_the_contracts_origin_on_a_phone(
    browser, live_server, evaluated, reviewer, outsider, fixed_today
):
    challenge, first, second, expert = evaluated
    scoring.score_submit(application=first, expert=expert, scores={c["name"]: 90 for c in CRITERIA})
    scoring.score_submit(
        application=second, expert=expert, scores={c["name"]: 70 for c in CRITERIA}
    )
    # The reviewer's desk on a phone: the second one, with a reason.
    page = phone(browser, live_server, reviewer)
    open_page(page, live_server, f"/admin/demands/challenge/{challenge.pk}/change/")
    page.select_option("#id_application", str(second.pk))
    page.fill("#id_reason", "排名第一的单位资质核查未通过，依次递补。")
    page.click("#propose-form input[type=submit]")
    page.wait_for_load_state()
    page.context.close()
    visitor = phone(browser, live_server)
    open_page(visitor, live_server, f"/challenges/{challenge.pk}/")
    assert visitor.locator(".proposal-reason").is_visible()
    assert "资质核查未通过" in visitor.locator(".publicity").inner_text()
    visitor.context.close()
    challenge.refresh_from_db()
    fixed_today.set(challenge.publicity_until + datetime.timedelta(days=1))
    challenge = services.challenge_award(challenge=challenge, by=reviewer)
    contract = services.challenge_contract(challenge=challenge, by=reviewer)
    winner = phone(browser, live_server, outsider)
    open_page(winner, live_server, f"/contracts/{contract.pk}/")
    origin = winner.locator(".contract-origin a")
    assert origin.is_visible() and origin.get_attribute("href") == f"/challenges/{challenge.pk}/"
    winner.context.close()
