"""Who answers a patent's enquiries: never whoever cites its number in a result."""

import pytest
from django.core import mail
from rest_framework.test import APIClient

from accounts.models import OrganizationKind
from institutions import selectors
from institutions.models import Enquiry
from patents.models import Patent
from tests.conftest import make_member
from tests.institutions.conftest import ENQUIRER, make_institution, make_result

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue_patent(db):
    return Patent.objects.create(
        application_number="202110344405.7",
        title="一种稠油注汽锅炉控制方法",
        patentee="准噶尔示范能源研究院",
    )


def ask(number):
    response = APIClient().post(
        "/api/v1/enquiries/",
        {"target_type": "patent", "target_id": number, **ENQUIRER},
        format="json",
    )
    assert response.status_code == 201, response.content
    return Enquiry.objects.get(reference=response.json()["reference"])


def test_citing_a_patent_in_a_result_does_not_take_its_enquiries(
    catalogue_patent, reviewer, django_capture_on_commit_callbacks
):
    # The hijack: another institute lists the number in its own published result.
    hijacker = make_member(kind=OrganizationKind.INSTITUTE, by=reviewer, name="别家研究所")
    institution = make_institution(hijacker, name="别家研究所")
    make_result(institution, hijacker, patent_numbers=[catalogue_patent.application_number])
    assert selectors.patent_holder(catalogue_patent) is None
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        enquiry = ask("ZL202110344405.7")
    assert enquiry.owner is None and enquiry.institution is None and enquiry.at_desk
    recipients = {address for message in mail.outbox for address in message.to}
    assert hijacker.email not in recipients and institution.contact_email not in recipients
    assert ENQUIRER["phone"] not in "".join(m.body for m in mail.outbox if hijacker.email in m.to)
    assert recipients == {reviewer.email}
    assert not hijacker.notifications.exclude(kind__startswith="organization.").exists()
    page = APIClient()
    page.force_authenticate(hijacker)
    assert page.get("/api/v1/enquiries/").json()["count"] == 0
    assert catalogue_patent not in selectors.institution_patents(institution)


def test_the_verified_organisation_named_as_patentee_holds_it(catalogue_patent, reviewer):
    holder = make_member(kind=OrganizationKind.INSTITUTE, by=reviewer, name="准噶尔示范能源研究院")
    assert selectors.patent_holder(catalogue_patent) == holder.organization
    enquiry = ask(catalogue_patent.application_number)
    assert enquiry.owner == holder.organization and not enquiry.at_desk
    assert (
        holder.notifications.exclude(kind__startswith="organization.").get().kind
        == "enquiry.received"
    )


def test_an_unverified_namesake_does_not_hold_it(catalogue_patent):
    make_member(kind=OrganizationKind.INSTITUTE, verified=False, name="准噶尔示范能源研究院")
    assert selectors.patent_holder(catalogue_patent) is None


def test_two_verified_namesakes_leave_it_to_the_desk(catalogue_patent, reviewer):
    for _ in range(2):
        make_member(kind=OrganizationKind.ENTERPRISE, by=reviewer, name="准噶尔示范能源研究院")
    assert selectors.patent_holder(catalogue_patent) is None


def test_a_holder_a_reviewer_confirmed_comes_first(catalogue_patent, reviewer):
    make_member(kind=OrganizationKind.INSTITUTE, by=reviewer, name="准噶尔示范能源研究院")
    assignee = make_member(kind=OrganizationKind.ENTERPRISE, by=reviewer)
    catalogue_patent.confirmed_holder = assignee.organization
    catalogue_patent.save()
    assert selectors.patent_holder(catalogue_patent) == assignee.organization
    enquiry = ask(catalogue_patent.application_number)
    assert enquiry.owner == assignee.organization
    client = APIClient()
    client.force_authenticate(assignee)
    listed = client.get("/api/v1/enquiries/").json()
    assert [row["reference"] for row in listed["results"]] == [enquiry.reference]


def test_reviewers_set_the_confirmed_holder_in_the_admin(client, reviewer, catalogue_patent):
    client.force_login(reviewer)
    html = client.get(f"/admin/patents/patent/{catalogue_patent.pk}/change/").content.decode()
    assert 'name="confirmed_holder"' in html
