"""The contract lists cost the same number of queries whatever the page size and however
many contracts there are (zulip style: measure, then compare), and their counts stop at a
bound ("10,000+") instead of counting a million rows."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from common.paginators import BoundedPaginator
from contracts.choices import Status
from contracts.models import Contract, ContractAttachment
from tests.conftest import api_as
from tests.contracts.conftest import make_registered, make_submitted


def clone(template: Contract, copies: int, **changes) -> None:
    """`copies` more rows like `template` (each with its attachments), in two queries."""
    values = Contract.objects.filter(pk=template.pk).values().get()
    values.pop("id")
    start = Contract.objects.count()
    rows = []
    for n in range(copies):
        row = {**values, **changes, "title": f"{values['title']} {n}"}
        if row.get("registration_number"):
            row["registration_number"] = f"2025650201{start + n:06d}"
        rows.append(Contract(**row))
    made = Contract.objects.bulk_create(rows)
    files = list(ContractAttachment.objects.filter(contract=template).values())
    ContractAttachment.objects.bulk_create(
        ContractAttachment(**{**f, "id": None, "contract_id": c.pk}) for c in made for f in files
    )


def queries(client, url: str) -> int:
    client.get(url)  # once before: a client's first call also records its sign-in
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


@pytest.fixture
def few(enterprise_user, reviewer):
    """Three contracts of the enterprise: one registered, two submitted."""
    make_registered(enterprise_user, reviewer)
    clone(make_submitted(enterprise_user), 1)


def grow(enterprise_user, copies: int) -> None:
    template = Contract.objects.filter(seller=enterprise_user.organization).first()
    clone(template, copies, status=Status.SUBMITTED, registration_number=None)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/contracts/?page_size={size}",
        "/api/v1/contracts/?cursor=&page_size={size}",
        "/api/v1/contracts/?status=submitted&page_size={size}",
        "/api/v1/contracts/?q=技术&page_size={size}",
    ],
)
def test_the_api_list_costs_the_same_in_page_size_and_rows(few, enterprise_user, reviewer, url):
    client = api_as(reviewer)
    small = [queries(client, url.format(size=size)) for size in (2, 20)]
    grow(enterprise_user, 60)
    large = [queries(client, url.format(size=size)) for size in (2, 20, 50)]
    assert len(set(small + large)) == 1, (small, large)
    assert client.get(url.format(size=50)).json()["results"][0]["attachments"]


def test_a_deep_cursor_page_costs_what_the_first_does(few, enterprise_user, reviewer):
    grow(enterprise_user, 60)
    client = api_as(reviewer)
    first = queries(client, "/api/v1/contracts/?cursor=&page_size=5")
    url, costs = "/api/v1/contracts/?cursor=&page_size=5", []
    while url:
        with CaptureQueriesContext(connection) as captured:
            body = client.get(url).json()
        costs.append(len(captured))
        url = body["next"]
    assert len(costs) == 13 and set(costs) == {first}


def test_my_contracts_cost_the_same_in_rows_and_pages(few, enterprise_user):
    client = Client()
    client.force_login(enterprise_user)
    small = queries(client, "/contracts/")
    grow(enterprise_user, 45)
    assert {queries(client, "/contracts/"), queries(client, "/contracts/?page=3")} == {small}


def test_the_admin_queue_costs_the_same_in_rows(few, enterprise_user, reviewer):
    client = Client()
    client.force_login(reviewer)
    grow(enterprise_user, 50)  # more than a page (50): one page of the queue, paginated
    small = queries(client, "/admin/contracts/contract/")
    grow(enterprise_user, 100)
    assert queries(client, "/admin/contracts/contract/") == small
    assert queries(client, "/admin/contracts/contract/?p=2") == small
    assert queries(client, "/admin/contracts/contract/?status=all&q=技术") == small


@pytest.fixture
def bound_of_ten(monkeypatch):
    monkeypatch.setattr(BoundedPaginator, "bound", 10)


def test_a_count_is_exact_up_to_the_bound(bound_of_ten, few, enterprise_user, reviewer):
    grow(enterprise_user, 7)  # 10 contracts: exactly the bound
    body = api_as(reviewer).get("/api/v1/contracts/?page_size=4").json()
    assert (body["count"], body["count_is_bounded"]) == (10, False)


def test_beyond_the_bound_the_count_says_so(bound_of_ten, few, enterprise_user, reviewer):
    grow(enterprise_user, 22)  # 25 contracts
    client = api_as(reviewer)
    body = client.get("/api/v1/contracts/?page_size=4").json()
    assert (body["count"], body["count_is_bounded"]) == (10, True)
    # Past the bound every page is still served, the last one without a next link.
    page7 = client.get("/api/v1/contracts/?page_size=4&page=7").json()
    assert len(page7["results"]) == 1 and page7["next"] is None
    assert client.get("/api/v1/contracts/?page_size=4&page=8").status_code == 404
    seen = [r["id"] for p in range(1, 8) for r in client.get(
        f"/api/v1/contracts/?page_size=4&page={p}").json()["results"]]  # fmt: skip
    assert sorted(seen) == sorted(Contract.objects.values_list("pk", flat=True))


def test_the_web_lists_say_10_000_plus(bound_of_ten, few, enterprise_user, reviewer):
    grow(enterprise_user, 40)
    mine = Client()
    mine.force_login(enterprise_user)
    html = mine.get("/contracts/").content.decode()
    assert "共 10+ 条" in html and 'rel="next"' in html
    admin = Client()
    admin.force_login(reviewer)
    html = admin.get("/admin/contracts/contract/?status=all").content.decode()
    assert '<span class="bounded-count">10+</span>' in html


def test_the_cursor_walks_every_contract_once_newest_first(few, enterprise_user, reviewer):
    grow(enterprise_user, 30)
    client = api_as(reviewer)
    url, seen = "/api/v1/contracts/?cursor=&page_size=7", []
    while url:
        body = client.get(url).json()
        assert "count" not in body
        seen += [(r["created_at"], r["id"]) for r in body["results"]]
        url = body["next"]
    assert seen == sorted(seen, reverse=True) and len(seen) == Contract.objects.count() == 33


def test_a_forged_cursor_is_a_404_in_chinese(reviewer):
    response = api_as(reviewer).get("/api/v1/contracts/?cursor=not-a-cursor")
    assert response.status_code == 404 and "分页游标无效" in response.json()["detail"]
