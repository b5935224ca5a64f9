"""On PostgreSQL, approved (and completed) bookings of one instrument cannot overlap:
an exclusion constraint over (instrument =, tstzrange(starts_at, ends_at) &&), which needs
btree_gist for the equality on a bigint. SQLite cannot hold it: there the migration only
records itself, and the booking service's check under a row lock is the rule."""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations
from django.db.models import Func, Q

CONSTRAINT = "instruments_booking_no_overlap"


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


def _constraint():
    return ExclusionConstraint(
        name=CONSTRAINT,
        expressions=[
            ("instrument", RangeOperators.EQUAL),
            (TsTzRange("starts_at", "ends_at", RangeBoundary()), RangeOperators.OVERLAPS),
        ],
        condition=Q(status__in=["approved", "completed"]),
    )


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_constraint(apps.get_model("instruments", "Booking"), _constraint())


def remove_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_constraint(apps.get_model("instruments", "Booking"), _constraint())


class Migration(migrations.Migration):
    dependencies = [
        ("instruments", "0001_instruments_and_bookings"),
    ]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(add_constraint, remove_constraint),
    ]
