"""The print stylesheet: a detail page or the statistics on paper, without the menu or
buttons, with the addresses of its links, tables whole."""

import pytest

from contracts import demo_history
from contracts.importing import import_contracts
from tests.institutions.conftest import make_institution, make_result

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shown(page, selector) -> list[bool]:
    return page.eval_on_selector_all(
        selector, "els => els.map(e => getComputedStyle(e).display !== 'none')"
    )


def test_a_result_and_the_statistics_print_without_menu_and_buttons(
    page, live_server, institute_user
):
    institution = make_institution(institute_user, name="打印测试研究院")
    result = make_result(institution, institute_user, title="打印测试成果")
    import_contracts(demo_history.as_csv(), "demo.csv")
    for path in (f"/results/{result.pk}/", f"/institutions/{institution.pk}/", "/stats/?year=2025"):
        page.goto(live_server.url + path)
        assert any(_shown(page, ".site-header")), "on screen the header shows"
        page.emulate_media(media="print")
        assert not any(_shown(page, ".site-header, .site-search, main .button, main button"))
        after = page.eval_on_selector(
            "main a[href^='/']", "a => getComputedStyle(a, '::after').content"
        )
        assert "/" in after, f"{path}: a link prints its address ({after})"
        rows = page.eval_on_selector_all(
            "main tr", "rows => rows.map(r => getComputedStyle(r).breakInside)"
        )
        assert set(rows) <= {"avoid"}, path
        page.emulate_media(media="screen")
