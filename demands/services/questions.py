"""The questions of an open challenge: asked until the cut-off, answered by the desk and
published for everyone without the asker's name."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import reviewers
from demands.choices import ChallengeStatus
from demands.models import Challenge, ChallengeQuestion
from demands.services import common
from demands.services.common import refuse
from notifications.services import notify


@transaction.atomic
def question_ask(*, challenge: Challenge, by, question: str) -> ChallengeQuestion:
    question = (question or "").strip()
    if not question:
        raise refuse("question", _("请填写问题。"))
    if challenge.status != ChallengeStatus.OPEN or (
        challenge.questions_close_on and common.today() > challenge.questions_close_on
    ):
        raise refuse("question", _("答疑已截止。"))
    row = ChallengeQuestion.objects.create(challenge=challenge, asked_by=by, question=question)
    notify(
        recipients=reviewers(),
        kind="challenge.question",
        title=_("榜单有新的提问：%(title)s") % {"title": challenge.title},
        url=f"/admin/demands/challengequestion/{row.pk}/change/",
        email=False,
    )
    return row


@transaction.atomic
def question_answer(*, question: ChallengeQuestion, by, answer: str) -> ChallengeQuestion:
    answer = (answer or "").strip()
    if not answer:
        raise refuse("answer", _("请填写答复。"))
    ChallengeQuestion.objects.filter(pk=question.pk).update(
        answer=answer, answered_by=by, answered_at=timezone.now()
    )
    question.refresh_from_db()
    if question.asked_by:
        notify(
            recipients=[question.asked_by],
            kind="challenge.answer",
            title=_("您的提问已答复：%(title)s") % {"title": question.challenge.title},
            url=question.challenge.get_absolute_url(),
        )
    return question
