"""An uploaded file held between a preview and its confirmation (upload → preview →
confirm): kept under MEDIA_ROOT/<folder>/ with a random name, remembered in the uploader's
session, checked again when it is confirmed, and removed once confirmed, cancelled or a day
old. Nothing is imported from a file before its confirmation.

Also the limits on uploads: attachment quotas and the largest request body accepted, and
how a stored upload is served back (`stored_file_response`)."""

import secrets
import time
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

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


# ---- documents: what a file is, by its first bytes -------------------------------------

# The formats accepted for scanned documents (a business licence): the first bytes of
# each and the suffix the stored copy gets, whatever the uploader called the file.
DOCUMENT_MAGIC = {
    b"%PDF-": ".pdf",
    b"\xff\xd8\xff": ".jpg",
    b"\x89PNG\r\n\x1a\n": ".png",
}
MAGIC_LENGTH = max(len(magic) for magic in DOCUMENT_MAGIC)
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def document_suffix(head: bytes) -> str | None:
    """ ".pdf", ".jpg" or ".png" for a file starting with `head`; None for anything else."""
    for magic, suffix in DOCUMENT_MAGIC.items():
        if head.startswith(magic):
            return suffix
    return None


def document_problem(*, name: str, size: int, head: bytes) -> str | None:
    """Why an upload is not an acceptable scanned document (PDF, JPEG or PNG, at most
    MAX_DOCUMENT_BYTES), or None. Looks at the bytes, never at the name."""
    if size == 0:
        return _("上传的文件是空的。")
    if size > MAX_DOCUMENT_BYTES:
        return _("文件过大（%(mb).1f MB），不能超过 %(max)d MB。") % {
            "mb": size / 1024 / 1024,
            "max": MAX_DOCUMENT_BYTES // 1024 // 1024,
        }
    if document_suffix(head) is None:
        return _("只接受 PDF、JPEG 或 PNG 文件（“%(name)s”不是其中一种）。") % {"name": name}
    return None


# ---- how much one may upload ---------------------------------------------------------

MB = 1024 * 1024

# Files and bytes of attachments, per contract and per organisation: an organisation the
# trading center has not verified yet gets far less room (a sign-up costs nothing).
DEFAULT_QUOTAS = {
    "unverified": {"contract_files": 3, "contract_bytes": 30 * MB, "organization_bytes": 60 * MB},
    "verified": {"contract_files": 10, "contract_bytes": 100 * MB, "organization_bytes": 2048 * MB},
}


@dataclass(frozen=True)
class Usage:
    files: int = 0
    bytes: int = 0


def quota_problem(*, adding: int, contract: Usage, organization: Usage, verified: bool):
    """Why one more file of `adding` bytes does not fit, or None."""
    limits = getattr(settings, "UPLOAD_QUOTAS", DEFAULT_QUOTAS)[
        "verified" if verified else "unverified"
    ]
    hint = "" if verified else str(_("单位认证后可上传更多。"))
    if contract.files + 1 > limits["contract_files"]:
        return _("每份合同最多上传 %(count)d 个文件，请先删除不需要的文件。%(hint)s") % {
            "count": limits["contract_files"],
            "hint": hint,
        }
    if contract.bytes + adding > limits["contract_bytes"]:
        return _("每份合同的文件合计不能超过 %(mb)d MB（已用 %(used).1f MB）。%(hint)s") % {
            "mb": limits["contract_bytes"] // MB,
            "used": contract.bytes / MB,
            "hint": hint,
        }
    if organization.bytes + adding > limits["organization_bytes"]:
        return _("本单位上传的文件合计不能超过 %(mb)d MB（已用 %(used).1f MB）。%(hint)s") % {
            "mb": limits["organization_bytes"] // MB,
            "used": organization.bytes / MB,
            "hint": hint,
        }
    return None


# ---- request bodies ------------------------------------------------------------------

DEFAULT_MAX_REQUEST_BODY = 25 * MB


