"""Reviewer screens: the instruments the institutions list and every booking, read-only
(the owning institutions decide on bookings, through the services, on their pages)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.admin import (
    ALL_CHOICE,
    GroupedAmountsMixin,
    OpensOnFilter,
    ShowOnlyAdmin,
    ShowOnlyInline,
)
from instruments.models import (
    Booking,
    BookingEvent,
    BookingStatus,
    Instrument,
    InstrumentPhoto,
    Training,
)


class PhotoInline(ShowOnlyInline):
    model = InstrumentPhoto
    fields = ("image", "uploaded_at")


class TrainingInline(ShowOnlyInline):
    model = Training
    fields = ("user", "marked_by", "marked_at")


@admin.register(Instrument)
class InstrumentAdmin(GroupedAmountsMixin, ShowOnlyAdmin):
    list_display = ("name", "model", "institution", "category", "status", "training_required")
    list_filter = ("status", "category", "training_required", "institution")
    search_fields = ("name", "model", "institution__name")
    list_select_related = ("institution",)
    readonly_fields = ("institution", *Instrument.MEMBER_FIELDS, "created_by", "created_at")
    inlines = [PhotoInline, TrainingInline]


class BookingEventInline(ShowOnlyInline):
    model = BookingEvent
    fields = ("at", "by", "from_status", "to_status", "note")


class BookingQueueFilter(OpensOnFilter):
    """Opens on what waits for an owner's answer."""

    title = _("状态")
    parameter_name = "queue"
    default = BookingStatus.PENDING
    choices_offered = (*BookingStatus.choices, ALL_CHOICE)

    def narrow(self, queryset, value):
        if value == BookingStatus.PENDING:
            return queryset.awaiting_confirmation()  # the workbench's queue
        return queryset.filter(status=value)


@admin.register(Booking)
class BookingAdmin(GroupedAmountsMixin, ShowOnlyAdmin):
    amount_exclude = ("quantity",)  # hours or samples, not yuan
    list_display = (
        "instrument",
        "organization",
        "starts_at",
        "ends_at",
        "status",
        "is_external",
        "fee",
    )
    list_filter = (BookingQueueFilter, "is_external", "instrument__institution")
    search_fields = ("instrument__name", "organization__name", "purpose")
    list_select_related = ("instrument", "organization")
    date_hierarchy = "starts_at"
    readonly_fields = (
        "instrument",
        "requested_by",
        "organization",
        "is_external",
        "starts_at",
        "ends_at",
        "purpose",
        "samples",
        "status",
        "decision_note",
        "quantity",
        "fee",
        "contract",
        "created_at",
    )
    inlines = [BookingEventInline]
