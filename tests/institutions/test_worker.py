import time

import pytest

from institutions.models import Enquiry
from institutions.services import enquiry_create
from tests.institutions.conftest import make_institution, make_result


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_enquiry_notice_goes_through_a_real_worker(celery_worker, institute_user):
    institution = make_institution(institute_user)
    result = make_result(institution, institute_user)
    enquiry = enquiry_create(
        target_type="result",
        target_id=result.pk,
        name="张工",
        organization="某油服公司",
        phone="13912345678",
        email="zhang@example.com",
        message="请联系我。",
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        enquiry.refresh_from_db()
        if enquiry.notified_at:
            break
        time.sleep(0.3)
    assert enquiry.notified_at is not None, "the worker did not send the notice"
    assert Enquiry.objects.filter(notified_at__isnull=True).count() == 0
