"""The enterprise's pages: my contracts, the form, one contract, its files; and the public
certificate verification page."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import idempotency
from common import uploads
from common.framing import framable_by_own_pages
from common.paginators import KeysFirstPaginator
from contracts import codes, selectors, services
from contracts.certificate import certificate_response
from contracts.choices import STANDING_STATES
from contracts.forms import (
    ChangeForm,
    ContractForm,
    IncomeForm,
    ObjectionForm,
    OpinionForm,
    VerifyForm,
)
from contracts.income_sheet import income_sheet_response
from contracts.models import ChangeKind, IncomeStatus, Status
from contracts.services.income import income_years
from contracts.throttles import ObjectionThrottle
from contracts.verification import (
    VerifyThrottle,
    registration_for_verification,
    verification_result,
)


def _own_contracts(user):
    if not user.organization_id:
        return selectors.contracts_for_user(user).none()
    return selectors.contracts_for_user(user).filter(seller_id=user.organization_id)


def _guide_for_visitors(view):
    """The registration's entry points (the menu, the home card, "填报"): an anonymous
    visitor lands on the service guide (who may register, the materials, 登录后办理), which
    carries `next` on to the login, instead of on a bare login page."""
    return login_required(view, login_url="guide")


@_guide_for_visitors
def contract_list(request):
    contracts = _own_contracts(request.user)
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    if status:
        contracts = contracts.filter(status=status)
    page = KeysFirstPaginator(contracts.order_by("-created_at", "-pk"), 20).get_page(
        request.GET.get("page")
    )
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
        saved = False
        if form.is_valid():
            try:
                contract = _save(request, form, contract)
            except idempotency.AlreadyDone as done:
                return redirect(done.target)
            except ValidationError as exc:
                form.add_problems(exc.message_dict)
            else:
                saved = True
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
        if request.FILES.get("attachment") and not saved and not form.errors.get("attachment"):
            # Every typed value comes back; a chosen file cannot (browsers refuse it).
            form.add_error(
                "attachment", _("请重新选择合同文本：出于安全原因，浏览器不保留已选择的文件。")
            )
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


def _can_file_income(request, contract) -> bool:
    return (
        contract.status == Status.REGISTERED
        and contract.registration_state in STANDING_STATES
        and contract.seller_id == request.user.organization_id
    )


# /contracts/new/: a visitor goes to the guide first; editing a draft asks for a login.
contract_new = _guide_for_visitors(contract_form)


@login_required
def contract_detail(request, pk, income_form=None, status=200):
    contract = selectors.contract_for_user(request.user, pk)
    open_change = selectors.open_change_request(contract)
    can_file_income = _can_file_income(request, contract)
    if can_file_income and income_form is None:
        income_form = IncomeForm(years=income_years(contract))
    return render(
        request,
        "contracts/detail.html",
        {
            "income_form": income_form if can_file_income else None,
            "income_filings": contract.income_verifications.order_by("-year"),
            "contract": contract,
            "events": selectors.events_of(contract),
            "attachments": contract.attachments.all(),
            "buyer_country": codes.country_name(contract.buyer_country_code),
            "seller_country": codes.country_name(contract.seller_country_code),
            "buyer_region": codes.region_label(contract.buyer_region_code),
            "can_edit": contract.is_editable and contract.seller_id == request.user.organization_id,
            "can_withdraw": contract.status == Status.SUBMITTED
            and contract.seller_id == request.user.organization_id
            and not contract.expert_reviews.filter(status="given").exists(),
            "open_change": open_change,
            "can_request_change": contract.seller_id == request.user.organization_id
            and contract.status == Status.REGISTERED
            and contract.registration_state in STANDING_STATES
            and open_change is None,
            "change_requests": contract.change_requests.prefetch_related("attachments"),
            "versions": selectors.versions_of(contract),
        },
        status=status,
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
@framable_by_own_pages  # shown inline beside the reviewer's decision form
def attachment_download(request, pk, attachment_pk):
    contract = selectors.contract_for_user(request.user, pk)
    attachment = get_object_or_404(contract.attachments, pk=attachment_pk)
    return _pdf(attachment)


@login_required
def certificate_download(request, pk):
    contract = selectors.contract_for_user(request.user, pk)
    if contract.status != Status.REGISTERED:
        raise Http404
    return certificate_response(contract)


# ---- the 2026 workflow: withdraw, 变更/注销, expert review, 异议 ---------------------------
@require_http_methods(["GET"])
def verify(request):
    """`/verify/`: anyone checks a certificate by its number and code (the QR code fills
    both in). A wrong code and an unknown number read alike; look-ups are throttled."""
    form = VerifyForm(request.GET or None)
    result, status = None, 200
    if form.is_bound:
        throttle = VerifyThrottle()
        if not throttle.allow_request(request, None):
            minutes = max(1, int((throttle.wait() or 60) // 60))
            form.add_error(None, _("查询过于频繁，请 %(n)d 分钟后再试。") % {"n": minutes})
            status = 429
        elif form.is_valid():
            contract = registration_for_verification(
                form.cleaned_data["number"], form.cleaned_data["code"]
            )
            if contract is None:
                status = 404
            else:
                result = verification_result(contract)
                result["is_import"] = contract.is_import
                result["contract_type_label"] = contract.get_contract_type_display()
                result["state_label"] = contract.get_registration_state_display()
        else:
            status = 400
    return render(
        request,
        "contracts/verify.html",
        {"form": form, "result": result, "not_found": status == 404},
        status=status,
    )


@require_POST
@login_required
def contract_withdraw(request, pk):
    contract = selectors.contract_for_user(request.user, pk, write=True)
    try:
        services.contract_withdraw(contract=contract, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已撤回，合同回到草稿，可修改后重新提交。"))
    return redirect("contracts:detail", contract.pk)


@require_http_methods(["GET", "POST"])
@login_required
def change_request_new(request, pk):
    contract = selectors.contract_for_user(request.user, pk, write=True)
    kind = request.GET.get("kind") or request.POST.get("kind") or ChangeKind.CHANGE
    if kind not in ChangeKind.values:
        raise Http404
    if request.method == "GET" and selectors.open_change_request(contract):
        messages.info(request, _("该登记已有一份待审核的申请，请等待登记员办理。"))
        return redirect("contracts:detail", contract.pk)
    initial = ContractForm.for_contract(contract).initial
    if request.method == "POST":
        form = ChangeForm(request.POST, request.FILES, kind=kind, initial=initial)
        if form.is_valid():
            try:
                with transaction.atomic():
                    change = services.change_request_file(
                        contract=contract,
                        kind=kind,
                        reason=form.cleaned_data["reason"],
                        fields=form.values(),
                        by=request.user,
                    )
                    upload = form.cleaned_data.get("supplement")
                    if upload:
                        services.change_request_attach(
                            change_request=change, upload=upload, by=request.user
                        )
            except ValidationError as exc:
                problems = exc.message_dict
                if "file" in problems:
                    problems["supplement"] = problems.pop("file")
                form.add_problems(problems)
            else:
                messages.success(request, _("申请已提交，请等待登记员审核。"))
                return redirect("contracts:detail", contract.pk)
        status = 409 if selectors.open_change_request(contract) else 400
    else:
        form, status = ChangeForm(kind=kind, initial=initial), 200
    return render(
        request,
        "contracts/change_form.html",
        {"form": form, "contract": contract, "kind": kind, "kinds": ChangeKind},
        status=status,
    )


@login_required
def change_attachment_download(request, pk, attachment_pk):
    change = selectors.change_request_for(request.user, pk)
    attachment = get_object_or_404(change.attachments, pk=attachment_pk)
    return _pdf(attachment)


def _pdf(attachment):
    return uploads.stored_file_response(attachment.file, filename=attachment.original_name)


@login_required
def expert_review_list(request):
    if not request.user.is_expert:
        raise PermissionDenied
    reviews = selectors.expert_reviews_for(request.user)
    page = Paginator(reviews, 20).get_page(request.GET.get("page"))
    return render(request, "contracts/expert_reviews.html", {"page": page})


@require_http_methods(["GET", "POST"])
@login_required
def expert_review_detail(request, pk):
    review = selectors.expert_review_for(request.user, pk)
    form = OpinionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.expert_review_answer(
                    review=review,
                    by=request.user,
                    conflict=data["conflict"],
                    recommendation=data["recommendation"],
                    technology_amount=data["technology_amount"],
                    opinion=data["opinion"],
                )
            except ValidationError as exc:
                form.add_problems(exc.message_dict)
            else:
                messages.success(request, _("评审意见已提交，谢谢！"))
                return redirect("contracts:expert-review", review.pk)
        status = 400
    return render(
        request,
        "contracts/expert_review.html",
        {
            "review": review,
            "contract": review.contract,
            "attachments": review.contract.attachments.all(),
            "form": form,
        },
        status=status,
    )


@login_required
def expert_attachment_download(request, pk, attachment_pk):
    review = selectors.expert_review_for(request.user, pk)
    attachment = get_object_or_404(review.contract.attachments, pk=attachment_pk)
    return _pdf(attachment)


@require_http_methods(["GET", "POST"])
def objection_new(request):
    """The public form of 异议: no account; the same budget of tries as the API."""
    # Bound on every POST, even an empty one: its errors name the missing fields.
    form = ObjectionForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if not ObjectionThrottle().allow_request(request, None):
            form.add_error(None, _("尝试次数过多，请一小时后再试。"))
            status = 429
        elif form.is_valid():
            try:
                services.objection_file(**form.cleaned_data)
            except services.RegistrationNotFound:
                form.add_error(None, services.NOT_FOUND_MESSAGE)
                status = 404
            except ValidationError as exc:
                for key, problems in exc.message_dict.items():
                    for problem in problems:
                        form.add_error(key if key in form.fields else None, problem)
            else:
                return render(request, "contracts/objection_done.html")
    return render(request, "contracts/objection_form.html", {"form": form}, status=status)


def income_file(request, pk):
    """The seller files one year's technology income (技术性收入核定) from the contract page."""
    contract = selectors.contract_for_user(request.user, pk, write=True)
    form = IncomeForm(request.POST, request.FILES, years=income_years(contract))
    if form.is_valid():
        try:
            services.income_file(
                contract=contract,
                year=form.cleaned_data["year"],
                amount=form.cleaned_data["amount"],
                evidence=form.cleaned_data["file"],
                by=request.user,
            )
        except ValidationError as exc:
            for field, problems in exc.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, _("已申报技术性收入，请等待登记员核定。"))
            return redirect("contracts:detail", contract.pk)
    return contract_detail(request, pk, income_form=form, status=400)


@login_required
def income_evidence(request, pk, income_pk):
    contract = selectors.contract_for_user(request.user, pk)
    filing = get_object_or_404(contract.income_verifications, pk=income_pk)
    return uploads.stored_file_response(filing.evidence, filename=filing.evidence_name)


@login_required
def income_sheet(request, pk, income_pk):
    contract = selectors.contract_for_user(request.user, pk)
    filing = get_object_or_404(
        contract.income_verifications, pk=income_pk, status=IncomeStatus.CONFIRMED
    )
    return income_sheet_response(filing)
