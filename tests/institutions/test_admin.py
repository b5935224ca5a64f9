"""The reviewer screens: enquiries, moderation, institutions kept by the bureau."""

import pytest

from accounts.models import OrganizationKind
from institutions.models import Enquiry, Institution, ResultEvent, ResultStatus
from tests.conftest import make_member
from tests.institutions.conftest import ENQUIRER, ROLES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_only_reviewers_see_enquiries_in_the_admin(role, actor, client, patent):
    client.post(
        f"/enquiries/new/?target_type=patent&target_id={patent.application_number}", ENQUIRER
    )
    enquiry = Enquiry.objects.get()
    user = actor(role)
    if user:
        client.force_login(user)
    listing = client.get("/admin/institutions/enquiry/")
    detail = client.get(f"/admin/institutions/enquiry/{enquiry.pk}/change/")
    if role == "reviewer":
        assert listing.status_code == 200 and detail.status_code == 200
        html = listing.content.decode()
        assert patent.title in html and "张工" in html
    else:  # not staff: sent to the admin's login page
        assert listing.status_code == 302 and "/admin/login/" in listing["Location"]
        assert detail.status_code == 302


def test_a_reviewer_unpublishes_from_the_admin_with_a_note(client, reviewer, published_result):
    client.force_login(reviewer)
    changelist = "/admin/institutions/result/"
    assert published_result.title in client.get(changelist).content.decode()
    asked = client.post(
        changelist, {"action": "unpublish_selected", "_selected_action": [published_result.pk]}
    )
    assert asked.status_code == 200 and "下架说明" in asked.content.decode()
    published_result.refresh_from_db()
    assert published_result.status == ResultStatus.PUBLISHED  # nothing yet: a note is needed
    empty = client.post(
        changelist,
        {"action": "unpublish_selected", "_selected_action": [published_result.pk], "apply": "1", "note": ""},
    )  # fmt: skip
    assert empty.status_code == 200
    published_result.refresh_from_db()
    assert published_result.status == ResultStatus.PUBLISHED
    done = client.post(
        changelist,
        {"action": "unpublish_selected", "_selected_action": [published_result.pk], "apply": "1", "note": "联系方式失效"},
        follow=True,
    )  # fmt: skip
    assert "已下架 1 项成果" in done.content.decode()
    published_result.refresh_from_db()
    assert published_result.status == ResultStatus.WITHDRAWN
    event = ResultEvent.objects.latest("id")
    assert (event.by, event.note) == (reviewer, "联系方式失效")
    page = client.get(f"/admin/institutions/result/{published_result.pk}/change/")
    assert "联系方式失效" in page.content.decode()


def test_reviewers_cannot_edit_results_in_the_admin(client, reviewer, published_result):
    client.force_login(reviewer)
    url = f"/admin/institutions/result/{published_result.pk}/change/"
    client.post(url, {"title": "管理员改的"})
    published_result.refresh_from_db()
    assert published_result.title != "管理员改的"


def test_a_reviewer_links_an_institution_to_an_organization(client, reviewer):
    # Not verified yet (verification makes the profile itself, see test_institution_profiles).
    institute_user = make_member(kind=OrganizationKind.INSTITUTE, verified=False)
    client.force_login(reviewer)
    response = client.post(
        "/admin/institutions/institution/add/",
        {
            "name": "新入驻大学",
            "kind": "university",
            "organization": institute_user.organization.pk,
            "fields": ["new_energy"],
            "contact_phone": "0990-6888888",
        },
    )
    assert response.status_code == 302, response.content.decode()
    institution = Institution.objects.get(name="新入驻大学")
    assert institution.organization == institute_user.organization
    assert institution.fields == ["new_energy"]
