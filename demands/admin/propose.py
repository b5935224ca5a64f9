"""The proposal desk on a challenge's admin page: beside the experts' ranking the reviewer
chooses which scored application goes to 公示 — the top one, or another with a written
reason (the top one had a conflict, failed a check …). `propose_top` stays the quick
action of the list; both go through `challenge_services.challenge_propose`."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from demands import selectors
from demands.choices import ChallengeStatus
from demands.services import challenges as challenge_services


class ProposeForm(forms.Form):
    application = forms.TypedChoiceField(label=_("拟授榜申请"), coerce=int)
    reason = forms.CharField(
        label=_("理由"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("拟授榜的不是排名第一的申请时必填，将在公示中显示并记入榜单记录。"),
    )

    def __init__(self, *args, ranking, **kwargs):
        super().__init__(*args, **kwargs)
        # Only scored applications (the ranking leaves withdrawn ones out).
        self.fields["application"].choices = [
            (row["application"], f"{row['rank']}. {row['organization']} — {row['score']}")
            for row in ranking
            if row["score"] is not None
        ]


class ProposeDeskMixin:
    """For `ChallengeAdmin`: the desk's context on the change page and its POST view."""

    def propose_urls(self):
        return [
            path(
                "<int:object_id>/propose/",
                self.admin_site.admin_view(require_POST(self.propose_view)),
                name="demands_challenge_propose",
            )
        ]

    def propose_context(self, request, challenge, form=None) -> dict:
        if challenge is None or challenge.status != ChallengeStatus.EVALUATING:
            return {}
        if not request.user.is_reviewer:
            return {}
        ranking = selectors.ranking(challenge)
        if not any(row["score"] is not None for row in ranking):
            return {}
        return {
            "propose_form": form or ProposeForm(ranking=ranking),
            "propose_url": reverse("admin:demands_challenge_propose", args=[challenge.pk]),
        }

    def propose_view(self, request, object_id):
        if not request.user.is_reviewer:
            raise PermissionDenied
        challenge = get_object_or_404(selectors.challenges_for_user(request.user), pk=object_id)
        change_url = reverse("admin:demands_challenge_change", args=[challenge.pk])
        form = ProposeForm(request.POST, ranking=selectors.ranking(challenge))
        if form.is_valid():
            application = challenge.applications.get(pk=form.cleaned_data["application"])
            try:
                challenge_services.challenge_propose(
                    challenge=challenge,
                    application=application,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                self.message_user(
                    request,
                    _("已拟授榜 %(name)s，公示开始。") % {"name": application.organization.name},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url)
        # Refused: the form again with its errors and what was typed; nothing changed.
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("拟授榜并公示"),
            "challenge": challenge,
            "change_url": change_url,
            "propose_form": form,
            "propose_url": reverse("admin:demands_challenge_propose", args=[challenge.pk]),
        }
        return TemplateResponse(
            request, "admin/demands/challenge/propose.html", context, status=400
        )
