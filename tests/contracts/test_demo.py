import io

import pytest
from django.core.management import call_command

from contracts.models import Contract, Status

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_every_state_once():
    call_command("seed_demo", stdout=io.StringIO())
    states = set(Contract.objects.values_list("status", flat=True))
    assert states == set(Status.values)
    assert all("演示" in title for title in Contract.objects.values_list("title", flat=True))
    count = Contract.objects.count()
    events = sum(c.events.count() for c in Contract.objects.all())
    call_command("seed_demo", stdout=io.StringIO())
    assert Contract.objects.count() == count
    assert sum(c.events.count() for c in Contract.objects.all()) == events
    # Filed through the portal (the 2024-2025 history is imported, with no filer).
    # (The managers' demo adds one more, brokered by its technology manager.)
    registered = Contract.objects.registered().filter(created_by__isnull=False)
    registered = registered.filter(broker__isnull=True)
    assert registered.count() == 3 and all(c.registration_number for c in registered)
