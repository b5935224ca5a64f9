"""The reviewer's list (`PlannedListSerializer`) answers exactly what DRF's own list
serializer answers, field for field, for contracts in every state, with files, an
import from abroad, a broker and numbers."""

from decimal import Decimal

import pytest
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

from contracts.api.contracts import ContractSerializer
from contracts.models import Contract
from tests.conftest import api_as
from tests.contracts.conftest import make_draft, make_registered, make_submitted

pytestmark = pytest.mark.django_db


def _contracts(user, reviewer):
    make_draft(user, title="草稿", patent_numbers=["ZL202110000001.6"], ip_type="patent")
    make_draft(user, title="技术进口", seller_country_code="840", seller_name="Acme Inc.")
    make_submitted(user, contract_amount=Decimal("12345678.90"))
    make_registered(user, reviewer)
    return Contract.objects.prefetch_related("attachments").order_by("-created_at", "-pk")


def test_the_planned_list_is_drfs_list(enterprise_user, reviewer, settings):
    settings.ALLOWED_HOSTS = ["portal.example", "other.example"]
    rows = list(_contracts(enterprise_user, reviewer))
    request = APIRequestFactory().get("/api/v1/contracts/", HTTP_HOST="portal.example")
    context = {"request": request}
    planned = ContractSerializer(rows, many=True, context=context).data
    drf = serializers.ListSerializer(child=ContractSerializer(), context=context)
    assert type(ContractSerializer(many=True)).__name__ == "PlannedListSerializer"
    assert planned == drf.to_representation(rows)
    assert any(row["attachments"] for row in planned)
    # Each list's own request: the files' addresses follow the host asked.
    other = APIRequestFactory().get("/api/v1/contracts/", HTTP_HOST="other.example")
    again = ContractSerializer(rows, many=True, context={"request": other}).data
    urls = [a["url"] for row in again for a in row["attachments"]]
    assert urls and all(url.startswith("http://other.example/") for url in urls)


def test_the_api_page_is_the_serializers_rows(enterprise_user, reviewer):
    rows = list(_contracts(enterprise_user, reviewer))
    body = api_as(reviewer).get("/api/v1/contracts/").json()
    request = APIRequestFactory().get("/api/v1/contracts/")
    drf = serializers.ListSerializer(child=ContractSerializer(), context={"request": request})
    assert body["results"] == drf.to_representation(rows)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_admin_queues_checkbox_is_djangos(enterprise_user, language):
    from django.contrib import admin
    from django.utils import translation

    contract = make_draft(enterprise_user, title='<b>"稠油" & 热采</b>')
    queue = admin.site._registry[Contract]
    with translation.override(language):
        assert queue.action_checkbox(contract) == admin.ModelAdmin.action_checkbox(queue, contract)


def test_a_page_reads_its_files_in_one_query_in_the_details_order(enterprise_user, reviewer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from contracts import services
    from tests.contracts.conftest import pdf_upload

    contract = make_draft(enterprise_user, title="两个文件")
    for _ in range(2):
        services.contract_attach(contract=contract, upload=pdf_upload(), by=enterprise_user)
    make_submitted(enterprise_user)
    client = api_as(reviewer)
    with CaptureQueriesContext(connection) as captured:
        rows = client.get("/api/v1/contracts/").json()["results"]
    files = [q for q in captured if "contracts_contractattachment" in q["sql"]]
    assert len(files) == 1
    listed = next(row for row in rows if row["id"] == contract.pk)["attachments"]
    detail = client.get(f"/api/v1/contracts/{contract.pk}/").json()["attachments"]
    assert len(listed) == 2 and listed == detail
