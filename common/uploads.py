"""An uploaded file held between a preview and its confirmation (upload → preview →
confirm): kept under MEDIA_ROOT/<folder>/ with a random name, remembered in the uploader's
session, checked again when it is confirmed, and removed once confirmed, cancelled or a day
old. Nothing is imported from a file before its confirmation."""

import secrets
import time
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

MAX_AGE = 24 * 3600  # seconds an unconfirmed upload is kept


class StagedUploads:
    def __init__(self, session, *, key: str, folder: str = "imports"):
        self.session, self.key, self.folder = session, key, folder

    def _pending(self) -> dict:
        return self.session.get(self.key, {})

    def stage(self, data: bytes, filename: str, **details) -> str:
        """Keep the file; returns the token the confirmation form carries."""
        self.remove_stale()
        token = secrets.token_urlsafe(24)
        stored = default_storage.save(
            f"{self.folder}/{token}{PurePath(filename).suffix.lower()}", ContentFile(data)
        )
        pending = self._pending()
        pending[token] = {"path": stored, "filename": filename, **details}
        self.session[self.key] = pending
        return token

    def get(self, token: str) -> dict | None:
        """What was staged under `token` by this session, if its file is still there."""
        upload = self._pending().get(token)
        if upload is None or not default_storage.exists(upload["path"]):
            return None
        return upload

    def read(self, upload: dict) -> bytes:
        with default_storage.open(upload["path"], "rb") as stored:
            return stored.read()

    def discard(self, token: str) -> None:
        pending = self._pending()
        upload = pending.pop(token, None)
        if upload is not None:
            default_storage.delete(upload["path"])
        self.session[self.key] = pending

    def remove_stale(self) -> None:
        """Files nobody confirmed within MAX_AGE, whoever uploaded them."""
        if not default_storage.exists(self.folder):
            return
        _dirs, files = default_storage.listdir(self.folder)
        for name in files:
            stored = f"{self.folder}/{name}"
            if time.time() - default_storage.get_modified_time(stored).timestamp() > MAX_AGE:
                default_storage.delete(stored)
