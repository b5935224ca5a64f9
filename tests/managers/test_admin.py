"""The reviewer's screens: the applications waiting first, the decisions as actions
(refusal and suspension ask for a reason), who has not filed last year's report."""

import datetime

import pytest
from django.utils import timezone

from managers import selectors
from managers.models import Manager
from tests.managers.conftest import make_applied, make_approved

pytestmark = pytest.mark.django_db

URL = "/admin/managers/manager/"


def test_the_list_opens_on_the_applications_waiting(client, reviewer, applied, approved):
    client.force_login(reviewer)
    page = client.get(URL).content.decode()
    assert applied.name in page and approved.name not in page


def test_outsiders_do_not_reach_the_screen(client, outsider):
    client.force_login(outsider)
    assert client.get(URL).status_code == 302  # to the admin login


def test_approve_and_refuse_with_a_reason(client, reviewer):
    first, second = make_applied(name="甲"), make_applied(name="乙")
    client.force_login(reviewer)
    client.post(URL, {"action": "approve_selected", "_selected_action": [first.pk]})
    asked = client.post(URL, {"action": "refuse_selected", "_selected_action": [second.pk]})
    assert "申请人会看到理由" in asked.content.decode()  # the reason is asked first
    assert Manager.objects.get(pk=second.pk).status == "applied"
    client.post(
        URL,
        {
            "action": "refuse_selected",
            "_selected_action": [second.pk],
            "apply": "1",
            "note": "证书无法核实",
        },
    )
    statuses = dict(Manager.objects.values_list("name", "status"))
    assert statuses == {"甲": "approved", "乙": "refused"}
    assert Manager.objects.get(pk=second.pk).review_note == "证书无法核实"


def test_the_not_filed_filter_lists_who_has_not_filed(client, reviewer):
    year = selectors.filing_year_due()
    late = make_approved(reviewer, name="未备案人")
    recent = make_approved(reviewer, name="今年才通过")
    Manager.objects.filter(pk=late.pk).update(
        approved_at=timezone.make_aware(datetime.datetime(year, 5, 1))
    )
    client.force_login(reviewer)
    page = client.get(f"{URL}?status=all&filed=no").content.decode()
    assert late.name in page and recent.name not in page
