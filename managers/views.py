"""The managers' pages: the public directory and profiles, applying, the manager's own
contracts to confirm, yearly filings and inbox. Access: `selectors.manager_for_user`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from managers import selectors, services
from managers.api import certificate_response
from managers.forms import AnswerForm, FilingForm, HelpRequestForm, ManagerForm, add_service_errors
from managers.models import HelpRequestStatus, HelpSubject, ManagerStatus, TechnicalField

PAGE_SIZE = 20


def manager_list(request):
    q = request.GET.get("q", "").strip()
    field = request.GET.get("field", "")
    if field not in TechnicalField.values:
        field = ""
    page = Paginator(selectors.directory(q=q, field=field), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    # Arriving from a demand's page (`?subject_type=demand&subject_id=N`): each manager
    # offers "ask for help" with it.
    subject = {k: request.GET.get(k, "") for k in ("subject_type", "subject_id")}
    help_query = ""
    if subject["subject_type"] in HelpSubject.values and subject["subject_id"].isdigit():
        help_query = urlencode(subject)
    return render(
        request,
        "managers/manager_list.html",
        {
            "page": page,
            "q": q,
            "field": field,
            "fields": TechnicalField.choices,
            "query": query.urlencode(),
            "own": selectors.manager_of(request.user),
            "help_query": help_query,
        },
    )


def manager_detail(request, pk):
    manager = selectors.manager_for_user(request.user, pk)
    own = manager.user_id == getattr(request.user, "pk", None)
    context = {
        "manager": manager,
        "own": own,
        "is_reviewer": selectors.is_reviewer(request.user),
        "show_contact": selectors.can_see_contact(request.user),
        "deals": selectors.deals_by_year(manager),
    }
    if own:
        context["naming"] = selectors.contracts_naming(manager)
        context["filing_year"] = selectors.filing_year_due()
        context["filed"] = (
            selectors.filings_of(manager).filter(year=context["filing_year"]).exists()
        )
        context["filing_deadline"] = selectors.filing_deadline(context["filing_year"])
        context["open_requests"] = (
            selectors.help_inbox(manager).filter(status=HelpRequestStatus.NEW).count()
        )
    return render(request, "managers/manager_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def manager_apply(request):
    own = selectors.manager_of(request.user)
    if own is not None:
        messages.info(request, _("您已提交过技术经理人登记申请。"))
        return redirect("managers:detail", pk=own.pk)
    form = ManagerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            manager = services.manager_apply(
                user=request.user,
                data=form.values(),
                certificate=form.cleaned_data.get("certificate_file"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("申请已提交，交易中心审核后会通知您。"))
            return redirect("managers:detail", pk=manager.pk)
    return render(request, "managers/manager_form.html", {"form": form, "manager": None})


@login_required
@require_http_methods(["GET", "POST"])
def manager_edit(request, pk):
    manager = selectors.manager_for_user(request.user, pk, write=True)
    form = ManagerForm.for_manager(manager, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.manager_update(
                manager=manager,
                data=form.values(),
                by=request.user,
                certificate=form.cleaned_data.get("certificate_file"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("资料已保存。"))
            return redirect("managers:detail", pk=manager.pk)
    return render(request, "managers/manager_form.html", {"form": form, "manager": manager})


@login_required
def certificate(request, pk):
    manager = selectors.manager_for_user(request.user, pk)
    if not (selectors.is_reviewer(request.user) or manager.user_id == request.user.pk):
        raise PermissionDenied
    return certificate_response(manager)


@login_required
@require_POST
def confirm_contract(request, pk):
    manager = selectors.manager_for_user(request.user, pk, write=True)
    try:
        contract = services.manager_contract_confirm(
            manager=manager, contract_id=request.POST.get("contract"), by=request.user
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已确认合同“%(title)s”。") % {"title": contract.title})
    return redirect("managers:detail", pk=manager.pk)


@login_required
@require_http_methods(["GET", "POST"])
def filings(request, pk):
    manager = selectors.manager_for_user(request.user, pk)
    own = manager.user_id == request.user.pk
    if not (own or selectors.is_reviewer(request.user)):
        raise PermissionDenied
    year = selectors.filing_year_due()
    form = FilingForm(request.POST or None, initial={"year": year})
    if request.method == "POST":
        if not own:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.filing_submit(manager=manager, by=request.user, data=form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("年度备案已提交。"))
                return redirect("managers:filings", pk=manager.pk)
    return render(
        request,
        "managers/filings.html",
        {
            "manager": manager,
            "own": own,
            "can_file": own and manager.status == ManagerStatus.APPROVED,
            "form": form,
            "filings": selectors.filings_of(manager),
            "year": year,
            "deadline": selectors.filing_deadline(year),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def ask_for_help(request, pk):
    """Linked from a demand's page: `?subject_type=demand&subject_id=N`."""
    manager = selectors.manager_for_user(request.user, pk)
    form = HelpRequestForm(
        request.POST or None,
        initial={
            "subject_type": request.GET.get("subject_type", ""),
            "subject_id": request.GET.get("subject_id", ""),
        },
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.help_request_create(
                    manager=manager, requester=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("求助已发送给技术经理人，回复会通知您。"))
                return redirect("managers:detail", pk=manager.pk)
    return render(
        request, "managers/help_form.html", {"manager": manager, "form": form}, status=status
    )


@login_required
def inbox(request):
    manager = selectors.manager_of(request.user)
    received = list(selectors.help_inbox(manager)) if manager else []
    for item in received:  # one form each, with ids of its own
        item.answer_form = AnswerForm(auto_id=f"id_r{item.pk}_%s")
    return render(
        request,
        "managers/inbox.html",
        {
            "manager": manager,
            "received": received,
            "sent": selectors.help_requests_sent(request.user),
        },
    )


@login_required
@require_POST
def answer(request, pk):
    help_request = selectors.help_request_for_user(request.user, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.help_request_answer(
                help_request=help_request, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("已回复。"))
    else:
        messages.error(request, _("请选择接受或婉拒，并填写回复。"))
    return redirect("managers:inbox")
