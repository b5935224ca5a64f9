"""The API's one way of showing a code in words: `<field>_display = LabelField(of="<field>")`
beside the code itself, which the API keeps (see `common.labels`)."""

import threading

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


class PlannedListSerializer(serializers.ListSerializer):
    """`many=True` for long lists (`Meta.list_serializer_class`): the same output as DRF's,
    cheaper per row. DRF walks each field's `get_attribute()` (a generic path walk with
    its exception handling) for every row; here each readable field is planned once per
    list — a plain attribute read for a one-step source, the related id for a primary key
    field, the nested plan for a `source="*"` serializer — and only what has no plain
    form (method fields, nested lists, dotted sources) takes DRF's own path.

    The child's fields are built once per thread (a ModelSerializer's `get_fields()` is a
    third of a page's serializing): the child class must not choose its fields by request.
    Bound to this list while it serializes, their `context` is this request's."""

    def to_representation(self, data):
        rows = data.all() if hasattr(data, "all") else data
        planned = _planned.__dict__.setdefault("by_class", {})
        if type(self.child) not in planned:
            planned[type(self.child)] = (self.child, _plan(self.child))
        child, plan = planned[type(self.child)]
        child.parent = self  # the fields' root, hence their context, is this list
        try:
            return [_represent(plan, row) for row in rows]
        finally:
            child.parent = None


_planned = threading.local()


def _plan(serializer) -> list:
    steps = []
    for name, field in serializer.fields.items():
        if field.write_only:
            continue
        attrs = field.source_attrs
        if isinstance(field, serializers.Serializer) and field.source == "*":
            steps.append((name, "nested", _plan(field)))
        elif isinstance(field, serializers.PrimaryKeyRelatedField) and len(attrs) == 1:
            steps.append((name, "pk", attrs[0]))
        elif len(attrs) == 1 and not isinstance(
            field, serializers.BaseSerializer | serializers.SerializerMethodField
        ):
            steps.append((name, "attr", (attrs[0], field.to_representation)))
        else:
            steps.append((name, "field", field))
    return steps


def _represent(plan: list, row) -> dict:
    out = {}
    for name, kind, how in plan:
        if kind == "attr":
            attr, convert = how
            value = getattr(row, attr)
            if callable(value) and not hasattr(value, "_meta"):
                value = value()  # as DRF's get_attribute: a method is called
            out[name] = None if value is None else convert(value)
        elif kind == "pk":
            out[name] = row.serializable_value(how)
        elif kind == "nested":
            out[name] = _represent(how, row)
        else:
            value = how.get_attribute(row)
            check = value.pk if isinstance(value, serializers.PKOnlyObject) else value
            out[name] = None if check is None else how.to_representation(value)
    return out
