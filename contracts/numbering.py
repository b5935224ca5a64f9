"""Registration numbers: YYYY + 4-digit region + 2-digit registration point + 6-digit
sequence (e.g. 2026650201000123). The format, the parser and the locked counter live here
and nowhere else; services, the import, search and the demo history all call them."""

import re
import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from contracts.models import RegistrationCounter

LENGTH = 16
MAX_SEQUENCE = 999_999
_PATTERN = re.compile(r"^(\d{4})(\d{4})(\d{2})(\d{6})$", re.ASCII)


@dataclass(frozen=True)
class RegistrationNumber:
    year: int
    region: str
    point: str
    sequence: int

    def __str__(self) -> str:
        return f"{self.year:04d}{self.region}{self.point}{self.sequence:06d}"

    @property
    def is_ours(self) -> bool:
        """Issued by this portal's registration point (so its counter must move past it)."""
        return (self.region, self.point) == (
            settings.REGISTRATION_REGION_CODE,
            settings.REGISTRATION_POINT_CODE,
        )


def format_number(*, year: int, sequence: int) -> str:
    """This point's number for `sequence` in `year`."""
    return str(
        RegistrationNumber(
            year=year,
            region=settings.REGISTRATION_REGION_CODE,
            point=settings.REGISTRATION_POINT_CODE,
            sequence=sequence,
        )
    )


def parse_number(text: str) -> RegistrationNumber | None:
    """A well-formed registration number, or None."""
    match = _PATTERN.match((text or "").strip())
    if not match:
        return None
    year, region, point, sequence = match.groups()
    return RegistrationNumber(year=int(year), region=region, point=point, sequence=int(sequence))


def _locked_counter(year: int) -> RegistrationCounter:
    point = settings.REGISTRATION_POINT_CODE
    RegistrationCounter.objects.bulk_create(
        [RegistrationCounter(year=year, point_code=point)], ignore_conflicts=True
    )
    return RegistrationCounter.objects.select_for_update().get(year=year, point_code=point)


def next_number(*, year: int) -> str:
    """Take the next sequence of (year, point) under a row lock; call inside the transaction.

    The counter row stays locked until the registering transaction commits, so two
    reviewers on two servers get consecutive numbers and a rolled-back registration
    gives its number back: no gaps, no duplicates.
    """
    counter = _locked_counter(year)
    counter.last_sequence += 1
    if counter.last_sequence > MAX_SEQUENCE:
        raise ValidationError(_("本登记点今年的登记编号已用完，请联系系统管理员。"))
    counter.save(update_fields=["last_sequence"])
    return format_number(year=year, sequence=counter.last_sequence)


def peek_numbers(*, year: int, count: int = 1) -> list[str]:
    """The numbers the next `count` registrations of `year` will take, as shown on the
    confirmation page, without taking them (another reviewer may register first)."""
    counter = RegistrationCounter.objects.filter(
        year=year, point_code=settings.REGISTRATION_POINT_CODE
    ).first()
    last = counter.last_sequence if counter else 0
    return [
        format_number(year=year, sequence=sequence)
        for sequence in range(last + 1, min(last + count, MAX_SEQUENCE) + 1)
    ]


def advance_past(numbers: Iterable[str]) -> None:
    """Numbers that came from elsewhere (an import) and were issued by this point must
    never be issued again: move each year's counter past the highest of them."""
    highest: dict[int, int] = defaultdict(int)
    for text in numbers:
        number = parse_number(text)
        if number is not None and number.is_ours:
            highest[number.year] = max(highest[number.year], number.sequence)
    for year, sequence in sorted(highest.items()):
        counter = _locked_counter(year)
        if counter.last_sequence < sequence:
            counter.last_sequence = sequence
            counter.save(update_fields=["last_sequence"])


# The certificate's verification code: unambiguous capitals and digits (no 0/O, 1/I/L).
VERIFICATION_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
VERIFICATION_LENGTH = 8


def new_verification_code() -> str:
    """A random code printed on the certificate beside the number (31**8 ≈ 8.5e11)."""
    return "".join(secrets.choice(VERIFICATION_ALPHABET) for _ in range(VERIFICATION_LENGTH))
