"""An enterprise asks a manager for help with a subject of its own; the manager's inbox.
The demands app (built in parallel) owns the real subject, a demand; here the subject
registry points "demand" at contracts (each owned by its seller), which is enough to
exercise the generic reference."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from managers import services
from managers.models import HelpRequest
from notifications.models import Notification
from tests.conftest import api_as
from tests.contracts.conftest import make_draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _subjects(settings):
    settings.MANAGER_HELP_SUBJECTS = {"demand": ("contracts.Contract", "seller")}


def _ask(manager, user, subject, message="请帮忙寻找合作院所"):
    return services.help_request_create(
        manager=manager,
        requester=user,
        subject_type="demand",
        subject_id=subject.pk,
        message=message,
    )


def test_a_member_asks_once_and_the_manager_is_told(enterprise_user, approved):
    subject = make_draft(enterprise_user)
    request = _ask(approved, enterprise_user, subject)
    assert (request.subject_title, request.status) == (subject.title, "new")
    assert Notification.objects.filter(recipient=approved.user, kind="manager.help_requested")
    with pytest.raises(ValidationError, match="请等待回复"):
        _ask(approved, enterprise_user, subject)
    assert HelpRequest.objects.count() == 1


def test_only_for_ones_own_subject_and_an_approved_manager(
    enterprise_user, outsider, approved, applied
):
    subject = make_draft(enterprise_user)
    with pytest.raises(PermissionDenied):
        _ask(approved, outsider, subject)
    with pytest.raises(ValidationError, match="已通过审核"):
        _ask(applied, enterprise_user, subject)
    with pytest.raises(ValidationError, match="说明"):
        _ask(approved, enterprise_user, subject, message=" ")
    assert not HelpRequest.objects.exists()


def test_an_unknown_subject_or_an_app_not_installed_is_named(settings, enterprise_user, approved):
    with pytest.raises(ValidationError) as caught:
        services.help_request_create(
            manager=approved, requester=enterprise_user, subject_type="demand",
            subject_id=999999, message="帮忙",
        )  # fmt: skip
    assert "999999" in caught.value.message_dict["subject_id"][0]
    settings.MANAGER_HELP_SUBJECTS = {"demand": ("nowhere.Demand", "organization")}
    with pytest.raises(ValidationError, match="尚未开通"):
        services.help_request_create(
            manager=approved, requester=enterprise_user, subject_type="demand",
            subject_id=1, message="帮忙",
        )  # fmt: skip


def test_the_manager_answers_and_the_requester_is_told(enterprise_user, approved, outsider):
    request = _ask(approved, enterprise_user, make_draft(enterprise_user))
    with pytest.raises(PermissionDenied):
        services.help_request_answer(help_request=request, by=outsider, accept=True, answer="好")
    services.help_request_answer(
        help_request=request, by=approved.user, accept=True, answer="明天联系您"
    )
    request.refresh_from_db()
    assert (request.status, request.answer) == ("accepted", "明天联系您")
    assert Notification.objects.filter(recipient=enterprise_user, kind="manager.help_answered")
    with pytest.raises(ValidationError, match="已回复"):
        services.help_request_answer(
            help_request=request, by=approved.user, accept=False, answer="再答"
        )


def test_the_api_ask_inbox_and_answer(enterprise_user, approved, outsider, api):
    subject = make_draft(enterprise_user)
    body = {"subject_type": "demand", "subject_id": subject.pk, "message": "请帮忙"}
    url = f"/api/v1/managers/{approved.pk}/help-requests/"
    assert api.post(url, body, format="json").status_code == 401
    assert api_as(outsider).post(url, body, format="json").status_code == 403
    created = api_as(enterprise_user).post(url, body, format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    inbox = api_as(approved.user).get("/api/v1/help-requests/").json()
    assert [r["id"] for r in inbox["results"]] == [pk]
    assert api_as(outsider).get("/api/v1/help-requests/").json()["count"] == 0
    assert api_as(outsider).get(f"/api/v1/help-requests/{pk}/").status_code == 404
    answer = {"accept": False, "answer": "领域不符"}
    assert (
        api_as(enterprise_user)
        .post(f"/api/v1/help-requests/{pk}/answer/", answer, format="json")
        .status_code
        == 403
    )
    done = api_as(approved.user).post(f"/api/v1/help-requests/{pk}/answer/", answer, format="json")
    assert done.status_code == 200 and done.json()["status"] == "declined"


def test_the_pages_ask_and_list(client, enterprise_user, approved):
    subject = make_draft(enterprise_user)
    client.force_login(enterprise_user)
    url = f"/managers/{approved.pk}/help/?subject_type=demand&subject_id={subject.pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"subject_type": "demand", "subject_id": subject.pk, "message": "请帮忙"}
    )
    assert response.status_code == 302
    client.force_login(approved.user)
    assert subject.title in client.get("/managers/inbox/").content.decode()
    pk = HelpRequest.objects.get().pk
    client.post(f"/managers/help-requests/{pk}/answer/", {"accept": "1", "answer": "可以"})
    assert HelpRequest.objects.get().status == "accepted"


def test_the_directory_offers_help_for_the_demand_it_came_from(client, approved):
    plain = client.get("/managers/").content.decode()
    assert "/help/?" not in plain
    page = client.get("/managers/?subject_type=demand&subject_id=42").content.decode()
    assert f"/managers/{approved.pk}/help/?subject_type=demand&amp;subject_id=42" in page
    assert (
        "/help/?" not in client.get("/managers/?subject_type=demand&subject_id=x").content.decode()
    )
