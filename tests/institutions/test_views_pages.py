"""The public profile and lists, search and filters, history and the result form."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from institutions.models import Result, ResultEvent, ResultStatus
from tests.institutions.conftest import browser_for, make_institution, make_result, send_enquiry

pytestmark = pytest.mark.django_db


def test_the_profile_shows_results_and_held_patents(client, published_result, patent, db):
    from patents.models import Patent

    linked = Patent.objects.create(
        application_number="202110344405.7", title="一种注汽锅炉", patentee="某能源公司"
    )
    unrelated = Patent.objects.create(
        application_number="201710601862.3", title="无关专利", patentee="别的大学"
    )
    html = client.get(f"/institutions/{published_result.institution_id}/").content.decode()
    assert published_result.title in html
    assert patent.application_number in html  # patentee = the institution's name
    # Cited by its published result, held by someone else: not shown as its own.
    assert linked.application_number not in html
    assert unrelated.application_number not in html


def test_the_results_page_searches_in_chinese_and_filters(
    client, institution, institute_user, other_institution, other_institute_user
):
    a = make_result(institution, institute_user, title="超稠油SAGD循环预热加速技术", trl=5)
    b = make_result(
        other_institution,
        other_institute_user,
        title="戈壁光伏制氢",
        summary="电解制氢。",
        description="",
        technical_field="new_energy",
        cooperation_modes=["equity"],
        trl=8,
    )

    def titles(query):
        html = client.get("/results/" + query).content.decode()
        return {r.title for r in (a, b) if r.title in html}

    assert titles("") == {a.title, b.title}
    assert titles("?q=稠油") == {a.title}
    assert titles("?q=制氢") == {b.title}
    assert titles("?technical_field=new_energy") == {b.title}
    assert titles("?trl_min=6") == {b.title}
    assert titles("?trl_max=6") == {a.title}
    assert titles("?cooperation_mode=equity") == {b.title}
    assert titles(f"?institution={institution.pk}") == {a.title}
    html = client.get("/results/").content.decode()
    assert html.index(b.title) < html.index(a.title)  # newest first


def test_the_institutions_page_filters(client, institution, other_institution):
    institution.resident_since = institution.created_at.date()
    institution.fields = ["new_materials"]
    institution.save()

    def names(query):
        html = client.get("/institutions/" + query).content.decode()
        return {i.name for i in (institution, other_institution) if i.name in html}

    assert names("") == {institution.name, other_institution.name}
    assert names("?kind=institute") == {other_institution.name}
    assert names("?resident=true") == {institution.name}
    assert names("?field=new_materials") == {institution.name}
    assert names("?q=另一所") == {other_institution.name}


def test_list_pages_cost_a_constant_number_of_queries(
    institute_user, institution, other_institution, other_institute_user
):
    urls = (
        "/results/",
        "/institutions/",
        f"/institutions/{institution.pk}/",
        "/institutions/dashboard/",
    )

    def counts():
        out = {}
        for user in (None, institute_user):
            client = browser_for(user and User.objects.get(pk=user.pk))
            for url in urls:
                if url.endswith("dashboard/") and user is None:
                    continue
                with CaptureQueriesContext(connection) as ctx:
                    assert client.get(url).status_code == 200
                out[(url, user)] = len(ctx)
        return out

    first = make_result(institution, institute_user)
    send_enquiry(first)
    few = counts()
    for i in range(5):
        make_institution(name=f"新增院所{i}", fields=["new_energy"])
        make_result(other_institution, other_institute_user, title=f"他人成果{i}")
        result = make_result(institution, institute_user, title=f"自己的成果{i}")
        send_enquiry(result)
    assert counts() == few


def test_the_history_records_every_status_change(client, institute_user, published_result):
    client.force_login(institute_user)
    client.post(f"/results/{published_result.pk}/withdraw/")
    client.post(f"/results/{published_result.pk}/publish/")
    rows = list(
        ResultEvent.objects.filter(result=published_result).values_list(
            "from_status", "to_status", "by"
        )
    )
    me = institute_user.pk
    assert rows == [
        ("", "draft", me),
        ("draft", "published", me),
        ("published", "withdrawn", me),
        ("withdrawn", "published", me),
    ]
    html = client.get(f"/results/{published_result.pk}/").content.decode()
    assert "状态记录" in html


def test_publishing_an_incomplete_draft_names_what_is_missing(client, institution, institute_user):
    draft = make_result(institution, institute_user, publish=False, summary="", trl=None)
    client.force_login(institute_user)
    response = client.post(f"/results/{draft.pk}/publish/", follow=True)
    html = response.content.decode()
    assert "请填写成果简介" in html and "技术成熟度" in html
    draft.refresh_from_db()
    assert draft.status == ResultStatus.DRAFT


def test_the_result_form_checks_patent_numbers(client, institute_user, institution):
    client.force_login(institute_user)
    response = client.post(
        "/results/new/", {"title": "带专利的成果", "patent_numbers": "ZL202010123456.7"}
    )
    assert response.status_code == 200
    assert "校验位" in str(response.context["form"].errors["patent_numbers"])
    assert not Result.objects.exists()
    response = client.post(
        "/results/new/",
        {"title": "带专利的成果", "patent_numbers": "ZL202110344405.7\nCN 202210702228.X"},
    )
    assert response.status_code == 302
    assert Result.objects.get().patent_numbers == ["202110344405.7", "202210702228.X"]


def test_the_navigation_names_resolve():
    from django.urls import reverse

    assert reverse("institutions:list") == "/institutions/"
    assert reverse("institutions:results") == "/results/"


def test_a_non_institute_is_told_how_an_institute_gets_to_publish(client, enterprise_user):
    client.force_login(enterprise_user)
    response = client.get("/institutions/dashboard/")
    assert response.status_code == 403 and "通过交易中心认证后" in response.content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/institutions/dashboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "once the center has verified it" in english
