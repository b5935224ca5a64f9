"""The site search (/search/?q=): one query, answered by a list of providers, one a kind
of thing (patents, results, institutions, …), each reusing the search of its own list page.

A provider is added with one line in PROVIDERS. Each group shows how many match (counted
up to COUNT_CAP, so that a common word never counts a whole big table) and its first
GROUP_LIMIT hits, and links to its list page with the same words for the rest. The search
is the apps' own `icontains` matching: the same on SQLite and PostgreSQL (where the
patents' trigram indexes serve it).
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from demands import selectors as demand_selectors
from institutions import selectors as institution_selectors
from institutions.filters import InstitutionFilter
from institutions.models import InstitutionKind
from patents import selectors as patent_selectors

MIN_LENGTH = 2
MAX_LENGTH = 100
GROUP_LIMIT = 5
COUNT_CAP = 100


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    meta: str = ""


@dataclass(frozen=True)
class Provider:
    key: str
    label: str | Promise
    list_url_name: str  # the list page whose own search takes `?q=`
    search: Callable[[str, object], QuerySet]  # (words, user) -> matching rows, ordered
    hit: Callable[[object], Hit]


@dataclass(frozen=True)
class Group:
    key: str
    label: str | Promise
    count: int  # capped at COUNT_CAP + 1 ("more than COUNT_CAP")
    hits: list[Hit]
    more_url: str

    @property
    def count_capped(self) -> bool:
        return self.count > COUNT_CAP


def _patents(q: str, user) -> QuerySet:
    filters = patent_selectors.CatalogueFilters(q=q)
    # The hits need no catalogue entries: the list's prefetch is dropped.
    return patent_selectors.patents_filtered(filters, user=user).prefetch_related(None)


def _patent_hit(patent) -> Hit:
    return Hit(
        title=patent.title,
        url=reverse("patents:detail", args=[patent.application_number]),
        meta=f"{patent.application_number} · {patent.patentee}",
    )


def _results(q: str, user) -> QuerySet:
    # What the public list shows (published results), whoever searches.
    return institution_selectors.visible_results(None).search(q)


def _result_hit(result) -> Hit:
    institution = result.institution
    return Hit(
        title=result.title,
        url=reverse("institutions:result", args=[result.pk]),
        meta=institution.short_name or institution.name,
    )


def _institutions(q: str, user) -> QuerySet:
    rows = institution_selectors.institution_list()
    return InstitutionFilter({"q": q}, queryset=rows).qs


def _institution_hit(institution) -> Hit:
    kind = InstitutionKind(institution.kind).label if institution.kind else ""
    place = institution.city or institution.province
    return Hit(
        title=institution.name,
        url=reverse("institutions:detail", args=[institution.pk]),
        meta=" · ".join(str(part) for part in (kind, place) if part),
    )


def _demands(q: str, user) -> QuerySet:
    return demand_selectors.published_demands(q)


def _demand_hit(demand) -> Hit:
    return Hit(title=demand.title, url=demand.get_absolute_url(), meta=demand.organization.name)


def _challenges(q: str, user) -> QuerySet:
    return demand_selectors.public_challenges(q).order_by("-pk")


def _challenge_hit(challenge) -> Hit:
    return Hit(
        title=challenge.title,
        url=challenge.get_absolute_url(),
        meta=challenge.get_status_display(),
    )


PROVIDERS: list[Provider] = [
    Provider("patents", _("高价值专利"), "patents:catalogue", _patents, _patent_hit),
    Provider("results", _("科技成果"), "institutions:results", _results, _result_hit),
    Provider("institutions", _("高校院所"), "institutions:list", _institutions, _institution_hit),
    Provider("demands", _("技术需求"), "demands:list", _demands, _demand_hit),
    Provider("challenges", _("揭榜挂帅"), "demands:challenges", _challenges, _challenge_hit),
]


def check_query(raw: str | None) -> tuple[str, str | Promise | None]:
    """(the words, a problem or None). Spaces around and inside are tidied."""
    q = " ".join((raw or "").split())
    if not q:
        return "", None
    if len(q) < MIN_LENGTH:
        return q, _("请至少输入 2 个字再搜索。")
    if len(q) > MAX_LENGTH:
        return q, _("搜索词过长，请不超过 100 个字。")
    return q, None


def site_search(q: str, user=None, providers: list[Provider] | None = None) -> list[Group]:
    """Every provider's group for checked words: two queries each (the capped count and
    the first hits), whatever the size of the tables."""
    groups = []
    for provider in PROVIDERS if providers is None else providers:
        rows = provider.search(q, user)
        count = rows[: COUNT_CAP + 1].count()
        hits = [provider.hit(row) for row in rows[:GROUP_LIMIT]] if count else []
        more_url = f"{reverse(provider.list_url_name)}?{urlencode({'q': q})}"
        groups.append(Group(provider.key, provider.label, count, hits, more_url))
    return groups
