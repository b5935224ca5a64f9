"""Two change requests filed at the same instant on PostgreSQL: one opens, the other gets
the clear "already open" answer; and two reviewers deciding one request at once."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from contracts import services
from contracts.models import ChangeRequest, Contract, RequestStatus
from tests.conftest import make_reviewer
from tests.contracts.conftest import make_registered, pdf_upload

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(targets):
    barrier = threading.Barrier(len(targets))
    outcomes = [None] * len(targets)

    def run(index, function, kwargs):
        try:
            barrier.wait(timeout=30)
            outcomes[index] = function(**kwargs)
        except Exception as exc:
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(i, function, kwargs))
        for i, (function, kwargs) in enumerate(targets)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_two_simultaneous_requests_one_wins(enterprise_user, reviewer):
    registered = make_registered(enterprise_user, reviewer)
    targets = [
        (
            services.change_request_file,
            {
                "contract": Contract.objects.get(pk=registered.pk),
                "kind": kind,
                "reason": f"第 {i} 份申请",
                "fields": {"contract_amount": "1500000"} if kind == "change" else {},
                "by": enterprise_user,
            },
        )
        for i, kind in enumerate(["change", "cancel", "change", "cancel"])
    ]
    outcomes = _race(targets)
    opened = [o for o in outcomes if isinstance(o, ChangeRequest)]
    refused = [o for o in outcomes if isinstance(o, services.ChangeAlreadyOpen)]
    assert len(opened) == 1, outcomes
    assert len(refused) == 3, outcomes
    assert ChangeRequest.objects.filter(status=RequestStatus.OPEN).count() == 1


def test_the_database_itself_refuses_a_second_open_request(enterprise_user, reviewer):
    """Even a write that skips the service's check cannot leave two requests open."""
    from django.db import IntegrityError, transaction

    registered = make_registered(enterprise_user, reviewer)
    ChangeRequest.objects.create(
        contract=registered, kind="cancel", reason="一", filed_by=enterprise_user
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ChangeRequest.objects.create(
            contract=registered, kind="cancel", reason="二", filed_by=enterprise_user
        )


def test_two_reviewers_approving_at_once_make_one_version(enterprise_user, reviewer):
    registered = make_registered(enterprise_user, reviewer)
    change = services.change_request_file(
        contract=registered,
        kind="change",
        reason="补充协议",
        fields={"contract_amount": "1500000"},
        by=enterprise_user,
    )
    services.change_request_attach(change_request=change, upload=pdf_upload(), by=enterprise_user)
    reviewers = [make_reviewer() for _ in range(3)]
    outcomes = _race(
        [
            (
                services.change_request_approve,
                {"change_request": ChangeRequest.objects.get(pk=change.pk), "by": r},
            )
            for r in reviewers
        ]
    )
    assert sum(isinstance(o, ChangeRequest) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 2, outcomes
    registered.refresh_from_db()
    assert registered.version == 2 and registered.versions.count() == 1
