from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import idempotency
from institutions import selectors, services
from institutions.api import EnquiryThrottle, EnquiryTrackThrottle
from institutions.filters import InstitutionFilter, ResultFilter
from institutions.forms import (
    EnquiryForm,
    EnquiryReplyForm,
    EnquiryTrackForm,
    InstitutionForm,
    ResultForm,
    add_service_errors,
)
from institutions.models import (
    Enquiry,
    EnquiryStatus,
    EnquiryTarget,
    Institution,
    Result,
    ResultStatus,
)

PAGE_SIZE = 20


def _page(request, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# ---- institutions ---------------------------------------------------------------------


def institution_list(request):
    filters = InstitutionFilter(request.GET, queryset=selectors.institution_list())
    page = _page(request, filters.qs)
    return render(
        request,
        "institutions/institution_list.html",
        {"filters": filters, "page": page, "query": _query_without_page(request)},
    )


def institution_detail(request, pk, template_name="institutions/institution_detail.html"):
    """An institution's page; the portal serves it with a template that adds the sections
    of the apps above this one (`template_name`)."""
    institution = selectors.institution_for_user(request.user, pk)
    results = institution.results.published().order_by("-published_at", "-id")
    return render(
        request,
        template_name,
        {
            "institution": institution,
            "results": results,
            "patents": selectors.institution_patents(institution),
            "can_edit": selectors.institution_of(request.user) == institution,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def institution_edit(request, pk):
    institution = selectors.institution_for_user(request.user, pk, write=True)
    form = InstitutionForm(request.POST or None, request.FILES or None, instance=institution)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in Institution.MEMBER_FIELDS}
        try:
            services.institution_update(
                institution=institution, data=data, logo=form.cleaned_data["logo"], by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("单位资料已保存。"))
            return redirect("institutions:detail", pk=institution.pk)
    return render(
        request, "institutions/institution_form.html", {"form": form, "institution": institution}
    )


@login_required
def dashboard(request):
    institution = selectors.institution_of(request.user)
    if institution is None:
        return render(request, "institutions/not_member.html", status=403)
    return render(
        request, "institutions/dashboard.html", selectors.institute_dashboard(institution)
    )


# ---- results --------------------------------------------------------------------------


def result_list(request):
    filters = ResultFilter(request.GET, queryset=selectors.visible_results(None))
    page = _page(request, filters.qs)
    return render(
        request,
        "institutions/result_list.html",
        {
            "filters": filters,
            "page": page,
            "query": _query_without_page(request),
            "institutions": Institution.objects.order_by("name").only("pk", "name"),
            "own_institution": selectors.institution_of(request.user),
        },
    )


def result_detail(request, pk):
    result = selectors.result_for_user(request.user, pk)
    is_owner = selectors.institution_of(request.user) == result.institution
    show_history = is_owner or (request.user.is_authenticated and request.user.is_reviewer)
    return render(
        request,
        "institutions/result_detail.html",
        {
            "result": result,
            "is_owner": is_owner,
            "history": selectors.result_history(result) if show_history else None,
            "statuses": ResultStatus,
            "takedown": selectors.moderation_takedown(result) if show_history else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def result_create(request):
    institution = selectors.institution_of(request.user)
    if institution is None:
        return render(request, "institutions/not_member.html", status=403)
    form = ResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in Result.MEMBER_FIELDS}
        try:
            result = services.result_create(institution=institution, data=data, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("草稿已保存。检查无误后可以发布。"))
            return redirect("institutions:result", pk=result.pk)
    return render(request, "institutions/result_form.html", {"form": form, "result": None})


@login_required
@require_http_methods(["GET", "POST"])
def result_edit(request, pk):
    result = selectors.result_for_user(request.user, pk, write=True)
    form = ResultForm(request.POST or None, instance=result)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in Result.MEMBER_FIELDS}
        try:
            services.result_update(result=result, data=data, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("成果已保存。"))
            return redirect("institutions:result", pk=result.pk)
    return render(request, "institutions/result_form.html", {"form": form, "result": result})


def _transition_view(request, pk, service, done: str):
    result = selectors.result_for_user(request.user, pk, write=True)
    try:
        service(result=result, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("institutions:result", pk=result.pk)


@login_required
@require_POST
def result_publish(request, pk):
    return _transition_view(request, pk, services.result_publish, _("成果已发布。"))


@login_required
@require_POST
def result_withdraw(request, pk):
    return _transition_view(request, pk, services.result_withdraw, _("成果已下架。"))


@login_required
@require_POST
def result_appeal(request, pk):
    result = selectors.result_for_user(request.user, pk, write=True)
    try:
        services.result_appeal(result=result, by=request.user, note=request.POST.get("note", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("复核申请已提交，交易中心处理后会通知您。"))
    return redirect("institutions:result", pk=result.pk)


# ---- enquiries ------------------------------------------------------------------------

SENT_REFERENCE = "institutions.enquiry_reference"


@require_http_methods(["GET", "POST"])
def enquiry_new(request):
    target_type = request.GET.get("target_type", "")
    target_id = request.GET.get("target_id", "")
    try:
        result, patent = services.enquiry_target(target_type=target_type, target_id=target_id)
    except ValidationError:
        raise Http404 from None
    # Bound on every POST, even an empty one: its errors name the missing fields.
    form = EnquiryForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        throttle = EnquiryThrottle()
        if not throttle.allow_request(request, None):
            minutes = max(1, int((throttle.wait() or 60) // 60))
            form.add_error(None, _("提交过于频繁，请 %(n)d 分钟后再试。") % {"n": minutes})
            status = 429
        elif form.is_valid():
            if form.is_spam():
                return redirect("institutions:enquiry-sent")
            sent = reverse("institutions:enquiry-sent")
            try:
                with transaction.atomic():
                    idempotency.claim_form(request, scope="web:enquiry-create")
                    enquiry = services.enquiry_create(
                        target_type=target_type,
                        target_id=target_id,
                        ip_address=request.META.get("REMOTE_ADDR"),
                        **{f: form.cleaned_data[f] for f in Enquiry.ASKED_FIELDS},
                    )
                    idempotency.complete_form(request, scope="web:enquiry-create", target=sent)
                request.session[SENT_REFERENCE] = enquiry.reference
            except idempotency.AlreadyDone as done:
                return redirect(done.target)  # the same form posted twice: one enquiry
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect(sent)
    return render(
        request,
        "institutions/enquiry_form.html",
        {
            "form": form,
            "result": result,
            "patent": patent,
            "target_type": target_type,
            "is_patent": target_type == EnquiryTarget.PATENT,
            "form_token": idempotency.form_token(request),
            "retention_months": services.retention_months(),
        },
        status=status,
    )


def enquiry_sent(request):
    return render(
        request,
        "institutions/enquiry_sent.html",
        {"reference": request.session.get(SENT_REFERENCE, "")},
    )


@require_http_methods(["GET", "POST"])
def enquiry_track(request):
    """The enquirer types the reference and e-mail (POST: the e-mail stays out of URLs
    and logs) and sees the status and every reply."""
    form = EnquiryTrackForm(
        request.POST or None, initial={"reference": request.GET.get("reference", "")}
    )
    enquiry, status = None, 200
    if request.method == "POST" and form.is_valid():
        throttle = EnquiryTrackThrottle()
        if not throttle.allow_request(request, None):
            form.add_error(None, _("查询过于频繁，请稍后再试。"))
            status = 429
        else:
            enquiry = selectors.tracked_enquiry(**form.cleaned_data)
            if enquiry is None:
                form.add_error(None, _("查询编号与邮箱不匹配，请核对后重试。"))
                status = 404
    return render(
        request,
        "institutions/enquiry_track.html",
        {
            "form": form,
            "enquiry": enquiry,
            "replies": selectors.enquiry_thread(enquiry) if enquiry else (),
        },
        status=status,
    )


@login_required
def enquiry_list(request):
    """The owner's enquiries, or for reviewers the service desk's (`?overdue=1`: open
    after the reminder; `?all=1`: every enquiry)."""
    rows = selectors.enquiries_for_user(request.user)
    is_desk = request.user.is_reviewer
    overdue = request.GET.get("overdue") == "1"
    if overdue:
        rows = rows.filter(pk__in=selectors.overdue_enquiries().values("pk"))
    elif is_desk and request.GET.get("all") != "1":
        rows = rows.filter(at_desk=True)
    page = _page(request, rows.order_by("status", "-created_at", "-id"))
    return render(
        request,
        "institutions/enquiry_list.html",
        {
            "page": page,
            "is_desk": is_desk,
            "overdue": overdue,
            "query": _query_without_page(request),
        },
    )


@login_required
def enquiry_detail(request, pk):
    enquiry = selectors.enquiry_for_user(request.user, pk)
    can_answer = selectors.can_answer(request.user, enquiry)
    last = selectors.enquiry_last_change(enquiry)
    return render(
        request,
        "institutions/enquiry_detail.html",
        {
            "enquiry": enquiry,
            "replies": selectors.enquiry_thread(enquiry),
            "history": selectors.enquiry_history(enquiry),
            "can_answer": can_answer,
            "form": EnquiryReplyForm(),
            "statuses": [
                (value, label) for value, label in EnquiryStatus.choices if value != enquiry.status
            ],
            "undo": last if last and last.to_status == enquiry.status else None,
        },
    )


@login_required
@require_POST
def enquiry_reply(request, pk):
    enquiry = selectors.enquiry_for_user(request.user, pk, write=True)
    form = EnquiryReplyForm(request.POST)
    if form.is_valid():
        try:
            services.enquiry_reply(
                enquiry=enquiry, message=form.cleaned_data["message"], by=request.user
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("回复已发送，并已通过邮件告知对方。"))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("institutions:enquiry", pk=enquiry.pk)


@login_required
@require_POST
def enquiry_status(request, pk):
    enquiry = selectors.enquiry_for_user(request.user, pk, write=True)
    try:
        if request.POST.get("undo"):
            services.enquiry_undo(enquiry=enquiry, by=request.user)
        else:
            services.enquiry_set_status(
                enquiry=enquiry, status=request.POST.get("status", ""), by=request.user
            )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        enquiry.refresh_from_db()
        messages.success(
            request,
            _("状态已改为“%(status)s”。") % {"status": enquiry.get_status_display()},
        )
    return redirect("institutions:enquiry", pk=enquiry.pk)
