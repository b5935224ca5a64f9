"""Every page, for every role, in both languages, reads in that language: no raw code (a
choices value, a JSON list), no stray English word on a Chinese page, no Chinese on an
English page except the names that come from the data shown (organisations, people,
demo titles) — compared against the database, not a hand-made list.

The demo data is loaded once for the module (inside a transaction rolled back at the
end); each page is its own parametrised test on the test client (SQLite).
"""

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models, transaction
from django.test import Client

from contracts import codes as contract_codes

ROOT = Path(__file__).resolve().parent.parent

LANGUAGES = ("zh-hans", "en")
APPS = (
    "accounts", "contracts", "institutions", "patents", "notifications", "common",
    "demands", "managers", "instruments",
)  # fmt: skip

# Words a Chinese page may carry: brand and format names, units, codes of standards.
ALLOWED_LATIN = {
    "IPC", "TRL", "PDF", "API", "Excel", "CSV", "XLSX", "English", "ICP", "USCC", "JJ",
    "CN", "ZL", "SHA", "ISO", "GB", "OpenAPI", "Swagger", "HTTPS", "URL", "ID", "QR", "Email",
    "E", "mail", "MB", "KB", "No",
}  # fmt: skip
# Chinese an English page may carry besides the data: the switch back to Chinese.
ALLOWED_CJK = {"中文"}
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
LATIN_WORD = re.compile(r"(?<![\w@./:-])[A-Za-z][A-Za-z]+(?![\w@./:-])")
CODE = re.compile(r"(?<![\w-])[a-z]+(?:_[a-z]+)+(?![\w-])")
# A run of Chinese with its punctuation, digits and inner spaces: "克拉玛依示范公司（演示）".
PHRASE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff（）【】《》“”、，。；：！？]+")
FULL_WIDTH_AFTER_LATIN = re.compile(r"[A-Za-z0-9)][：；（]")
JSON_LIST = re.compile(r"\[\s*\"[^\"]*\"(\s*,\s*\"[^\"]*\")*\s*\]")


class _Text(HTMLParser):
    """The text a reader sees: text nodes outside <script>/<style>, and `title`/`alt`/
    `placeholder`/`aria-label` attributes."""

    SKIP = {"script", "style", "code", "pre", "svg"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skipping += 1
        for name, value in attrs:
            if name in {"title", "alt", "placeholder", "aria-label"} and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.parts


# ---- the data the pages show ----------------------------------------------------------


def _codes(value) -> bool:
    """A stored code or list of codes (states in event rows, tags, modes): codes are never
    text a page may show."""
    if isinstance(value, str):
        return bool(re.fullmatch(r"[a-z0-9_]+", value))
    return isinstance(value, list) and all(
        isinstance(item, str) and re.fullmatch(r"[a-z0-9_]+", item) for item in value
    )


def _data_corpus() -> str:
    """Every text value stored by the portal's apps, joined: a name on a page that is in
    here came from the data."""
    chunks = []
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            names = [
                f.name
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField | models.JSONField)
                and not f.choices
            ]
            for row in model.objects.values_list(*names) if names else ():
                chunks.extend(str(value) for value in row if value and not _codes(value))
    from django.conf import settings

    chunks += [settings.ICP_NUMBER, settings.SITE_OWNER, settings.SITE_POSTAL_ADDRESS]
    # The shipped GB/T 2260 table is data too (outside Xinjiang it has no English names).
    chunks += contract_codes.region_names().values()
    return "\n".join(chunks)


def _ui_strings() -> set[str]:
    """The Chinese source strings of the interface (every msgid): one of these on an
    English page is a missing translation, even if some data also contains it."""
    strings = set()
    for po in ROOT.glob("*/locale/en/LC_MESSAGES/django.po"):
        for block in re.findall(r'^msgid ((?:".*"\n)+)', po.read_text(encoding="utf-8"), re.M):
            text = "".join(re.findall(r'"(.*)"', block))
            strings.update(CJK.findall(text) if len(text) < 12 else [])
    return {s for s in strings if s}


