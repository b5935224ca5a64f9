"""Enquirers' phone numbers: parsed with `phonenumbers` as Chinese numbers, stored as
E.164, shown as people write them; the form says how the details are used."""

import pytest
from django.core.exceptions import ValidationError

from institutions.models import Enquiry
from institutions.services import enquiries_forget_contacts
from institutions.validators import phone_display, phone_e164
from tests.institutions.conftest import ENQUIRER


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0990 6888888", "+869906888888"),
        ("0990-6888888", "+869906888888"),
        ("13912345678", "+8613912345678"),
        ("+86 139 1234 5678", "+8613912345678"),
        ("(010) 1234 5678", "+861012345678"),
        ("１３９１２３４５６７８", "+8613912345678"),
    ],
)
def test_numbers_as_people_write_them_are_stored_as_e164(typed, stored):
    assert phone_e164(typed) == stored


@pytest.mark.parametrize("typed", ["12345", "139 1234 567", "0990 688", "电话", "0990-6888888-12"])
def test_other_numbers_get_a_clear_error(typed):
    with pytest.raises(ValidationError) as info:
        phone_e164(typed)
    assert (
        "联系电话格式不正确" in info.value.messages[0] and "0990-6888888" in info.value.messages[0]
    )


def test_stored_numbers_read_as_written_in_china():
    assert phone_display("+869906888888") == "0990-6888888"
    assert phone_display("+861012345678") == "010-12345678"
    assert phone_display("+8613912345678") == "139 1234 5678"
    assert phone_display("0990-6000000") == "0990-6000000"  # stored before parsing


@pytest.mark.django_db
def test_the_form_and_the_api_store_the_same_number(client, published_result):
    form_data = {**ENQUIRER, "phone": "0990 6888888", "form_token": "a"}
    url = f"/enquiries/new/?target_type=result&target_id={published_result.pk}"
    assert client.post(url, form_data).status_code == 302
    response = client.post(
        "/api/v1/enquiries/",
        {
            **ENQUIRER,
            "phone": "0990 6888888",
            "target_type": "result",
            "target_id": published_result.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert list(Enquiry.objects.values_list("phone", flat=True)) == ["+869906888888"] * 2


@pytest.mark.django_db
def test_the_form_says_how_the_details_are_used(client, published_result):
    html = client.get(
        f"/enquiries/new/?target_type=result&target_id={published_result.pk}"
    ).content.decode()
    assert "只转交给" in html and "服务台" in html and "保存 24 个月" in html


@pytest.mark.django_db
def test_details_are_forgotten_after_the_retention_period(client, published_result):
    import datetime

    from django.utils import timezone

    url = f"/enquiries/new/?target_type=result&target_id={published_result.pk}"
    client.post(url, {**ENQUIRER, "form_token": "b"})
    enquiry = Enquiry.objects.get()
    assert enquiries_forget_contacts(now=timezone.now()) == 0
    later = timezone.now() + datetime.timedelta(days=24 * 31)
    assert enquiries_forget_contacts(now=later) == 1
    enquiry.refresh_from_db()
    assert (enquiry.name, enquiry.phone, enquiry.email) == ("", "", "")
    assert enquiry.message and enquiries_forget_contacts(now=later) == 0
