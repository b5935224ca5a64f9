"""Shared API plumbing: pagination and the error shape (Django's ValidationError as a 400)."""

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler as drf_exception_handler


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
