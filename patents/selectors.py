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


def _text_q(q: str, to_fields: str, to_number: str) -> Q:
    condition = Q()
    for column in ("title", "abstract", "patentee"):
        condition |= Q(**{f"{to_fields}{column}__icontains": q})
    condition |= Q(**{f"{to_number}application_number__icontains": q})
    with contextlib.suppress(ValidationError):
        condition |= Q(**{f"{to_number}application_number": normalize_patent_number(q)})
    return condition


def patent_q(filters: CatalogueFilters, to_patent: str = "", number: str | None = None) -> Q:
    """The conditions on the patent's data; `to_patent` is the path from the queried model
    to the fields (a Patent's or an entry's own copy), `number` the path to the patent's
    application number when it differs."""
    condition = Q()
    if filters.q:
        condition &= _text_q(filters.q, to_patent, to_patent if number is None else number)
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


def visible_catalogues(user=None) -> list[Catalogue]:
    """The years `user` may see, newest first: published ones, and drafts for reviewers
    (a handful of rows: one query)."""
    return list(Catalogue.objects.visible_to(user).order_by("-year"))


def published_catalogues() -> list[Catalogue]:
    """Every published year's catalogue, newest first."""
    return visible_catalogues(None)


def catalogues_with_counts(user=None) -> QuerySet[Catalogue]:
    return (
        Catalogue.objects.visible_to(user).annotate(entry_count=Count("entries")).order_by("-year")
    )


def catalogue_entries(year: int, filters: CatalogueFilters) -> QuerySet[CatalogueEntry]:
    """One year's entries; the filters see what that year's catalogue said (the entry's
    own copy of the patent's data), never a later year's words."""
    return (
        CatalogueEntry.objects.filter(catalogue__year=year)
        .filter(entry_q(filters), patent_q(filters, "", number="patent__"))
        .select_related("patent", "catalogue")
        .order_by("sector", "-application_date", "patent__application_number")
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
    kinds = counted("high_value_kind", "high_value_kinds", lambda value: value or [])
    sections = counted("ipc_section", "ipc", lambda value: {symbol[0] for symbol in value or []})
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


def catalogue_with_entries(year: int, user=None) -> Catalogue | None:
    """One year with all its entries, if `user` may see it (drafts: reviewers only)."""
    entries = CatalogueEntry.objects.select_related("patent", "catalogue").order_by(
        "sector", "patent__application_number"
    )
    return (
        Catalogue.objects.visible_to(user)
        .filter(year=year)
        .prefetch_related(Prefetch("entries", queryset=entries))
        .first()
    )


@dataclass
class CatalogueChanges:
    """What importing some rows would change in a year: entries added, removed, and for
    each kept entry the columns whose value differs."""

    added: list[str]
    removed: list[str]
    changed: dict[str, list[str]]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def as_json(self) -> dict:
        return {"added": self.added, "removed": self.removed, "changed": self.changed}


def catalogue_changes(catalogue: Catalogue | None, rows: list[dict]) -> CatalogueChanges:
    """Compare checked rows with the entries of `catalogue` (None: a year not yet made)."""
    fields_compared = (*CatalogueEntry.DESCRIBED_FIELDS, *CatalogueEntry.LISTED_FIELDS)
    existing = (
        {
            entry.patent.application_number: entry
            for entry in catalogue.entries.select_related("patent")
        }
        if catalogue is not None and catalogue.pk
        else {}
    )
    numbers = [row["application_number"] for row in rows]
    changed = {}
    for row in rows:
        entry = existing.get(row["application_number"])
        if entry is None:
            continue
        differing = [name for name in fields_compared if getattr(entry, name) != row[name]]
        if differing:
            changed[row["application_number"]] = differing
    return CatalogueChanges(
        added=[number for number in numbers if number not in existing],
        removed=sorted(set(existing) - set(numbers)),
        changed=changed,
    )


# ---- patents --------------------------------------------------------------------------


def _entries_of_patent(years) -> Prefetch:
    return Prefetch(
        "catalogue_entries",
        queryset=CatalogueEntry.objects.filter(catalogue__year__in=years)
        .select_related("catalogue")
        .order_by("-catalogue__year"),
    )


def _visible_years(user):
    return Catalogue.objects.visible_to(user).values("year")


def patents_filtered(
    filters: CatalogueFilters,
    year: int | None = None,
    patents: QuerySet | None = None,
    user=None,
) -> QuerySet[Patent]:
    """Patents listed in a year `user` may see and matching the filters; entry conditions
    (year, sector, mode) hold in one such entry."""
    years = _visible_years(user)
    patents = (Patent.objects.all() if patents is None else patents).filter(patent_q(filters))
    condition = entry_q(filters) & Q(catalogue__year__in=years)
    if year is not None:
        condition &= Q(catalogue__year=year)
    patents = patents.filter(
        Exists(CatalogueEntry.objects.filter(condition, patent=OuterRef("pk")))
    )
    return patents.prefetch_related(_entries_of_patent(years)).order_by(
        "-application_date", "application_number"
    )


def patent_by_number(raw: str, user=None) -> tuple[Patent | None, str | None]:
    """(the patent, its canonical number) for any accepted form; (None, None) if invalid.
    A patent that no year visible to `user` lists is not found."""
    try:
        number = normalize_patent_number(raw)
    except ValidationError:
        return None, None
    years = _visible_years(user)
    patent = (
        Patent.objects.listed_in(years)
        .filter(application_number=number)
        .prefetch_related(_entries_of_patent(years))
        .first()
    )
    return patent, number
