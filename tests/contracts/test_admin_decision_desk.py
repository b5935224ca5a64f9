"""The contract's admin page as a decision desk: the signed PDF inline beside the form
(framable by the portal's own pages only), a confirmation step before registering, and
amounts with thousands separators in the lists, read-only fields and the confirmation."""

from decimal import Decimal

import pytest

from contracts.models import Contract, Status
from tests.contracts.conftest import PDF_BYTES, make_registered, make_submitted

pytestmark = pytest.mark.django_db

QUEUE = "/admin/contracts/contract/"
LARGE = {"contract_amount": Decimal("9000000"), "technology_amount": Decimal("6000000")}


def test_the_signed_pdf_is_shown_inline_beside_the_decision_form(client, reviewer, submitted):
    attachment = submitted.attachments.get()
    client.force_login(reviewer)
    html = client.get(f"{QUEUE}{submitted.pk}/change/").content.decode()
    url = f"/contracts/{submitted.pk}/attachments/{attachment.pk}/"
    assert f'<iframe src="{url}"' in html
    assert html.index('id="contract-pdf"') < html.index('id="review-form"')
    shown = client.get(url)
    assert shown.status_code == 200 and b"".join(shown.streaming_content) == PDF_BYTES
    assert "inline" in shown["Content-Disposition"]
    assert shown["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in shown["Content-Security-Policy"]
    # Only that view: the page around it, and other files, may not be framed.
    page = client.get(f"{QUEUE}{submitted.pk}/change/")
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_registering_asks_for_confirmation_showing_number_parties_and_amounts(
    client, reviewer, enterprise_user, submitted
):
    client.force_login(reviewer)
    decision = {"decision": "register", "technology_amount": "987654.3", "note": ""}
    confirm = client.post(f"{QUEUE}{submitted.pk}/review/", decision)
    html = confirm.content.decode()
    assert confirm.status_code == 200 and "确认登记" in html
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED and not submitted.registration_number
    assert submitted.seller_name in html and submitted.buyer_name in html
    assert "1,200,000.00 元" in html  # the contract amount
    assert "987,654.30 元" in html and "已核定修改" in html  # the corrected technology amount
    number = html.split('class="number"><code>')[1].split("<")[0]
    client.post(f"{QUEUE}{submitted.pk}/review/", {**decision, "confirmed": "1"})
    submitted.refresh_from_db()
    assert submitted.status == Status.REGISTERED
    assert submitted.registration_number == number
    assert submitted.technology_amount == Decimal("987654.30")


def test_a_contract_that_cannot_be_registered_says_why_instead_of_asking_to_confirm(
    client, reviewer, enterprise_user
):
    large = make_submitted(enterprise_user, **LARGE)
    client.force_login(reviewer)
    response = client.post(f"{QUEUE}{large.pk}/review/", {"decision": "register"}, follow=True)
    html = response.content.decode()
    assert "至少收到一位专家" in html and "确认登记" not in html
    large.refresh_from_db()
    assert large.status == Status.SUBMITTED


def test_the_bulk_registration_confirms_each_number_first(client, reviewer, enterprise_user):
    first, second = make_submitted(enterprise_user), make_submitted(enterprise_user)
    client.force_login(reviewer)
    selected = {"action": "register_selected", "_selected_action": [first.pk, second.pk]}
    html = client.post(QUEUE, selected).content.decode()
    numbers = [part.split("<")[0] for part in html.split('class="number"><code>')[1:]]
    assert len(numbers) == 2 and numbers[0][-6:] == "000001" and numbers[1][-6:] == "000002"
    assert not Contract.objects.filter(status=Status.REGISTERED).exists()
    client.post(QUEUE, {**selected, "apply": "1"})
    assert sorted(
        Contract.objects.filter(pk__in=[first.pk, second.pk]).values_list(
            "registration_number", flat=True
        )
    ) == sorted(numbers)


def test_amounts_read_with_thousands_separators_in_lists_and_read_only_fields(
    client, reviewer, enterprise_user
):
    registered = make_registered(
        enterprise_user,
        reviewer,
        contract_amount=Decimal("5000000.00"),
        technology_amount=Decimal("4321000.50"),
    )
    client.force_login(reviewer)
    listing = client.get(QUEUE, {"status": "all"}).content.decode()
    assert "4,321,000.50 元" in listing and "4321000.50" not in listing
    page = client.get(f"{QUEUE}{registered.pk}/change/").content.decode()
    assert "5,000,000.00 元" in page and "4,321,000.50 元" in page
    assert "5000000.00" not in page
    # The column still sorts by the amount.
    assert client.get(QUEUE, {"status": "all", "o": "4"}).status_code == 200
