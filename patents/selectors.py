"""Reads of the patent catalogue: filters shared by the pages, the export and the API,
the facet counts, and the lookup of one patent by any accepted form of its number.
"""

import contextlib
from collections import Counter
from dataclasses import dataclass, fields

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from patents.models import (
    Catalogue,
    CatalogueEntry,
    CooperationMode,
    HighValueKind,
    Patent,
    Sector,
)
from patents.validators import normalize_patent_number

IPC_SECTIONS = {
    "A": _("人类生活必需"),
    "B": _("作业；运输"),
    "C": _("化学；冶金"),
    "D": _("纺织；造纸"),
    "E": _("固定建筑物"),
    "F": _("机械工程；照明；加热；武器；爆破"),
    "G": _("物理"),
    "H": _("电学"),
}


@dataclass(frozen=True)
class CatalogueFilters:
    """Checked filter values; None means "not filtered". Built by a form or a FilterSet."""

    q: str | None = None
    ipc: str | None = None  # a normalised prefix: "E21B", "E21B 43", "E21B 43/1"
    ipc_section: str | None = None
    sector: str | None = None
    high_value_kind: str | None = None
    cooperation_mode: str | None = None

    def without(self, name: str) -> "CatalogueFilters":
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values[name] = None
        return CatalogueFilters(**values)


def _json_list_has(field: str, code: str) -> Q:
    # Codes are plain words, so `"code"` (with its quotes) inside the JSON text is an exact
    # element match; this works on SQLite as on PostgreSQL, where `__contains` does not.
    return Q(**{f"{field}__icontains": f'"{code}"'})


def _ipc_pattern(prefix: str) -> str:
    # "E21B 43" means main group 43 (not 430): match up to its slash.
    last = prefix.rsplit(" ", 1)[-1]
    if " " in prefix and "/" not in last:
        return f"|{prefix}/"
    return f"|{prefix}"


def _text_q(q: str, to_patent: str) -> Q:
    condition = Q()
    for column in ("title", "abstract", "patentee", "application_number"):
        condition |= Q(**{f"{to_patent}{column}__icontains": q})
    with contextlib.suppress(ValidationError):
        condition |= Q(**{f"{to_patent}application_number": normalize_patent_number(q)})
    return condition


def patent_q(filters: CatalogueFilters, to_patent: str = "") -> Q:
    """The conditions on the patent itself; `to_patent` is the path from the queried model."""
    condition = Q()
    if filters.q:
        condition &= _text_q(filters.q, to_patent)
    if filters.ipc:
        condition &= Q(**{f"{to_patent}ipc_index__contains": _ipc_pattern(filters.ipc)})
    if filters.ipc_section:
        condition &= Q(**{f"{to_patent}ipc_index__contains": f"|{filters.ipc_section}"})
    if filters.high_value_kind:
        condition &= _json_list_has(f"{to_patent}high_value_kinds", filters.high_value_kind)
    return condition


def entry_q(filters: CatalogueFilters) -> Q:
    """The conditions on a catalogue entry (its sector and cooperation modes)."""
    condition = Q()
    if filters.sector:
        condition &= Q(sector=filters.sector)
    if filters.cooperation_mode:
        condition &= _json_list_has("cooperation_modes", filters.cooperation_mode)
    return condition


# ---- catalogues and their entries -----------------------------------------------------


def published_catalogues() -> list[Catalogue]:
    """Every year's catalogue, newest first (a handful of rows: one query)."""
    return list(Catalogue.objects.order_by("-year"))


def catalogues_with_counts() -> QuerySet[Catalogue]:
    return Catalogue.objects.annotate(entry_count=Count("entries")).order_by("-year")


def catalogue_entries(year: int, filters: CatalogueFilters) -> QuerySet[CatalogueEntry]:
    return (
        CatalogueEntry.objects.filter(catalogue__year=year)
        .filter(entry_q(filters), patent_q(filters, "patent__"))
        .select_related("patent", "catalogue")
        .order_by("sector", "-patent__application_date", "patent__application_number")
    )


def catalogue_facets(year: int, filters: CatalogueFilters) -> dict[str, list[dict]]:
    """For each facet, every value with how many entries match the other filters plus it.

    One query per facet (four in all), whatever the size of the catalogue.
    """

    def counted(name: str, column: str, values_of) -> Counter:
        entries = catalogue_entries(year, filters.without(name)).order_by()
        counts: Counter = Counter()
        for value in entries.values_list(column, flat=True):
            counts.update(values_of(value))
        return counts

    sectors = counted("sector", "sector", lambda value: [value])
    kinds = counted("high_value_kind", "patent__high_value_kinds", lambda value: value or [])
    sections = counted(
        "ipc_section", "patent__ipc", lambda value: {symbol[0] for symbol in value or []}
    )
    modes = counted("cooperation_mode", "cooperation_modes", lambda value: value or [])

    def listing(name: str, counts: Counter, choices) -> list[dict]:
        selected = getattr(filters, name)
        return [
            {"value": value, "label": label, "count": counts[value], "selected": value == selected}
            for value, label in choices
        ]

    return {
        "sector": listing("sector", sectors, Sector.choices),
        "high_value_kind": listing("high_value_kind", kinds, HighValueKind.choices),
        "ipc_section": listing(
            "ipc_section",
            sections,
            [(letter, f"{letter} {label}") for letter, label in IPC_SECTIONS.items()],
        ),
        "cooperation_mode": listing("cooperation_mode", modes, CooperationMode.choices),
    }


def catalogue_with_entries(year: int) -> Catalogue | None:
    entries = CatalogueEntry.objects.select_related("patent", "catalogue").order_by(
        "sector", "patent__application_number"
    )
    return (
        Catalogue.objects.filter(year=year)
        .prefetch_related(Prefetch("entries", queryset=entries))
        .first()
    )


# ---- patents --------------------------------------------------------------------------


def _entries_of_patent() -> Prefetch:
    return Prefetch(
        "catalogue_entries",
        queryset=CatalogueEntry.objects.select_related("catalogue").order_by("-catalogue__year"),
    )


def patents_filtered(
    filters: CatalogueFilters, year: int | None = None, patents: QuerySet | None = None
) -> QuerySet[Patent]:
    """Patents matching the filters; entry conditions (year, sector, mode) hold in one entry."""
    patents = (Patent.objects.all() if patents is None else patents).filter(patent_q(filters))
    condition = entry_q(filters)
    if year is not None:
        condition &= Q(catalogue__year=year)
    if condition:
        patents = patents.filter(
            Exists(CatalogueEntry.objects.filter(condition, patent=OuterRef("pk")))
        )
    return patents.prefetch_related(_entries_of_patent()).order_by(
        "-application_date", "application_number"
    )


def patent_by_number(raw: str) -> tuple[Patent | None, str | None]:
    """(the patent, its canonical number) for any accepted form; (None, None) if invalid."""
    try:
        number = normalize_patent_number(raw)
    except ValidationError:
        return None, None
    patent = (
        Patent.objects.filter(application_number=number)
        .prefetch_related(_entries_of_patent())
        .first()
    )
    return patent, number
