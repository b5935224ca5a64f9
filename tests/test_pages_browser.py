"""/patents/ and /stats/ in Chromium, on a phone (390 px) and a desktop (1366 px), in both
languages: the first patent shows without scrolling, nothing overflows sideways, chart
text is 11 px or more and never cut off, the monthly table scrolls with a hint and a
sticky month, and neither "1 月" nor "合同数" breaks inside."""

import io

import pytest

from contracts import demo_history
from patents import demo as patents_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {390: 844, 1366: 900}

# Each chart text's rendered size and whether it lies inside its chart's viewBox.
CHART_TEXTS = """() => [...document.querySelectorAll('svg.chart')].filter(s => s.getBoundingClientRect().width > 0)
  .flatMap(svg => {
    const box = svg.viewBox.baseVal, scale = svg.getScreenCTM().a;
    return [...svg.querySelectorAll('text')].map(t => {
      const b = t.getBBox();
      return {text: t.textContent, px: parseFloat(t.getAttribute('font-size')) * scale,
              inside: b.x >= -0.5 && b.x + b.width <= box.width + 0.5};
    });
  })"""

# How many lines an element's text takes.
LINES = """el => { const r = document.createRange(); r.selectNodeContents(el);
  return new Set([...r.getClientRects()].map(c => Math.round(c.top))).size; }"""


@pytest.fixture
def site(live_server):
    patents_demo.seed(io.StringIO())
    demo_history.seed(io.StringIO())
    return live_server


def _open(page, site, width: int, language: str, path: str):
    page.set_viewport_size({"width": width, "height": SIZES[width]})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": site.url}])
    page.goto(f"{site.url}{path}")
    assert page.evaluate("document.documentElement.lang") == language


def _no_sideways_overflow(page, width: int):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("width", [390, 1366])
def test_patents_first_result_on_the_first_screen(page, site, width, language):
    _open(page, site, width, language, "/patents/")
    first = page.locator(".patent-card").first
    box = first.bounding_box()
    assert box is not None and box["y"] + 40 < SIZES[width], box
    _no_sideways_overflow(page, width)
    details = page.locator("#patents-filters")
    facet = page.locator(".patents-facets a[data-facet]").first
    if width == 390:
        assert details.get_attribute("open") is None
        assert not facet.is_visible()
        page.click("#patents-filters > summary")
        assert facet.is_visible()
    else:
        assert facet.is_visible()  # always shown on a desktop
    for term in page.locator(".footer-facts dt").all():  # "Run by:" broke after "Run"
        assert term.evaluate(LINES) == 1, term.inner_text()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("width", [390, 1366])
def test_stats_charts_readable_and_tables_whole(page, site, width, language):
    _open(page, site, width, language, "/stats/")
    _no_sideways_overflow(page, width)
    texts = page.evaluate(CHART_TEXTS)
    assert texts
    small = [t for t in texts if t["px"] < 11]
    assert not small, small[:5]
    cut = [t["text"] for t in texts if not t["inside"]]
    assert not cut, cut[:5]
    month = page.locator("#monthly-table th.month").first
    assert month.evaluate(LINES) == 1
    assert month.evaluate("el => getComputedStyle(el).position") == "sticky"
    scroller = page.locator("#monthly-table").locator("xpath=..")
    hint = page.locator("#monthly-scroll-hint")
    if width == 390:
        assert scroller.evaluate("el => el.scrollWidth > el.clientWidth")
        assert hint.is_visible()
    else:
        assert not hint.is_visible()
    for header in page.locator("table.compact thead th.num").all():
        assert header.evaluate(LINES) == 1, header.inner_text()
    # A category's name is never cut at the table's edge; a table wider than its card
    # says it scrolls.
    for card in page.locator(".chart-card:has(table.compact)").all():
        scroller = card.locator(".table-scroll")
        for name in card.locator("table.compact th[scope=row]").all():
            assert name.evaluate("el => el.scrollWidth <= el.clientWidth"), name.inner_text()
            right = name.bounding_box()["x"] + name.bounding_box()["width"]
            assert right <= scroller.bounding_box()["x"] + scroller.bounding_box()["width"] + 1
        if scroller.evaluate("el => el.scrollWidth > el.clientWidth"):
            assert card.locator(".scroll-hint").is_visible()
        unit = card.locator("caption.table-unit").bounding_box()  # seen before any scrolling
        assert unit["x"] >= scroller.bounding_box()["x"] - 1 and unit["x"] < width / 2
    if language == "en":
        body = page.locator("main").inner_text()
        assert "× 100 M" not in body and "Month 1" not in body and " M1 " not in body
        assert "billion yuan" in body or "million yuan" in body
        # The tables in the charts' unit: no 10k yuan beside million-yuan charts.
        assert "10k yuan" not in body and "10 k yuan" not in body and "万元" not in body
        assert "Turnover (million yuan)" in body
