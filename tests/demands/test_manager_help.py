"""From a demand's page to a technology manager: the owner's link carries the demand to
the directory, and the help request it leads to names the real demand."""

import pytest

from managers import services as manager_services
from managers.models import HelpRequest
from tests.demands.conftest import make_demand
from tests.managers.conftest import make_approved

pytestmark = pytest.mark.django_db


def test_the_owner_asks_a_manager_for_help_with_a_published_demand(
    client, enterprise_user, reviewer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"  # the manager's certificate scan
    demand = make_demand(enterprise_user, reviewer=reviewer, title="稠油掺稀降黏")
    manager = make_approved(reviewer)
    client.force_login(enterprise_user)
    page = client.get(f"/demands/{demand.pk}/").content.decode()
    link = f"subject_type=demand&amp;subject_id={demand.pk}"
    assert "请技术经理人帮助" in page and link in page
    directory = client.get(f"/managers/?subject_type=demand&subject_id={demand.pk}")
    assert f"/managers/{manager.pk}/help/?{link}" in directory.content.decode()

    asked = manager_services.help_request_create(
        manager=manager,
        requester=enterprise_user,
        subject_type="demand",
        subject_id=demand.pk,
        message="请帮忙对接院所",
    )
    assert asked.subject_title == "稠油掺稀降黏"
    assert HelpRequest.objects.filter(manager=manager).count() == 1


def test_others_see_no_help_link(client, enterprise_user, reviewer, outsider):
    demand = make_demand(enterprise_user, reviewer=reviewer)
    client.force_login(outsider)
    assert "请技术经理人帮助" not in client.get(f"/demands/{demand.pk}/").content.decode()
