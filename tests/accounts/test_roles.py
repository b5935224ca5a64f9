import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from accounts.models import Role
from accounts.roles import ROLES, ensure_roles, reviewer_permission_names

pytestmark = pytest.mark.django_db


def _reviewer_permissions() -> set[str]:
    group = Group.objects.get(name=Role.REVIEWER)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_the_reviewer_holds_exactly_what_the_apps_list():
    assert _reviewer_permissions() == set(reviewer_permission_names())
    assert "contracts.change_annualtarget" in _reviewer_permissions()  # listed only in apps.py
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)


def test_a_permission_not_listed_is_taken_away_again():
    extra = Permission.objects.get(codename="delete_contract")
    Group.objects.get(name=Role.REVIEWER).permissions.add(extra)
    ensure_roles()
    assert "contracts.delete_contract" not in _reviewer_permissions()


def test_a_migrate_puts_the_roles_back(transactional_db):
    Group.objects.all().delete()
    call_command("migrate", verbosity=0)
    assert _reviewer_permissions() == set(reviewer_permission_names())
