import re
import time

import pytest

from institutions.services import enquiry_create
from tests.institutions.conftest import make_institution, make_result

# What the worker logs once common.mail's task has handed one message to the mail backend.
SENT_ONE = re.compile(r"Task common\.send_message\[[0-9a-f-]+\] succeeded in [0-9.e-]+s: 1\b")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_enquiry_notice_goes_through_a_real_worker(celery_worker, institute_user):
    institution = make_institution(institute_user)
    result = make_result(institution, institute_user)
    question = "请联系我：注汽参数优化试点。"
    enquiry = enquiry_create(
        target_type="result",
        target_id=result.pk,
        name="张工",
        organization="某油服公司",
        phone="13912345678",
        email="zhang@example.com",
        message=question,
    )
    assert enquiry.notified_at is not None  # queued on commit (autocommit: at once)

    # The worker's mail backend is the console: each message it sends lands in its log,
    # followed by the task's success. The member's notice and the contact address's copy
    # are two messages (the member's sign-up mail comes earlier).
    def notices(log: str) -> list[str]:
        found, at = [], log.find(question)
        while at >= 0:
            done = SENT_ONE.search(log, at)
            if done is None:
                break
            found.append(log[log.rfind("Content-Type:", 0, at) : done.end()])
            at = log.find(question, done.end())
        return found

    deadline = time.monotonic() + 30
    while len(sent := notices(celery_worker.log_path.read_text())) < 2:
        assert time.monotonic() < deadline, "the worker did not send both notices"
        time.sleep(0.3)
    assert sorted(re.search(r"\nTo: (.+)\n", m).group(1) for m in sent) == sorted(
        [institution.contact_email, institute_user.email]
    )
    for message in sent:
        assert f"洽谈对象：{result.title}\n姓名：张工\n单位：某油服公司" in message
