"""Shared API plumbing: pagination, the error shape (Django's ValidationError as a 400)
and per-address throttles shared with HTML forms."""

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import exception_handler as drf_exception_handler


class AddressRateThrottle(SimpleRateThrottle):
    """One budget per client address for `scope` (set by a subclass), shared by an API view
    and its HTML form: the form's view calls `allow_request(request, None)` on a POST. The
    address is DRF's, believing X-Forwarded-For only as far as NUM_PROXIES says."""

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def wait_minutes(self) -> int:
        return max(1, int((self.wait() or 60) // 60))


MAX_JSON_DEPTH = 32


def json_depth(value) -> int:
    """How deeply lists and objects nest in `value`, measured without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with a depth limit: a body nested thousands deep is a 400 naming
    the limit, not a RecursionError (500) in the parser or in the code that walks it."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
            too_deep = json_depth(data) > MAX_JSON_DEPTH
        except RecursionError:
            too_deep = True
        if too_deep:
            raise exceptions.ParseError(
                _("JSON 嵌套过深：最多 %(max)d 层。") % {"max": MAX_JSON_DEPTH}
            )
        return data


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class BlankableFormats:
    """ModelSerializer mixin: a URL or e-mail column that may be blank returns "", which is
    no URI and no address. Marking the field `allow_blank` (DRF drops it from read-only
    fields) makes spectacular describe it as "that format, or empty": true of every
    response."""

    def get_fields(self):
        fields = super().get_fields()
        model = self.Meta.model
        for name, field in fields.items():
            if not isinstance(field, serializers.URLField | serializers.EmailField):
                continue
            try:
                column = model._meta.get_field(field.source or name)
            except FieldDoesNotExist:
                continue
            if column.blank:
                field.allow_blank = True
        return fields


def validation_error_detail(exc: DjangoValidationError) -> dict | list:
    if hasattr(exc, "error_dict"):
        return {field: list(messages) for field, messages in exc.message_dict.items()}
    return {"non_field_errors": list(exc.messages)}


def exception_handler(exc, context):
    """DRF's handler, plus Django's ValidationError as a 400 naming the fields."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_error_detail(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("未找到。"))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)
