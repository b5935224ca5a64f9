"""The reviewer's screens show lists and states in words, not JSON and codes."""

import pytest
from django.apps import apps

from patents.models import CooperationMode
from tests.institutions.conftest import make_result

pytestmark = pytest.mark.django_db


def test_result_admin_shows_lists_as_labels_and_history_in_words(
    client, reviewer, institution, institute_user
):
    result = make_result(
        institution,
        institute_user,
        patent_numbers=["202310001290.0"],
        cooperation_modes=["transfer", "license"],
    )
    client.force_login(reviewer)
    html = client.get(f"/admin/institutions/result/{result.pk}/change/").content.decode()
    assert "&quot;transfer&quot;" not in html and '["transfer"' not in html
    assert "&quot;202310001290.0&quot;" not in html
    assert "202310001290.0" in html
    modes = f"{CooperationMode.TRANSFER.label}、{CooperationMode.LICENSE.label}"
    assert modes in html
    assert "— → draft" not in html and "draft → published" not in html
    assert "草稿 → 已发布" in html


def test_every_field_a_page_can_show_has_a_chinese_name():
    """Django's admin capitalises a missing verbose_name ("UPLOADED BY")."""
    internal = {"sha256", "fields_index", "patent_index", "cooperation_index", "ipc_index"}
    internal_models = {"RegistrationCounter", "StatsDirtyMonth", "IdempotencyRecord"}
    bare = [
        f"{model.__name__}.{field.name}"
        for app in ("contracts", "institutions", "patents", "accounts", "notifications")
        for model in apps.get_app_config(app).get_models()
        if model.__name__ not in internal_models
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False) and not field.auto_created
        if field.name not in internal and str(field.verbose_name).isascii()
    ]
    assert bare == []
