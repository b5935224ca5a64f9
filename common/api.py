"""Shared API plumbing: pagination, the error shape (Django's ValidationError as a 400)
and per-address throttles shared with HTML forms."""

import django_filters
from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, parsers, serializers
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import exception_handler as drf_exception_handler

from common.paginators import BoundedPaginator, KeysFirstPaginator


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


class FilterBackend(DjangoFilterBackend):
    """django-filter's, not run when the request names none of the view's filters: with
    no filter parameter its form filters nothing, and building it (a copy of every filter,
    a form class, a validation) is a tenth of an unfiltered page of contracts."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        plain = filterset_class is not None and all(
            getattr(filterset_class, name) is getattr(django_filters.FilterSet, name)
            for name in ("filter_queryset", "qs")
        )  # a filterset of its own making (patents: published years only) always runs
        if plain and not any(
            key.startswith(name)  # a range filter's parameters are `<name>_after` and so on
            for key in request.query_params
            for name in filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


class NewestFirstCursorPagination(CursorPagination):
    """`?cursor=`: DRF's cursor pagination, newest first, a constant cost per page however
    deep (the position is a WHERE on an indexed column, not an OFFSET). The order is the
    view's `cursor_ordering`, else its queryset's when that is plain columns, else `-pk`."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_cursor_message = _("分页游标无效，请使用上一页返回的 next 或 previous 链接。")

    def get_ordering(self, request, queryset, view):
        ordering = getattr(view, "cursor_ordering", None)
        if not ordering:
            ordering = tuple(queryset.query.order_by or queryset.model._meta.ordering or ())
            if not ordering or not all(
                isinstance(field, str) and "__" not in field and "?" not in field
                for field in ordering
            ):
                ordering = ("-pk",)
        return tuple(ordering)


class Pagination(PageNumberPagination):
    """Page numbers for people (`page`, `page_size` ≤ 100) with a count exact up to
    10,000 and `count_is_bounded: true` beyond it (common.paginators); `?cursor=` switches
    to NewestFirstCursorPagination for clients that walk the whole list."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    django_paginator_class = BoundedPaginator
    cursor_class = NewestFirstCursorPagination

    def paginate_queryset(self, queryset, request, view=None):
        self.cursor = None
        if self.cursor_class.cursor_query_param in request.query_params:
            self.cursor = self.cursor_class()
            return self.cursor.paginate_queryset(queryset, request, view)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self.cursor is not None:
            return self.cursor.get_paginated_response(data)
        return Response(
            {
                "count": self.page.paginator.count,
                "count_is_bounded": self.page.paginator.count_is_bounded,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        described["properties"]["count_is_bounded"] = {
            "type": "boolean",
            "description": "true: more than `count` (10,000) rows; the list says 10,000+.",
            "example": False,
        }
        described["properties"]["count"]["description"] = (
            "Exact up to 10,000; 10,000 with count_is_bounded beyond it."
        )
        return described

    def get_schema_operation_parameters(self, view):
        cursor = self.cursor_class().get_schema_operation_parameters(view)
        pages = super().get_schema_operation_parameters(view)
        return pages + [p for p in cursor if p["name"] == self.cursor_class.cursor_query_param]


class KeysFirstPagination(Pagination):
    """For the lists of a million rows: a page's keys first, then its rows
    (common.paginators.KeysFirstPaginator)."""

    django_paginator_class = KeysFirstPaginator


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
