"""`manage.py restore ARCHIVE`: put back what `manage.py backup` wrote, into the configured
(empty or existing) database and MEDIA_ROOT. Existing tables are replaced."""

import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from portal.management.commands.backup import DUMP_NAME, MEDIA_NAME, pg_environment


class Command(BaseCommand):
    help = "Restore the database and the media folder from a backup archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="path of the .tar archive `backup` wrote")

    def handle(self, *args, archive, **options):
        source = Path(archive)
        if not source.is_file():
            raise CommandError(f"no such archive: {source}")
        env = pg_environment()
        connection.close()
        with tempfile.TemporaryDirectory() as work, tarfile.open(source) as tar:
            names = tar.getnames()
            if DUMP_NAME not in names:
                raise CommandError(f"{source} is not a portal backup (no {DUMP_NAME}).")
            tar.extractall(work, filter="data")  # no absolute paths, links or devices
            result = subprocess.run(
                ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                 "--exit-on-error", "-d", env["PGDATABASE"], str(Path(work) / DUMP_NAME)],
                env=env, capture_output=True, text=True,
            )  # fmt: skip
            if result.returncode:
                raise CommandError(f"pg_restore failed: {result.stderr.strip()}")
            media = Path(work) / MEDIA_NAME
            if media.is_dir():
                target = Path(settings.MEDIA_ROOT)
                target.mkdir(parents=True, exist_ok=True)
                shutil.copytree(media, target, dirs_exist_ok=True)
        self.stdout.write(f"restored from {source}")
