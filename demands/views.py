"""Pages: /demands/ and /challenges/ (the public parts), the owner's and the applicant's
pages and their forms. Every write goes through a service; access through the selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common import uploads
from demands import forms, selectors
from demands.choices import ChallengeStatus, DemandStatus, MatchTarget
from demands.models import Demand
from demands.services import challenges as challenge_services
from demands.services import demands as services
from demands.services import matching, scoring
from patents.models import TechnicalField

PAGE_SIZE = 20


def _page(request, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _done(request, call, success: str) -> bool:
    try:
        call()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


def _pdf(stored, filename: str):
    return uploads.stored_file_response(stored, filename=filename)


# ---- demands -------------------------------------------------------------------------


def demand_list(request):
    q, field = request.GET.get("q", ""), request.GET.get("technical_field", "")
    rows = selectors.published_demands(q)
    if field in TechnicalField.values:
        rows = rows.filter(technical_field=field)
    return render(
        request,
        "demands/demand_list.html",
        {"page": _page(request, rows), "q": q, "field": field, "fields": TechnicalField.choices},
    )


@login_required
def demand_mine(request):
    if not request.user.organization_id:
        raise PermissionDenied
    rows = Demand.objects.filter(organization_id=request.user.organization_id).order_by(
        "-created_at"
    )
    return render(request, "demands/demand_mine.html", {"page": _page(request, rows)})


@login_required
@require_http_methods(["GET", "POST"])
def demand_new(request):
    form = forms.DemandForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            demand = services.demand_create(by=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            forms.add_service_errors(form, exc)
        else:
            messages.success(request, _("需求草稿已保存，检查无误后请提交审核。"))
            return redirect("demands:detail", pk=demand.pk)
    return render(request, "demands/demand_form.html", {"form": form, "demand": None})


@login_required
@require_http_methods(["GET", "POST"])
def demand_edit(request, pk):
    demand = selectors.demand_for_user(request.user, pk, write=True)
    form = forms.DemandForm(request.POST or None, instance=Demand.objects.get(pk=demand.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.demand_update(demand=demand, by=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            forms.add_service_errors(form, exc)
        else:
            messages.success(request, _("需求已保存。"))
            return redirect("demands:detail", pk=demand.pk)
    return render(request, "demands/demand_form.html", {"form": form, "demand": demand})


def demand_detail(request, pk):
    demand = selectors.demand_for_user(request.user, pk)
    owner = selectors.is_owner(request.user, demand)
    user = request.user
    context = {
        "demand": demand,
        "owner": owner,
        "details_visible": selectors.can_see_details(user, demand),
        "access": selectors.access_for_user(user, demand),
        "responses": selectors.responses_for_user(user, demand) if user.is_authenticated else [],
        "matches": selectors.matches_for_demand(demand)
        if demand.status == DemandStatus.PUBLISHED
        else [],
        "response_form": forms.ResponseForm(),
        "decline_form": forms.DeclineForm(),
        "can_respond": (
            user.is_authenticated
            and not owner
            and demand.status == DemandStatus.PUBLISHED
            and getattr(user.organization, "is_verified", False)
        ),
    }
    if owner:
        context["access_requests"] = selectors.access_requests(demand)
        context["events"] = demand.events.all()
    return render(request, "demands/demand_detail.html", context)


@login_required
@require_POST
def demand_submit(request, pk):
    demand = selectors.demand_for_user(request.user, pk, write=True)
    _done(
        request,
        lambda: services.demand_submit(demand=demand, by=request.user),
        _("需求已提交审核。"),
    )
    return redirect("demands:detail", pk=demand.pk)


@login_required
@require_POST
def demand_close(request, pk):
    demand = selectors.demand_for_user(request.user, pk, write=True)
    outcome = request.POST.get("outcome", "")
    _done(
        request,
        lambda: services.demand_close(demand=demand, by=request.user, outcome=outcome),
        _("需求已标记为已解决。") if outcome == DemandStatus.SOLVED else _("需求已关闭。"),
    )
    return redirect("demands:detail", pk=demand.pk)


@login_required
@require_POST
def demand_respond(request, pk):
    demand = selectors.demand_for_user(request.user, pk)
    form = forms.ResponseForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    else:
        _done(
            request,
            lambda: services.demand_respond(
                demand=demand,
                by=request.user,
                message=form.cleaned_data["message"],
                upload=form.cleaned_data["attachment"],
            ),
            _("响应已提交，需求方会收到通知。"),
        )
    return redirect("demands:detail", pk=demand.pk)


@login_required
@require_POST
def demand_access(request, pk):
    demand = selectors.demand_for_user(request.user, pk)
    _done(
        request,
        lambda: services.demand_access_request(demand=demand, by=request.user),
        _("已申请查看详情，需求方同意后可见。"),
    )
    return redirect("demands:detail", pk=demand.pk)


@login_required
@require_POST
def access_decide(request, pk):
    access = selectors.access_for_owner(request.user, pk)
    admit = request.POST.get("admit") == "1"
    _done(
        request,
        lambda: services.demand_access_decide(access=access, by=request.user, admit=admit),
        _("已处理。"),
    )
    return redirect("demands:detail", pk=access.demand_id)


@login_required
@require_POST
def response_decide(request, pk):
    response = selectors.response_for_user(request.user, pk, write=True)
    if request.POST.get("decision") == "shortlist":
        _done(
            request,
            lambda: services.response_shortlist(response=response, by=request.user),
            _("已入围。"),
        )
    else:
        form = forms.DeclineForm(request.POST)
        if form.is_valid():
            _done(
                request,
                lambda: services.response_decline(
                    response=response, by=request.user, **form.cleaned_data
                ),
                _("已告知对方未采纳。"),
            )
        else:
            messages.error(request, _("请从列表中选择未采纳原因。"))
    return redirect("demands:detail", pk=response.demand_id)


@login_required
def response_attachment(request, pk):
    response = selectors.response_attachment_for_user(request.user, pk)
    return _pdf(response.attachment, f"response-{response.pk}.pdf")


@login_required
@require_POST
def match_dismiss(request, pk):
    demand = selectors.demand_for_user(request.user, pk, write=True)
    target_type = request.POST.get("target_type", "")
    try:
        target_id = int(request.POST.get("target_id", ""))
    except ValueError:
        raise Http404 from None
    if target_type not in MatchTarget.values:
        raise Http404
    _done(
        request,
        lambda: matching.match_dismiss(
            demand=demand,
            target_type=target_type,
            target_id=target_id,
            by=request.user,
            reason=request.POST.get("reason", ""),
        ),
        _("已忽略该推荐，今后不再推荐。"),
    )
    return redirect("demands:detail", pk=demand.pk)


# ---- challenges ----------------------------------------------------------------------


def challenge_list(request):
    q = request.GET.get("q", "")
    rows = selectors.public_challenges(q).order_by("status", "applications_close_on", "-pk")
    status = request.GET.get("status", "")
    if status in ChallengeStatus.values:
        rows = rows.filter(status=status)
    return render(
        request,
        "demands/challenge_list.html",
        {
            "page": _page(request, rows),
            "q": q,
            "status": status,
            "statuses": ChallengeStatus.choices[1:],
        },
    )


def challenge_detail(request, pk):
    challenge = selectors.challenge_for_user(request.user, pk)
    user = request.user
    applications = selectors.applications_for_user(user, challenge) if user.is_authenticated else []
    expert = selectors.is_assigned_expert(user, challenge)
    own = [a for a in applications if a.organization_id == getattr(user, "organization_id", None)]
    scored, conflicted = set(), set()
    if expert:
        conflicted = selectors.conflicted_applications(user, challenge)
        scored = set(
            challenge.applications.filter(scores__expert=user).values_list("pk", flat=True)
        )
    context = {
        "challenge": challenge,
        "questions": selectors.questions_for_user(user, challenge),
        "applications": applications,
        "own_applications": own,
        "is_expert": expert,
        "scored": scored,
        "conflicted": conflicted,
        "ranking": selectors.ranking(challenge)
        if (expert or getattr(user, "is_reviewer", False))
        and challenge.status != ChallengeStatus.OPEN
        else None,
        "question_form": forms.QuestionForm(),
        "application_form": forms.ApplicationForm(),
        "objection_form": forms.ObjectionForm(),
        "score_form": forms.ScoreForm(criteria=challenge.criteria),
        "can_apply": (
            challenge.status == ChallengeStatus.OPEN
            and user.is_authenticated
            and getattr(user.organization, "is_verified", False)
            and not [a for a in own if a.status == "submitted"]
        ),
        "statuses": ChallengeStatus,
    }
    return render(request, "demands/challenge_detail.html", context)


@login_required
def challenge_mine(request):
    from demands.models import ChallengeApplication

    rows = (
        ChallengeApplication.objects.filter(organization_id=request.user.organization_id)
        .select_related("challenge")
        .order_by("-created_at")
        if request.user.organization_id
        else ChallengeApplication.objects.none()
    )
    return render(request, "demands/challenge_mine.html", {"page": _page(request, rows)})


@login_required
@require_POST
def challenge_ask(request, pk):
    challenge = selectors.challenge_for_user(request.user, pk)
    _done(
        request,
        lambda: challenge_services.question_ask(
            challenge=challenge, by=request.user, question=request.POST.get("question", "")
        ),
        _("问题已提交，答复将公开（不显示提问人）。"),
    )
    return redirect("demands:challenge", pk=challenge.pk)


@login_required
@require_POST
def challenge_apply(request, pk):
    challenge = selectors.challenge_for_user(request.user, pk)
    form = forms.ApplicationForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    else:
        data = dict(form.cleaned_data)
        proposal = data.pop("proposal")
        _done(
            request,
            lambda: challenge_services.application_submit(
                challenge=challenge, by=request.user, data=data, proposal=proposal
            ),
            _("揭榜申请已提交；截止前密封，其他单位看不到。"),
        )
    return redirect("demands:challenge", pk=challenge.pk)


@login_required
@require_POST
def application_withdraw(request, pk):
    application = selectors.application_for_user(request.user, pk, write=True)
    _done(
        request,
        lambda: challenge_services.application_withdraw(application=application, by=request.user),
        _("揭榜申请已撤回。"),
    )
    return redirect("demands:challenge", pk=application.challenge_id)


@require_POST
def challenge_object(request, pk):
    challenge = selectors.challenge_for_user(request.user, pk)
    form = forms.ObjectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写姓名、联系方式和异议理由。"))
    else:
        _done(
            request,
            lambda: challenge_services.objection_file(
                challenge=challenge, by=request.user, **form.cleaned_data
            ),
            _("异议已提交，交易中心将核实处理。"),
        )
    return redirect("demands:challenge", pk=challenge.pk)


@login_required
def application_proposal(request, pk):
    application = selectors.proposal_for_user(request.user, pk)
    return _pdf(application.proposal, f"proposal-{application.pk}.pdf")


@login_required
@require_POST
def application_score(request, pk):
    application = selectors.application_for_user(request.user, pk)
    challenge = application.challenge
    if not selectors.is_assigned_expert(request.user, challenge):
        raise PermissionDenied
    if request.POST.get("conflict") == "1":
        _done(
            request,
            lambda: scoring.score_submit(
                application=application, expert=request.user, conflict=True
            ),
            _("已声明利益冲突，您对该申请回避评分。"),
        )
        return redirect("demands:challenge", pk=challenge.pk)
    form = forms.ScoreForm(request.POST, criteria=challenge.criteria)
    if not form.is_valid():
        messages.error(request, _("请为每项评审指标填写 0 至 100 的分数。"))
    else:
        _done(
            request,
            lambda: scoring.score_submit(
                application=application,
                expert=request.user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            ),
            _("评分已提交。"),
        )
    return redirect("demands:challenge", pk=challenge.pk)
