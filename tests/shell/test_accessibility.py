"""axe-core on every main page, for each role that sees it: no serious or critical
violation (contrast, names of controls, landmarks, languages, …)."""

import pytest

from contracts import demo_history
from contracts.importing import import_contracts
from tests.accessibility import axe_violations, describe
from tests.conftest import browser_login
from tests.contracts.conftest import make_registered
from tests.institutions.conftest import make_institution, make_result
from tests.patents.conftest import many_rows, publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC = (
    "/",
    "/patents/",
    "/results/",
    "/institutions/",
    "/stats/",
    "/verify/",
    "/guide/",
    "/search/?q=油藏",
    "/accounts/login/",
    "/accounts/signup/",
)
ENTERPRISE = ("/contracts/", "/contracts/new/", "/notifications/")
REVIEWER = ("/admin/",)


@pytest.fixture
def site(reviewer, institute_user, enterprise_user):
    publish(many_rows(3), year=2025, by=reviewer)
    institution = make_institution(institute_user, name="油藏工程测试研究院")
    make_result(institution, institute_user, title="稠油油藏注汽优化")
    import_contracts(demo_history.as_csv(), "demo.csv")
    make_registered(enterprise_user, reviewer)


@pytest.mark.parametrize("language", ["zh-CN", "en-US"])
def test_no_serious_or_critical_violation_on_the_main_pages(
    browser, live_server, site, enterprise_user, reviewer, language
):
    problems = []
    for user, paths in ((None, PUBLIC), (enterprise_user, ENTERPRISE), (reviewer, REVIEWER)):
        context = browser.new_context(locale=language, viewport={"width": 1366, "height": 900})
        page = context.new_page()
        if user is not None:
            browser_login(page, live_server, user)
        code = "en" if language.startswith("en") else "zh-hans"
        context.add_cookies([{"name": "django_language", "value": code, "url": live_server.url}])
        for path in paths:
            page.goto(live_server.url + path)
            assert page.get_attribute("html", "lang") == code, path
            found = axe_violations(page)
            if found:
                problems.append(describe(path, found))
        context.close()
    assert not problems, "\n".join(problems)
