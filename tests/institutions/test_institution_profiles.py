"""Verifying a university or institute makes its profile, so that it can publish."""

import importlib

import pytest
from django.apps import apps as django_apps
from rest_framework.test import APIClient

from accounts.models import OrganizationKind
from accounts.services import organization_verify
from institutions.models import Institution, InstitutionKind
from institutions.selectors import institution_list
from tests.conftest import api_as, make_member
from tests.institutions.conftest import COMPLETE

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (OrganizationKind.UNIVERSITY, InstitutionKind.UNIVERSITY),
        (OrganizationKind.INSTITUTE, InstitutionKind.INSTITUTE),
    ],
)
def test_verification_makes_a_non_resident_profile_once(kind, expected, reviewer):
    user = make_member(kind=kind, verified=False)
    assert not Institution.objects.exists()
    assert organization_verify(organization=user.organization, by=reviewer)
    institution = Institution.objects.get()
    assert institution.organization == user.organization
    assert (institution.name, institution.kind) == (user.organization.name, expected)
    assert not institution.is_resident and institution.contact_email == user.email
    assert not organization_verify(organization=user.organization, by=reviewer)
    assert Institution.objects.count() == 1


def test_an_enterprise_gets_no_profile(reviewer):
    make_member(kind=OrganizationKind.ENTERPRISE, by=reviewer)
    assert not Institution.objects.exists()


def test_a_profile_made_by_hand_is_linked_not_duplicated(reviewer):
    user = make_member(kind=OrganizationKind.UNIVERSITY, verified=False, name="新疆示范大学")
    by_hand = Institution.objects.create(name="新疆示范大学", kind=InstitutionKind.UNIVERSITY)
    organization_verify(organization=user.organization, by=reviewer)
    by_hand.refresh_from_db()
    assert by_hand.organization == user.organization and Institution.objects.count() == 1


def test_a_newly_verified_university_publishes_through_the_api_and_is_listed_after_residents(
    reviewer,
):
    resident = Institution.objects.create(
        name="已入驻研究院", kind=InstitutionKind.INSTITUTE, resident_since="2024-05-01"
    )
    user = make_member(kind=OrganizationKind.UNIVERSITY, by=reviewer, name="阿尔法大学")
    client = api_as(user)
    created = client.post(
        "/api/v1/results/", {"title": "新成果", **COMPLETE, "price": "1000.00"}, format="json"
    )
    assert created.status_code == 201, created.content
    published = client.post(f"/api/v1/results/{created.json()['id']}/publish/")
    assert published.status_code == 200 and published.json()["status"] == "published"
    names = [i.name for i in institution_list()]
    assert names.index(resident.name) < names.index("阿尔法大学")
    rows = {row["name"]: row for row in APIClient().get("/api/v1/institutions/").json()["results"]}
    assert rows["已入驻研究院"]["resident"] and not rows["阿尔法大学"]["resident"]


def test_members_reach_their_dashboard_from_the_header(client, reviewer):
    user = make_member(kind=OrganizationKind.INSTITUTE, by=reviewer)
    enterprise = make_member(kind=OrganizationKind.ENTERPRISE, by=reviewer)
    client.force_login(user)
    assert 'href="/institutions/dashboard/"' in client.get("/").content.decode()
    client.force_login(enterprise)
    assert 'href="/institutions/dashboard/"' not in client.get("/").content.decode()


def test_the_data_migration_makes_profiles_for_already_verified_institutes(reviewer):
    user = make_member(kind=OrganizationKind.INSTITUTE, by=reviewer)
    Institution.objects.all().delete()  # as before this release
    migration = importlib.import_module(
        "institutions.migrations.0004_institutions_for_verified_organisations"
    )
    migration.forwards(django_apps, None)
    migration.forwards(django_apps, None)  # idempotent
    (institution,) = Institution.objects.all()
    assert institution.organization == user.organization


def test_the_center_admits_a_profile_as_resident_in_the_admin(client, reviewer):
    user = make_member(kind=OrganizationKind.UNIVERSITY, by=reviewer, name="贝塔大学")
    institution = Institution.objects.get(organization=user.organization)
    badge = '<span class="badge ok">已入驻</span>'
    assert client.get("/institutions/").content.decode().count(badge) == 0
    client.force_login(reviewer)
    url = f"/admin/institutions/institution/{institution.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None and name not in ("logo", "fields")
    }
    data.update({"organization": user.organization.pk, "resident_since": "2026-11-30"})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    institution.refresh_from_db()
    assert institution.is_resident
    assert client.get("/institutions/").content.decode().count(badge) == 1


def test_a_namesake_of_an_existing_profile_gets_its_own(reviewer):
    first = make_member(kind=OrganizationKind.INSTITUTE, by=reviewer, name="伽马研究所")
    second = make_member(kind=OrganizationKind.INSTITUTE, by=reviewer, name="伽马研究所")
    profiles = {i.organization_id: i.name for i in Institution.objects.all()}
    assert profiles[first.organization_id] == "伽马研究所"
    assert profiles[second.organization_id] == f"伽马研究所（{second.organization.uscc}）"
