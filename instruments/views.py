"""Pages: the public catalogue and an instrument's calendar; for members of verified
organisations, the booking form and their bookings; for the owning institution, the
instrument form and the booking decisions. Every write goes through `services`."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from institutions.models import Institution
from institutions.selectors import institution_of
from instruments import selectors, services
from instruments.filters import InstrumentFilter
from instruments.forms import (
    BookingForm,
    CompleteForm,
    DeclineForm,
    InstrumentForm,
    TrainedForm,
    add_service_errors,
)
from instruments.models import BookingStatus, Instrument

PAGE_SIZE = 20


def instrument_list(request):
    filters = InstrumentFilter(request.GET, queryset=selectors.visible_instruments(None))
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "instruments/instrument_list.html",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "institutions": Institution.objects.filter(instruments__isnull=False)
            .distinct()
            .order_by("name")
            .only("pk", "name"),
            "own_institution": institution_of(request.user),
        },
    )


def _detail_context(request, instrument, **extra) -> dict:
    user = request.user
    is_owner = selectors.owns(user, instrument)
    organization = getattr(user, "organization", None) if user.is_authenticated else None
    context = {
        "instrument": instrument,
        "is_owner": is_owner,
        "weeks": selectors.busy_calendar(instrument),
        "can_request": bool(organization and organization.is_verified),
        "trained": user.is_authenticated and selectors.is_trained(user, instrument),
        "form": BookingForm(),
    }
    if is_owner:
        context["pending"] = instrument.bookings.filter(status=BookingStatus.PENDING).order_by(
            "starts_at"
        )
        context["trained_form"] = TrainedForm()
        context["trainings"] = instrument.trainings.select_related("user").order_by("-marked_at")
    context.update(extra)
    return context


def instrument_detail(request, pk):
    instrument = selectors.instrument_for_user(request.user, pk)
    return render(
        request, "instruments/instrument_detail.html", _detail_context(request, instrument)
    )


def _save_instrument(request, form, instrument=None):
    data = {field: form.cleaned_data[field] for field in Instrument.MEMBER_FIELDS}
    if instrument is None:
        instrument = services.instrument_create(
            institution=institution_of(request.user), data=data, by=request.user
        )
    else:
        services.instrument_update(instrument=instrument, data=data, by=request.user)
    if form.cleaned_data.get("photo"):
        services.instrument_photo_add(
            instrument=instrument, upload=form.cleaned_data["photo"], by=request.user
        )
    return instrument


@login_required
@require_http_methods(["GET", "POST"])
def instrument_create(request):
    if institution_of(request.user) is None:
        return render(request, "instruments/not_member.html", status=403)
    form = InstrumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            instrument = _save_instrument(request, form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("仪器已登记。"))
            return redirect("instruments:detail", pk=instrument.pk)
    return render(request, "instruments/instrument_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def instrument_edit(request, pk):
    instrument = selectors.instrument_for_user(request.user, pk, write=True)
    form = InstrumentForm(request.POST or None, request.FILES or None, instance=instrument)
    if request.method == "POST" and form.is_valid():
        try:
            _save_instrument(request, form, Instrument.objects.get(pk=instrument.pk))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("仪器信息已保存。"))
            return redirect("instruments:detail", pk=instrument.pk)
    return render(
        request, "instruments/instrument_form.html", {"form": form, "instrument": instrument}
    )


@login_required
@require_POST
def booking_new(request, pk):
    instrument = selectors.instrument_for_user(request.user, pk)
    form = BookingForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.booking_request(instrument=instrument, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:  # said on the page, beside the form
            form.add_error(None, str(exc))
            status = 403
        else:
            messages.success(request, _("预约申请已提交，等待仪器管理单位确认。"))
            return redirect("instruments:bookings")
    context = _detail_context(request, instrument, form=form, refused=status == 403)
    return render(request, "instruments/instrument_detail.html", context, status=status)


@login_required
@require_POST
def trained_add(request, pk):
    instrument = selectors.instrument_for_user(request.user, pk, write=True)
    form = TrainedForm(request.POST)
    if form.is_valid():
        person = get_user_model().objects.filter(username=form.cleaned_data["username"]).first()
        try:
            if person is None:
                raise ValidationError({"username": _("没有这个账号。")})
            services.instrument_mark_trained(
                instrument=instrument, user_id=person.pk, by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已标记为已培训。"))
            return redirect("instruments:detail", pk=instrument.pk)
    context = _detail_context(request, instrument, trained_form=form)
    return render(request, "instruments/instrument_detail.html", context, status=400)


@login_required
def booking_list(request):
    user = request.user
    rows = selectors.visible_bookings(user)
    own = institution_of(user)
    return render(
        request,
        "instruments/booking_list.html",
        {
            "mine": rows.filter(requested_by=user)[:100],
            "managed": rows.filter(instrument__institution=own)[:200] if own else None,
            "decline_form": DeclineForm(),
            "complete_form": CompleteForm(),
        },
    )


# The booking actions of the pages: the name in the URL → the service and its form.
ACTIONS = {
    "approve": (services.booking_approve, None, gettext_lazy("预约已确认。")),
    "decline": (services.booking_decline, DeclineForm, gettext_lazy("预约已拒绝。")),
    "cancel": (services.booking_cancel, None, gettext_lazy("预约已取消。")),
    "no-show": (services.booking_no_show, None, gettext_lazy("已登记为未到场。")),
    "complete": (services.booking_complete, CompleteForm, gettext_lazy("已登记完成。")),
}


@login_required
@require_POST
def booking_action(request, pk, action):
    booking = selectors.booking_for_user(request.user, pk)
    if action == "contract":
        try:
            contract = services.booking_contract(booking=booking, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("instruments:bookings")
        messages.success(request, _("已生成技术服务合同草稿，请核对后提交登记。"))
        return redirect(reverse("contracts:detail", args=[contract.pk]))
    if action not in ACTIONS:
        raise Http404
    service, form_class, done = ACTIONS[action]
    values = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return redirect("instruments:bookings")
        values = form.cleaned_data
    try:
        service(booking=booking, by=request.user, **values)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, str(done))
    return redirect("instruments:bookings")
