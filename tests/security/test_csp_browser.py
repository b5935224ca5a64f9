"""The Content-Security-Policy is strict (`default-src 'self'`, no inline script or style)
and the main pages run under it in Chromium without a single violation."""

import pytest

from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI + ' ' +
                              event.sourceFile + ':' + event.lineNumber);
});
"""

PUBLIC = ["/", "/stats/", "/patents/", "/institutions/", "/results/", "/accounts/login/",
          "/accounts/signup/", "/api/docs/"]  # fmt: skip
ENTERPRISE = ["/contracts/new/", "/contracts/", "/accounts/profile/"]
REVIEWER = ["/admin/", "/admin/contracts/contract/", "/admin/accounts/organization/"]


def violations_on(page, live_server, paths):
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    page.add_init_script(WATCH)
    found = {}
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        policy = response.headers.get("content-security-policy", "")
        assert "default-src 'self'" in policy and "unsafe-inline" not in policy, path
        page.wait_for_load_state("networkidle")
        seen = page.evaluate("window.__cspViolations") + console
        console.clear()
        if seen:
            found[path] = seen
    return found


def test_public_pages_run_under_the_policy(page, live_server):
    assert violations_on(page, live_server, PUBLIC) == {}


def test_the_enterprise_pages_and_the_contract_form_run_under_the_policy(
    page, live_server, enterprise_user
):
    browser_login(page, live_server, enterprise_user)
    assert violations_on(page, live_server, ENTERPRISE) == {}
    # The contract form's script (a static file) still works: it is not blocked.
    page.goto(live_server.url + "/contracts/new/")
    assert page.evaluate("window.__cspViolations") == []


def test_the_admin_changelists_run_under_the_policy(page, live_server, reviewer):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", reviewer.username)
    page.fill("input[name=password]", "Correct-Horse-9")
    page.click("input[type=submit]")
    page.wait_for_load_state()
    assert violations_on(page, live_server, REVIEWER) == {}


def test_an_inline_script_would_be_caught(page, live_server):
    """The listener sees a violation when there is one (so the tests above can fail)."""
    page.add_init_script(WATCH)
    page.goto(live_server.url + "/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = '1'; "
        "document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert any("script-src" in v for v in page.evaluate("window.__cspViolations"))
