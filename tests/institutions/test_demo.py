"""The demo data: read from institutions/demo/, seeded through the services, idempotent."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from institutions import demo
from institutions.models import Enquiry, Institution, InstitutionKind, Result, TechnicalField
from patents.models import CooperationMode, IpType

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_gives_the_demo_institute_a_dashboard(client):
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Institution.objects.count(), Result.objects.count(), Enquiry.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert counts == (Institution.objects.count(), Result.objects.count(), Enquiry.objects.count())
    assert 45 <= counts[0] <= 55 and counts[2] >= 1  # about fifty, as the center has
    names = set(Institution.objects.values_list("name", flat=True))
    assert {"清华大学", "同济大学", "中国石油大学（北京）克拉玛依校区"} <= names
    assert not Institution.objects.filter(is_demo=False).exists()
    assert all(
        "演示" in intro for intro in Institution.objects.values_list("introduction", flat=True)
    )
    for institution in Institution.objects.all():
        assert 2 <= institution.results.published().count() <= 4, institution.name

    client.force_login(User.objects.get(username="demo-institute"))
    html = client.get("/institutions/dashboard/").content.decode()
    assert "稠油蒸汽吞吐井注汽参数智能优化系统" in html and "王工（演示）" in html
    assert "草稿" in html


def test_the_demo_files_name_known_institutions_and_codes():
    institutions = demo.institutions()
    names = [i["name"] for i in institutions]
    offered = demo.results()
    assert len(set(names)) == len(names) == 50 and set(offered) == set(names)
    for institution in institutions:
        assert institution["kind"] in InstitutionKind.values
        assert set(institution["fields"]) <= set(TechnicalField.values), institution["name"]
    for result in (r for rows in offered.values() for r in rows):
        assert result["technical_field"] in TechnicalField.values
        assert result["ip_type"] in IpType.values
        assert result["cooperation_modes"] and set(result["cooperation_modes"]) <= set(
            CooperationMode.values
        )
        assert 1 <= result["trl"] <= 9 and result["patents"] >= 0
