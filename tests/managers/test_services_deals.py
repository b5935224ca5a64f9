"""A contract names its manager; the manager confirms; deals per year; yearly filings and
their reminders."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from contracts import services as contract_services
from contracts.models import Contract
from managers import selectors, services
from managers.models import Filing, ManagerEvent
from notifications.models import Notification
from tests.contracts.conftest import complete_data, make_draft, make_registered
from tests.managers.conftest import make_applied, make_approved

pytestmark = pytest.mark.django_db


def test_a_draft_names_an_approved_manager_only(enterprise_user, approved, applied):
    contract = make_draft(enterprise_user, broker=approved)
    assert contract.broker == approved and contract.broker_confirmed_at is None
    with pytest.raises(ValidationError) as caught:
        contract_services.contract_update(
            contract=contract, data={"broker": applied, "title": "改名"}, by=enterprise_user
        )
    assert "不是已通过审核的技术经理人" in caught.value.message_dict["broker"][0]
    contract.refresh_from_db()
    assert contract.broker == approved and contract.title == complete_data()["title"]


def test_naming_another_manager_drops_the_confirmation(enterprise_user, approved, reviewer):
    contract = make_draft(enterprise_user, broker=approved)
    services.manager_contract_confirm(manager=approved, contract_id=contract.pk, by=approved.user)
    other = make_approved(reviewer)
    contract = contract_services.contract_update(
        contract=contract, data={"broker": other}, by=enterprise_user
    )
    assert contract.broker == other and contract.broker_confirmed_at is None


def test_the_manager_confirms_once_and_the_seller_is_told(enterprise_user, approved):
    contract = make_draft(enterprise_user, broker=approved)
    services.manager_contract_confirm(manager=approved, contract_id=contract.pk, by=approved.user)
    contract.refresh_from_db()
    assert contract.broker_confirmed_at is not None
    assert ManagerEvent.objects.filter(manager=approved, action="contract_confirmed").exists()
    assert Notification.objects.filter(
        recipient=enterprise_user, kind="contract.broker_confirmed"
    ).exists()
    with pytest.raises(ValidationError, match="已确认"):
        services.manager_contract_confirm(
            manager=approved, contract_id=contract.pk, by=approved.user
        )


def test_nobody_else_confirms_and_no_contract_that_names_someone_else(
    enterprise_user, approved, reviewer
):
    mine = make_draft(enterprise_user, broker=approved)
    other = make_approved(reviewer)
    theirs = make_draft(enterprise_user, broker=other)
    with pytest.raises(PermissionDenied):
        services.manager_contract_confirm(manager=approved, contract_id=mine.pk, by=other.user)
    with pytest.raises(ValidationError, match="没有填写您"):
        services.manager_contract_confirm(manager=approved, contract_id=theirs.pk, by=approved.user)
    assert not Contract.objects.filter(broker_confirmed_at__isnull=False).exists()


def test_deals_count_confirmed_registrations_per_year(enterprise_user, reviewer, approved):
    confirmed = make_registered(enterprise_user, reviewer, broker=approved)
    make_registered(
        enterprise_user,
        reviewer,
        broker=approved,
        contract_amount=Decimal("90000.00"),
        technology_amount=Decimal("80000.00"),
    )  # fmt: skip  (named but never confirmed: not a deal yet)
    make_draft(enterprise_user, broker=approved)
    services.manager_contract_confirm(manager=approved, contract_id=confirmed.pk, by=approved.user)
    year = confirmed.registered_on.year
    assert selectors.deals_by_year(approved) == [
        {
            "year": year,
            "contracts": 1,
            "contract_amount": Decimal("1200000.00"),
            "technology_amount": Decimal("1000000.00"),
        }
    ]


# ---- filings ---------------------------------------------------------------------------------


def _filing(**overrides):
    data = {"year": 2025, "deals": 3, "services": 10, "training_hours": "24.5", "summary": "总结"}
    data.update(overrides)
    return data


TODAY = datetime.date(2026, 2, 10)


def test_an_approved_manager_files_a_finished_year_once(approved):
    filing = services.filing_submit(manager=approved, by=approved.user, data=_filing(), today=TODAY)
    assert (filing.year, filing.deals, filing.training_hours) == (2025, 3, Decimal("24.5"))
    with pytest.raises(ValidationError, match="已备案"):
        services.filing_submit(manager=approved, by=approved.user, data=_filing(), today=TODAY)
    assert Filing.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"year": 2026}, "year"),
        ({"deals": -1}, "deals"),
        ({"services": "many"}, "services"),
        ({"training_hours": "1.25"}, "training_hours"),
        ({"summary": " "}, "summary"),
    ],
)
def test_bad_filings_are_refused_naming_the_field(approved, overrides, field):
    with pytest.raises(ValidationError) as caught:
        services.filing_submit(
            manager=approved, by=approved.user, data=_filing(**overrides), today=TODAY
        )
    assert field in caught.value.message_dict
    assert not Filing.objects.exists()


def test_only_the_approved_manager_files(applied, approved, outsider):
    with pytest.raises(PermissionDenied):
        services.filing_submit(manager=approved, by=outsider, data=_filing(), today=TODAY)
    with pytest.raises(ValidationError, match="已通过审核"):
        services.filing_submit(manager=applied, by=applied.user, data=_filing(), today=TODAY)


def test_the_deadline_is_the_setting_of_the_next_year(settings):
    settings.MANAGER_FILING_DEADLINE = "03-31"
    assert selectors.filing_deadline(2025) == datetime.date(2026, 3, 31)
    settings.MANAGER_FILING_DEADLINE = "02-29"
    assert selectors.filing_deadline(2026) == datetime.date(2027, 2, 28)


def test_reminders_go_to_who_has_not_filed_in_the_window_once_a_week(reviewer, settings):
    settings.MANAGER_FILING_DEADLINE = "03-31"
    settings.MANAGER_FILING_REMINDER_DAYS = 60
    year = timezone.localdate().year - 1
    late, diligent = make_approved(reviewer), make_approved(reviewer)
    make_applied()  # not approved: not on the register, not reminded
    for manager in (late, diligent):
        manager.__class__.objects.filter(pk=manager.pk).update(
            approved_at=timezone.make_aware(datetime.datetime(year, 6, 1))
        )
    services.filing_submit(
        manager=diligent,
        by=diligent.user,
        data=_filing(year=year),
        today=datetime.date(year + 1, 3, 1),
    )
    in_window = datetime.date(year + 1, 3, 1)
    assert services.filings_remind_missing(today=datetime.date(year + 1, 1, 5)) == []
    assert services.filings_remind_missing(today=in_window) == [late]
    assert services.filings_remind_missing(today=in_window) == []  # a duplicate run
    told = Notification.objects.filter(kind="manager.filing_due")
    assert [n.recipient for n in told] == [late.user]
    assert services.filings_remind_missing(today=datetime.date(year + 1, 4, 1)) == []
