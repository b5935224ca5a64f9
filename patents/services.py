"""Every write that matters for the patent catalogue: filling a year's draft from a
spreadsheet, publishing it, and a reviewer's correction of a published year. The command,
the admin upload, the API and the demo data all go through here.

Each entry keeps what its year's catalogue said about the patent, so an import touches
only its own year. The patent row (the identity) mirrors its newest published entry, or
its newest draft entry while no year listing it is published.
"""

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.importing import FileCheck, ImportRejected, Progress, Tally, report
from common.response_cache import listings_changed
from patents.columns import catalogue_file_check
from patents.models import (
    Catalogue,
    CatalogueEntry,
    CatalogueEvent,
    CatalogueImport,
    CatalogueStatus,
    Patent,
)
from patents.selectors import CatalogueChanges, catalogue_changes

PATENT_FIELDS = Patent.DESCRIBED_FIELDS
ENTRY_FIELDS = (*CatalogueEntry.DESCRIBED_FIELDS, *CatalogueEntry.LISTED_FIELDS)
YEAR_RANGE = (2000, 2100)
CHUNK = 500


@dataclass
class ImportOutcome(Tally):
    """Entries created/updated/unchanged/removed in the catalogue, and the patents touched."""

    catalogue: Catalogue | None = None
    rows: int = 0
    patents_created: int = 0
    patents_updated: int = 0
    corrected: bool = False
    removed_patents: list[int] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return super().changed or bool(self.patents_created or self.patents_updated)


def catalogue_check(*, data: bytes, filename: str, progress: Progress | None = None) -> FileCheck:
    """Read and check every row of a catalogue file (English or Chinese headers); writes
    nothing."""
    return catalogue_file_check(
        data=data, filename=filename, today=timezone.localdate(), progress=progress
    )


def validate_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    low, high = YEAR_RANGE
    if not low <= year <= high:
        message = _("年度应为 %(low)s 至 %(high)s 之间的年份。") % {"low": low, "high": high}
        raise ValidationError({"year": [message]})
    return year


def default_catalogue_title(year: int) -> str:
    return _("%(year)s年克拉玛依市高价值发明专利产业化推广目录清单") % {"year": year}


def _correction_refused(catalogue: Catalogue, note: str, by) -> None:
    if by is not None and not getattr(by, "is_reviewer", False):
        raise ValidationError(
            {"note": [_("%(year)s 年目录已发布，只有登记员可以修订。") % {"year": catalogue.year}]}
        )
    if not note:
        raise ValidationError(
            {
                "note": [
                    _(
                        "%(year)s 年目录已发布，导入会改动已发布的内容，须填写修订说明"
                        "（将记录并在目录页显示“修订于”日期）。"
                    )
                    % {"year": catalogue.year}
                ]
            }
        )


