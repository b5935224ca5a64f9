import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from contracts import numbering
from contracts.models import RegistrationCounter


def test_format_and_parse_are_inverse(settings):
    settings.REGISTRATION_REGION_CODE, settings.REGISTRATION_POINT_CODE = "6502", "01"
    text = numbering.format_number(year=2026, sequence=123)
    assert text == "2026650201000123" and len(text) == numbering.LENGTH
    parsed = numbering.parse_number(text)
    assert (parsed.year, parsed.region, parsed.point, parsed.sequence) == (2026, "6502", "01", 123)
    assert str(parsed) == text and parsed.is_ours


@pytest.mark.parametrize(
    "text", ["", "202665020100012", "20266502010001234", "2026６50201000123", "2026-650201-00012"]
)
def test_anything_else_is_not_a_registration_number(text):
    assert numbering.parse_number(text) is None


def test_another_points_number_is_not_ours(settings):
    settings.REGISTRATION_REGION_CODE, settings.REGISTRATION_POINT_CODE = "6502", "01"
    assert not numbering.parse_number("2026650202000001").is_ours
    assert not numbering.parse_number("2026650101000001").is_ours


@pytest.mark.django_db
def test_next_number_counts_per_year(settings):
    settings.REGISTRATION_REGION_CODE, settings.REGISTRATION_POINT_CODE = "6502", "01"
    with transaction.atomic():
        assert numbering.next_number(year=2026) == "2026650201000001"
        assert numbering.next_number(year=2026) == "2026650201000002"
        assert numbering.next_number(year=2027) == "2027650201000001"


@pytest.mark.django_db
def test_a_full_year_is_refused_and_the_counter_stays(settings):
    settings.REGISTRATION_POINT_CODE = "01"
    RegistrationCounter.objects.create(year=2026, point_code="01", last_sequence=999_999)
    with pytest.raises(ValidationError), transaction.atomic():
        numbering.next_number(year=2026)
    assert RegistrationCounter.objects.get(year=2026).last_sequence == 999_999


@pytest.mark.django_db
def test_imported_numbers_move_only_our_counter_and_only_forward(settings):
    settings.REGISTRATION_REGION_CODE, settings.REGISTRATION_POINT_CODE = "6502", "01"
    RegistrationCounter.objects.create(year=2025, point_code="01", last_sequence=50)
    with transaction.atomic():
        numbering.advance_past(
            ["2025650201000007", "2026650201000030", "2026650299000900", "not a number"]
        )
    counters = dict(RegistrationCounter.objects.values_list("year", "last_sequence"))
    assert counters == {2025: 50, 2026: 30}
    with transaction.atomic():
        assert numbering.next_number(year=2026) == "2026650201000031"