def _choice_codes() -> set[str]:
    """The stored codes of every choices field (`oil_gas`, `in_progress`, `draft`)."""
    codes = set()
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.concrete_fields:
                for value, _label in field.flatchoices or ():
                    if isinstance(value, str) and re.fullmatch(r"[a-z][a-z_]{2,}", value):
                        codes.add(value)
    return codes


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            yield {"corpus": _data_corpus(), "codes": _choice_codes(), "ui": _ui_strings()}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# ---- the pages ------------------------------------------------------------------------


def _first(model_path: str, **filters):
    model = apps.get_model(model_path)
    return model.objects.filter(**filters).order_by("pk").first()


def _detail_pages() -> list[str]:
    """One public detail page of each new app's demo objects (demand, challenge, technology
    manager, instrument)."""
    found = [
        ("demands.Demand", {"status": "published"}, "/demands/{}/"),
        *(
            ("demands.Challenge", {"status": stage}, "/challenges/{}/")
            for stage in ("open", "evaluating", "publicity", "awarded", "no_award", "cancelled")
        ),
        ("managers.Manager", {"status": "approved"}, "/managers/{}/"),
        ("instruments.Instrument", {"status": "available"}, "/instruments/{}/"),
    ]
    pages = []
    for label, filters, url in found:
        row = _first(label, **filters)
        assert row is not None, f"seed_demo made no {label} with {filters}"
        pages.append(url.format(row.pk))
    return pages


def _pages(role: str) -> list[str]:
    """The pages `role` sees, demo objects' detail pages included."""
    if role == "visitor":
        entry = _first("patents.CatalogueEntry")
        institution = _first("institutions.Institution", is_demo=True)
        result = _first("institutions.Result", status="published")
        return [
            "/", "/patents/", "/patents/?q=%E5%82%AC%E5%8C%96", "/stats/", "/institutions/",
            "/results/", "/verify/", "/verify/objection/", "/accounts/login/",
            "/accounts/signup/", "/enquiries/track/",
            f"/patents/{entry.patent.application_number}/",
            f"/institutions/{institution.pk}/", f"/results/{result.pk}/",
            f"/enquiries/new/?target_type=result&target_id={result.pk}",
            "/guide/", "/search/?q=%E7%A8%A0%E6%B2%B9", "/demands/", "/challenges/",
            "/managers/", "/instruments/",
            *_detail_pages(),
        ]  # fmt: skip
    if role == "demo-enterprise":
        user = _first("accounts.User", username=role)
        contracts = apps.get_model("contracts.Contract").objects.filter(seller=user.organization)
        statuses = {c.status: c.pk for c in contracts.order_by("pk")}
        owned = ["/demands/mine/", "/challenges/mine/", "/instruments/bookings/"]
        demand = _first("demands.Demand", organization=user.organization)
        owned += [f"/demands/{demand.pk}/"] if demand else []
        return (
            ["/contracts/", "/contracts/new/", "/notifications/", "/accounts/profile/"]
            + owned
            + [f"/contracts/{pk}/" for pk in statuses.values()]
        )
    if role == "demo-institute":
        user = _first("accounts.User", username=role)
        result = _first("institutions.Result", institution__organization=user.organization)
        pages = [
            "/institutions/dashboard/",
            "/results/new/",
            "/enquiries/",
            "/instruments/bookings/",
        ]
        if result:
            pages += [f"/results/{result.pk}/", f"/results/{result.pk}/edit/"]
        enquiry = _first("institutions.Enquiry", institution__organization=user.organization)
        if enquiry:
            pages.append(f"/enquiries/{enquiry.pk}/")
        return pages
    if role == "demo-reviewer":
        contract = _first("contracts.Contract", status="registered")
        return ["/stats/", "/enquiries/", f"/contracts/{contract.pk}/", "/admin/"]
    if role == "demo-expert":
        review = _first("contracts.ExpertReview")
        pages = ["/contracts/expert-reviews/"]
        if review:
            pages.append(f"/contracts/expert-reviews/{review.pk}/")
        return pages
    if role == "demo-manager":
        manager = _first("managers.Manager", user__username=role)
        return [f"/managers/{manager.pk}/", "/managers/inbox/"]
    if role == "demo-lab":
        return ["/challenges/mine/"]
    raise AssertionError(role)


