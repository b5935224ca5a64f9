"""The enterprise's pages: my contracts, the form, one contract, its files."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import idempotency
from contracts import selectors, services
from contracts.certificate import certificate_response
from contracts.forms import ContractForm
from contracts.models import Status


def _own_contracts(user):
    if not user.organization_id:
        return selectors.contracts_for_user(user).none()
    return selectors.contracts_for_user(user).filter(seller_id=user.organization_id)


@login_required
def contract_list(request):
    contracts = _own_contracts(request.user)
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    if status:
        contracts = contracts.filter(status=status)
    page = Paginator(contracts.order_by("-created_at", "-pk"), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "contracts/list.html",
        {
            "page": page,
            "status": status,
            "query": urlencode({"status": status}) if status else "",
            "statuses": Status.choices,
            "organization": request.user.organization,
        },
    )


CREATE_SCOPE = "web:contract-create"


def _save(request, form, contract):
    """Save the values (and the file, if any) at once; nothing changes when one is wrong."""
    with transaction.atomic():
        if contract is None:
            idempotency.claim_form(request, scope=CREATE_SCOPE)  # a double submit stops here
            contract = services.contract_create(
                organization=request.user.organization, data=form.values(), by=request.user
            )
            target = reverse("contracts:detail", args=[contract.pk])
            idempotency.complete_form(request, scope=CREATE_SCOPE, target=target)
        else:
            services.contract_update(contract=contract, data=form.values(), by=request.user)
        upload = form.cleaned_data.get("attachment")
        if upload:
            services.contract_attach(contract=contract, upload=upload, by=request.user)
    return contract


@require_http_methods(["GET", "POST"])
@login_required
def contract_form(request, pk=None):
    if not request.user.organization_id:
        messages.error(request, _("只有已注册单位的用户可以填报技术合同。"))
        return redirect("contracts:list")
    contract = selectors.contract_for_user(request.user, pk, write=True) if pk else None
    if contract is not None and not contract.is_editable:
        messages.error(request, _("只有草稿和退回补正的合同可以修改。"))
        return redirect("contracts:detail", contract.pk)
    if request.method == "POST":
        form = ContractForm.for_contract(contract, request.POST, request.FILES)
        if form.is_valid():
            try:
                contract = _save(request, form, contract)
            except idempotency.AlreadyDone as done:
                return redirect(done.target)
            except ValidationError as exc:
                form.add_problems(exc.message_dict)
            else:
                if request.POST.get("action") != "submit":
                    messages.success(request, _("草稿已保存。"))
                    return redirect("contracts:detail", contract.pk)
                try:
                    services.contract_submit(contract=contract, by=request.user)
                except ValidationError as exc:
                    form.add_problems(exc.message_dict)
                    messages.warning(request, _("草稿已保存，但还不能提交，请按提示补正。"))
                else:
                    messages.success(
                        request, _("已提交登记，请等待登记员审核；审核期限见合同详情。")
                    )
                    return redirect("contracts:detail", contract.pk)
        return _render_form(request, form, contract, status=400)
    return _render_form(request, ContractForm.for_contract(contract), contract)


def _render_form(request, form, contract, status=200):
    return render(
        request,
        "contracts/form.html",
        {
            "form": form,
            "contract": contract,
            "attachments": contract.attachments.all() if contract else [],
            "organization": request.user.organization,
            "form_token": idempotency.form_token(request),
        },
        status=status,
    )


@login_required
def contract_detail(request, pk):
    contract = selectors.contract_for_user(request.user, pk)
    return render(
        request,
        "contracts/detail.html",
        {
            "contract": contract,
            "events": selectors.events_of(contract),
            "attachments": contract.attachments.all(),
            "can_edit": contract.is_editable and contract.seller_id == request.user.organization_id,
        },
    )


@require_POST
@login_required
def contract_submit(request, pk):
    contract = selectors.contract_for_user(request.user, pk, write=True)
    try:
        services.contract_submit(contract=contract, by=request.user)
    except ValidationError as exc:
        messages.error(request, _("还不能提交，请修改后再提交："))
        form = ContractForm.for_contract(contract, _initial_as_data(contract))
        form.is_valid()
        form.add_problems(exc.message_dict)
        return _render_form(request, form, contract, status=400)
    messages.success(request, _("已提交登记，请等待登记员审核；审核期限见合同详情。"))
    return redirect("contracts:detail", contract.pk)


def _initial_as_data(contract) -> dict:
    """The saved values as form data, so that submission errors show next to them."""
    initial = ContractForm.for_contract(contract).initial
    return {name: "" if value is None else str(value) for name, value in initial.items()}


@require_POST
@login_required
def attachment_delete(request, pk, attachment_pk):
    contract = selectors.contract_for_user(request.user, pk, write=True)
    get_object_or_404(contract.attachments, pk=attachment_pk)
    try:
        services.contract_attachment_delete(
            contract=contract, attachment_id=attachment_pk, by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("文件已删除。"))
    return redirect("contracts:detail", contract.pk)


@login_required
def attachment_download(request, pk, attachment_pk):
    contract = selectors.contract_for_user(request.user, pk)
    attachment = get_object_or_404(contract.attachments, pk=attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        content_type="application/pdf",
        as_attachment=False,
        filename=attachment.original_name,
    )


@login_required
def certificate_download(request, pk):
    contract = selectors.contract_for_user(request.user, pk)
    if contract.status != Status.REGISTERED:
        raise Http404
    return certificate_response(contract)
