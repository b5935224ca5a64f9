import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from institutions.models import Enquiry, EnquiryStatus, Result, ResultEvent, ResultStatus
from tests.institutions.conftest import ROLES, make_institution, make_result

pytestmark = pytest.mark.django_db


def browser_for(user):
    client = Client()
    if user:
        client.force_login(user)
    return client


def snapshot(result):
    return Result.objects.filter(pk=result.pk).values().get()


LOGIN = 302  # anonymous users are sent to the login page

# ---- the role × object × action matrix (pages) ------------------------------------------

READ_DRAFT = {
    "anonymous": 404,
    "enterprise": 404,
    "owner": 200,
    "other_institute": 404,
    "reviewer": 200,
}
EDIT_PUBLISHED = {
    "anonymous": LOGIN,
    "enterprise": 403,
    "owner": 200,
    "other_institute": 403,
    "reviewer": 403,
}
EDIT_DRAFT = {
    "anonymous": LOGIN,
    "enterprise": 404,
    "owner": 200,
    "other_institute": 404,
    "reviewer": 403,
}
NEW_RESULT = {
    "anonymous": LOGIN,
    "enterprise": 403,
    "owner": 200,
    "other_institute": 200,
    "reviewer": 403,
}
EDIT_PROFILE = {
    "anonymous": LOGIN,
    "enterprise": 403,
    "owner": 200,
    "other_institute": 403,
    "reviewer": 403,
}
DASHBOARD = {
    "anonymous": LOGIN,
    "enterprise": 403,
    "owner": 200,
    "other_institute": 200,
    "reviewer": 403,
}
ANSWER = {
    "anonymous": LOGIN,
    "enterprise": 404,
    "owner": 302,
    "other_institute": 404,
    "reviewer": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_public_pages_are_open_to_everyone(role, actor, published_result):
    client = browser_for(actor(role))
    institution = published_result.institution
    for url in (
        "/institutions/",
        f"/institutions/{institution.pk}/",
        "/results/",
        f"/results/{published_result.pk}/",
        f"/enquiries/new/?target_type=result&target_id={published_result.pk}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        expected = institution.name if url == "/institutions/" else published_result.title
        assert expected in response.content.decode(), url


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_page_is_seen_only_by_its_institution_and_reviewers(role, actor, draft_result):
    response = browser_for(actor(role)).get(f"/results/{draft_result.pk}/")
    assert response.status_code == READ_DRAFT[role]
    listing = browser_for(actor(role)).get("/results/").content.decode()
    assert draft_result.title not in listing  # the public list shows published results only


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_edits_a_published_result_in_the_browser(role, actor, published_result):
    client = browser_for(actor(role))
    url = f"/results/{published_result.pk}/edit/"
    assert client.get(url).status_code == EDIT_PUBLISHED[role]
    before = snapshot(published_result)
    data = {"title": "新名称", "summary": "新简介", "technical_field": "new_energy", "trl": 8,
            "ip_type": "none", "cooperation_modes": ["transfer"], "contact_name": "李老师",
            "contact_phone": "13912345678", "price": "", "patent_numbers": "", "description": ""}  # fmt: skip
    response = client.post(url, data)
    if role == "owner":
        assert response.status_code == 302
        published_result.refresh_from_db()
        assert published_result.title == "新名称" and published_result.price is None
    else:
        assert response.status_code == EDIT_PUBLISHED[role]
        assert snapshot(published_result) == before


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_opens_the_edit_page_of_a_draft(role, actor, draft_result):
    response = browser_for(actor(role)).get(f"/results/{draft_result.pk}/edit/")
    assert response.status_code == EDIT_DRAFT[role]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_publishes_in_the_browser(role, actor, draft_result):
    response = browser_for(actor(role)).post(f"/results/{draft_result.pk}/publish/")
    expected = 302 if role == "owner" else EDIT_DRAFT[role]
    assert response.status_code == expected
    draft_result.refresh_from_db()
    assert (draft_result.status == ResultStatus.PUBLISHED) == (role == "owner")


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_withdraws_in_the_browser(role, actor, published_result):
    response = browser_for(actor(role)).post(f"/results/{published_result.pk}/withdraw/")
    expected = 302 if role == "owner" else EDIT_PUBLISHED[role]
    assert response.status_code == expected
    published_result.refresh_from_db()
    assert (published_result.status == ResultStatus.WITHDRAWN) == (role == "owner")


@pytest.mark.parametrize("role", ROLES)
def test_only_institute_members_open_the_new_result_form(role, actor, institution):
    client = browser_for(actor(role))
    assert client.get("/results/new/").status_code == NEW_RESULT[role]
    response = client.post("/results/new/", {"title": "浏览器新建的成果"})
    assert response.status_code == (302 if NEW_RESULT[role] == 200 else NEW_RESULT[role])
    created = Result.objects.filter(title="浏览器新建的成果").first()
    if NEW_RESULT[role] == 200:
        assert created.status == ResultStatus.DRAFT
        assert created.institution.organization_id == actor(role).organization_id
    else:
        assert created is None


@pytest.mark.parametrize("role", ROLES)
def test_only_members_edit_the_profile(role, actor, institution):
    client = browser_for(actor(role))
    url = f"/institutions/{institution.pk}/edit/"
    assert client.get(url).status_code == EDIT_PROFILE[role]
    response = client.post(url, {"introduction": "改过的简介", "fields": ["new_energy"]})
    institution.refresh_from_db()
    if role == "owner":
        assert response.status_code == 302
        assert institution.introduction == "改过的简介" and institution.fields == ["new_energy"]
    else:
        assert response.status_code == EDIT_PROFILE[role]
        assert institution.introduction == ""


@pytest.mark.parametrize("role", ROLES)
def test_the_dashboard_shows_only_ones_own_enquiries(role, actor, published_result):
    enquiry = send_enquiry(published_result)
    response = browser_for(actor(role)).get("/institutions/dashboard/")
    assert response.status_code == DASHBOARD[role]
    if response.status_code == 200:
        html = response.content.decode()
        assert (enquiry.message in html) == (role == "owner")


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_marks_an_enquiry_answered(role, actor, published_result):
    enquiry = send_enquiry(published_result)
    response = browser_for(actor(role)).post(f"/enquiries/{enquiry.pk}/answer/")
    assert response.status_code == ANSWER[role]
    enquiry.refresh_from_db()
    assert (enquiry.status == EnquiryStatus.ANSWERED) == (role == "owner")
    if role == "owner":
        assert enquiry.answered_by == actor(role) and enquiry.answered_at


# ---- enquiries through the form --------------------------------------------------------

FORM = {
    "name": "张工",
    "organization": "克拉玛依某油服公司",
    "phone": "0990-6888888",
    "email": "zhang@example.com",
    "message": "想了解许可条件和试点费用。",
    "website": "",
}


def send_enquiry(result, client=None, **data):
    client = client or Client()
    response = client.post(
        f"/enquiries/new/?target_type=result&target_id={result.pk}", {**FORM, **data}
    )
    assert response.status_code == 302, response.content.decode()
    return Enquiry.objects.latest("id")


def test_an_enquiry_reaches_the_owner_by_mail_and_dashboard(
    client, published_result, institute_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/enquiries/new/?target_type=result&target_id={published_result.pk}",
            FORM,
            follow=True,
        )
    assert response.redirect_chain[-1][0] == "/enquiries/sent/"
    assert "洽谈已提交" in response.content.decode()
    enquiry = Enquiry.objects.get()
    assert enquiry.ip_address == "127.0.0.1"
    (message,) = mail.outbox
    assert institute_user.email in message.to
    assert published_result.institution.contact_email in message.to
    assert FORM["message"] in message.body

    owner = browser_for(institute_user)
    dashboard = owner.get("/institutions/dashboard/").content.decode()
    assert FORM["message"] in dashboard and "标记为已回复" in dashboard
    owner.post(f"/enquiries/{enquiry.pk}/answer/")
    dashboard = owner.get("/institutions/dashboard/").content.decode()
    assert f"/enquiries/{enquiry.pk}/answer/" not in dashboard and "已回复" in dashboard


def test_the_result_page_links_to_the_enquiry_form(client, published_result):
    html = client.get(f"/results/{published_result.pk}/").content.decode()
    assert f"/enquiries/new/?target_type=result&amp;target_id={published_result.pk}" in html
    assert "我感兴趣" in html
    assert "TRL 7 · 真实环境下的系统演示" in html
    assert "80.00 万元" in html


def test_a_result_without_price_is_negotiable(client, institution, institute_user):
    result = make_result(institution, institute_user, price=None)
    assert "面议" in client.get(f"/results/{result.pk}/").content.decode()


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"phone": "12345"}, "phone", "0990-6888888"),
        ({"phone": "１３９１２３４５６７８"}, "phone", "半角"),
        ({"email": "x@"}, "email", "邮"),
        ({"message": ""}, "message", ""),
    ],
)
def test_form_errors_show_next_to_the_field(client, published_result, data, field, words):
    response = client.post(
        f"/enquiries/new/?target_type=result&target_id={published_result.pk}", {**FORM, **data}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors and words in str(form.errors[field])
    assert 'class="field has-error' in response.content.decode()
    assert not Enquiry.objects.exists()


def test_the_honeypot_pretends_and_stores_nothing(client, published_result):
    response = client.post(
        f"/enquiries/new/?target_type=result&target_id={published_result.pk}",
        {**FORM, "website": "http://spam.example"},
    )
    assert response.status_code == 302 and response["Location"] == "/enquiries/sent/"
    assert not Enquiry.objects.exists()


def test_the_form_is_throttled_per_address_with_the_api(client, published_result, monkeypatch):
    from institutions.api import EnquiryThrottle

    monkeypatch.setattr(EnquiryThrottle, "rate", "2/hour", raising=False)
    send_enquiry(published_result, client)
    api = client.post(
        "/api/v1/enquiries/",
        {"target_type": "result", "target_id": published_result.pk, **FORM},
        content_type="application/json",
    )
    assert api.status_code == 201
    response = client.post(
        f"/enquiries/new/?target_type=result&target_id={published_result.pk}", FORM
    )
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert Enquiry.objects.count() == 2


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?target_type=result&target_id=abc",
        "?target_type=result&target_id=999999",
        "?target_type=patent&target_id=202010123456.7",
        "?target_type=patent&target_id=201710601862.3",
        "?target_type=thing&target_id=1",
    ],
)
def test_the_enquiry_form_for_an_unknown_target_is_404(client, query, published_result):
    assert client.get(f"/enquiries/new/{query}").status_code == 404


def test_no_enquiry_form_for_a_draft(client, draft_result):
    url = f"/enquiries/new/?target_type=result&target_id={draft_result.pk}"
    assert client.get(url).status_code == 404
    assert client.post(url, FORM).status_code == 404
    assert not Enquiry.objects.exists()


@pytest.mark.parametrize("number", ["202210702228.X", "ZL202210702228.X", "CN 202210702228X"])
def test_a_patent_enquiry_through_the_form(
    client,
    patent,
    institution,
    institute_user,
    reviewer,
    number,
    django_capture_on_commit_callbacks,
):
    url = f"/enquiries/new/?target_type=patent&target_id={number}"
    page = client.get(url)
    assert page.status_code == 200 and patent.title in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, FORM).status_code == 302
    enquiry = Enquiry.objects.get()
    assert enquiry.patent == patent and enquiry.target_type == "patent"
    assert enquiry.institution == institution  # its patentee is the institution's name
    assert reviewer.email in mail.outbox[0].to and institute_user.email in mail.outbox[0].to
    dashboard = browser_for(institute_user).get("/institutions/dashboard/").content.decode()
    assert patent.application_number in dashboard


# ---- profile, lists and search -----------------------------------------------------------


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
    assert linked.application_number in html  # listed by its published result
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