ROLES = (
    "visitor", "demo-enterprise", "demo-institute", "demo-reviewer", "demo-expert",
    "demo-manager", "demo-lab",
)  # fmt: skip


def _from_data(piece: str, corpus: str) -> bool:
    """In the data, or two pieces of it run together (a province and a city)."""
    if piece in corpus:
        return True
    return any(piece[:i] in corpus and piece[i:] in corpus for i in range(2, len(piece) - 1))


def _problems(html: str, language: str, site: dict) -> list[str]:
    problems = []
    corpus, ui = site["corpus"], site["ui"]
    for text in visible_text(html):
        if JSON_LIST.search(text):
            problems.append(f"JSON list: {text[:80]}")
        for code in CODE.findall(text):
            if code in site["codes"]:
                problems.append(f"raw code {code!r} in {text[:80]!r}")
        if language != "en":
            for word in LATIN_WORD.findall(text):
                if word not in ALLOWED_LATIN and word not in corpus and word.upper() != word:
                    problems.append(f"English {word!r} in {text[:80]!r}")
            continue
        # English page: a full-width colon or semicolon against English is the
        # interface's (a label's "：" after "Funder"), not the data's.
        for mark in FULL_WIDTH_AFTER_LATIN.findall(text):
            problems.append(f"Chinese punctuation {mark!r} in {text[:80]!r}")
        # English page: each Chinese phrase must be a piece of the data (a name, a demo
        # title); a bare interface string (a msgid) is a missing translation.
        for phrase in PHRASE.findall(text):
            phrase = phrase.strip("（）【】《》“”、，。；：！？")
            if phrase in ALLOWED_CJK or not CJK.search(phrase):
                continue
            if not _from_data(phrase, corpus) or (phrase in ui and text not in corpus):
                problems.append(f"Chinese {phrase!r} in {text[:80]!r}")
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_reads_in_its_language(demo_site, db, role, language):
    client = Client()
    client.cookies["django_language"] = language
    if role != "visitor":
        client.force_login(apps.get_model("accounts.User").objects.get(username=role))
    failures = {}
    for url in _pages(role):
        response = client.get(url)
        assert response.status_code in (200, 400), (url, response.status_code)
        problems = _problems(response.content.decode(), language, demo_site)
        if problems:
            failures[url] = sorted(set(problems))[:12]
    assert not failures, failures


def test_the_checker_catches_each_kind_of_leak(demo_site):
    chinese_page = '<p>状态：draft → published</p><p>合作方式：["transfer", "license"]</p>'
    found = _problems(chinese_page, "zh-hans", demo_site)
    assert any("draft" in p for p in found) and any("JSON" in p for p in found)
    assert _problems("<p>Uploaded by 张三</p>", "zh-hans", demo_site)
    assert _problems("<p>Status: 草稿</p>", "en", demo_site)
    assert _problems("<p>Sector: oil_gas</p>", "en", demo_site)
    assert _problems("<p>Funder：克拉玛依示范油田技术有限公司（演示）</p>", "en", demo_site)
    assert not _problems("<p>Funder: 克拉玛依示范油田技术有限公司（演示）</p>", "en", demo_site)
    assert _problems("<p>450.00 yuan（per hour）</p>", "en", demo_site)
    assert not _problems(
        "<p>IPC 分类号 · PDF</p><script>var x = 'draft';</script>", "zh-hans", demo_site
    )