@transaction.atomic
def catalogue_import(
    *,
    year,
    data: bytes,
    filename: str,
    by,
    title: str = "",
    note: str = "",
    is_demo: bool = False,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Fill the draft catalogue of `year` from a spreadsheet, all or nothing; or correct a
    published year, which needs a reviewer's `note`.

    Every row is checked first; one bad row raises ImportRejected listing every error
    and nothing is written. The file is the catalogue: rows add or update entries, entries
    missing from the file leave that year's catalogue. Unchanged rows are not written, so
    importing the same file again changes nothing (not even `updated_at`), published or not.
    """
    year = validate_year(year)
    note = (note or "").strip()
    check = catalogue_check(data=data, filename=filename, progress=progress)
    if not check.ok:
        raise ImportRejected(check)
    rows = [row.clean for row in check.rows]

    catalogue, catalogue_created = Catalogue.objects.get_or_create(
        year=year,
        defaults={"title": title or default_catalogue_title(year), "is_demo": is_demo},
    )
    # Two reviewers importing the same year at once take turns here.
    catalogue = Catalogue.objects.select_for_update().get(pk=catalogue.pk)
    changes = catalogue_changes(catalogue, rows)
    retitled = bool(title) and catalogue.title != title
    if catalogue.is_published and (changes or retitled):
        _correction_refused(catalogue, note, by)
    if retitled:
        catalogue.title = title
        catalogue.save(update_fields=["title"])
    outcome = ImportOutcome(catalogue=catalogue, rows=len(rows))

    patents = _ensure_patents(rows, outcome, progress)
    _sync_entries(catalogue, rows, patents, outcome, progress)
    touched = {patent.pk for patent in patents.values()} | set(outcome.removed_patents)
    outcome.patents_updated = _mirror_newest_entries(touched)
    if outcome.changed or catalogue_created or retitled:
        listings_changed()  # the patents API lists every patent with its entries
        CatalogueImport.objects.create(
            catalogue=catalogue,
            imported_by=by if by and by.pk else None,
            filename=filename[:255],
            sha256=hashlib.sha256(data).hexdigest(),
            rows=outcome.rows,
            created=outcome.created,
            updated=outcome.updated,
            removed=outcome.removed,
            patents_created=outcome.patents_created,
            patents_updated=outcome.patents_updated,
        )
    if catalogue.is_published and (changes or retitled):
        _record_correction(catalogue, changes, retitled=retitled, note=note, by=by)
        outcome.corrected = True
    return outcome


def _record_correction(catalogue, changes: CatalogueChanges, *, retitled, note, by) -> None:
    now = timezone.now()
    recorded = changes.as_json()
    if retitled:
        recorded["title"] = catalogue.title
    CatalogueEvent.objects.create(
        catalogue=catalogue,
        kind=CatalogueEvent.Kind.CORRECTED,
        by=by if by and by.pk else None,
        note=note,
        changes=recorded,
    )
    catalogue.revised_at = now
    catalogue.save(update_fields=["revised_at"])


def _ensure_patents(rows: list[dict], outcome: ImportOutcome, progress) -> dict[str, Patent]:
    """The patent of every row, created from the row when its number is new."""
    numbers = [row["application_number"] for row in rows]
    existing: dict[str, Patent] = {}
    for start in range(0, len(numbers), CHUNK):
        chunk = numbers[start : start + CHUNK]
        for patent in Patent.objects.filter(application_number__in=chunk):
            existing[patent.application_number] = patent
    new = []
    for done, row in enumerate(rows, start=1):
        if row["application_number"] not in existing:
            patent = Patent(
                application_number=row["application_number"],
                **{name: row[name] for name in PATENT_FIELDS},
            )
            patent.ipc_index = Patent.ipc_index_for(patent.ipc)
            new.append(patent)
            existing[patent.application_number] = patent
        report(progress, "patents", done, len(rows))
    # Another year's import may add the same new patent at the same moment: skip the
    # conflict and read back what is stored.
    Patent.objects.bulk_create(new, batch_size=CHUNK, ignore_conflicts=True)
    new_numbers = [patent.application_number for patent in new]
    for start in range(0, len(new_numbers), CHUNK):
        chunk = new_numbers[start : start + CHUNK]
        for stored in Patent.objects.filter(application_number__in=chunk):
            existing[stored.application_number] = stored
    outcome.patents_created = len(new)
    return existing


def _sync_entries(catalogue, rows, patents, outcome: ImportOutcome, progress) -> None:
    existing = {entry.patent_id: entry for entry in catalogue.entries.select_for_update()}
    now = timezone.now()
    new, changed, kept = [], [], set()
    for done, row in enumerate(rows, start=1):
        patent = patents[row["application_number"]]
        values = {name: row[name] for name in ENTRY_FIELDS}
        entry = existing.get(patent.pk)
        kept.add(patent.pk)
        if entry is None:
            entry = CatalogueEntry(catalogue=catalogue, patent=patent, **values)
            entry.ipc_index = Patent.ipc_index_for(entry.ipc)
            new.append(entry)
        elif any(getattr(entry, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(entry, name, value)
            entry.ipc_index = Patent.ipc_index_for(entry.ipc)
            entry.updated_at = now
            changed.append(entry)
        else:
            outcome.unchanged += 1
        report(progress, "entries", done, len(rows))
    CatalogueEntry.objects.bulk_create(new, batch_size=CHUNK)
    CatalogueEntry.objects.bulk_update(
        changed, [*ENTRY_FIELDS, "ipc_index", "updated_at"], batch_size=CHUNK
    )
    gone = {entry.pk: patent_id for patent_id, entry in existing.items() if patent_id not in kept}
    if gone:
        CatalogueEntry.objects.filter(pk__in=gone).delete()
    outcome.created, outcome.updated, outcome.removed = len(new), len(changed), len(gone)
    outcome.removed_patents = list(gone.values())


def _mirror_newest_entries(patent_ids) -> int:
    """Bring each patent's own fields to its newest published entry (or, while none of
    its years is published, its newest entry). Returns how many patents changed."""
    ids = sorted(patent_ids)
    changed = []
    now = timezone.now()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        patents = {
            patent.pk: patent
            for patent in Patent.objects.select_for_update()
            .filter(pk__in=chunk)
            .order_by("application_number")
        }
        newest: dict[int, CatalogueEntry] = {}
        entries = (
            CatalogueEntry.objects.filter(patent_id__in=chunk)
            .select_related("catalogue")
            .order_by("patent_id", "-catalogue__year")
        )
        for entry in entries:
            chosen = newest.get(entry.patent_id)
            if chosen is None or (
                entry.catalogue.is_published and not chosen.catalogue.is_published
            ):
                newest[entry.patent_id] = entry
        for patent_id, entry in newest.items():
            patent = patents.get(patent_id)
            if patent is None:
                continue
            if any(getattr(patent, name) != getattr(entry, name) for name in PATENT_FIELDS):
                for name in PATENT_FIELDS:
                    setattr(patent, name, getattr(entry, name))
                patent.ipc_index = Patent.ipc_index_for(patent.ipc)
                patent.updated_at = now
                changed.append(patent)
    Patent.objects.bulk_update(
        changed, [*PATENT_FIELDS, "ipc_index", "updated_at"], batch_size=CHUNK
    )
    return len(changed)


@transaction.atomic
def catalogue_publish(*, catalogue: Catalogue, by) -> Catalogue:
    """Draft → published: the public sees the year from now on, as it stands."""
    if not catalogue.entries.exists():
        raise ValidationError(
            {"status": [_("%(year)s 年目录没有任何条目，不能发布。") % {"year": catalogue.year}]}
        )
    now = timezone.now()
    published = Catalogue.objects.filter(pk=catalogue.pk, status=CatalogueStatus.DRAFT).update(
        status=CatalogueStatus.PUBLISHED, published_at=now
    )
    if not published:
        raise ValidationError(
            {"status": [_("%(year)s 年目录已经发布。") % {"year": catalogue.year}]}
        )
    CatalogueEvent.objects.create(
        catalogue=catalogue, kind=CatalogueEvent.Kind.PUBLISHED, by=by if by and by.pk else None
    )
    _mirror_newest_entries(set(catalogue.entries.values_list("patent_id", flat=True)))
    listings_changed()
    catalogue.refresh_from_db()
    return catalogue
