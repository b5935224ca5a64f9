"""`manage.py backup ARCHIVE`: the database (pg_dump, custom format) and the media folder
(contract PDFs, logos, staged imports) in one tar archive, for `manage.py restore`."""

import os
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

DUMP_NAME = "database.dump"
MEDIA_NAME = "media"


def pg_environment() -> dict:
    """libpq's variables for the configured database (no password on a command line)."""
    db = connection.settings_dict
    if not db["ENGINE"].endswith("postgresql"):
        raise CommandError("Backups need PostgreSQL (set DATABASE_URL=postgres://…).")
    env = {**os.environ, "PGDATABASE": str(db["NAME"])}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[variable] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


class Command(BaseCommand):
    help = "Back up the database and the media folder into one archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="path of the .tar archive to write")

    def handle(self, *args, archive, **options):
        target = Path(archive)
        env = pg_environment()
        connection.close()
        with tempfile.TemporaryDirectory() as work:
            dump = Path(work) / DUMP_NAME
            result = subprocess.run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "-f", str(dump)],
                env=env,
                capture_output=True,
                text=True,
            )
            if result.returncode:
                raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
            partial = target.with_name(target.name + ".partial")
            with tarfile.open(partial, "w") as tar:
                tar.add(dump, arcname=DUMP_NAME)
                media = Path(settings.MEDIA_ROOT)
                if media.is_dir():
                    tar.add(media, arcname=MEDIA_NAME)
            partial.replace(target)  # a finished archive or none: never half of one
        self.stdout.write(f"backup written: {target}")
