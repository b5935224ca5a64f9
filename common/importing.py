"""The import kernel every spreadsheet import shares (the patent catalogue, historical
contracts): read the file, check every row before writing anything, report each problem
with the row number a reviewer sees in Excel, and refuse the whole file if one row is bad.

An app gives its columns and a `clean_row(raw) -> (clean values, {column: [messages]})`;
the column "" holds problems of the row as a whole. What to write is the app's business.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common.spreadsheets import read_rows

# (stage, done, total): "check" while rows are checked, then stages the app names.
Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 500
WHOLE_ROW = ""


def report(progress: Progress | None, stage: str, done: int, total: int) -> None:
    """Tell `progress` every PROGRESS_EVERY rows and at the end of a stage."""
    if progress and (done == total or done % PROGRESS_EVERY == 0):
        progress(stage, done, total)


@dataclass
class CheckedRow:
    number: int  # the row number a reviewer sees in Excel (the header is row 1)
    raw: dict
    clean: dict
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, column: str, message) -> None:
        self.errors.setdefault(column, []).append(str(message))

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
class FileCheck:
    """A whole file, checked: every row with its problems, and the problems of the file."""

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

    def row(self, number: int) -> CheckedRow:
        return next(row for row in self.rows if row.number == number)


class ImportRejected(ValidationError):
    """Raised, before anything is written, with every problem of a file; carries the check."""

    def __init__(self, check: FileCheck):
        super().__init__(check.errors, code="import_rejected")
        self.check = check

    @property
    def errors(self) -> list[str]:
        return self.check.errors


@dataclass(frozen=True)
class UniqueKey:
    """Rows must not repeat this key: `of(clean) -> key or None`; the second row gets
    `message(key, first_row)` under `column`."""

    of: Callable[[dict], str | None]
    column: str
    message: Callable[[str, int], str]


def check_file(
    *,
    data: bytes,
    filename: str,
    columns: tuple[str, ...],
    clean_row: Callable[[dict], tuple[dict, dict[str, list]]],
    unique: UniqueKey | None = None,
    progress: Progress | None = None,
    aliases: dict | None = None,
) -> FileCheck:
    """Read and check every row of a file; writes nothing. `aliases`: see read_rows."""
    check = FileCheck(filename=filename)
    try:
        rows = read_rows(data, filename, columns, aliases=aliases)
    except ValidationError as exc:
        check.file_errors = list(exc.messages)
        return check
    if not rows:
        check.file_errors = [_("文件中没有数据行。")]
        return check
    first_row_of: dict[str, int] = {}
    for done, (number, raw) in enumerate(rows, start=1):
        extra = raw.pop("__extra__", None)
        clean, errors = clean_row(raw)
        checked = CheckedRow(number=number, raw=raw, clean=clean)
        if extra:
            checked.add(WHOLE_ROW, extra)
        for column, messages in errors.items():
            for message in messages:
                checked.add(column, message)
        key = unique.of(clean) if unique else None
        if key:
            if key in first_row_of:
                checked.add(unique.column, unique.message(key, first_row_of[key]))
            else:
                first_row_of[key] = number
        check.rows.append(checked)
        report(progress, "check", done, len(rows))
    return check


@dataclass
class Tally:
    """What an import did to the rows it keeps."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)
