"""The API's one way of showing a code in words: `<field>_display = LabelField(of="<field>")`
beside the code itself, which the API keeps (see `common.labels`)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.labels import labels_of


@extend_schema_field(
    {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
)
class LabelField(serializers.Field):
    """`<field>_display`: the label of a code (or the labels of a list of codes) in the
    request's language, beside the code itself, which the API keeps. Read-only:
    `status_display = LabelField(of="status")`."""

    def __init__(self, *, of: str, **kwargs):
        self.of = of
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, instance):
        return labels_of(instance, self.of)
