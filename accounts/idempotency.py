"""Doing a create once: a second POST of the same form, or an API call repeated with the
same `Idempotency-Key`, answers what the first one did instead of creating a duplicate.

The record is claimed by an INSERT in the creating transaction: a concurrent twin waits
on the unique index until the first commits, then finds its record and replays it. A
request that fails rolls its claim back, so the same key may be tried again."""

import hashlib
import json
import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from accounts.models import IdempotencyRecord

KEPT_FOR = timedelta(hours=24)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="Repeat a create with the same key (within 24 h) to get the first response "
    "again instead of a duplicate.",
)
FORM_FIELD = "form_token"
HEADER = "Idempotency-Key"


def new_form_token() -> str:
    return secrets.token_urlsafe(24)


def form_token(request) -> str:
    """The token for the form being rendered: the posted one when a POST is shown again
    with its errors (nothing was created, so it is still unused), a new one otherwise."""
    posted = request.POST.get(FORM_FIELD, "") if request.method == "POST" else ""
    return posted if _well_formed(posted) else new_form_token()


def _well_formed(key: str) -> bool:
    return 0 < len(key) <= 200 and key.isascii() and key.isprintable()


def claim(*, scope: str, owner: str, key: str, fingerprint: str = ""):
    """Claim `key` in the caller's transaction: None when it is ours now, otherwise the
    record of the request that claimed it first."""
    IdempotencyRecord.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
    try:
        with transaction.atomic():
            IdempotencyRecord.objects.create(
                scope=scope, owner=owner, key=key, fingerprint=fingerprint
            )
    except IntegrityError:
        return IdempotencyRecord.objects.get(scope=scope, owner=owner, key=key)
    return None


def complete(*, scope: str, owner: str, key: str, **outcome) -> None:
    IdempotencyRecord.objects.filter(scope=scope, owner=owner, key=key).update(**outcome)


class AlreadyDone(Exception):
    """This form was posted before: go where the first post went."""

    def __init__(self, target: str):
        super().__init__(target)
        self.target = target


def _form_claim(request) -> tuple[str, str] | None:
    key = request.POST.get(FORM_FIELD, "")
    if not _well_formed(key):
        return None  # an old page without a token: nothing to hold it to
    owner = f"user:{request.user.pk}" if request.user.is_authenticated else ""
    return owner, key


def claim_form(request, *, scope: str) -> None:
    """Inside the creating transaction: claim the posted form token, or raise AlreadyDone
    with where the first post of the same form went."""
    claimed = _form_claim(request)
    if claimed is None:
        return
    owner, key = claimed
    earlier = claim(scope=scope, owner=owner, key=key)
    if earlier is not None:
        raise AlreadyDone(earlier.target)


def complete_form(request, *, scope: str, target: str) -> None:
    """Remember where this form's post went (in the same transaction as the claim)."""
    claimed = _form_claim(request)
    if claimed is not None:
        owner, key = claimed
        complete(scope=scope, owner=owner, key=key, target=target)


class IdempotentCreateMixin:
    """For a DRF create view: an `Idempotency-Key` header makes the create happen once per
    key and caller; a repeat gets the first response again (`Idempotent-Replayed: true`),
    the same key with another body a 422."""

    idempotency_scope = ""

    def create(self, request, *args, **kwargs):
        return self.once(
            request, lambda: super(IdempotentCreateMixin, self).create(request, *args, **kwargs)
        )

    def once(self, request, create):
        """Answer `create()` (a view's create, returning a Response) once per key."""
        key = request.headers.get(HEADER)
        if key is None:
            return create()
        if not _well_formed(key):
            raise exceptions.ValidationError(
                {HEADER: [_("Idempotency-Key 须为 1 至 200 个可打印的 ASCII 字符。")]}
            )
        if request.user.is_authenticated:
            owner = f"user:{request.user.pk}"
        else:
            owner = f"anon:{BaseThrottle().get_ident(request)}"
        body = json.dumps(request.data, sort_keys=True, default=str, ensure_ascii=False)
        fingerprint = hashlib.sha256(body.encode()).hexdigest()
        scope = self.idempotency_scope
        with transaction.atomic():
            earlier = claim(scope=scope, owner=owner, key=key, fingerprint=fingerprint)
            if earlier is None:
                response = create()
                complete(
                    scope=scope,
                    owner=owner,
                    key=key,
                    status_code=response.status_code,
                    response=json.loads(json.dumps(response.data, default=str)),
                )
                return response
        if earlier.fingerprint != fingerprint:
            return Response(
                {HEADER: [_("该 Idempotency-Key 已用于另一个请求，请换一个。")]},
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        return Response(
            earlier.response, status=earlier.status_code, headers={"Idempotent-Replayed": "true"}
        )
