"""In a real browser: a visitor served the cached home page switches the language with
its form (their own CSRF token in the cached HTML), as the first visitor does."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOKEN = "form.lang input[name=csrfmiddlewaretoken]"


def test_a_visitor_of_the_cached_home_page_switches_to_english(browser, live_server, monkeypatch):
    from portal import selectors

    rendered = []
    home_context = selectors.home_context
    monkeypatch.setattr(selectors, "home_context", lambda: rendered.append(1) or home_context())
    tokens = []
    for _visitor in range(2):  # the first renders and stores the page, the second is served it
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        page.goto(live_server.url + "/")
        tokens.append(page.locator(TOKEN).get_attribute("value"))
        page.click("button:has-text('English')")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("main")).not_to_contain_text("Forbidden")
        context.close()
    # Rendered twice: the first visitor's Chinese and English pages; the second visitor
    # was served both from the cache.
    assert len(rendered) == 2
    assert tokens[0] != tokens[1] and all(len(token) == 64 for token in tokens)
