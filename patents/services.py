"""Every write that matters for the patent catalogue: publishing a year's catalogue from a
spreadsheet. The command, the admin upload and the demo data all go through here.
"""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.importing import (
    FileCheck,
    ImportRejected,
    Progress,
    Tally,
    UniqueKey,
    check_file,
    report,
)
from patents.models import Catalogue, CatalogueEntry, CatalogueImport, Patent
from patents.validators import CATALOGUE_COLUMNS, clean_catalogue_row

PATENT_FIELDS = Patent.DESCRIBED_FIELDS
ENTRY_FIELDS = CatalogueEntry.LISTED_FIELDS
YEAR_RANGE = (2000, 2100)
CHUNK = 500


@dataclass
class ImportOutcome(Tally):
    """Entries created/updated/unchanged/removed in the catalogue, and the patents touched."""

    catalogue: Catalogue | None = None
    rows: int = 0
    patents_created: int = 0
    patents_updated: int = 0

    @property
    def changed(self) -> bool:
        return super().changed or bool(self.patents_created or self.patents_updated)


def _duplicate_number(number: str, first_row: int) -> str:
    return _("申请号 %(number)s 与第 %(row)s 行重复。") % {"number": number, "row": first_row}


def catalogue_check(*, data: bytes, filename: str, progress: Progress | None = None) -> FileCheck:
    """Read and check every row of a catalogue file; writes nothing."""
    today = timezone.localdate()
    return check_file(
        data=data,
        filename=filename,
        columns=CATALOGUE_COLUMNS,
        clean_row=lambda raw: clean_catalogue_row(raw, today=today),
        unique=UniqueKey(
            of=lambda clean: clean.get("application_number"),
            column="application_number",
            message=_duplicate_number,
        ),
        progress=progress,
    )


def _validate_year(year) -> int:
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


@transaction.atomic
def catalogue_import(
    *,
    year,
    data: bytes,
    filename: str,
    by,
    title: str = "",
    is_demo: bool = False,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Publish (or update) the catalogue of `year` from a spreadsheet, all or nothing.

    Every row is checked first; one bad row raises ImportRejected listing every error
    and nothing is written. The file is the catalogue: rows add or update entries, entries
    missing from the file leave that year's catalogue. Unchanged rows are not written, so
    importing the same file again changes nothing (not even `updated_at`).
    """
    year = _validate_year(year)
    check = catalogue_check(data=data, filename=filename, progress=progress)
    if not check.ok:
        raise ImportRejected(check)
    rows = [row.clean for row in check.rows]

    catalogue, catalogue_created = Catalogue.objects.get_or_create(
        year=year,
        defaults={
            "title": title or default_catalogue_title(year),
            "is_demo": is_demo,
            "published_at": timezone.now(),
        },
    )
    # Two reviewers importing the same year at once take turns here.
    catalogue = Catalogue.objects.select_for_update().get(pk=catalogue.pk)
    if title and catalogue.title != title:
        catalogue.title = title
        catalogue.save(update_fields=["title"])
    outcome = ImportOutcome(catalogue=catalogue, rows=len(rows))

    patents = _upsert_patents(rows, outcome, progress)
    _sync_entries(catalogue, rows, patents, outcome, progress)
    if outcome.changed or catalogue_created:
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
    return outcome


def _upsert_patents(rows: list[dict], outcome: ImportOutcome, progress) -> dict[str, Patent]:
    numbers = [row["application_number"] for row in rows]
    existing: dict[str, Patent] = {}
    for start in range(0, len(numbers), CHUNK):
        chunk = numbers[start : start + CHUNK]
        for patent in Patent.objects.select_for_update().filter(application_number__in=chunk):
            existing[patent.application_number] = patent
    now = timezone.now()
    new, changed = [], []
    for done, row in enumerate(rows, start=1):
        values = {name: row[name] for name in PATENT_FIELDS}
        patent = existing.get(row["application_number"])
        if patent is None:
            patent = Patent(application_number=row["application_number"], **values)
            patent.ipc_index = Patent.ipc_index_for(patent.ipc)
            new.append(patent)
            existing[patent.application_number] = patent
        elif any(getattr(patent, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(patent, name, value)
            patent.ipc_index = Patent.ipc_index_for(patent.ipc)
            patent.updated_at = now
            changed.append(patent)
        report(progress, "patents", done, len(rows))
    # Another year's import may add the same new patent at the same moment: skip the
    # conflict, read back what is stored, and bring it to this file's values.
    Patent.objects.bulk_create(new, batch_size=CHUNK, ignore_conflicts=True)
    raced = []
    new_numbers = [patent.application_number for patent in new]
    for start in range(0, len(new_numbers), CHUNK):
        chunk = new_numbers[start : start + CHUNK]
        for stored in Patent.objects.select_for_update().filter(application_number__in=chunk):
            wanted = existing[stored.application_number]
            if any(getattr(stored, name) != getattr(wanted, name) for name in PATENT_FIELDS):
                for name in PATENT_FIELDS:
                    setattr(stored, name, getattr(wanted, name))
                stored.ipc_index, stored.updated_at = wanted.ipc_index, now
                raced.append(stored)
            existing[stored.application_number] = stored
    Patent.objects.bulk_update(
        changed + raced, [*PATENT_FIELDS, "ipc_index", "updated_at"], batch_size=CHUNK
    )
    outcome.patents_created, outcome.patents_updated = len(new), len(changed)
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
            new.append(CatalogueEntry(catalogue=catalogue, patent=patent, **values))
        elif any(getattr(entry, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(entry, name, value)
            entry.updated_at = now
            changed.append(entry)
        else:
            outcome.unchanged += 1
        report(progress, "entries", done, len(rows))
    CatalogueEntry.objects.bulk_create(new, batch_size=CHUNK)
    CatalogueEntry.objects.bulk_update(changed, [*ENTRY_FIELDS, "updated_at"], batch_size=CHUNK)
    gone = [entry.pk for patent_id, entry in existing.items() if patent_id not in kept]
    if gone:
        CatalogueEntry.objects.filter(pk__in=gone).delete()
    outcome.created, outcome.updated, outcome.removed = len(new), len(changed), len(gone)
