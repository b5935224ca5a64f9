"""`make backup` and `make restore`: the archive restored into a fresh database and media
folder gives back every contract, every attachment's file and every certificate."""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from contracts.models import Contract, ContractAttachment
from tests.contracts.conftest import make_registered, make_submitted

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.postgres

CHECK = """
import json
from django.core.files.storage import default_storage
from contracts.certificate import render_certificate
from contracts.models import Contract, ContractAttachment, Status
registered = Contract.objects.filter(status=Status.REGISTERED)
print(json.dumps({
    "contracts": sorted(Contract.objects.values_list("pk", flat=True)),
    "files": sorted(
        a.file.name for a in ContractAttachment.objects.all() if default_storage.exists(a.file.name)
    ),
    "sizes": sorted(
        default_storage.size(a.file.name) for a in ContractAttachment.objects.all()
    ),
    "certificates": sorted(
        c.registration_number for c in registered if render_certificate(c).startswith(b"%PDF")
    ),
}))
"""


def _server(**extra):
    db = connection.settings_dict
    return {"host": db.get("HOST") or "127.0.0.1", "port": db.get("PORT") or 5432,
            "user": db.get("USER") or "postgres", "password": db.get("PASSWORD") or None,
            **extra}  # fmt: skip


@pytest.fixture
def fresh_database():
    name = f"{connection.settings_dict['NAME']}_restore"
    admin = psycopg2.connect(dbname="postgres", **_server())
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_a_backup_restores_every_contract_attachment_and_certificate(
    settings, tmp_path, enterprise_user, reviewer, fresh_database
):
    settings.MEDIA_ROOT = tmp_path / "media"
    registered = [
        make_registered(enterprise_user, reviewer, title=f"登记合同{n}") for n in range(2)
    ]
    make_submitted(enterprise_user, title="待审合同")  # each carries its signed PDF
    attachments = list(ContractAttachment.objects.all())
    assert attachments, "the seeded contracts carry their PDFs"
    expected = {
        "contracts": sorted(Contract.objects.values_list("pk", flat=True)),
        "files": sorted(a.file.name for a in attachments),
        "sizes": sorted(a.file.size for a in attachments),
        "certificates": sorted(c.registration_number for c in registered),
    }

    archive = tmp_path / "portal.tar"
    call_command("backup", str(archive))
    assert archive.stat().st_size > 0

    db = connection.settings_dict
    auth = db.get("USER") or "postgres"
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    url = f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{fresh_database}"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(DEBUG="1", DATABASE_URL=url, MEDIA_ROOT=str(tmp_path / "restored-media"),
               CELERY_BROKER_URL="")  # fmt: skip
    restore = subprocess.run(
        ["make", "restore", f"BACKUP={archive}"], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=300,
    )  # fmt: skip
    assert restore.returncode == 0, restore.stdout + restore.stderr
    check = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", CHECK], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert check.returncode == 0, check.stderr
    assert json.loads(check.stdout.strip().splitlines()[-1]) == expected
