"""The reviewer's workbench at /admin/: a count and a link for every queue, each count the
number of rows its link opens, at a constant number of queries."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache

from accounts.services import organization_refuse
from contracts import services
from contracts.models import Contract
from demands.services import challenges as challenge_services
from demands.services import common as demand_common
from institutions import services as institution_services
from institutions.services.enquiries import enquiries_remind_overdue
from instruments import services as instrument_services
from patents.services import catalogue_import
from tests.conftest import make_member
from tests.contracts.conftest import make_registered, make_submitted, pdf_upload
from tests.demands.conftest import TODAY as DEMANDS_TODAY
from tests.demands.conftest import apply, make_challenge, make_demand
from tests.institutions.conftest import make_institution, make_result, send_enquiry
from tests.instruments.conftest import make_instrument, request_booking
from tests.managers.conftest import make_applied, make_approved
from tests.patents.conftest import csv_bytes, row

pytestmark = pytest.mark.django_db

QUEUE_KEYS = [
    "submitted",
    "overdue",
    "experts",
    "organizations",
    "objections",
    "changes",
    "income",
    "desk",
    "enquiries_overdue",
    "catalogue_drafts",
    "demands",
    "challenge_objections",
    "challenges_evaluating",
    "managers",
    "bookings",
]
LINK = re.compile(
    r'<a href="(?P<url>[^"]+)" data-queue="(?P<key>[\w]+)">\s*'
    r'<span class="count">(?P<count>\d+)</span>'
)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()  # the enquiry and objection throttles


def queues(client) -> dict[str, tuple[int, str]]:
    response = client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode().replace("&amp;", "&")
    return {m["key"]: (int(m["count"]), m["url"]) for m in LINK.finditer(html)}


def rows_on(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    changelist = response.context["cl"]
    assert len(changelist.result_list) == changelist.result_count  # all on one page
    return changelist.result_count


def fill_every_queue(enterprise_user, reviewer, institute_user):
    """At least one row in each queue, and rows just outside it, made as users do."""
    make_submitted(enterprise_user, title="按期合同")
    late = make_submitted(enterprise_user, title="超期合同")
    Contract.objects.filter(pk=late.pk).update(review_due_on=datetime.date(2020, 1, 6))
    make_submitted(
        enterprise_user,
        title="大额合同",
        contract_amount=Decimal("8000000"),
        technology_amount=Decimal("6000000"),
    )
    registered = make_registered(enterprise_user, reviewer)
    services.objection_file(
        registration_number=registered.registration_number,
        verification_code=registered.verification_code,
        filed_by="tax",
        name="克拉玛依市税务局",
        contact="tax@example.com",
        grounds="该合同实为设备采购。",
    )
    change = services.change_request_file(
        contract=registered,
        kind="change",
        reason="双方签订补充协议",
        fields={"contract_amount": "1500000.00"},
        by=enterprise_user,
    )
    services.change_request_attach(change_request=change, upload=pdf_upload(), by=enterprise_user)
    services.income_file(
        contract=make_registered(enterprise_user, reviewer),
        year=registered.registered_on.year,
        amount=Decimal("100000"),
        evidence=pdf_upload(),
        by=enterprise_user,
    )
    make_member(verified=False)
    refused = make_member(verified=False)
    organization_refuse(organization=refused.organization, by=reviewer, reason="执照不清")
    orphan = make_institution(contact_email="")  # no members, no e-mail: the desk answers
    send_enquiry(make_result(orphan, institution_services.SYSTEM))
    owned = make_institution(institute_user)
    old = send_enquiry(make_result(owned, institute_user))
    enquiries_remind_overdue(today=old.created_at.date() + datetime.timedelta(days=30))
    catalogue_import(year=2031, data=csv_bytes([row()]), filename="catalogue.csv", by=reviewer)
    fill_the_newer_apps_queues(enterprise_user, reviewer, institute_user)


def fill_the_newer_apps_queues(enterprise_user, reviewer, institute_user):
    """Demands, challenges, managers and bookings: two rows in each queue, one beside it."""
    clock = demand_common.today
    demand_common.today = lambda: DEMANDS_TODAY  # the day the demands' test data is set on
    try:
        make_demand(enterprise_user, status="submitted", title="待审需求")
        make_demand(enterprise_user, status="submitted")
        make_demand(enterprise_user, status="published", reviewer=reviewer)
        funder = enterprise_user.organization
        make_challenge(reviewer, funder, title="揭榜中的榜单")
        evaluating = [make_challenge(reviewer, funder, title=f"评审中的榜单{n}") for n in (1, 2)]
        publicised = make_challenge(reviewer, funder, title="公示中的榜单")
        for challenge in evaluating:
            apply(challenge, institute_user)
        application = apply(publicised, institute_user)
        past_deadline = publicised.applications_close_on + datetime.timedelta(days=1)
        demand_common.today = lambda: past_deadline
        for challenge in (*evaluating, publicised):
            challenge_services.challenge_close_applications(challenge=challenge, by=reviewer)
        publicised.refresh_from_db()
        challenge_services.challenge_propose(
            challenge=publicised, application=application, by=reviewer
        )
        objections = [
            challenge_services.objection_file(
                challenge=publicised, by=None, name="王", contact="138", grounds=grounds
            )
            for grounds in ("业绩不实", "团队不符", "重复申报")
        ]
        challenge_services.objection_resolve(
            objection=objections[2], by=reviewer, outcome="dismissed", note="经核实不成立"
        )
    finally:
        demand_common.today = clock
    make_applied()
    make_applied()
    make_approved(reviewer)
    instrument = make_instrument(institute_user)
    request_booking(instrument, enterprise_user, days=3)
    request_booking(instrument, enterprise_user, days=5)
    instrument_services.booking_approve(
        booking=request_booking(instrument, enterprise_user, days=4), by=institute_user
    )


def test_every_queue_has_a_count_that_is_the_number_of_rows_its_link_opens(
    client, reviewer, enterprise_user, institute_user
):
    fill_every_queue(enterprise_user, reviewer, institute_user)
    client.force_login(reviewer)
    shown = queues(client)
    assert list(shown) == QUEUE_KEYS
    for key, (count, url) in shown.items():
        assert url.startswith("/admin/"), key
        assert rows_on(client, url) == count, key
    assert all(count >= 1 for count, _url in shown.values()), shown
    assert shown["submitted"][0] == 3 and shown["overdue"][0] == 1
    assert shown["experts"][0] == 1 and shown["organizations"][0] == 1
    for key in ("demands", "challenge_objections", "challenges_evaluating", "managers", "bookings"):
        assert shown[key][0] == 2, key  # two rows in each, the ones beside it left out
    html = client.get("/admin/").content.decode()
    assert "超期合同" in html and html.index("超期合同") < html.index("按期合同")  # due first
    assert "账户与单位" in html  # Django's app list stays below


def test_the_workbench_costs_the_same_queries_however_full_the_queues(
    client, reviewer, enterprise_user, institute_user, django_assert_max_num_queries
):
    client.force_login(reviewer)
    queues(client)
    with django_assert_max_num_queries(40) as empty:
        queues(client)
    baseline = len(empty.captured_queries)  # read now: the query log is a bounded deque
    fill_every_queue(enterprise_user, reviewer, institute_user)
    for _ in range(4):
        make_submitted(enterprise_user)
        make_member(verified=False)
    with django_assert_max_num_queries(baseline):
        assert sum(count for count, _url in queues(client).values()) > 10


def test_non_reviewers_get_no_workbench(client, enterprise_user):
    client.force_login(enterprise_user)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
