import os
import time

import pytest
from django.core.files.storage import default_storage

from common.uploads import MAX_AGE, StagedUploads


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_staged_file_comes_back_once_for_the_same_session_only():
    session = {}
    staged = StagedUploads(session, key="k")
    token = staged.stage(b"data", "Catalogue.XLSX", year=2026)
    upload = staged.get(token)
    assert upload["filename"] == "Catalogue.XLSX" and upload["year"] == 2026
    assert upload["path"].startswith("imports/") and upload["path"].endswith(".xlsx")
    assert staged.read(upload) == b"data"
    assert StagedUploads({}, key="k").get(token) is None  # another reviewer's session
    staged.discard(token)
    assert staged.get(token) is None and not default_storage.exists(upload["path"])


def test_unconfirmed_uploads_older_than_a_day_are_removed_on_the_next_stage(tmp_path):
    staged = StagedUploads({}, key="k")
    old = staged.get(staged.stage(b"old", "a.csv"))
    fresh = staged.get(staged.stage(b"fresh", "b.csv"))
    past = time.time() - MAX_AGE - 60
    os.utime(tmp_path / old["path"], (past, past))
    staged.stage(b"new", "c.csv")
    assert not default_storage.exists(old["path"]) and default_storage.exists(fresh["path"])
