"""Every write that matters for the patent catalogue: publishing a year's catalogue from a
spreadsheet. The command, the admin upload and the demo data all go through here.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patents.models import Catalogue, CatalogueEntry, CatalogueImport, Patent
from patents.spreadsheets import read_catalogue_rows
from patents.validators import clean_catalogue_row

PATENT_FIELDS = (
    "title",
    "patentee",
    "inventors",
    "application_date",
    "grant_date",
    "ipc",
    "high_value_kinds",
    "abstract",
)
ENTRY_FIELDS = ("sector", "cooperation_modes", "price", "contact_name", "contact_phone")
YEAR_RANGE = (2000, 2100)
PROGRESS_EVERY = 500
CHUNK = 500

Progress = Callable[[str, int, int], None]


@dataclass
class CheckedRow:
    number: int  # the row number a reviewer sees in Excel (the header is row 1)
    raw: dict
    clean: dict
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def messages(self) -> list[str]:
        return [
            _("第 %(row)s 行 %(column)s：%(message)s")
            % {"row": self.number, "column": column, "message": message}
            if column
            else _("第 %(row)s 行：%(message)s") % {"row": self.number, "message": message}
            for column, messages in self.errors.items()
            for message in messages
        ]


@dataclass
class CatalogueCheck:
    """A whole file, checked: every row with its errors, and the problems of the file."""

    filename: str
    rows: list[CheckedRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return self.file_errors + [message for row in self.rows for message in row.messages]

    @property
    def bad_rows(self) -> int:
        return sum(1 for row in self.rows if row.errors)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportOutcome:
    catalogue: Catalogue
    rows: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    patents_created: int = 0
    patents_updated: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.created
            or self.updated
            or self.removed
            or self.patents_created
            or self.patents_updated
        )


class CatalogueImportError(ValidationError):
    """Raised with every error of a file that cannot be imported; carries the check."""

    def __init__(self, check: CatalogueCheck):
        super().__init__(check.errors, code="catalogue_import")
        self.check = check


def _report(progress: Progress | None, stage: str, done: int, total: int) -> None:
    if progress and (done == total or done % PROGRESS_EVERY == 0):
        progress(stage, done, total)


def catalogue_check(*, data: bytes, filename: str, progress: Progress | None = None):
    """Read and check every row of a catalogue file; writes nothing."""
    check = CatalogueCheck(filename=filename)
    try:
        rows = read_catalogue_rows(data, filename)
    except ValidationError as exc:
        check.file_errors = list(exc.messages)
        return check
    if not rows:
        check.file_errors = [_("文件中没有数据行。")]
        return check
    today = timezone.localdate()
    first_row_of: dict[str, int] = {}
    for done, (number, raw) in enumerate(rows, start=1):
        extra = raw.pop("__extra__", None)
        clean, errors = clean_catalogue_row(raw, today=today)
        if extra:
            errors.setdefault("", []).append(extra)
        application_number = clean.get("application_number")
        if application_number:
            if application_number in first_row_of:
                errors.setdefault("application_number", []).append(
                    _("申请号 %(number)s 与第 %(row)s 行重复。")
                    % {"number": application_number, "row": first_row_of[application_number]}
                )
            else:
                first_row_of[application_number] = number
        check.rows.append(CheckedRow(number=number, raw=raw, clean=clean, errors=errors))
        _report(progress, "check", done, len(rows))
    return check


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

    Every row is checked first; one bad row raises CatalogueImportError listing every error
    and nothing is written. The file is the catalogue: rows add or update entries, entries
    missing from the file leave that year's catalogue. Unchanged rows are not written, so
    importing the same file again changes nothing (not even `updated_at`).
    """
    year = _validate_year(year)
    check = catalogue_check(data=data, filename=filename, progress=progress)
    if not check.ok:
        raise CatalogueImportError(check)
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
        _report(progress, "patents", done, len(rows))
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
        _report(progress, "entries", done, len(rows))
    CatalogueEntry.objects.bulk_create(new, batch_size=CHUNK)
    CatalogueEntry.objects.bulk_update(changed, [*ENTRY_FIELDS, "updated_at"], batch_size=CHUNK)
    gone = [entry.pk for patent_id, entry in existing.items() if patent_id not in kept]
    if gone:
        CatalogueEntry.objects.filter(pk__in=gone).delete()
    outcome.created, outcome.updated, outcome.removed = len(new), len(changed), len(gone)
