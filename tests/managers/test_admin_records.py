"""The history under each record reads in words and amounts with separators: the states
were stored codes shown as they are ("draft → open", "approved") and amounts "5000000.00"."""

import pytest

from managers.models import ManagerEvent
from tests.conftest import page_as
from tests.managers.conftest import make_approved

pytestmark = pytest.mark.django_db


def test_a_managers_record_reads_in_words(client, reviewer):
    manager = make_approved(reviewer)
    actions = set(ManagerEvent.objects.filter(manager=manager).values_list("action", flat=True))
    assert actions == {"applied", "approved"}
    page = page_as(client, reviewer, f"/admin/managers/manager/{manager.pk}/change/")
    assert "提交申请" in page and "审核通过" in page
    assert ">applied<" not in page and ">approved<" not in page


def test_a_certificate_whose_file_has_gone_is_not_found_not_a_server_error(client, reviewer):
    manager = make_approved(reviewer)
    client.force_login(reviewer)
    shown = client.get(f"/managers/{manager.pk}/certificate/")
    assert shown.status_code == 200 and shown["Content-Security-Policy"] == "sandbox"
    assert "no-store" in shown["Cache-Control"]
    manager.certificate_file.storage.delete(manager.certificate_file.name)
    assert client.get(f"/managers/{manager.pk}/certificate/").status_code == 404
