"""The service guide (/guide/, 办事指南) and the site search (/search/?q=)."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language

from contracts import deadlines
from portal import search


def _safe_next(request) -> str:
    """Where the login continues to: `next` when it is a page of this site, else the form."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("contracts:new")


def guide(request):
    """Who may register, the materials, the steps, the deadlines, the relief, the fees and
    the desk. A signed-in user sees the form's button instead of login and sign-up."""
    english = (get_language() or "").startswith("en")
    return render(
        request,
        "portal/guide.html",
        {
            "next": _safe_next(request),
            "review_days": deadlines.REVIEW_WORKING_DAYS,
            "review_days_large": deadlines.REVIEW_WORKING_DAYS_LARGE,
            # "500 万元" / "5,000,000 yuan": the threshold as the rules write it.
            "large_amount": (
                f"{deadlines.LARGE_CONTRACT_AMOUNT:,.0f} yuan"
                if english
                else f"{deadlines.LARGE_CONTRACT_AMOUNT / 10000:.0f} 万元"
            ),
            "desk": {
                "phone": settings.SERVICE_DESK_PHONE,
                "email": settings.SERVICE_DESK_EMAIL,
                "hours": settings.SERVICE_DESK_HOURS,
                "address": (
                    settings.SERVICE_DESK_ADDRESS_EN if english else settings.SERVICE_DESK_ADDRESS
                ),
            },
        },
    )


def site_search(request):
    q, problem = search.check_query(request.GET.get("q"))
    groups = search.site_search(q, request.user) if q and not problem else []
    context = {
        "q": q,
        "problem": problem,
        "groups": groups,
        "total": sum(group.count for group in groups),
        "min_length": search.MIN_LENGTH,
        "group_limit": search.GROUP_LIMIT,
        "count_cap": search.COUNT_CAP,
    }
    # Too short or too long: the page explains it, with a 400 (nothing was searched).
    return render(request, "portal/search.html", context, status=400 if problem else 200)
