"""What the surveys part holds about a person, for their data download and for deleting
their account (``engage.core.privacy``).

Responses stay when the account is deleted, with every answer, so results and counts do
not change; they name nobody once the account is a tombstone. Unfinished drafts go, and
nobody is left to tell what came of a survey.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from engage.core.privacy import Kept, Records

from .models import Draft, RespondentSet, Response


def _answer_value(answer):
    for value in (answer.text, answer.option, answer.number, answer.date):
        if value not in ("", None):
            return value
    return ""


def records(user):
    responses = (
        Response.objects.filter(user=user)
        .select_related("survey")
        .prefetch_related("answers")
        .order_by("submitted_at", "pk")
    )
    return [
        Records(
            _("Your survey responses"),
            [
                {
                    _("Survey"): response.survey.title,
                    _("Submitted"): response.submitted_at,
                    _("Answers"): [
                        f"{answer.question}{'/' + answer.row if answer.row else ''}: "
                        f"{_answer_value(answer)}"
                        for answer in response.answers.all()
                    ],
                }
                for response in responses
            ],
        ),
        Records(
            # Who answered an anonymous survey is kept without the response (see
            # RespondentSet): the person may learn which ones, never more.
            _("Anonymous surveys you answered (your answers are not linked to you)"),
            [
                {_("Survey"): respondents.survey.title}
                for respondents in RespondentSet.objects.select_related("survey").order_by("pk")
                if user.pk in respondents
            ],
        ),
        Records(
            _("Surveys you have not finished"),
            [
                {_("Survey"): draft.survey.title, _("Saved"): draft.updated_at}
                for draft in Draft.objects.filter(user=user).select_related("survey")
            ],
        ),
    ]


def forget(user):
    Draft.objects.filter(user=user).delete()
    Response.objects.filter(user=user, wants_outcome=True).update(wants_outcome=False)


def kept():
    return [
        Kept(
            gettext_lazy("Survey responses"),
            gettext_lazy("They are counted in the survey's results."),
            gettext_lazy(
                "As long as the survey's results are kept. When you delete your account "
                "the responses stay but name nobody; unfinished drafts are deleted."
            ),
        ),
    ]