class RequestBodyLimitMiddleware:
    """Refuse a request whose declared body is larger than MAX_REQUEST_BODY_BYTES with 413,
    before anything reads it. Django's own DATA_UPLOAD_MAX_MEMORY_SIZE does not count
    uploaded files, so without this a multipart body of any size would be read to disk.
    (The proxy in front refuses bodies above the same size; see README.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = getattr(settings, "MAX_REQUEST_BODY_BYTES", DEFAULT_MAX_REQUEST_BODY)
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return self._refuse(request, _("请求头 Content-Length 无效。"), status=400)
        if declared > limit:
            message = _("请求过大（%(size)s），最多 %(max)s。") % {
                "size": filesizeformat(declared),
                "max": filesizeformat(limit),
            }
            return self._refuse(request, message, status=413)
        return self.get_response(request)

    @staticmethod
    def _refuse(request, message, *, status):
        # The body is not read, so the connection cannot be reused for another request.
        if request.path.startswith("/api/"):
            response = JsonResponse(
                {"detail": str(message)}, status=status, json_dumps_params={"ensure_ascii": False}
            )
        else:
            response = HttpResponse(
                str(message), status=status, content_type="text/plain; charset=utf-8"
            )
        response["Connection"] = "close"
        return response


# ---- images --------------------------------------------------------------------------

IMAGE_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
IMAGE_MAX_PIXELS = 6000


def checked_image(
    upload,
    *,
    max_bytes: int = 5 * MB,
    box: tuple[int, int] = (1600, 1600),
    max_pixels: int = IMAGE_MAX_PIXELS,
    keep_transparency: bool = False,
    name: str = "photo",
):
    """An uploaded picture, checked by its bytes (a real PNG, JPEG, GIF or WebP image within
    `max_bytes` and `max_pixels` a side) and re-encoded to fit `box` — as JPEG, or as PNG
    when `keep_transparency` and it has some (a logo on a coloured page) — so that nothing
    the uploader sent is served back as it came. ValidationError if unfit."""
    import io

    from django.core.exceptions import ValidationError
    from PIL import Image, UnidentifiedImageError

    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            _("图片不能超过 %(mb)d MB。") % {"mb": max_bytes // MB}, code="image_too_large"
        )
    unreadable = (UnidentifiedImageError, OSError, SyntaxError, ValueError)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format, (width, height) = probe.format, probe.size
            probe.verify()
    except (*unreadable, Image.DecompressionBombError):
        raise ValidationError(
            _("不是有效的图片文件，请上传 PNG、JPEG、GIF 或 WebP 图片。"), code="image_invalid"
        ) from None
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(
            _("不支持的图片格式 %(format)s，请上传 PNG、JPEG、GIF 或 WebP 图片。")
            % {"format": image_format},
            code="image_format",
        )
    if width > max_pixels or height > max_pixels:
        raise ValidationError(
            _("图片尺寸过大（%(w)d × %(h)d），请不超过 %(max)d × %(max)d 像素。")
            % {"w": width, "h": height, "max": max_pixels},
            code="image_dimensions",
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            alpha = keep_transparency and (
                image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            )
            image = image.convert("RGBA" if alpha else "RGB")
            image.thumbnail(box)
            out = io.BytesIO()
            if alpha:
                image.save(out, "PNG", optimize=True)
            else:
                image.save(out, "JPEG", quality=85, optimize=True)
    except (OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("图片已损坏，无法读取。"), code="image_invalid") from None
    return ContentFile(out.getvalue(), name=f"{name}.{'png' if alpha else 'jpg'}")


def stored_file_response(
    stored, *, filename: str, content_type: str = "application/pdf", sandbox: bool = False
) -> FileResponse:
    """A stored upload shown in the reader's browser (inline) under the type its bytes were
    checked to be on upload, never the uploader's; 404 if the file has gone. Only the
    reader's own browser may keep it (private, no-store: these are a party's documents);
    `sandbox` adds `Content-Security-Policy: sandbox` for what may be an image or other
    active type (never for a PDF framed on a page: it would stop the browser's viewer)."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=False, filename=filename, content_type=content_type
    )
    patch_cache_control(response, private=True, no_store=True)
    if sandbox:
        response["Content-Security-Policy"] = "sandbox"
    return response
